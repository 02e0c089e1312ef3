"""The memos behind repeated copy: bounded, least recently used first, and invisible in output."""
from honestlint import engine
from honestlint.kinds import MEMO_TEXT, Memo


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
    return [engine.CopyField("bullets", f"bullets[{i}]", ("bullets", i), t, html=False) for i, t in enumerate(texts)]


def test_a_text_is_repeated_from_its_second_sighting_and_keeps_its_normalised_view():
    text = "ＦＲＥＥ  shipping on 全網最低價 — seen twice (memo test)"
    first = _fields(text, "once only (memo test)")
    engine.normalize_fields(first)
    assert [f.repeated for f in first] == [False, False]
    second = _fields("another one (memo test)", text)
    engine.normalize_fields(second)
    assert [f.repeated for f in second] == [False, True]
    # the remembered view is the one normalising the text afresh gives
    fresh = engine.normalize(text)
    assert (second[1].text, second[1].norm.index) == (fresh.text, fresh.index)
    assert second[1].visible_span(0, 4) == fresh.span(0, 4)


def test_long_texts_are_never_marked_repeated():
    text = "长" * (MEMO_TEXT + 1)
    for _ in range(2):
        fields = _fields(text)
        engine.normalize_fields(fields)
    assert not fields[0].repeated
