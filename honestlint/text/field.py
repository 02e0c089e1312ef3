"""Stage 2: the copy strings of a listing and the text a shopper sees in them.

`copy_strings` walks a listing's copy in the order of the listing format (title, subtitle,
description, bullets, promotions, reviews); it is the one place that order is written down.
`visible_fields` gives what a report needs to show the copy as it reads (HTML descriptions
without their tags), without normalising it or loading any rule. A `CopyField` is what the
rules read: a copy string with its place, its normalised view (`copy_fields` normalises a
listing's fields in one pass) and its word boundaries as the tokenizer of the configuration
reading it draws them.
"""
from __future__ import annotations

import bisect
from typing import Iterator

from . import tokenize
from ..core.memo import Memo
from .html import source_end, strip_html
from .normalize import Normalized, normalize

# Copy held as strings at the top level of a listing; only the description may be HTML.
_STRING_FIELDS = ("title", "subtitle", "description")
_HTML_FIELDS = frozenset({"description"})
# Copy held in lists of objects: the list's key and the keys of its items that are copy.
_ITEM_FIELDS = (("promotions", ("text", "terms")), ("reviews", ("text",)))


def copy_strings(data: dict) -> Iterator[tuple[str, str, tuple, str, bool]]:
    """(name, label, path, raw, html) for each non-empty copy string of a listing: the field's
    name ("promotions.text"), the label of this string ("promotions[0].text"), its JSON path
    (("promotions", 0, "text")), the string and whether it is read as HTML. Plain tuples: the
    engine calls this for every listing."""
    for key in _STRING_FIELDS:
        value = data.get(key)
        if isinstance(value, str) and value:
            yield key, key, (key,), value, key in _HTML_FIELDS
    bullets = data.get("bullets")
    if isinstance(bullets, list):
        for i, value in enumerate(bullets):
            if isinstance(value, str) and value:
                yield "bullets", f"bullets[{i}]", ("bullets", i), value, False
    for group, keys in _ITEM_FIELDS:
        items = data.get(group)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for key in keys:
                value = item.get(key)
                if isinstance(value, str) and value:
                    yield f"{group}.{key}", f"{group}[{i}].{key}", (group, i, key), value, False


class VisibleField:
    """One copy string and its visible text. `html_index[i]` is where visible character i
    starts in `raw` (None when the string is not HTML and the two are the same)."""

    __slots__ = ("name", "label", "path", "raw", "visible", "html_index")

    def __init__(self, name: str, label: str, path: tuple, raw: str, html: bool):
        self.name, self.label, self.path, self.raw = name, label, path, raw
        if html:
            self.visible, self.html_index = strip_html(raw)
        else:
            self.visible, self.html_index = raw, None


def visible_fields(data: dict) -> list[VisibleField]:
    """The copy of a listing as a shopper reads it, in the order of `copy_strings`."""
    return [VisibleField(*string) for string in copy_strings(data)]


# A text of at most this many characters that comes again in a run is marked `repeated`: what is
# found in it may be remembered (kinds.base.remembered, the engine's scan and result memos).
MEMO_TEXT = 200


class CopyField:
    """One copy string of a listing, with its visible text, normalised view and boundaries (as
    `tokenizer`, the configuration's, draws them)."""

    __slots__ = ("name", "label", "path", "raw", "visible", "html_index", "tokenizer", "norm", "_boundaries",
                 "found", "starts", "repeated")

    def __init__(self, name: str, label: str, path: tuple, raw: str, html: bool, tokenizer: tokenize.Tokenizer):
        self.name, self.label, self.path, self.raw = name, label, path, raw
        self.tokenizer = tokenizer
        if html:
            self.visible, self.html_index = strip_html(raw)
        else:
            self.visible, self.html_index = raw, None
        self.norm: Normalized = None  # type: ignore[assignment]  # set by normalize_fields
        self._boundaries = None
        # Slots of the rule regexes whose cover literals the engine's scan found in this text
        # (None: not scanned, each regex checks its own literals; kinds.PLAIN: reference path).
        self.found: set[int] | None = None
        # Slot -> where the scan found the prefixes of that regex (RulePattern.prefix).
        self.starts: dict[int, list[int]] | None = None
        # The visible text (short enough to remember) was seen earlier in this process: what
        # is found in it may be remembered (MEMO_TEXT). Set by normalize_fields.
        self.repeated = False

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def boundaries(self) -> tokenize.Boundaries:
        if self._boundaries is None:
            self._boundaries = self.tokenizer.boundaries(self.norm.text)
        return self._boundaries

    def visible_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span(start, end)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) to the decoded JSON string's [a, b)."""
        a, b = self.norm.span(start, end)
        if self.html_index is None:
            return a, b
        if a >= len(self.html_index):
            return len(self.raw), len(self.raw)
        raw_a = self.html_index[a]
        raw_b = source_end(self.raw, self.html_index[max(b - 1, a)])
        return raw_a, max(raw_b, raw_a + 1)

    def norm_span_of_visible(self, start: int, end: int) -> tuple[int, int]:
        index = self.norm.index
        if index is None:
            return start, end
        return bisect.bisect_left(index, start), bisect.bisect_left(index, end)


def copy_fields(data: dict, tokenizer: tokenize.Tokenizer) -> list[CopyField]:
    """The copy strings of a listing, in file order of the listing format, with their word
    boundaries as `tokenizer` draws them."""
    out = [CopyField(*string, tokenizer) for string in copy_strings(data)]
    normalize_fields(out)
    return out


# Joins the fields of a listing for one normalisation pass. A line break is never changed or
# removed by normalisation (it ends a clause), so the joined result splits back exactly.
_FIELD_SEPARATOR = "\n"


# Hashes of the short copy strings seen in this process, to tell a repeated text (a bullet,
# a promotion, a review written from a template) from one seen once (most titles). Cleared when
# full; a hash collision only lets a text into a memo early.
_SEEN: set[int] = set()
_SEEN_ENTRIES = 1 << 17
# Normalised views of repeated texts (normalisation is a pure function of the string).
_NORMALIZED = Memo(4096)


def normalize_fields(fields: list[CopyField]) -> None:
    """Normalise every field of a listing in one call: the fixed cost of a call (the checks
    that find nothing to do, one OpenCC conversion) is then paid once per listing. Marks
    the fields whose text has come before (`repeated`), and reuses their normalised views."""
    todo = []
    for f in fields:
        if len(f.visible) <= MEMO_TEXT:
            key = hash(f.visible)
            if key in _SEEN:
                f.repeated = True
                known = _NORMALIZED.get(f.visible)
                if known is not None:
                    f.norm = known
                    continue
            else:
                if len(_SEEN) >= _SEEN_ENTRIES:
                    _SEEN.clear()
                _SEEN.add(key)
        todo.append(f)
    _normalize_joined(todo)
    for f in todo:
        if f.repeated:
            _NORMALIZED.put(f.visible, f.norm)


def _normalize_joined(fields: list[CopyField]) -> None:
    if len(fields) == 1:
        fields[0].norm = normalize(fields[0].visible)
        return
    if not fields:
        return
    joined = normalize(_FIELD_SEPARATOR.join(f.visible for f in fields))
    if joined.index is None:  # one-to-one: fields keep their offsets
        pos = 0
        for f in fields:
            n = len(f.visible)
            f.norm = Normalized(joined.text[pos:pos + n], f.visible, None)
            pos += n + 1
        return
    index = joined.index
    src = 0
    out_start = 0
    for f in fields:
        src_end = src + len(f.visible)
        out_end = bisect.bisect_left(index, src_end, out_start) if f is not fields[-1] else len(joined.text)
        sub = index[out_start:out_end]
        if len(sub) == len(f.visible) and sub == list(range(src, src_end)):
            f.norm = Normalized(joined.text[out_start:out_end], f.visible, None)
        else:
            f.norm = Normalized(joined.text[out_start:out_end], f.visible, [i - src for i in sub])
        src = src_end + 1
        out_start = out_end + 1
