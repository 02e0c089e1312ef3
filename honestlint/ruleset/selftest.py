"""Rules carry their own tests: every `fire:` example must make the rule fire and every `pass:`
example must not. `honestlint test` and the test suite both run this module."""
from __future__ import annotations

import copy
import datetime as _dt
import re
from dataclasses import dataclass

from ..engine import Linter, lint_listings
from ..kinds import KindRule
from ..input import listings_from_objects
from ..core.rule import LANGUAGES, TEXT_KEYS

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# Examples are judged on a fixed date so that price-history windows in them do not rot.
EXAMPLES_AS_OF = _dt.date(2026, 11, 23)


@dataclass
class ExampleResult:
    rule: str
    expectation: str   # "fire" or "pass"
    index: int
    case: object
    ok: bool
    detail: str

    def describe(self) -> str:
        if self.expectation == "texts":
            return f"{self.rule} texts: {self.detail}"
        shown = self.case if isinstance(self.case, str) else (self.case.get("title") or self.case.get("id") or "listing")
        return f"{self.rule} {self.expectation}[{self.index}] {shown!r}: {self.detail}"


def example_listings(case) -> list[dict]:
    """A string is a title; a mapping is a listing; a mapping with `listings` is a small catalog."""
    if isinstance(case, str):
        return [{"id": "example", "title": case}]
    if "listings" in case and "title" not in case:
        return [dict(item, id=item.get("id", f"example-{i}")) for i, item in enumerate(case["listings"], 1)]
    data = copy.deepcopy(dict(case))
    data.setdefault("id", "example")
    data.setdefault("title", "")
    return [data]


def run_example(rule: KindRule, case) -> list:
    linter = Linter([rule], as_of=EXAMPLES_AS_OF)
    return lint_listings(linter, listings_from_objects(example_listings(case), name=f"<{rule.id} example>"))


def check_rule(rule: KindRule) -> list[ExampleResult]:
    results = []
    for expectation in ("fire", "pass"):
        for index, case in enumerate(rule.examples.get(expectation, [])):
            try:
                fired = run_example(rule, case)
            except Exception as exc:  # a broken example is a failed example, not a crash
                results.append(ExampleResult(rule.id, expectation, index, case, False, f"error: {exc}"))
                continue
            if expectation == "fire":
                ok = bool(fired)
                detail = f"fired: {fired[0].message}" if ok else "did not fire"
            else:
                ok = not fired
                detail = "did not fire" if ok else f"fired at {fired[0].field}: {fired[0].message}"
            results.append(ExampleResult(rule.id, expectation, index, case, ok, detail))
    return results


def check_texts(rule: KindRule) -> list[ExampleResult]:
    """A built-in rule speaks to every copywriter: each of its texts (message, suggestion,
    summary, fact_message) is written in en, zh and zh-Hant, with the same placeholders."""
    results = []
    for key in TEXT_KEYS:
        if not getattr(rule, key, None):
            continue
        by_lang = rule.texts.get(key, {})
        missing = [lang for lang in LANGUAGES if lang not in by_lang]
        if missing:
            detail = f"{key} not written in {', '.join(missing)}"
        else:
            shapes = {lang: sorted(set(_PLACEHOLDER.findall(text))) for lang, text in by_lang.items()}
            differ = {lang: shape for lang, shape in shapes.items() if shape != shapes["en"]}
            detail = f"{key} placeholders differ from en: {differ}" if differ else ""
        results.append(ExampleResult(rule.id, "texts", 0, key, not detail, detail or f"{key} in {', '.join(LANGUAGES)}"))
    return results
