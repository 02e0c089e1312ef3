"""Parity of the compiled core's normalize() with the Python reference (text/normalize.py).

Both must give the same text and the same offset map (index, None included) on every code
point, the shared corpus, the rule examples, the real listings in ../shared/real and strings
drawn from the characters each step treats specially.

These tests need the core (honestlint._native). Where it is not built they FAIL, since a
skipped parity test would hide the gap; CI builds it. On a machine without a Rust toolchain,
HONESTLINT_ALLOW_NO_CORE=1 turns the failure into a skip (never in CI).
"""
from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from honestlint.core import native
from honestlint.text import native_tables
from honestlint.text import normalize as nm
from text_sources import SHARED, jsonl_strings, rule_pack_strings



def _core_or_fail():
    reason = native.unavailable_reason()
    if reason is None:
        try:
            return native_tables.core_normalizer(nm)
        except native_tables.PhraseVersionMismatch as exc:
            reason = str(exc)
    if os.environ.get("HONESTLINT_ALLOW_NO_CORE") == "1" and not os.environ.get("CI"):
        pytest.skip(f"HONESTLINT_ALLOW_NO_CORE=1: {reason}")
    pytest.fail(f"the core is needed for the parity tests: {reason} "
                "(pip install -e . builds it; HONESTLINT_ALLOW_NO_CORE=1 skips these tests locally)")


@pytest.fixture(scope="module")
def core():
    return _core_or_fail()


def _differences(core, strings):
    bad = []
    for s in strings:
        want = nm.normalize_python(s)
        got = core(s)
        if got is None or (got.text, got.index) != (want.text, want.index):
            bad.append((s, want.text, want.index, None if got is None else (got.text, got.index)))
    return bad


def test_every_code_point(core):
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    assert _differences(core, chars) == []


def test_every_code_point_after_han_and_latin(core):
    # Context decides steps 2, 3 and 6 (a mark or a separator after a Han char, a homoglyph in
    # a word with ASCII letters): each code point between Han chars and inside a Latin word.
    chars = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000]
    assert _differences(core, (f"最{c}低" for c in chars)) == []
    assert _differences(core, (f"Fr{c}e" for c in chars[:0x10000])) == []


def test_shared_corpus(core):
    assert _differences(core, jsonl_strings(SHARED / "eval" / "corpus.jsonl")) == []


@pytest.mark.parametrize("name", ["amazon_2020_sample.jsonl", "taobao_titles.jsonl"])
def test_real_listings(core, name):
    assert _differences(core, jsonl_strings(SHARED / "real" / name)) == []


def test_rule_examples(core):
    strings = rule_pack_strings()
    assert len(strings) > 1000
    assert _differences(core, strings) == []


def test_opencc_phrases(core):
    # Every phrase the core knows, alone, inside a sentence, overlapping its neighbours, and
    # split by separators (step 6 joins them, then t2s runs again).
    version, keys = native.module().t2s_phrase_keys()
    texts = []
    for k, key in enumerate(keys):
        nxt = keys[(k + 1) % len(keys)]
        texts += [key, f"這是{key}的", key + nxt, key[:-1] + nxt, " ".join(key), "·".join(key) + "x"]
    assert _differences(core, texts) == []


# Characters each step treats specially, to draw strings from.
_ALPHABET = (
    "abcxyzABCXYZ019 \n\t.,!?-_*|/~·・•，。！？；：、「」"  # ASCII, separators, clause marks
    "最低价全网第一臺灣國際發財深沈蕭乾薴乾隆後面裡麵髮"  # Han, Traditional, phrase pieces
    "ＡＢＣ１２３％～　㎏㍻①Ⅻﬁ"  # NFKC: full width, squared, circled, ligatures
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0f\u034f\u180e\U000e0041"  # format, variation
    "\u115f\u1160\u2800\u3164"  # blanks
    "аеорсхуіјѕԁАВЕКМНОРСТХУІЈЅԀɡƓΑΒΕΖΗΙΚΜΝΟΡΤΥΧονһԛԝıİΣσς"  # homoglyphs, sigma, dotted I
    "жщЖЩλπΩ"  # real Cyrillic and Greek letters
    "\u0300\u0301\u0336\u20dd\ufe20"  # combining marks
    "\u2014\u2500\u25cf\u2605\U0001f525\U0001f600"  # dashes, shapes, emoji
    "\U00020000\U0002a6d6\U0002f800\U00016fe2\u2f00\u3007\u3005"  # astral Han, radicals
)


@settings(max_examples=3000, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40))
def test_generated_strings(core, text):
    assert _differences(core, [text]) == []


@settings(max_examples=500, deadline=None, database=None)
@given(st.text(max_size=30))
def test_arbitrary_strings(core, text):
    assert _differences(core, [text]) == []


def test_lone_surrogates_fall_back_to_python(core):
    # The core takes UTF-8 only; normalize() hands such text to the Python function.
    assert core("a\ud800b") is None
    s = "最\ud800 低"
    assert nm.normalize(s) == nm.normalize_python(s)


def test_the_tables_assumptions():
    """What normalize.rs relies on, checked on the reference's own classes and maps."""
    tables = nm.core_tables([])
    flat = lambda name: {c for lo, hi in tables["classes"][name] for c in range(lo, hi + 1)}  # noqa: E731
    han = flat("han")
    # Runs of separators and of marks can be matched as maximal runs: they hold no Han char.
    assert not han & flat("separator")
    assert not han & flat("mark")
    # No character vanishes under NFKC, and NFKC-changed chars never occur in NFKC text, so
    # applying the map to every string equals "only when not is_normalized".
    for c, n in tables["nfkc"]:
        assert n and not unicodedata.is_normalized("NFKC", "a" + c + "a")
    assert all(o for _, o in tables["t2s_char"])


def test_normalize_follows_the_engine(monkeypatch, core):
    monkeypatch.setenv(native.ENV, "python")
    native.select("python")
    try:
        assert nm.normalize("臺灣") == nm.normalize_python("臺灣")
        assert nm._core is None
        native.select("core")
        assert nm.normalize("臺灣").text == "台湾"
        assert nm._core is not None
    finally:
        monkeypatch.undo()
        nm.reset_engine()
