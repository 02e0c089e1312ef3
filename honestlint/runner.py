"""One run of the linter over some inputs: the pipeline the CLI and the Python API share.

    configuration -> rules for it -> load listings -> lint -> suppressions, per-file ignores,
    baseline -> sorted findings

Each linted file uses the configuration nearest to it, as ruff does; a Linter is compiled
once per distinct configuration.
"""
from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import config as cfgmod
from .engine import Linter
from .findings import Finding
from .loader import InputError, Listing, expand_paths, load_file
from .rules import Rule, load_rules, matches_selector, select_rules, unknown_selectors

# The packs a rule belongs to when it names none: by the languages it is written for.
LANGUAGE_PACKS = {"zh": ("cn",), "zh-Hant": ("tw", "hk"), "en": ("us", "eu")}
UNUSED_SUPPRESSION = "unused-suppression"


@dataclass
class Options:
    """What the command line (or an API caller) sets; None means: take it from the config."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    rule_dirs: list[str] = field(default_factory=list)
    fail_on: str | None = None
    as_of: _dt.date | None = None
    config_file: str | None = None     # --config: use this file for every input
    isolated: bool = False             # --isolated: ignore configuration files
    baseline: str | None = None
    config: "cfgmod.Config | None" = None  # a configuration for every input (API, --config)
    config_cache: dict = field(default_factory=dict, repr=False)  # directory -> nearest Config


@dataclass
class Result:
    findings: list[Finding]
    errors: list[InputError]
    listings: int
    rules: list[Rule]
    fail_on: str


class UsageError(Exception):
    """A selector, option or setting that makes the run impossible."""


def rule_packs(rule: Rule) -> set[str]:
    if rule.packs:
        return set(rule.packs)
    packs = {p for lang in rule.languages for p in LANGUAGE_PACKS.get(lang, ())}
    if rule.category == "title-quality":
        packs.add("platform")
    return packs


def _with_severity(rule: Rule, overrides: dict[str, str]) -> Rule:
    for selector, level in overrides.items():
        if matches_selector(rule, selector) and level != rule.severity:
            rule = copy.copy(rule)
            rule.severity = level
    return rule


class _RuleSets:
    """Loaded rule files and compiled linters, shared by every configuration of the run."""

    def __init__(self, options: Options):
        self.options = options
        self._loaded: dict[tuple, list[Rule]] = {}
        self._linters: dict[int, tuple[Linter, list[Rule], cfgmod.Config]] = {}

    def rules_for(self, cfg: cfgmod.Config) -> list[Rule]:
        dirs = tuple(cfg.rules) + tuple(self.options.rule_dirs)
        if dirs not in self._loaded:
            self._loaded[dirs] = load_rules(dirs)
        rules = self._loaded[dirs]
        if self.options.select is not None:
            # A selection on the command line replaces the configured one, ignores included.
            select, ignore = list(self.options.select), list(self.options.ignore)
        else:
            select = list(cfg.select or ["ALL"]) + cfg.extend_select
            ignore = cfg.ignore + self.options.ignore
        select += self.options.extend_select
        unknown = unknown_selectors(rules, select + ignore + list(cfg.severity))
        if unknown:
            where = f" (in {cfg.path})" if cfg.path and not set(unknown) <= set(self._cli_selectors()) else ""
            raise UsageError(f"unknown rule or category: {', '.join(unknown)}{where}; see `honestlint rules`")
        active = select_rules(rules, select, ignore)
        if cfg.packs:
            active = [r for r in active if rule_packs(r) & set(cfg.packs)]
        return [_with_severity(r, cfg.severity) for r in active]

    def _cli_selectors(self) -> list[str]:
        o = self.options
        return list(o.select or []) + list(o.ignore) + list(o.extend_select)

    def linter_for(self, cfg: cfgmod.Config) -> tuple[Linter, list[Rule]]:
        key = id(cfg)
        if key not in self._linters:
            rules = self.rules_for(cfg)
            self._linters[key] = (Linter(rules, as_of=self.options.as_of), rules, cfg)
        linter, rules, _ = self._linters[key]
        return linter, rules

    def all_linters(self):
        return [(linter, cfg) for linter, _rules, cfg in self._linters.values()]


def _config_for(path: str, options: Options) -> cfgmod.Config:
    if options.config is not None:
        return options.config
    if options.config_file:
        options.config = cfgmod.load_config_file(options.config_file) or cfgmod.Config(path=options.config_file)
        return options.config
    if options.isolated:
        return cfgmod.Config(root=os.getcwd())
    return cfgmod.find_config(os.getcwd() if path == "-" else path, options.config_cache)


def fingerprint(finding: Finding) -> str:
    """Identity of a finding that survives edits elsewhere in the file: the rule, the listing,
    the kind of field (bullets, not bullets[3]) and the matched text."""
    field_kind = finding.field.split("[", 1)[0] + ("." + finding.field.split(".", 1)[1] if "]." in finding.field else "")
    raw = "\x1f".join((finding.rule, finding.listing, field_kind, " ".join(finding.text.split())))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:20]


def write_baseline(path: str, findings: list[Finding]) -> None:
    entries = [{"listing": f.listing, "rule": f.rule, "fingerprint": fingerprint(f), "file": f.file} for f in findings]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"tool": "honestlint", "baseline": 1, "findings": entries}, fh, ensure_ascii=False, indent=1)
        fh.write("\n")


def read_baseline(path: str) -> dict[tuple[str, str, str], int]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        counts: dict[tuple[str, str, str], int] = {}
        for entry in doc["findings"]:
            key = (str(entry["listing"]), entry["rule"], entry["fingerprint"])
            counts[key] = counts.get(key, 0) + 1
        return counts
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path}: error: not a honestlint baseline ({exc})") from None


def apply_baseline(findings: list[Finding], known: dict[tuple[str, str, str], int]) -> list[Finding]:
    """Findings not in the baseline. Each baseline entry absorbs one finding of its key, so a
    claim repeated once more than before is still reported."""
    left = dict(known)
    out = []
    for finding in findings:
        key = (finding.listing, finding.rule, fingerprint(finding))
        if left.get(key, 0) > 0:
            left[key] -= 1
        else:
            out.append(finding)
    return out


def _suppress(listing: Listing, findings: list[Finding], rules: list[Rule]) -> list[Finding]:
    """Apply a listing's own `"honestlint": {"ignore": [...], "reason": "..."}`, and report a
    suppression that suppresses nothing, as ruff's RUF100 does."""
    block = listing.data.get("honestlint")
    if not isinstance(block, dict):
        return findings
    selectors = block.get("ignore") or []
    if isinstance(selectors, str):
        selectors = [selectors]
    kept = findings
    unused = []
    for index, selector in enumerate(selectors):
        if not isinstance(selector, str):
            continue
        matched = [f for f in kept if f.rule == selector or f.category == selector
                   or f.rule.startswith(selector.rstrip("-") + "-")]
        if matched:
            kept = [f for f in kept if f not in matched]
        else:
            unused.append((index, selector))
    for index, selector in unused:
        line, column = listing.value_position(("honestlint", "ignore", index)) or (1, 1)
        known = any(matches_selector(r, selector) for r in rules)
        why = "suppresses nothing here" if known else "names no known rule or category"
        kept.append(Finding(
            rule=UNUSED_SUPPRESSION, category="suppression", severity="warning", listing=listing.id,
            field="honestlint.ignore", file=listing.file, line=line, column=column, end_line=line,
            end_column=column + len(selector) + 2, text=selector,
            message=f"suppression '{selector}' {why}",
            suggestion=f"remove '{selector}' from honestlint.ignore"))
    return kept


def run(paths: Iterable[str], options: Options | None = None,
        on_error: Callable[[InputError], None] | None = None,
        on_listing: Callable[[Listing], None] | None = None) -> Result:
    """Lint `paths` (files, directories, '-'); errors are collected (and passed to `on_error`
    as they happen), never raised."""
    options = options or Options()
    if options.as_of is None:
        options.as_of = _dt.date.today()
    sets = _RuleSets(options)
    findings: list[Finding] = []
    errors: list[InputError] = []
    listings = 0
    fail_on = options.fail_on
    seen_rules: dict[str, Rule] = {}

    def error(err: InputError) -> None:
        errors.append(err)
        if on_error:
            on_error(err)

    for path in expand_paths(paths):
        if isinstance(path, InputError):
            error(path)
            continue
        try:
            cfg = _config_for(path, options)
        except cfgmod.ConfigError as exc:
            raise UsageError(str(exc)) from None
        linter, rules = sets.linter_for(cfg)
        for rule in rules:
            seen_rules.setdefault(rule.id, rule)
        if fail_on is None and cfg.fail_on:
            fail_on = cfg.fail_on
        ignored = cfg.ignores_for(path)
        for item in load_file(path, cfg.fields or None):
            if isinstance(item, InputError):
                error(item)
                continue
            listings += 1
            if on_listing:
                on_listing(item)
            findings.extend(lint_one(linter, rules, item, ignored))
    return _finish(sets, options, findings, errors, listings, seen_rules, fail_on)


def lint_one(linter: Linter, rules: list[Rule], listing: Listing, ignored: list[str] = ()) -> list[Finding]:
    """Findings of one listing after its own suppressions and the file's per-file ignores."""
    found = _suppress(listing, linter.lint(listing), rules)
    if ignored:
        found = [f for f in found if not any(_selector_hits(f, s) for s in ignored)]
    return found


def _finish(sets, options, findings, errors, listings, seen_rules, fail_on) -> Result:
    for linter, _cfg in sets.all_linters():
        findings.extend(linter.finish())
    if options.baseline:
        findings = apply_baseline(findings, read_baseline(options.baseline))
    findings.sort(key=Finding.sort_key)
    return Result(findings, errors, listings, list(seen_rules.values()), fail_on or "info")


def run_listings(listings: list[Listing], options: Options, cfg: cfgmod.Config) -> Result:
    """The same pipeline for listings already in memory (the Python API)."""
    if options.as_of is None:
        options.as_of = _dt.date.today()
    sets = _RuleSets(options)
    linter, rules = sets.linter_for(cfg)
    findings = []
    for listing in listings:
        findings.extend(lint_one(linter, rules, listing))
    return _finish(sets, options, findings, [], len(listings), {r.id: r for r in rules}, options.fail_on or cfg.fail_on)


def _selector_hits(finding: Finding, selector: str) -> bool:
    return (selector.upper() == "ALL" or finding.rule == selector or finding.category == selector
            or finding.rule.startswith(selector.rstrip("-") + "-"))
