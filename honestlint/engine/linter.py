"""Stage 3c: run compiled rules over listings and turn their hits into findings.

For each copy field the engine normalises the text once (text.field), scans it once with one
automaton that holds every literal of every rule (phrases, and the anchors of regex rules; see
scan.ScanPlan), and runs a rule only where that scan found something it needs. Tokenising and
position finding happen only for candidates and findings. The Linter holds a rule set compiled
for that work, remembers what it found in texts that repeat, notes rules that time out, and
hands catalog-level rules their records (catalog.py).
"""
from __future__ import annotations

import html
import datetime as _dt
from typing import Iterable

from . import fixes, messages
from .messages import render
from ..text.tokenize import Tokenizer
from .catalog import DuplicateIndex, copied_findings
from .claims import one_per_claim
from .scan import ScanPlan
from ..core.finding import SAFE, UNSAFE, Finding, Fix
from ..text.field import CopyField
from ..kinds import DuplicateRule, KindRule
from ..kinds.base import Hit
from ..kinds.context import ListingContext
from ..match.macros import lexicon_words
from ..match.pattern import GROUP_SPANS, RuleTimeout
from ..match.starts import PLAIN
from ..core.listing import Listing
from ..core.memo import Memo


# Scan results kept per linter for short texts seen before (see Linter._scans).
_SCAN_ENTRIES = 4096

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
        # What one pass over a field decides: which rules run, and where their phrases are.
        self.scan_plan = ScanPlan(self.listing_rules)
        # Word boundaries as this rule set draws them: its phrases are words to its own
        # segmenter (a phrase stays whole), whatever other linters of the process add to theirs.
        self.tokenizer = Tokenizer(literal for rule in self.listing_rules for literal in rule.literals or ())
        if any(rule.boundaries for rule in self.listing_rules):
            # Phrases whose boundaries can be decided without running jieba (tokenize.CrossIndex):
            # the phrases of token-bounded rules and the lexicon words {material}-style macros
            # match; the anchors of a token-bounded regex are usually the words it matches.
            bounded = [p for r in self.listing_rules if r.boundaries for p in r.literals or ()]
            self.tokenizer.prepare(bounded + lexicon_words())
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

    def lint(self, listing: Listing) -> list[Finding]:
        ctx = ListingContext(listing, self.as_of, self.tokenizer)
        findings: list[Finding] = []
        scan_plan = self.scan_plan
        by_field = scan_plan.by_field
        field_results = self._field_results
        for field in ctx.fields:
            plan = by_field.get(field.name) or scan_plan.plan_for(field.name)
            if not plan.any:
                continue
            if field.repeated and not self.reference:
                known = field_results.get((field.name, field.visible))
                if known is not None:
                    self._repeat(ctx, field, known, findings)
                    continue
            text = field.text
            if self.reference:
                candidates, found, starts = scan_plan.reference_candidates(text), PLAIN, None
                run = sorted(plan.anchored | plan.covered | plan.always)
            else:
                scanned = self._scans.get(text) if field.repeated else None
                if scanned is None:
                    scanned = scan_plan.scan(text)
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
        """Records `catalog_records` gave for a listing in an earlier run (run/cache.py's replay)."""
        self._duplicates.pending.extend(records)

    def merge_catalog_state(self, state: list) -> None:
        self._duplicates.merge(state)

    def discard_catalog_state(self) -> None:
        """Drop the catalog-level state and its temporary files (a run that failed)."""
        self._duplicates.close()

    def finish(self) -> Iterable[Finding]:
        """Catalog-level findings, once every listing has been linted (an iterator: a copied
        text's findings are made one group at a time)."""
        for rows in self._duplicates.groups():
            yield from copied_findings(rows)

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
