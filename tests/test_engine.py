"""Engine internals whose shortcuts must not change results."""
from hypothesis import given, settings, strategies as st

from honestlint.text.field import CopyField, normalize_fields
from honestlint.text.tokenize import Tokenizer
from honestlint.text.normalize import normalize

_chars = st.sampled_from(list("買賣網價最低全包邮 .-\u200bＦＲＥＥfree１２３ＡBc，！。\n\t") + ["\u00ad", "①", "㎏", "İ", "е"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(_chars, max_size=25), min_size=1, max_size=6))
def test_normalising_a_listing_at_once_equals_field_by_field(texts):
    fields = [CopyField("bullets", f"bullets[{i}]", ("bullets", i), t or "x", html=False,
                        tokenizer=Tokenizer()) for i, t in enumerate(texts)]
    normalize_fields(fields)
    for f in fields:
        alone = normalize(f.visible)
        assert f.norm.text == alone.text
        for start in range(len(alone.text) + 1):
            for end in range(start, len(alone.text) + 1):
                assert f.norm.span(start, end) == alone.span(start, end)
