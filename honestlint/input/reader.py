"""Stage 1: read listing files and keep what is needed to point back into them.

Parsing uses orjson, which is fast but knows no positions. A listing therefore keeps the raw
JSON text it came from and its JSON path inside it; the exact line and column of a character
are worked out (by `jsonpos`) only when a finding needs them.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Iterable, Iterator

import orjson

from ..core.listing import InputError, InputWarning, Listing
from . import jsonpos, mapping
from .document import Document, Record
from .checks import MAX_FIELD_CHARS, UnsupportedFormat, check_listing
from .formats import JSON, JSON_LINES, LISTING_SUFFIXES, SUPPORTED, UNSUPPORTED_SUFFIXES, format_of



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


def parse(record: Record, fields: dict | None = None) -> "Listing | InputError":
    """The Listing of a record, or why it is not one."""
    value = record.data
    if value is None:
        try:
            value = orjson.loads(record.text)
        except orjson.JSONDecodeError as exc:
            return _json_error(record.file, exc, record.first_line - 1)
    if len(record.text) > MAX_FIELD_CHARS:
        oversized = _oversized(value)
        if oversized is not None:
            return _too_long_error(record.file, oversized, record.first_line, record.first_column)
    doc = Document(record.text, record.first_line, record.first_column)
    warnings = _duplicate_keys(record, doc, value)
    value, aliases = _adapt(value, fields)
    problem = check_listing(value, record.file, None)
    if problem:
        return InputError(record.file, problem, record.first_line, record.first_column)
    listing = Listing(value, _listing_id(value, record.number), record.file, record.number, doc, (), aliases)
    listing.warnings = warnings
    return listing


def _oversized(value) -> tuple[str, int] | None:
    """The path and length of the first string (or key) in `value` longer than MAX_FIELD_CHARS."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if len(item) > MAX_FIELD_CHARS:
                return where or "the listing", len(item)
        elif isinstance(item, dict):
            for key in item:
                if len(key) > MAX_FIELD_CHARS:
                    return f"a key of {where or 'the listing'}", len(key)
            stack.extend(reversed([(f"{where}.{key}" if where else key, inner) for key, inner in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([(f"{where}[{i}]", inner) for i, inner in enumerate(item)]))
    return None


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


def _is_container(value: dict) -> bool:
    return "title" not in value and any(isinstance(value.get(key), list) for key in ("listings", "products"))


def _path_of(value, target: str) -> str | None:
    """The path (title, bullets[2], specs.颜色) of the string `target` in `value`."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if item == target and isinstance(item, str):
            return where
        if isinstance(item, dict):
            stack.extend((f"{where}.{key}" if where else key, inner) for key, inner in item.items())
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", inner) for i, inner in enumerate(item))
    return None


def _too_long_error(name: str, oversized: tuple[str, int], line: int = 1, column: int = 1) -> InputError:
    where, size = oversized
    return InputError(name, f"{where} is {size:,} characters long, over the limit of {MAX_FIELD_CHARS:,} for one "
                      "field: the listing is not linted", line, column)


_SENTINEL = "\u0000honestlint: over-long string\u0000"


def _long_runs(raw: bytes):
    """(offset of the opening quote, offset of the closing quote) of a run of more than
    MAX_FIELD_CHARS bytes without a quote, or None. Every string that long (in characters) is
    such a run unless it holds escaped quotes; found by looking for a quote in each aligned
    block of half that size (C-speed `find`, one per block), so a big ordinary catalog costs
    about nothing."""
    step = MAX_FIELD_CHARS // 2
    block = 0
    while block + step <= len(raw):
        if raw.find(b'"', block, block + step) == -1:
            start = raw.rfind(b'"', 0, block)
            end = raw.find(b'"', block + step)
            if end == -1:
                end = len(raw)
            if start >= 0 and end - start - 1 > MAX_FIELD_CHARS:
                yield start, end
            block = end + 1
            continue
        block += step


def _chars(raw: bytes, start: int, end: int) -> int:
    """How many characters the raw JSON string body raw[start:end] decodes to (escapes counted
    as the one character each stands for; a surrogate pair counts two), decoded a megabyte at a
    time: a 50 MB string is never held as text."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    view = memoryview(raw)
    size = 0
    for at in range(start, end, 1 << 20):
        size += len(decoder.decode(view[at:min(at + (1 << 20), end)]))
    size += len(decoder.decode(b"", final=True))
    escapes = raw.count(b"\\", start, end)
    if escapes:
        pairs, unicode = raw.count(b"\\\\", start, end), raw.count(b"\\u", start, end)
        size -= 5 * unicode + (escapes - unicode - pairs)
    return size


def _too_long(name: str, raw: bytes, line: int) -> InputError | None:
    """The input error of one listing (raw JSON) holding an over-long string, found before the
    text is decoded: the long string is cut out and the rest parsed, so a hostile listing (a
    50 MB title) costs a scan of its bytes, never a copy of its text per step or rule."""
    for start, end in _long_runs(raw):
        size = _chars(raw, start + 1, end)
        if size <= MAX_FIELD_CHARS:
            continue
        try:
            value = orjson.loads(b"".join((raw[:start], orjson.dumps(_SENTINEL), raw[end + 1:])))
        except orjson.JSONDecodeError:
            value = None  # the run was not a string; the full parse below decides
        if isinstance(value, dict) and not _is_container(value):
            return _too_long_error(name, (_path_of(value, _SENTINEL) or "a string", size), line)
        return None
    if len(raw) > 4 * MAX_FIELD_CHARS:
        return None  # no string that long, unless one with escaped quotes: checked where parsed
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None  # reported, with its position, where the text is parsed
    if not isinstance(value, dict) or _is_container(value):
        return None  # a container of listings: each is checked where it is parsed
    oversized = _oversized(value)
    return _too_long_error(name, oversized, line) if oversized is not None else None


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
        if len(raw) > MAX_FIELD_CHARS:
            too_long = _too_long(name, raw, line_no)
            if too_long is not None:
                blank = False
                number += 1
                del raw
                yield too_long
                continue
        text = _decode(raw, name)
        del raw
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


_YAML_LINE = re.compile(r"^(?:---\s*$|[-\w .\"']+:(?:\s|$)|- \S)")


def _other_format(text: str) -> str | None:
    """What a text that is not JSON looks like, when it plainly is another format."""
    head = text.lstrip()
    if not head or head[0] in "{[\"":
        return None
    lines = [line for line in head.split("\n", 6)[:6] if line.strip() and not line.lstrip().startswith("#")]
    if lines and all(_YAML_LINE.match(line.strip()) or line[:1] in " \t" for line in lines):
        return "YAML"
    if head.startswith("<"):
        return "XML or HTML"
    if len(lines) >= 2 and lines[0].count(",") >= 1 and lines[0].count(",") == lines[1].count(","):
        return "CSV (only the Shopify product export is read, from a .csv file)"
    if len(lines) >= 2 and lines[0].count("\t") >= 1 and lines[0].count("\t") == lines[1].count("\t"):
        return "TSV"
    return None


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
            other = _other_format(text)
            yield (InputError(name, f"unsupported format: {other}; honestlint reads {SUPPORTED}", 1, 1) if other
                   else _json_error(name, exc))
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
    """The listing records of one file (formats.FORMATS says how it is read), and an InputError
    for each part that cannot be read. JSON Lines are streamed; other files are read whole."""
    name = _display_name(path)
    form = format_of(path)
    suffix = os.path.splitext(path)[1].lower()
    if form is JSON and suffix in UNSUPPORTED_SUFFIXES and os.path.isfile(path):
        yield InputError(name, f"unsupported format: {UNSUPPORTED_SUFFIXES[suffix]}; honestlint reads {SUPPORTED}")
        return
    try:
        if form is JSON_LINES:
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
    if len(raw) > MAX_FIELD_CHARS and raw.lstrip()[:1] == b"{" and form.read is None:
        too_long = _too_long(name, raw, 1)
        if too_long is not None:
            yield too_long  # one listing: rejected before its text is decoded
            return
    text = _decode(raw, name)
    del raw  # the text is all that is kept: one copy of a big file, not two
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield InputError(name, "file is empty", 1, 1)
        return
    if form.read is not None:
        try:
            yield from form.read(name, text)
        except UnsupportedFormat as exc:
            yield InputError(name, f"unsupported format: {exc}; honestlint reads {SUPPORTED}", 1, 1)
        return
    yield from _renumber(_document_records(name, text))


def records_from_text(text: str, path: str) -> Iterator[Record | InputError]:
    """The listing records of a text held in memory (an editor's buffer), read as `records`
    reads the file at `path`: JSON Lines for a .jsonl or .ndjson path, else a JSON document
    (which may itself hold one listing per line). Positions are those of `text` as given: a
    leading byte-order mark is read as white space, not set aside."""
    name = _display_name(path)
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    if not text.strip():
        yield InputError(name, "file is empty", 1, 1)
        return
    if format_of(path) is JSON_LINES:
        yield from _renumber(_text_lines(name, text))
        return
    yield from _renumber(_document_records(name, text))


def _text_lines(name: str, text: str) -> Iterator[Record]:
    """One record per non-blank line of a JSON Lines text (lines end at "\n" only, as
    jsonpos counts them; a "\r" before it is not part of the record)."""
    for line_no, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if line.strip():
            yield Record(name, line, line_no, 1, 0)


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


class InvalidListing(ValueError):
    """A listing given as a Python dict that cannot be linted; `.error` says why and where."""

    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


def listings_from_objects(objects, name: str = "<memory>") -> list[Listing]:
    """Listings built from Python dicts (the Python API and rule examples).

    They are serialised once so that positions refer to this canonical JSON text. A dict that
    is no valid listing raises InvalidListing (a ValueError)."""
    if isinstance(objects, dict):
        objects = [objects]
    text = orjson.dumps(list(objects), option=orjson.OPT_INDENT_2).decode("utf-8")
    out = []
    for record in _document_records(name, text):
        item = parse(record) if isinstance(record, Record) else record
        if isinstance(item, InputError):
            raise InvalidListing(item)
        out.append(item)
    return out
