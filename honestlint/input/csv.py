"""Part of stage 1: the Shopify product CSV export, read with the position of every cell.

The csv module gives no positions, so this scans the text itself (RFC 4180: quoted cells,
"" escapes, line breaks inside quotes). Rows with the same Handle are one product's variants;
the first row carries the title and body.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..core.listing import InputError, Listing, PathNotFound
from .checks import UnsupportedFormat, check_listing
from .document import Document
from .mapping import number as to_number

_CELL = re.compile(r'"((?:[^"]|"")*)"|([^,\r\n"]*)')


class Cell:
    __slots__ = ("value", "start", "quoted")

    def __init__(self, value: str, start: int, quoted: bool):
        self.value, self.start, self.quoted = value, start, quoted


def scan(text: str) -> tuple[list[list[Cell]], str | None, int]:
    """Rows of cells; on malformed input also an error message and its offset."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    pos, n = 0, len(text)
    while pos <= n:
        m = _CELL.match(text, pos)
        if m is None or (m.end() == pos and pos < n and text[pos] == '"'):
            return rows, "unclosed or misplaced quote", pos
        if m.group(1) is not None:
            row.append(Cell(m.group(1).replace('""', '"'), m.start(), True))
        else:
            row.append(Cell(m.group(2), m.start(), False))
        pos = m.end()
        if pos >= n:
            rows.append(row)
            break
        ch = text[pos]
        if ch == ",":
            pos += 1
            continue
        if ch in "\r\n":
            pos += 2 if text.startswith("\r\n", pos) else 1
            rows.append(row)
            row = []
            if pos >= n:
                break
            continue
        return rows, f"unexpected character {ch!r} after a cell", pos
    return [r for r in rows if any(c.value for c in r)], None, 0


class CsvDocument(Document):
    """A CSV file; a listing path is ("cell", row, column)."""

    def __init__(self, text: str, rows: list[list[Cell]]):
        super().__init__(text)
        self.rows = rows

    def value_span(self, listing_path: tuple, field_path: tuple, tables: dict | None = None) -> tuple[int, int]:

        if len(field_path) < 3 or field_path[0] != "cell":
            raise PathNotFound(f"no cell for {field_path}")
        try:
            cell = self.rows[field_path[1]][field_path[2]]
        except IndexError:
            raise PathNotFound(f"no cell {field_path}") from None
        return cell.start, cell.start + len(cell.value)

    def _cell_at(self, begin: int) -> Cell | None:
        for row in self.rows:
            for cell in row:
                if cell.start == begin:
                    return cell
        return None

    def string_offsets(self, begin: int) -> list[int] | None:
        cell = self._cell_at(begin)
        if cell is None:
            return None
        if not cell.quoted:
            return [begin + i for i in range(len(cell.value) + 1)]
        offsets, raw = [], begin + 1
        for ch in cell.value:
            offsets.append(raw)
            raw += 2 if ch == '"' else 1  # a quote inside is written ""
        offsets.append(raw)
        return offsets


    def escape(self, begin: int, start: int, end: int, content: str) -> str | None:
        cell = self._cell_at(begin)
        if cell is None:
            return None
        if cell.quoted:
            return content.replace('"', '""')
        # An unquoted cell cannot take a separator or a quote without quoting the whole cell,
        # which would change bytes outside the edit.
        return None if any(ch in content for ch in ',"\r\n') else content


def read_shopify_csv(name: str, text: str) -> Iterator[Listing | InputError]:
    """The listings of a Shopify product CSV export, one per product (Handle); raises
    UnsupportedFormat for a CSV whose header is not the export's."""
    rows, problem, where = scan(text)
    if problem:
        doc = Document(text)
        line, col = doc.line_col(where)
        yield InputError(name, f"invalid CSV: {problem}", line, col)
        return
    if not rows:
        yield InputError(name, "file is empty", 1, 1)
        return
    header = [c.value.strip() for c in rows[0]]
    if "Handle" not in header or "Title" not in header:
        raise UnsupportedFormat("a CSV that is not a Shopify product export (columns Handle, Title, ...)")
    col = {h: i for i, h in enumerate(header)}
    doc = CsvDocument(text, rows)
    groups: dict[str, list[int]] = {}
    for r in range(1, len(rows)):
        handle = _get(rows[r], col, "Handle")
        if handle:
            groups.setdefault(handle, []).append(r)
    for number, (handle, members) in enumerate(groups.items(), 1):
        first = members[0]
        data: dict = {"id": handle, "title": _get(rows[first], col, "Title")}
        aliases = {("id",): ("cell", first, col["Handle"]), ("title",): ("cell", first, col["Title"])}
        for source, target in (("Body (HTML)", "description"), ("Vendor", "brand")):
            if source in col and _get(rows[first], col, source):
                data[target] = _get(rows[first], col, source)
                aliases[(target,)] = ("cell", first, col[source])
        prices = [(r, to_number(_get(rows[r], col, "Variant Price"))) for r in members]
        prices = [(r, p) for r, p in prices if p is not None]
        if prices:
            r, low = min(prices, key=lambda rp: rp[1])
            data["price"] = {"current": low}
            aliases[("price", "current")] = ("cell", r, col["Variant Price"])
            compare = to_number(_get(rows[r], col, "Variant Compare At Price"))
            if compare:
                data["price"]["reference"] = compare
                aliases[("price", "reference")] = ("cell", r, col["Variant Compare At Price"])
        stock = [to_number(_get(rows[r], col, "Variant Inventory Qty")) for r in members]
        stock = [s for s in stock if s is not None]
        if stock:
            data["stock"] = int(sum(stock))
            aliases[("stock",)] = ("cell", first, col["Variant Inventory Qty"])
        specs = {}
        for k in (1, 2, 3):
            opt = f"Option{k} Name"
            if opt in col and _get(rows[first], col, opt):
                values = [_get(rows[r], col, f"Option{k} Value") for r in members]
                specs[_get(rows[first], col, opt)] = ", ".join(v for v in values if v)
                aliases[("specs", _get(rows[first], col, opt))] = ("cell", first, col[f"Option{k} Value"])
        if specs:
            data["specs"] = specs
        problem = check_listing(data, name, None)
        if problem or not data["title"]:
            line, column = doc.line_col(rows[first][0].start)
            yield InputError(name, problem or "listing has no title", line, column)
            continue
        yield Listing(data, handle, name, number, doc, (), aliases)


def _get(row: list[Cell], col: dict, name: str) -> str:
    i = col.get(name)
    return row[i].value if i is not None and i < len(row) else ""
