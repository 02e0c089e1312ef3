import re
import sys
import unicodedata

import pytest
import regex
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from honestlint.text.normalize import HAN, Normalized, is_han, normalize


def check(source, text, index):
    """`index` is the expected map as a list; None (one-to-one) is expanded before comparing."""
    n = normalize(source)
    assert n.source == source
    assert n.text == text
    effective = list(range(len(n.text))) if n.index is None else n.index
    expected = list(range(len(text))) if index is None else index
    assert effective == expected
    if n.index is None:
        assert len(n.text) == len(source)  # None promises a one-to-one map
    return n


# ---- fast path ------------------------------------------------------------


@pytest.mark.parametrize("s", ["", "free shipping, 30-day returns", "全网最低价", "好。包邮、顺丰", "3 - 4人", "🔥包邮"])
def test_identity_returns_source_and_no_index(s):
    n = normalize(s)
    assert n.text is s
    assert n.index is None
    assert n.span(0, len(s)) == (0, len(s))


def test_ascii_capitals_are_lowercased_one_to_one():
    n = check("Free Shipping", "free shipping", list(range(13)))
    assert n.span(5, 13) == (5, 13)


# ---- 1. NFKC --------------------------------------------------------------


def test_fullwidth_latin():
    n = check("ＦＲＥＥ ｓｈｉｐｐｉｎｇ", "free shipping", list(range(13)))
    assert n.span(0, 4) == (0, 4)
    assert n.span(5, 13) == (5, 13)


def test_fullwidth_digits_and_punctuation():
    check("１２件！", "12件!", [0, 1, 2, 3])
    check("好！包邮：是", "好!包邮:是", [0, 1, 2, 3, 4, 5])


def test_expanding_compatibility_chars_map_to_their_source():
    n = check("5㎏装", "5kg装", [0, 1, 1, 2])
    assert n.span(1, 3) == (1, 2)  # "kg" is the single ㎏
    assert n.span(2, 3) == (1, 2)  # "g" alone still maps to the whole ㎏
    assert n.span(3, 4) == (2, 3)
    check("①号", "1号", [0, 1])
    check("ﬁne", "fine", [0, 0, 1, 2])


def test_nfkc_is_per_character():
    # A decomposed accent stays decomposed: NFKC is applied char by char so
    # every output char has exactly one source char.
    check("cafe\u0301", "cafe\u0301", None)


# ---- 2. format characters ---------------------------------------------------


def test_zero_width_space_removed_and_span_covers_it():
    n = check("全\u200b网最低价", "全网最低价", [0, 2, 3, 4, 5])
    assert n.span(0, 5) == (0, 6)
    assert n.span(1, 5) == (2, 6)
    assert n.span(0, 1) == (0, 1)


@pytest.mark.parametrize(
    "source, index",
    [
        ("fr\u00adee", [0, 1, 3, 4]),  # soft hyphen
        ("fr\u200dee", [0, 1, 3, 4]),  # zero-width joiner
        ("fr\u2060ee", [0, 1, 3, 4]),  # word joiner
        ("fr\u202eee", [0, 1, 3, 4]),  # bidi override
        ("fr\u2066ee", [0, 1, 3, 4]),  # bidi isolate
        ("\ufefffree", [1, 2, 3, 4]),  # BOM
        ("fr\ufe0fee", [0, 1, 3, 4]),  # variation selector
        ("fr\u034fee", [0, 1, 3, 4]),  # combining grapheme joiner
    ],
)
def test_format_characters_removed(source, index):
    n = check(source, "free", index)
    assert n.span(0, 4) == (index[0], index[-1] + 1)


def test_every_cf_character_is_removed():
    # The removal class is written as ranges for speed; it must cover every
    # character this Python's unicodedata calls Cf.
    cf = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    assert cf
    n = normalize("a" + cf + "b")
    assert n.text == "ab"
    assert n.index == [0, len(cf) + 1]


def test_format_char_removal_exposes_han_separator():
    n = check("最\u200b \u200b低", "最低", [0, 4])
    assert n.span(0, 2) == (0, 5)


# ---- 3. homoglyphs ---------------------------------------------------------


def test_cyrillic_look_alikes_in_latin_word():
    n = check("Frее shipping", "free shipping", list(range(13)))  # е is Cyrillic
    assert n.span(0, 4) == (0, 4)


@pytest.mark.parametrize(
    "source, text",
    [
        ("Ѕаlе", "sale"),  # Cyrillic Ѕ а е, Latin l
        ("NΕW", "new"),  # Greek Ε
        ("ΒΕST", "best"),  # Greek Β Ε
        ("рrоmо", "promo"),  # Cyrillic р о о, Latin m r
        ("ɡift", "gift"),  # Latin script g
        ("Вuy", "buy"),  # Cyrillic В
        ("Уes", "yes"),  # Cyrillic У (only its lowercase is a common look-alike)
        ("раypal", "paypal"),
    ],
)
def test_homoglyphs_folded(source, text):
    check(source, text, list(range(len(source))))


def test_homoglyphs_after_zero_width_removal():
    check("Fr\u200bее", "free", [0, 1, 3, 4])


def test_russian_and_greek_words_left_alone():
    check("Привет мир", "привет мир", list(range(10)))
    check("ХОРОШО", "хорошо", list(range(6)))
    check("Οδός", "οδός", [0, 1, 2, 3])
    # Only the word with Latin letters is folded.
    check("Sаle скидка", "sale скидка", list(range(11)))


# ---- 4. lowercase ------------------------------------------------------------


def test_lowercase_expansion_keeps_map_exact():
    n = check("İ", "i\u0307", [0, 0])
    assert n.span(0, 1) == (0, 1)
    assert n.span(1, 2) == (0, 1)
    n = check("İstanbul", "i\u0307stanbul", [0, 0, 1, 2, 3, 4, 5, 6, 7])
    assert n.span(0, 9) == (0, 8)
    assert n.span(2, 9) == (1, 8)


def test_lowercase_is_per_character():
    # Per-char lower(): a word-final capital sigma becomes σ, not ς.
    check("ΟΔΟΣ", "οδοσ", [0, 1, 2, 3])


# ---- 5. Traditional -> Simplified -------------------------------------------


def test_traditional_to_simplified():
    n = check("全網最低價", "全网最低价", [0, 1, 2, 3, 4])
    assert n.span(1, 2) == (1, 2)
    check("買一送一，免運", "买一送一,免运", list(range(7)))


def test_traditional_with_space_between_han_is_collapsed():
    # Step 6 applies too: the space sits between 一 and 免, two Han chars.
    n = check("買一送一 免運", "买一送一免运", [0, 1, 2, 3, 5, 6])
    assert n.span(3, 5) == (3, 6)


def test_mixed_simplified_and_traditional():
    check("全网最低價 免運費", "全网最低价免运费", [0, 1, 2, 3, 4, 6, 7, 8])


def test_opencc_reapplied_until_stable():
    # OpenCC t2s maps 薴 -> 苧, and 苧 -> 苎.
    check("薴", "苎", [0])
    # 深 and 沈 are both unchanged alone, but 深沈 is a phrase (-> 深沉)
    # once the space is collapsed.
    check("深 沈", "深沉", [0, 2])


# ---- 6. separators between Han ------------------------------------------------


@pytest.mark.parametrize(
    "source, text, index",
    [
        ("最 低 价", "最低价", [0, 2, 4]),
        ("最.低.价", "最低价", [0, 2, 4]),
        ("全-网-最-低", "全网最低", [0, 2, 4, 6]),
        ("最  低", "最低", [0, 3]),
        ("最\u3000低", "最低", [0, 2]),
        ("最\u00a0低", "最低", [0, 2]),
        ("全·网", "全网", [0, 2]),
        ("全・网", "全网", [0, 2]),
        ("全｜网", "全网", [0, 2]),  # full-width bar, NFKC -> |
        ("全 * 网 / 最 ~ 低", "全网最低", [0, 4, 8, 12]),
        ("全_网‧最•低", "全网最低", [0, 2, 4, 6]),
    ],
)
def test_separators_between_han_removed(source, text, index):
    check(source, text, index)


def test_spaced_out_span():
    n = check("最 低 价", "最低价", [0, 2, 4])
    assert n.span(0, 3) == (0, 5)
    assert n.span(1, 2) == (2, 3)
    assert n.span(1, 3) == (2, 5)


@pytest.mark.parametrize("s", ["3 - 4人", "好。包邮", "好、包邮", "最低\n价"])
def test_separators_kept_unchanged(s):
    check(s, s, None)


def test_separators_next_to_latin_or_digits_kept():
    check("USB C", "usb c", list(range(5)))
    check("USB 充电", "usb 充电", list(range(6)))
    check("充电 USB", "充电 usb", list(range(6)))
    check("满 300 减 30", "满 300 减 30", None)


def test_clause_punctuation_kept():
    # NFKC turns ，into ",", but a comma ends a clause and is never removed.
    check("好，包邮", "好,包邮", [0, 1, 2, 3])
    check("好 ，包邮", "好 ,包邮", [0, 1, 2, 3, 4])
    check("好！包邮", "好!包邮", [0, 1, 2, 3])
    check("好；包邮", "好;包邮", [0, 1, 2, 3])


# ---- everything together ------------------------------------------------------


def test_all_steps_at_once():
    source = "ＦＲЕＥ\u200b 全\u00ad網 最-低 價！"
    n = normalize(source)
    assert n.text == "free 全网最低价!"
    assert n.index == [0, 1, 2, 3, 5, 6, 8, 10, 12, 14, 15]
    assert n.span(5, 10) == (6, 15)  # 全网最低价 and everything in between
    assert n.span(0, 4) == (0, 4)


def test_span_arguments_checked():
    n = normalize("全\u200b网")
    assert n.span(2, 2) == (3, 3)
    assert n.span(1, 1) == (2, 2)
    with pytest.raises(ValueError):
        n.span(0, 3)
    with pytest.raises(ValueError):
        n.span(2, 1)
    with pytest.raises(ValueError):
        n.span(-1, 1)


def test_lone_surrogate_does_not_raise():
    n = normalize("\ud800買")
    assert n.text == "\ud800买"


def test_normalized_has_slots():
    assert not hasattr(normalize("Ab"), "__dict__")
    assert isinstance(normalize("Ab"), Normalized)


# ---- Han helpers -------------------------------------------------------------------


def test_han_pattern_and_is_han():
    for ch in "中國〇々\u3400\U00020000":
        assert is_han(ch)
        assert re.fullmatch(HAN, ch)
        assert regex.fullmatch(HAN, ch)
    for ch in ["a", "1", "。", "，", "あ", "한", "", "中国"]:
        assert not is_han(ch)
    # HAN agrees with \p{Han} on the main CJK blocks.
    for cp in list(range(0x3400, 0x4DC0, 97)) + list(range(0x4E00, 0xA000, 89)):
        assert is_han(chr(cp)) == bool(regex.fullmatch(r"\p{Han}", chr(cp)))


# ---- properties -------------------------------------------------------------------

_INTERESTING = (
    "買賣網價運費與為薴深沈乾蕭"  # Traditional, incl. non-idempotent OpenCC cases
    "全网最低价一二"  # Simplified
    " .-·・_*|/~‧•\u3000\u00a0\t\n"  # separators and whitespace
    "，。！？；：、,"  # clause punctuation
    "\u200b\u200c\u200d\u200e\u202a\u202e\u2060\u2066\u2069\ufeff\u00ad\ufe0f\u034f"  # format
    "\u0301\u0308\u0307\u20dd"  # combining marks
    "שלוםمرحبا"  # RTL
    "\x00\x07\x1b\x7f\x85"  # control
    "аеорсхуіјѕԁАВЕКМНОРСТХУΑΒΕΟΡνοΣɡ"  # homoglyphs
    "İIıKkSſ"  # case-mapping oddities
    "🔥👍🏻❤"  # emoji
    "ＡＢｃ１２㎏①ﬁ½"  # compatibility forms
    "FreABC123"
)
_chars = st.one_of(
    st.characters(),  # any code point except surrogates
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.sampled_from(_INTERESTING),
)


@settings(max_examples=1500, deadline=None)
@given(st.text(_chars, max_size=40), st.data())
def test_normalize_properties(s, data):
    n = normalize(s)
    assert n.source == s
    if n.index is None:
        assert len(n.text) == len(s)  # one-to-one
    else:
        assert len(n.index) == len(n.text)
        assert all(0 <= i < len(s) for i in n.index)
        assert all(a <= b for a, b in zip(n.index, n.index[1:]))

    size = len(n.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    a, b = n.span(start, end)
    assert 0 <= a <= b <= len(s)
    if start < end:
        assert a < b
    if n.index is None:
        assert (a, b) == (start, end)

    again = normalize(n.text)
    assert again.text == n.text
    assert again.index is None and again.text is n.text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("買賣網價運費最低全ab1 .-")), max_size=12))
def test_only_separators_between_han_are_dropped(chars):
    s = "".join(chars)
    n = normalize(s)
    kept = set(range(len(s))) if n.index is None else set(n.index)
    for i, ch in enumerate(s):
        left = s[:i].rstrip(" .-")
        right = s[i + 1 :].lstrip(" .-")
        between_han = bool(left and right and is_han(left[-1]) and is_han(right[0]))
        collapsible = ch in " .-" and between_han
        assert (i not in kept) == collapsible, (s, n.text, i)


def test_normalising_twice_returns_the_same_text_object_for_a_lone_look_alike():
    # Found by hypothesis: a look-alike with no ASCII letter beside it is not folded, and the
    # second pass must hand back the text unchanged (same object, identity index).
    first = normalize("0ɡ")
    again = normalize(first.text)
    assert again.index is None and again.text is first.text
