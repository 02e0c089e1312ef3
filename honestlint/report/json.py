"""Stage 5 (output): the `json` report: every finding and input error as one JSON document,
written in pieces."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from ..core.finding import Finding
from ..core.jsonstream import JsonItems, json_chunks
from ..core.version import __version__
from .base import StreamingReporter

if TYPE_CHECKING:
    from ..core.listing import InputError


class JsonReporter(StreamingReporter):
    """`{"tool", "version", "listings", "findings": [Finding.to_dict()...], "errors": [...]}`."""

    name = "json"

    def stream(self, findings: Iterable[Finding], errors: list[InputError], listings: int, colour: bool = False,
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


json_report = JsonReporter()
