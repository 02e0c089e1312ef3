"""Fact operators (stage 3, facts): does the claimed value hold against the listing's facts?

A claim rule names an operator; the operator gets a Check (the facts its path resolved to, the
claimed value, the rule's params, the as-of date, the listing) and returns None when the claim
holds, or the Fact that contradicts it. A rule fires when it does not hold; where the fact is
missing, the rule's `missing` setting decides. `@operator` registers a function in OPERATORS at
import; the attribute operators have modules of their own (materials, item_attributes,
quantities, ages, model_numbers).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from ..text.lexicon import lexicon
from ..text.normalize import norm
from .paths import Fact, _is_number
from .readers import _number, duration_in, read_month_day


@dataclass(slots=True)
class Check:
    """Everything an operator may look at."""

    facts: list[Fact]
    claim: Any
    expect: Any
    params: dict
    as_of: _dt.date
    listing: dict
    copy_text: Callable[[], str]


# An operator returns None when the claim holds, or the Fact that contradicts it (a Fact with
# value None when the contradiction is the absence of something, as for an empty list).
Operator = Callable[[Check], "Fact | None"]
OPERATORS: dict[str, Operator] = {}
# Operators that read the whole list of facts instead of one fact at a time.
LIST_OPERATORS: set[str] = set()


def operator(name: str, whole_list: bool = False):
    def register(fn):
        OPERATORS[name] = fn
        if whole_list:
            LIST_OPERATORS.add(name)
        return fn
    return register


def _target(c: Check):
    return c.expect if c.expect is not None else c.claim


def _each(c: Check, ok: Callable[[Any], bool | None]) -> Fact | None:
    """Holds when any fact satisfies `ok`; otherwise the first fact contradicts."""
    for fact in c.facts:
        if ok(fact.value):
            return None
    return c.facts[0]


def _compare(c: Check, test) -> Fact | None:
    target = _number(_target(c))
    if target is None:
        return None

    def ok(value):
        number = _number(value)
        return number is None or test(number, target)  # an unreadable fact is not evidence

    return _each(c, ok)


@operator("equal")
def _equal(c: Check):
    target = _target(c)
    if _number(target) is not None:
        return _compare(c, lambda f, t: abs(f - t) <= max(0.005, abs(t) * 1e-6))
    return _each(c, lambda v: norm(str(v)) == norm(str(target)))


@operator("at_most")
def _at_most(c: Check):
    return _compare(c, lambda f, t: f <= t + 1e-9)


@operator("at_least")
def _at_least(c: Check):
    return _compare(c, lambda f, t: f >= t - 1e-9)


@operator("is_true")
def _is_true(c: Check):
    return _each(c, lambda v: v is True)


@operator("non_empty", whole_list=True)
def _non_empty(c: Check):
    if any(isinstance(f.value, list) and f.value for f in c.facts):
        return None
    return c.facts[0] if c.facts else Fact(None, ())


@operator("matches")
def _matches(c: Check):
    pattern = re.compile(str(_target(c)))
    return _each(c, lambda v: bool(pattern.search(norm(str(v)))))


@operator("not_matches")
def _not_matches(c: Check):
    pattern = re.compile(str(_target(c)))
    return _each(c, lambda v: not pattern.search(norm(str(v))))


@operator("contains", whole_list=True)
def _contains(c: Check):
    """The fact list holds the claimed item (certifications contain 3C); aliases in `params.same`."""
    wanted = _canonical(str(_target(c)), c.params)
    for fact in c.facts:
        items = fact.value if isinstance(fact.value, list) else [fact.value]
        for item in items:
            have = _canonical(str(item), c.params)
            # "UL Listed" backs "UL": compare whole words of the spaced text too.
            spaced = norm(str(item))
            if have == wanted or re.search(r"(?<![a-z0-9])" + re.escape(wanted) + r"(?![a-z0-9])", spaced):
                return None
    return c.facts[0] if c.facts else Fact([], ())


@lru_cache(maxsize=65536)
def _compact(text: str) -> str:
    """A name without spaces, hyphens, underscores or dots ("UL Listed" -> "ullisted")."""
    return re.sub(r"[\s\-_.]+", "", norm(text))


def _canonical(text: str, params: dict) -> str:
    text = _compact(str(text))
    same = params.get("same")
    if not same:
        return text
    return _alias_table(same).get(text, text)


_ALIAS_TABLES: dict[int, tuple[dict, dict]] = {}


def _alias_table(same: dict) -> dict:
    """name (compacted) -> its canonical name, for a rule's `same` setting: the first entry
    naming it wins, as a walk over the entries in order would find. Kept per setting (a rule's
    params live as long as the rule), so a claim costs one lookup, not a walk over every alias."""
    known = _ALIAS_TABLES.get(id(same))
    if known is not None and known[0] is same:
        return known[1]
    table: dict[str, str] = {}
    for canonical, names in same.items():
        canonical_name = norm(canonical)
        table.setdefault(canonical_name, canonical_name)
        for name in names:
            table.setdefault(_compact(str(name)), canonical_name)
    if len(_ALIAS_TABLES) > 64:
        _ALIAS_TABLES.clear()
    _ALIAS_TABLES[id(same)] = (same, table)
    return table


@operator("same_country")
def _same_country(c: Check):
    lex = lexicon()
    claimed = lex.countries_in(str(c.claim))
    if not claimed:
        return None

    def ok(value):
        stated = lex.countries_in(str(value))
        return not stated or bool(stated & claimed)

    return _each(c, ok)


@operator("not_same_country")
def _not_same_country(c: Check):
    """"Imported" claims: the origin must be a country other than the claimed market."""
    lex = lexicon()
    claimed = lex.countries_in(str(_target(c)))

    def ok(value):
        stated = lex.countries_in(str(value))
        return not stated or not (stated & claimed)

    return _each(c, ok)


@operator("brand_is")
def _brand_is(c: Check):
    """The named brand is the listing's own brand (so 同款 / "style" rides no one else's name)."""
    claimed = re.sub(r"\W+", "", norm(str(c.claim)))
    return _each(c, lambda v: bool(claimed) and (claimed in re.sub(r"\W+", "", norm(str(v))) or re.sub(r"\W+", "", norm(str(v))) in claimed))


@operator("in_history", whole_list=True)
def _in_history(c: Check):
    """The claimed reference price was charged within `window_days` before the as-of date."""
    claimed = _number(c.claim)
    if claimed is None:
        return None
    window = int(c.params.get("window_days", 30))
    earliest = c.as_of - _dt.timedelta(days=window)
    for fact in c.facts:
        item = fact.value
        if not isinstance(item, dict):
            continue
        price = _number(item.get("price"))
        day = _parse_date(item.get("date"))
        if price is None or day is None:
            continue
        if earliest <= day <= c.as_of and abs(price - claimed) <= 0.005:
            return None
    return Fact([f.value for f in c.facts], c.facts[0].path[:-1]) if c.facts else Fact(None, ())


def _parse_date(value) -> _dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _readable(c: Check, read) -> list[tuple[Any, Fact]]:
    """(value read, fact) for each fact that `read` can make sense of."""
    out = []
    for fact in c.facts:
        value = read(fact.value)
        if value is not None:
            out.append((value, fact))
    return out


def _ratings(c: Check) -> list[tuple[float, Fact]]:
    return _readable(c, _number)


@operator("min_at_least", whole_list=True)
def _min_at_least(c: Check):
    ratings = _ratings(c)
    target = _number(_target(c))
    if not ratings or target is None:
        return None
    low = min(ratings, key=lambda r: r[0])
    return None if low[0] >= target else low[1]


@operator("mean_at_least", whole_list=True)
def _mean_at_least(c: Check):
    ratings = _ratings(c)
    target = _number(_target(c))
    if not ratings or target is None:
        return None
    mean = sum(r for r, _ in ratings) / len(ratings)
    if mean >= target - 0.05:
        return None
    return Fact(round(mean, 2), ratings[0][1].path[:-2] or ratings[0][1].path)


@operator("share_at_least", whole_list=True)
def _share_at_least(c: Check):
    """The share (in percent) of facts at or above `params.threshold` is at least the claim."""
    ratings = _ratings(c)
    target = _number(_target(c))
    if not ratings or target is None:
        return None
    threshold = float(c.params.get("threshold", 4))
    share = 100.0 * sum(1 for r, _ in ratings if r >= threshold) / len(ratings)
    if share >= target - 0.5:
        return None
    return Fact(f"{share:.0f}%", ratings[0][1].path[:-2] or ratings[0][1].path)


@operator("sum_at_least", whole_list=True)
def _sum_at_least(c: Check):
    target = _number(_target(c))
    numbers = [(_number(f.value), f) for f in c.facts]
    numbers = [(n, f) for n, f in numbers if n is not None]
    if target is None or not numbers:
        return None
    total = sum(n for n, _ in numbers)
    return None if total >= target else Fact(total, numbers[0][1].path)


@operator("ends_on_as_of", whole_list=True)
def _ends_on_as_of(c: Check):
    """Some deadline (an ISO date-time) falls on the as-of date or the day after."""
    for fact in c.facts:
        day = _parse_date(fact.value)
        if day is not None and c.as_of <= day <= c.as_of + _dt.timedelta(days=1):
            return None
    return c.facts[0]


@operator("date_matches", whole_list=True)
def _date_matches(c: Check):
    """Some deadline falls on the claimed month and day (captures `month` and `day`)."""
    month, day = c.claim if isinstance(c.claim, tuple) else (None, None)
    if month is None:
        return None
    for fact in c.facts:
        when = _parse_date(fact.value)
        if when is not None and when.month == month and when.day == day:
            return None
    return c.facts[0]


@operator("mentioned_in_copy")
def _mentioned_in_copy(c: Check):
    """Each gift's name is stated in the copy (or it is more of the same item: 同款 / same)."""
    copy = c.copy_text()

    def ok(value):
        name = norm(str(value.get("name", "")) if isinstance(value, dict) else str(value))
        if not name:
            return False
        if re.search(r"同款|同一款|same item|same product|extra|another", name):
            return True
        han = re.findall(r"[\u4e00-\u9fff]{2,}", name)
        for run in han:
            for k in range(len(run) - 1):
                if run[k:k + 2] in copy:
                    return True
        for word in re.findall(r"[a-z]{4,}", name):
            if re.search(r"(?<![a-z])" + re.escape(word), copy):
                return True
        return False

    for fact in c.facts:
        if not ok(fact.value):
            return fact
    return None


# --------------------------------------------------------------------------- prices and deadlines
# Operators for price-reference, hidden-fee and urgency-fake rules. Each reads the whole fact list
# (the `price` object, or every `promotions[].ends_at`) and stays silent (holds) when the listing
# does not give what it needs.

def _price_fact(c: Check) -> Fact | None:
    for fact in c.facts:
        if isinstance(fact.value, dict):
            return fact
    return None


@operator("reference_in_history", whole_list=True)
def _reference_in_history(c: Check):
    """price.reference was charged (a price.history entry) within `params.window_days` (default 30)
    before the as-of date. Holds when the listing gives no reference or no history."""
    fact = _price_fact(c)
    if fact is None:
        return None
    ref = _number(fact.value.get("reference"))
    history = fact.value.get("history")
    if ref is None or not isinstance(history, list) or not history:
        return None
    earliest = c.as_of - _dt.timedelta(days=int(c.params.get("window_days", 30)))
    for item in history:
        if not isinstance(item, dict):
            continue
        price, day = _number(item.get("price")), _parse_date(item.get("date"))
        if price is not None and day is not None and earliest <= day <= c.as_of and abs(price - ref) <= 0.005:
            return None
    return Fact(ref, fact.path + ("reference",))


@operator("discount_percent_matches", whole_list=True)
def _discount_percent_matches(c: Check):
    """A claimed share off (Save 60%, 60% off; with `params.form: zhe` a 折 rate: 5折, 8.5折, 85折,
    半价) is no larger than the share price.reference -> price.current gives, within
    `params.tolerance` percentage points (default 1). Holds without both prices."""
    fact = _price_fact(c)
    claimed = _number(c.claim)
    if fact is None or claimed is None:
        return None
    ref, cur = _number(fact.value.get("reference")), _number(fact.value.get("current"))
    if ref is None or cur is None or ref <= 0:
        return None
    if c.params.get("form") == "zhe":
        paid = claimed / 100 if claimed >= 10 else claimed / 10 if claimed >= 1 else claimed
        if not 0 < paid < 1:
            return None
        claimed_off = 100 * (1 - paid)
    else:
        claimed_off = claimed
    actual = 100 * (ref - cur) / ref
    if claimed_off <= actual + float(c.params.get("tolerance", 1)):
        return None
    return Fact(round(actual, 1), fact.path + ("current",))


def _offered_prices(c: Check, fact: Fact) -> list[tuple[float, tuple]]:
    """Every price the listing offers: price.current, price.min, price.variants[], and the price
    of each item of a top-level variants / skus / options list."""
    out = []
    price = fact.value
    for key in ("current", "min"):
        number = _number(price.get(key))
        if number is not None:
            out.append((number, fact.path + (key,)))
    lists = [(price.get("variants"), fact.path + ("variants",))]
    lists += [(c.listing.get(k), (k,)) for k in ("variants", "skus", "options")]
    for items, path in lists:
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            value = item.get("price", item.get("current")) if isinstance(item, dict) else item
            number = _number(value) if not isinstance(value, dict) else _number(value.get("current"))
            if number is not None:
                out.append((number, path + (i,)))
    return out


@operator("pays_at_most", whole_list=True)
def _pays_at_most(c: Check):
    """The lowest price the listing offers (plus shipping.fee with `params.add_shipping: true`) is at
    most the claimed headline price (仅需39元, 9.9元起, Only $9.99, $29.99 delivered)."""
    fact = _price_fact(c)
    claimed = _number(c.claim)
    if fact is None or claimed is None or claimed <= 0:
        return None  # a zero price is a "free" claim (free-misuse), not a headline price
    offered = _offered_prices(c, fact)
    if not offered:
        return None
    low, path = min(offered, key=lambda p: p[0])
    fee = 0.0
    if c.params.get("add_shipping"):
        shipping = c.listing.get("shipping")
        fee = (_number(shipping.get("fee")) if isinstance(shipping, dict) else None) or 0.0
    total = round(low + fee, 2)
    if total <= claimed + 0.005:
        return None
    if c.params.get("count_discounts"):
        # A live, unconditional discount promotion (下单立减20元, 结帐折100元, 15% off) lowers what
        # the buyer pays; a threshold (满300, orders over $50) makes it a condition instead.
        promotions = c.listing.get("promotions")
        for promo in promotions if isinstance(promotions, list) else []:
            after = _after_discount(promo, low, c.as_of)
            if after is not None and round(after + fee, 2) <= claimed + 0.005:
                return None
    return Fact(total, path)


def _after_discount(promo, price: float, as_of: _dt.date) -> float | None:
    if not isinstance(promo, dict):
        return None
    reward = promo.get("reward")
    if not isinstance(reward, dict) or reward.get("type") != "discount":
        return None
    value = _number(reward.get("value"))
    starts, ends = _parse_date(promo.get("starts_at")), _parse_date(promo.get("ends_at"))
    if value is None or value <= 0 or (starts and starts > as_of) or (ends and ends < as_of):
        return None
    words = norm(f"{promo.get('text') or ''} {promo.get('terms') or ''}")
    if re.search(r"满|每满|以上|第[二2]件|over\s*\$|orders?\s+(?:of|above|over)|spend|minimum|when\s+you\s+buy", words):
        return None
    if "%" in words or re.search(r"\d\s*折|[一二三四五六七八九]折", words):
        return price * (1 - value / 100) if value < 100 else None
    return price - value if value < price else None


def _deadlines(c: Check) -> list[tuple[_dt.date, Fact]]:
    return _readable(c, _parse_date)


@operator("deadline_matches", whole_list=True)
def _deadline_matches(c: Check):
    """Some deadline falls on the claimed date, read from the claim's text (12月12日, 12/12,
    December 1, 2026); the year is compared only when the claim states one."""
    claimed = read_month_day(str(c.claim))
    if claimed is None:
        return None
    year, month, day = claimed
    deadlines = _deadlines(c)
    for when, _fact in deadlines:
        if when.month == month and when.day == day and (year is None or when.year == year):
            return None
    return deadlines[0][1] if deadlines else (c.facts[0] if c.facts else Fact(None, ()))


@operator("ends_on_or_after_as_of", whole_list=True)
def _ends_on_or_after_as_of(c: Check):
    """Some deadline falls on the as-of date or later (a 限时 / limited-time claim has a live end)."""
    deadlines = _deadlines(c)
    for when, _fact in deadlines:
        if when >= c.as_of:
            return None
    return max(deadlines, key=lambda d: d[0])[1] if deadlines else (c.facts[0] if c.facts else Fact(None, ()))


@operator("ends_within_days", whole_list=True)
def _ends_within_days(c: Check):
    """Some deadline falls between the as-of date and the claimed number of days after it
    (仅剩3天, ends in 48 hours, last 2 days)."""
    days = _number(c.claim)
    if days is None:
        return None
    latest = c.as_of + _dt.timedelta(days=math.ceil(days))
    deadlines = _deadlines(c)
    for when, _fact in deadlines:
        if c.as_of <= when <= latest:
            return None
    return deadlines[0][1] if deadlines else (c.facts[0] if c.facts else Fact(None, ()))


# --------------------------------------------------------------------------- durations, origins, free

@operator("duration_at_least")
def _duration_at_least(c: Check):
    """The fact (a number in `params.unit`, default months, or a text such as "2 years") is at
    least the claimed duration, read from the claim text (三年, two-year, 18 months, lifetime)."""
    unit = str(c.params.get("unit", "months"))
    target = _target(c)
    claimed = float(target) if _is_number(target) else duration_in(str(target), unit)
    if claimed is None:
        return None

    def ok(value):
        have = float(value) if _is_number(value) else duration_in(str(value), unit, bare=True)
        return have is None or have >= claimed - 1e-6  # an unreadable fact is not evidence

    return _each(c, ok)


@operator("origin_abroad")
def _origin_abroad(c: Check):
    """An import claim that names no country (原装进口, "Imported"): the origin must be a country
    other than the one the listing ships from (shipping.ships_from). Silent when either is unknown."""
    lex = lexicon()
    shipping = c.listing.get("shipping") if isinstance(c.listing, dict) else None
    ships_from = shipping.get("ships_from") if isinstance(shipping, dict) else None
    home = lex.countries_in(str(ships_from)) if ships_from else set()
    if not home:
        return None

    def ok(value):
        stated = lex.countries_in(str(value))
        return not stated or not (stated & home)

    return _each(c, ok)


@operator("price_is_zero", whole_list=True)
def _price_is_zero(c: Check):
    """Every price fact is 0 (a free claim holds). With `params.unless_gifts: true` the claim also
    holds when the listing ships gifts (免费送 then names a gift, which gift-unbacked checks)."""
    if c.params.get("unless_gifts"):
        gifts = c.listing.get("gifts")
        if isinstance(gifts, list) and gifts:
            return None
    for fact in c.facts:
        number = _number(fact.value)
        if number is not None and number > 0.005:
            return fact
    return None
