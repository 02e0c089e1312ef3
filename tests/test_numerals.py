import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from honestlint.text.numerals import NUMBER, parse_number

EXAMPLES = [
    ("12", 12),
    ("3,990", 3990),
    ("1,280.50", 1280.5),
    ("1,234,567", 1234567),
    ("0.5", 0.5),
    ("一百", 100),
    ("一百二十", 120),
    ("两百", 200),
    ("二十五", 25),
    ("十五", 15),
    ("二十", 20),
    ("七", 7),
    ("三千九百九十", 3990),
    ("一万二", 12000),
    ("三千五", 3500),
    ("一百零五", 105),
    ("一千零一", 1001),
    ("十万", 100000),
    ("一亿二千万", 120000000),
    ("二〇二四", 2024),
    ("三点五", 3.5),
    ("1.5万", 15000),
    ("2千", 2000),
    ("3百万", 3000000),
    ("壹佰", 100),
    ("贰拾", 20),
    ("壹仟贰佰叁拾肆", 1234),
    ("〇", 0),
    ("零", 0),
    ("半", 0.5),
    ("两", 2),
]


@pytest.mark.parametrize("text, value", EXAMPLES)
def test_number_matches_whole_example_with_re_and_regex(text, value):
    assert re.fullmatch(NUMBER, text)
    assert regex.fullmatch(NUMBER, text)


@pytest.mark.parametrize("text, value", EXAMPLES)
def test_parse_number_examples(text, value):
    result = parse_number(text)
    assert result == value
    assert isinstance(result, float)


def test_number_has_no_groups_and_no_empty_match():
    assert re.compile(NUMBER).groups == 0
    assert regex.compile(NUMBER).groups == 0
    assert re.fullmatch(NUMBER, "") is None
    assert regex.fullmatch(NUMBER, "") is None


@pytest.mark.parametrize("text", ["", "abc", "千万", "百", "万", ",", "1,", ".5", "一点", "点五"])
def test_number_does_not_match(text):
    assert re.fullmatch(NUMBER, text) is None
    assert regex.fullmatch(NUMBER, text) is None


@pytest.mark.parametrize("text", ["", "abc", "千万", "一二百", "一百一百", "1.2.3"])
def test_parse_number_unreadable(text):
    assert parse_number(text) is None


def test_parse_number_reads_unnormalised_text():
    # Full-width digits and Traditional 萬 / 兩 are normalised before reading.
    assert parse_number("１２") == 12
    assert parse_number("兩萬") == 20000
    assert parse_number(" 3,990 ") == 3990


@pytest.mark.parametrize("module", [re, regex], ids=["re", "regex"])
@pytest.mark.parametrize(
    "text, captured",
    [
        ("下单返现50元", "50"),
        ("返还一百元红包", "一百"),
        ("好评返两百", "两百"),
        ("返3,990积分", "3,990"),
        ("返1.5万积分", "1.5万"),
        ("返一百二十元", "一百二十"),
        ("返现壹佰元", "壹佰"),
        ("返现12.", "12"),
        ("返半价", "半"),
    ],
)
def test_number_inside_larger_pattern(module, text, captured):
    pattern = module.compile("返(?:还|现)?(?P<n>" + NUMBER + ")")
    m = pattern.search(text)
    assert m is not None
    assert m.group("n") == captured
    assert parse_number(m.group("n")) is not None


@pytest.mark.parametrize("module", [re, regex], ids=["re", "regex"])
def test_chinese_runs_are_maximal(module):
    # The outer pattern would accept a one-char number; the run must not be cut.
    m = module.search("(?P<n>" + NUMBER + ")", "第一百二十名")
    assert m.group("n") == "一百二十"
    assert module.search("返(?P<n>" + NUMBER + ")百", "返一百") is None
    assert module.search("返(?P<n>" + NUMBER + ")2", "返12") is None
    assert module.search(NUMBER, "千万别错过") is None
    assert module.findall(NUMBER, "v1.2.3") == []  # a version string is not a number
    assert [x for x in module.findall(NUMBER, "满3,000减300,两件九折")] == ["3,000", "300", "两", "九"]


_CN = "零一二三四五六七八九"


def _section(n: int) -> str:
    """Standard reading of 0 < n < 10000, with 零 for inner gaps."""
    out, gap = "", False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // place % 10
        if d == 0:
            gap = bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += _CN[d] + unit
    return out


def to_chinese(n: int) -> str:
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    out = _section(high) + "万" if high else ""
    if low:
        if high and low < 1000:
            out += "零"
        out += _section(low)
    return out[1:] if out.startswith("一十") else out


def test_reference_reader():
    assert to_chinese(10) == "十"
    assert to_chinese(10010) == "一万零一十"
    assert to_chinese(3990) == "三千九百九十"


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    text = to_chinese(n)
    assert re.fullmatch(NUMBER, text)
    assert parse_number(text) == n


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_arabic_numerals_round_trip(n, grouped):
    text = f"{n:,}" if grouped else str(n)
    assert re.fullmatch(NUMBER, text)
    assert parse_number(text) == n
