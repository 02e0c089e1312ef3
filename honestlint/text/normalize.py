"""Normalised view of listing copy, with an exact map back to the original.

Rules match on ``normalize(s).text``; a finding's span is mapped back to the
seller's original string with ``Normalized.span``.  The transforms, in order:

1. NFKC, one character at a time (so every output char has one source char).
2. Drop zero-width / format characters (Cf), variation selectors and U+034F.
3. Fold Cyrillic/Greek look-alikes to Latin inside words that also contain
   ASCII Latin letters ("Frее" with Cyrillic е -> "Free").
4. Lowercase (``str.lower`` per character).
5. Traditional -> Simplified Chinese with OpenCC ``t2s``.
6. Remove separator runs between two Han characters ("最 低 价" -> "最低价").
   Line breaks and clause punctuation (，。！？；：、) are never removed.  If
   anything was joined, step 5 runs once more: the joined chars can form an
   OpenCC phrase (深 沈 -> 深沈 -> 深沉), and normalize() must be idempotent.

``normalize`` runs on every copy field of every listing.  When the compiled
core runs (honestlint/native.py), it computes the same result in Rust, from
tables that ``core_tables`` builds out of this module's own classes and maps;
``normalize_python`` below stays the reference and the fallback.  It is built
for speed too: each step first asks a C-speed question (``is_normalized``, a compiled regex search,
``str.lower``, one OpenCC call) and is skipped when the answer is "nothing to
do".  Per-character Python work happens only for the characters that change.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["HAN", "Normalized", "core_tables", "is_han", "norm", "normalize", "normalize_python"]


# --------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------

# One Han character.  Written as explicit ranges so the same string works in
# both ``re`` (which has no \p{Han}) and ``regex``.  Planes 2 and 3 are all
# CJK ideograph blocks, so they are included whole.  The BMP part is kept
# apart for the cheap gates below.
_HAN_BMP = (
    r"\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029"
    r"\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9"
)
HAN = "[" + _HAN_BMP + r"\U00016fe2\U00016fe3\U00016ff0\U00016ff1\U00020000-\U0003ffff]"
_HAN_RE = re.compile(HAN)
_HAN_RUN_RE = re.compile(HAN + "+")


def is_han(ch: str) -> bool:
    """True if ``ch`` is a single Han (CJK ideograph) character."""
    return len(ch) == 1 and _HAN_RE.match(ch) is not None


# Characters removed in step 2: unicodedata category Cf (listed as ranges so
# plain ``re`` can scan for them; tests check the list against unicodedata),
# variation selectors and the combining grapheme joiner, and the invisible
# marks Unicode says not to use (Khmer inherent vowels, Mongolian free
# variation selectors).
_REMOVE_BMP = (
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    r"\u034f\ufe00-\ufe0f\u17b4\u17b5\u180b-\u180d\u180f"
)
# Blank-looking letters that are not whitespace (Hangul fillers, the Braille
# blank) become plain spaces in step 2, so "free\u2800shipping" reads as
# "free shipping" and "最\u3164低" collapses like "最 低".  1:1.
_BLANKS = "\u115f\u1160\u2800\u3164"
_BLANKS_TABLE = str.maketrans(dict.fromkeys(_BLANKS, " "))
_BLANKS_RE = re.compile(f"[{_BLANKS}]")
_REMOVE_RE = re.compile(
    "[" + _REMOVE_BMP + r"\U000110bd\U000110cd\U00013430-\U0001343f"
    r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    r"\U000e0100-\U000e01ef]"
)

# Characters that NFKC certainly leaves alone: ASCII, CJK punctuation 、。〃
# and brackets 〈〉《》「」『』【】, CJK ideographs, Hangul syllables.  Step 1
# splits the text around every other character (the capturing group keeps
# them in the split result) and looks only at those.
_NFKC_SPLIT_RE = re.compile(
    r"([^\x00-\x7f\u3001-\u3003\u3008-\u3011\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3])"
)

# Step 3 map.  Besides the usual look-alikes, every character whose lowercase
# form is in the map is in the map too (e.g. Cyrillic У, І, Ѕ); otherwise a
# word skipped in step 3 could become foldable after step 4 and a second
# normalize() would change the text again.
_HOMOGLYPHS = {
    # Cyrillic lowercase
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    # Cyrillic uppercase
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
    "Ѕ": "S", "Ԁ": "D",
    # Latin script g variants (IPA script g and its capital)
    "ɡ": "g", "Ɡ": "G",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "ο": "o", "ν": "v",
    # More Cyrillic look-alikes (һ, ԛ, ԝ and their capitals) and Latin dotless ı
    "һ": "h", "Һ": "H", "ԛ": "q", "Ԛ": "Q", "ԝ": "w", "Ԝ": "W", "ı": "i",
}
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)
_HOMOGLYPH_RE = re.compile("[" + "".join(_HOMOGLYPHS) + "]")
# A "word" for step 3: a run of Latin/Greek/Cyrillic letters (plus combining
# marks).  Han, digits, spaces and punctuation all end a word.
_WORD_RE = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}\p{M}]+")
# İ counts as ASCII Latin because it lowercases to ASCII "i" + U+0307.
_ASCII_LETTER_RE = re.compile(r"[A-Za-z\u0130]")
# A Cyrillic or Greek letter that is not a look-alike.  Text with Latin letters
# and none of these is not Russian or Greek, so a word made only of
# look-alikes ("ВЕЅТ seller", "ТОР rated") is folded too.
_REAL_CYRILLIC_GREEK_RE = regex.compile(
    r"(?V1)[[\p{Cyrillic}\p{Greek}]&&\p{L}--[" + "".join(_HOMOGLYPHS) + "]]"
)

# Step 2b: combining marks right after a Han character ("全\u0336网最低").  No
# Han character takes a combining mark, so they are noise put in to break a
# phrase; they are removed like format characters.
_MARKS = r"\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_HAN_MARK_RE = re.compile(f"(?<={HAN})[{_MARKS}]+")

# Step 6: a run of horizontal whitespace / separator punctuation with a Han
# character on both sides.  Line breaks end a clause, like 。and ，, so they
# are kept; so is every separator next to a Latin letter or a digit.
_SEPARATORS = (
    r" \t\u1680\u3000\u00a0.·・\-_*|/~‧•"
    # dashes and box lines, dot-like bullets, quotes, + = ^, symbols and emoji
    # (not the dingbat digits ❶-➓, and not ○, which stands for zero: 二○二四)
    r"\u2010-\u2015\u2212\u2500\u2501\u301c\u22c5\u2219\u25a0\u25a1\u25c6\u25c7\u25cf"
    r"'\"`\u2018\u2019\u201c\u201d+=^\u2600-\u2775\u2794-\u27bf\u2b50\U0001f300-\U0001faff"
)
_COLLAPSE_RE = re.compile(f"(?<={HAN})[{_SEPARATORS}]+(?={HAN})")

# Cheap gates.  A character class made of BMP characters plus at most one
# astral range compiles to a bitmap in ``re`` and scans several times faster
# than the exact classes above, so each step first asks its gate and runs the
# exact pattern only on a hit.  Astral characters (emoji, rare Han) simply
# count as hits.
_STEP23_GATE_RE = re.compile(
    "[" + _REMOVE_BMP + _MARKS + _BLANKS + "".join(_HOMOGLYPHS) + r"\U00010000-\U0010ffff]"
)
_HAN_GATE_RE = re.compile("[" + _HAN_BMP + r"\U00010000-\U0010ffff]")
_SEPARATOR_GATE_RE = re.compile(f"[{_SEPARATORS}]")

# OpenCC's t2s is not idempotent (薴 -> 苧 -> 苎, 蕭乾 -> 萧乾 -> 萧干), so it is
# repeated until the text stops changing; two rounds settle every known case.
_T2S_MAX_ROUNDS = 4


# --------------------------------------------------------------------------
# Result type
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Normalized:
    text: str  # the normalised text rules match on
    source: str  # the original string
    # index[i] = position in `source` of the original char that produced
    # text[i]; None means identity (text is source).
    index: list[int] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised half-open span [start, end) back to `source`.

        Returns the smallest half-open span of `source` covering every
        original character that produced text[start:end].  Characters removed
        during normalisation are included only when they lie inside it.  A
        non-empty span always maps to a non-empty one.
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) out of range for text of length {n}")
        index = self.index
        if index is None:
            return start, end
        if start == end:
            # An empty span sits just before text[start] (or at the very end).
            pos = index[start] if start < n else len(self.source)
            return pos, pos
        # Every normalised char comes from exactly one source char, so the
        # span ends right after the source char of text[end - 1].
        return index[start], index[end - 1] + 1


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


class _NFKCCache(dict):
    """char -> NFKC(char), filled on first use of each character."""

    def __missing__(self, ch: str) -> str:
        out = self[ch] = unicodedata.normalize("NFKC", ch)
        return out


_nfkc_of = _NFKCCache().__getitem__
_converter = None  # OpenCC('t2s'), created on first use


def _splice(
    text: str, index: list[int] | None, edits: list[tuple[int, int, str]]
) -> tuple[str, list[int] | None]:
    """Apply sorted, non-overlapping edits (start, end, replacement).

    A replacement as long as the text it replaces maps position by position;
    any other replacement maps every char to the source of text[start]
    (an empty replacement is a deletion).  ``index`` None means positions
    are still identical to the source; it stays None while no edit changes a
    length, so 1:1 edits never build a list.
    """
    if all(end - start == len(rep) for start, end, rep in edits):
        pieces, prev = [], 0
        for start, end, rep in edits:
            pieces.append(text[prev:start])
            pieces.append(rep)
            prev = end
        pieces.append(text[prev:])
        return "".join(pieces), index

    old = range(len(text)) if index is None else index
    pieces, new_index, prev = [], [], 0
    for start, end, rep in edits:
        pieces.append(text[prev:start])
        new_index.extend(old[prev:start])
        if len(rep) == end - start:
            new_index.extend(old[start:end])
        else:
            new_index.extend([old[start]] * len(rep))
        pieces.append(rep)
        prev = end
    pieces.append(text[prev:])
    new_index.extend(old[prev:])
    return "".join(pieces), new_index


def _nfkc(text: str, index: list[int] | None) -> tuple[str, list[int] | None]:
    """NFKC applied to each character on its own."""
    parts = _NFKC_SPLIT_RE.split(text)  # [plain, cand, plain, cand, ..., plain]
    cands = parts[1::2]
    outs = list(map(_nfkc_of, cands))
    if outs == cands:
        return text, index  # e.g. only decomposed accents: stable char by char
    parts[1::2] = outs
    new_text = "".join(parts)
    if len(new_text) == len(text):
        # NFKC never maps a char to "", so equal length means every char
        # became exactly one char: the index is unchanged.
        return new_text, index
    old = range(len(text)) if index is None else index
    new_index: list[int] = []
    pos = 0
    for k, part in enumerate(parts):
        if k % 2 == 0:
            new_index.extend(old[pos : pos + len(part)])
            pos += len(part)
        else:  # one original char, possibly expanded (㎏ -> kg)
            new_index.extend([old[pos]] * len(part))
            pos += 1
    return new_text, new_index


def _fold_word(m: regex.Match) -> str:
    word = m.group()
    if _ASCII_LETTER_RE.search(word):
        return word.translate(_HOMOGLYPH_TABLE)
    return word  # wholly Cyrillic/Greek: a real word, leave it alone


def _fold_any_word(m: regex.Match) -> str:
    return m.group().translate(_HOMOGLYPH_TABLE)


def _fold_line(line: str) -> str:
    if not _HOMOGLYPH_RE.search(line):
        return line
    fold_all = _ASCII_LETTER_RE.search(line) and not _REAL_CYRILLIC_GREEK_RE.search(line)
    return _WORD_RE.sub(_fold_any_word if fold_all else _fold_word, line)


def _opencc(text: str) -> str | None:
    global _converter
    if _converter is None:
        import opencc  # imported lazily: loading dictionaries costs ~50 ms

        _converter = opencc.OpenCC("t2s")
    try:
        return _converter.convert(text)
    except UnicodeEncodeError:  # lone surrogates cannot go through UTF-8
        return None


def is_traditional(text: str) -> bool:
    """Whether OpenCC's t2s changes `text`: it is written (at least partly) in Traditional."""
    out = _opencc(text)
    return out is not None and out != text


def _t2s_once(text: str, index: list[int] | None) -> tuple[str, list[int] | None]:
    out = _opencc(text)
    if out is not None and len(out) == len(text):
        return out, index  # same length: OpenCC replaced char for char
    # Rare: the length changed (or the text holds surrogates).  OpenCC
    # phrases never cross a non-Han char, so convert Han run by run, and
    # char by char inside a run whose length changes.
    edits = []
    for m in _HAN_RUN_RE.finditer(text):
        run = m.group()
        out = _opencc(run)
        if out is None or out == run:
            continue
        if len(out) == len(run):
            edits.append((m.start(), m.end(), out))
            continue
        for k, ch in enumerate(run, m.start()):
            out = _opencc(ch)
            if out and out != ch:
                edits.append((k, k + 1, out))
    return _splice(text, index, edits) if edits else (text, index)


def _t2s(text: str, index: list[int] | None) -> tuple[str, list[int] | None]:
    for _ in range(_T2S_MAX_ROUNDS):
        new_text, index = _t2s_once(text, index)
        if new_text == text:
            break
        text = new_text
    return text, index


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


_core = None  # the core's normaliser, when the core engine runs (see resolve_engine)
_resolved = False
_hooked = False  # reset_engine is registered with core/native.py


def normalize(s: str) -> Normalized:
    """Normalise one copy string; see the module docstring for the steps."""
    if not _resolved:
        resolve_engine()
    core = _core
    if core is not None:
        out = core(s)
        if out is not None:  # None: `s` holds lone surrogates, which only Python handles
            return out
    return normalize_python(s)


def resolve_engine() -> None:
    """Choose the engine on first use (the CLI selects it before): core/native.py."""
    global _core, _resolved, _hooked
    from ..core import native
    from . import native_tables

    if not _hooked:
        native.on_select(reset_engine)
        _hooked = True
    _core = native_tables.normalizer(sys.modules[__name__])
    _resolved = True


def reset_engine() -> None:
    """Forget the engine chosen, so the next call asks core/native.py again."""
    global _core, _resolved
    _core, _resolved = None, False


def normalize_python(s: str) -> Normalized:
    """normalize() in Python: the reference the core's result must equal."""
    if s.isascii():
        # ASCII can only need lowercasing (no format chars, no NFKC change,
        # no homoglyphs, no Han), which is 1:1.
        low = s.lower()
        return Normalized(s if low == s else low, s, None)

    text, index = s, None

    # 1. NFKC per char.  is_normalized is a C-speed quick check.
    if not unicodedata.is_normalized("NFKC", text):
        text, index = _nfkc(text, index)

    if _STEP23_GATE_RE.search(text):
        # 2. Remove format characters.
        if _REMOVE_RE.search(text):
            edits = [(m.start(), m.end(), "") for m in _REMOVE_RE.finditer(text)]
            text, index = _splice(text, index, edits)
        if _BLANKS_RE.search(text):
            text = text.translate(_BLANKS_TABLE)
        if _HAN_MARK_RE.search(text):
            edits = [(m.start(), m.end(), "") for m in _HAN_MARK_RE.finditer(text)]
            text, index = _splice(text, index, edits)

        # 3. Latin homoglyphs (1:1, so the index is untouched).  Only words with
        # ASCII letters, unless the line has no real Cyrillic or Greek letter.
        # Decided line by line: the engine normalises a listing's fields joined
        # by "\n" and needs the same result as field by field.
        if _HOMOGLYPH_RE.search(text):
            folded = "\n".join(map(_fold_line, text.split("\n")))
            if folded != text:  # keep the same object when nothing was folded ("0ɡ")
                text = folded

    # 4. Lowercase.  Whole-string lower() equals per-char lower() whenever the
    # length is kept, except for final-sigma handling of 'Σ'.
    low = text.lower()
    if low != text:
        if len(low) == len(text) and "Σ" not in text:
            text = low
        else:
            edits = []
            for i, ch in enumerate(text):
                lc = ch.lower()
                if lc != ch:
                    edits.append((i, i + 1, lc))
            text, index = _splice(text, index, edits)

    if _HAN_GATE_RE.search(text):  # steps 5 and 6 only concern Han text
        # 5. Traditional -> Simplified.
        text, index = _t2s(text, index)

        # 6. Collapse separators between Han characters.
        if _SEPARATOR_GATE_RE.search(text) and _COLLAPSE_RE.search(text):
            edits = [(m.start(), m.end(), "") for m in _COLLAPSE_RE.finditer(text)]
            text, index = _splice(text, index, edits)
            # Joining chars can form an OpenCC phrase (深 沈 -> 深沈 -> 深沉);
            # convert again so that normalize() stays idempotent.
            text, index = _t2s(text, index)

    # index None: every character maps to the one at the same position (only 1:1 changes,
    # like lowercasing or Traditional -> Simplified, happened), so no list is built.
    return Normalized(text, s, index)


# --------------------------------------------------------------------------
# Tables for the core
# --------------------------------------------------------------------------


def core_tables(phrase_keys: list[str]) -> dict:
    """The classes and per-character maps of the steps above, as the core takes them.

    Built from this module's own compiled patterns, ``unicodedata``, ``str.lower`` and the
    installed OpenCC, so that the core decides every character as this Python does (one
    Unicode version by construction).  Classes are lists of inclusive code point ranges;
    maps list only the characters that change.  ``phrase_keys``: OpenCC's phrase keys (its
    API cannot list them); their values are asked of OpenCC here.  Takes about 2 s: the
    result is cached on disk (honestlint/native.py).
    """
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))

    def ranges(pattern) -> list[tuple[int, int]]:
        source = pattern.pattern
        mod = regex if isinstance(pattern, regex.Pattern) else re
        runs = pattern if source.endswith("+") else mod.compile(f"(?:{source})+", pattern.flags)
        return [(ord(every[m.start()]), ord(every[m.end() - 1])) for m in runs.finditer(every)]

    classes = {
        "han": ranges(_HAN_RE),
        "han_gate": ranges(_HAN_GATE_RE),
        "remove": ranges(_REMOVE_RE),
        "blank": ranges(_BLANKS_RE),
        "mark": ranges(re.compile(f"[{_MARKS}]")),
        "word": ranges(_WORD_RE),
        "ascii_letter": ranges(_ASCII_LETTER_RE),
        "real_cyrillic_greek": ranges(_REAL_CYRILLIC_GREEK_RE),
        "separator": ranges(_SEPARATOR_GATE_RE),
        "step23_gate": ranges(_STEP23_GATE_RE),
        "homoglyph": ranges(_HOMOGLYPH_RE),
    }
    nfkc = [(c, n) for c in every if (n := unicodedata.normalize("NFKC", c)) != c]
    lower = [(c, low) for c in every if (low := c.lower()) != c]
    # OpenCC, one call for all characters: no phrase holds a line break.  NUL and the line
    # break itself are asked alone.
    joined = [c for c in every if c not in "\n\x00"]
    out = _opencc("\n".join(joined)).split("\n")
    if len(out) != len(joined):
        out = [_opencc(c) for c in joined]
    t2s = [(c, o) for c, o in zip(joined, out) if o != c]
    t2s += [(c, o) for c in "\n\x00" if (o := _opencc(c)) != c]
    phrases = [(key, _opencc(key)) for key in phrase_keys]
    return {"classes": classes, "nfkc": nfkc, "lower": lower, "homoglyph": list(_HOMOGLYPHS.items()),
            "t2s_char": t2s, "t2s_phrases": phrases}


@lru_cache(maxsize=65536)
def _norm_cached(text: str) -> str:
    return normalize(text).text.strip()


def norm(text) -> str:
    """The normalised form of a fact or lexicon string (cached: spec names and values repeat
    across a catalog)."""
    text = str(text)
    return _norm_cached(text) if len(text) < 200 else normalize(text).text.strip()
