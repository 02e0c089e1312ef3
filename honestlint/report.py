"""Stage 5: reporters. Each turns a list of findings (and input errors) into output text.

A reporter is `fn(findings, errors, listings, colour=False, rules=(), sources=None) -> str`:

* `findings` are sorted (`Finding.sort_key`), `errors` are the inputs that could not be read,
  `listings` counts the listings read;
* `rules` are the active rules (for formats that describe them, like SARIF);
* `sources` is None, or the `Listing` objects that were read, in order. The command line keeps
  them (they hold the listing data and its raw JSON text) only for a reporter that sets the
  attribute `wants_sources = True`; a reporter must still work with `sources=None`.

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
from typing import Callable, Iterable
from urllib.parse import quote

from . import __version__
from .findings import Finding
from .loader import InputError

SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", ""), "info": ("cyan", "")}
SEVERITIES = ("error", "warning", "info")
INFORMATION_URI = "https://pypi.org/project/honestlint/"


def _style(text: str, colour: str | None, bold: bool, enabled: bool) -> str:
    if not enabled:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


# --- text and json ------------------------------------------------------------------------


def text_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> str:
    """Grouped by file, then listing: one line per finding in `file:line:col` form so editors
    can jump to it, the evidence and the suggestion indented under it."""
    lines: list[str] = []
    by_file: dict[str, list[Finding]] = collections.defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    for file, group in by_file.items():
        lines.append(_style(file, None, True, colour))
        current = None
        for f in group:
            if f.listing != current:
                current = f.listing
                lines.append("  " + _style(f"listing {f.listing}", "blue", True, colour))
            fg, weight = SEVERITY_STYLE[f.severity]
            where = f"{f.file}:{f.line}:{f.column}"
            head = f"    {where}: {_style(f.severity, fg, bool(weight), colour)} {_style(f.rule, None, True, colour)} [{f.category}] {f.field}"
            lines.append(head)
            lines.append(f"      {f.message}")
            if f.fact_field:
                at = f" (line {f.fact_line}, column {f.fact_column})" if f.fact_line else ""
                lines.append(_style(f"      fact: {f.fact_field}{at}", None, False, colour))
            if f.suggestion:
                lines.append(_style(f"      suggestion: {f.suggestion}", "green", False, colour))
        lines.append("")
    counts = collections.Counter(f.severity for f in findings)
    if findings:
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
        flagged = len({(f.file, f.listing) for f in findings})
        lines.append(f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) "
                     f"in {flagged} of {listings} listing{'s' if listings != 1 else ''}.")
    else:
        lines.append(f"All clean: {listings} listing{'s' if listings != 1 else ''} checked.")
    if errors:
        lines.append(f"{len(errors)} input error{'s' if len(errors) != 1 else ''}; see above.")
    return "\n".join(lines) + "\n"


def json_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> str:
    doc = {
        "tool": "honestlint",
        "version": __version__,
        "listings": listings,
        "findings": [f.to_dict() for f in findings],
        "errors": [
            {"file": e.file, "line": e.line, "column": e.column, "message": e.message} for e in errors
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- statistics -----------------------------------------------------------------------------


def statistics(findings: list[Finding], output_format: str = "text", listings: int | None = None,
               errors: Iterable[InputError] = ()) -> str:
    """Counts per rule and per category: a table, or a JSON object when `output_format` is json."""
    by_rule = collections.Counter((f.rule, f.category, f.severity) for f in findings)
    by_category = collections.Counter(f.category for f in findings)
    if output_format == "json":
        by_severity = collections.Counter(f.severity for f in findings)
        doc = {
            "tool": "honestlint",
            "version": __version__,
            "listings": listings,
            "findings": len(findings),
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
    """Input files as written, read once each when a report quotes them (SARIF snippets)."""

    def __init__(self):
        self._files: dict[str, tuple[str, list[int]] | None] = {}

    def _load(self, path: str):
        if path not in self._files:
            try:
                with open(path, encoding="utf-8", newline="") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError, ValueError):
                self._files[path] = None
            else:
                text = text[1:] if text.startswith("\ufeff") else text  # the loader skips a BOM too
                starts = [0]
                starts.extend(m.end() for m in re.finditer("\n", text))
                self._files[path] = (text, starts)
        return self._files[path]

    def region(self, path: str, line: int, column: int, end_line: int, end_column: int) -> str | None:
        """Characters from (line, column) to the exclusive (end_line, end_column), or None."""
        if path == "<stdin>":
            return None
        loaded = self._load(path)
        if loaded is None:
            return None
        text, starts = loaded

        def offset(ln: int, col: int) -> int | None:
            if not 1 <= ln <= len(starts):
                return None
            begin = starts[ln - 1]
            end = starts[ln] if ln < len(starts) else len(text)
            at = begin + col - 1
            return at if begin <= at <= end else None

        a, b = offset(line, column), offset(end_line, end_column)
        if a is None or b is None or b < a:
            return None
        return text[a:b]


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


def sarif_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> str:
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

    logical: list[dict] = []
    logical_index: dict[tuple, int] = {}

    def logical_location(file: str, listing: str, field: str | None) -> tuple[int, dict]:
        parent_key = (file, listing, None)
        if parent_key not in logical_index:
            logical_index[parent_key] = len(logical)
            logical.append({"name": listing, "fullyQualifiedName": listing, "kind": "object",
                            "properties": {"file": display_path(file)}})
        if field is None:
            key = parent_key
        else:
            key = (file, listing, field)
            if key not in logical_index:
                logical_index[key] = len(logical)
                logical.append({"name": field, "fullyQualifiedName": f"{listing}/{field}", "kind": "property",
                                "parentIndex": logical_index[parent_key]})
        i = logical_index[key]
        entry = logical[i]
        return i, {"index": i, "name": entry["name"], "fullyQualifiedName": entry["fullyQualifiedName"],
                   "kind": entry["kind"]}

    results = []
    seen: collections.Counter = collections.Counter()
    for f in findings:
        if f.rule not in rule_index:
            rule_index[f.rule] = len(descriptors)
            descriptors.append(_minimal_rule(f))
        key = (f.rule, f.file, f.listing, f.field, f.text)
        occurrence = seen[key]
        seen[key] += 1
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
        snippet = files.region(f.file, f.line, f.column, f.end_line, f.end_column)
        region["snippet"] = {"text": snippet if snippet is not None else f.text}
        _, field_logical = logical_location(f.file, f.listing, f.field)
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
        results.append(result)

    notifications = []
    for e in errors:
        note: dict = {"level": "error", "message": {"text": e.message}, "descriptor": {"id": "input-error"}}
        physical: dict = {"artifactLocation": artifact(e.file)}
        if e.line:
            physical["region"] = {"startLine": e.line, **({"startColumn": e.column} if e.column else {})}
        note["locations"] = [{"physicalLocation": physical}]
        notifications.append(note)

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
        "logicalLocations": logical,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"listings": listings},
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


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


def github_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                  rules=(), sources=None) -> str:
    """One `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
    per finding (GitHub shows them as annotations on the file), and an `::error` per input error."""
    lines = []
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
        lines.append(_gh_command(GITHUB_COMMAND.get(f.severity, "warning"), props, "\n".join(body)))
    for e in errors:
        props = [("file", display_path(e.file)), ("line", e.line), ("col", e.column),
                 ("title", "honestlint input error")]
        lines.append(_gh_command("error", props, e.message))
    return "\n".join(lines) + "\n" if lines else ""


# --- JUnit XML -------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold, not even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text) -> str:
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def junit_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                 rules=(), sources=None) -> str:
    """JUnit XML with one <testsuite> per input file. Each finding is a failing <testcase>
    named `LISTING / RULE / FIELD` (classname `honestlint.CATEGORY`); each listing without
    findings is one passing <testcase> named after the listing (classname `honestlint.listing`).
    Input errors are <testcase>s with an <error> in a last suite named `input errors`."""
    import xml.etree.ElementTree as ET

    index = SourceIndex(sources)
    by_file: dict[str, list[Finding]] = collections.defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    files = list(index.files) + [file for file in by_file if file not in index.files]

    root = ET.Element("testsuites", name="honestlint")
    totals = collections.Counter()

    def suite(name: str) -> ET.Element:
        return ET.SubElement(root, "testsuite", name=_xml_text(name))

    for file in files:
        element = suite(display_path(file))
        group = by_file.get(file, [])
        flagged = {f.listing for f in group}
        names: collections.Counter = collections.Counter()
        tests = failures = 0
        for f in group:
            name = f"{f.listing} / {f.rule} / {f.field}"
            names[name] += 1
            if names[name] > 1:
                name += f" #{names[name]}"
            case = ET.SubElement(element, "testcase", classname=_xml_text(f"honestlint.{f.category}"),
                                 name=_xml_text(name), file=_xml_text(display_path(f.file)), line=str(f.line))
            detail = [f"{display_path(f.file)}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.category}] {f.field}",
                      f.message]
            if f.fact_field:
                at = f" (line {f.fact_line}, column {f.fact_column})" if f.fact_line else ""
                detail.append(f"fact: {f.fact_field}{at}")
            if f.suggestion:
                detail.append(f"suggestion: {f.suggestion}")
            detail.append(f"text: {f.text}")
            failure = ET.SubElement(case, "failure", message=_xml_text(f.message), type=_xml_text(f.severity))
            failure.text = _xml_text("\n".join(detail))
            tests += 1
            failures += 1
        clean_names: collections.Counter = collections.Counter()
        for listing in (l for l in index.listings if l.file == file and l.id not in flagged):
            clean_names[listing.id] += 1
            name = listing.id if clean_names[listing.id] == 1 else f"{listing.id} #{clean_names[listing.id]}"
            ET.SubElement(element, "testcase", classname="honestlint.listing", name=_xml_text(name),
                          file=_xml_text(display_path(file)))
            tests += 1
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", "0")
        totals.update(tests=tests, failures=failures)

    if not index and not findings:
        # No listing objects were handed over: still say how many listings passed.
        element = suite("honestlint")
        for n in range(1, listings + 1):
            ET.SubElement(element, "testcase", classname="honestlint.listing", name=f"listing {n}")
        element.set("tests", str(listings))
        element.set("failures", "0")
        element.set("errors", "0")
        element.set("skipped", "0")
        totals.update(tests=listings)

    if errors:
        element = suite("input errors")
        for e in errors:
            where = e.file + (f":{e.line}" if e.line else "") + (f":{e.column}" if e.line and e.column else "")
            case = ET.SubElement(element, "testcase", classname="honestlint.input", name=_xml_text(display_path(e.file)),
                                 file=_xml_text(display_path(e.file)))
            if e.line:
                case.set("line", str(e.line))
            error = ET.SubElement(case, "error", message=_xml_text(e.message), type="InputError")
            error.text = _xml_text(f"{where}: error: {e.message}")
        element.set("tests", str(len(errors)))
        element.set("failures", "0")
        element.set("errors", str(len(errors)))
        element.set("skipped", "0")
        totals.update(tests=len(errors), errors=len(errors))

    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


junit_report.wants_sources = True  # type: ignore[attr-defined]


# --- HTML (in its own module; imported only when used) ---------------------------------------


def html_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=(), sources=None) -> str:
    from .report_html import render_html

    return render_html(findings, errors, listings, rules=rules, sources=sources)


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
