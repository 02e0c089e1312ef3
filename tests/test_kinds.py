"""Each generic rule kind, on small rule packs written for the test."""
import datetime
import textwrap

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from honestlint.kinds import metric

from honestlint.engine import Linter, lint_listings
from honestlint.input import listings_from_objects
from honestlint.ruleset import load_file


def rule_from(tmp_path, body: str):
    head = "id: t-rule\ncategory: spec-mismatch\nseverity: error\nlanguages: [zh, en]\n"
    path = tmp_path / "t.yaml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return load_file(str(path))[0]


def run(rule, *listings, as_of=datetime.date(2026, 11, 23)):
    return lint_listings(Linter([rule], as_of=as_of), listings_from_objects(list(listings)))


def test_phrase_is_normalised_and_token_bounded(tmp_path):
    rule = rule_from(tmp_path, """
        kind: phrase
        message: "{text}"
        phrases: [全網最低, 最]
        exceptions: ['最好(?=在)']
    """)
    fired = run(rule, {"title": "全 网 最 低 价格"})
    assert [f.text for f in fired] == ["全 网 最 低"]
    assert run(rule, {"title": "最近上新"}) == []
    assert [f.text for f in run(rule, {"title": "最 适合你"})] == ["最"]


def test_pattern_captures_fill_the_message(tmp_path):
    rule = rule_from(tmp_path, """
        kind: pattern
        message: "amount {amount}"
        anchors: [返]
        pattern: '返(?P<amount>{number})'
    """)
    (finding,) = run(rule, {"title": "买一返一百"})
    assert finding.message == "amount 一百" and finding.text == "返一百"
    assert run(rule, {"title": "no anchor here"}) == []


def test_claim_compares_with_a_fact_and_handles_missing_facts(tmp_path):
    body = """
        kind: claim
        message: "claims {claim} but {fact_field} is {fact}"
        pattern: '(?P<value>{number})\\s*(?P<unit>小时)发货'
        read: duration
        unit: hours
        fact: shipping.handling_hours
        operator: at_most
        missing: %s
    """
    silent = rule_from(tmp_path, body % "silent")
    (finding,) = run(silent, {"title": "二十四小时发货", "shipping": {"handling_hours": 72}})
    assert finding.message == "claims 24 but shipping.handling_hours is 72"
    assert finding.fact_field == "shipping.handling_hours"
    assert run(silent, {"title": "24小时发货", "shipping": {"handling_hours": 12}}) == []
    assert run(silent, {"title": "24小时发货"}) == []
    unbacked = rule_from(tmp_path, body % "unbacked")
    (finding,) = run(unbacked, {"title": "24小时发货"})
    assert "missing" in finding.message


def test_claim_filter_path_and_expect(tmp_path):
    rule = rule_from(tmp_path, """
        kind: claim
        message: "{fact}"
        pattern: '返(?P<value>{number})'
        read: number
        fact: 'promotions[reward.value={value}].reward.type'
        operator: equal
        expect: cash
    """)
    promo = lambda kind: [{"text": "x", "reward": {"type": kind, "value": 100}}]  # noqa: E731
    assert [f.message for f in run(rule, {"title": "返一百", "promotions": promo("points")})] == ["points"]
    assert run(rule, {"title": "返一百", "promotions": promo("cash")}) == []
    assert run(rule, {"title": "返五十", "promotions": promo("points")}) == []  # no promotion of that value


def test_in_history_counts_back_from_as_of(tmp_path):
    rule = rule_from(tmp_path, """
        kind: claim
        message: "{claim}"
        pattern: '原价(?P<value>{number})'
        read: number
        fact: 'price.history[]'
        operator: in_history
        params: {window_days: 30}
    """)
    listing = {"title": "原价299", "price": {"current": 199, "history": [{"date": "2026-10-28", "price": 299}]}}
    assert run(rule, listing) == []
    assert len(run(rule, listing, as_of=datetime.date(2026, 12, 31))) == 1


@pytest.mark.parametrize("metric, extra, title, fires", [
    ("length", "max: 10\nmeasure: width", "一二三四五六", True),
    ("length", "max: 12\nmeasure: width", "一二三四五六", False),
    ("caps_ratio", "max: 0.8", "WIRELESS EARBUDS BLUETOOTH HEADPHONES", True),
    ("caps_ratio", "max: 0.8", "Wireless Earbuds Bluetooth Headphones", False),
    ("repeated_word", "max: 2", "Dog Toys for Dogs, Dog Chew, Tough Dog", True),
    ("repeated_word", "max: 2", "Dog Toys for Dogs, Chew Toy", False),
    ("characters", "characters: '!$?'", "HOT SALE!!!", True),
    ("characters", "characters: '!$?'", "Plain title", False),
])
def test_metrics(tmp_path, metric, extra, title, fires):
    rule = rule_from(tmp_path, f"kind: metric\nmessage: m\nmetric: {metric}\n{extra}\nfields: [title]\n")
    assert bool(run(rule, {"title": title})) == fires


# Characters of every kind the script and width counts tell apart: Han (with an extension-B
# ideograph), kana, Hangul, full-width forms, CJK punctuation, Latin, accents, digits.
_MIXED = "漢字𠀀あア한ＡＢ，。「a Zé9 -ñ"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_MIXED) | st.characters(), max_size=40))
def test_script_and_width_counts_agree_with_a_character_walk(text):
    # The metric counts run at C speed (deleting what is not counted); a walk over each
    # character is the definition they must agree with.
    han = sum(1 for ch in text if regex.fullmatch(r"\p{Han}", ch))
    letters = sum(1 for ch in text if ch.isalpha())
    assert metric.script_of(text) == ("han" if letters and han * 5 >= letters else "latin")
    assert len(metric._NOT_WIDE.sub("", text)) == sum(1 for ch in text if metric._WIDE.fullmatch(ch))


def test_record_rule_checks_each_item(tmp_path):
    rule = rule_from(tmp_path, """
        kind: record
        message: "review {rating}"
        each: reviews
        when: {incentivized: true}
        text: text
        unless: 'in exchange for'
    """)
    reviews = [{"text": "great", "rating": 5, "incentivized": True},
               {"text": "got it in exchange for a review", "rating": 4, "incentivized": True},
               {"text": "fine", "rating": 3, "incentivized": False}]
    (finding,) = run(rule, {"title": "x", "reviews": reviews})
    assert finding.field == "reviews[0].text" and finding.message == "review 5"


def test_duplicate_rule_spans_listings(tmp_path):
    rule = rule_from(tmp_path, """
        kind: duplicate
        message: "also in {others}"
        fields: [reviews.text]
        min_length: 10
    """)
    text = "收到后马上试用了，雾量细腻，晚上开着睡觉也听不到声音"
    found = run(rule, {"id": "a", "title": "x", "reviews": [{"text": text}]},
                {"id": "b", "title": "y", "reviews": [{"text": text + "。"}]},
                {"id": "c", "title": "z", "reviews": [{"text": "短评"}]})
    assert sorted((f.listing, f.message) for f in found) == [("a", "also in b"), ("b", "also in a")]


def _canonical_by_walk(text, same):
    """The alias lookup as a walk over the `same` entries in order (what the table replaces)."""
    from honestlint.facts.operators import _compact
    from honestlint.text.normalize import norm

    text = _compact(str(text))
    for canonical, names in same.items():
        if text == norm(canonical) or any(text == _compact(str(n)) for n in names):
            return norm(canonical)
    return text


def test_alias_table_gives_what_a_walk_over_the_aliases_gives():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from honestlint.facts.operators import _canonical

    names = st.sampled_from(["ce", "CE Mark", "c-e", "ul", "UL listed", "ul-listed", "3c", "ccc", "有机", "有機", "x"])

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(names, st.lists(names, max_size=4), max_size=4), names)
    def check(same, text):
        assert _canonical(text, {"same": same}) == _canonical_by_walk(text, same)

    check()
    # the first entry naming a text wins, whichever of its names or its own key it matches
    same = {"a": ["ce mark"], "ce": ["ce"], "b": ["cemark"]}
    assert _canonical("CE-Mark", {"same": same}) == "a"


_KEYS = st.sampled_from(["shipping", "fee", "price", "current", "a", "b"])
_LEAVES = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3), st.booleans())
_DATA = st.recursive(_LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, max_size=4), st.lists(_KEYS, min_size=1, max_size=4))
def test_a_plain_fact_path_resolves_as_the_segment_walk_does(data, names):
    """Paths of plain members (shipping.fee) take a direct lookup; it must name the same facts,
    at the same paths, as the general walk over segments."""
    from honestlint.facts.paths import FactPath, _plain_names, _walk

    path = FactPath.parse(".".join(names))
    (_sign, segments), = path.terms
    assert _plain_names(segments) == tuple(names)
    assert path.resolve(data, {}) == _walk(data, segments, {})


def test_one_claim_rule_is_an_error_when_contradicted_and_a_warning_when_unbacked(tmp_path):
    rule = rule_from(tmp_path, """
        kind: claim
        message: "only {claim} left but stock is {fact}"
        fact_message: "only {claim} left and no stock figure backs it"
        anchors: [仅剩]
        pattern: '仅剩(?P<value>\\d+)件'
        read: number
        fact: stock
        operator: at_most
        missing: unbacked
        missing_severity: warning
    """)
    contradicted = run(rule, {"title": "仅剩3件", "stock": 500})
    unbacked = run(rule, {"title": "仅剩3件"})
    backed = run(rule, {"title": "仅剩3件", "stock": 3})
    assert [(f.severity, f.message) for f in contradicted] == [("error", "only 3 left but stock is 500")]
    assert [(f.severity, f.message) for f in unbacked] == [("warning", "only 3 left and no stock figure backs it")]
    assert backed == []


def test_missing_severity_needs_an_unbacked_outcome(tmp_path):
    with pytest.raises(Exception, match="missing_severity needs missing: unbacked"):
        rule_from(tmp_path, """
            kind: claim
            message: "x"
            pattern: 'x(?P<value>\\d+)'
            read: number
            fact: stock
            operator: at_most
            missing_severity: warning
        """)


def test_every_kind_says_whether_the_text_alone_decides():
    # The engine replays a rule's hits on another listing with the same text only when the
    # kind says the text alone decides; the base says no, so a new kind that reads facts is safe.
    from honestlint.kinds import KINDS
    from honestlint.kinds.base import KindRule

    assert KindRule.text_decides is False
    for name, cls in KINDS.items():
        assert "text_decides" in vars(cls), f"kind {name} does not say whether its text decides"
    assert KINDS["claim"].text_decides is False and KINDS["record"].text_decides is False
    assert KINDS["phrase"].text_decides and KINDS["pattern"].text_decides
