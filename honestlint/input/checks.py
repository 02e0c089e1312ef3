"""What a listing must be to be linted: a JSON object with a string title, lists and objects
where the listing format says so, and no string longer than a hostile-input bound; and what a
reader raises for a file that is not in its format at all."""
from __future__ import annotations


class UnsupportedFormat(ValueError):
    """A file a reader cannot read because it is plainly in another format; the message says
    what it is (the caller adds the formats honestlint reads)."""

# The longest string a listing may hold (a title, a description, a bullet, a spec value), in
# characters: 2x Taobao's cap on a whole description (25,000) and 100x Amazon's (2,000). A
# listing with a longer one is an input error: it is not linted, so hostile input (a 50 MB
# title) costs one pass of the parser, never one copy of the text per rule.
MAX_FIELD_CHARS = 50_000


def check_listing(obj, name: str, where: tuple[int, int] | None) -> str | None:
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
