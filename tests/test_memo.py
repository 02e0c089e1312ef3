"""The memos behind repeated copy: bounded, least recently used first, and invisible in output."""
from honestlint.core.memo import Memo
from honestlint.text.field import MEMO_TEXT, CopyField, normalize_fields
from honestlint.text.normalize import normalize
from honestlint.text.tokenize import Tokenizer


def test_memo_keeps_the_most_recently_used_entries():
    memo = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # "a" is now the most recently used
    memo.put("c", 3)  # over the bound: "b" goes
    assert len(memo) == 2
    assert memo.get("b") is None
    assert (memo.get("a"), memo.get("c")) == (1, 3)


def _fields(*texts):
    tokenizer = Tokenizer()
    return [CopyField("bullets", f"bullets[{i}]", ("bullets", i), t, html=False, tokenizer=tokenizer)
            for i, t in enumerate(texts)]


def test_a_text_is_repeated_from_its_second_sighting_and_keeps_its_normalised_view():
    text = "ＦＲＥＥ  shipping on 全網最低價 — seen twice (memo test)"
    first = _fields(text, "once only (memo test)")
    normalize_fields(first)
    assert [f.repeated for f in first] == [False, False]
    second = _fields("another one (memo test)", text)
    normalize_fields(second)
    assert [f.repeated for f in second] == [False, True]
    # the remembered view is the one normalising the text afresh gives
    fresh = normalize(text)
    assert (second[1].text, second[1].norm.index) == (fresh.text, fresh.index)
    assert second[1].visible_span(0, 4) == fresh.span(0, 4)


def test_long_texts_are_never_marked_repeated():
    text = "长" * (MEMO_TEXT + 1)
    for _ in range(2):
        fields = _fields(text)
        normalize_fields(fields)
    assert not fields[0].repeated


def _lint(listings, reference=False):
    import datetime as dt

    from honestlint.engine import Linter
    from honestlint.input import listings_from_objects
    from honestlint.ruleset import load_rules

    linter = Linter(load_rules(), as_of=dt.date(2026, 11, 23), reference=reference)
    out = []
    for listing in listings_from_objects(listings, "memo.json"):
        out.extend((f.listing, f.rule, f.field, f.line, f.column, f.end_column, f.message) for f in linter.lint(listing))
    return out


def test_a_repeated_text_rechecks_facts_in_every_listing():
    # The engine remembers what the rules found in a repeated bullet (Linter._repeat): a rule
    # the text alone decides keeps its finding, a claim is compared with each listing's own
    # facts again, and a rule that found nothing in the text is not run on it again.
    bullet = "Ships within 48 hours (field memo test)"
    stuffed = "全网最低价 field memo test"
    listings = [
        {"id": f"m{i}", "title": "Tea tin", "bullets": [bullet, stuffed], "shipping": {"handling_hours": hours}}
        for i, hours in enumerate([24, 24, 96, 24, 120])
    ]
    fast = _lint(listings)
    assert fast == _lint(listings, reference=True)
    dispatch = sorted(f[0] for f in fast if f[1] == "shipping-dispatch-time")
    assert dispatch == ["m2", "m4"]  # only the listings whose facts contradict the claim
    lowest = [f for f in fast if f[2] == "bullets[1]" and f[1].startswith("absolute-claim")]
    assert sorted(f[0] for f in lowest) == [f"m{i}" for i in range(5)]
    assert len({f[3] for f in lowest}) == 5  # each on its own listing's line
