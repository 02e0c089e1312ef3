"""Structured facts of a listing, and the operators that compare a claim with them.

A `claim` rule names a fact by a small path language:

    shipping.fee                      a value
    promotions[].ends_at              every element of a list
    promotions[reward.value={amount}] elements whose field equals a capture (or a literal)
    spec:colour                       a spec under any of its alias names (颜色 / color / ...)
    price.reference - price.current   sums and differences of numeric facts

and an operator that must hold between the fact and the claimed value. A rule fires when it
does not hold; where the fact is missing, the rule's `missing` setting decides.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field as _dc_field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Callable

import yaml

from ..text.normalize import normalize
from ..text.numerals import parse_number


@lru_cache(maxsize=65536)
def _norm_cached(text: str) -> str:
    return normalize(text).text.strip()


def norm(text) -> str:
    """The normalised form of a fact or lexicon string (cached: spec names and values repeat
    across a catalog)."""
    text = str(text)
    return _norm_cached(text) if len(text) < 200 else normalize(text).text.strip()


@dataclass(slots=True)
class Fact:
    value: Any
    path: tuple

    @property
    def label(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out


# --------------------------------------------------------------------------- lexicon

class Lexicon:
    """The shared vocabulary in data/lexicon.yaml, normalised like copy."""

    def __init__(self, raw: dict):
        self.spec_aliases: dict[str, tuple[set[str], str | None]] = {}
        for group, entry in raw["spec_aliases"].items():
            if isinstance(entry, dict):
                names, field = entry["names"], entry.get("field")
            else:
                names, field = entry, None
            self.spec_aliases[group] = ({norm(n) for n in names}, field)
        self.colour_family = {norm(w): fam for fam, words in raw["colours"].items() for w in words}
        self.shades = {norm(w): side for side, words in raw["shades"].items() for w in words}
        self.material_family: dict[str, str] = {}
        self.pure_material: dict[str, str] = {}
        self.generic_materials: set[str] = set()
        self.generic_metals: set[str] = set()
        for fam, entry in raw["materials"].items():
            for w in entry["words"]:
                self.material_family[norm(w)] = fam
            for w in entry.get("pure", []):
                self.pure_material[norm(w)] = fam
            if entry.get("generic") is True:
                self.generic_materials.add(fam)
            elif entry.get("generic") == "metal":
                self.generic_metals.add(fam)
        subjects = raw.get("item_subjects", {})
        self.item_subjects = {norm(w) for words in subjects.values() for w in words}
        self.part_words = {norm(w) for words in raw.get("part_words", {}).values() for w in words}
        self.generic_material_values = {norm(w) for w in raw.get("generic_material_values", [])}
        self.composition_labels = {norm(w) for w in raw.get("composition_labels", [])}
        self.dimension_of = {norm(w): dim for dim, words in raw.get("dimensions", {}).items() for w in words}
        self.country = {norm(w): code for code, words in raw["countries"].items() for w in words}
        self.units: dict[str, tuple[str, float]] = {}
        for dim, table in raw["units"].items():
            for unit, factor in table.items():
                self.units.setdefault(norm(unit), (dim, float(factor)))
        self.count_words = {norm(w) for w in raw["count_words"]}
        self.pack_words = {norm(w) for w in raw["pack_words"]}
        # What a spec value or a claim names: the same strings come back listing after listing
        # ("100% cotton", "China"). Callers only read the results, which are shared.
        self.materials_in = lru_cache(maxsize=4096)(self._materials_in)
        self.colours_in = lru_cache(maxsize=4096)(self._colours_in)
        self.countries_in = lru_cache(maxsize=4096)(self._countries_in)

    # The word patterns are compiled on first use: most runs read facts for a few rules only.
    @cached_property
    def _material_re(self) -> re.Pattern:
        return _longest_first(self.material_family)

    @cached_property
    def _colour_re(self) -> re.Pattern:
        return _longest_first(self.colour_family)

    @cached_property
    def _country_re(self) -> re.Pattern:
        return _longest_first(self.country)

    def _materials_in(self, text: str) -> dict[str, float | None]:
        """Material families named in `text`, with a stated percentage where there is one."""
        text = norm(text)
        found: dict[str, float | None] = {}
        for m in self._material_re.finditer(text):
            if text[max(0, m.start() - 1):m.start()] == "镀" or _PLATED.match(text, m.end()):
                continue  # 镀银, gold-plated, rose gold tone: a finish, not the material
            fam = self.material_family[m.group(0)]
            pct = _percent_near(text, m.start(), m.end())
            if fam not in found or (found[fam] is None and pct is not None):
                found[fam] = pct
        return found

    def _colours_in(self, text: str) -> list[tuple[str, str | None]]:
        """(family, shade) of each colour word in `text`."""
        text = norm(text)
        out = []
        for m in self._colour_re.finditer(text):
            shade = None
            for k in range(max(0, m.start() - 6), m.start()):
                side = self.shades.get(text[k:m.start()].strip())
                if side:
                    shade = side
                    break
            word = m.group(0)
            if shade is None:
                for prefix, side in self.shades.items():
                    if word.startswith(prefix) and len(word) > len(prefix):
                        shade = side
            out.append((self.colour_family[word], shade))
        return out

    def _countries_in(self, text: str) -> set[str]:
        return {self.country[m.group(0)] for m in self._country_re.finditer(norm(text))}


_PLATED = re.compile(r"\s*-?\s*(?:plated|plating|filled|tone|toned|finish|镀层|色)")


def _longest_first(words) -> re.Pattern:
    alternatives = sorted(words, key=len, reverse=True)
    # Latin words need word boundaries ("us" must not match inside "bus"); Han words do not.
    parts = [
        (r"(?<![a-z0-9])" + re.escape(w) + r"(?![a-z0-9])") if re.search(r"[a-z0-9]", w) else re.escape(w)
        for w in alternatives
    ]
    return re.compile("|".join(parts))


def _percent_near(text: str, start: int, end: int) -> float | None:
    before = re.search(r"(\d+(?:\.\d+)?)\s*%\s*$", text[max(0, start - 8):start])
    if before:
        return float(before.group(1))
    after = re.match(r"\s*(?:含量)?\s*(\d+(?:\.\d+)?)\s*%", text[end:end + 10])
    if after:
        return float(after.group(1))
    return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available
    with resources.files("honestlint").joinpath("data/lexicon.yaml").open("r", encoding="utf-8") as fh:
        return Lexicon(yaml.load(fh, Loader=loader))  # noqa: S506 - a safe loader


# --------------------------------------------------------------------------- fact paths

_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[([^\]]*)\])?")


@dataclass(frozen=True, slots=True)
class FactPath:
    """A compiled fact path; `terms` is a list of (sign, segments) for sums and differences."""

    source: str
    terms: tuple

    @staticmethod
    def parse(source: str) -> "FactPath":
        terms = []
        sign = 1
        for token in re.split(r"\s+([+-])\s+", source.strip()):
            if token in "+-":
                sign = 1 if token == "+" else -1
                continue
            if token.startswith("spec:"):
                terms.append((sign, ("spec", token[5:].strip())))
                continue
            segments = []
            pos = 0
            for m in _SEGMENT.finditer(token):
                if m.start() != pos:
                    raise ValueError(f"bad fact path {source!r}")
                name, selector = m.group(1), m.group(2)
                flt = None
                if selector:
                    if "=" not in selector:
                        raise ValueError(f"bad filter [{selector}] in fact path {source!r}")
                    key, want = selector.split("=", 1)
                    flt = (tuple(key.strip().split(".")), want.strip())
                segments.append((name, selector is not None, flt))
                pos = m.end() + (1 if m.end() < len(token) and token[m.end()] == "." else 0)
            if pos < len(token):
                raise ValueError(f"bad fact path {source!r}")
            terms.append((sign, tuple(segments)))
        if not terms:
            raise ValueError("empty fact path")
        return FactPath(source, tuple(terms))

    def resolve(self, data: dict, captures: dict) -> list[Fact]:
        """The facts this path names in `data`; an empty list when they are missing."""
        if len(self.terms) == 1 and self.terms[0][0] == 1:
            return _resolve_term(data, self.terms[0][1], captures)
        total = 0.0
        first = None
        for sign, segments in self.terms:
            facts = _resolve_term(data, segments, captures)
            numbers = [f for f in facts if _is_number(f.value)]
            if not numbers:
                return []
            total += sign * float(numbers[0].value)
            first = first or numbers[0]
        return [Fact(round(total, 6), first.path if first else ())]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@lru_cache(maxsize=None)
def _plain_names(segments) -> tuple | None:
    """The member names of a path made of plain members only (shipping.fee), else None."""
    if not segments or segments[0] == "spec" or any(is_list or flt for _name, is_list, flt in segments):
        return None
    return tuple(name for name, _is_list, _flt in segments)


def _resolve_term(data: dict, segments, captures: dict) -> list[Fact]:
    names = _plain_names(segments)
    if names is not None:
        # Most paths name one value through plain members: no list to fan out over.
        value = data
        for name in names:
            if not isinstance(value, dict) or name not in value:
                return []
            value = value[name]
        return [] if value is None else [Fact(value, names)]
    if segments and segments[0] == "spec":
        return spec_facts(data, segments[1])
    return _walk(data, segments, captures)


def _walk(data: dict, segments, captures: dict) -> list[Fact]:
    """The facts a path's segments name, one segment at a time over every value so far."""
    current = [Fact(data, ())]
    for name, is_list, flt in segments:
        nxt = []
        for fact in current:
            if not isinstance(fact.value, dict) or name not in fact.value:
                continue
            value = fact.value[name]
            path = fact.path + (name,)
            if not is_list:
                nxt.append(Fact(value, path))
                continue
            if isinstance(value, dict) and flt is None:
                # name[] over an object: each of its values, keyed by name (specs[]).
                nxt.extend(Fact(v, path + (k,)) for k, v in value.items())
                continue
            if not isinstance(value, list):
                continue
            for i, item in enumerate(value):
                if flt is None or _filter_ok(item, flt, captures):
                    nxt.append(Fact(item, path + (i,)))
        current = nxt
    return [f for f in current if f.value is not None]


def _filter_ok(item, flt, captures) -> bool:
    keys, want = flt
    value = item
    for key in keys:
        if not isinstance(value, dict):
            return False
        value = value.get(key)
    if want.startswith("{") and want.endswith("}"):
        want = captures.get(want[1:-1])
    if _is_number(value):
        wanted = want if _is_number(want) else parse_number(str(want)) if want is not None else None
        return wanted is not None and abs(float(value) - float(wanted)) < 1e-6
    return value is not None and norm(str(value)) == norm(str(want))


def spec_facts(data: dict, group: str) -> list[Fact]:
    """Facts of one attribute under any of its alias names, top-level field first."""
    aliases = lexicon().spec_aliases.get(group)
    if aliases is None:
        raise ValueError(f"unknown spec group {group!r}")
    names, field = aliases
    out = []
    if field and data.get(field) not in (None, ""):
        out.append(Fact(data[field], (field,)))
    specs = data.get("specs")
    if isinstance(specs, dict):
        squashed = _spec_names(group)
        for key, value in specs.items():
            if value not in (None, "") and (norm(str(key)) in names or _key_in(str(key), squashed)):
                out.append(Fact(value, ("specs", key)))
    return out


def _key_in(key: str, squashed: frozenset) -> bool:
    """A spec name is one of these (squashed) names, written in any spacing or case, singular or
    plural ("Compatible Model", "compatible_models", "ItemWeight")."""
    k = _squash(key)
    return k in squashed or (k.endswith("s") and k[:-1] in squashed) or (k + "s") in squashed


# --------------------------------------------------------------------------- claim readers

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


# --------------------------------------------------------------------------- operators

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


def _number(value) -> float | None:
    if _is_number(value):
        return float(value)
    if isinstance(value, str):
        return parse_number(norm(value).replace(",", "")) if value.strip() else None
    return None


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


@operator("colour_compatible")
def _colour_compatible(c: Check):
    claim = norm(str(c.claim))
    if not lexicon().colours_in(claim):
        return None
    return _each(c, lambda value: colour_ok(claim, str(value)))


@operator("material_compatible")
def _material_compatible(c: Check):
    claim = norm(str(c.claim))
    return _each(c, lambda value: material_ok(claim, str(value)))


@lru_cache(maxsize=4096)  # spec names repeat across a catalog
def _squash(name: str) -> str:
    """A spec name without spaces or punctuation: "Item Weight", "ItemWeight", "item_weight"."""
    return re.sub(r"[\W_]+", "", norm(name))


@lru_cache(maxsize=None)
def _spec_names(*groups: str) -> frozenset:
    """The alias names of these spec groups, squashed."""
    return frozenset(_squash(n) for g in groups for n in lexicon().spec_aliases[g][0])


_MULTI_DIMENSION = re.compile(r"\d\s*(?:[a-z\"]+\s*)?[x×*]\s*\d", re.IGNORECASE)


_NET_KEY = re.compile(r"净|net|content|内容")


def _close(claimed: float, stated: float, dimension: str) -> bool:
    """Equal up to the rounding of scraped figures (2.5 oz vs 2.4 ounces): counts exactly, other
    quantities within 6% (or 0.01)."""
    if dimension.startswith("count:"):
        return abs(claimed - stated) < 0.5
    return abs(claimed - stated) <= max(0.01, 0.06 * max(abs(claimed), abs(stated)))


@lru_cache(maxsize=None)
def _skip_names() -> frozenset:
    return _spec_names("not_quantity", "model_number", "age", "down_content")


@operator("quantity_matches", whole_list=True)
def _quantity_matches(c: Check):
    """A stated quantity (500ml, 10000mAh, 24吋, 3卷, Pack of 3) agrees with some spec that states
    a quantity of the same dimension, whatever the spec is called (a listing whose only mAh value
    is 5000 contradicts 10000mAh), after unit conversion and rounding. A weight under a name that
    is not a net weight (item / shipping weight, 毛重) holds anything up to it (net vs gross). A
    count is also compared with bare numbers under a count name (件数: 2). A range or a list of
    variants in a spec (1米/2米, 8-12 inch) admits each of its values. Identifiers, dates, model
    numbers and ages are never read as quantities; with no spec of the claim's dimension there is
    nothing to compare with."""
    claim: Quantity = c.claim
    if not isinstance(claim, Quantity):
        return None
    per_unit = c.params.get("multiplier")
    if claim.dimension == "length" and per_unit:
        return None  # 14" x 22: one side of a size, not a quantity of its own
    targets = {claim.amount}
    if per_unit:
        targets.add(round(claim.amount * per_unit, 4))
    count_names = _spec_names("count")
    skip = _skip_names()
    same, bare = [], []
    for fact in c.facts:  # a range in a spec (8-12 inch, 1.5~2米) admits every value in it
        key = fact.path[-1] if fact.path else ""
        if isinstance(fact.value, str) and not _key_in(str(key), skip):
            for dim, lo, hi in ranges_in(fact.value):
                if dim == claim.dimension and any(lo * 0.97 <= t <= hi * 1.03 for t in targets):
                    return None
    if claim.dimension == "length":
        return _length_matches(c, claim, targets, skip)
    for fact in c.facts:
        key = fact.path[-1] if fact.path else ""
        if _key_in(str(key), skip) or isinstance(fact.value, (dict, list, bool)):
            continue
        text = str(fact.value)
        if _CARAT_KEY.search(norm(str(key))):
            text = _CT.sub(" carat", norm(text))  # Diamond Weight: 0 ct is carats, not a count
        gross = claim.dimension == "mass" and not _NET_KEY.search(norm(str(key)))
        for q in quantities_in(text):
            if q.dimension == claim.dimension:
                same.append((q, fact, gross))
            elif claim.dimension.startswith("count:") and q.dimension == "count:*" and _key_in(str(key), count_names):
                bare.append((q, fact, False))
    compared = same or bare
    if claim.dimension == "mass" and same:
        # Net weights first, then item weights, then shipping or package weights: a shipping
        # weight above the claim says nothing once the item's own weight is known.
        for tier in (0, 1, 2):
            chosen = [s for s in same if _weight_tier(s[1]) == tier]
            if chosen:
                compared = chosen
                break
    for q, _fact, gross in compared:
        for t in targets:
            if _close(t, q.amount, claim.dimension) or (gross and t <= q.amount * 1.06):
                return None
    return compared[0][1] if compared else None


_SHIPPING_KEY = re.compile(r"shipping|package|packag|毛重|包装|运费|快递|gross")
# A spec named for a weight, a stone or a metal: a "ct" in it is carats (a mass), not a count.
_CARAT_KEY = re.compile(r"weight|(?<![a-z])wt|carat|diamond|gold|silver|platinum|gem|stone|pearl|metal|重|克拉|钻|宝石|黄金|铂金")
_CT = re.compile(r"(?<=\d)\s*ct\b\.?")

# --- lengths: which dimension, of what
_CLAUSE_END = re.compile(r"[,;，；。!?！？\n|]")
_SENTENCE_END = re.compile(r"[。!?！？\n]|\.\s")
# Words of a spec name that name neither a dimension nor a part (Item Height, 产品长度).
_NOT_QUALIFIER = frozenset({
    "size", "sizes", "dimension", "dimensions", "overall", "item", "product", "total", "max", "maximum", "min",
    "minimum", "approx", "approximate", "other", "inner", "outer", "internal", "external", "the", "and", "with",
    "unit", "net", "actual", "standard", "display", "screen", "assembled", "folded", "unfolded", "package",
    "packaging", "shipping", "box", "cm", "mm", "inch", "inches"})
_NOT_QUALIFIER_HAN = ("尺寸", "规格", "产品", "商品", "宝贝", "整体", "最大", "最小", "总", "净", "外", "内", "包装")


def _latin_dims(words) -> set[str]:
    dims = lexicon().dimension_of
    return {dims[w] for w in words if len(w) > 1 and w in dims}


def _han_dims(text: str) -> set[str]:
    return {d for w, d in lexicon().dimension_of.items() if not w.isascii() and w in text}


def _dims_near(text: str, start: int, end: int) -> frozenset:
    """The dimensions a figure at text[start:end] is said of: a dimension word in its clause
    before it (Height- 8 inches, Dia 4.2 inches, 宽度30cm) or just after it (7.5 inches deep,
    30cm高, 8" (H))."""
    before = text[max(0, start - 40):start]
    cuts = [m.end() for m in _CLAUSE_END.finditer(before)]
    before = before[cuts[-1]:] if cuts else before
    after = text[end:end + 24]
    m = _CLAUSE_END.search(after)
    after = after[:m.start()] if m else after
    dims = _latin_dims(re.findall(r"[a-z]+", before[-30:]))
    dims |= _han_dims(before[-5:])  # 高:, 宽约, 直径为 (not the 高 of 高清 further back)
    single = re.search(r"(?<![a-z])([lwhd])\s*[:=]\s*$", before)
    if single:
        dims.add(lexicon().dimension_of[single.group(1)])
    am = re.match(r"\s*(?:\(\s*([lwhd])\s*\)|([lwhd])(?![a-z/])|(?:in\s+)?([a-z]+))", after)
    if am:
        letter = am.group(1) or am.group(2)
        if letter:
            dims.add(lexicon().dimension_of[letter])
        elif am.group(3):
            dims |= _latin_dims([am.group(3)])
    dims |= _han_dims(after[:3])
    return frozenset(dims)


def _key_qualifiers(key: str) -> set[str]:
    """Words of a length spec's name that name a part or a piece of the set: Jug Height -> jug,
    Glass Diameter -> glass, 鞋跟高度 -> 鞋跟."""
    k = norm(key)
    lex = lexicon()
    out = {w for w in re.findall(r"[a-z]{3,}", k) if w not in lex.dimension_of and w not in _NOT_QUALIFIER}
    han = re.sub(r"[^\u4e00-\u9fff]", "", k)
    for w in sorted((w for w in lex.dimension_of if not w.isascii()), key=len, reverse=True):
        han = han.replace(w, " ")
    for w in _NOT_QUALIFIER_HAN:
        han = han.replace(w, " ")
    out |= {h for h in han.split() if len(h) >= 2}
    return out


def _qualifier_near(text: str, start: int, quals: set[str]) -> str | None:
    """The part or piece named last before a figure in its sentence (Jug: Height- 8 inches)."""
    if not quals:
        return None
    window = text[max(0, start - 80):start]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    window = window[ends[-1]:] if ends else window
    best, where = None, -1
    for q in quals:
        rx = (r"(?<![a-z])" + re.escape(q) + r"s?(?![a-z])") if q.isascii() else re.escape(q)
        for m in re.finditer(rx, window):
            if m.start() > where:
                best, where = q, m.start()
    return best


def _figure_re(written: tuple) -> re.Pattern | None:
    value, unit = written if len(written) == 2 else (None, None)
    if not value or not unit:
        return None
    return re.compile(r"(?<![\d.])" + re.escape(value) + r"\s*-?\s*" + re.escape(unit) + r"(?![a-z])")


def _length_matches(c: Check, claim: Quantity, targets: set, skip) -> Fact | None:
    """A length is compared only with a spec of the same dimension, said of the same thing. Where
    a spec names one dimension (Jug Height, 高度, 直径), the copy must name the same dimension at
    the figure (Height 8 inches), or state a bare figure while the spec is the item's only
    length; where a spec names a part or piece (Glass Diameter, 鞋跟高度), the copy must name that
    part last before the figure. A spec naming no dimension (Size, 尺寸) is compared as before."""
    figures = []  # (quantity, fact, dims, qualifier)
    quals: set[str] = set()
    facts = []
    for fact in c.facts:
        key = fact.path[-1] if fact.path else ""
        if _key_in(str(key), skip) or isinstance(fact.value, (dict, list, bool)):
            continue
        text = norm(str(fact.value))
        if _MULTI_DIMENSION.search(text):
            continue  # "22.4 x 14.7 x 0.1 inches" is a box, not the length the copy states
        key_dims = frozenset(_latin_dims(re.findall(r"[a-z]+", norm(str(key)))) | _han_dims(norm(str(key))))
        facts.append((fact, str(key), text, key_dims))
        if key_dims:  # only a name for one dimension says of what (Jug Height, Glass Diameter)
            quals |= _key_qualifiers(str(key))
    head = _title_head(c.listing)
    for fact, key, text, key_dims in facts:
        key_qual = next(iter(sorted(_key_qualifiers(key))), None) if key_dims else None
        for m in _QUANTITY.finditer(text):
            q = read_quantity(m.group(1), m.group(2))
            if q is None and "\u4e00" <= m.group(2)[0] <= "\u9fff":
                for k in range(len(m.group(2)), 0, -1):
                    q = read_quantity(m.group(1), m.group(2)[:k])
                    if q:
                        break
            if q is None or q.dimension != "length":
                continue
            dims = _dims_near(text, m.start(), m.end()) or key_dims
            qual = (_qualifier_near(text, m.start(), quals) or key_qual) if dims else None
            if qual and qual.rstrip("s") == head:
                qual = None  # Jug Height on a jug listing: the item's own height
            figures.append((q, fact, dims, qual))
    if not figures:
        return None
    contexts = []
    rx = _figure_re(claim.written)
    copy = c.copy_text() if rx is not None else ""
    for m in rx.finditer(copy) if rx is not None else ():
        contexts.append((_dims_near(copy, m.start(), m.end()), _qualifier_near(copy, m.start(), quals)))
    if not contexts:
        contexts.append((frozenset(), None))
    only_one = len(figures) == 1

    def comparable(dims, qual) -> bool:
        for cdims, cqual in contexts:
            if qual and cqual != qual:
                continue
            if dims and (cdims & dims if cdims else only_one):
                return True
            if not dims:
                return True
        return False

    compared = [(q, f) for q, f, dims, qual in figures if comparable(dims, qual)]
    for q, _fact in compared:
        for t in targets:
            if _close(t, q.amount, "length"):
                return None
    return compared[0][1] if compared else None


def _weight_tier(fact: Fact) -> int:
    key = norm(str(fact.path[-1] if fact.path else ""))
    if _NET_KEY.search(key):
        return 0
    return 2 if _SHIPPING_KEY.search(key) else 1


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
        from ..text.numerals import NUMBER

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


# --------------------------------------------------------------------------- attributes in any copy field
# spec-mismatch reads colours, materials, compositions, quantities, packs, fill, compatible models
# and ages in every copy field. The operators below decide what a claim is said of (the item, or
# a part of it), which specs state the same attribute (by name, through the lexicon, or by the
# value's unit where the name is unknown), and when two statements are compatible (generic vs
# specific, blends, net vs gross, rounding, ranges, variants).

_TEXTILES = frozenset({"cotton", "linen", "silk", "wool", "cashmere", "down", "polyester", "nylon", "spandex",
                       "viscose", "acrylic", "bamboo_fibre", "fabric", "fibre"})

_BASE_METALS = frozenset({"aluminium", "zinc_alloy", "titanium", "copper", "iron", "stainless_steel", "alloy"})

# Grades of a material family: a claimed grade must be one the spec states (304 vs 201), when the
# spec states any. Equivalent names share a grade (18/8 is 304, S925 is sterling).
_GRADES = {
    "stainless_steel": ((r"316\s*l?", "316"), (r"304|18\s*[/-]\s*(?:8|10)", "304"), (r"201|202", "201"),
                        (r"430|18\s*[/-]\s*0", "430")),
    "silver_metal": ((r"s?925|sterling", "925"), (r"999|990|足银|千足银|fine", "999")),
    "gold_metal": ((r"24\s*k|999|足金|千足金|solid gold", "24k"), (r"22\s*k", "22k"), (r"18\s*k", "18k"),
                   (r"14\s*k", "14k"), (r"10\s*k", "10k"), (r"(?<!1)9\s*k", "9k")),
}
_GRADE_RES = {fam: tuple((re.compile(r"(?<![\d.])(?:" + p + r")(?![\d])"), g) for p, g in pats)
              for fam, pats in _GRADES.items()}


def _grades(text: str, family: str) -> set[str]:
    return {g for rx, g in _GRADE_RES.get(family, ()) if rx.search(text)}


@lru_cache(maxsize=16384)
def _pure_in(text: str) -> str | None:
    lex = lexicon()
    compact = text.replace(" ", "")
    for word, fam in lex.pure_material.items():
        if word.replace(" ", "") in compact:
            return fam
    m = re.search(r"(?:纯|全|100\s*%|pure|all|solid)\s*$", text[:max(0, _first_material_start(text))])
    if m:
        first = _first_material(text)
        if first in _TEXTILES:
            return first
    return None


def _first_material_start(text: str) -> int:
    m = lexicon()._material_re.search(text)
    return m.start() if m else -1


def _first_material(text: str) -> str | None:
    lex = lexicon()
    m = lex._material_re.search(text)
    return lex.material_family[m.group(0)] if m else None


_VALUE_PIECES = re.compile(r"\s*(?:[,/、;；+&，|()（）]|\band\b|和|及)\s*")


@lru_cache(maxsize=4096)
def names_no_material(value: str) -> bool:
    """A spec value that is only a label or catch-all word (Material: Fabric, 面料: 其他, Mixed,
    混纺): it names no material, so it admits any the copy names."""
    generic = lexicon().generic_material_values
    text = re.sub(r"\d+(?:\.\d+)?\s*%", " ", norm(value))
    pieces = [p.strip(" .:-") for p in _VALUE_PIECES.split(text)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return False
    return all(p in generic or all(w in generic for w in p.split()) for p in pieces)


@lru_cache(maxsize=16384)
def material_ok(claim: str, value: str) -> bool:
    """Whether a spec value (`value`) admits the material a claim (`claim`) names. Unreadable specs
    admit everything; a generic spec word (纤维) admits any fibre; a blend admits each of its
    fibres unless the claim says pure / 100%; a grade (304, 925, 18K) must be one the spec states."""
    lex = lexicon()
    text = norm(claim)
    claimed = lex.materials_in(text)
    pure = _pure_in(text)
    if not claimed and not pure:
        return True
    stated = lex.materials_in(str(value))
    if not stated or names_no_material(str(value)):
        return True
    if pure:
        share = stated.get(pure, 0 if pure not in stated else None)
        others = [f for f in stated if f != pure and f not in lex.generic_materials]
        if pure in stated:
            return share in (None, 100.0) and not (share is None and others)
        return any(f in lex.generic_materials for f in stated) and not others
    vtext = norm(str(value))
    for fam in claimed:
        if fam in stated:
            want = _grades(text, fam)
            have = _grades(vtext, fam)
            if not want or not have or want & have:
                return True
        elif fam in _TEXTILES and any(f in lex.generic_materials for f in stated):
            return True
        elif fam in lex.generic_materials and any(f in _TEXTILES for f in stated):
            return True
        elif fam == "fabric" and any(f in _TEXTILES for f in stated):
            return True
        elif fam in _BASE_METALS and any(f in lex.generic_metals for f in stated):
            return True
        elif fam in lex.generic_metals and any(f in _BASE_METALS for f in stated):
            return True
        elif fam == "bamboo_fibre" and "wood" in stated and re.search(r"竹|bamboo", vtext):
            return True  # a spec of 竹 / bamboo names the fibre's source
    return False


@lru_cache(maxsize=16384)
def colour_ok(claim: str, value: str) -> bool:
    """Whether a spec value admits a claimed colour: a shared hue family with no conflicting shade
    (紫 fits 深紫, 深紫 does not fit 浅紫); a spec listing variants (黑色/白色) admits each; a spec
    colour the lexicon does not know is no evidence."""
    lex = lexicon()
    claimed = lex.colours_in(claim)
    if not claimed:
        return True
    stated = lex.colours_in(str(value))
    if not stated:
        return True
    for fam, shade in claimed:
        for sfam, sshade in stated:
            if fam == sfam and (shade is None or sshade is None or shade == sshade):
                return True
    return False


_VERB = re.compile(r"(?:均为|均采用|采用了?|选用了?|使用了?|运用|是|为|呈|用|由|:|is made (?:of|from)|are made (?:of|from)|"
                   r"is|are|made (?:of|from)|comes? in|in)\s*$")
_ADJ = re.compile(r"(?:优质|进口|高品质|精选|食品级|加厚|天然|环保|高密度|优选|上等|温柔的|经典的?|[\u4e00-\u9fff]{1,4}的|"
                  r"a|an|the|premium|high[- ]quality|durable|soft|warm|crisp|rich|deep|classic)\s*$")
_VERB_SPLIT = re.compile(r"均为|均采用|采用了?|选用了?|使用了?|运用|是|为|呈|由|:|(?<![a-z])(?:is|are|made\s+(?:of|from)|comes?\s+in|in)(?![a-z])")
_DETERMINER = re.compile(r"^(?:这款|本款|此款|该款|本品|产品|我们的|我们|整个|整款|the|this|our|its|each)")


def _subject(prefix: str) -> str:
    """The words before a claim's value, less its verb and adjectives: what the value is said of
    (颜色是温柔的 -> 颜色, 内胆采用 -> 内胆, the cover is -> the cover)."""
    s = prefix.strip(" ,，、;；:：")
    m = _VERB_SPLIT.search(s)
    if m:
        return s[:m.start()].strip(" ,，、:：")
    for _ in range(3):
        before = s
        s = _ADJ.sub("", s).strip(" ,，、:：")
        if s == before:
            break
    return s


_LABEL_TAIL = re.compile(r"(?:颜色分类|颜色|色彩|色调|色|材质|材料|面料|布料|成分|"
                         r"(?<![a-z])(?:colou?rs?|colou?rway|shade|hue|tone|finish|material|fabric)(?![a-z]))\s*$")
_TITLE_HEAD = re.compile(r"\s*(?:[,(|\[]|\s[-–]\s|\bfor\b|\bwith\b)")


def _title_head(listing: dict) -> str:
    """The title's product noun: the last word before a comma, a dash, "for" or "with"
    (Gold Diamond Ring -> ring, Watch Strap for ... -> strap)."""
    title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
    words = re.findall(r"[a-z][a-z\-]*", _TITLE_HEAD.split(title, 1)[0])
    return words[-1].rstrip("s") if words else ""


def part_of(subject: str, listing: dict) -> str | None:
    """The part a label names when it stands before a colour or material word (Diamond colour,
    Stone colour, Strap material, 钻石颜色, 鞋带颜色), or a subject that is a part word itself (the
    strap), unless that part is the listing's own product (a watch strap's strap)."""
    lex = lexicon()
    s = subject.strip()
    stripped = _LABEL_TAIL.sub("", s).strip(" :-的")
    if not stripped:
        return None
    words = re.findall(r"[a-z][a-z\-]*", stripped)
    han = re.sub(r"[^\u4e00-\u9fff]", "", stripped)
    if han and (not words or stripped.endswith(han[-1])):
        title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
        for k in range(0, len(han) - 1):
            tail = han[k:]
            if tail in lex.part_words:
                # Chinese puts the head noun last: a title run ending in the word (男士长袖衬衫)
                # sells that thing, so it is the item, not a part of it.
                if any(run.endswith(tail) for run in re.findall(r"[\u4e00-\u9fff]+", title)):
                    return None
                return tail
            if tail in lex.item_subjects:
                return None
        return None
    if words:
        head = words[-1]
        singular = head[:-1] if head.endswith("s") and head[:-1] in lex.part_words else head
        if head in lex.part_words or singular in lex.part_words:
            if singular.rstrip("s") == _title_head(listing):
                return None
            return singular
    return None


def _word_before(c: Check, claim_text: str) -> str:
    """The word just before a claim in the copy, when every place the claim stands agrees on it."""
    copy = c.copy_text()
    words = set()
    for m in re.finditer(re.escape(claim_text), copy):
        before = re.search(r"([a-z][a-z\-]*|[\u4e00-\u9fff]{1,4})\s*$", copy[max(0, m.start() - 24):m.start()])
        words.add(before.group(1) if before else "")
    return words.pop() if len(words) == 1 else ""


def _is_item(subject: str, listing: dict) -> bool | None:
    """True: the subject is the listing's item (颜色, 衣身, the product noun of the title); a part
    word otherwise makes it False; None: not known."""
    lex = lexicon()
    if not subject:
        return True
    if part_of(subject, listing):
        return False
    words = re.findall(r"[a-z][a-z\-]*", subject)
    han = re.sub(r"[^\u4e00-\u9fff]", "", subject)
    if han:
        for k in range(0, len(han) - 1):
            tail = han[k:]
            if tail in lex.item_subjects:
                return True
            if tail in lex.part_words:
                return False
        title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
        if len(han) >= 2 and han[-2:] in title and han[-2:] not in lex.part_words:
            return True
        if _DETERMINER.match(subject) and not any(p in han for p in lex.part_words):
            return True
        return None
    if words:
        last = words[-1]
        if last in lex.item_subjects or last.rstrip("s") in lex.item_subjects:
            return True
        title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
        if len(last) > 3 and re.search(r"(?<![a-z])" + re.escape(last.rstrip("s")), title):
            return True
        return None
    return True


_ATTR_KEY = {
    "material": re.compile(r"材质|材料|面料|成分|布料|material|fabric|composition"),
    "colour": re.compile(r"颜色|色|colou?r"),
}


@operator("item_attribute", whole_list=True)
def _item_attribute(c: Check):
    """A colour or material the copy states of something (颜色是雾霾蓝, 内胆采用316不锈钢, the cover
    is navy). Said of the item (`item_subjects`, the title's product noun, no subject): compared
    with the colour / material specs. Said of a part: compared with the spec named for that part
    (内胆 -> 内胆材质) where there is one, else not at all (a trim, a lining, a zipper pull).
    `params.attribute`: colour or material."""
    attr = str(c.params.get("attribute", "material"))
    text = norm(str(c.claim))
    lex = lexicon()
    rx = lex._colour_re if attr == "colour" else lex._material_re
    m = rx.search(text)
    if m is None:
        return None
    value_text = text[m.start():]
    subject = _subject(text[:m.start()])
    if subject and not _LABEL_TAIL.sub("", subject).strip(" :-的"):
        # A bare label (Colour: White): the word before it in the copy may name a part
        # (Diamond colour: White, Stone colour: White).
        subject = _word_before(c, text) + " " + subject
    item = _is_item(subject, c.listing)
    group = _spec_names(attr)
    keyed = [f for f in c.facts if len(f.path) == 2 and f.path[0] == "specs"]
    chosen: list[Fact] = []
    if item is not True:
        # Said of a part: compared only with a spec named for that part (内胆 -> 内胆材质,
        # diamond -> Diamond Color Grade), never with the item's own colour or material.
        part = part_of(subject, c.listing)
        if part:
            parts = [_squash(part)]
        else:
            stripped = _LABEL_TAIL.sub("", subject).strip(" :-的")
            han = re.sub(r"[^\u4e00-\u9fff]", "", stripped)
            latin = re.findall(r"[a-z]{3,}", stripped)
            parts = [han[k:] for k in range(0, max(0, len(han) - 1))] + latin[-1:]
        for part in parts:
            chosen = [f for f in keyed if part in _squash(str(f.path[1])) and _ATTR_KEY[attr].search(norm(str(f.path[1])))]
            if chosen:
                break
        if not chosen:
            return None
    else:
        chosen = [f for f in keyed if _key_in(str(f.path[1]), group)]
        if not chosen and subject:
            # The item's body named in the spec key too (杯身采用316不锈钢 against 杯身材质).
            body = re.sub(r"[^\u4e00-\u9fffa-z]", "", _LABEL_TAIL.sub("", subject))[-2:]
            chosen = [f for f in keyed if body and body in _squash(str(f.path[1]))
                      and _ATTR_KEY[attr].search(norm(str(f.path[1])))]
        if attr == "colour" and isinstance(c.listing, dict) and not chosen:
            return None
    ok = colour_ok if attr == "colour" else material_ok
    for fact in chosen:
        if ok(value_text, str(fact.value)):
            return None
    if attr == "colour" and chosen:
        # Two or more colours said of the item (主体藏青, 肩部和下摆白色; navy and white): a
        # two-tone item, compared with agree-any over the colours of the claim's sentence.
        others = _item_colours_around(c, text)
        for fact in chosen:
            if any(colour_ok(w, str(fact.value)) for w in others):
                return None
    return chosen[0] if chosen else None


_PAIRING = re.compile(r"(?:搭配|配上|内搭|送|赠|印有|绣有|"
                      r"(?<![a-z])(?:shown|pictured|paired|pair\s+it|team\s+it|wear\s+it|style\s+it|goes|looks?\s+\w+|"
                      r"matches|match|coordinates?|combine\s+it|available|also\s+comes|choose\s+from|options?)\s+(?:with|in)?)"
                      r"[^，,。；;!！?？\n]*")
_TWO_TONE = re.compile(r"撞色|拼色|双色|双拼|拼接|两色|two[- ]?tone|colou?r[- ]?block|multi[- ]?colou?r|bi[- ]?colou?r")
_SENTENCE = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


def _item_colours_around(c: Check, claim_text: str) -> list[str]:
    """The colour words of the claim's sentence other than pairings and offers (搭配黑色裤子,
    shown with ...): the item's colours when the copy names several. Where the listing calls the
    item two-tone (撞色, 拼接, two-tone, multicolor in its copy or specs), every colour of the
    claim's field counts."""
    copy = c.copy_text()
    at = copy.find(claim_text)
    if at < 0:
        return []
    specs = c.listing.get("specs") if isinstance(c.listing, dict) else None
    spec_text = norm(" ".join(str(v) for v in specs.values())) if isinstance(specs, dict) else ""
    if _TWO_TONE.search(copy) or _TWO_TONE.search(spec_text):
        lo = copy.rfind("\n", 0, at) + 1
        hi = copy.find("\n", at)
    else:
        ends = [m.end() for m in _SENTENCE.finditer(copy, 0, at)]
        lo = ends[-1] if ends else 0
        m = _SENTENCE.search(copy, at + len(claim_text))
        hi = m.start() if m else -1
    sentence = copy[lo:hi if hi >= 0 else len(copy)]
    sentence = _PAIRING.sub(" ", sentence)
    # A lone Han colour character (金, 银, 白) is as often a material or a word part as a colour.
    return [m.group(0) for m in lexicon()._colour_re.finditer(sentence) if len(m.group(0)) > 1]


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_AT_LEAST = re.compile(r"高达|达到?|以上|至少|不低于|不少于|≥|>=|over|at least|more than|minimum|min\.?")
_DOWN_WORDS = re.compile(r"含绒|绒子|down\s*(?:content|ratio|cluster)|(?:鹅|鸭)绒|goose down|duck down|down")


@operator("composition_matches", whole_list=True)
def _composition_matches(c: Check):
    """A stated share of a fibre or of down (含棉量80%, 30% cashmere, 含绒量90%, 90%白鹅绒) agrees
    with the share the specs give: a material / composition spec for a fibre, a 含绒量 / down
    content spec (or a material spec's down share) for down. Within 2 points, or at least the
    claim where it says 高达 / 以上 / at least. A spec without shares is no evidence; a spec whose
    shares leave the fibre out contradicts it."""
    text = norm(str(c.claim))
    pm = _PERCENT.search(text)
    if pm is None:
        return None
    share = float(pm.group(1))
    lower_bound = bool(_AT_LEAST.search(text))
    lex = lexicon()
    keyed = [f for f in c.facts if len(f.path) == 2 and f.path[0] == "specs"]

    def agrees(stated: float) -> bool:
        return stated >= share - 2 if lower_bound else abs(stated - share) <= 2

    if _DOWN_WORDS.search(text):
        down_names = _spec_names("down_content")
        for fact in keyed:
            if _key_in(str(fact.path[1]), down_names):
                m = _PERCENT.search(norm(str(fact.value))) or re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", norm(str(fact.value)))
                if m:
                    return None if agrees(float(m.group(1))) else fact
        for fact in keyed:
            if _key_in(str(fact.path[1]), _spec_names("material")):
                stated = lex.materials_in(str(fact.value)).get("down")
                if stated is not None:
                    return None if agrees(stated) else fact
        return None
    # The fibre nearest the share: 含棉量80% or 80%棉 or 80% cotton. A share belongs to a fibre,
    # never to a label word (Fabric: 100% Acrylic is no claim that the fabric is "100%").
    best = None
    for m in lex._material_re.finditer(text):
        f = lex.material_family[m.group(0)]
        if f in lex.generic_materials or m.group(0) in lex.composition_labels:
            continue
        dist = min(abs(m.start() - pm.end()), abs(pm.start() - m.end()))
        if best is None or dist < best[0]:
            best = (dist, f)
    if best is None:
        return None
    fam = best[1]
    for fact in keyed:
        if not _key_in(str(fact.path[1]), _spec_names("material")):
            continue
        stated = lex.materials_in(str(fact.value))
        if not stated or all(v is None for v in stated.values()):
            continue
        if fam in stated:
            if stated[fam] is None or agrees(stated[fam]):
                return None
            return fact
        if any(f in lex.generic_materials for f in stated):
            continue
        return fact
    return None


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


_MODEL_SUFFIX = ("pro", "max", "plus", "mini", "ultra", "lite", "se", "fe", "air", "note", "edge", "xl", "xr", "xs", "s", "e", "a", "c")
_SERIES = re.compile(r"系列|series|all models|全系列")


def _models(text: str) -> list[tuple[str, frozenset]]:
    """Each model a text names: (its number, its suffix words). "iPhone 15/15 Pro Max" is two."""
    t = norm(text)
    out = []
    for part in re.split(r"[/,;、，；|]|\band\b|\bor\b|和|及|与", t):
        for m in re.finditer(r"(?<![a-z0-9])([a-z]{0,3}\d{1,4}[a-z]{0,2})((?:\s*(?:pro|max|plus|mini|ultra|lite|se|fe|air|\+))*)", part):
            suffix = frozenset(re.findall(r"pro|max|plus|mini|ultra|lite|se|fe|air|\+", m.group(2)))
            out.append((m.group(1), frozenset("plus" if s == "+" else s for s in suffix)))
    return out


@operator("same_model")
def _same_model(c: Check):
    """A claimed compatible model (iPhone 16 Pro Max) is one of the models the spec names: the same
    number with the same suffixes (Pro Max is not Pro, 15 is not 15 Pro). "15 series" admits any
    model numbered 15; a spec or claim with no model number is no evidence."""
    claimed_text = norm(str(c.claim))
    claimed = _models(claimed_text)
    if not claimed:
        return None
    series = bool(_SERIES.search(claimed_text))

    def ok(value):
        stated = _models(str(value))
        if not stated:
            return True
        if _SERIES.search(norm(str(value))):
            return any(n == sn for n, _ in claimed for sn, _ in stated)
        for n, suf in claimed:
            if not any(n == sn and (series or suf == ssuf) for sn, ssuf in stated):
                return False
        return True

    return _each(c, ok)


_MODEL_PARTS = re.compile(r"^([a-z]*)(\d+)(.*)$")


@lru_cache(maxsize=8192)
def _compact_model(text: str) -> str:
    return re.sub(r"[\s\-_./#]+", "", norm(text))


@operator("model_number_matches")
def _model_number_matches(c: Check):
    """A model number in the copy (Amscan AMI 37014.18, 型号: HK318329) is the spec's model
    number. A token is compared only when it is a sibling of the spec's: the same letter prefix
    and as many digits, sharing their first half; other numbers (a year, a size, a part another
    product fits) are not this attribute. Equal, or one containing the other (a variant suffix),
    agrees."""
    text = norm(str(c.claim))
    # "Weiler 14506": the brand word before a bare number is not part of the model number.
    variants = {_compact_model(text), _compact_model(re.sub(r"^[a-z]+\s+(?=\d)", "", text))}
    parts = [(v, _MODEL_PARTS.match(v)) for v in variants]
    parts = [(v, m) for v, m in parts if m and len(m.group(2)) >= 3]
    if not parts:
        return None

    def ok(value):
        stated = _compact_model(str(value))
        if not stated or any(v == stated or v in stated or stated in v for v, _ in parts):
            return True
        sm = _MODEL_PARTS.match(stated)
        for _v, cm in parts:
            if sm and sm.group(1) == cm.group(1) and len(sm.group(2)) == len(cm.group(2)):
                half = (len(cm.group(2)) + 1) // 2
                if sm.group(2)[:half] == cm.group(2)[:half]:
                    return False  # a sibling number: the same family, another model
        return True  # not the same family of number: no claim about this spec

    return _each(c, ok)
