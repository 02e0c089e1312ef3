"""Stage 3c: which rules run on a field, decided by one pass over its normalised text. A
`ScanPlan`, built once per linter from its rules, holds every literal they need in one
automaton and what finding each literal means; `scan` gives a text's candidates (where phrases
and anchors occur), the regexes it may match and where their prefixes start, and `plan_for`
which rules reading a field run when.
"""
from __future__ import annotations

import functools
import itertools
import operator
import re

import ahocorasick_rs

from ..core import native
from ..kinds import KindRule
from ..match.variants import case_variants

# The literal index of an automaton match (literal, start, end), taken at C speed.
_LITERAL_OF = operator.itemgetter(0)

# Regex slots: numbers the engine's scan reports found cover literals by, unique per process so
# that linters of several configurations can share compiled rules.
_SLOTS = itertools.count()

# Bumped whenever the engine is chosen again (core.native.select): a plan then asks anew
# whether its scan runs in the core.
_engine_epoch = 0


def _engine_changed() -> None:
    global _engine_epoch
    _engine_epoch += 1


native.on_select(_engine_changed)


@functools.lru_cache(maxsize=None)  # patterns built from one macro share their literals
def _scan_forms(cover: frozenset[str]) -> frozenset[str]:
    """A regex's cover literals as they appear in normalised (lower-cased) copy. Every rule
    regex matches IGNORECASE, so "Free" in a pattern is found as "free"."""
    out = set()
    for literal in cover:
        lower = literal.lower()
        out.add(lower if len(lower) == len(literal) else literal)
    return frozenset(out)


class FieldPlan:
    """The rules reading one field, by what lets them run: `anchored` ones where the scan found
    one of their phrases or anchors, `covered` ones where it found a cover literal of a regex
    they need, `always` ones (no prefilter) every time."""

    __slots__ = ("anchored", "covered", "always", "any")

    def __init__(self, anchored: frozenset[int], covered: frozenset[int], always: frozenset[int]):
        self.anchored, self.covered, self.always = anchored, covered, always
        self.any = bool(anchored or covered or always)


class ScanPlan:
    """The literals of a rule set in one automaton, and what finding each one means: which rules
    it lets run, which regexes it unlocks (alone, or with a literal of each of their other
    clauses), and which rules' candidates and regexes' starts it marks."""

    def __init__(self, listing_rules: list[KindRule]):
        self.listing_rules = listing_rules
        # One automaton holds every literal the rules need: the phrases and anchors of rules
        # (a rule runs only where one occurs) and the cover literals of every regex (each match
        # holds one, so a regex whose literals are absent is not run). One scan of a field then
        # decides what runs, instead of a literal check per regex.
        literals: list[str] = []
        owners: list[list[int]] = []  # literal -> rules it is an anchor or phrase of
        covers: list[list[int]] = []  # literal -> slots of one-clause regexes it lets run
        partial: list[list[tuple[int, int]]] = []  # literal -> (slot, clause bit) of other regexes
        prefixes_of: list[list[int]] = []  # literal -> regex slots it is a prefix of
        where: dict[str, int] = {}

        def literal_index(literal: str) -> int:
            if literal not in where:
                where[literal] = len(literals)
                literals.append(literal)
                owners.append([])
                covers.append([])
                partial.append([])
                prefixes_of.append([])
            return where[literal]

        for index, rule in enumerate(self.listing_rules):
            for literal in rule.literals or ():
                owners[literal_index(literal)].append(index)
        literal_chars: dict[str, set[str]] = {"re": set(), "regex": set()}  # engine -> characters
        # rule index -> the slots of the regexes one of which must match (None: always run)
        self._needed: list[frozenset[int] | None] = []
        # A regex may run where the scan found a literal of each of its clauses (literal sets of
        # which every match holds one each; kinds._gate_clauses). For a regex of several
        # clauses the scan sets one bit per clause found; slot -> the bits of all its clauses.
        self._full: dict[int, int] = {}
        for rule in self.listing_rules:
            for pattern in rule.regexes():
                if pattern.cover is None:
                    continue
                if pattern.slot is None:
                    pattern.slot = next(_SLOTS)
                clauses = pattern.clauses or (pattern.cover,)
                single = len(clauses) == 1  # one clause: a literal of it is enough
                if not single:
                    self._full[pattern.slot] = (1 << len(clauses)) - 1
                for bit, clause in enumerate(clauses):
                    for literal in _scan_forms(clause):
                        if single:
                            covers[literal_index(literal)].append(pattern.slot)
                        else:
                            partial[literal_index(literal)].append((pattern.slot, 1 << bit))
                        literal_chars[pattern.engine].update(literal)
                for literal in _scan_forms(pattern.prefix or ()):
                    prefixes_of[literal_index(literal)].append(pattern.slot)
                    literal_chars[pattern.engine].update(literal)
            needed = rule.needed_regexes()
            self._needed.append(frozenset(p.slot for p in needed)
                                if needed and all(p.cover is not None for p in needed) else None)
        variant_chars = set().union(*(case_variants(chars, engine) for engine, chars in literal_chars.items() if chars))
        # A regex rule's `anchors` are a hand-written prefilter; where every pattern of the rule
        # has cover literals, those decide instead: they are exact by construction, and a list
        # of anchors can miss a phrasing the pattern accepts ("first bottle free").
        self._anchored = [rule.literals is not None and self._needed[i] is None
                          for i, rule in enumerate(self.listing_rules)]
        # A text holding a character that IGNORECASE equates with a literal's (an upper-case
        # letter, the long s) could match a regex without holding its literal as written, so
        # such a text falls back to each regex's own gate. Normalised copy (lower-cased, NFKC)
        # almost never has one.
        self._odd_chars = (re.compile("[" + "".join(map(re.escape, sorted(variant_chars))) + "]").search
                           if variant_chars else None)
        # The Python scan's automaton, built on its first use: when the core runs, it scans
        # with its own (about 20 ms of start-up saved).
        self._automaton = None
        # literal -> the covered rules (every pattern has cover literals) one of whose needed
        # regexes holds it: finding the literal is what lets such a rule run.
        needing: dict[int, set[int]] = {}  # slot -> covered rules that need that regex
        for i, needed in enumerate(self._needed):
            for slot in needed or ():
                needing.setdefault(slot, set()).add(i)
        none: frozenset[int] = frozenset()
        cover_rules: list[frozenset[int]] = [
            frozenset().union(*(needing.get(slot, none) for slot in slots)) if slots else none
            for slots in covers]
        # slot of a regex of several clauses -> the covered rules it unlocks once all are found
        self._slot_unlocks = {slot: frozenset(needing.get(slot, none)) for slot in self._full}
        # The clauses of all those regexes as bits of one integer, so that the scan ORs one
        # number per distinct literal found instead of updating a table per clause: a regex of
        # k clauses owns k adjacent bits and a zero guard bit above them. Adding the lowest bit
        # of every block carries into a block's guard bit exactly when all k bits are set, so
        # `(found_bits + self._block_lows) & self._block_guards` has one bit per regex whose
        # clauses were all found (blocks never carry into each other: a guard stops it).
        clause_offset: dict[int, int] = {}
        self._block_lows = self._block_guards = 0
        self._guard_slot: dict[int, int] = {}  # guard bit's bit_length() -> slot
        offset = 0
        for slot, full in self._full.items():
            width = full.bit_length()
            clause_offset[slot] = offset
            self._block_lows |= 1 << offset
            self._block_guards |= 1 << (offset + width)
            self._guard_slot[offset + width + 1] = slot
            offset += width + 1
        clause_bits = [0] * len(literals)
        for literal, pairs in enumerate(partial):
            for slot, bit in pairs:
                clause_bits[literal] |= bit << clause_offset[slot]
        # What finding a literal does, split by what it needs. Presence alone lets regexes
        # and covered rules run, so it is handled once per distinct literal found ("," or "l"
        # occur many times in a text); the positions matter only for phrases, anchors and
        # prefixes. Per literal: (slots of one-clause regexes it lets run, rules that unlocks,
        # its clause bits in the other regexes' blocks), and (rules it is a phrase or anchor
        # of, slots it is a prefix of); None when it is neither.
        self._presence = [(tuple(cov), unl, bits) if cov or bits else None
                          for cov, unl, bits in zip(covers, cover_rules, clause_bits)]
        self._positional = [(tuple(own), tuple(pre)) if own or pre else None
                            for own, pre in zip(owners, prefixes_of)]
        # field name -> which of the rules reading it run when (plan_for)
        self.by_field: dict[str, FieldPlan] = {}
        # What the core's scanner is built from (core_tables), kept as built: turning them into
        # its form costs start-up time, so it is done only when the core runs.
        self._core_parts = (literals, covers, cover_rules, partial, owners, prefixes_of, variant_chars)
        self._scanner = None  # the core's Scanner, or False: the Python scan
        self._scanner_epoch = -1

    def core_tables(self) -> tuple:
        """The core's Scanner arguments, as this plan built them (no copy: the core reads them
        once): the literals; per literal the slots of one-clause regexes it lets run, the
        covered rules that unlocks, its (slot, clause bit) pairs in regexes of several clauses,
        the rules it is a phrase or anchor of, the slots it is a prefix of; per regex of several
        clauses (slot -> all its bits, slot -> the rules it unlocks); the characters IGNORECASE
        equates with a literal's."""
        literals, covers, cover_rules, partial, owners, prefixes_of, variant_chars = self._core_parts
        return (literals, covers, cover_rules, partial, owners, prefixes_of, list(self._full.items()), self._slot_unlocks,
                "".join(sorted(variant_chars)))

    def _core_scanner(self):
        """The core's scanner when the core engine runs, else False (asked once per engine
        choice)."""
        self._scanner_epoch = _engine_epoch
        self._scanner = False
        if native.check() == "core":
            self._scanner = native.module().Scanner(*self.core_tables())
        return self._scanner

    def plan_for(self, field_name: str) -> FieldPlan:
        """Which rules reading a field run when (cached per field name)."""
        plan = self.by_field.get(field_name)
        if plan is None:
            wanted = [i for i, r in enumerate(self.listing_rules) if r.reads(field_name)]
            anchored = frozenset(i for i in wanted if self._anchored[i])
            covered = frozenset(i for i in wanted if not self._anchored[i] and self._needed[i] is not None)
            always = frozenset(i for i in wanted if not self._anchored[i] and self._needed[i] is None)
            plan = self.by_field[field_name] = FieldPlan(anchored, covered, always)
        return plan

    def scan(self, text: str) -> tuple:
        """scan_python's result, computed by the core when it runs."""
        scanner = self._scanner if self._scanner_epoch == _engine_epoch else self._core_scanner()
        if scanner:
            scanned = scanner.scan(text)
            if scanned is not None:  # None: lone surrogates, which only Python handles
                return scanned
        return self.scan_python(text)

    def scan_python(self, text: str) -> tuple:
        """One pass of the automaton over a field: (candidates: rule -> spans of its phrases or
        anchors, found: regex slots whose cover literals occur, or None when the text has a
        character IGNORECASE equates with a literal's, unlocked: covered rules one of whose
        needed regexes may match, starts: slot -> where that regex's prefixes begin)."""
        candidates: dict[int, list[tuple[int, int]]] = {}
        found: set[int] | None = set()
        unlocked: set[int] = set()
        starts: dict[int, list[int]] = {}
        literals = self._core_parts[0]
        if literals and text:
            if self._automaton is None:
                self._automaton = ahocorasick_rs.AhoCorasick(literals)
            matches = self._automaton.find_matches_as_indexes(text, overlapping=True)
            presence = self._presence
            clauses_found = 0  # bits of the clauses found (see _block_guards)
            for literal in set(map(_LITERAL_OF, matches)):
                act = presence[literal]
                if act is not None:
                    slots, unlocks, bits = act
                    if slots:
                        found.update(slots)
                        unlocked |= unlocks
                    clauses_found |= bits
            if clauses_found:
                complete = (clauses_found + self._block_lows) & self._block_guards
                guard_slot, slot_unlocks = self._guard_slot, self._slot_unlocks
                while complete:
                    guard = complete & -complete
                    complete ^= guard
                    slot = guard_slot[guard.bit_length()]
                    found.add(slot)
                    unlocked |= slot_unlocks[slot]
            positional = self._positional
            for literal, start, end in matches:
                act = positional[literal]
                if act is None:
                    continue
                for owner in act[0]:
                    candidates.setdefault(owner, []).append((start, end))
                for slot in act[1]:
                    starts.setdefault(slot, []).append(start)
            if self._odd_chars is not None and self._odd_chars(text):
                found = None
        return candidates, found, unlocked, starts

    def reference_candidates(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Every occurrence of every rule literal, found one literal at a time."""
        candidates: dict[int, list[tuple[int, int]]] = {}
        for index, rule in enumerate(self.listing_rules):
            for literal in rule.literals or ():
                at = text.find(literal)
                while at >= 0 and literal:
                    candidates.setdefault(index, []).append((at, at + len(literal)))
                    at = text.find(literal, at + 1)
        return candidates
