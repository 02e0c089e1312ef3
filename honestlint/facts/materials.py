"""Materials and colours (stage 3, facts): when a spec value admits a material, a colour or a
share of a fibre that the copy claims.

material_ok and colour_ok are the comparisons every material / colour operator shares: a generic
spec word (纤维, Mixed) admits any fibre, a blend admits each of its fibres unless the claim says
pure, a grade (304, 925, 18K) must be one the spec states, a hue family must agree without a
conflicting shade. The operators material_compatible, colour_compatible (one named spec) and
composition_matches (含棉量80%, 90%白鹅绒) register in OPERATORS on import.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.lexicon import lexicon
from ..text.normalize import norm
from .operators import Check, _each, operator
from .paths import _key_in, _spec_names


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
