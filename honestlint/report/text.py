"""Stage 5 (output): the `text` report, for people at a terminal or in an editor."""
from __future__ import annotations

import collections
from typing import TYPE_CHECKING, Iterable, Iterator

from ..core.finding import SAFE, UNSAFE, Finding
from .base import StreamingReporter

if TYPE_CHECKING:
    from ..core.listing import InputError

SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", ""), "info": ("cyan", "")}


def _style(text: str, colour: str | None, bold: bool, enabled: bool) -> str:
    if not enabled:
        return text
    import click

    return click.style(text, fg=colour, bold=bold)


class TextReporter(StreamingReporter):
    """Grouped by file, then listing: one line per finding in `file:line:col` form so editors
    can jump to it, the evidence and the suggestion indented under it."""

    name = "text"
    default_lang = "auto"

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
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


text_report = TextReporter()
