"""Stage 5 (output): the `github` report: GitHub Actions workflow commands, which GitHub shows as
annotations on the files."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from ..core.finding import Finding
from .base import StreamingReporter
from .sources import display_path

if TYPE_CHECKING:
    from ..core.listing import InputError

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


class GithubReporter(StreamingReporter):
    """One `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
    per finding (GitHub shows them as annotations on the file), and an `::error` per input error."""

    name = "github"

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
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


github_report = GithubReporter()
