"""The filters a run applies to what the linter finds: a listing's own suppressions (its
`"honestlint": {"ignore": [...]}` block), the per-file ignores of the configuration, and the
baseline (findings recorded earlier, reported no more)."""
from __future__ import annotations

import json
from typing import Iterable

from ..core.finding import Finding, fingerprint
from ..core.jsonstream import JsonItems, json_chunks
from ..core.listing import Listing
from ..core.rule import Rule
from ..core.selector import finding_matches, matches_selector
from ..engine import Linter
from .options import UsageError

# The rule of the finding that reports a suppression which suppresses nothing.
UNUSED_SUPPRESSION = "unused-suppression"


def write_baseline(path: str, findings: Iterable[Finding]) -> None:
    """Record `findings`, streamed: the file is what json.dump of them all would write."""
    entries = ({"listing": f.listing, "rule": f.rule, "fingerprint": fingerprint(f), "file": f.file} for f in findings)
    with open(path, "w", encoding="utf-8") as fh:
        for chunk in json_chunks({"tool": "honestlint", "baseline": 1, "findings": JsonItems(entries)}, indent=1):
            fh.write(chunk)
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


class Baseline:
    """A baseline being applied: each entry absorbs one finding of its key, so a claim
    repeated once more than before is still reported. `filter` may be called many times (once
    per chunk); the entries left carry over, so findings fed in one by one are treated as
    one list of them would be."""

    def __init__(self, known: dict[tuple[str, str, str], int]):
        self.left = dict(known)

    def filter(self, findings: Iterable[Finding]) -> Iterable[Finding]:
        left = self.left
        for finding in findings:
            key = (finding.listing, finding.rule, fingerprint(finding))
            if left.get(key, 0) > 0:
                left[key] -= 1
            else:
                yield finding


def apply_baseline(findings: Iterable[Finding], known: dict[tuple[str, str, str], int]) -> Iterable[Finding]:
    """Findings not in the baseline, lazily, in the order given."""
    return Baseline(known).filter(findings)


def _suppress(listing: Listing, findings: list[Finding], rules: list[Rule],
              known_ids: frozenset = frozenset()) -> list[Finding]:
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
    ids = frozenset(r.id for r in rules) | known_ids
    for index, selector in enumerate(selectors):
        if not isinstance(selector, str):
            continue
        left = [f for f in kept if not finding_matches(f, selector, ids)]
        if len(left) < len(kept):
            kept = left
        else:
            unused.append((index, selector))
    for index, selector in unused:
        line, column = listing.value_position(("honestlint", "ignore", index)) or (1, 1)
        known = any(matches_selector(r, selector, ids) for r in rules) or selector in known_ids
        why = "suppresses nothing here" if known else "names no known rule or category"
        kept.append(Finding(
            rule=UNUSED_SUPPRESSION, category="suppression", severity="warning", listing=listing.id,
            field="honestlint.ignore", file=listing.file, line=line, column=column, end_line=line,
            end_column=column + len(selector) + 2, text=selector,
            message=f"suppression '{selector}' {why}",
            suggestion=f"remove '{selector}' from honestlint.ignore"))
    return kept


def lint_one(linter: Linter, rules: list[Rule], listing: Listing, ignored: list[str] = ()) -> list[Finding]:
    """Findings of one listing after its own suppressions and the file's per-file ignores."""
    ids = getattr(linter, "known_ids", frozenset())
    return without_ignored(_suppress(listing, linter.lint(listing), rules, ids), ignored, ids)


def without_ignored(found: list[Finding], ignored, ids: frozenset | set = frozenset()) -> list[Finding]:
    if ignored:
        found = [f for f in found if not any(finding_matches(f, s, ids) for s in ignored)]
    return found
