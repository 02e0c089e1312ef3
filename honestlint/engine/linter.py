"""Stage 3c: run compiled rules over listings and turn their hits into findings.

For each copy field the engine normalises the text once, scans it once with one automaton that
holds every literal of every rule (phrases, and the anchors of regex rules), and runs a rule
only where that scan found something it needs. Tokenising and position finding happen only
for candidates and findings.
"""
from __future__ import annotations

import html
import datetime as _dt
import functools
import itertools
import operator
import re
from typing import Iterable

import ahocorasick_rs

from . import fixes, messages
from .messages import OTHERS_NAMED, render
from ..text import tokenize
from .catalog import DuplicateIndex
from .claims import one_per_claim
from ..core.finding import SAFE, UNSAFE, Finding, Fix
from ..text.field import CopyField
from ..kinds import DuplicateRule, KindRule
from ..kinds.base import Hit
from ..kinds.context import ListingContext
from ..match.macros import lexicon_words
from ..match.pattern import GROUP_SPANS, RuleTimeout
from ..match.starts import PLAIN
from ..match.variants import case_variants
from ..core.listing import Listing
from ..core.memo import Memo


# Scan results kept per linter for short texts seen before (see Linter._scans).
_SCAN_ENTRIES = 4096

# The literal index of an automaton match (literal, start, end), taken at C speed.
_LITERAL_OF = operator.itemgetter(0)

# Regex slots: numbers the engine's scan reports found cover literals by, unique per process so
# that linters of several configurations can share compiled rules.
_SLOTS = itertools.count()


@functools.lru_cache(maxsize=None)  # patterns built from one macro share their literals
def _scan_forms(cover: frozenset[str]) -> frozenset[str]:
    """A regex's cover literals as they appear in normalised (lower-cased) copy. Every rule
    regex matches IGNORECASE, so "Free" in a pattern is found as "free"."""
    out = set()
    for literal in cover:
        lower = literal.lower()
        out.add(lower if len(lower) == len(literal) else literal)
    return frozenset(out)


# A rule that times out on this many listings of a run is switched off for the rest of it.
RULE_TIMEOUT_LIMIT = 3


class TimedOut:
    """A rule that ran past its time bound on one field (`where`); `switched_off`: this was
    the time-out that switched it off."""

    __slots__ = ("rule", "file", "line", "where", "switched_off", "limit")

    def __init__(self, rule: str, file: str, line: int, where: str, switched_off: bool, limit: int):
        self.rule, self.file, self.line, self.where, self.switched_off, self.limit = (
            rule, file, line, where, switched_off, limit)

    def __reduce__(self):
        return TimedOut, (self.rule, self.file, self.line, self.where, self.switched_off, self.limit)

    def __str__(self) -> str:
        return (f"{self.file}:{self.line}: error: rule '{self.rule}' timed out on {self.where}; "
                "its regex backtracks too much")


class _FieldPlan:
    """The rules reading one field, by what lets them run: `anchored` ones where the scan found
    one of their phrases or anchors, `covered` ones where it found a cover literal of a regex
    they need, `always` ones (no prefilter) every time."""

    __slots__ = ("anchored", "covered", "always", "any")

    def __init__(self, anchored: frozenset[int], covered: frozenset[int], always: frozenset[int]):
        self.anchored, self.covered, self.always = anchored, covered, always
        self.any = bool(anchored or covered or always)


class Linter:
    """Compiled rules, ready to check listings one at a time."""

    def __init__(self, rules: Iterable[KindRule], as_of: _dt.date | None = None, reference: bool = False,
                 lang: str = "en"):
        # reference: the unoptimised path, kept to test the fast one against: every rule runs on
        # every field it reads, phrases are found with str.find, regexes scan whole texts with
        # no prefilter (kinds.PLAIN).
        self.reference = reference
        # The language of messages ("auto": each listing's own, see messages.listing_language).
        self.lang = lang
        # (the listing, its language): the object itself, not its id, so that a listing freed and a
        # new one allocated at the same address are never confused.
        self._listing_lang: tuple[Listing, str] | None = None
        self.rules = list(rules)
        self.as_of = as_of or _dt.date.today()
        self.catalog_rules = [r for r in self.rules if isinstance(r, DuplicateRule)]
        self.listing_rules = [r for r in self.rules if not isinstance(r, DuplicateRule)]
        self._languages = {r.id: tuple(r.languages) for r in self.rules}
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
        rule_literals = list(literals)
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
        self._automaton = ahocorasick_rs.AhoCorasick(literals) if literals else None
        tokenize.add_words(rule_literals)
        if any(rule.boundaries for rule in self.listing_rules):
            # Phrases whose boundaries can be decided without running jieba (tokenize.CrossIndex):
            # the phrases of token-bounded rules and the lexicon words {material}-style macros
            # match; the anchors of a token-bounded regex are usually the words it matches.
            bounded = [p for r in self.listing_rules if r.boundaries for p in r.literals or ()]
            tokenize.prepare(bounded + lexicon_words())
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
        self._by_field: dict[str, "_FieldPlan"] = {}
        # What the scan found in short texts seen before (a pure function of the text; the
        # results are only read): text -> (candidates, found, unlocked, starts).
        self._scans = Memo(_SCAN_ENTRIES)
        # What the rules found in short texts seen before, by (field name, visible text) ->
        # (found, starts, candidates, ((rule index, hits or None: run it again), ...)).
        self._field_results = Memo(_SCAN_ENTRIES)
        # Long texts of catalog-level (duplicate) rules, compact and spilled to disk (catalog.py).
        self._duplicates = DuplicateIndex()
        # Rules that could not finish (a regex past its time bound): TimedOut notes.
        self.rule_errors: list[TimedOut] = []
        # A rule that timed out on this many listings is switched off for the rest of the run.
        self.timeout_limit = RULE_TIMEOUT_LIMIT
        self._timeouts: dict[str, int] = {}
        self.switched_off: set[str] = set()  # ids of rules switched off

    def take_rule_errors(self) -> list[TimedOut]:
        """The time-outs noted since the last call, and a clean slate: a long-lived linter (the
        editor server) lints one buffer after another, and a rule switched off for one buffer
        must run again on the next."""
        taken, self.rule_errors = self.rule_errors, []
        self._timeouts.clear()
        self.switched_off.clear()
        return taken

    def compile_all(self) -> None:
        """Compile every regex now instead of on first use: for a process that forks workers,
        which would otherwise each compile the same patterns (about 0.3 s of CPU apiece)."""
        for rule in self.rules:
            for pattern in rule.regexes():
                pattern.prepare()

    def _plan_for(self, field_name: str) -> "_FieldPlan":
        """Which rules reading a field run when (cached per field name)."""
        plan = self._by_field.get(field_name)
        if plan is None:
            wanted = [i for i, r in enumerate(self.listing_rules) if r.reads(field_name)]
            anchored = frozenset(i for i in wanted if self._anchored[i])
            covered = frozenset(i for i in wanted if not self._anchored[i] and self._needed[i] is not None)
            always = frozenset(i for i in wanted if not self._anchored[i] and self._needed[i] is None)
            plan = self._by_field[field_name] = _FieldPlan(anchored, covered, always)
        return plan

    def _scan(self, text: str) -> tuple:
        """One pass of the automaton over a field: (candidates: rule -> spans of its phrases or
        anchors, found: regex slots whose cover literals occur, or None when the text has a
        character IGNORECASE equates with a literal's, unlocked: covered rules one of whose
        needed regexes may match, starts: slot -> where that regex's prefixes begin)."""
        candidates: dict[int, list[tuple[int, int]]] = {}
        found: set[int] | None = set()
        unlocked: set[int] = set()
        starts: dict[int, list[int]] = {}
        if self._automaton is not None and text:
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

    def lint(self, listing: Listing) -> list[Finding]:
        ctx = ListingContext(listing, self.as_of)
        findings: list[Finding] = []
        by_field = self._by_field
        field_results = self._field_results
        for field in ctx.fields:
            plan = by_field.get(field.name) or self._plan_for(field.name)
            if not plan.any:
                continue
            if field.repeated and not self.reference:
                known = field_results.get((field.name, field.visible))
                if known is not None:
                    self._repeat(ctx, field, known, findings)
                    continue
            text = field.text
            if self.reference:
                candidates, found, starts = self._reference_candidates(text), PLAIN, None
                run = sorted(plan.anchored | plan.covered | plan.always)
            else:
                scanned = self._scans.get(text) if field.repeated else None
                if scanned is None:
                    scanned = self._scan(text)
                    if field.repeated:
                        self._scans.put(text, scanned)
                candidates, found, unlocked, starts = scanned
                if found is None:  # each regex checks its own gate: every covered rule may run
                    unlocked = plan.covered
                # Rules whose phrases or anchors the scan found, covered rules it unlocked, and
                # rules without a prefilter, in rule order.
                run = sorted((plan.anchored & candidates.keys()) | (plan.covered & unlocked) | plan.always)
            field.found, field.starts = found, starts
            # For a repeated text, note which rules gave (or may give) anything: the next time
            # it comes, only those run (see _repeat).
            work: list | None = [] if field.repeated and not self.reference else None
            for index in run:
                rule = self.listing_rules[index]
                if self.switched_off and rule.id in self.switched_off:
                    work = None  # a result without this rule is not remembered
                    continue
                hits = candidates.get(index)
                try:
                    hits_found = rule.check(ctx, field, hits or [])
                except RuleTimeout:
                    self._timed_out(rule, listing, field)
                    work = None  # an incomplete result is not remembered
                    continue
                if work is not None:
                    if rule.text_decides:
                        if hits_found:
                            work.append((index, hits_found))
                    elif rule.may_report(field):
                        work.append((index, None))
                for hit in hits_found:
                    findings.append(self._finding(rule, listing, field, hit))
            if work is not None:
                self._field_results.put((field.name, field.visible), (found, starts, candidates, tuple(work)))
        if len(findings) > 1:
            findings = one_per_claim(findings, self._languages)
        for rule in self.catalog_rules:
            for field in ctx.fields:
                if rule.reads(field.name):
                    key = rule.key(field)
                    if key is not None:
                        hit = Hit(0, len(field.text), {"match": field.text})
                        self._duplicates.add(rule.id, key, self._finding(rule, listing, field, hit))
        return findings

    def _repeat(self, ctx: ListingContext, field: CopyField, known: tuple, findings: list[Finding]) -> None:
        """Findings of a field whose text came before: what the rules found in it then, with
        the rules whose result also depends on the listing (its facts, its review record) run
        again. Rules that found nothing in the text are not run at all."""
        field.found, field.starts, candidates, work = known
        listing = ctx.listing
        for index, hits_found in work:
            rule = self.listing_rules[index]
            if self.switched_off and rule.id in self.switched_off:
                continue
            if hits_found is None:
                try:
                    hits_found = rule.check(ctx, field, candidates.get(index) or [])
                except RuleTimeout:
                    self._timed_out(rule, listing, field)
                    continue
            for hit in hits_found:
                findings.append(self._finding(rule, listing, field, hit))

    def _timed_out(self, rule: KindRule, listing: Listing, field: CopyField) -> None:
        """Note a time-out; at the `timeout_limit`-th listing the rule is switched off for the
        rest of the run, so a backtracking house rule costs seconds, not its bound per listing."""
        count = self._timeouts[rule.id] = self._timeouts.get(rule.id, 0) + 1
        off = count >= self.timeout_limit
        if off:
            self.switched_off.add(rule.id)
        self.rule_errors.append(TimedOut(rule.id, rule.file, rule.line, f"{listing.file} listing {listing.id} {field.label}",
                                         off, self.timeout_limit))

    def _reference_candidates(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Every occurrence of every rule literal, found one literal at a time."""
        candidates: dict[int, list[tuple[int, int]]] = {}
        for index, rule in enumerate(self.listing_rules):
            for literal in rule.literals or ():
                at = text.find(literal)
                while at >= 0 and literal:
                    candidates.setdefault(index, []).append((at, at + len(literal)))
                    at = text.find(literal, at + 1)
        return candidates

    def take_catalog_state(self) -> list:
        """What catalog-level rules collected since the last call, handed from a worker to the
        main process (compact records, see catalog.DuplicateIndex)."""
        return self._duplicates.take()

    def catalog_mark(self) -> int:
        """A mark in what catalog-level rules collect, for `catalog_records`."""
        return len(self._duplicates.pending)

    def catalog_records(self, mark: int) -> list:
        """What catalog-level rules collected since `mark` (one listing's, for the result cache)."""
        return self._duplicates.pending[mark:]

    def add_catalog_records(self, records: list) -> None:
        """Records `catalog_records` gave for a listing in an earlier run (resultcache.replay)."""
        self._duplicates.pending.extend(records)

    def merge_catalog_state(self, state: list) -> None:
        self._duplicates.merge(state)

    def discard_catalog_state(self) -> None:
        """Drop the catalog-level state and its temporary files (a run that failed)."""
        self._duplicates.close()

    def finish(self) -> Iterable[Finding]:
        """Catalog-level findings, once every listing has been linted (an iterator: a copied
        text's findings are made one group at a time)."""
        for group in self._duplicates.groups():
            listings = {(f.file, f.listing) for f in group}
            for finding in group:
                others = sorted(f"{f.listing}" for f in group if (f.file, f.listing) != (finding.file, finding.listing))
                named = ", ".join(others[:OTHERS_NAMED]) + (
                    f" and {len(others) - OTHERS_NAMED} more" if len(others) > OTHERS_NAMED else "")
                finding.message = render(finding.message, {"others": named, "count": str(len(listings))})
                yield finding

    def _language_of(self, listing: Listing) -> str:
        if self.lang != "auto":
            return self.lang
        known = self._listing_lang
        if known is None or known[0] is not listing:
            known = self._listing_lang = (listing, messages.listing_language(listing.data))
        return known[1]

    def _written(self, field: CopyField, start: int, end: int) -> tuple[str, int, int]:
        """The copy at normalised [start, end) as written, and its span in the field's value."""
        a, b = field.raw_span(start, end)
        if field.html_index is None:
            return field.raw[a:b], a, b
        return field.visible[slice(*field.visible_span(start, end))], a, b

    def _finding(self, rule: KindRule, listing: Listing, field: CopyField, hit: Hit) -> Finding:
        if not field.text:
            a, b = 0, len(field.raw)  # a field that normalises to nothing: point at all of it
            text = field.raw
        else:
            text, a, b = self._written(field, hit.start, hit.end)
        line, column, end_line, end_column = listing.string_span(field.path, a, b)
        values = dict(hit.values)
        values.setdefault("match", field.text[hit.start:hit.end])
        values["text"] = text
        values["field"] = field.label
        spans = values.pop(GROUP_SPANS, None)
        if spans and field.text:
            # A message quotes copy as its writer wrote it (純棉, Navy Blue), not as the rules
            # read it (纯棉, navy blue).
            for name, (start, end) in spans.items():
                values[name] = self._written(field, start, end)[0]
            if getattr(rule, "read", None) == "text":
                group = "claim" if "claim" in spans else "value" if "value" in spans else None
                if group is not None:
                    values["claim"] = values[group].strip()
        fact_line = fact_column = None
        fact_field = None
        if hit.fact is not None:
            fact_field = hit.fact.label
            position = listing.value_position(hit.fact.path)
            if position:
                fact_line, fact_column = position
        elif values.get("fact_field"):
            fact_field = values["fact_field"]
        lang = self._language_of(listing)
        price = listing.data.get("price") if isinstance(listing.data, dict) else None
        currency = price.get("currency") if isinstance(price, dict) and isinstance(price.get("currency"), str) else None
        messages.localise(values, lang, currency)
        template = rule.text("fact_message", lang) if hit.message is not None else rule.text("message", lang)
        fix = self._fix(rule, listing, field, hit, spans, a, b, text, values, lang) if field.text else None
        return Finding(
            rule=rule.id, category=rule.category, severity=hit.severity or rule.severity, listing=listing.id,
            field=field.label, file=listing.file, line=line, column=column, end_line=end_line,
            end_column=end_column, text=text, message=render(template or hit.message or rule.message, values),
            suggestion=render(rule.text("suggestion", lang), values), fact_field=fact_field, fact_line=fact_line,
            fact_column=fact_column, offset=a, end_offset=b, fix=fix,
        )

    def _fix(self, rule: KindRule, listing: Listing, field: CopyField, hit: Hit, spans: dict | None, a: int, b: int,
             text: str, values: dict, lang: str) -> Fix | None:
        """The finding's fix: the contradicted fact written in place of the claimed value (safe),
        else the claim removed (unsafe); None where neither can be written in the file."""
        spec = getattr(rule, "fix", None)
        if spec is None:
            return None
        is_html = field.html_index is not None
        if isinstance(spec, tuple) and hit.fact is not None and spans and spec[0] in spans:
            written, ga, gb = self._written(field, *spans[spec[0]])
            new = fixes.replacement(spec[1], hit.fact.value, written, getattr(rule, "unit", None) or
                                    rule.params.get("unit"), values.get("unit"))
            if new and new != written and not (is_html and "<" in field.raw[ga:gb]):
                edit = listing.edit(field.path, ga, gb, html.escape(new, quote=False) if is_html else new)
                if edit is not None:
                    return Fix(SAFE, fixes.fix_message("replace", written, new, lang), [edit])
        if is_html and "<" in field.raw[a:b]:
            return None  # removing it would remove markup with it
        start, end = fixes.removal_span(field.raw, a, b)
        edit = listing.edit(field.path, start, end, "")
        return None if edit is None else Fix(UNSAFE, fixes.fix_message("remove", text, "", lang), [edit])


def lint_listings(linter: Linter, listings: Iterable[Listing]) -> list[Finding]:
    findings = []
    for listing in listings:
        findings.extend(linter.lint(listing))
    findings.extend(linter.finish())
    findings.sort(key=Finding.sort_key)
    return findings
