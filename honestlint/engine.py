"""Stage 3c: run compiled rules over listings and turn their hits into findings.

For each copy field the engine normalises the text once, scans it once with one automaton that
holds every literal of every rule (phrases, and the anchors of regex rules), and runs a rule
only where that scan found something it needs. Tokenising and position finding happen only
for candidates and findings.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import string
from typing import Iterable

import ahocorasick_rs

from . import tokenize
from .findings import Finding
from .html import source_end, strip_html
from .kinds import DuplicateRule, Hit, KindRule, RuleTimeout, lexicon_words
from .loader import Listing
from .normalize import Normalized, normalize


class CopyField:
    """One copy string of a listing, with its visible text, normalised view and boundaries."""

    __slots__ = ("name", "label", "path", "raw", "visible", "html_index", "norm", "_boundaries")

    def __init__(self, name: str, label: str, path: tuple, raw: str, html: bool):
        self.name, self.label, self.path, self.raw = name, label, path, raw
        if html:
            self.visible, self.html_index = strip_html(raw)
        else:
            self.visible, self.html_index = raw, None
        self.norm: Normalized = None  # type: ignore[assignment]  # set by normalize_fields
        self._boundaries = None

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def boundaries(self) -> tokenize.Boundaries:
        if self._boundaries is None:
            self._boundaries = tokenize.Boundaries(self.norm.text)
        return self._boundaries

    def visible_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span(start, end)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) to the decoded JSON string's [a, b)."""
        a, b = self.norm.span(start, end)
        if self.html_index is None:
            return a, b
        if a >= len(self.html_index):
            return len(self.raw), len(self.raw)
        raw_a = self.html_index[a]
        raw_b = source_end(self.raw, self.html_index[max(b - 1, a)])
        return raw_a, max(raw_b, raw_a + 1)

    def norm_span_of_visible(self, start: int, end: int) -> tuple[int, int]:
        index = self.norm.index
        if index is None:
            return start, end
        return bisect.bisect_left(index, start), bisect.bisect_left(index, end)


def copy_fields(data: dict) -> list[CopyField]:
    """The copy strings of a listing, in file order of the listing format."""
    out = []
    for key in ("title", "subtitle", "description"):
        value = data.get(key)
        if isinstance(value, str) and value:
            out.append(CopyField(key, key, (key,), value, html=key == "description"))
    bullets = data.get("bullets")
    if isinstance(bullets, list):
        for i, value in enumerate(bullets):
            if isinstance(value, str) and value:
                out.append(CopyField("bullets", f"bullets[{i}]", ("bullets", i), value, html=False))
    for group, keys in (("promotions", ("text", "terms")), ("reviews", ("text",))):
        items = data.get(group)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for key in keys:
                value = item.get(key)
                if isinstance(value, str) and value:
                    out.append(CopyField(f"{group}.{key}", f"{group}[{i}].{key}", (group, i, key), value, html=False))
    normalize_fields(out)
    return out


# Joins the fields of a listing for one normalisation pass. A line break is never changed or
# removed by normalisation (it ends a clause), so the joined result splits back exactly.
_FIELD_SEPARATOR = "\n"


def normalize_fields(fields: list[CopyField]) -> None:
    """Normalise every field of a listing in one call: the fixed cost of a call (the checks
    that find nothing to do, one OpenCC conversion) is then paid once per listing."""
    if len(fields) == 1:
        fields[0].norm = normalize(fields[0].visible)
        return
    if not fields:
        return
    joined = normalize(_FIELD_SEPARATOR.join(f.visible for f in fields))
    if joined.index is None:  # one-to-one: fields keep their offsets
        pos = 0
        for f in fields:
            n = len(f.visible)
            f.norm = Normalized(joined.text[pos:pos + n], f.visible, None)
            pos += n + 1
        return
    index = joined.index
    src = 0
    out_start = 0
    for f in fields:
        src_end = src + len(f.visible)
        out_end = bisect.bisect_left(index, src_end, out_start) if f is not fields[-1] else len(joined.text)
        sub = index[out_start:out_end]
        if len(sub) == len(f.visible) and sub == list(range(src, src_end)):
            f.norm = Normalized(joined.text[out_start:out_end], f.visible, None)
        else:
            f.norm = Normalized(joined.text[out_start:out_end], f.visible, [i - src for i in sub])
        src = src_end + 1
        out_start = out_end + 1


class ListingContext:
    """What rules may look at while checking one listing."""

    def __init__(self, listing: Listing, as_of: _dt.date):
        self.listing = listing
        self.data = listing.data
        self.as_of = as_of
        self.fields = copy_fields(listing.data)
        self._copy_text: str | None = None

    def copy_text(self) -> str:
        """All seller copy, normalised, for checks like 'is the gift named anywhere'."""
        if self._copy_text is None:
            self._copy_text = "\n".join(f.text for f in self.fields if f.name != "reviews.text")
        return self._copy_text

    def item_of(self, field: CopyField):
        """The list item (a review, a promotion) that a field belongs to."""
        if len(field.path) == 3:
            items = self.data.get(field.path[0])
            if isinstance(items, list) and field.path[1] < len(items):
                return items[field.path[1]]
        return None


class _Values(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render(template: str, values: dict) -> str:
    try:
        return string.Formatter().vformat(template, (), _Values(values))
    except (ValueError, IndexError, KeyError):
        return template


class Linter:
    """Compiled rules, ready to check listings one at a time."""

    def __init__(self, rules: Iterable[KindRule], as_of: _dt.date | None = None):
        self.rules = list(rules)
        self.as_of = as_of or _dt.date.today()
        self.catalog_rules = [r for r in self.rules if isinstance(r, DuplicateRule)]
        self.listing_rules = [r for r in self.rules if not isinstance(r, DuplicateRule)]
        literals: list[str] = []
        self._owners: list[list[int]] = []
        where: dict[str, int] = {}
        for index, rule in enumerate(self.listing_rules):
            for literal in rule.literals or ():
                if literal not in where:
                    where[literal] = len(literals)
                    literals.append(literal)
                    self._owners.append([])
                self._owners[where[literal]].append(index)
        self._automaton = ahocorasick_rs.AhoCorasick(literals) if literals else None
        tokenize.add_words(literals)
        if any(rule.boundaries for rule in self.listing_rules):
            # Phrases whose boundaries can be decided without running jieba (tokenize.CrossIndex):
            # the phrases of token-bounded rules and the lexicon words {material}-style macros
            # match; the anchors of a token-bounded regex are usually the words it matches.
            bounded = [p for r in self.listing_rules if r.boundaries for p in r.literals or ()]
            tokenize.prepare(bounded + lexicon_words())
        # Regex gates (kinds._Gate) are made per pattern on first use, so a run that needs a few
        # rules does not parse every pattern at start-up.
        self._by_field: dict[str, tuple[frozenset[int], list[int]]] = {}
        self._duplicates: dict[tuple[str, str], list[Finding]] = {}
        # Rules that could not finish (a regex past its time bound), as error lines.
        self.rule_errors: list[str] = []

    def _rules_for(self, field_name: str) -> tuple[frozenset[int], list[int]]:
        """The rules reading a field: those with a literal prefilter (run only where the scan
        found one of their literals) and those without (always run)."""
        cached = self._by_field.get(field_name)
        if cached is None:
            wanted = [i for i, r in enumerate(self.listing_rules) if r.reads(field_name)]
            rules = self.listing_rules
            cached = (frozenset(i for i in wanted if rules[i].literals is not None),
                      [i for i in wanted if rules[i].literals is None])
            self._by_field[field_name] = cached
        return cached

    def lint(self, listing: Listing) -> list[Finding]:
        ctx = ListingContext(listing, self.as_of)
        findings: list[Finding] = []
        for field in ctx.fields:
            gated, ungated = self._rules_for(field.name)
            if not gated and not ungated:
                continue
            candidates: dict[int, list[tuple[int, int]]] = {}
            if gated and self._automaton is not None and field.text:
                for literal, start, end in self._automaton.find_matches_as_indexes(field.text, overlapping=True):
                    for owner in self._owners[literal]:
                        candidates.setdefault(owner, []).append((start, end))
            # Only the rules whose literals the scan found, plus those without a prefilter, in
            # rule order (walking every wanted rule per field was a measurable cost).
            run = [i for i in candidates if i in gated]
            run.extend(ungated)
            run.sort()
            for index in run:
                rule = self.listing_rules[index]
                hits = candidates.get(index)
                try:
                    hits_found = rule.check(ctx, field, hits or [])
                except RuleTimeout:
                    self.rule_errors.append(
                        f"{rule.file}:{rule.line}: error: rule '{rule.id}' timed out on "
                        f"{listing.file} listing {listing.id} {field.label}; its regex backtracks too much")
                    continue
                for hit in hits_found:
                    findings.append(self._finding(rule, listing, field, hit))
        for rule in self.catalog_rules:
            for field in ctx.fields:
                if rule.reads(field.name):
                    key = rule.key(field)
                    if key is not None:
                        hit = Hit(0, len(field.text), {"match": field.text})
                        self._duplicates.setdefault((rule.id, key), []).append(self._finding(rule, listing, field, hit))
        return findings

    def take_catalog_state(self) -> dict:
        """What catalog-level rules collected so far, handed from a worker to the main process."""
        state, self._duplicates = self._duplicates, {}
        return state

    def merge_catalog_state(self, state: dict) -> None:
        for key, group in state.items():
            self._duplicates.setdefault(key, []).extend(group)

    def finish(self) -> list[Finding]:
        """Catalog-level findings, once every listing has been linted."""
        out = []
        for (_rule, _key), group in self._duplicates.items():
            listings = {(f.file, f.listing) for f in group}
            if len(listings) < 2:
                continue
            for finding in group:
                others = sorted(f"{f.listing}" for f in group if (f.file, f.listing) != (finding.file, finding.listing))
                finding.message = render(finding.message, {"others": ", ".join(others), "count": str(len(listings))})
                out.append(finding)
        self._duplicates.clear()
        return out

    def _finding(self, rule: KindRule, listing: Listing, field: CopyField, hit: Hit) -> Finding:
        if not field.text:
            a, b = 0, len(field.raw)  # a field that normalises to nothing: point at all of it
        else:
            a, b = field.raw_span(hit.start, hit.end)
        line, column, end_line, end_column = listing.string_span(field.path, a, b)
        values = dict(hit.values)
        values.setdefault("match", field.text[hit.start:hit.end])
        values["text"] = field.raw[a:b] if field.html_index is None else field.visible[slice(*field.visible_span(hit.start, hit.end))]
        values["field"] = field.label
        fact_line = fact_column = None
        fact_field = None
        if hit.fact is not None:
            fact_field = hit.fact.label
            position = listing.value_position(hit.fact.path)
            if position:
                fact_line, fact_column = position
        elif values.get("fact_field"):
            fact_field = values["fact_field"]
        return Finding(
            rule=rule.id, category=rule.category, severity=rule.severity, listing=listing.id,
            field=field.label, file=listing.file, line=line, column=column, end_line=end_line,
            end_column=end_column, text=values["text"], message=render(hit.message or rule.message, values),
            suggestion=render(rule.suggestion, values), fact_field=fact_field, fact_line=fact_line,
            fact_column=fact_column,
        )


def lint_listings(linter: Linter, listings: Iterable[Listing]) -> list[Finding]:
    findings = []
    for listing in listings:
        findings.extend(linter.lint(listing))
    findings.extend(linter.finish())
    findings.sort(key=Finding.sort_key)
    return findings
