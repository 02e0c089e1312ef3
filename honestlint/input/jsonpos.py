"""Positions inside JSON text as written.

The linter parses input with orjson, which is fast but keeps no source
positions.  Findings are rare compared to the amount of JSON read, so this
module recovers positions lazily: given the raw text it walks a path to a
value and maps each character of a decoded string back to the offset where
its encoding begins.

All offsets are indexes into the decoded ``str`` of the file (code points),
not byte offsets.  The scanner assumes valid JSON (orjson accepted it
already) but raises ``JsonPathError`` rather than looping or crashing on
anything it does not understand.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from ..core.listing import PathNotFound

__all__ = [
    "JsonPathError",
    "SourceText",
    "array_element_starts",
    "string_char_offsets",
    "value_span",
]


class JsonPathError(PathNotFound):
    """The path does not exist in the JSON text, or the text is not JSON."""


class SourceText:
    """The decoded text of one input file plus an index of line starts."""

    __slots__ = ("text", "_line_starts")

    def __init__(self, text: str):
        self.text = text
        # Line i (0-based) starts at _line_starts[i].  Splitting on "\n" and
        # accumulating lengths keeps the work in C instead of a Python loop
        # per line; a "\r" before "\n" stays part of the line it ends.
        lengths = map((1).__add__, map(len, text.split("\n")))
        starts = [0]
        starts.extend(accumulate(lengths))
        starts.pop()  # the last sum is len(text) + 1, not a line start
        self._line_starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column (in code points) of text[offset].

        offset == len(text) is accepted so that end positions can be shown.
        """
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside text of length {len(self.text)}")
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


# --- scanner -----------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
# Unrolled string loop: plain runs are consumed by one character class, so
# only escapes cost a repetition step.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")
# Inside a container everything but brackets can be skipped in one regex
# step: strings (which may hold brackets), numbers, literals, punctuation.
# Possessive, so a broken string fails fast instead of backtracking.
_FLAT = re.compile(r'(?:[^"\[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")*+', re.S)
_CLOSER = {"[": "]", "{": "}"}


def _ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def _skip_container(text: str, pos: int) -> int:
    """text[pos] is '[' or '{'; return the offset just past its closer.

    Iterative with an explicit stack so that deeply nested input cannot hit
    the Python recursion limit.
    """
    stack = [_CLOSER[text[pos]]]
    pos += 1
    while True:
        pos = _FLAT.match(text, pos).end()
        c = text[pos : pos + 1]
        if c == '"':  # _FLAT stops at a quote only if the string never ends
            raise JsonPathError(f"unterminated string at offset {pos}")
        if c == "[" or c == "{":
            stack.append(_CLOSER[c])
            pos += 1
        elif c:  # ']' or '}'
            if stack.pop() != c:
                raise JsonPathError(f"mismatched {c!r} at offset {pos}")
            pos += 1
            if not stack:
                return pos
        else:
            raise JsonPathError("unexpected end of JSON text")


def _skip_value(text: str, pos: int) -> int:
    """Return the offset just past the JSON value starting exactly at pos."""
    c = text[pos : pos + 1]
    if c == '"':
        m = _STRING.match(text, pos)
    elif c == "[" or c == "{":
        return _skip_container(text, pos)
    else:
        m = _SCALAR.match(text, pos)
    if m is None:
        raise JsonPathError(f"no JSON value at offset {pos}")
    return m.end()


def _decode_key(raw: str) -> str:
    # Most keys have no escapes; only fall back to a real decoder when needed.
    if "\\" not in raw:
        return raw[1:-1]
    import json  # local: rarely needed

    try:
        return json.loads(raw)
    except ValueError as exc:
        raise JsonPathError(f"bad object key {raw!r}") from exc


def _expect(text: str, pos: int, what: str) -> None:
    if text[pos : pos + 1] != what:
        raise JsonPathError(f"expected {what!r} at offset {pos}")


# One object member whose value is a string or a scalar, in one step: `"key" : value` and the
# white space after it. A container value (group 2 empty) is skipped by _skip_container.
_MEMBER = re.compile(
    rf"({_STRING.pattern})[ \t\n\r]*:[ \t\n\r]*(?:({_STRING.pattern}|{_SCALAR.pattern})[ \t\n\r]*)?", re.S
)


def _member_error(text: str, pos: int) -> JsonPathError:
    """What is wrong where _MEMBER does not match: no key, an unterminated key or no colon."""
    if text[pos : pos + 1] != '"':
        return JsonPathError(f"expected '\"' at offset {pos}")
    key = _STRING.match(text, pos)
    if key is None:
        return JsonPathError(f"unterminated key at offset {pos}")
    return JsonPathError(f"expected ':' at offset {_ws(text, key.end())}")


def _members(text: str, pos: int):
    """text[pos] is '{'; yield (decoded key, offset of its quote, value begin, value end) for
    each member, in order and with repeats."""
    pos = _ws(text, pos + 1)
    if text[pos : pos + 1] == "}":
        return
    while True:
        m = _MEMBER.match(text, pos)
        if m is None:
            raise _member_error(text, pos)
        if m.group(2) is not None:
            begin, end = m.span(2)
            after = m.end()
        else:
            begin = m.end()
            end = _skip_value(text, begin)
            after = _ws(text, end)
        yield _decode_key(m.group(1)), pos, begin, end
        c = text[after : after + 1]
        if c == ",":
            pos = _ws(text, after + 1)
        elif c == "}":
            return
        else:
            raise JsonPathError(f"expected ',' or '}}' at offset {after}")


# A container nested at most _FAST_DEPTH deep, as one regex (re has no recursion, so each
# level spells out the one inside it). The input was accepted by a JSON parser, so brackets
# balance and a closer needs no check against its opener.
_FAST_DEPTH = 6


def _bounded_container(depth: int) -> str:
    inner = rf'[^"\[\]{{}}]+|{_STRING.pattern}'
    if depth > 0:
        inner += "|" + _bounded_container(depth - 1)
    return rf"[\[{{](?:{inner})*+[\]}}]"


_ANY_VALUE = rf"{_STRING.pattern}|{_SCALAR.pattern}|{_bounded_container(_FAST_DEPTH)}"
# One whole member (`"key" : value ,`) or array element (`value ,`), containers included.
_WHOLE_MEMBER = re.compile(rf"({_STRING.pattern})[ \t\n\r]*:[ \t\n\r]*({_ANY_VALUE})[ \t\n\r]*(,[ \t\n\r]*)?", re.S)
_WHOLE_ELEMENT = re.compile(rf"({_ANY_VALUE})[ \t\n\r]*(,[ \t\n\r]*)?", re.S)


def _fast_walk(pattern, text: str, pos: int, closer: str) -> list | None:
    """The match of each member or element of the container at `pos`, one regex step each;
    None where that does not apply (deeper nesting, anything unexpected): the caller then
    walks it step by step, which also says what is wrong."""
    pos = _ws(text, pos + 1)
    out = []
    if text[pos : pos + 1] == closer:
        return out
    while True:
        m = pattern.match(text, pos)
        if m is None:
            return None
        out.append(m)
        pos = m.end()
        if m.group(m.re.groups) is None:  # no comma: the container must close here
            return out if text[pos : pos + 1] == closer else None


def _member_table(text: str, pos: int) -> dict:
    """text[pos] is '{'; key -> value span, the last of repeated keys winning."""
    found = _fast_walk(_WHOLE_MEMBER, text, pos, "}")
    if found is None:
        return {name: (begin, end) for name, _, begin, end in _members(text, pos)}
    return {_decode_key(m.group(1)): m.span(2) for m in found}


def _element_list(text: str, pos: int) -> list:
    """text[pos] is '['; the span of each element."""
    found = _fast_walk(_WHOLE_ELEMENT, text, pos, "]")
    if found is None:
        return list(_iter_elements(text, pos))
    return [m.span(1) for m in found]


def _walked(tables: dict | None, pos: int, walk):
    """walk(), the members or elements of the container at `pos`, kept in `tables` if given."""
    found = tables.get(pos) if tables is not None else None
    if found is None:
        found = walk()
        if tables is not None:
            tables[pos] = found
    return found


def _object_member(text: str, pos: int, key: str, tables: dict | None = None) -> tuple[int, int]:
    """text[pos] is '{'; span of the value under `key` (last one wins, as the parser keeps the
    last of duplicate keys). `tables` keeps each object's members for the next lookup."""
    members = _walked(tables, pos, lambda: _member_table(text, pos))
    found = members.get(key)
    if found is None:
        raise JsonPathError(f"key {key!r} not found")
    return found


def _iter_elements(text: str, pos: int):
    """text[pos] is '['; yield (begin, end) of each element in order."""
    pos = _ws(text, pos + 1)
    if text[pos : pos + 1] == "]":
        return
    while True:
        end = _skip_value(text, pos)
        yield pos, end
        pos = _ws(text, end)
        c = text[pos : pos + 1]
        if c == ",":
            pos = _ws(text, pos + 1)
        elif c == "]":
            return
        else:
            raise JsonPathError(f"expected ',' or ']' at offset {pos}")


def _array_element(text: str, pos: int, index: int, tables: dict | None = None) -> tuple[int, int]:
    elements = _walked(tables, pos, lambda: _element_list(text, pos))
    if not 0 <= index < len(elements):
        raise JsonPathError(f"index {index} out of range")
    return elements[index]


def value_span(text: str, start: int, path: tuple[str | int, ...], tables: dict | None = None) -> tuple[int, int]:
    """Span (begin, end) of the value reached by following `path`.

    Whitespace at `start` is skipped; str steps are object keys, int steps
    array indexes.  For a string the span includes both quotes.  Raises
    JsonPathError if the path does not exist (or the text is not JSON).
    `tables` (a dict the caller keeps for one text) remembers the members of
    each object and the elements of each array walked, so that further paths
    into the same listing cost a lookup per step.
    """
    if not 0 <= start <= len(text):
        raise JsonPathError(f"start {start} outside text")
    pos = _ws(text, start)
    for step in path:
        c = text[pos : pos + 1]
        if isinstance(step, str):
            if c != "{":
                raise JsonPathError(f"key {step!r} applied to a non-object at offset {pos}")
            pos = _object_member(text, pos, step, tables)[0]
        elif isinstance(step, int) and not isinstance(step, bool):
            if c != "[":
                raise JsonPathError(f"index {step} applied to a non-array at offset {pos}")
            pos = _array_element(text, pos, step, tables)[0]
        else:
            raise JsonPathError(f"bad path step {step!r}")
    return pos, _skip_value(text, pos)


# One token of a string body: a run of plain characters, a surrogate pair
# (one decoded character), any other \u escape, or a one-letter escape.
_STRING_TOKEN = re.compile(
    r'[^"\\]+'
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u[0-9a-fA-F]{4}"
    r'|\\["\\/bfnrt]'
)


def string_char_offsets(text: str, quote: int) -> list[int]:
    """Offset in `text` where each decoded character of a string begins.

    text[quote] must be the opening '"'.  Escapes map to their backslash; a
    surrogate pair is one character mapped to its first backslash.  One
    final entry gives the offset of the closing quote, so the encoding of
    decoded char i is text[offsets[i]:offsets[i + 1]].
    """
    if not 0 <= quote < len(text) or text[quote] != '"':
        raise JsonPathError(f"no string starts at offset {quote}")
    offsets: list[int] = []
    pos = quote + 1
    while True:
        if text[pos : pos + 1] == '"':
            offsets.append(pos)
            return offsets
        m = _STRING_TOKEN.match(text, pos)
        if m is None:
            raise JsonPathError(f"bad string content at offset {pos}")
        end = m.end()
        if text[pos] == "\\":
            offsets.append(pos)
        else:
            # A plain run decodes to itself, one character per code point.
            offsets.extend(range(pos, end))
        pos = end


def array_element_starts(text: str, start: int) -> list[int]:
    """Offsets of the first character of each element of the array at start.

    Whitespace at `start` is skipped.  Callers cache the result to find the
    Nth item of a big top-level array without rescanning.
    """
    if not 0 <= start <= len(text):
        raise JsonPathError(f"start {start} outside text")
    pos = _ws(text, start)
    if text[pos : pos + 1] != "[":
        raise JsonPathError(f"no array at offset {pos}")
    return [begin for begin, _ in _iter_elements(text, pos)]


def array_element_spans(text: str, start: int) -> list[tuple[int, int]]:
    """(begin, end) of each element of the array at `start`, for slicing a big array into
    one record per listing."""
    pos = _ws(text, start)
    if text[pos : pos + 1] != "[":
        raise JsonPathError(f"no array at offset {pos}")
    return list(_iter_elements(text, pos))


def object_keys(text: str, start: int) -> list[tuple[str, int]]:
    """(decoded key, offset of its opening quote) for each member of the object at `start`,
    in order and with repeats, so a caller can report duplicate keys."""
    pos = _ws(text, start)
    _expect(text, pos, "{")
    return [(name, quote) for name, quote, _, _ in _members(text, pos)]
