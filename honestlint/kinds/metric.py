"""The metric kind: measures of a field's form (length in width units, capitals, repeated
words, punctuation runs)."""
from __future__ import annotations

import functools
import re as _re

import regex

from ..core.rule import RuleContext
from .base import Hit, KindRule, norm_phrase, remembered

# Characters two width units wide (Han, kana, Hangul, CJK punctuation, full-width forms).
_WIDE_CHARS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef"
_WIDE = regex.compile(f"[{_WIDE_CHARS}]")
# Counting by deleting the rest: one new string instead of findall's string per character.
_NOT_WIDE = regex.compile(f"[^{_WIDE_CHARS}]+")
_NOT_HAN = regex.compile(r"\P{Han}+")
_LATIN_WORD = regex.compile(r"[a-z][a-z0-9']*", regex.IGNORECASE)
_REPEATABLE_WORD = _re.compile(r"[a-z][a-z'\-]{2,}")
SPACE_OR_PUNCTUATION = regex.compile(r"[\s\p{P}]+")


@functools.lru_cache(maxsize=256)  # several metric rules ask about the same title
def script_of(text: str) -> str:
    """'han' when Han characters are at least a fifth of the letters, else 'latin'."""
    if text.isascii():
        return "latin"
    han = len(_NOT_HAN.sub("", text))
    letters = sum(map(str.isalpha, text))
    return "han" if letters and han * 5 >= letters else "latin"


class MetricRule(KindRule):

    text_decides = True  # the text alone decides what it finds
    KEYS = {"metric", "max", "min_letters", "script", "measure", "characters", "stopwords", "exceptions"}
    METRICS = ("length", "caps_ratio", "repeated_word", "characters")

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.metric = ctx.get("metric", str, required=True)
        if self.metric not in self.METRICS:
            raise ctx.error(f"metric must be one of {', '.join(self.METRICS)}", "metric")
        self.max = ctx.get("max", (int, float), default=None)
        if self.metric in ("length", "caps_ratio", "repeated_word") and self.max is None:
            raise ctx.error(f"metric '{self.metric}' needs 'max'", "max")
        self.script = ctx.get("script", str, default="any")
        if self.script not in ("any", "han", "latin"):
            raise ctx.error("script must be any, han or latin", "script")
        self.measure = ctx.get("measure", str, default="chars")
        if self.measure not in ("chars", "width"):
            raise ctx.error("measure must be chars or width", "measure")
        self.min_letters = int(ctx.get("min_letters", int, default=12))
        self.characters = ctx.get("characters", str, default="")
        self.stopwords = {norm_phrase(w) for w in ctx.strings("stopwords")}

    def check(self, lctx, field, hits):
        # Measured on the visible text (and placed through its normalised view): it decides.
        return remembered(self, field, field.visible, self._check, field)

    def _check(self, field):
        visible = field.visible
        if self.script != "any" and script_of(visible) != self.script:
            return []
        return getattr(self, "_" + self.metric)(field)

    def _span_of_visible(self, field, start: int, end: int) -> tuple[int, int]:
        return field.norm_span_of_visible(start, end)

    def _length(self, field):
        visible = field.visible.strip()
        # Most titles are within the limit: their whole length decides, with no walk. A title
        # that fits even if every character were wide needs no count at all.
        if len(visible) * (2 if self.measure == "width" else 1) <= self.max:
            return []
        whole = len(visible) + (len(_NOT_WIDE.sub("", visible)) if self.measure == "width" else 0)
        if whole <= self.max:
            return []
        offset = field.visible.index(visible[:1]) if visible else 0
        total = 0
        cut = None
        for i, ch in enumerate(visible):
            total += 2 if (self.measure == "width" and _WIDE.match(ch)) else 1
            if cut is None and total > self.max:
                cut = i
        if cut is None:
            return []
        start, end = self._span_of_visible(field, offset + cut, offset + len(visible))
        unit = "characters" if self.measure == "chars" else "width units (a Han character counts 2)"
        return [Hit(start, end, {"length": str(total), "max": f"{self.max:g}", "unit": unit, "match": visible[cut:]})]

    def _caps_ratio(self, field):
        joined = "".join([w for w in _LATIN_WORD.findall(field.visible) if len(w) > 1])
        letters = len(joined)
        if letters < self.min_letters:
            return []
        upper = sum(map(str.isupper, joined))
        ratio = upper / letters
        if ratio <= self.max:
            return []
        start, end = self._span_of_visible(field, 0, len(field.visible))
        return [Hit(start, end, {"ratio": f"{ratio:.0%}", "max": f"{self.max:.0%}", "match": field.visible})]

    def _repeated_word(self, field):
        counts: dict[str, list[tuple[int, int]]] = {}
        text = field.text
        for m in _REPEATABLE_WORD.finditer(text):
            word = m.group(0).strip("'-")
            stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
            if stem in self.stopwords or word in self.stopwords:
                continue
            counts.setdefault(stem, []).append((m.start(), m.end()))
        out = []
        for stem, spans in counts.items():
            if len(spans) > self.max:
                start, end = spans[int(self.max)]
                out.append(Hit(start, end, {"word": stem, "count": str(len(spans)), "match": text[start:end]}))
        return out

    def _characters(self, field):
        out = []
        for i, ch in enumerate(field.visible):
            if ch in self.characters:
                start, end = self._span_of_visible(field, i, i + 1)
                if end > start:
                    out.append(Hit(start, end, {"char": ch, "match": ch}))
        # One finding per run of the same character is enough ("!!!").
        merged: list[Hit] = []
        for hit in out:
            if merged and merged[-1].end >= hit.start and merged[-1].values["char"] == hit.values["char"]:
                merged[-1].end = hit.end
            else:
                merged.append(hit)
        return merged
