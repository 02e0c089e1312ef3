"""Numbers in listing copy, written with Arabic or Chinese numerals.

``NUMBER`` is a regex source string that rules embed (usually inside a named
group) to capture one number in *normalised* text (see normalize.py: NFKC,
lowercase, Simplified Chinese).  ``parse_number`` reads the captured string.
"""

from __future__ import annotations

import functools
import re

__all__ = ["NUMBER", "parse_number"]

# Chinese digits, including the financial forms (大写) used on receipts and in
# promotions to avoid tampering.  〇 and 零 are zero; 两 is two.
_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
# Units that scale the digit before them, within a 万 group.
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100, "仟": 1000}
# Units that close a group: 一万二千 = (一) * 10^4 + 二千.
_CN_BIG_UNITS = {"万": 10**4, "亿": 10**8}
# A multiplier after an Arabic number: 1.5万, 2千, 3百万.
_MULTIPLIERS = {
    "百": 100, "千": 1000, "万": 10**4, "亿": 10**8,
    "百万": 10**6, "千万": 10**7, "万亿": 10**12,
}

_D = "".join(_CN_DIGITS)
_CN = _D + "".join(_CN_SMALL_UNITS) + "".join(_CN_BIG_UNITS)  # any numeral char
_PLAIN_D = "零〇一二三四五六七八九"  # digits after 点 (decimal point)

# Arabic: 3,990 / 1,280.50 / 12 / 0.5, optionally with a Chinese multiplier.
# The guards keep the match whole: it never starts or stops inside a run of
# digits or a decimal (so a larger pattern cannot backtrack "12" down to "1",
# and a version string like 1.2.3 is not read as a number at all).
_ARABIC = (
    r"(?<![0-9])(?<![0-9]\.)(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
    r"(?!\.?[0-9])(?:百万|千万|万亿|[百千万亿])?"
)
# Chinese: a maximal run of numeral chars that starts with a digit or 十
# (十五), with an optional decimal part (三点五).  The look-arounds make the
# run maximal on both sides ("一百", never just "一").  Bare units such as
# 千万 ("by all means") or 百 are not numbers on their own.
_CHINESE = (
    f"(?<![{_CN}])[{_D}十][{_CN}]*(?:点[{_PLAIN_D}]+)?(?![{_CN}])"
)
# 半 (half) on its own, not as part of a numeral run.
_HALF = f"(?<![{_CN}])半(?![{_CN}])"

NUMBER = f"(?:{_ARABIC}|{_CHINESE}|{_HALF})"

_NUMBER_RE = re.compile(NUMBER)
_ARABIC_PARTS_RE = re.compile(r"([0-9,]+(?:\.[0-9]+)?)(百万|千万|万亿|[百千万亿])?")


@functools.lru_cache(maxsize=8192)  # the same prices and counts recur across a catalog
def parse_number(s: str) -> float | None:
    """Value of a string matched by NUMBER: '3,990' -> 3990, '一百' -> 100,
    '两百' -> 200, '壹佰' -> 100, '十五' -> 15, '一万二' -> 12000,
    '1.5万' -> 15000, '三千九百九十' -> 3990, '半' -> 0.5, '两' -> 2.

    Text that is not yet normalised (全角 digits, Traditional 萬) is
    normalised first.  Returns None for anything it cannot read.
    """
    if not s:
        return None
    t = s.strip()
    if _NUMBER_RE.fullmatch(t) is None:
        from .normalize import normalize  # only for raw, un-normalised input

        t = normalize(t).text.strip()
        if _NUMBER_RE.fullmatch(t) is None:
            return None
    if t == "半":
        return 0.5
    if t[0].isascii():
        m = _ARABIC_PARTS_RE.fullmatch(t)
        value = float(m.group(1).replace(",", ""))
        return value * _MULTIPLIERS[m.group(2)] if m.group(2) else value
    whole, _, frac = t.partition("点")
    value = _parse_chinese_int(whole)
    if value is None:
        return None
    if frac:
        return float(f"{value}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")
    return float(value)


def _parse_chinese_int(s: str) -> int | None:
    """一百二十 -> 120, 一万二 -> 12000, 二〇二四 -> 2024; None if malformed."""
    if not any(c in _CN_SMALL_UNITS or c in _CN_BIG_UNITS for c in s):
        # Digits only: one digit, or a digit-by-digit reading (二〇二四).
        return int("".join(str(_CN_DIGITS[c]) for c in s))

    done = 0  # value of the groups closed by 亿 and 万
    section = 0  # value below 万 so far
    digit: int | None = None  # digit waiting for its unit
    last_small: int | None = None  # last small unit in this section
    last_unit = 1  # last unit of any kind
    prev_unit = False  # previous char was a unit
    digit_follows_unit = False  # the waiting digit came right after a unit

    for ch in s:
        if ch in _CN_DIGITS:
            d = _CN_DIGITS[ch]
            if digit is not None:
                return None  # two digits in a row, e.g. 一二百
            if d != 0:  # 零 only marks a gap (一百零五); it has no unit
                digit = d
                digit_follows_unit = prev_unit
            prev_unit = False
            continue

        if ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if digit is None:
                if unit != 10:
                    return None  # 百 / 千 need a digit before them
                digit = 1  # 十五 = 15, 一百十 = 110
            if last_small is not None and unit >= last_small:
                return None  # units must fall within a section: 一百一百
            section += digit * unit
            last_small = unit
        else:  # 万 or 亿
            unit = _CN_BIG_UNITS[ch]
            group = section + (digit or 0)
            if unit == 10**8:
                group += done
                if group == 0 or done >= 10**8:
                    return None
                done = group * unit
            else:
                if group == 0 or done % 10**8:
                    return None  # 万 without a value, or a second 万
                done += group * unit
            section = 0
            last_small = None
        digit = None
        last_unit = unit
        prev_unit = True

    value = done + section
    if digit is not None:
        # 一万二 = 12000, 三千五 = 3500: a digit right after a unit counts in
        # the next lower place.  After 零 (一百零五) it is a plain digit.
        value += digit * (last_unit // 10) if digit_follows_unit else digit
    return value
