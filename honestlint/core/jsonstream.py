"""JSON written in pieces, byte for byte as json.dumps would write it whole: the JSON and SARIF
reports and the baseline file stream findings that do not fit in memory."""
from __future__ import annotations

import json
from typing import Iterable, Iterator


class JsonItems:
    """A JSON array that json_chunks writes item by item, without holding the items."""

    def __init__(self, items: Iterable):
        self.items = items


def _streams(value) -> bool:
    if isinstance(value, JsonItems):
        return True
    if isinstance(value, dict):
        return any(_streams(v) for v in value.values())
    if isinstance(value, list):
        return any(_streams(v) for v in value)
    return False


def json_chunks(value, indent: int, level: int = 0) -> Iterator[str]:
    """`json.dumps(value, ensure_ascii=False, indent=indent)` in pieces, byte for byte, where
    JsonItems (anywhere inside dicts and lists) are written one item at a time."""
    pad = " " * (indent * (level + 1))
    if isinstance(value, JsonItems):
        empty = True
        for item in value.items:
            yield ("[\n" if empty else ",\n") + pad
            yield from json_chunks(item, indent, level + 1)
            empty = False
        yield "[]" if empty else "\n" + " " * (indent * level) + "]"
    elif isinstance(value, dict) and value and _streams(value):
        for n, (key, item) in enumerate(value.items()):
            yield ("{\n" if n == 0 else ",\n") + pad + json.dumps(key, ensure_ascii=False) + ": "
            yield from json_chunks(item, indent, level + 1)
        yield "\n" + " " * (indent * level) + "}"
    elif isinstance(value, list) and value and _streams(value):
        for n, item in enumerate(value):
            yield ("[\n" if n == 0 else ",\n") + pad
            yield from json_chunks(item, indent, level + 1)
        yield "\n" + " " * (indent * level) + "]"
    else:
        # A JSON string never holds a raw line break, so indenting every line is exact.
        text = json.dumps(value, ensure_ascii=False, indent=indent)
        yield text.replace("\n", "\n" + " " * (indent * level)) if level else text
