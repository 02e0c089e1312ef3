"""The input formats honestlint reads, by file name: the registry of readers (stage 1).

An InputFormat names a format as the "honestlint reads ..." message does, gives its file name
suffixes, says whether a directory walk picks its files up, and holds its reader. JSON and JSON
Lines are the formats reader.py reads itself (records of JSON text, a JSON Lines file streamed
line by line). Every other format is a module of its own with a function `read(name, text)`
that yields, for a decoded file, its Listings (or Records of JSON text) and an InputError for
each part it cannot read; it raises checks.UnsupportedFormat when the file is plainly not in
its format. Adding a format is that module and one line in FORMATS.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from .csv import read_shopify_csv


@dataclass(frozen=True)
class InputFormat:
    title: str                      # as "honestlint reads JSON, JSON Lines and ..." names it
    suffixes: tuple[str, ...]       # matched case-sensitively, as written
    walked: bool = False            # a directory walk picks these files up
    read: Callable[[str, str], Iterator] | None = None  # None: JSON text, read by reader.py


JSON = InputFormat("JSON", (".json",), walked=True)
JSON_LINES = InputFormat("JSON Lines", (".jsonl", ".ndjson"), walked=True)

FORMATS: tuple[InputFormat, ...] = (
    JSON,
    JSON_LINES,
    # A CSV is read when named explicitly: a directory's CSV files are seldom listings.
    InputFormat("the Shopify product CSV export", (".csv",), read=read_shopify_csv),
)


def format_of(path: str) -> InputFormat:
    """The format a file is read as: by its suffix, JSON when none matches (stdin, no suffix)."""
    for candidate in FORMATS:
        if path.endswith(candidate.suffixes):
            return candidate
    return JSON


# What a directory walk picks up.
LISTING_SUFFIXES = tuple(suffix for f in FORMATS if f.walked for suffix in f.suffixes)
# Formats people try that honestlint does not read: named, not reported as invalid JSON.
UNSUPPORTED_SUFFIXES = {".yaml": "YAML", ".yml": "YAML", ".toml": "TOML", ".xml": "XML", ".tsv": "TSV",
                        ".xlsx": "Excel", ".xls": "Excel", ".txt": "plain text"}
_TITLES = [f.title for f in FORMATS]
SUPPORTED = ", ".join(_TITLES[:-1]) + " and " + _TITLES[-1] if len(_TITLES) > 1 else _TITLES[0]
