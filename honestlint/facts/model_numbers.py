"""Model numbers (stage 3, facts): which models a claim names and whether the specs name the
same ones. same_model compares compatible models (iPhone 16 Pro Max, "15 series"), suffix by
suffix; model_number_matches compares a product's own model number (AMI 37014.18, HK318329)
with the spec's, counting only numbers of the same family. Both register in OPERATORS on import.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.normalize import norm
from .operators import Check, _each, operator


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
