"""The optimised engine reports exactly what the unoptimised path reports.

The fast path skips work: one automaton decides which rules and regexes run, regexes are tried
only at their start characters, built-in regexes are rewritten for `re`. The reference path
(`Linter(reference=True)`) skips nothing: every rule runs on every
field it reads, phrases are found with str.find and every regex scans the whole text. Any
prefilter that wrongly drops a candidate shows up here as a missing finding.
"""
import datetime as _dt
import json
import os
import pathlib
import sys

import pytest

from honestlint.engine import Linter
from honestlint.input import listings_from_objects
from honestlint.ruleset import load_rules
from honestlint.ruleset.selftest import example_listings

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (the benchmark's deterministic catalog generator)

AS_OF = _dt.date(2026, 11, 23)
RULES = load_rules()


def _corpus_listings() -> list[dict]:
    path = pathlib.Path(os.environ.get("HONESTLINT_CORPUS", ROOT.parent / "shared" / "eval" / "corpus.jsonl"))
    listings = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                listings.append(record.get("listing", record))
    return listings


def _example_listings() -> list[dict]:
    out = []
    for rule in RULES:
        for expectation in ("fire", "pass"):
            for case in rule.examples.get(expectation, []):
                out.extend(example_listings(case))
    for i, listing in enumerate(out):
        listing["id"] = f"example-{i}"  # ids unique across examples: duplicates are per run
        listing.setdefault("title", "")
    return out


def _generated_listings() -> list[dict]:
    return [generate.make_listing(i)[0] for i in range(1500)]


SOURCES = {"generated catalog": _generated_listings, "rule examples": _example_listings}
if (ROOT.parent / "shared" / "eval" / "corpus.jsonl").exists() or os.environ.get("HONESTLINT_CORPUS"):
    SOURCES["shared corpus"] = _corpus_listings


def _findings(listings: list[dict], reference: bool) -> list[tuple]:
    linter = Linter(RULES, as_of=AS_OF, reference=reference)
    out = []
    for listing in listings_from_objects(listings, "catalog.json"):
        out.extend(linter.lint(listing))
    out.extend(linter.finish())
    return sorted((f.listing, f.field, f.line, f.column, f.end_column, f.rule, f.message, f.suggestion) for f in out)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_fast_path_findings_equal_the_reference_path(source):
    listings = SOURCES[source]()
    fast = _findings(listings, reference=False)
    slow = _findings(listings, reference=True)
    assert fast, "the comparison needs findings to compare"
    missing = [f for f in slow if f not in fast]
    extra = [f for f in fast if f not in slow]
    assert not missing and not extra, f"missing {missing[:5]}, extra {extra[:5]}"


def test_the_reference_path_runs_every_rule_on_every_field():
    listing = next(iter(listings_from_objects([{"id": "a", "title": "plain words"}], "x.json")))
    linter = Linter(RULES, as_of=AS_OF, reference=True)
    ran = []
    for rule in linter.listing_rules:
        original = rule.check
        rule.check = (lambda orig, rid: lambda *a: (ran.append(rid), orig(*a))[1])(original, rule.id)
    try:
        linter.lint(listing)
    finally:
        for rule in linter.listing_rules:
            del rule.check
    assert set(ran) == {r.id for r in linter.listing_rules if r.reads("title")}
