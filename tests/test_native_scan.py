"""Parity of the compiled core's scan (native/src/scan.rs) with ScanPlan.scan_python.

Both must give the same candidates (rule -> spans, in the same order), the same regexes found
(or None), the same rules unlocked and the same prefix starts, on the normalised copy of the
shared corpus, the real listings, the rule examples and the bench catalog, and on texts made
of the rules' own literals (so that regexes of several clauses get completed, or not).

Like test_native_parity.py, these fail, not skip, where the core is not built.
"""
from __future__ import annotations

import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from honestlint.core import native
from honestlint.engine import Linter
from honestlint.ruleset import load_rules
from honestlint.text.normalize import normalize
from text_sources import ROOT, SHARED, jsonl_strings, rule_pack_strings, strings

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (the benchmark's deterministic catalog generator)

PLAN = Linter(load_rules()).scan_plan
TABLES = PLAN.core_tables()
LITERALS = TABLES[0]


@pytest.fixture(scope="module")
def scanner():
    reason = native.unavailable_reason()
    if reason is not None:
        if os.environ.get("HONESTLINT_ALLOW_NO_CORE") == "1" and not os.environ.get("CI"):
            pytest.skip(f"HONESTLINT_ALLOW_NO_CORE=1: {reason}")
        pytest.fail(f"the core is needed for the parity tests: {reason}")
    return native.module().Scanner(*TABLES)


def _differences(scanner, texts):
    bad = []
    for text in texts:
        want = PLAN.scan_python(text)
        got = scanner.scan(text)
        if got != want:
            bad.append((text, want, got))
    return bad[:3]


def _normalised(texts):
    """Each string as the engine scans it (normalised), and as written."""
    for s in texts:
        yield normalize(s).text
        yield s


def test_shared_corpus(scanner):
    assert _differences(scanner, _normalised(jsonl_strings(SHARED / "eval" / "corpus.jsonl"))) == []


@pytest.mark.parametrize("name", ["amazon_2020_sample.jsonl", "taobao_titles.jsonl"])
def test_real_listings(scanner, name):
    assert _differences(scanner, _normalised(jsonl_strings(SHARED / "real" / name))) == []


def test_rule_examples(scanner):
    texts = rule_pack_strings()
    assert len(texts) > 1000
    assert _differences(scanner, _normalised(texts)) == []


def test_bench_catalog(scanner):
    listings = [generate.make_listing(i)[0] for i in range(2000)]
    assert _differences(scanner, _normalised(s for listing in listings for s in strings(listing))) == []


def test_literals_side_by_side(scanner):
    # Every literal with its neighbours: overlapping matches, and the clauses of a regex found
    # together; then some found with and some without an upper-case letter (found is None).
    texts = [LITERALS[i] + LITERALS[(i + 1) % len(LITERALS)] + " " + LITERALS[(i * 7) % len(LITERALS)]
             for i in range(len(LITERALS))]
    texts += [t.upper() for t in texts[::50]] + [""]
    assert _differences(scanner, texts) == []


@settings(max_examples=1500, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(LITERALS), st.text(alphabet="ab 最低价，Free1é", max_size=3)),
                max_size=12))
def test_generated_texts(scanner, parts):
    assert _differences(scanner, ["".join(parts)]) == []


def test_lone_surrogates_are_left_to_python(scanner):
    # The core takes UTF-8 only; ScanPlan.scan hands such text to scan_python.
    assert scanner.scan("免费\ud800") is None


def test_scan_follows_the_engine():
    plan = Linter(load_rules()).scan_plan
    native.select("python")
    try:
        plan.scan("全网最低")
        assert plan._scanner is False
        native.select("core")
        assert plan.scan("全网最低") == plan.scan_python("全网最低")
        assert plan._scanner
    finally:
        native.select(None)
