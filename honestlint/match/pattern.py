"""A rule's compiled regex with its scan plan: the literal gate that skips fields it cannot
match, the start class, the engine chosen (`re` when it can, `regex` otherwise), a time bound
for user patterns, and the values a match hands to a message."""
from __future__ import annotations

import re as _re
import time

import regex

from .analysis import analyse
from .macros import trie_regex
from .rewrite import DUP_MARK
from .starts import PLAIN, START_TRIES, TRIAL_CALLS
from .variants import case_variants

# Rules written by users run with a time bound so a backtracking pattern cannot hang a gate.
REGEX_TIMEOUT = 1.0


class _Gate:
    """Decides cheaply that a pattern cannot match a text."""

    __slots__ = ("literals", "search", "variants")

    def __init__(self, cover: frozenset[str], engine: str):
        self.literals = tuple(sorted(cover, key=len, reverse=True))
        # One exact (case-sensitive) prefix-factored regex: a single C call per check.
        self.search = _re.compile(trie_regex(self.literals)).search
        variants = case_variants({c for lit in cover for c in lit}, engine)
        self.variants = _re.compile("[" + "".join(map(_re.escape, sorted(variants))) + "]").search if variants else None

    def may_match(self, text: str) -> bool:
        if self.search(text) is None:
            return self.variants is not None and self.variants(text) is not None
        return True


class RulePattern:
    """A rule's regex: its source after macro expansion, the engine it runs on, and the compiled
    pattern, made on first use. Pickling keeps only the source, so the compiled-rule cache
    loads fast and a rule whose prefilter never fires never pays for compiling."""

    __slots__ = ("pattern", "engine", "cover", "start", "prefix", "clauses", "slot", "_compiled", "_gate", "_starts",
                 "_trial")

    def __init__(self, pattern: str, engine: str, compiled=None):
        self.pattern, self.engine, self._compiled = pattern, engine, compiled
        # Literals of which every match holds one, and the class of characters a match starts
        # with (None: unknown). Worked out from one parse when the rule is compiled and kept in
        # the compiled-rule cache, so no run (nor any -j worker) parses a pattern again.
        # `prefix`: literals one of which every match starts with; the engine's scan then gives
        # the only positions worth trying (Linter records them in a field's `starts`).
        # `clauses`: literal sets of which every match holds one each (the engine's scan lets
        # the pattern run only where it found one of each).
        self.cover, self.start, self.prefix, self.clauses = analyse(pattern, engine)
        self.slot: int | None = None  # this pattern's number in the engine's scan (Linter)
        self._gate = None  # a _Gate, False (no gate) or None (not made yet)
        self._starts = None  # the start-class scanner, False (none) or None (not made yet)
        self._trial = None  # [calls, scan time, start-class time] while choosing between them

    def __getstate__(self):
        return (self.pattern, self.engine, self.cover, self.start, self.prefix, self.clauses)

    def __setstate__(self, state):
        self.pattern, self.engine, self.cover, self.start, self.prefix, self.clauses = state
        self.slot = None
        self._compiled = None
        self._gate = None
        self._starts = None
        self._trial = None

    @property
    def compiled(self):
        if self._compiled is None:
            if self.engine == "re":
                self._compiled = _re.compile(self.pattern, _re.IGNORECASE)
            else:
                self._compiled = regex.compile(self.pattern, regex.IGNORECASE | regex.VERSION0)
        return self._compiled

    def prepare(self) -> None:
        """Compile the pattern and its start-class scanner (otherwise done on first use)."""
        self.compiled  # noqa: B018 - the property compiles
        if self._starts is None:
            self._prepare_starts()

    def _prepare_starts(self) -> None:
        if self.start is None:
            self._starts = False
        elif self.engine == "re":
            self._starts = _re.compile(self.start, _re.IGNORECASE).finditer
        else:
            self._starts = regex.compile(self.start, regex.IGNORECASE | regex.VERSION0).finditer
        if self._starts:
            self._trial = [0, 0.0, 0.0]

    def _may_match(self, text: str) -> bool:
        """The pattern's own literal gate, for a text the engine's scan did not look at (or one
        with characters IGNORECASE equates with a literal's): made on first need."""
        if self._gate is None:
            self._gate = _Gate(self.cover, self.engine) if self.cover else False
        return not self._gate or self._gate.may_match(text)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, found: frozenset | set | None = None,
                 starts: dict | None = None) -> list:
        """All matches, under the time bound on the `regex` engine (RuleTimeout past it).
        `found`: the pattern slots whose cover literals the engine's scan found in `text`
        (None: no scan was made, and the pattern's own gate decides; PLAIN: scan in full).
        `starts`: slot -> where the scan found the pattern's prefixes, for a pattern with some."""
        endpos = len(text) if endpos is None else endpos
        deadline = None if self.engine == "re" else time.monotonic() + REGEX_TIMEOUT
        try:
            if found is PLAIN:
                return self._scan(text, pos, endpos, deadline)
            if found is not None and self.slot is not None:
                if self.slot not in found:
                    return []  # the engine's scan found none of the literals every match holds
                if self.prefix is not None and starts is not None:
                    # every match starts with a prefix, and the scan found every prefix
                    return self._at(text, starts.get(self.slot, ()), pos, endpos, deadline)
            elif not self._may_match(text):
                return []  # every match lies inside text, so no gate literal means no match
            if self._starts is None:
                self._prepare_starts()
            if not self._starts:
                return self._scan(text, pos, endpos, deadline)
            if self._trial is None:
                return self._from_starts(text, pos, endpos, deadline)
            return self._try_both(text, pos, endpos, deadline)
        except TimeoutError:
            raise RuleTimeout(self.pattern) from None

    def _scan(self, text: str, pos: int, endpos: int, deadline: float | None) -> list:
        if deadline is None:
            return list(self.compiled.finditer(text, pos, endpos))
        return list(self.compiled.finditer(text, pos, endpos, timeout=max(deadline - time.monotonic(), 0.001)))

    def _try_both(self, text: str, pos: int, endpos: int, deadline: float | None) -> list:
        """Whether trying start positions beats the engine's own scan depends on how common the
        start characters are in real copy (a digit: rare; "o" of "only": everywhere), so the
        first calls alternate between the two and time them; both give the same matches, so the
        choice changes speed only, never output."""
        trial = self._trial
        calls = trial[0] = trial[0] + 1
        way = calls % 2
        began = time.perf_counter()
        found = self._from_starts(text, pos, endpos, deadline) if way else self._scan(text, pos, endpos, deadline)
        trial[1 + way] += (time.perf_counter() - began) / (endpos - pos + 16)
        if calls >= TRIAL_CALLS:
            if trial[1] < trial[2]:
                self._starts = False
            self._trial = None
        return found

    def _at(self, text: str, positions, pos: int, endpos: int, deadline: float | None) -> list:
        """finditer's matches when a match can start only at `positions` (where the engine's
        scan found a prefix)."""
        ordered = sorted(set(positions)) if len(positions) > 1 else positions
        return self._tried_at(text, ordered, pos, endpos, deadline)

    def _from_starts(self, text: str, pos: int, endpos: int, deadline: float | None) -> list:
        """finditer's matches, trying the pattern only where its start class occurs."""
        return self._tried_at(text, (m.start() for m in self._starts(text, pos, endpos)), pos, endpos, deadline)

    def _tried_at(self, text: str, candidates, pos: int, endpos: int, deadline: float | None) -> list:
        """finditer's matches when every match starts at one of `candidates` (ascending):
        the pattern is tried at each, from the end of the last match on, as finditer moves on
        (matches are never empty here: a pattern that can match "" has neither a start class
        nor prefixes). Past START_TRIES tries the engine scans the rest itself."""
        out = []
        at = pos  # where the next match may begin
        tries = 0
        compiled = self.compiled
        for start in candidates:
            if start < at or start >= endpos:
                continue
            tries += 1
            if tries > START_TRIES:  # a common start: let the engine scan the rest
                out.extend(self._scan(text, start, endpos, deadline))
                return out
            if deadline is None:
                m = compiled.match(text, start, endpos)
            else:
                m = compiled.match(text, start, endpos, timeout=max(deadline - time.monotonic(), 0.001))
            if m is not None:
                out.append(m)
                at = m.end()
        return out


# The key of a match's values that holds each named group's span: group name -> (start, end).
GROUP_SPANS = "@spans"


def match_values(m) -> dict:
    """A match's named groups that took part, with renamed repeats under their own name, and
    their spans under GROUP_SPANS (a message shows a group as written, a fix replaces it)."""
    values = {}
    spans = {}
    for name, value in m.groupdict().items():
        if value is not None:
            key = name.split(DUP_MARK, 1)[0] if DUP_MARK in name else name
            values[key] = value
            spans[key] = m.span(name)
    if spans:
        values[GROUP_SPANS] = spans
    return values


def absent(pattern: RulePattern, found) -> bool:
    """The engine's scan shows `pattern` cannot match (checked before calling finditer, which
    would say the same, because most patterns of most rules are absent from most fields)."""
    return found is not None and found is not PLAIN and pattern.slot is not None and pattern.slot not in found



class RuleTimeout(Exception):
    """A rule's regex ran past its time bound on some text."""
