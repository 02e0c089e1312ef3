"""Visible text of an HTML fragment, with a map back to the raw string.

Listing descriptions are often HTML.  Rules must see the copy a shopper
reads (tags removed, entities decoded), while findings must still point at
the raw string.  ``strip_html`` returns both the visible text and, for each
visible character, the index in the source where it came from.

This is a tolerant tokenizer, not a full HTML parser: it follows browser
behaviour where that matters for copy (entities without ';', '<' that does
not start a tag, raw-text script/style) and otherwise stays simple.
"""

from __future__ import annotations

import html as _stdlib_html
import re
from html.entities import html5 as _HTML5

__all__ = ["strip_html", "source_end", "BLOCK_TAGS"]

# Tags that start a new line of copy.  Text on either side of them must not
# run together (<li>a</li><li>b</li> is "a\nb", not "ab").
BLOCK_TAGS = frozenset(
    """
    p div br li ul ol dl dt dd tr td th thead tbody tfoot table caption
    h1 h2 h3 h4 h5 h6 section article aside header footer nav main
    blockquote hr pre address figure figcaption details summary
    form fieldset legend option
    """.split()
)

# Elements whose content is never shown (raw text up to the end tag).
_RAW_TEXT_END = {
    name: re.compile(rf"</{name}\b[^>]*>", re.I) for name in ("script", "style")
}

# Markup at a '<'.  Alternatives, in order:
#   comment (also "<!-->" and an unclosed comment, which eats the rest);
#   start or end tag: quoted attribute values may hide '>'; the body is
#     possessive so that a broken quote cannot cause backtracking blow-up;
#   doctype / processing instruction / other bogus "<!", "<?", "</" markup;
#   a tag left open at the end of the text, which is dropped.
_MARKUP = re.compile(
    r"""
      <!--(?:-?>|.*?--!?>|.*\Z)
    | <(?P<close>/)?(?P<name>[A-Za-z][^\s/>]*)
        (?:=\s*(?:"[^"]*"|'[^']*')|[^>])*+>
    | <[!?/][^>]*>
    | </?[A-Za-z].*\Z
    """,
    re.S | re.X,
)

_ENTITY = re.compile(r"&(?:\#[xX](?P<hex>[0-9a-fA-F]+);?|\#(?P<dec>[0-9]+);?|(?P<name>[A-Za-z][A-Za-z0-9]*)(?P<semi>;)?)")
_SPECIAL = re.compile(r"[<&]")
# Whitespace that already separates two blocks; no extra '\n' needed.
_BREAK_AT_END = re.compile(r"\n[ \t\r\f]*\Z")
_BREAK_AT_START = re.compile(r"[ \t\r\f]*\n")

# Legacy entities are recognised without ';' and by their longest prefix
# ("&copy2024" is "©2024"), as browsers and html.unescape do.
_LEGACY_MAX = max(len(k) for k in _HTML5 if not k.endswith(";"))


def _numeric_entity(digits: str, base: int) -> str:
    # Cap the digits before int(): huge numbers are invalid anyway and
    # int() refuses very long decimal strings.
    cp = int(digits, base) if len(digits.lstrip("0")) <= 8 else 0x110000
    # The stdlib applies the browser rules (cp1252 for 0x80-0x9F, U+FFFD
    # for surrogates and out-of-range values, nothing for some controls).
    return _stdlib_html.unescape(f"&#{cp};")


def _entity_at(s: str, pos: int) -> tuple[str, int] | None:
    """Decode an entity starting at s[pos] == '&': (text, end) or None."""
    m = _ENTITY.match(s, pos)
    if m is None:
        return None
    if m["hex"] is not None:
        return _numeric_entity(m["hex"], 16), m.end()
    if m["dec"] is not None:
        return _numeric_entity(m["dec"], 10), m.end()
    name = m["name"]
    if m["semi"] and name + ";" in _HTML5:
        return _HTML5[name + ";"], m.end()
    for k in range(min(len(name), _LEGACY_MAX), 1, -1):
        value = _HTML5.get(name[:k])  # keys without ';' are the legacy ones
        if value is not None:
            return value, pos + 1 + k
    return None


def source_end(s: str, pos: int) -> int:
    """Where the source of the visible character that starts at s[pos] ends: after the whole
    entity when one starts there (&#37038 without ';' included), else after one character."""
    if s.startswith("&", pos):
        found = _entity_at(s, pos)
        if found is not None:
            return found[1]
    return pos + 1


def strip_html(s: str) -> tuple[str, list[int] | None]:
    """Visible text of `s` and, for each of its characters, a source index.

    source_index[i] is where the source of visible_text[i] begins in `s`:
    the character itself for plain text, the '&' of a decoded entity, the
    '<' of the block tag that produced a '\\n'.  When `s` holds neither '<'
    nor '&' it is returned unchanged with None (identity map).
    """
    if "<" not in s and "&" not in s:
        return s, None

    parts: list[str] = []
    index: list[int] = []
    # '<' of a block tag whose line break is still owed.  Emitting it lazily,
    # before the next visible text, avoids leading, trailing and doubled
    # newlines.
    pending_break = -1

    def emit(text: str, src: int | range) -> None:
        nonlocal pending_break
        if not text:
            return
        if pending_break >= 0:
            if (
                parts
                and not _BREAK_AT_END.search(parts[-1])
                and not _BREAK_AT_START.match(text)
            ):
                parts.append("\n")
                index.append(pending_break)
            pending_break = -1
        parts.append(text)
        if isinstance(src, range):
            index.extend(src)
        else:
            index.extend([src] * len(text))

    pos = 0
    n = len(s)
    while pos < n:
        m = _SPECIAL.search(s, pos)
        if m is None:
            emit(s[pos:], range(pos, n))
            break
        at = m.start()
        if at > pos:
            emit(s[pos:at], range(pos, at))
        if s[at] == "&":
            decoded = _entity_at(s, at)
            if decoded is None:
                emit("&", at)  # a bare '&' is text
                pos = at + 1
            else:
                emit(decoded[0], at)
                pos = decoded[1]
            continue
        tag = _MARKUP.match(s, at)
        if tag is None:
            emit("<", at)  # "a < b": not markup
            pos = at + 1
            continue
        pos = tag.end()
        name = tag["name"]
        if name is None:
            continue  # comment, doctype, unclosed trailing tag
        name = name.lower()
        if name in BLOCK_TAGS:
            if pending_break < 0:
                pending_break = at
        elif name in _RAW_TEXT_END and not tag["close"]:
            end = _RAW_TEXT_END[name].search(s, pos)
            pos = end.end() if end else n
        # Other (inline) tags produce nothing.

    return "".join(parts), index
