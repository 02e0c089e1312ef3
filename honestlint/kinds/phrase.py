"""The phrase kind: token-bounded phrases (a phrase matches only on the tokenizer's word
boundaries, so 最 never matches inside 最近)."""
from __future__ import annotations

from ..core.rule import RuleContext
from .base import Hit, Intervals, KindRule, norm_phrase, remembered


class PhraseRule(KindRule):

    text_decides = True  # the text alone decides what it finds
    removable = True

    KEYS = {"phrases", "exceptions", "boundaries"}

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        phrases = ctx.strings("phrases", required=True)
        self.phrases = tuple(dict.fromkeys(norm_phrase(p) for p in phrases if norm_phrase(p)))
        self.literals = self.phrases

    def check(self, lctx, field, hits):
        # The candidates come from the text, so the text decides the result.
        return remembered(self, field, field.text, self._check, field, hits)

    def _check(self, field, hits):
        out = []
        taken = Intervals()
        # Longest first, so 全网最低价 wins over 最低价 nested in it.
        for start, end in sorted(set(hits), key=lambda h: (-(h[1] - h[0]), h[0])):
            if taken.covers(start, end):
                continue
            if self.accept(field, start, end):
                taken.add(start, end)
                out.append(Hit(start, end, {"match": field.text[start:end]}))
        return out
