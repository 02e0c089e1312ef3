"""What a listing is to the rest of the pipeline: its data, where it came from (file, number,
the document it was read from, for positions), its copy fields, and the errors and warnings an
input can give. The readers (input/) make listings; everything after reads them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .finding import Edit

COPY_FIELDS = (
    "title", "subtitle", "description", "bullets", "promotions.text", "promotions.terms", "reviews.text",
)
# Seller copy: what a rule reads unless it says otherwise. Review texts are the buyers' words.
SELLER_FIELDS = COPY_FIELDS[:-1]


class SourceDocument(Protocol):
    """What a listing's document (a JSON text, a CSV row) tells about the file as written."""

    def value_span(self, listing_path: tuple, field_path: tuple, tables: dict | None = None) -> tuple[int, int]: ...

    def string_offsets(self, begin: int) -> list[int] | None: ...

    def line_col(self, offset: int) -> tuple[int, int]: ...

    def escape(self, begin: int, start: int, end: int, content: str) -> str | None: ...


class PathNotFound(LookupError):
    """A path that does not exist in a listing's document (or a document that is not JSON)."""


def translate(path: tuple, aliases: dict | None) -> tuple:
    """The source path of a listing path: the longest aliased prefix is replaced."""
    if not aliases:
        return path
    for cut in range(len(path), 0, -1):
        source = aliases.get(path[:cut])
        if source is not None:
            if source and source[-1] == "*":
                return source[:-1]  # a derived value (parsed from a string): point at the string
            return source + path[cut:]
    return path


@dataclass(slots=True)
class InputError:
    """An input that could not be read; reported as `FILE:LINE:COL: error: MESSAGE`."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: error: {self.message}"


class InputWarning(InputError):
    """Input that was read, but not as the author may think (a duplicate key): reported as
    `FILE:LINE:COL: warning: ...`; it does not make the exit code 2."""

    def __str__(self) -> str:
        return InputError.__str__(self).replace(": error: ", ": warning: ", 1)


@dataclass(slots=True)
class Listing:
    """One listing: its parsed data and where it came from."""

    data: dict
    id: str
    file: str
    number: int                     # 1-based position of the listing in its file
    document: SourceDocument = field(repr=False)
    path: tuple = ()                # JSON path of the listing object inside `document`
    aliases: dict | None = None     # listing path -> source path, for mapped formats (mapping.py)
    # Character offsets of strings already located, so many findings in one long field cost
    # one scan of it, not one each.
    _offsets: dict = field(default_factory=dict, repr=False, compare=False)
    # The members of the objects walked to find them (jsonpos.value_span), for the next finding.
    _tables: dict | None = field(default=None, repr=False, compare=False)
    warnings: list = field(default_factory=list, repr=False, compare=False)  # InputWarnings

    def _value_span(self, field_path: tuple) -> tuple[int, int]:
        if self._tables is None:
            self._tables = {}
        return self.document.value_span(self.path, translate(field_path, self.aliases), self._tables)

    def string_span(self, field_path: tuple, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of characters [start, end) of the decoded string
        at `field_path`. Columns are 1-based code points; the end is exclusive."""
        cached = self._offsets.get(field_path)
        if cached is None:
            quote, _ = self._value_span(field_path)
            cached = self._offsets[field_path] = (quote, self.document.string_offsets(quote))
        quote, offsets = cached
        if offsets is None:
            # A value derived from another (a parsed Taobao property string): point at it.
            line, col = self.document.line_col(quote)
            return line, col, line, col + 1
        start = min(max(start, 0), len(offsets) - 1)
        end = min(max(end, start), len(offsets) - 1)
        line, col = self.document.line_col(offsets[start])
        end_line, end_col = self.document.line_col(offsets[end])
        return line, col, end_line, end_col

    def edit(self, field_path: tuple, start: int, end: int, content: str) -> Edit | None:
        """An edit that makes characters [start, end) of the string at `field_path` read
        `content`, written as the file writes that string; None where it cannot be made (a
        value derived from another, a CSV cell that would need quoting)."""
        cached = self._offsets.get(field_path)
        if cached is None:
            self.string_span(field_path, start, end)
            cached = self._offsets[field_path]
        quote, offsets = cached
        if offsets is None or not 0 <= start <= end < len(offsets):
            return None
        raw = self.document.escape(quote, offsets[start], offsets[end], content)
        if raw is None:
            return None
        line, column, end_line, end_column = self.string_span(field_path, start, end)
        return Edit(start, end, content, line, column, end_line, end_column, raw)

    def value_position(self, field_path: tuple) -> tuple[int, int] | None:
        """(line, column) where the JSON value at `field_path` begins, if it exists."""
        try:
            begin, _ = self._value_span(field_path)
        except PathNotFound:
            return None
        return self.document.line_col(begin)
