"""Applying fixes to files as written (--fix, --diff, the editor's code actions): each edit
replaces a span given by file positions with text already escaped for the JSON string, CSV cell
or HTML it lands in; every other byte of the file stays as it was, its byte-order mark, line
ends and mode included."""
from __future__ import annotations

import difflib
import os
import shutil

from ..core.finding import SAFE, UNSAFE, Edit

def line_starts(text: str) -> list[int]:
    """Offsets of each line's first character, lines split on "\\n" as jsonpos.SourceText."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, int]:
    """`text` with `edits` (file positions) made, and how many were made. Edits that overlap
    one made before are left for the next round (the file is linted again after)."""
    starts = line_starts(text)

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    spans = []
    for edit in edits:
        if edit.line > len(starts) or edit.end_line > len(starts):
            continue
        spans.append((offset(edit.line, edit.column), offset(edit.end_line, edit.end_column), edit.raw))
    spans.sort(key=lambda s: (s[0], s[1]))
    out, last, made = [], 0, 0
    for begin, end, raw in spans:
        if begin < last:
            continue  # overlaps an edit already made
        out.append(text[last:begin])
        out.append(raw)
        last = end
        made += 1
    out.append(text[last:])
    return "".join(out), made


def unified_diff(path: str, before: str, after: str) -> str:
    old, new = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=old, tofile=new))


def chosen(findings, unsafe: bool) -> list:
    """The findings whose fix is applied: safe ones, and unsafe ones when asked for."""
    allowed = (SAFE, UNSAFE) if unsafe else (SAFE,)
    return [f for f in findings if f.fix is not None and f.fix.applicability in allowed]


_BOM = b"\xef\xbb\xbf"


def fix_file(path: str, edits: list[Edit]) -> tuple[str, str, int] | None:
    """(text before, text after, edits made) for a file; the text is read as the loader reads
    it (UTF-8, a byte-order mark set aside), so positions agree. None if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        before = raw[len(_BOM):].decode("utf-8") if raw.startswith(_BOM) else raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    after, made = apply_edits(before, edits)
    return before, after, made


def write_fixed(path: str, text: str) -> None:
    """Write `text` back, keeping the file's byte-order mark, and its line endings (edits never
    touch a line break, so they are the original ones)."""
    with open(path, "rb") as handle:
        bom = handle.read(3) == _BOM
    data = (_BOM if bom else b"") + text.encode("utf-8")
    tmp = f"{path}.honestlint-fix"
    with open(tmp, "wb") as handle:
        handle.write(data)
    shutil.copymode(path, tmp)
    os.replace(tmp, path)
