"""What every rule kind shares: the hit a check returns, exceptions around a candidate, the
memo of results per text, and `KindRule`, the base of the kinds. A kind says explicitly
whether its result depends on the text alone (`text_decides`): only then may the engine replay
its hits on another listing with the same text."""
from __future__ import annotations

import math
import re as _re
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

import regex

from .. import facts as F
from ..core.memo import Memo
from ..core.rule import WRITE_MODES, Rule, RuleContext
from ..match.macros import expand_macros
from ..match.pattern import RulePattern, absent
from ..match.rewrite import re_compatible
from ..match.starts import PLAIN
from ..text.context import CONTEXTS, cancelled
from ..text.field import CopyField
from .context import ListingContext

# How far around a candidate an exception is looked for (a long disclaimer may start well
# before the claim it qualifies).
EXCEPTION_WINDOW = 200


def compile_pattern(ctx: RuleContext, source: str, key: str) -> RulePattern:
    """Compile a rule regex. Built-in rules use the stdlib `re` engine where they can (several
    times faster), after `re_compatible` rewrites what only `regex` reads; rules from user packs
    use the `regex` module, whose matches run with a time bound, so a catastrophically
    backtracking pattern cannot hang a CI gate."""
    expanded = expand_macros(source)
    if ctx.trusted:
        for candidate in (expanded, re_compatible(expanded)):
            try:
                return RulePattern(candidate, "re", _re.compile(candidate, _re.IGNORECASE))
            except (_re.error, ValueError):
                continue  # a feature only `regex` has, which the rewrite does not cover
    try:
        return RulePattern(expanded, "regex", regex.compile(expanded, regex.IGNORECASE | regex.VERSION0))
    except regex.error as exc:
        raise ctx.error(f"invalid regex in '{key}': {exc}", key) from None


class Intervals:
    """Non-overlapping spans already taken, sorted, so that checking a candidate is a binary
    search instead of a scan (a field may repeat a claim thousands of times)."""

    __slots__ = ("starts", "ends")

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def _near(self, start: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, start)

    def overlaps(self, start: int, end: int) -> bool:
        i = self._near(start)
        if i and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def covers(self, start: int, end: int) -> bool:
        i = self._near(start)
        return bool(i) and self.ends[i - 1] >= end

    def add(self, start: int, end: int) -> None:
        i = self._near(start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


@dataclass(slots=True)
class Hit:
    """A rule's match in one field: normalised span and message values."""

    start: int
    end: int
    values: dict = field(default_factory=dict)
    fact: F.Fact | None = None
    field: "CopyField | None" = None
    message: str | None = None  # a rule's other message for this hit (fact_message)
    severity: str | None = None  # the rule's severity for this outcome (missing_severity)


def norm_phrase(text: str) -> str:
    from ..text.normalize import normalize

    return normalize(text).text.strip()


# Copy repeats across a catalog (bullets, promotion texts and reviews written from one template),
# and what a rule finds in a text depends on that text alone (facts are compared afterwards), so
# results for a text that has come before are remembered: a field is marked `repeated` when its
# text (at most text.field.MEMO_TEXT characters) was seen earlier in the run, and only those
# enter a memo (a title is seldom seen twice and would only push the others out). Each rule
# keeps the MEMO_ENTRIES most recently used texts. Memory stays bounded; output is unchanged.
MEMO_ENTRIES = 1024


def remembered(rule: "KindRule", field: "CopyField", key: str, compute, *args):
    """compute(*args), which depends on `key` (a field's text) alone, remembered for a repeated
    field; the reference path (kinds.PLAIN) always computes. The text alone, that is, as the
    field's tokenizer draws its word boundaries: linters of several configurations share their
    compiled rules, so a rule keeps one memo per tokenizer (held weakly: a linter dropped takes
    its memos with it)."""
    if not field.repeated or field.found is PLAIN:
        return compute(*args)
    memos = rule.__dict__.get("_memo")
    if memos is None:
        memos = rule._memo = WeakKeyDictionary()
    memo = memos.get(field.tokenizer)
    if memo is None:
        memo = memos[field.tokenizer] = Memo(MEMO_ENTRIES)
    found = memo.get(key)
    if found is None:
        found = compute(*args)
        memo.put(key, found)
    return found


class KindRule(Rule):
    KEYS: set[str] = set()
    # Literal strings whose presence is needed for this rule to match (the engine's prefilter);
    # None means the rule has no literal gate and always runs.
    literals: tuple[str, ...] | None = None

    def compile(self, ctx: RuleContext) -> None:
        self.exceptions = [compile_pattern(ctx, e, "exceptions") for e in ctx.strings("exceptions")]
        self.boundaries = bool(ctx.get("boundaries", bool, default=self.kind == "phrase"))
        self.cancelled_by = ctx.strings("cancelled_by")
        for name in self.cancelled_by:
            if name not in CONTEXTS:
                raise ctx.error(f"unknown context '{name}' in cancelled_by (known: {', '.join(CONTEXTS)})",
                                "cancelled_by")
        self.fix = self._compile_fix(ctx)

    # Whether a finding of this kind is a claim in the copy that removing mends (a phrase, a
    # pattern, a claim); a metric (length, capitals) or a record (reviews) is not.
    removable = False

    def _compile_fix(self, ctx: RuleContext):
        """`fix`: absent (removal, unsafe, for kinds that find claims), `none`, `remove`, or
        {replace: GROUP, with: fact|number|duration} (a safe fix writing the contradicted fact
        in place of the claimed value in GROUP; removal where no fact can be written)."""

        spec = ctx.get("fix", (str, dict), default=None)
        if spec is None:
            return "remove" if self.removable else None
        if isinstance(spec, str):
            if spec not in ("none", "remove"):
                raise ctx.error("fix must be 'none', 'remove' or {replace: GROUP, with: MODE}", "fix")
            if spec == "remove" and not self.removable:
                raise ctx.error(f"a {self.kind} rule finds no claim to remove", "fix")
            return None if spec == "none" else "remove"
        unknown = set(spec) - {"replace", "with"}
        if unknown or not isinstance(spec.get("replace"), str) or spec.get("with") not in WRITE_MODES:
            raise ctx.error(f"fix needs replace: GROUP and with: one of {', '.join(WRITE_MODES)}", "fix")
        if self.kind != "claim":
            raise ctx.error("only a claim rule has a fact to write in place of the claim", "fix")
        return (spec["replace"], spec["with"])

    def regexes(self) -> list[RulePattern]:
        """Every regex the rule runs."""
        return list(self.exceptions) + list(getattr(self, "patterns", ())) + (
            [self.unless] if getattr(self, "unless", None) is not None else [])

    def needed_regexes(self) -> list[RulePattern] | None:
        """Regexes of which one must match for the rule to report anything (None: no such)."""
        return None

    def excepted(self, text: str, start: int, end: int, found: set | None = None, starts: dict | None = None) -> bool:
        """An exception match that covers the candidate cancels it (最好在 covers 最好)."""
        for pattern in self.exceptions:
            if absent(pattern, found):
                continue
            # A window, not the whole field: an exception is about the claim's own context.
            lo = max(0, start - EXCEPTION_WINDOW)
            for m in pattern.finditer(text, lo, min(len(text), end + EXCEPTION_WINDOW), found, starts):
                if m.start() <= start and end <= m.end():
                    return True
        return False

    def accept(self, field: "CopyField", start: int, end: int) -> bool:
        # Exceptions first: a regex is cheaper than a tokenizer, and 第一步 needs neither.
        if self.excepted(field.text, start, end, field.found, field.starts):
            return False
        if self.boundaries and not field.boundaries.aligned(start, end):
            return False
        return not self.cancelled_by or not cancelled(self.cancelled_by, field, start, end)

    def check(self, lctx: "ListingContext", field: "CopyField", hits: list[tuple[int, int]]) -> list[Hit]:
        return []

    # Whether the field's text alone decides what check() returns (it reads no fact, no list
    # item), so that the engine may reuse the result for the same text in another listing. Off
    # unless a kind says so: a kind that reads facts and claimed otherwise would have its hits
    # replayed onto listings whose facts differ.
    text_decides = False

    def may_report(self, field: "CopyField") -> bool:
        """For a rule the text does not decide alone: whether check() can report anything on
        this text in any listing (the engine skips it on the text's next occurrences if not)."""
        return True

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_memo", None)  # results remembered in this process only
        return state


def show_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value):
            return "lifetime"
        return f"{value:g}"
    if isinstance(value, F.Quantity):
        return str(value)
    if isinstance(value, tuple):
        return "-".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    return str(value)
