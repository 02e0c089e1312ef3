"""Which rules a run uses: selection by selectors, the packs a rule belongs to (a
jurisdiction, a platform), and the severities a configuration sets."""
from __future__ import annotations

import copy
from typing import Iterable

from ..core.rule import Rule
from ..core.selector import matches_selector

LANGUAGE_PACKS = {"zh": ("cn",), "zh-Hant": ("tw", "hk"), "en": ("us", "eu")}


def rule_packs(rule: Rule) -> set[str]:
    if rule.packs:
        return set(rule.packs)
    packs = {p for lang in rule.languages for p in LANGUAGE_PACKS.get(lang, ())}
    if rule.category == "title-quality":
        packs.add("platform")
    return packs


def with_severity(rule: Rule, overrides: dict[str, str], ids: frozenset | set = frozenset()) -> Rule:
    for selector, level in overrides.items():
        # The user's level is the rule's for every outcome, an unbacked claim's included.
        missing = getattr(rule, "missing_severity", None)
        if matches_selector(rule, selector, ids) and (level != rule.severity or missing not in (None, level)):
            rule = copy.copy(rule)
            rule.severity = level
            if missing is not None:
                rule.missing_severity = None
    return rule


def select_rules(rules: list[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    select, ignore = [s for s in select if s], [s for s in ignore if s]
    ids = {r.id for r in rules}
    out = []
    for rule in rules:
        if select and not any(matches_selector(rule, s, ids) for s in select):
            continue
        if any(matches_selector(rule, s, ids) for s in ignore):
            continue
        out.append(rule)
    return out


def unknown_selectors(rules: list[Rule], selectors: Iterable[str]) -> list[str]:
    return [s for s in selectors if s and not any(matches_selector(r, s) for r in rules)]
