"""Stage 5 (output): the `html` report: one self-contained page (inline CSS and JS, nothing
fetched). The page's style sheet and script are package data, honestlint/data/report/report.css
and report.js, copied into every page as they are.

Every listing is a card that shows its copy fields as a shopper reads them (HTML descriptions
with their tags removed), with each dishonest claim highlighted at its exact characters. A
highlight is a `<mark data-finding=N>`; N is the finding's index in the report's (sorted)
findings, the same order as `--format json`. Overlapping claims nest; a claim that crosses
another is split into several marks with the same N. Each highlight links to its finding
(message, suggestion) and to the fact it contradicts (`fact_field`, its value and line).
Filters (severity, category, only flagged listings, listing search) run in inline JS and can
be preset in the URL: `report.html?severity=error,warning&category=spec-mismatch&flagged=1`.

Highlight offsets come from the finding's own position: for each copy field the reporter
maps the finding's (line, column)-(end_line, end_column) back to character offsets of the
decoded string through `Listing.string_span`, then (for HTML descriptions) to the visible
text. When that fails (no source listing was handed over, or a derived value), it falls back
to finding the matched text in the field.
"""
from __future__ import annotations

import bisect
import collections
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..core.categories import SEVERITIES
from ..core.version import __version__
from ..core.finding import Finding
from ..core.listing import InputError
from ..text.field import VisibleField, visible_fields
from .base import Reporter
from .sources import SourceIndex, display_path, field_path

# Listing keys that hold copy (shown as copy, not as facts).
_COPY_KEYS = {"title", "subtitle", "description", "bullets"}
_COPY_ITEM_KEYS = {"promotions": ("text", "terms"), "reviews": ("text",)}
MAX_FACT_ROWS = 200


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """A file of honestlint/data/report (read once; text mode, so a checkout with CRLF line ends
    still gives the page LF)."""
    return (resources.files("honestlint.data") / "report" / name).read_text(encoding="utf-8")


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- locating a finding in its field ------------------------------------------------------


def _position_index(listing, path: tuple, length: int, line: int, column: int) -> int | None:
    """The offset i in [0, length] of the decoded string at `path` whose position is (line,
    column), by binary search over `Listing.string_span` (positions grow with offsets)."""
    lo, hi = 0, length
    try:
        while lo < hi:
            mid = (lo + hi) // 2
            at = listing.string_span(path, mid, mid)[:2]
            if tuple(at) < (line, column):
                lo = mid + 1
            else:
                hi = mid
        return lo if tuple(listing.string_span(path, lo, lo)[:2]) == (line, column) else None
    except Exception:  # a path the listing's source cannot resolve: fall back to the text
        return None


def _locate(listing, field, finding: Finding) -> tuple[int, int] | None:
    """[start, end) of the finding in the field's displayed text."""
    text = field.visible
    if not finding.text:
        return None
    span = None
    if listing is not None:
        a = _position_index(listing, field.path, len(field.raw), finding.line, finding.column)
        b = _position_index(listing, field.path, len(field.raw), finding.end_line, finding.end_column)
        if a is not None and b is not None and a < b:
            index = field.html_index
            if index is None:
                span = (a, b)
            else:
                span = (bisect.bisect_left(index, a), bisect.bisect_left(index, b))
    if span and text[span[0]:span[1]] == finding.text:
        return span
    # Fallback: the matched text itself, the occurrence nearest to where the position pointed.
    starts = [m.start() for m in re.finditer(re.escape(finding.text), text)]
    if not starts:
        return None
    near = span[0] if span else 0
    start = min(starts, key=lambda s: abs(s - near))
    return start, start + len(finding.text)


def _marked(text: str, spans: list[tuple[int, int, int]], findings: list[Finding],
            fact_ids: dict[int, str]) -> str:
    """`text` escaped, with a <mark> around each span (start, end, finding index). Spans that
    nest become nested marks; a span that crosses another is split into pieces."""
    if not spans:
        return _e(text)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    order = sorted(spans, key=lambda sp: (sp[0], -sp[1], sp[2]))
    out: list[str] = []
    stack: list[int] = []
    opened: set[int] = set()
    for p, q in zip(cuts, cuts[1:]):
        want = [i for s, e, i in order if s <= p and q <= e]
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] == want[keep]:
            keep += 1
        while len(stack) > keep:
            stack.pop()
            out.append("</mark>")
        for i in want[keep:]:
            out.append(_mark_open(findings[i], i, fact_ids.get(i), first=i not in opened))
            opened.add(i)
            stack.append(i)
        out.append(_e(text[p:q]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _mark_open(f: Finding, i: int, fact_id: str | None, first: bool) -> str:
    tip = f"{f.rule} ({f.severity}): {f.message}"
    if f.fact_field:
        tip += f" | contradicts {f.fact_field}" + (f" (line {f.fact_line})" if f.fact_line else "")
    attrs = [
        ("class", f"hl sev-{f.severity}"),
        ("data-finding", str(i)),
        ("data-rule", f.rule),
        ("data-severity", f.severity),
        ("data-category", f.category),
        ("tabindex", "0"),
        ("title", tip),
        ("aria-describedby", f"finding-{i}"),
    ]
    if first:
        attrs.insert(0, ("id", f"hl-{i}"))
    if f.fact_field:
        attrs.append(("data-fact-field", f.fact_field))
        if f.fact_line:
            attrs.append(("data-fact-line", str(f.fact_line)))
        if fact_id:
            attrs.append(("data-fact", fact_id))
    return "<mark " + " ".join(f'{k}="{_e(v)}"' for k, v in attrs) + ">"


# --- facts -------------------------------------------------------------------------------------


_MISSING = object()


def _resolve(data, label: str):
    value = data
    for token in field_path(label):
        if isinstance(token, int) and isinstance(value, list) and 0 <= token < len(value):
            value = value[token]
        elif isinstance(token, str) and isinstance(value, dict) and token in value:
            value = value[token]
        else:
            return _MISSING
    return value


def _show_value(value) -> str:
    if value is _MISSING:
        return "(not in the listing)"
    if isinstance(value, str):
        return value
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 240 else shown[:239] + "…"


def _flatten(data: dict) -> list[tuple[str, object]]:
    """Every fact of a listing as (label, value): scalars and lists of scalars, copy left out."""
    rows: list[tuple[str, object]] = []

    def walk(value, label: str) -> None:
        if len(rows) >= MAX_FACT_ROWS:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{label}.{key}")
        elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            for n, item in enumerate(value):
                walk(item, f"{label}[{n}]")
        else:
            rows.append((label, value))

    for key, value in data.items():
        if key in _COPY_KEYS or key in ("id", "honestlint"):
            continue
        if key in _COPY_ITEM_KEYS and isinstance(value, list):
            for n, item in enumerate(value):
                if isinstance(item, dict):
                    for sub, v in item.items():
                        if sub not in _COPY_ITEM_KEYS[key]:
                            walk(v, f"{key}[{n}].{sub}")
                else:
                    walk(item, f"{key}[{n}]")
            continue
        walk(value, key)
    return rows


# --- the page ----------------------------------------------------------------------------------


class _Card:
    """One listing on the page: its Listing (if known) and its findings."""

    def __init__(self, listing, file: str, listing_id: str):
        self.listing = listing
        self.file = file
        self.id = listing_id
        self.findings: list[int] = []


def _copy_fields(listing) -> list[VisibleField]:
    if listing is None:
        return []
    try:
        return visible_fields(listing.data)
    except Exception:  # an odd listing must not cost the whole report
        return []


def _listing_line(listing) -> int | None:
    try:
        position = listing.value_position(())
    except Exception:
        return None
    return position[0] if position else None


class HtmlReporter(Reporter):
    """The page numbers findings and shows every listing read (`sources`, in memory already),
    so it takes the findings as one list: a report for people to read, not for a catalog of
    millions (use json, sarif or junit there). It is written whole, as one piece."""

    name = "html"
    default_lang = "auto"
    wants_sources = True

    def report(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
               rules=(), sources=None) -> str:
        return render_html(list(findings), errors, listings, rules=rules, sources=sources)


html_report = HtmlReporter()


def render_html(findings: list[Finding], errors: list[InputError], listings: int, rules=(),
                sources=None) -> str:
    index = SourceIndex(sources)
    cards: list[_Card] = []
    by_object: dict[int, _Card] = {}
    by_key: dict[tuple[str, str], _Card] = {}
    for listing in index.listings:
        card = _Card(listing, listing.file, listing.id)
        cards.append(card)
        by_object[id(listing)] = card
        by_key.setdefault((listing.file, listing.id), card)
    for i, f in enumerate(findings):
        listing = index.listing_of(f) if index else None
        card = by_object.get(id(listing)) if listing is not None else by_key.get((f.file, f.listing))
        if card is None:
            card = _Card(None, f.file, f.listing)
            cards.append(card)
            by_key[(f.file, f.listing)] = card
        card.findings.append(i)

    rule_info = {r.id: r for r in rules}
    severities = collections.Counter(f.severity for f in findings)
    categories = collections.Counter(f.category for f in findings)
    flagged = sum(1 for c in cards if c.findings)
    files = list(dict.fromkeys(c.file for c in cards))

    body: list[str] = []
    body.append(_header(findings, errors, listings, flagged, files, severities))
    body.append(_toolbar(severities, categories, len(findings)))
    if errors:
        body.append(_errors_section(errors))
    if not cards:
        body.append('<p class="empty">No listings were read.</p>')
    body.append('<main id="listings">')
    for number, card in enumerate(cards, 1):
        body.append(_card_html(card, number, findings, rule_info))
    body.append("</main>")
    fired = sorted({f.rule for f in findings})
    if fired:
        body.append(_rules_section(fired, rule_info, findings))
    body.append(f'<footer>Generated by honestlint {_e(__version__)}. Positions are 1-based lines and '
                'columns in Unicode code points of each file as written.</footer>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"honestlint " + _e(__version__) + "\">\n"
        "<title>honestlint report</title>\n<style>\n" + _asset("report.css") + "</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n<script>\n" + _asset("report.js") + "</script>\n</body>\n</html>\n"
    )


def _header(findings, errors, listings, flagged, files, severities) -> str:
    tiles = [
        ("listings", "Listings checked", listings),
        ("flagged", "Listings flagged", flagged),
        ("error", "Errors", severities["error"]),
        ("warning", "Warnings", severities["warning"]),
        ("info", "Info", severities["info"]),
    ]
    if errors:
        tiles.append(("input-error", "Input errors", len(errors)))
    shown_files = ", ".join(display_path(f) for f in files[:4]) + (f" and {len(files) - 4} more" if len(files) > 4 else "")
    verdict = ("All clean" if not findings and not errors else
               f"{_plural(len(findings), 'problem')} in {flagged} of {_plural(listings, 'listing')}")
    parts = ['<header class="page-head">',
             '<div class="brand"><span class="logo" aria-hidden="true">✓</span>'
             '<div><h1>honestlint report</h1>'
             f'<p class="sub">{_e(verdict)}' + (f" · {_e(shown_files)}" if shown_files else "") + "</p></div></div>",
             '<dl class="tiles">']
    for key, label, value in tiles:
        parts.append(f'<div class="tile tile-{key}"><dt>{_e(label)}</dt><dd>{value}</dd></div>')
    parts.append("</dl></header>")
    return "".join(parts)


def _toolbar(severities, categories, total) -> str:
    parts = ['<nav class="toolbar" aria-label="Filters">', '<div class="group"><span class="group-label">Severity</span>']
    for s in SEVERITIES:
        parts.append(f'<label class="chip chip-{s}"><input type="checkbox" data-filter="severity" value="{s}" checked>'
                     f'<span>{s}</span><span class="n">{severities[s]}</span></label>')
    parts.append('</div><div class="group"><span class="group-label">Category</span>')
    for category, n in sorted(categories.items()):
        parts.append(f'<label class="chip"><input type="checkbox" data-filter="category" value="{_e(category)}" checked>'
                     f'<span>{_e(category)}</span><span class="n">{n}</span></label>')
    if not categories:
        parts.append('<span class="none">none</span>')
    parts.append('</div><div class="group grow">'
                 '<label class="toggle"><input type="checkbox" id="only-flagged"> only listings with findings</label>'
                 '<input type="search" id="search" placeholder="Find a listing id…" aria-label="Find a listing id">'
                 f'<span id="shown-count" class="shown" aria-live="polite">{total} of {total} findings shown</span>'
                 "</div></nav>")
    return "".join(parts)


def _errors_section(errors) -> str:
    rows = []
    for e in errors:
        where = display_path(e.file) + (f":{e.line}" if e.line else "") + (f":{e.column}" if e.line and e.column else "")
        rows.append(f"<li><code>{_e(where)}</code> {_e(e.message)}</li>")
    return (f'<section class="input-errors"><h2>{_plural(len(errors), "input error")}</h2>'
            f'<p>These inputs could not be read; the others were linted.</p><ul>{"".join(rows)}</ul></section>')


def _card_html(card: _Card, number: int, findings: list[Finding], rule_info) -> str:
    mine = [findings[i] for i in card.findings]
    counts = collections.Counter(f.severity for f in mine)
    prefix = f"L{number}"

    # Facts the findings point at, one anchor each.
    fact_ids: dict[int, str] = {}
    facts: dict[str, dict] = {}
    for i in card.findings:
        f = findings[i]
        if not f.fact_field:
            continue
        entry = facts.get(f.fact_field)
        if entry is None:
            entry = facts[f.fact_field] = {"id": f"{prefix}-fact-{len(facts)}", "line": f.fact_line,
                                           "column": f.fact_column, "by": []}
        entry["by"].append(i)
        fact_ids[i] = entry["id"]

    fields = _copy_fields(card.listing)
    field_spans: dict[str, list[tuple[int, int, int]]] = collections.defaultdict(list)
    unplaced: set[int] = set()
    labels = {field.label for field in fields}
    for i in card.findings:
        f = findings[i]
        field = next((fl for fl in fields if fl.label == f.field), None)
        span = _locate(card.listing, field, f) if field is not None else None
        if span is None:
            unplaced.add(i)
        else:
            field_spans[f.field].append((span[0], span[1], i))

    head_badges = "".join(f'<span class="badge sev-{s}">{counts[s]} {s if s == "info" or counts[s] == 1 else s + "s"}</span>'
                          for s in SEVERITIES if counts[s])
    if not mine:
        head_badges = '<span class="badge clean">clean</span>'
    line = _listing_line(card.listing) if card.listing is not None else None
    where = display_path(card.file) + (f":{line}" if line else "")
    search = f"{card.id} {display_path(card.file)}".lower()
    out = [f'<section class="listing{" flagged" if mine else " clean"}" id="{prefix}" data-listing="{_e(card.id)}" '
           f'data-search="{_e(search)}" data-findings="{len(mine)}">',
           '<header class="listing-head">',
           f'<h2><span class="muted">listing</span> {_e(card.id)}</h2>',
           f'<span class="where"><code>{_e(where)}</code></span>',
           f'<span class="badges">{head_badges}</span></header>',
           '<div class="listing-body"><div class="copy">']

    by_field: dict[str, list[int]] = collections.defaultdict(list)
    for i in card.findings:
        by_field[findings[i].field].append(i)

    for field in fields:
        spans = field_spans.get(field.label, [])
        html_note = ' <span class="tag" title="HTML tags removed; entities decoded">HTML</span>' \
            if field.html_index is not None else ""
        out.append(f'<div class="field{" has-findings" if by_field.get(field.label) else ""}">'
                   f'<div class="field-label">{_e(field.label)}{html_note}</div>'
                   f'<div class="field-text" data-field="{_e(field.label)}">'
                   f'{_marked(field.visible, spans, findings, fact_ids)}</div>')
        placed = [i for i in by_field.get(field.label, []) if i not in unplaced]
        if placed:
            out.append('<ol class="findings">' + "".join(_finding_html(findings[i], i, fact_ids) for i in placed)
                       + "</ol>")
        out.append("</div>")
    rest = [i for i in card.findings if findings[i].field not in labels or i in unplaced]
    if rest:
        out.append('<div class="field other"><div class="field-label">other findings</div>')
        for i in rest:
            f = findings[i]
            out.append(f'<div class="field-text" data-field="{_e(f.field)}"><span class="muted">{_e(f.field)}:</span> '
                       f'{_marked(f.text, [(0, len(f.text), i)] if f.text else [], findings, fact_ids)}</div>')
        out.append('<ol class="findings">' + "".join(_finding_html(findings[i], i, fact_ids) for i in rest) + "</ol>")
        out.append("</div>")
    if not fields and not rest:
        out.append('<p class="muted">No copy fields.</p>')
    out.append("</div>")  # .copy

    out.append('<aside class="facts">')
    if facts:
        out.append('<h3>Contradicted facts</h3><ul class="fact-list">')
        data = card.listing.data if card.listing is not None else {}
        for label, entry in facts.items():
            at = f"line {entry['line']}, col {entry['column']}" if entry["line"] else ""
            rules_by = ", ".join(dict.fromkeys(findings[i].rule for i in entry["by"]))
            refs = " ".join(f'<a href="#finding-{i}" class="ref">#{i + 1}</a>' for i in entry["by"])
            out.append(f'<li id="{entry["id"]}" class="fact" data-fact-field="{_e(label)}">'
                       f'<div class="fact-name"><code>{_e(label)}</code><span class="pos">{_e(at)}</span></div>'
                       f'<div class="value">{_e(_show_value(_resolve(data, label)))}</div>'
                       f'<div class="by" title="{_e(rules_by)}">contradicted by {refs}</div></li>')
        out.append("</ul>")
    elif mine:
        out.append('<h3>Contradicted facts</h3><p class="muted">None: these findings need no fact to be wrong.</p>')
    if card.listing is not None:
        rows = _flatten(card.listing.data)
        if rows:
            out.append(f'<details class="all-facts"><summary>All facts ({len(rows)})</summary>'
                       '<table class="fact-table compact"><tbody>')
            for label, value in rows:
                out.append(f'<tr><th scope="row"><code>{_e(label)}</code></th><td>{_e(_show_value(value))}</td></tr>')
            out.append("</tbody></table></details>")
    out.append("</aside></div></section>")
    return "".join(out)


def _finding_html(f: Finding, i: int, fact_ids: dict[int, str]) -> str:
    fact = ""
    if f.fact_field:
        at = f" (line {f.fact_line}, col {f.fact_column})" if f.fact_line else ""
        target = fact_ids.get(i)
        name = f'<a class="fact-ref" href="#{target}">{_e(f.fact_field)}</a>' if target else _e(f.fact_field)
        fact = f'<div class="fact-line">contradicts {name}<span class="pos">{_e(at)}</span></div>'
    suggestion = f'<div class="suggestion"><span>Fix</span> {_e(f.suggestion)}</div>' if f.suggestion else ""
    position = f"{f.line}:{f.column}"
    return (f'<li class="finding sev-{f.severity}" id="finding-{i}" data-finding="{i}" data-severity="{f.severity}" '
            f'data-category="{_e(f.category)}" data-rule="{_e(f.rule)}">'
            f'<div class="finding-head"><span class="num">#{i + 1}</span>'
            f'<span class="sev sev-{f.severity}">{f.severity}</span>'
            f'<a class="rule" href="#rule-{_e(f.rule)}">{_e(f.rule)}</a>'
            f'<span class="cat">{_e(f.category)}</span><span class="pos">{_e(position)}</span></div>'
            f'<div class="message">{_e(f.message)}</div>{fact}{suggestion}</li>')


def _rules_section(fired: list[str], rule_info, findings) -> str:
    counts = collections.Counter(f.rule for f in findings)
    out = ['<section class="rules"><h2>Rules that fired</h2><dl>']
    for rule_id in fired:
        rule = rule_info.get(rule_id)
        f = next(f for f in findings if f.rule == rule_id)
        severity = getattr(rule, "severity", f.severity)
        category = getattr(rule, "category", f.category)
        out.append(f'<div class="rule-entry" id="rule-{_e(rule_id)}"><dt><code>{_e(rule_id)}</code> '
                   f'<span class="sev sev-{_e(severity)}">{_e(severity)}</span> <span class="cat">{_e(category)}</span>'
                   f' <span class="muted">× {counts[rule_id]}</span></dt><dd>')
        if rule is not None and rule.summary:
            out.append(f"<p><strong>{_e(rule.summary)}</strong></p>")
        if rule is not None and rule.rationale:
            out.append(f"<p>{_e(' '.join(rule.rationale.split()))}</p>")
        references = [r for r in (getattr(rule, "references", None) or []) if isinstance(r, dict) and r.get("title")]
        if references:
            items = "".join(
                f'<li><a href="{_e(r["url"])}" rel="noreferrer noopener" target="_blank">{_e(r["title"])}</a></li>'
                if str(r.get("url", "")).startswith(("http://", "https://")) else f"<li>{_e(r['title'])}</li>"
                for r in references)
            out.append(f'<ul class="refs">{items}</ul>')
        out.append("</dd></div>")
    out.append("</dl></section>")
    return "".join(out)
