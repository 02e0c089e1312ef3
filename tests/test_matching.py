"""The fast ways of running rule regexes give exactly what the plain way gives.

Two speed-ups sit between a rule's YAML pattern and its matches:
- `re_compatible` rewrites what only the `regex` module reads (repeated group names, variable-
  width lookbehinds of literal alternatives, \\p{Han}) so built-in rules run on the faster `re`;
- `start_class` lets a pattern be tried only where a match can start.
Both are checked here against the plain engines, on every built-in pattern and every text the
rule examples hold, plus texts made to hit the rewritten constructs.
"""
import re
import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from honestlint.match import analysis
from honestlint.match import pattern as compiled
from honestlint.text.field import copy_fields
from honestlint.text.tokenize import Tokenizer
from honestlint.match.pattern import RulePattern, match_values
from honestlint.match.rewrite import re_compatible
from honestlint.match.analysis import start_class
from honestlint.ruleset import load_rules

RULES = load_rules()


def _patterns():
    for rule in RULES:
        for attr in ("patterns", "exceptions"):
            for pattern in getattr(rule, attr, None) or ():
                yield rule.id, pattern
        if getattr(rule, "unless", None) is not None:
            yield rule.id, rule.unless


def _example_texts() -> list[str]:
    texts = []
    tokenizer = Tokenizer()
    for rule in RULES:
        for expectation in ("fire", "pass"):
            for case in rule.examples.get(expectation, []):
                data = case if isinstance(case, dict) else {"title": case}
                texts.extend(f.text for f in copy_fields(data, tokenizer))
    return sorted(set(texts))


TEXTS = _example_texts()
PATTERNS = list(_patterns())


def _plain(pattern: RulePattern, text: str) -> list:
    return [(m.span(), match_values(m)) for m in pattern.compiled.finditer(text)]


def _from_starts(pattern: RulePattern, text: str) -> list:
    pattern._prepare_starts()
    deadline = None if pattern.engine == "re" else time.monotonic() + 5
    return [(m.span(), match_values(m)) for m in pattern._from_starts(text, 0, len(text), deadline)]


def test_most_built_in_patterns_have_a_start_class_and_run_on_re():
    with_class = [p for _, p in PATTERNS if start_class(p.pattern, p.engine)]
    on_re = [p for _, p in PATTERNS if p.engine == "re"]
    assert len(with_class) >= 0.9 * len(PATTERNS)
    assert len(on_re) >= 0.97 * len(PATTERNS)


# Patterns without a start class always take the plain scan: nothing to compare.
WITH_START = [(r, p) for r, p in PATTERNS if start_class(p.pattern, p.engine)]


@pytest.mark.parametrize("rule_id, pattern", WITH_START, ids=[f"{r}-{i}" for i, (r, _) in enumerate(WITH_START)])
def test_start_class_scan_equals_finditer_on_every_example(rule_id, pattern):
    for text in TEXTS:
        assert _from_starts(pattern, text) == _plain(pattern, text), (rule_id, text)


def test_the_start_class_scan_hands_over_to_the_engine_on_common_start_characters():
    pattern = RulePattern(r"(?<![a-z])a[a-z]*x", "re")
    text = " ".join(["ab"] * 40 + ["abx", "ax"])
    assert _from_starts(pattern, text) == _plain(pattern, text)
    assert [s for s, _ in _plain(pattern, text)] == [(120, 123), (124, 126)]


@pytest.mark.parametrize("source, expected", [
    (r"(?<!原|定)仅", "[仅]"),
    (r"(?:only|just)\s*\$", "[jo]"),
    (r"\d+元", r"[\d]"),
    (r"[^a-z]x", "[^a-z]"),
    (r"(?:ab)?c", "[ac]"),
    (r"a*", None),            # can match "": every position could start a match
    (r".x", None),            # any character can start
    (r"(a)\1", "[a]"),
])
def test_start_class_of(source, expected):
    assert start_class(source) == expected


@pytest.mark.parametrize("source", [
    r"(?P<value>\d+)元|(?P<value>[$]\d+)",
    r"(?<!原|定|日常|划线)价\s*(?P<v>\d+)",
    r"(?<=ab|c)d",
    r"(?<!suggested\s|list\s)price",
    r"(?P<claim>[a-z]+|\p{Han}{2,4})同款",
    r"x(?![^,]{0,8}?(?:到家|(?<!包邮|免运费)到手))",
])
def test_re_compatible_rewrites_compile_on_re(source):
    rewritten = re_compatible(source)
    re.compile(rewritten, re.IGNORECASE)  # would raise before the rewrite
    with pytest.raises(re.error):
        re.compile(source, re.IGNORECASE)


def test_re_compatible_leaves_classes_and_fixed_lookbehinds_alone():
    for source in (r"[(?<!a|bc)]", r"(?<![满减])\d", r"[\p{Han}]", r"\\p{Han}"):
        assert re_compatible(source) == source


REWRITE_SOURCES = [
    r"(?P<value>\d+)元|(?P<value>[$]\d+)|(?P<value>\d+\.\d+)起",
    r"(?<!原|定|日常|划线)价\s*(?P<v>\d+)",
    r"(?<=ab|c)d+",
    r"(?<!suggested\s|list\s)price\s*(?P<p>\d+)",
    r"(?P<claim>[a-z]+|\p{Han}{2,4})同款",
    r"\d+(?![^,]{0,8}?(?:到家|(?<!包邮|免运费)到手))",
]
ALPHABET = "0123456789元价原定日常划线起abcdpriceslugt $.,同款到家手包邮免运费 李宁\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_rewritten_patterns_match_like_the_regex_module(text):
    for source in REWRITE_SOURCES:
        original = regex.compile(source, regex.IGNORECASE | regex.VERSION0)
        rewritten = re.compile(re_compatible(source), re.IGNORECASE)
        # Values and the spans of the groups (a fix replaces a group by its span) agree.
        want = []
        for m in original.finditer(text):
            values = {k: v for k, v in m.groupdict().items() if v is not None}
            if values:
                values[compiled.GROUP_SPANS] = {k: m.span(k) for k in values}
            want.append((m.span(), values))
        got = [(m.span(), match_values(m)) for m in rewritten.finditer(text)]
        assert got == want, source


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789元起仅只要需$¥.,现价 onlyjustfrm a\n", max_size=60))
def test_start_class_scan_equals_finditer_on_generated_text(text):
    for _rule_id, pattern in WITH_START:
        assert _from_starts(pattern, text) == _plain(pattern, text)


def test_timeout_still_bounds_a_user_pattern_tried_at_start_positions():
    pattern = RulePattern(r"(a|aa)+x", "regex")
    old = compiled.REGEX_TIMEOUT
    compiled.REGEX_TIMEOUT = 0.2
    try:
        with pytest.raises(compiled.RuleTimeout):
            pattern.finditer("a" * 60 + "b x")
    finally:
        compiled.REGEX_TIMEOUT = old


# --- gate clauses ----------------------------------------------------------------------------

WITH_CLAUSES = [(r, p) for r, p in PATTERNS if p.clauses]


def test_most_built_in_patterns_have_several_gate_clauses():
    assert len(WITH_CLAUSES) >= 0.9 * len(PATTERNS)
    assert sum(1 for _, p in WITH_CLAUSES if len(p.clauses) > 1) >= 0.5 * len(PATTERNS)
    for _, p in WITH_CLAUSES:
        assert p.clauses[0] == p.cover and len(p.clauses) <= analysis._CLAUSES_MAX


@pytest.mark.parametrize("rule_id, pattern", WITH_CLAUSES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(WITH_CLAUSES)])
def test_every_match_holds_a_literal_of_each_clause(rule_id, pattern):
    # What lets the engine skip a regex: no match can lack a literal of any of its clauses.
    for text in TEXTS:
        for m in pattern.compiled.finditer(text):
            matched = m.group(0).lower()
            for clause in pattern.clauses:
                assert any(literal.lower() in matched for literal in clause), (rule_id, text, m.group(0), clause)


def test_clauses_of_a_sequence_are_one_per_required_piece():
    clauses = analysis.analyse(r"(?:0|零)\s*(?:元|块)\s*(?:购|抢)(?:吧)?")[3]
    assert set(clauses) == {frozenset({"0", "零"}), frozenset({"元", "块"}), frozenset({"购", "抢"})}
    # an optional piece, a lookaround or a one-character ASCII class adds no clause of its own
    assert analysis.analyse(r"(?<!满)(?:免费)\s*[a-z]?(?=送)")[3] == (frozenset({"免费"}),)
    assert analysis.analyse(r"包邮\s*[,;]\s*到家")[3] == (frozenset({"包邮"}), frozenset({"到家"}))


def test_the_scan_lets_a_regex_run_only_where_it_found_each_clause(tmp_path):
    import datetime

    from honestlint.engine import Linter
    from honestlint.ruleset import load_file

    path = tmp_path / "t.yaml"
    path.write_text("id: t-rule\ncategory: free-misuse\nseverity: error\nlanguages: [zh]\nkind: pattern\n"
                    "message: m\npattern: '(?:0|零)\\s*(?:元|块)\\s*(?:购|抢)'\n", encoding="utf-8")
    rule = load_file(str(path))[0]
    linter = Linter([rule], as_of=datetime.date(2026, 11, 23))
    slot = rule.patterns[0].slot
    assert slot in linter.scan_plan.scan("今天 0元购 好物")[1]
    assert slot in linter.scan_plan.scan("抢 先看 零 块")[1]  # each clause somewhere is enough to try
    assert slot not in linter.scan_plan.scan("今天 0元 好物")[1]  # no 购 or 抢: cannot match
    assert slot not in linter.scan_plan.scan("0 购 抢")[1]  # no 元 or 块
