"""The duplicate kind: the same text across listings of a catalog (copied reviews), found by
the engine's catalog stage."""
from __future__ import annotations

from ..core.rule import RuleContext
from ..text.field import CopyField
from .base import KindRule
from .metric import SPACE_OR_PUNCTUATION


class DuplicateRule(KindRule):
    """The same text (at least `min_length` characters, compared after normalisation) in a copy
    field of two or more listings of one run. Checked by the engine once all listings are read."""

    text_decides = True  # the text alone decides what it finds

    KEYS = {"min_length"}
    catalog_level = True

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.min_length = int(ctx.get("min_length", int, default=30))

    def key(self, field: "CopyField") -> str | None:
        if len(field.text) < self.min_length:
            return None  # removing spaces and punctuation only shortens it
        text = SPACE_OR_PUNCTUATION.sub("", field.text)
        return text if len(text) >= self.min_length else None
