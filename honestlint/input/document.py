"""The raw text of one listing and where it begins in its file: the Record a reader hands on (cut
cheaply, parsed where it is linted), and the Document that gives positions of a value, of each
character of a string, and how new text is written inside a string (its escapes). Readers of
every format build on this module, so it imports no reader."""
from __future__ import annotations

import json
from dataclasses import dataclass

from . import jsonpos


@dataclass(slots=True)
class Record:
    """The raw text of one listing and where it sits in its file. Records are what the loader
    hands to (possibly parallel) workers: cheap to cut, parsed where they are linted."""

    file: str
    text: str
    first_line: int
    first_column: int
    number: int
    data: object = None   # already parsed (a small whole-file document), else None


class Document:
    """The raw JSON text of one listing (a JSONL line, an element of an array, or a whole
    file), and where that text begins in its file."""

    __slots__ = ("text", "first_line", "first_column", "_source")

    def __init__(self, text: str, first_line: int = 1, first_column: int = 1):
        self.text = text
        self.first_line = first_line
        self.first_column = first_column
        self._source: jsonpos.SourceText | None = None

    @property
    def source(self) -> jsonpos.SourceText:
        if self._source is None:
            self._source = jsonpos.SourceText(self.text)
        return self._source

    def line_col(self, offset: int) -> tuple[int, int]:
        line, col = self.source.line_col(offset)
        if line == 1:
            col += self.first_column - 1
        return line + self.first_line - 1, col

    def value_span(self, listing_path: tuple, field_path: tuple, tables: dict | None = None) -> tuple[int, int]:
        """Offsets of the value at `field_path` inside the listing at `listing_path` (`tables`:
        see jsonpos.value_span)."""
        return jsonpos.value_span(self.text, 0, listing_path + field_path, tables)

    def string_offsets(self, begin: int) -> list[int] | None:
        """Offsets of each decoded character of the string value at `begin` (and one past the
        end); None when the value there is not a string."""
        if self.text[begin] != '"':
            return None
        return jsonpos.string_char_offsets(self.text, begin)

    def escape(self, begin: int, start: int, end: int, content: str) -> str | None:
        """`content` as written in place of text[start:end] inside the string value at `begin`
        (None: it cannot be written there). A string written with \\u escapes gets them."""
        ascii_only = "\\u" in self.text[start:end] or ("\\u" in self.text[begin:begin + 200] and
                                                        self.text[begin:end].isascii())
        return json.dumps(content, ensure_ascii=ascii_only)[1:-1]
