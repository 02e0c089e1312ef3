"""The registry of input formats (input/formats.py): a reader named in FORMATS is used for its
files, a reader that meets another format says so in one line, and the registry agrees with the
suffixes honestlint refuses and with the formats it names in its messages."""
from __future__ import annotations

import json

from honestlint.core.listing import InputError, Listing
from honestlint.input import Record, formats, load
from honestlint.input.checks import UnsupportedFormat


def read_tab_separated_titles(name: str, text: str):
    """A toy format: `id<TAB>title` per line, handed on as records of JSON text."""
    for number, line in enumerate(text.splitlines(), 1):
        if "\t" not in line:
            raise UnsupportedFormat("a text without tabs")
        listing_id, title = line.split("\t", 1)
        yield Record(name, json.dumps({"id": listing_id, "title": title}, ensure_ascii=False), number, 1, number)


TOY = formats.InputFormat("tab-separated titles", (".tsv",), read=read_tab_separated_titles)


def test_a_format_in_the_registry_reads_its_files(tmp_path, monkeypatch):
    path = tmp_path / "titles.tsv"
    path.write_text("a1\t纯棉T恤\nb2\tCotton Tee\n", encoding="utf-8")
    # .tsv is a suffix honestlint names as unsupported: without the entry, the file is refused.
    (refused,) = list(load([str(path)]))
    assert isinstance(refused, InputError) and "unsupported format: TSV" in refused.message

    monkeypatch.setattr(formats, "FORMATS", formats.FORMATS + (TOY,))
    listings = list(load([str(path)]))
    assert [(x.id, x.data["title"]) for x in listings if isinstance(x, Listing)] == [("a1", "纯棉T恤"), ("b2", "Cotton Tee")]


def test_a_reader_that_meets_another_format_says_which(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "FORMATS", formats.FORMATS + (TOY,))
    path = tmp_path / "notes.tsv"
    path.write_text("no tabs here\n", encoding="utf-8")
    (error,) = list(load([str(path)]))
    assert isinstance(error, InputError) and (error.line, error.column) == (1, 1)
    assert error.message == f"unsupported format: a text without tabs; honestlint reads {formats.SUPPORTED}"


def test_the_registry_agrees_with_the_refused_suffixes_and_the_messages():
    registered = [s for f in formats.FORMATS for s in f.suffixes]
    assert len(registered) == len(set(registered))
    assert not set(registered) & set(formats.UNSUPPORTED_SUFFIXES)
    assert formats.SUPPORTED == "JSON, JSON Lines and the Shopify product CSV export"
    assert formats.LISTING_SUFFIXES == (".json", ".jsonl", ".ndjson")
    assert formats.format_of("-") is formats.JSON and formats.format_of("a.ndjson") is formats.JSON_LINES
