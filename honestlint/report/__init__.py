"""Stage 5: reports. Each `--format` is a `Reporter` (report/base.py) that turns findings and
input errors into text; this package holds one module per format and the registry.

Formats: `text`, `json`, `sarif` (SARIF 2.1.0), `github` (GitHub Actions workflow commands),
`junit` (JUnit XML, one testsuite per input file) and `html` (one self-contained page). Every
format streams (the command line writes its pieces as they come) except html, which lays out
every listing on one page for a human to read and builds it in memory. `statistics()` is the
`--statistics` report (a table, or JSON with `--format json`).

A new format is one module holding a Reporter, imported here and named in REPORTERS: that
makes it a `--format` choice. The command line asks nothing else of it; the Reporter's own
attributes say what it is handed (`wants_sources`, `wants_listing_ids`) and which language its
messages take by default (`default_lang`). Reports read findings, the listings read and the
rules; they import only `core` and `text`, never the engine or the input readers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from .base import Reporter, StreamingReporter
from .github import github_report
from .html import html_report, render_html
from .json import json_report
from .junit import junit_failure_lines, junit_report
from .sarif import sarif_report
from .sources import FileText, SourceIndex, display_path, field_path
from .statistics import statistics
from .text import text_report

if TYPE_CHECKING:
    from ..core.finding import Finding
    from ..core.listing import InputError

__all__ = [
    "REPORTERS", "STATISTICS_FORMATS", "Reporter", "StreamingReporter", "stream_report", "statistics",
    "text_report", "json_report", "sarif_report", "github_report", "junit_report", "html_report", "render_html",
    "junit_failure_lines", "display_path", "field_path", "SourceIndex", "FileText",
]

REPORTERS: dict[str, Reporter] = {
    reporter.name: reporter
    for reporter in (text_report, json_report, sarif_report, github_report, junit_report, html_report)
}

STATISTICS_FORMATS = ("text", "json")


def stream_report(reporter: Reporter, findings: Iterable[Finding], errors: list[InputError], listings: int,
                  **kwargs) -> Iterator[str]:
    """The report as pieces of text, to write as they come."""
    return reporter.stream(findings, errors, listings, **kwargs)
