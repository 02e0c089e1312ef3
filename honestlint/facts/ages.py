"""Age ranges (stage 3, facts): the ages a toy or a garment is for (ages 3+, 8-12 years,
36 months - 10 years, 3岁以上), read as a range of years, and age_compatible, which compares a
claimed range with the age spec by age grade. It registers in OPERATORS on import.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from ..text.normalize import norm
from .operators import Check, _each, operator


# Ages: "ages 3+", "3 years and up", "8-12 years", "36 months - 10 years", 3-6岁, 3岁以上.
_AGE_UNIT = r"(years?|yrs?|months?|mos?|岁|个月|月)"
_AGE_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*" + _AGE_UNIT + r"?\s*(?:-|–|~|to|至|到)\s*(\d+(?:\.\d+)?)\s*" + _AGE_UNIT)
_AGE_FROM = re.compile(r"(\d+(?:\.\d+)?)\s*" + _AGE_UNIT + r"?\s*(?:old\s*)?(?:\+|and\s*(?:up|older|above|over)|&\s*up|or\s*older|以上|及以上|plus)")
_AGE_ONE = re.compile(r"(\d+(?:\.\d+)?)\s*" + _AGE_UNIT)


def _years(number: str, unit: str | None) -> float:
    n = float(number)
    return n / 12 if unit and (unit.startswith("mo") or "月" in unit) else n


@lru_cache(maxsize=4096)
def age_range(text: str, bare_years: bool = False) -> tuple[float, float] | None:
    """(youngest, oldest) in years an age statement names; oldest is inf for '3+'."""
    t = norm(text)
    m = _AGE_SPAN.search(t)
    if m:
        lo_unit = m.group(2) or m.group(4)
        return (_years(m.group(1), lo_unit), _years(m.group(3), m.group(4)))
    m = _AGE_FROM.search(t)
    if m and (m.group(2) or bare_years or re.search(r"age|岁", t)):
        return (_years(m.group(1), m.group(2)), math.inf)
    if bare_years:  # ages 2-4, ages 8 to 12: years
        m = re.search(r"(\d+(?:\.\d+)?)\s*(?:-|–|~|to|至|到)\s*(\d+(?:\.\d+)?)", t)
        if m:
            return (float(m.group(1)), float(m.group(2)))
    m = _AGE_ONE.search(t)
    if m:
        y = _years(m.group(1), m.group(2))
        return (y, y)
    return None


# Age grades (years) after the CPSC age-determination guidelines and the 36-month small-parts
# boundary: under 18 months, 18 months to 3, 3 to 5, 6 to 8, 9 to 11, 12 to 14, 15 and up.
_AGE_GRADES = (1.5, 3, 6, 9, 12, 15)


def _age_grade(years: float) -> int:
    return sum(1 for edge in _AGE_GRADES if years >= edge - 1e-9)


@operator("age_compatible")
def _age_compatible(c: Check):
    """A stated age range (ages 3+, for kids 8-12, 3岁以上) fits the age spec: the copy must not
    name children of a younger age grade than the spec's youngest age (ages 3+ against 8 years
    and up; ages 2+ against 3 years and up, the small-parts boundary). Within one grade (3+ vs
    5-15 years) the difference is the seller's rounding; an older or narrower range than the
    spec's is the seller's recommendation, not a contradiction."""
    claimed = age_range(str(c.claim), bare_years=True)
    if claimed is None:
        return None

    def ok(value):
        stated = age_range(str(value))
        if stated is None:
            return True
        return _age_grade(claimed[0]) >= _age_grade(stated[0])

    return _each(c, ok)
