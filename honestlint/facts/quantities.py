"""Quantities and lengths (stage 3, facts): whether a stated quantity (500ml, 10000mAh, 24吋,
Pack of 3, 8 inches) agrees with the specs that state one of the same dimension.

Specs are found by the value's unit, whatever they are called; figures agree after unit
conversion and the rounding of scraped figures; a weight that is not a net weight holds
anything up to it (net vs gross); a range or a list of variants admits each value. A length
is compared only with a spec of the same dimension (height, width, diameter) said of the same
thing (the item, or a named part such as the jug or the glass). quantity_matches registers in
OPERATORS on import.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.lexicon import lexicon
from ..text.normalize import norm
from .item_attributes import _title_head
from .operators import Check, operator
from .paths import Fact, _key_in, _spec_names
from .readers import _QUANTITY, Quantity, quantities_in, ranges_in, read_quantity


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
