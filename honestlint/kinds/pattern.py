"""The pattern kind: regexes over the normalised text, gated by the literal scan."""
from __future__ import annotations

from ..core.rule import RuleContext
from ..match.pattern import RulePattern, match_values
from ..match.starts import PLAIN
from ..text.field import CopyField
from .base import Hit, Intervals, KindRule, compile_pattern, norm_phrase, remembered


class PatternRule(KindRule):

    text_decides = True  # the text alone decides what it finds
    removable = True

    KEYS = {"pattern", "exceptions", "boundaries", "anchors"}

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        sources = ctx.strings("pattern", required=True)
        self.patterns = [compile_pattern(ctx, s, "pattern") for s in sources]
        if isinstance(self.fix, tuple):
            group = self.fix[0]
            if not any(f"(?P<{group}>" in p.pattern for p in self.patterns):
                raise ctx.error(f"fix replaces group '{group}', which no pattern of this rule has", "fix")
        anchors = ctx.strings("anchors")
        self.literals = tuple(norm_phrase(a) for a in anchors) if anchors else None

    def needed_regexes(self) -> list[RulePattern] | None:
        return list(self.patterns)

    def claims(self, field: "CopyField") -> list[tuple[int, int, dict]]:
        """(start, end, values) of each accepted match: its named groups and `match`. Shared
        between calls for one text: copy `values` before changing it."""
        if not field.repeated:  # (the first test of remembered, without its call)
            return self._claims(field)
        return remembered(self, field, field.text, self._claims, field)

    def _claims(self, field: "CopyField") -> list[tuple[int, int, dict]]:
        out = []
        for m in self.matches(field):
            values = match_values(m)
            values["match"] = m.group(0)
            out.append((m.start(), m.end(), values))
        return out

    def matches(self, field: "CopyField") -> list:
        """The rule's accepted matches in a field: the longest where two overlap."""
        text, scanned, starts = field.text, field.found, field.starts
        found = []
        # (absent() inlined: this loop runs for every rule on every field it is unlocked for)
        gated = scanned is not None and scanned is not PLAIN
        for pattern in self.patterns:
            if gated and pattern.slot is not None and pattern.slot not in scanned:
                continue
            # Collect first: the timeout runs from the iterator's creation, and accept() may
            # spend time loading a tokenizer that must not count against the regex.
            for m in pattern.finditer(text, 0, None, scanned, starts):
                if m.end() > m.start():
                    found.append(m)
        if not found:
            return found
        if len(found) > 1 and len(self.patterns) > 1:
            # Alternative patterns of one rule may match the same claim; keep the longest.
            found.sort(key=lambda m: (m.start() - m.end(), m.start()))
        out = []
        taken = Intervals()
        for m in found:
            start, end = m.span()
            if taken.starts and taken.overlaps(start, end):
                continue
            if self.accept(field, start, end):
                taken.add(start, end)
                out.append(m)
            elif self.boundaries and not field.boundaries.aligned(start, end):
                shorter = self._shorter_aligned(field, m)
                if shorter is not None:
                    taken.add(*shorter.span())
                    out.append(shorter)
        return out

    def _shorter_aligned(self, field: "CopyField", m):
        """The longest shorter match of the same regex from the same start that ends on a word
        boundary: normalisation joins spaced Han, so 最低 蓝牙 is read as 最低蓝牙, where a greedy
        最 + two characters takes 最低蓝 and the claim is 最低."""
        start, endpos = m.start(), m.end() - 1
        while endpos > start:
            shorter = m.re.match(field.text, start, endpos)
            if shorter is None or shorter.end() <= start:
                return None
            if self.accept(field, start, shorter.end()):
                return shorter
            endpos = shorter.end() - 1
        return None

    def check(self, lctx, field, hits):
        return [Hit(start, end, values) for start, end, values in self.claims(field)]
