"""Stage 2: the copy strings of a listing and the text a shopper sees in them.

`copy_strings` walks a listing's copy in the order of the listing format (title, subtitle,
description, bullets, promotions, reviews); it is the one place that order is written down.
The engine builds its fields from it; `visible_fields` gives what a report needs to show the
copy as it reads (HTML descriptions without their tags), without normalising it or loading any
rule.
"""
from __future__ import annotations

from typing import Iterator

from .html import strip_html

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
