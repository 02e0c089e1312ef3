"""Attribute operators (stage 3, facts): materials, colours, quantities and lengths, compositions,
ages and models.

spec-mismatch reads these in every copy field. The operators decide what a claim is said of (the
item, or a part of it), which specs state the same attribute (by name, through the lexicon, or by
the value's unit where the name is unknown), and when two statements are compatible (generic vs
specific, blends, net vs gross, rounding, ranges, variants). They register in OPERATORS on import.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from ..text.lexicon import lexicon
from ..text.normalize import norm
from .operators import Check, _each, operator
from .paths import Fact, _key_in, _spec_names, _squash
from .readers import _QUANTITY, Quantity, quantities_in, ranges_in, read_quantity


# --------------------------------------------------------------------------- one spec value

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


# --------------------------------------------------------------------------- quantities

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


# --------------------------------------------------------------------------- what a claim is said of

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
