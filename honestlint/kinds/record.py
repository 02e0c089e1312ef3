"""The record kind: checks over a listing's structured data alone (no copy is read)."""
from __future__ import annotations

from ..core.rule import RuleContext
from .base import Hit, KindRule, compile_pattern, show_value


class RecordRule(KindRule):
    """Checks each item of a listing list: `each: reviews`, `when: {incentivized: true}`,
    `field: text`, `unless: <regex the text must not match>` (a disclosure)."""

    KEYS = {"each", "when", "text", "unless"}

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.each = ctx.get("each", str, required=True)
        self.when = dict(ctx.get("when", dict, default={}))
        self.text_key = ctx.get("text", str, required=True)
        unless = ctx.get("unless", str, default=None)
        self.unless = compile_pattern(ctx, unless, "unless") if unless else None
        self.fields = (f"{self.each}.{self.text_key}",)

    text_decides = False  # the list item (its flags) decides

    def check(self, lctx, field, hits):
        item = lctx.item_of(field)
        if not isinstance(item, dict):
            return []
        for key, want in self.when.items():
            if item.get(key) != want:
                return []
        if self.unless is not None and self.unless.finditer(field.text, 0, None, field.found, field.starts):
            return []
        values = {"match": field.text, **{k: show_value(v) for k, v in item.items() if not isinstance(v, (dict, list))}}
        return [Hit(0, len(field.text), values)]
