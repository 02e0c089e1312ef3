"""Fact paths (stage 3, facts): where a claim rule's fact lives in a listing.

    shipping.fee                      a value
    promotions[].ends_at              every element of a list
    promotions[reward.value={amount}] elements whose field equals a capture (or a literal)
    spec:colour                       a spec under any of its alias names (颜色 / color / ...)
    price.reference - price.current   sums and differences of numeric facts

A path resolves to a list of Facts (a value and where it was found); an empty list when the
listing does not give it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..text.lexicon import lexicon
from ..text.normalize import norm
from ..text.numerals import parse_number


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


@lru_cache(maxsize=4096)  # spec names repeat across a catalog
def _squash(name: str) -> str:
    """A spec name without spaces or punctuation: "Item Weight", "ItemWeight", "item_weight"."""
    return re.sub(r"[\W_]+", "", norm(name))


@lru_cache(maxsize=None)
def _spec_names(*groups: str) -> frozenset:
    """The alias names of these spec groups, squashed."""
    return frozenset(_squash(n) for g in groups for n in lexicon().spec_aliases[g][0])
