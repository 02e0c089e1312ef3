"""Stage 5: reporters. Each turns findings (and input errors) into output text.

A reporter is `fn(findings, errors, listings, colour=False, rules=(), sources=None) -> str`:

* `findings` is an iterable of findings in sorted order (`Finding.sort_key`): a list, or the
  run's store.FindingStore, which may hold more findings than fit in memory and can be read
  more than once. `errors` are the inputs that could not be read, `listings` counts the
  listings read;
* `rules` are the active rules (for formats that describe them, like SARIF);
* `sources` is None, or the `Listing` objects that were read, in order. The command line keeps
  them (they hold the listing data and its raw JSON text) only for a reporter that sets the
  attribute `wants_sources = True`; a reporter must still work with `sources=None`. A
  reporter that only names listings sets `wants_listing_ids = True` instead and gets a
  store.ListingLog (`files`, `ids(file)`), which stays small on any catalog.

A reporter may also have a `stream` attribute: the same report as a generator of text pieces,
which the command line writes as they come, so that a report on a big catalog is never one
string in memory (`stream_report` picks it). Every built-in format streams except html,
which lays out every listing on one page for a human to read and builds it in memory.

Register a reporter in REPORTERS to make it a `--format` choice. `statistics()` is the
`--statistics` report (a table, or JSON with `--format json`).

Formats: `text`, `json`, `sarif` (SARIF 2.1.0), `github` (GitHub Actions workflow commands),
`junit` (JUnit XML, one testsuite per input file) and `html` (one self-contained page, in
`report_html.py`).
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import tempfile
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

from ..core.version import __version__
from ..core.categories import SEVERITIES
from ..core.finding import SAFE, UNSAFE, Finding
from ..core.jsonstream import JsonItems, json_chunks
from ..loader import InputError

SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", ""), "info": ("cyan", "")}
INFORMATION_URI = "https://pypi.org/project/honestlint/"


def _style(text: str, colour: str | None, bold: bool, enabled: bool) -> str:
    if not enabled:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


# --- text and json ------------------------------------------------------------------------


def text_report(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> str:
    """Grouped by file, then listing: one line per finding in `file:line:col` form so editors
    can jump to it, the evidence and the suggestion indented under it."""
    return "".join(text_stream(findings, errors, listings, colour, rules, sources))


def text_stream(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> Iterator[str]:
    counts: collections.Counter = collections.Counter()
    fixable: collections.Counter = collections.Counter()
    # A store counts distinct flagged listings itself, in bounded memory; a list is small.
    flagged_keys: set | None = None if hasattr(findings, "flagged_listings") else set()
    file = current = None
    total = 0
    for f in findings:  # sorted, so each file's findings come together
        total += 1
        counts[f.severity] += 1
        if flagged_keys is not None:
            flagged_keys.add((f.file, f.listing))
        out = []
        if f.file != file:
            if file is not None:
                out.append("")  # the blank line that ends a file's group
            file, current = f.file, None
            out.append(_style(file, None, True, colour))
        if f.listing != current:
            current = f.listing
            out.append("  " + _style(f"listing {f.listing}", "blue", True, colour))
        fg, weight = SEVERITY_STYLE[f.severity]
        where = f"{f.file}:{f.line}:{f.column}"
        head = f"    {where}: {_style(f.severity, fg, bool(weight), colour)} {_style(f.rule, None, True, colour)} [{f.category}] {f.field}"
        out.append(head)
        out.append(f"      {f.message}")
        if f.fact_field:
            at = f" (line {f.fact_line}, column {f.fact_column})" if f.fact_line else ""
            out.append(_style(f"      fact: {f.fact_field}{at}", None, False, colour))
        if f.suggestion:
            out.append(_style(f"      suggestion: {f.suggestion}", "green", False, colour))
        if f.fix is not None:
            fixable[f.fix.applicability] += 1
            if f.fix.applicability == SAFE:
                out.append(_style(f"      fix: {f.fix.message}", "green", False, colour))
        yield "\n".join(out) + "\n"
    lines = [""] if file is not None else []
    if total:
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
        flagged = len(flagged_keys) if flagged_keys is not None else findings.flagged_listings()
        lines.append(f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
                     f"in {flagged} of {listings} listing{'s' if listings != 1 else ''}.")
        if fixable[SAFE] or fixable[UNSAFE]:
            hint = f"{fixable[SAFE]} fixable with --fix" if fixable[SAFE] else "No safe fixes"
            if fixable[UNSAFE]:
                hint += f" ({fixable[UNSAFE]} more with --fix --unsafe-fixes)"
            lines.append(hint + ".")
    elif not errors:
        lines.append(f"All clean: {listings} listing{'s' if listings != 1 else ''} checked.")
    else:  # not clean: some input could not be read (or a rule could not finish)
        lines.append(f"No problems found in {listings} listing{'s' if listings != 1 else ''} read.")
    if errors:
        lines.append(f"{len(errors)} input error{'s' if len(errors) != 1 else ''}; see above.")
    yield "\n".join(lines) + "\n"


def _sarif_fix(f: Finding, location: dict) -> dict:
    """A SARIF fix: the edits as replacements of regions of the file as written."""
    return {
        "description": {"text": f.fix.message},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": [{
                "deletedRegion": {"startLine": e.line, "startColumn": e.column, "endLine": e.end_line,
                                  "endColumn": e.end_column},
                "insertedContent": {"text": e.raw},
            } for e in f.fix.edits],
        }],
        "properties": {"applicability": f.fix.applicability},
    }


def json_report(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> str:
    return "".join(json_stream(findings, errors, listings, colour, rules, sources))


def json_stream(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> Iterator[str]:
    doc = {
        "tool": "honestlint",
        "version": __version__,
        "listings": listings,
        "findings": JsonItems(f.to_dict() for f in findings),
        "errors": [
            {"file": e.file, "line": e.line, "column": e.column, "message": e.message} for e in errors
        ],
    }
    yield from json_chunks(doc, indent=2)
    yield "\n"


# --- statistics -----------------------------------------------------------------------------


def statistics(findings: Iterable[Finding], output_format: str = "text", listings: int | None = None,
               errors: Iterable[InputError] = ()) -> str:
    """Counts per rule and per category: a table, or a JSON object when `output_format` is json."""
    by_rule: collections.Counter = collections.Counter()
    by_category: collections.Counter = collections.Counter()
    by_severity: collections.Counter = collections.Counter()
    total = 0
    for f in findings:  # one pass; the counters are as small as the rule set
        by_rule[(f.rule, f.category, f.severity)] += 1
        by_category[f.category] += 1
        by_severity[f.severity] += 1
        total += 1
    if output_format == "json":
        doc = {
            "tool": "honestlint",
            "version": __version__,
            "listings": listings,
            "findings": total,
            "errors": len(list(errors)),
            "severities": {s: by_severity[s] for s in SEVERITIES},
            "rules": [{"rule": rule, "category": category, "severity": severity, "count": n}
                      for (rule, category, severity), n in by_rule.most_common()],
            "categories": [{"category": category, "count": n} for category, n in by_category.most_common()],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{'count':>6}  {'rule':32} {'category':24} severity"]
    for (rule, category, severity), n in by_rule.most_common():
        lines.append(f"{n:6}  {rule:32} {category:24} {severity}")
    lines.append("")
    lines.append(f"{'count':>6}  category")
    for category, n in by_category.most_common():
        lines.append(f"{n:6}  {category}")
    return "\n".join(lines) + "\n"


# --- helpers shared by the structured formats -----------------------------------------------


def display_path(path: str) -> str:
    """`path` relative to the working directory with `/` separators when it lies below it
    (the form CI systems and code-scanning services expect), else as given."""
    if path == "<stdin>":
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return path.replace(os.sep, "/")
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute.replace(os.sep, "/") if os.path.isabs(path) else path.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


_PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def field_path(label: str) -> tuple:
    """The path of a field label: "promotions[0].text" -> ("promotions", 0, "text")."""
    return tuple(int(index) if index else name for index, name in _PATH_TOKEN.findall(label))


class SourceIndex:
    """The listings that were read (`sources`), to find the Listing a finding belongs to."""

    def __init__(self, sources):
        self.listings: list = list(sources or ())
        self.by_key: dict[tuple[str, str], list] = collections.defaultdict(list)
        self.files: list[str] = []
        seen: set[str] = set()
        for listing in self.listings:
            self.by_key[(listing.file, listing.id)].append(listing)
            if listing.file not in seen:
                seen.add(listing.file)
                self.files.append(listing.file)

    def __bool__(self) -> bool:
        return bool(self.listings)

    def listing_of(self, finding: Finding):
        """The Listing a finding was reported in (None when unknown)."""
        candidates = self.by_key.get((finding.file, finding.listing)) or []
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        path = field_path(finding.field)  # the same id twice in one file: whose field holds the finding
        for listing in candidates:
            try:
                line, column, end_line, end_column = listing.string_span(path, 0, 1 << 62)
            except Exception:
                continue
            if (line, column) <= (finding.line, finding.column) <= (end_line, end_column):
                return listing
        return candidates[0]


class FileText:
    """Input files as written, for reports that quote the characters at a finding (SARIF
    snippets). Findings come sorted by file and line, so each file is read forward once,
    holding only the lines of the region asked for; a request behind the current line (an
    unsorted caller) reopens the file. Only one file is open at a time."""

    def __init__(self):
        self._readable: dict[str, bool] = {}
        self._cursor: _LineCursor | None = None

    def _open(self, path: str) -> "_LineCursor | None":
        if self._cursor is not None and self._cursor.path == path:
            return self._cursor
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None
        if path not in self._readable:
            self._readable[path] = _decodes(path)
        if not self._readable[path]:
            return None
        try:
            self._cursor = _LineCursor(path)
        except OSError:
            self._readable[path] = False
            return None
        return self._cursor

    def region(self, path: str, line: int, column: int, end_line: int, end_column: int) -> str | None:
        """Characters from (line, column) to the exclusive (end_line, end_column), or None."""
        if path == "<stdin>":
            return None
        cursor = self._open(path)
        if cursor is None:
            return None
        first, last = min(line, end_line), max(line, end_line)
        if first < 1:
            return None
        window = cursor.lines(first, last)
        if window is None:  # a line past the end of the file
            return None
        starts = [0]
        for text in window:
            starts.append(starts[-1] + len(text))

        def offset(ln: int, col: int) -> int | None:
            # As in the whole text: a line runs from its first character to the start of the
            # next line (its line break included); a column may point just past it.
            begin, end = starts[ln - first], starts[ln - first + 1]
            at = begin + col - 1
            return at if begin <= at <= end else None

        a, b = offset(line, column), offset(end_line, end_column)
        if a is None or b is None or b < a:
            return None
        return "".join(window)[a:b]

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None


def _decodes(path: str) -> bool:
    """Whether the whole file is valid UTF-8 (read in blocks; nothing is kept)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while True:
                block = handle.read(1 << 20)
                if not block:
                    decoder.decode(b"", final=True)
                    return True
                decoder.decode(block)
    except (OSError, UnicodeDecodeError, ValueError):
        return False


class _LineCursor:
    """Lines of a file (split at "\n" only, kept with their line break), read forward."""

    def __init__(self, path: str):
        self.path = path
        self._handle = open(path, encoding="utf-8", newline="\n")
        self._base = 1                 # the number of the first line in _lines
        self._lines: list[str] = []
        self._eof = False
        self._started = False

    def _next(self) -> str | None:
        if self._eof:
            return None
        text = self._handle.readline()
        if not self._started:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]  # the loader skips a byte-order mark too
        if text.endswith("\n"):
            return text
        # The last line: the text after the last line break ("" when the file ends with one).
        self._eof = True
        return text

    def lines(self, first: int, last: int) -> list[str] | None:
        if first < self._base:
            self.close()
            self.__init__(self.path)
        drop = min(first - self._base, len(self._lines))
        del self._lines[:drop]
        self._base += drop
        while self._base + len(self._lines) < first:  # skip lines not held
            if self._next() is None:
                return None
            self._base += 1
        while self._base + len(self._lines) <= last:
            text = self._next()
            if text is None:
                return None
            self._lines.append(text)
        return self._lines[first - self._base:last - self._base + 1]

    def close(self) -> None:
        self._handle.close()


# --- SARIF ----------------------------------------------------------------------------------

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "honestlint/claim/v1"


def _artifact_location(path: str) -> dict:
    """A relative URI against %SRCROOT% (the working directory) when the file lies below it,
    otherwise an absolute file: URI; standard input is `<stdin>`."""
    if path == "<stdin>":
        return {"uri": quote(path)}
    shown = display_path(path)
    if os.path.isabs(shown):
        from pathlib import Path

        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown), "uriBaseId": SRCROOT}


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.split("-"))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    """Escape Markdown punctuation in free text (rule text may hold *, _, [...])."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _md_url(url: str) -> str:
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _sarif_rule(rule) -> dict:
    summary = " ".join((rule.summary or rule.id).split())
    rationale = " ".join((rule.rationale or "").split())
    suggestion = " ".join((rule.suggestion or "").split())
    references = [ref for ref in (rule.references or []) if isinstance(ref, dict) and ref.get("title")]
    examples = rule.examples if isinstance(rule.examples, dict) else {}
    fires = [case for case in examples.get("fire") or [] if isinstance(case, str)][:3]
    passes = [case for case in examples.get("pass") or [] if isinstance(case, str)][:3]

    text = [summary]
    if rationale:
        text += ["", rationale]
    if suggestion:
        note = " ({placeholders} are filled in for each finding)" if "{" in suggestion else ""
        text += ["", f"How to fix: {suggestion}{note}"]
    if references:
        text += ["", "References:"] + [f"- {ref['title']}" + (f" <{ref['url']}>" if ref.get("url") else "")
                                       for ref in references]
    markdown = [f"**{_md(summary)}**"]
    if rationale:
        markdown += ["", _md(rationale)]
    if suggestion:
        markdown += ["", f"**How to fix:** {_md(suggestion)}"]
    if fires or passes:
        markdown += ["", "**Examples**", ""]
        markdown += [f"- fires on: `{case.replace('`', '')}`" for case in fires]
        markdown += [f"- passes: `{case.replace('`', '')}`" for case in passes]
    if references:
        markdown += ["", "**References**", ""]
        markdown += [f"- [{_md(ref['title'])}]({_md_url(ref['url'])})" if ref.get("url") else f"- {_md(ref['title'])}"
                     for ref in references]
    out = {
        "id": rule.id,
        "name": _pascal(rule.id),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale or summary},
        "help": {"text": "\n".join(text), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(rule.severity, "warning")},
        "properties": {
            "category": rule.category,
            "kind": rule.kind,
            "languages": list(rule.languages),
            "tags": ["honestlint", rule.category, *rule.languages],
        },
    }
    url = next((ref["url"] for ref in references if str(ref.get("url", "")).startswith(("https://", "http://"))), None)
    if url:
        out["helpUri"] = url
    return out


def _minimal_rule(finding: Finding) -> dict:
    return {
        "id": finding.rule,
        "name": _pascal(finding.rule),
        "shortDescription": {"text": finding.rule},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(finding.severity, "warning")},
        "properties": {"category": finding.category, "tags": ["honestlint", finding.category]},
    }


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    """A hash that survives unrelated edits: rule, file, listing id, field and the matched text
    (plus which occurrence of that same text it is), never line or column numbers."""
    parts = [finding.rule, display_path(finding.file), finding.listing, finding.field, finding.text, str(occurrence)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def sarif_report(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> str:
    return "".join(sarif_stream(findings, errors, listings, colour, rules, sources))


class _LogicalLocations:
    """SARIF logical locations (a listing, and a field of it) numbered in order of first use.
    Keys hold the file and findings come sorted by file, so a file's keys are forgotten when
    the next file starts: memory follows the findings of one file, not of the run. The
    occurrence count of a finding's text (for its fingerprint) is kept the same way."""

    def __init__(self):
        self.count = 0
        self._file: str | None = None
        self._index: dict[tuple, int] = {}
        self._seen: collections.Counter = collections.Counter()

    def add(self, f: Finding) -> tuple[list[dict], dict, int]:
        """The entries f creates, f's field location (for the result) and its occurrence."""
        if f.file != self._file:
            self._file, self._index, self._seen = f.file, {}, collections.Counter()
        new: list[dict] = []
        parent_key = (f.listing, None)
        if parent_key not in self._index:
            self._index[parent_key] = self.count
            self.count += 1
            new.append({"name": f.listing, "fullyQualifiedName": f.listing, "kind": "object",
                        "properties": {"file": display_path(f.file)}})
        key = (f.listing, f.field)
        if f.field is None:  # no field: the listing itself
            key = parent_key
        elif key not in self._index:
            self._index[key] = self.count
            self.count += 1
            new.append({"name": f.field, "fullyQualifiedName": f"{f.listing}/{f.field}", "kind": "property",
                        "parentIndex": self._index[parent_key]})
        text_key = (f.rule, f.listing, f.field, f.text)
        occurrence = self._seen[text_key]
        self._seen[text_key] += 1
        if f.field is None:
            location = {"index": self._index[key], "name": f.listing, "fullyQualifiedName": f.listing, "kind": "object"}
        else:
            location = {"index": self._index[key], "name": f.field, "fullyQualifiedName": f"{f.listing}/{f.field}",
                        "kind": "property"}
        return new, location, occurrence


def sarif_stream(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> Iterator[str]:
    """SARIF in pieces. Its tables (rules, artifacts, logical locations) come before the
    results but are filled as results name them, so `findings` is read three times: the rules
    and files named, the logical locations, then the results (a FindingStore can be read again;
    a plain iterator is read into a list first)."""
    if not hasattr(findings, "__len__"):
        findings = list(findings)
    index = SourceIndex(sources)
    files = FileText()
    descriptors = [_sarif_rule(r) for r in sorted(rules, key=lambda r: r.id)]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}

    artifacts: list[dict] = []
    artifact_index: dict[str, int] = {}

    def artifact(path: str) -> dict:
        if path not in artifact_index:
            artifact_index[path] = len(artifacts)
            artifacts.append({"location": _artifact_location(path), "roles": ["analysisTarget"]})
        return dict(artifacts[artifact_index[path]]["location"], index=artifact_index[path])

    for path in index.files:
        artifact(path)
    # Pass 1: the rules without a descriptor and the files, in the order results name them.
    for f in findings:
        if f.rule not in rule_index:
            rule_index[f.rule] = len(descriptors)
            descriptors.append(_minimal_rule(f))
        artifact(f.file)

    notifications = []
    for e in errors:
        note: dict = {"level": "error", "message": {"text": e.message}, "descriptor": {"id": "input-error"}}
        physical: dict = {"artifactLocation": artifact(e.file)}
        if e.line:
            physical["region"] = {"startLine": e.line, **({"startColumn": e.column} if e.column else {})}
        note["locations"] = [{"physicalLocation": physical}]
        notifications.append(note)

    def logical_locations() -> Iterator[dict]:  # pass 2
        table = _LogicalLocations()
        for f in findings:
            yield from table.add(f)[0]

    def results() -> Iterator[dict]:  # pass 3
        table = _LogicalLocations()
        for f in findings:
            _, field_logical, occurrence = table.add(f)
            region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
            snippet = files.region(f.file, f.line, f.column, f.end_line, f.end_column)
            region["snippet"] = {"text": snippet if snippet is not None else f.text}
            text = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
            result = {
                "ruleId": f.rule,
                "ruleIndex": rule_index[f.rule],
                "level": SARIF_LEVEL.get(f.severity, "warning"),
                "kind": "fail",
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {"artifactLocation": artifact(f.file), "region": region},
                    "logicalLocations": [field_logical],
                }],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, occurrence)},
                "properties": {"category": f.category, "listing": f.listing, "field": f.field,
                               "severity": f.severity, "text": f.text},
            }
            if f.suggestion:
                result["properties"]["suggestion"] = f.suggestion
            if f.fix is not None:
                result["fixes"] = [_sarif_fix(f, artifact(f.file))]
            if f.fact_field:
                related: dict = {
                    "id": 1,
                    "message": {"text": f"the fact {f.fact_field} that this copy contradicts"},
                    "logicalLocations": [{"name": f.fact_field, "fullyQualifiedName": f"{f.listing}/{f.fact_field}",
                                          "kind": "property"}],
                }
                if f.fact_line:
                    fact_region = {"startLine": f.fact_line}
                    if f.fact_column:
                        fact_region["startColumn"] = f.fact_column
                    related["physicalLocation"] = {"artifactLocation": artifact(f.file), "region": fact_region}
                result["relatedLocations"] = [related]
                result["properties"]["factField"] = f.fact_field
            yield result
        files.close()

    run: dict = {
        "tool": {"driver": {
            "name": "honestlint",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}],
        "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(os.getcwd())}},
        "artifacts": artifacts,
        "logicalLocations": JsonItems(logical_locations()),
        "results": JsonItems(results()),
        "columnKind": "unicodeCodePoints",
        "properties": {"listings": listings},
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    yield from json_chunks(doc, indent=2)
    yield "\n"


def _directory_uri(path: str) -> str:
    from pathlib import Path

    uri = Path(os.path.abspath(path)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


# --- GitHub Actions workflow commands ---------------------------------------------------------

GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    """Escape a workflow command's message: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """Escape a workflow command property value: as a message, and also `:` and `,`."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _gh_command(command: str, properties: list[tuple[str, object]], message: str) -> str:
    props = ",".join(f"{key}={_gh_property(str(value))}" for key, value in properties if value is not None)
    return f"::{command} {props}::{_gh_data(message)}" if props else f"::{command}::{_gh_data(message)}"


def github_report(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                  rules=(), sources=None) -> str:
    """One `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
    per finding (GitHub shows them as annotations on the file), and an `::error` per input error."""
    return "".join(github_stream(findings, errors, listings, colour, rules, sources))


def github_stream(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                  rules=(), sources=None) -> Iterator[str]:
    # Every command ends with a line break; an empty report is empty.
    for f in findings:
        props: list[tuple[str, object]] = [("file", display_path(f.file)), ("line", f.line)]
        if f.end_line == f.line:  # GitHub accepts columns only on a single-line annotation
            props += [("col", f.column), ("endLine", f.end_line), ("endColumn", f.end_column)]
        else:
            props += [("endLine", f.end_line)]
        props.append(("title", f"honestlint {f.rule} [{f.category}]"))
        body = [f"listing {f.listing}, {f.field}: {f.message}"]
        if f.fact_field:
            at = f" (line {f.fact_line}, column {f.fact_column})" if f.fact_line else ""
            body.append(f"fact: {f.fact_field}{at}")
        if f.suggestion:
            body.append(f"suggestion: {f.suggestion}")
        yield _gh_command(GITHUB_COMMAND.get(f.severity, "warning"), props, "\n".join(body)) + "\n"
    for e in errors:
        props = [("file", display_path(e.file)), ("line", e.line), ("col", e.column),
                 ("title", "honestlint input error")]
        yield _gh_command("error", props, e.message) + "\n"


# --- JUnit XML -------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold, not even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text) -> str:
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def junit_failure_lines(f: Finding) -> list[str]:
    """The text of a finding's JUnit <failure>: where, what, the fact, the fix, the copy."""
    detail = [f"{display_path(f.file)}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.category}] {f.field}",
              f.message]
    if f.fact_field:
        at = f" (line {f.fact_line}, column {f.fact_column})" if f.fact_line else ""
        detail.append(f"fact: {f.fact_field}{at}")
    if f.suggestion:
        detail.append(f"suggestion: {f.suggestion}")
    detail.append(f"text: {f.text}")
    return detail


def junit_report(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> str:
    """JUnit XML with one <testsuite> per input file. Each finding is a failing <testcase>
    named `LISTING / RULE / FIELD` (classname `honestlint.CATEGORY`); each listing without
    findings is one passing <testcase> named after the listing (classname `honestlint.listing`).
    Input errors are <testcase>s with an <error> in a last suite named `input errors`."""
    return "".join(junit_stream(findings, errors, listings, colour, rules, sources))


class _ListingNames:
    """The listings read, by file: a store.ListingLog as it is, or Listing objects (or anything
    with .file and .id) grouped here."""

    def __init__(self, sources):
        if sources is not None and hasattr(sources, "ids") and hasattr(sources, "files"):
            self._log = sources
            self.files = list(sources.files)
            return
        self._log = None
        self._by_file: dict[str, list[str]] = {}
        for listing in sources or ():
            self._by_file.setdefault(listing.file, []).append(listing.id)
        self.files = list(self._by_file)

    def ids(self, file: str) -> Iterable[str]:
        return self._log.ids(file) if self._log is not None else self._by_file.get(file, ())

    def __bool__(self) -> bool:
        return bool(self.files)


def _xml_element(tag: str, attrs: list[tuple[str, str]], text: str | None = None, children=()):
    import xml.etree.ElementTree as ET

    element = ET.Element(tag)
    for key, value in attrs:
        element.set(key, value)
    element.text = text
    for child in children:
        element.append(child)
    return element


def _xml_start_tag(tag: str, attrs: list[tuple[str, str]]) -> str:
    """`<tag a="..." ...>`, escaped exactly as ElementTree escapes attributes."""
    import xml.etree.ElementTree as ET

    empty = ET.tostring(_xml_element(tag, attrs), encoding="unicode")  # '<tag ... />'
    return empty[:-3] + ">"


def _xml_case(attrs: list[tuple[str, str]], child: tuple[str, list, str] | None = None) -> str:
    """A <testcase> as ET.indent() lays it out at depth 2 of the document."""
    import xml.etree.ElementTree as ET

    if child is None:
        return ET.tostring(_xml_element("testcase", attrs), encoding="unicode")
    tag, child_attrs, text = child
    inner = _xml_element(tag, child_attrs, text)
    inner.tail = "\n    "
    case = _xml_element("testcase", attrs, "\n      ", [inner])
    return ET.tostring(case, encoding="unicode")


def junit_stream(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> Iterator[str]:
    """The JUnit document in pieces, byte for byte what ElementTree with ET.indent writes for
    the whole tree. Suite and root tags carry counts, so each file's test cases are written to
    a spooled temporary file first (a file's findings come together, sorted) and the document
    is assembled once every count is known; only one file's names are held at a time."""
    names = _ListingNames(sources)
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+b")
    # file -> [tests, failures, start, end]: a file's cases are written one after another (its
    # findings, then its clean listings), so they are one range of the spool.
    suites: dict[str, list] = {}
    finding_files: list[str] = []

    def start(file: str) -> None:
        suites[file] = [0, 0, spool.tell(), spool.tell()]

    def write(file: str, pieces: list[str]) -> None:
        if pieces:
            spool.write("".join(pieces).encode("utf-8"))
            suites[file][3] = spool.tell()

    def clean_cases(file: str, flagged: set) -> None:
        pieces: list[str] = []
        clean_names: collections.Counter = collections.Counter()
        for listing_id in names.ids(file):
            if listing_id in flagged:
                continue
            clean_names[listing_id] += 1
            name = listing_id if clean_names[listing_id] == 1 else f"{listing_id} #{clean_names[listing_id]}"
            pieces.append("\n    " + _xml_case([("classname", "honestlint.listing"), ("name", _xml_text(name)),
                                                 ("file", _xml_text(display_path(file)))]))
            suites[file][0] += 1
            if len(pieces) >= 1024:
                write(file, pieces)
                pieces = []
        write(file, pieces)

    current: str | None = None
    flagged: set = set()
    case_names: collections.Counter = collections.Counter()
    total_findings = 0
    for f in findings:
        total_findings += 1
        if f.file != current:
            if current is not None:
                clean_cases(current, flagged)
            current, flagged, case_names = f.file, set(), collections.Counter()
            start(current)
            finding_files.append(current)
        flagged.add(f.listing)
        name = f"{f.listing} / {f.rule} / {f.field}"
        case_names[name] += 1
        if case_names[name] > 1:
            name += f" #{case_names[name]}"
        detail = junit_failure_lines(f)
        case = _xml_case(
            [("classname", _xml_text(f"honestlint.{f.category}")), ("name", _xml_text(name)),
             ("file", _xml_text(display_path(f.file))), ("line", str(f.line))],
            ("failure", [("message", _xml_text(f.message)), ("type", _xml_text(f.severity))],
             _xml_text("\n".join(detail))))
        write(current, ["\n    " + case])
        suites[current][0] += 1
        suites[current][1] += 1
    if current is not None:
        clean_cases(current, flagged)
    for file in names.files:
        if file not in suites:
            start(file)
            clean_cases(file, set())

    known = set(names.files)
    files = list(names.files) + [file for file in finding_files if file not in known]
    # Each suite: (name, tests, failures, errors, cases) where cases is the (start, end) of its
    # test cases in the spool, a count of numbered "listing N" cases (no listing names were
    # handed over), or None for the input errors.
    layout: list[tuple] = []
    totals: collections.Counter = collections.Counter()
    for file in files:
        tests, failures, begin, end = suites[file]
        layout.append((display_path(file), tests, failures, 0, (begin, end)))
        totals.update(tests=tests, failures=failures)
    if not names and not total_findings:
        # No listing objects were handed over: still say how many listings passed.
        layout.append(("honestlint", listings, 0, 0, listings))
        totals.update(tests=listings)
    if errors:
        layout.append(("input errors", len(errors), 0, len(errors), None))
        totals.update(tests=len(errors), errors=len(errors))

    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    root_attrs = [("name", "honestlint"), ("tests", str(totals["tests"])), ("failures", str(totals["failures"])),
                  ("errors", str(totals["errors"]))]
    if not layout:
        yield _xml_empty_tag("testsuites", root_attrs) + "\n"
        return
    yield _xml_start_tag("testsuites", root_attrs)
    for name, tests, failures, errs, cases in layout:
        attrs = [("name", _xml_text(name)), ("tests", str(tests)), ("failures", str(failures)),
                 ("errors", str(errs)), ("skipped", "0")]
        if cases == 0 or (isinstance(cases, tuple) and cases[0] == cases[1]):  # no test cases
            yield "\n  " + _xml_empty_tag("testsuite", attrs)
            continue
        yield "\n  " + _xml_start_tag("testsuite", attrs)
        if cases is None:  # the input errors
            for e in errors:
                where = e.file + (f":{e.line}" if e.line else "") + (f":{e.column}" if e.line and e.column else "")
                case_attrs = [("classname", "honestlint.input"), ("name", _xml_text(display_path(e.file))),
                              ("file", _xml_text(display_path(e.file)))]
                if e.line:
                    case_attrs.append(("line", str(e.line)))
                yield "\n    " + _xml_case(case_attrs, ("error", [("message", _xml_text(e.message)),
                                                                ("type", "InputError")],
                                                      _xml_text(f"{where}: error: {e.message}")))
        elif isinstance(cases, int):
            for n in range(1, cases + 1):
                yield "\n    " + _xml_case([("classname", "honestlint.listing"), ("name", f"listing {n}")])
        else:
            yield from _spooled(spool, *cases)
        yield "\n  </testsuite>"
    yield "\n</testsuites>\n"
    spool.close()


def _spooled(spool, begin: int, end: int) -> Iterator[str]:
    """The UTF-8 text between two offsets of a spool, in blocks."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    spool.seek(begin)
    while begin < end:
        block = spool.read(min(1 << 20, end - begin))
        begin += len(block)
        yield decoder.decode(block, final=begin >= end)


def _xml_empty_tag(tag: str, attrs: list[tuple[str, str]]) -> str:
    import xml.etree.ElementTree as ET

    return ET.tostring(_xml_element(tag, attrs), encoding="unicode")


junit_report.wants_listing_ids = True  # type: ignore[attr-defined]


# --- HTML (in its own module; imported only when used) ---------------------------------------


def html_report(findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> str:
    """The page numbers findings and shows every listing read (`sources`, in memory already),
    so it takes the findings as one list: a report for people to read, not for a catalog of
    millions (use json, sarif or junit there)."""
    from .html import render_html

    return render_html(list(findings), errors, listings, rules=rules, sources=sources)


html_report.wants_sources = True  # type: ignore[attr-defined]


REPORTERS: dict[str, Callable[..., str]] = {
    "text": text_report,
    "json": json_report,
    "sarif": sarif_report,
    "github": github_report,
    "junit": junit_report,
    "html": html_report,
}

STATISTICS_FORMATS = ("text", "json")

text_report.stream = text_stream  # type: ignore[attr-defined]
json_report.stream = json_stream  # type: ignore[attr-defined]
sarif_report.stream = sarif_stream  # type: ignore[attr-defined]
github_report.stream = github_stream  # type: ignore[attr-defined]
junit_report.stream = junit_stream  # type: ignore[attr-defined]


def stream_report(reporter: Callable[..., str], findings: Iterable[Finding], errors: list[InputError],
                  listings: int, **kwargs) -> Iterable[str]:
    """The report as pieces of text: the reporter's `stream` when it has one, else its string."""
    stream = getattr(reporter, "stream", None)
    if stream is not None:
        return stream(findings, errors, listings, **kwargs)
    return (reporter(findings, errors, listings, **kwargs),)
