"""Stage 5: reporters. Each turns a list of findings (and input errors) into output text.

A reporter is `fn(findings, errors, listings, colour=False, rules=()) -> str`, where `rules`
are the active rules (for formats that describe them, like SARIF) and `listings` counts the
listings read. Register it in REPORTERS to make it a `--format` choice."""
from __future__ import annotations

import collections
import json
from typing import Callable

from . import __version__
from .findings import Finding
from .loader import InputError

SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", ""), "info": ("cyan", "")}


def _style(text: str, colour: str | None, bold: bool, enabled: bool) -> str:
    if not enabled:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


def text_report(findings: list[Finding], errors: list[InputError], listings: int, colour: bool = False,
                rules=()) -> str:
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
                rules=()) -> str:
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


def statistics(findings: list[Finding]) -> str:
    by_rule = collections.Counter((f.rule, f.category, f.severity) for f in findings)
    by_category = collections.Counter(f.category for f in findings)
    lines = [f"{'count':>6}  {'rule':32} {'category':24} severity"]
    for (rule, category, severity), n in by_rule.most_common():
        lines.append(f"{n:6}  {rule:32} {category:24} {severity}")
    lines.append("")
    lines.append(f"{'count':>6}  category")
    for category, n in by_category.most_common():
        lines.append(f"{n:6}  {category}")
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[..., str]] = {
    "text": text_report,
    "json": json_report,
}
