"""Stage 5 (output): what the structured reports share about where findings are. Paths as CI
systems show them, field labels as paths, the listings read (to find a finding's listing) and
the input files as written (to quote a finding's characters)."""
from __future__ import annotations

import collections
import os
import re

from ..core.finding import Finding


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
