"""Stage 5 (output): the `sarif` report (SARIF 2.1.0, as code-scanning services read it).

Its fingerprint (`partialFingerprints["honestlint/claim/v1"]`) is its own: rule, displayed
path, listing, full field label, matched text and occurrence. It is not core.finding's
baseline fingerprint, and must stay as it is: code scanning matches results across runs by it.
"""
from __future__ import annotations

import collections
import hashlib
import os
import re
from typing import TYPE_CHECKING, Iterable, Iterator
from urllib.parse import quote

from ..core.finding import Finding
from ..core.jsonstream import JsonItems, json_chunks
from ..core.version import __version__
from .base import StreamingReporter
from .sources import FileText, SourceIndex, display_path

if TYPE_CHECKING:
    from ..core.listing import InputError

INFORMATION_URI = "https://pypi.org/project/honestlint/"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "honestlint/claim/v1"


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


class SarifReporter(StreamingReporter):
    """One SARIF run: the rules as descriptors, each finding a result with its region, snippet,
    listing and field (logical locations), the contradicted fact and any fix."""

    name = "sarif"

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
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


sarif_report = SarifReporter()


def _directory_uri(path: str) -> str:
    from pathlib import Path

    uri = Path(os.path.abspath(path)).as_uri()
    return uri if uri.endswith("/") else uri + "/"
