"""Stage 1: read listing files and keep what is needed to point back into them.

Parsing uses orjson, which is fast but knows no positions. A listing therefore keeps the raw
JSON text it came from and its JSON path inside it; the exact line and column of a character
are worked out (by `jsonpos`) only when a finding needs them.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import orjson

from . import jsonpos, mapping

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
# What a directory walk picks up; a CSV (Shopify export) is read when named explicitly.
LISTING_SUFFIXES = (".json",) + JSON_LINES_SUFFIXES


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


@dataclass(slots=True)
class Listing:
    """One listing: its parsed data and where it came from."""

    data: dict
    id: str
    file: str
    number: int                     # 1-based position of the listing in its file
    document: Document = field(repr=False)
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
        return self.document.value_span(self.path, mapping.translate(field_path, self.aliases), self._tables)

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

    def value_position(self, field_path: tuple) -> tuple[int, int] | None:
        """(line, column) where the JSON value at `field_path` begins, if it exists."""
        try:
            begin, _ = self._value_span(field_path)
        except jsonpos.JsonPathError:
            return None
        return self.document.line_col(begin)


def _display_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files named on the command line, with directories walked for listing files."""
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        found = []
        for root, dirs, files in os.walk(path, onerror=None):
            dirs.sort()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in sorted(files):
                if name.endswith(LISTING_SUFFIXES):
                    found.append(os.path.join(root, name))
        yield from found


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _decode(raw: bytes, name: str) -> str | InputError:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: skip it
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(name, "file is UTF-16; save it as UTF-8", 1, 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        return InputError(name, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})", line, column)


def _json_error(name: str, exc: orjson.JSONDecodeError, line_offset: int = 0) -> InputError:
    message = str(exc).split(":", 1)[0].strip() or "invalid JSON"
    return InputError(name, f"invalid JSON: {message}", exc.lineno + line_offset, exc.colno)


def _check_listing(obj, name: str, where: tuple[int, int] | None) -> str | None:
    """Why `obj` cannot be linted as a listing, or None."""
    if not isinstance(obj, dict):
        return f"a listing must be a JSON object, not {type(obj).__name__}"
    title = obj.get("title")
    if title is None:
        return "listing has no title"
    if not isinstance(title, str):
        return f"title must be a string, not {type(title).__name__}"
    for key in ("subtitle", "description"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key} must be a string, not {type(value).__name__}"
    for key in ("bullets", "promotions", "gifts", "reviews", "certifications"):
        value = obj.get(key)
        if value is not None and not isinstance(value, list):
            return f"{key} must be a list, not {type(value).__name__}"
    for key in ("specs", "price", "shipping", "returns", "warranty"):
        value = obj.get(key)
        if value is not None and not isinstance(value, dict):
            return f"{key} must be an object, not {type(value).__name__}"
    return None


def _listing_id(obj: dict, number: int) -> str:
    value = obj.get("id")
    if value is None or value == "":
        return f"#{number}"
    return str(value)


def _adapt(item, fields: dict | None):
    """The listing data of a source record, and its path aliases (None: used as it is)."""
    if not isinstance(item, dict):
        return item, None
    if fields:
        return mapping.apply_field_map(item, fields)
    if mapping.is_shopify_product(item):
        return mapping.shopify_product(item)
    return item, None


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


def parse(record: Record, fields: dict | None = None) -> "Listing | InputError":
    """The Listing of a record, or why it is not one."""
    value = record.data
    if value is None:
        try:
            value = orjson.loads(record.text)
        except orjson.JSONDecodeError as exc:
            return _json_error(record.file, exc, record.first_line - 1)
    doc = Document(record.text, record.first_line, record.first_column)
    warnings = _duplicate_keys(record, doc, value)
    value, aliases = _adapt(value, fields)
    problem = _check_listing(value, record.file, None)
    if problem:
        return InputError(record.file, problem, record.first_line, record.first_column)
    listing = Listing(value, _listing_id(value, record.number), record.file, record.number, doc, (), aliases)
    listing.warnings = warnings
    return listing


_KEY_END = re.compile(r'"\s*:')
_QUOTE_SPACE = re.compile(r'"\s')


def _key_ends(text: str) -> int:
    return len(_KEY_END.findall(text))


def _plain_key_ends(text: str) -> int:
    """_key_ends of a text in which no quote is followed by white space."""
    return text.count('":')


def _count_keys(value) -> int:
    """How many object keys a parsed JSON value holds, at every depth."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))
    return count


def _duplicate_keys(record: Record, doc: Document, value) -> list:
    """A warning for each repeated key of the listing object. JSON parsers keep the last value,
    so the seller's earlier one is silently ignored; say so."""
    if not isinstance(value, dict):
        return []
    text = record.text
    # Cheap gate: every key in the text ends with a quote and a colon, so when the text holds no
    # more of those than the parsed listing has keys (nested objects included), no key repeats.
    # A quote directly followed by white space is rare in JSON Lines ("a": "b", "c": 1); where
    # there is none, every quote-colon-with-spaces is a plain quote-colon, and str.count is exact.
    key_ends = _plain_key_ends if _QUOTE_SPACE.search(text) is None else _key_ends
    # The parsed listing written back by orjson holds each kept key's quote-colon, and those
    # inside string values as the text has them: counted at C speed. A \u escape (a quote or a
    # space spelt \u0022, \u3000) could make the two differ, and orjson may not write a value
    # back; then the keys are counted one by one (a Python walk over every value).
    written = None
    if "\\u" not in text:
        try:
            written = orjson.dumps(value).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass
    if key_ends(text) <= (key_ends(written) if written is not None else _count_keys(value)):
        return []
    try:
        keys = jsonpos.object_keys(text, 0)
    except jsonpos.JsonPathError:
        return []
    seen: set[str] = set()
    out = []
    for key, offset in keys:
        if key in seen:
            line, col = doc.line_col(offset)
            out.append(InputWarning(record.file, f"duplicate key '{key}' in a listing: the last value is used", line, col))
        seen.add(key)
    return out


def _json_lines(name: str, handle) -> Iterator[Record | InputError]:
    """One record per line, read as a stream: memory stays flat however long the file."""
    number = 0
    blank = True
    for line_no, raw in enumerate(handle, 1):
        if line_no == 1:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                yield InputError(name, "file is UTF-16; save it as UTF-8", 1, 1)
                return
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
        text = _decode(raw, name)
        if isinstance(text, InputError):
            text.line = line_no
            yield text
            continue
        text = text.rstrip("\r\n")
        if not text.strip():
            continue
        blank = False
        number += 1
        yield Record(name, text, line_no, 1, number)
    if blank:
        yield InputError(name, "file is empty", 1, 1)


def _looks_like_json_lines(text: str) -> bool:
    """A .json file or stdin holding several top-level objects, one per line."""
    lines = [line for line in text.split("\n", 3)[:3] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return all(isinstance(orjson.loads(line), dict) for line in lines[:2])
    except orjson.JSONDecodeError:
        return False


def _document_records(name: str, text: str) -> Iterator[Record | InputError]:
    """Records of a whole-file JSON document: one object, an array of them, or an object with
    a `listings` (or Shopify `products`) array."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if _looks_like_json_lines(text):
            for line_no, line in enumerate(text.split("\n"), 1):
                if line.strip():
                    yield Record(name, line.rstrip("\r"), line_no, 1, 0)
        else:
            yield _json_error(name, exc)
        return
    container: tuple = ()
    if isinstance(value, dict) and "title" not in value:
        for key in ("listings", "products"):
            if isinstance(value.get(key), list):
                container, value = (key,), value[key]
                break
    if not isinstance(value, list):
        yield Record(name, text, 1, 1, 1, value)
        return
    source = jsonpos.SourceText(text)
    try:
        begin = jsonpos.value_span(text, 0, container)[0]
        spans = jsonpos.array_element_spans(text, begin)
    except jsonpos.JsonPathError as exc:  # orjson accepted it, so this is a bug of ours
        yield InputError(name, f"cannot locate listings: {exc}")
        return
    for number, ((start, end), item) in enumerate(zip(spans, value), 1):
        line, column = source.line_col(start)
        yield Record(name, text[start:end], line, column, number, item)


def records(path: str) -> Iterator[Record | InputError]:
    """The listing records of one file, and an InputError for each part that cannot be read.
    JSON Lines are streamed; other files are read whole."""
    name = _display_name(path)
    try:
        if path.endswith(JSON_LINES_SUFFIXES):
            with open(path, "rb") as handle:
                yield from _renumber(_json_lines(name, handle))
            return
        raw = _read_bytes(path)
    except FileNotFoundError:
        yield InputError(name, "no such file")
        return
    except IsADirectoryError:
        yield InputError(name, "is a directory")
        return
    except PermissionError:
        yield InputError(name, "permission denied")
        return
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless: skip it
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield InputError(name, "file is UTF-16; save it as UTF-8", 1, 1)
        return
    text = _decode(raw, name)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield InputError(name, "file is empty", 1, 1)
        return
    if path.endswith(".csv"):
        from . import csvinput

        yield from csvinput.read_shopify_csv(name, text)
        return
    yield from _renumber(_document_records(name, text))


def _renumber(items):
    number = 0
    for item in items:
        if isinstance(item, Record) and item.number == 0:
            number += 1
            item.number = number
        elif isinstance(item, Record):
            number = item.number
        yield item


def load_file(path: str, fields: dict | None = None) -> Iterator[Listing | InputError]:
    """Listings of one file, and an InputError for each part that could not be read.
    `fields` is a field mapping from the configuration (see mapping.apply_field_map)."""
    for item in records(path):
        if isinstance(item, Record):
            yield parse(item, fields)
        else:
            yield item


def load(paths: Iterable[str], fields: dict | None = None) -> Iterator[Listing | InputError]:
    """Every listing of every path, in order; errors are yielded in place, never raised."""
    for path in expand_paths(paths):
        if isinstance(path, InputError):
            yield path
        else:
            yield from load_file(path, fields)


def listings_from_objects(objects, name: str = "<memory>") -> list[Listing]:
    """Listings built from Python dicts (the Python API and rule examples).

    They are serialised once so that positions refer to this canonical JSON text."""
    if isinstance(objects, dict):
        objects = [objects]
    text = orjson.dumps(list(objects), option=orjson.OPT_INDENT_2).decode("utf-8")
    out = []
    for record in _document_records(name, text):
        item = parse(record) if isinstance(record, Record) else record
        if isinstance(item, InputError):
            raise ValueError(str(item))
        out.append(item)
    return out
