"""The shared vocabulary of listing copy (stage 2, text): data/lexicon.yaml normalised like copy.

Spec-name aliases, colour and material families, shades, countries, units, count and pack
words. Rule macros ({material}, {colour}, ...) are built from it and the fact operators read
it to decide what a claim or a spec value names.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache
from importlib import resources

import yaml

from .normalize import norm


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
