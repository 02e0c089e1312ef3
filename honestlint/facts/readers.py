"""Claim readers (stage 3, facts): the values a claim or a spec states, read from text.

Durations (三年, 2-year, same day, lifetime), quantities with their units (500ml, Pack of 3,
12 x 60 g), ranges (8-12 inch), dates (12月12日, Dec. 1st) and plain numbers.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field as _dc_field
from functools import lru_cache

from ..text.lexicon import lexicon
from ..text.normalize import norm
from ..text.numerals import NUMBER, parse_number
from .paths import _is_number


_DURATION_HOURS = {
    "year": 8760, "years": 8760, "yr": 8760, "yrs": 8760, "年": 8760,
    "month": 730, "months": 730, "mo": 730, "个月": 730, "月": 730,
    "week": 168, "weeks": 168, "周": 168, "星期": 168,
    "day": 24, "days": 24, "天": 24, "日": 24, "工作日": 24,
    "hour": 1, "hours": 1, "hr": 1, "hrs": 1, "h": 1, "小时": 1, "个小时": 1,
}
_DURATION_WORDS = {
    "lifetime": math.inf, "终身": math.inf, "永久": math.inf, "forever": math.inf,
    "当天": 24, "当日": 24, "same day": 24, "same-day": 24, "今天": 24, "today": 24,
    "次日": 48, "隔日": 48, "next day": 48, "next-day": 48, "overnight": 48, "明天": 48,
}
_TARGET_HOURS = {"hours": 1, "days": 24, "months": 730}


def read_duration(captures: dict, unit: str) -> float | None:
    """A duration claim in the rule's unit, from a `word` capture (终身, same day) or `value` +
    `unit` captures (三年, 2-year, 48小时)."""
    scale = _TARGET_HOURS[unit]
    word = captures.get("word")
    if word:
        hours = _DURATION_WORDS.get(norm(word))
        return None if hours is None else hours / scale
    value = parse_number(captures.get("value") or "")
    unit_word = norm(captures.get("unit") or "")
    hours = _DURATION_HOURS.get(unit_word) or _DURATION_HOURS.get(unit_word.rstrip("s"))
    if value is None or hours is None:
        return None
    result = value * hours / scale
    # Twelve months are one year; avoid 11.99 from 8760 / 730.
    return round(result, 4)


@dataclass(frozen=True, slots=True)
class Quantity:
    dimension: str
    amount: float
    # The figure as written (number, unit) where a claim was read: operators that need the
    # claim's context (which dimension a length is said of) find it in the copy by this.
    written: tuple = _dc_field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.amount:g} ({self.dimension})"


_QUANTITY = re.compile(
    r"(\d+(?:\.\d+)?)\s*(fl\.?\s?oz|[a-z\u4e00-\u9fff\"]+)"
)


_EN_PACK = frozenset({"pack", "packs", "count", "pieces", "piece", "pcs", "pc", "ct", "set", "sets", "pk"})


@lru_cache(maxsize=8192)  # a catalog states the same quantities again and again
def read_quantity(value: str | None, unit: str | None) -> Quantity | None:
    number = parse_number(value or "")
    if number is None or not unit:
        return None
    written = (value, unit)
    unit = norm(unit).replace(".", "").replace(" ", "")
    lex = lexicon()
    if unit in ("floz", "oz fl"):
        unit = "fl oz"
    known = lex.units.get(unit) or lex.units.get(unit.replace("floz", "fl oz"))
    if unit == "ct" and "." in (value or ""):
        known = lex.units.get("carat")  # 0.11 ct: carats, a mass, not a count
    if known:
        dim, factor = known
        return Quantity(dim, round(number * factor, 4), written)
    if unit in _EN_PACK:
        return Quantity("count:pack", number)  # pack of 3, 3 pcs, 3 count, set of 3: one kind of count
    if unit in lex.count_words or unit in lex.pack_words:
        return Quantity("count:" + unit, number)
    return None


def quantities_in(value) -> tuple[Quantity, ...]:
    """Quantities stated in a spec value, with products of "A x B" forms (12 x 60 g = 720 g)."""
    return _quantities_in(str(value))


@lru_cache(maxsize=8192)  # spec values repeat across a catalog
def _quantities_in(text: str) -> tuple[Quantity, ...]:
    text = norm(text)
    out = []
    for m in _QUANTITY.finditer(text):
        q = read_quantity(m.group(1), m.group(2))
        if q is None and "\u4e00" <= m.group(2)[0] <= "\u9fff":
            unit = m.group(2)
            for k in range(len(unit), 0, -1):  # 100抽每卷: the unit is 抽
                q = read_quantity(m.group(1), unit[:k])
                if q:
                    break
        if q:
            out.append(q)
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(?:x|×|\*)\s*(\d+(?:\.\d+)?)\s*([a-z\u4e00-\u9fff]+)", text):
        q = read_quantity(m.group(2), m.group(3))
        if q:
            out.append(Quantity(q.dimension, round(q.amount * float(m.group(1)), 4)))
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*([a-z\u4e00-\u9fff]+)\s*(?:x|×|\*)\s*(\d+(?:\.\d+)?)", text):
        q = read_quantity(m.group(1), m.group(2))
        if q:
            out.append(Quantity(q.dimension, round(q.amount * float(m.group(3)), 4)))
    if not out:
        bare = re.fullmatch(r"\s*(\d+)\s*", text)
        if bare:
            out.append(Quantity("count:*", float(bare.group(1))))
    return tuple(out)


_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z\u4e00-\u9fff\"]*)\s*(?:-|–|~|至|到|to)\s*(\d+(?:\.\d+)?)\s*(fl\.?\s?oz|[a-z\u4e00-\u9fff\"]+)")


@lru_cache(maxsize=8192)
def ranges_in(text: str) -> tuple[tuple[str, float, float], ...]:
    """(dimension, low, high) of each range a spec value states: 8-12 inch, 1.5~2米, 3 to 5 kg."""
    out = []
    for m in _RANGE.finditer(norm(text)):
        hi = read_quantity(m.group(3), m.group(4))
        if hi is None:
            continue
        lo = read_quantity(m.group(1), m.group(2)) if m.group(2) else read_quantity(m.group(1), m.group(4))
        if lo is not None and lo.dimension == hi.dimension and lo.amount <= hi.amount:
            out.append((hi.dimension, lo.amount, hi.amount))
    return tuple(out)


def _number(value) -> float | None:
    if _is_number(value):
        return float(value)
    if isinstance(value, str):
        return parse_number(norm(value).replace(",", "")) if value.strip() else None
    return None


# --------------------------------------------------------------------------- dates

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_WORD = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_CN_NUM = r"[0-9]{1,2}|[一二两三四五六七八九十]{1,3}"


def read_month_day(text: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a deadline written as 12月12日, 2026年12月1日, 12/12, 12.12,
    December 1, 2026, Dec. 1st, 1 December; None when there is no readable date."""
    t = norm(text)
    m = re.search(r"(?:(\d{4})\s*[年/.-]\s*)?(" + _CN_NUM + r")\s*月\s*(" + _CN_NUM + r")\s*[日号]?", t)
    if m:
        year, month, day = m.group(1), parse_number(m.group(2)), parse_number(m.group(3))
    else:
        m = re.search(_MONTH_WORD + r"\s*(\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*(\d{4}))?", t)
        if m:
            month, day, year = _MONTH_NAMES.get(m.group(1)), float(m.group(2)), m.group(3)
        else:
            m = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_WORD + r"(?:\s*,?\s*(\d{4}))?", t)
            if m:
                day, month, year = float(m.group(1)), _MONTH_NAMES.get(m.group(2)), m.group(3)
            else:
                m = re.search(r"(?:(\d{4})[/.-])?(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?(?![\d])", t)
                if not m:
                    return None
                month, day = float(m.group(2)), float(m.group(3))
                year = m.group(1) or m.group(4)
                if year and len(year) == 2:
                    year = "20" + year
    if not month or not day or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return (int(year) if year else None, int(month), int(day))


# --------------------------------------------------------------------------- durations in words
# (warranty-mismatch: 三年质保 / two-year warranty / lifetime; origin-mismatch: 原装进口)

_EN_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36, "sixty": 60, "ninety": 90,
}
_LIFETIME = re.compile(r"lifetime|life\s*time|for\s+life|forever|终身|终生|永久|一辈子")
_DURATION_TEXT: "re.Pattern | None" = None


def duration_in(text: str, unit: str = "months", bare: bool = False) -> float | None:
    """The duration a text states, in `unit`: 三年 / 2-year / two years / 18个月 / lifetime (inf).
    With `bare`, a plain number (a fact such as warranty.months: 24) is already in `unit`."""
    global _DURATION_TEXT
    if _DURATION_TEXT is None:
        words = "|".join(sorted((re.escape(w) for w in _EN_NUMBER_WORDS), key=len, reverse=True))
        _DURATION_TEXT = re.compile(
            r"(?P<value>" + NUMBER + r"|(?<![a-z])(?:" + words + r"))\s*[- ]?\s*"
            r"(?P<unit>years?|yrs?|months?|mos?|weeks?|days?|个月|月|年|周|星期|天|日)(?![a-z])"
        )
    t = re.sub(r"[()]", " ", norm(str(text)))  # two (2) years
    if _LIFETIME.search(t):
        return math.inf
    m = _DURATION_TEXT.search(t)
    if m is None:
        return _number(t) if bare else None
    value = m.group("value")
    number = _EN_NUMBER_WORDS.get(value)
    if number is None:
        number = parse_number(value)
    unit_word = m.group("unit")
    hours = _DURATION_HOURS.get(unit_word) or _DURATION_HOURS.get(unit_word.rstrip("s"))
    if number is None or hours is None:
        return None
    return round(number * hours / _TARGET_HOURS[unit], 4)
