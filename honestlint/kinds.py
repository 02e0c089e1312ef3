"""Stage 3b: the generic rule kinds. Every real rule is YAML; a kind says how that YAML matches.

    phrase     token-bounded phrases, with exceptions
    pattern    a regex over the normalised text, with named captures
    claim      a regex captures a claimed value and an operator compares it with a listing fact
    metric     a measure of a field: length, capitals ratio, repeated words, forbidden characters
    record     a per-item check of a listing list (an incentivised review with no disclosure)
    duplicate  the same long text in several listings of one run (a catalog-level check)

A kind's `check` returns `Hit`s: a span of a field's normalised text plus the values its
message needs. The engine turns hits into findings with exact file positions.
"""
from __future__ import annotations

import functools
import math
import re as _re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import regex

from . import facts as F
from .text.context import CONTEXTS, cancelled
from .text.normalize import HAN
from .text.numerals import NUMBER, parse_number
from .core.categories import SEVERITIES
from .core.rule import WRITE_MODES, Rule, RuleContext

if TYPE_CHECKING:
    from .engine import CopyField, ListingContext

# Macros a rule pattern may use; they keep number syntax in one place.
MACROS = {
    "number": NUMBER,
    "han": HAN,
    # A price: optional currency sign, a number, optional currency word.
    "money": r"(?:[¥$€£]|rmb|usd|nt\$|hk\$|us\$)?\s*" + NUMBER,
}
# Macros built from the shared lexicon (data/lexicon.yaml): every word that names a material,
# colour or country, longest first, so rules and operators agree on the vocabulary.
LEXICON_MACROS = ("material", "colour", "country")
_MACRO = _re.compile(r"\{(" + "|".join(list(MACROS) + list(LEXICON_MACROS)) + r")\}")


def _lexicon_macro(name: str) -> str:
    lex = F.lexicon()
    words = {
        "material": list(lex.material_family) + list(lex.pure_material),
        "colour": list(lex.colour_family),
        "country": list(lex.country),
    }[name]
    latin = [w for w in words if _re.search("[a-z0-9]", w)]
    # A lone Han character (棉, 木, 金) is too ambiguous to be a claim by itself; the lexicon
    # keeps it for reading specs, where 65%涤纶 35%棉 must be understood.
    han = [w for w in words if w not in latin and len(w) > 1]
    parts = []
    if latin:
        # Latin words need word boundaries ("us" is not inside "bus"); Han words do not.
        parts.append(r"(?<![a-z0-9])" + trie_regex(latin) + r"(?![a-z0-9])")
    if han:
        parts.append(trie_regex(han))
    return "(?:" + "|".join(parts) + ")"


def lexicon_words() -> list[str]:
    """Every word the lexicon macros can match."""
    lex = F.lexicon()
    return list(lex.material_family) + list(lex.pure_material) + list(lex.colour_family) + list(lex.country)


def trie_regex(words) -> str:
    """A prefix-factored alternation (a trie as a regex): much faster to compile and to match
    than a flat alternation of hundreds of words, and longest-first at every branch."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        ends = "" in node
        branches = [_re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


def _expand(match) -> str:
    name = match.group(1)
    return MACROS[name] if name in MACROS else _lexicon_macro(name)
# Rules written by users run with a time bound so a backtracking pattern cannot hang a gate.
REGEX_TIMEOUT = 1.0
# How far around a candidate an exception is looked for (a long disclaimer may start well
# before the claim it qualifies).
EXCEPTION_WINDOW = 200


_converter = None


def _to_simplified(text: str) -> str:
    """Patterns are matched against Simplified text; convert Han in a pattern without touching
    regex syntax (OpenCC changes Han characters only, and keeps \\D or \\S as they are)."""
    global _converter
    if not _re.search(r"[\u3400-\u9fff]", text):
        return text
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


# --- Literal gates -----------------------------------------------------------------------------
# A regex that finds nothing costs about as much as one that finds something, and most rule
# regexes find nothing in most fields. From the parse tree of each stdlib `re` pattern we derive a
# set of literal strings of which every match must contain one (a "cover"); a field holding none
# of them, exactly, is skipped. Case: matching is IGNORECASE, so a literal char c also matches its
# case variants E(c). A field containing any such variant (x in E(c), x != c, for some gate char
# c) is never skipped, so the gate needs no assumption about how the text was normalised.
import re._constants as _sc  # noqa: E402
import re._parser as _sp  # noqa: E402

_EXACT_MAX = 64  # the most strings an exact set (all strings a piece can match) may hold
_PREFIX_MAX = 4096  # the most prefixes a pattern may have (a lexicon macro has hundreds)
_CLASS_MAX = 32  # the most characters a character class is expanded to


def _class_chars(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sc.LITERAL:
            chars.add(chr(av))
        elif op is _sc.RANGE:
            if av[1] - av[0] >= _CLASS_MAX:
                return None
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # NEGATE, CATEGORY (\d, \w...): no small set of characters
            return None
        if len(chars) > _CLASS_MAX:
            return None
    return chars


def _cover_of(exact):
    """An exact set used as a cover; a set holding "" says nothing."""
    return None if exact is None or "" in exact else exact


def _better(a, b):
    """The more selective of two covers (longest shortest string, then fewest strings)."""
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _seq_parts(items) -> list[tuple]:
    """A sequence cut into the parts every match goes through, in order: (run, None, None) for
    each run of consecutive exact pieces multiplied out (the strings it can match; {""} when
    empty), and (None, item, info) for each piece that is not exact, with its _node_info. A
    single part means every piece is exact."""
    parts: list[tuple] = []
    run = {""}
    for item in items:
        info = _node_info(item)
        exact = info[0]
        if exact is not None and len(run) * len(exact) <= _EXACT_MAX:
            run = {a + b for a in run for b in exact}
            continue
        parts.append((run, None, None))
        if exact is not None:
            run = set(exact)
        else:
            parts.append((None, item, info))
            run = {""}
    parts.append((run, None, None))
    return parts


def _seq_info(items):
    """(exact, cover) of a sequence: exact is every string it can match (or None); cover is a
    set of which every match contains one (or None: nothing known)."""
    parts = _seq_parts(items)
    if len(parts) == 1:
        run = parts[0][0]
        return run, _cover_of(run)
    cover = None
    for run, item, info in parts:
        cover = _better(cover, _cover_of(run) if item is None else info[1])
    return None, cover


def _node_info(node):
    op, av = node
    if op is _sc.LITERAL:
        return {chr(av)}, {chr(av)}
    if op is _sc.IN:
        chars = _class_chars(av)
        return chars, chars
    if op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
        return {""}, None  # zero width; a lookaround's text need not lie inside the match
    if op is _sc.SUBPATTERN:
        return _seq_info(av[3])
    if op is _sc.ATOMIC_GROUP:
        return _seq_info(av)
    if op is _sc.BRANCH:
        infos = [_seq_info(alt) for alt in av[1]]
        exacts = [e for e, _ in infos]
        if all(e is not None for e in exacts) and sum(map(len, exacts)) <= _EXACT_MAX:
            union = set().union(*exacts)
            return union, _cover_of(union)
        covers = [c if c is not None else _cover_of(e) for e, c in infos]
        if any(c is None for c in covers):
            return None, None
        return None, set().union(*covers)
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        exact, cover = _seq_info(sub)
        if lo == 0:
            if hi == 1 and exact is not None:
                return exact | {""}, None
            return None, None
        if lo == hi == 1:
            return exact, cover
        return None, cover if cover is not None else _cover_of(exact)
    return None, None  # ANY, NOT_LITERAL, CATEGORY, GROUPREF...: nothing known


def _seq_prefix(items):
    """Literal strings one of which every match of a sequence starts with (None: unknown).
    Exact pieces at the front are multiplied out (zero-width ones add nothing); the first piece
    that is not exact contributes its own prefixes, or ends the strings there."""
    run = {""}
    for i, item in enumerate(items):
        exact, _ = _node_info(item)
        if exact is not None and len(run) * len(exact) <= _EXACT_MAX:
            run = {a + b for a in run for b in exact}
            continue
        op, av = item
        if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT) and av[0] == 0:
            # optional: a match starts with the piece's prefixes or with what follows it
            inner, rest = _seq_prefix(av[2]), _seq_prefix(items[i + 1:])
            prefix = None if inner is None or rest is None else inner | rest
        else:
            prefix = _node_prefix(item)
        if prefix is not None and len(run) * len(prefix) <= _PREFIX_MAX:
            run = {a + b for a in run for b in prefix}
        break
    return _cover_of(run)


def _node_prefix(node):
    op, av = node
    if op is _sc.SUBPATTERN:
        return _seq_prefix(av[3])
    if op is _sc.ATOMIC_GROUP:
        return _seq_prefix(av)
    if op is _sc.BRANCH:
        prefixes = [_seq_prefix(alt) for alt in av[1]]
        if any(p is None for p in prefixes) or sum(map(len, prefixes)) > _PREFIX_MAX:
            return None
        return set().union(*prefixes)
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _seq_prefix(av[2])
    exact, _ = _node_info(node)
    return _cover_of(exact)


# The most literal sets one pattern's gate checks: each costs a little in the engine's scan.
_CLAUSES_MAX = 4


def _seq_clauses(items) -> list[frozenset[str]]:
    r"""Literal sets of which every match of a sequence holds one each: a conjunction, one set
    for each of its parts (_seq_parts). Stronger than one cover: `(?:0|零)\s*(?:元|块)\s*(?:购|抢)`
    needs 0 or 零, and 元 or 块, and 购 or 抢."""
    out: list[frozenset[str]] = []
    for run, item, _ in _seq_parts(items):
        if item is not None:
            out.extend(_node_clauses(item))
        elif _cover_of(run):
            out.append(frozenset(run))
    return out


def _node_clauses(node) -> list[frozenset[str]]:
    op, av = node
    if op is _sc.SUBPATTERN:
        return _seq_clauses(av[3])
    if op is _sc.ATOMIC_GROUP:
        return _seq_clauses(av)
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
        return _seq_clauses(av[2]) if av[0] >= 1 else []
    exact, cover = _node_info(node)  # a branch: one set, the union of its alternatives' covers
    found = cover if cover is not None else _cover_of(exact)
    return [frozenset(found)] if found else []


def _gate_clauses(tree, cover) -> tuple[frozenset[str], ...] | None:
    """The pattern's gate: the cover and the other clauses, without one implied by another (a
    set holding a smaller one), the most selective first, at most _CLAUSES_MAX."""
    if not cover:
        return None
    cover = frozenset(cover)

    def reduced(clause: frozenset[str]) -> frozenset[str]:
        # a literal holding another of its clause adds nothing ({购, 购吧} says what {购} says)
        return frozenset(x for x in clause if not any(y != x and y in x for y in clause))

    # A clause with a one-character ASCII or numeral literal holds in most copy: it would
    # filter little and cost the scan much (a digit is in the clauses of every {number} regex).
    others = [c for c in dict.fromkeys(map(reduced, _seq_clauses(tree))) if c != cover and _selective(c)]
    others = [c for c in others if not any(other < c for other in others) and not cover < c]
    others.sort(key=lambda c: (-min(map(len, c)), len(c), sorted(c)))
    return (cover,) + tuple(others[:_CLAUSES_MAX - 1])


class _AnyNames(dict):
    """Group names for parsing only: `regex` allows a name twice (alternatives that each
    capture `value`); names do not change what a pattern matches."""

    def get(self, key, default=None):
        return None


def _parse(source: str, flags: int, engine: str):
    import warnings

    with warnings.catch_warnings():
        # re warns where the `regex` module reads a set differently ([[:alpha:]], --, &&).
        warnings.simplefilter("error")
        state = _sp.State()
        state.flags, state.str = flags, source
        if engine == "regex":
            state.groupdict = _AnyNames()
        tokens = _sp.Tokenizer(source)
        tree = _sp._parse_sub(tokens, state, flags & _re.VERBOSE, 0)
        if tokens.next is not None:
            raise _re.error("unbalanced parenthesis")
    return tree


def _has_brace(items) -> bool:
    for op, av in items:
        if op is _sc.LITERAL and av in (0x7B, 0x7D):
            return True
        for sub in (av if isinstance(av, (tuple, list)) else ()):
            if isinstance(sub, _sp.SubPattern) and _has_brace(sub):
                return True
            if isinstance(sub, list) and any(isinstance(s, _sp.SubPattern) and _has_brace(s) for s in sub):
                return True
    return False


# Digits and numerals start too many places in copy to be worth finding one by one.
_COMMON_STARTS = frozenset("0123456789〇零一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾半")


def _selective(prefix) -> frozenset[str] | None:
    """A prefix set worth locating with the engine's scan: no one-character prefix that is
    an ASCII character or a numeral (those occur everywhere; the start class serves them)."""
    if not prefix:
        return None
    if any(len(p) == 1 and (p.isascii() or p in _COMMON_STARTS) for p in prefix):
        return None
    return frozenset(prefix)


@functools.lru_cache(maxsize=None)  # several rules share a pattern (exceptions, macros)
def analyse(source: str, engine: str = "re") -> tuple:
    """(cover, start class, prefixes, clauses) of a pattern, from one parse: see
    `pattern_cover`, `start_class`; prefixes are literals one of which every match starts with
    (None: unknown or too common to help); clauses are literal sets of which every match holds
    one each (the cover among them; None: no cover).
    A `regex`-engine pattern is read with re's parser, which rejects (bad escape, unknown
    flag) the syntax only `regex` has; a literal brace could be `regex`'s fuzzy-match syntax
    ({e<=1}), which re's parser reads differently, so such patterns get neither."""
    try:
        tree = list(_parse(source, _re.IGNORECASE, engine))
        if engine == "regex" and _has_brace(tree):
            return None, None, None, None
    except Exception:  # anything unexpected: no analysis, the regex always runs in full
        return None, None, None, None
    try:
        cover = _seq_info(tree)[1]
    except Exception:
        cover = None
    try:
        start = _start_source(*_first_atoms(tree))
    except Exception:
        start = None
    try:
        prefix = _selective(_seq_prefix(tree))
    except Exception:
        prefix = None
    try:
        clauses = _gate_clauses(tree, cover)
    except Exception:
        clauses = (frozenset(cover),) if cover else None
    return (frozenset(cover) if cover else None), start, prefix, clauses


def pattern_cover(source: str, engine: str = "re") -> frozenset[str] | None:
    """Literal strings of which every match of `source` contains one, or None if unknown."""
    return analyse(source, engine)[0]


_ALL_CHARS: str | None = None
_VARIANTS: dict[str, dict[str, frozenset[str]]] = {"re": {}, "regex": {}}


def _case_variants(chars, engine: str = "re") -> set[str]:
    """Every x != c that matches some c in `chars` under IGNORECASE. The pattern's own engine
    scans every code point once per batch of new characters, so this agrees with it exactly."""
    global _ALL_CHARS
    known = _VARIANTS[engine]
    if not known:
        known.update(_load_variants(engine))
    new = sorted(c for c in set(chars) if c not in known)
    if new:
        if _ALL_CHARS is None:
            import array

            _ALL_CHARS = array.array("I", range(0x110000)).tobytes().decode("utf-32-le", "surrogatepass")
        if engine == "re":
            findall = lambda p, s: _re.findall(p, s, _re.IGNORECASE)  # noqa: E731
        else:
            findall = lambda p, s: regex.findall(p, s, regex.IGNORECASE | regex.VERSION0)  # noqa: E731
        found = "".join(set(findall("[" + "".join(map(_re.escape, new)) + "]", _ALL_CHARS)))
        for c in new:
            known[c] = frozenset(findall(_re.escape(c), found)) - {c}
        _save_variants(engine, known)
    return set().union(*(known[c] for c in set(chars)))


def _variants_path(engine: str) -> str:
    import os
    import sys

    from .core import cachedir as cache

    version = regex.__version__ if engine == "regex" else ".".join(map(str, sys.version_info[:3]))
    return os.path.join(cache.directory(), f"case-variants-{engine}-{version}.marshal")


def _load_variants(engine: str) -> dict:
    """Case variants found by earlier runs: the scan of every code point costs a fifth of a
    second, and its answer depends only on the engine's version."""
    import marshal

    try:
        with open(_variants_path(engine), "rb") as fh:
            return {c: frozenset(v) for c, v in marshal.load(fh).items()}
    except (OSError, EOFError, ValueError, TypeError):
        return {}


def _save_variants(engine: str, known: dict) -> None:
    import marshal
    import os

    path = _variants_path(engine)
    try:
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            marshal.dump({c: "".join(sorted(v)) for c, v in known.items()}, fh)
        os.replace(tmp, path)
    except OSError:
        pass


# --- Start classes -----------------------------------------------------------------------------
# A regex engine looking for a match tries every position of the text in turn, and for most rule
# patterns (a leading lookbehind, a {number} macro, IGNORECASE on Latin letters) neither `re` nor
# `regex` can skip ahead by itself: scanning costs about a microsecond a character. From the parse
# tree we derive the class of characters a match can start with; a C-speed scan for that class
# finds the few positions worth trying, and the pattern is tried there alone (`match`). Both give
# exactly the matches of `finditer`: a position outside the class cannot start a match.
_CATEGORY_SOURCE = {
    _sc.CATEGORY_DIGIT: r"\d", _sc.CATEGORY_NOT_DIGIT: r"\D", _sc.CATEGORY_SPACE: r"\s",
    _sc.CATEGORY_NOT_SPACE: r"\S", _sc.CATEGORY_WORD: r"\w", _sc.CATEGORY_NOT_WORD: r"\W",
}
# The `found` of the reference path (engine.Linter(reference=True), for tests): every regex
# scans the whole text with its engine's own finditer, with no literal gate and no start class.
PLAIN: frozenset = frozenset({-1})
# Past this many candidate positions the engine's own scan (from the first candidate) is cheaper
# than a Python-level call per candidate.
_START_TRIES = 12
# Calls a pattern spends timing both ways of finding its matches before it keeps the faster.
_TRIAL_CALLS = 40


def _class_source(items) -> str | None:
    """The body of a [...] class equal to a parsed IN node, or None."""
    parts = []
    for op, av in items:
        if op is _sc.LITERAL:
            parts.append(_re.escape(chr(av)))
        elif op is _sc.RANGE:
            parts.append(_re.escape(chr(av[0])) + "-" + _re.escape(chr(av[1])))
        elif op is _sc.CATEGORY and av in _CATEGORY_SOURCE:
            parts.append(_CATEGORY_SOURCE[av])
        elif op is _sc.NEGATE and not parts:
            parts.append("^")
        else:
            return None
    return "".join(parts) if parts and parts != ["^"] else None


def _first_atoms(items) -> tuple[list[str] | None, bool]:
    """(atoms, nullable) of a sequence: atoms are one-character regexes, one of which matches
    the first character of every non-empty match; nullable says the sequence can match ""."""
    atoms: list[str] = []
    for item in items:
        found, nullable = _first_atoms_of(item)
        if found is None:
            return None, False
        atoms.extend(found)
        if not nullable:
            return atoms, False
    return atoms, True


def _first_atoms_of(node) -> tuple[list[str] | None, bool]:
    op, av = node
    if op is _sc.LITERAL:
        return [_re.escape(chr(av))], False
    if op is _sc.NOT_LITERAL:
        return ["[^" + _re.escape(chr(av)) + "]"], False
    if op is _sc.IN:
        body = _class_source(av)
        return (None, False) if body is None else (["[" + body + "]"], False)
    if op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
        return [], True  # zero width: the next piece gives the first character
    if op is _sc.SUBPATTERN:
        return _first_atoms(av[3])
    if op is _sc.ATOMIC_GROUP:
        return _first_atoms(av)
    if op is _sc.BRANCH:
        atoms: list[str] = []
        nullable = False
        for alt in av[1]:
            found, alt_nullable = _first_atoms(alt)
            if found is None:
                return None, False
            atoms.extend(found)
            nullable = nullable or alt_nullable
        return atoms, nullable
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
        found, nullable = _first_atoms(av[2])
        return found, nullable or av[0] == 0
    return None, False  # ANY (any character can start), GROUPREF...: no useful class


def start_class(source: str, engine: str = "re") -> str | None:
    """A one-character regex matching the first character of every match of `source` (to be
    compiled with the pattern's own engine and IGNORECASE), or None if it cannot be known or
    the pattern can match the empty string."""
    return analyse(source, engine)[1]


def _start_source(atoms: list[str] | None, nullable: bool) -> str | None:
    if atoms is None or nullable or not atoms:
        return None
    plain = sorted({a for a in atoms if not a.startswith("[")})
    classes = sorted({a[1:-1] for a in atoms if a.startswith("[") and not a.startswith("[^")})
    negated = sorted({a for a in atoms if a.startswith("[^")})
    positive = "".join(plain) + "".join(classes)
    return "|".join((["[" + positive + "]"] if positive else []) + negated)


class _Gate:
    """Decides cheaply that a pattern cannot match a text."""

    __slots__ = ("literals", "search", "variants")

    def __init__(self, cover: frozenset[str], engine: str):
        self.literals = tuple(sorted(cover, key=len, reverse=True))
        # One exact (case-sensitive) prefix-factored regex: a single C call per check.
        self.search = _re.compile(trie_regex(self.literals)).search
        variants = _case_variants({c for lit in cover for c in lit}, engine)
        self.variants = _re.compile("[" + "".join(map(_re.escape, sorted(variants))) + "]").search if variants else None

    def may_match(self, text: str) -> bool:
        if self.search(text) is None:
            return self.variants is not None and self.variants(text) is not None
        return True


class RulePattern:
    """A rule's regex: its source after macro expansion, the engine it runs on, and the compiled
    pattern, made on first use. Pickling keeps only the source, so the compiled-rule cache
    loads fast and a rule whose prefilter never fires never pays for compiling."""

    __slots__ = ("pattern", "engine", "cover", "start", "prefix", "clauses", "slot", "_compiled", "_gate", "_starts",
                 "_trial")

    def __init__(self, pattern: str, engine: str, compiled=None):
        self.pattern, self.engine, self._compiled = pattern, engine, compiled
        # Literals of which every match holds one, and the class of characters a match starts
        # with (None: unknown). Worked out from one parse when the rule is compiled and kept in
        # the compiled-rule cache, so no run (nor any -j worker) parses a pattern again.
        # `prefix`: literals one of which every match starts with; the engine's scan then gives
        # the only positions worth trying (Linter records them in a field's `starts`).
        # `clauses`: literal sets of which every match holds one each (the engine's scan lets
        # the pattern run only where it found one of each).
        self.cover, self.start, self.prefix, self.clauses = analyse(pattern, engine)
        self.slot: int | None = None  # this pattern's number in the engine's scan (Linter)
        self._gate = None  # a _Gate, False (no gate) or None (not made yet)
        self._starts = None  # the start-class scanner, False (none) or None (not made yet)
        self._trial = None  # [calls, scan time, start-class time] while choosing between them

    def __getstate__(self):
        return (self.pattern, self.engine, self.cover, self.start, self.prefix, self.clauses)

    def __setstate__(self, state):
        self.pattern, self.engine, self.cover, self.start, self.prefix, self.clauses = state
        self.slot = None
        self._compiled = None
        self._gate = None
        self._starts = None
        self._trial = None

    @property
    def compiled(self):
        if self._compiled is None:
            if self.engine == "re":
                self._compiled = _re.compile(self.pattern, _re.IGNORECASE)
            else:
                self._compiled = regex.compile(self.pattern, regex.IGNORECASE | regex.VERSION0)
        return self._compiled

    def prepare(self) -> None:
        """Compile the pattern and its start-class scanner (otherwise done on first use)."""
        self.compiled  # noqa: B018 - the property compiles
        if self._starts is None:
            self._prepare_starts()

    def _prepare_starts(self) -> None:
        if self.start is None:
            self._starts = False
        elif self.engine == "re":
            self._starts = _re.compile(self.start, _re.IGNORECASE).finditer
        else:
            self._starts = regex.compile(self.start, regex.IGNORECASE | regex.VERSION0).finditer
        if self._starts:
            self._trial = [0, 0.0, 0.0]

    def _may_match(self, text: str) -> bool:
        """The pattern's own literal gate, for a text the engine's scan did not look at (or one
        with characters IGNORECASE equates with a literal's): made on first need."""
        if self._gate is None:
            self._gate = _Gate(self.cover, self.engine) if self.cover else False
        return not self._gate or self._gate.may_match(text)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, found: frozenset | set | None = None,
                 starts: dict | None = None) -> list:
        """All matches, under the time bound on the `regex` engine (RuleTimeout past it).
        `found`: the pattern slots whose cover literals the engine's scan found in `text`
        (None: no scan was made, and the pattern's own gate decides; PLAIN: scan in full).
        `starts`: slot -> where the scan found the pattern's prefixes, for a pattern with some."""
        endpos = len(text) if endpos is None else endpos
        deadline = None if self.engine == "re" else time.monotonic() + REGEX_TIMEOUT
        try:
            if found is PLAIN:
                return self._scan(text, pos, endpos, deadline)
            if found is not None and self.slot is not None:
                if self.slot not in found:
                    return []  # the engine's scan found none of the literals every match holds
                if self.prefix is not None and starts is not None:
                    # every match starts with a prefix, and the scan found every prefix
                    return self._at(text, starts.get(self.slot, ()), pos, endpos, deadline)
            elif not self._may_match(text):
                return []  # every match lies inside text, so no gate literal means no match
            if self._starts is None:
                self._prepare_starts()
            if not self._starts:
                return self._scan(text, pos, endpos, deadline)
            if self._trial is None:
                return self._from_starts(text, pos, endpos, deadline)
            return self._try_both(text, pos, endpos, deadline)
        except TimeoutError:
            raise RuleTimeout(self.pattern) from None

    def _scan(self, text: str, pos: int, endpos: int, deadline: float | None) -> list:
        if deadline is None:
            return list(self.compiled.finditer(text, pos, endpos))
        return list(self.compiled.finditer(text, pos, endpos, timeout=max(deadline - time.monotonic(), 0.001)))

    def _try_both(self, text: str, pos: int, endpos: int, deadline: float | None) -> list:
        """Whether trying start positions beats the engine's own scan depends on how common the
        start characters are in real copy (a digit: rare; "o" of "only": everywhere), so the
        first calls alternate between the two and time them; both give the same matches, so the
        choice changes speed only, never output."""
        trial = self._trial
        calls = trial[0] = trial[0] + 1
        way = calls % 2
        began = time.perf_counter()
        found = self._from_starts(text, pos, endpos, deadline) if way else self._scan(text, pos, endpos, deadline)
        trial[1 + way] += (time.perf_counter() - began) / (endpos - pos + 16)
        if calls >= _TRIAL_CALLS:
            if trial[1] < trial[2]:
                self._starts = False
            self._trial = None
        return found

    def _at(self, text: str, positions, pos: int, endpos: int, deadline: float | None) -> list:
        """finditer's matches when a match can start only at `positions` (where the engine's
        scan found a prefix)."""
        ordered = sorted(set(positions)) if len(positions) > 1 else positions
        return self._tried_at(text, ordered, pos, endpos, deadline)

    def _from_starts(self, text: str, pos: int, endpos: int, deadline: float | None) -> list:
        """finditer's matches, trying the pattern only where its start class occurs."""
        return self._tried_at(text, (m.start() for m in self._starts(text, pos, endpos)), pos, endpos, deadline)

    def _tried_at(self, text: str, candidates, pos: int, endpos: int, deadline: float | None) -> list:
        """finditer's matches when every match starts at one of `candidates` (ascending):
        the pattern is tried at each, from the end of the last match on, as finditer moves on
        (matches are never empty here: a pattern that can match "" has neither a start class
        nor prefixes). Past _START_TRIES tries the engine scans the rest itself."""
        out = []
        at = pos  # where the next match may begin
        tries = 0
        compiled = self.compiled
        for start in candidates:
            if start < at or start >= endpos:
                continue
            tries += 1
            if tries > _START_TRIES:  # a common start: let the engine scan the rest
                out.extend(self._scan(text, start, endpos, deadline))
                return out
            if deadline is None:
                m = compiled.match(text, start, endpos)
            else:
                m = compiled.match(text, start, endpos, timeout=max(deadline - time.monotonic(), 0.001))
            if m is not None:
                out.append(m)
                at = m.end()
        return out


def compile_pattern(ctx: RuleContext, source: str, key: str) -> RulePattern:
    """Compile a rule regex. Built-in rules use the stdlib `re` engine where they can (several
    times faster), after `re_compatible` rewrites what only `regex` reads; rules from user packs
    use the `regex` module, whose matches run with a time bound, so a catastrophically
    backtracking pattern cannot hang a CI gate."""
    expanded = _MACRO.sub(_expand, _to_simplified(source))
    if ctx.trusted:
        for candidate in (expanded, re_compatible(expanded)):
            try:
                return RulePattern(candidate, "re", _re.compile(candidate, _re.IGNORECASE))
            except (_re.error, ValueError):
                continue  # a feature only `regex` has, which the rewrite does not cover
    try:
        return RulePattern(expanded, "regex", regex.compile(expanded, regex.IGNORECASE | regex.VERSION0))
    except regex.error as exc:
        raise ctx.error(f"invalid regex in '{key}': {exc}", key) from None


# A repeated group name (two alternatives that each capture `value`) is legal in `regex` only;
# for `re` the repeats are renamed name<_DUP>2, name<_DUP>3... and `match_values` folds them back.
_DUP = "__dup"
_GROUP_NAME = _re.compile(r"\(\?P<([A-Za-z_]\w*)>")
_LOOKBEHIND_BODY = _re.compile(r"(?:\\[^bBAZ0-9pPxuUNg]|[^\\()\[\]|*+?{}^$])+")


def _tokens(source: str):
    """(text, in_class) for each character or escape of a regex source."""
    i, in_class = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            yield source[i:i + 2], in_class
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            yield ch, False
            i += 1
            # a "]" or "^]" right after "[" is a literal member of the class
            for lead in ("^", "]"):
                if source.startswith(lead, i):
                    yield lead, True
                    i += 1
            continue
        yield ch, in_class
        i += 1


def _split_lookbehind(kind: str, body: str) -> str | None:
    """A lookbehind over literal alternatives of different lengths as several fixed-width ones:
    (?<!a|bc) is (?<!a)(?<!bc), and (?<=a|bc) is (?:(?<=a)|(?<=bc))."""
    alternatives = body.split("|")
    if not all(_LOOKBEHIND_BODY.fullmatch(a) for a in alternatives):
        return None
    by_width: dict[int, list[str]] = {}
    for alt in alternatives:
        by_width.setdefault(len(_re.findall(r"\\.|.", alt)), []).append(alt)
    parts = [f"(?<{kind}" + "|".join(alts) + ")" for alts in by_width.values()]
    return "".join(parts) if kind == "!" else "(?:" + "|".join(parts) + ")"


@functools.lru_cache(maxsize=None)
def re_compatible(source: str) -> str:
    """`source` rewritten for the stdlib `re` where only `regex` reads it as written: repeated
    group names, lookbehinds of literal alternatives of different widths, and \\p{Han}."""
    from .text.normalize import HAN

    out: list[str] = []
    tokens = list(_tokens(source))
    names: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        tok, in_class = tokens[i]
        if tok == "\\p" and not in_class and i + 4 < len(tokens) and "".join(t for t, _ in tokens[i + 1:i + 6]) == "{Han}":
            out.append(HAN)
            i += 6
            continue
        if tok == "(" and not in_class:
            rest = "".join(t for t, _ in tokens[i:i + 40])
            m = _GROUP_NAME.match(rest)
            if m:
                name = m.group(1)
                names[name] = names.get(name, 0) + 1
                out.append(f"(?P<{name}{_DUP}{names[name]}>" if names[name] > 1 else m.group(0))
                i += len(list(_tokens(m.group(0))))
                continue
            if rest.startswith(("(?<!", "(?<=")):
                # the body up to the first ")" with no group, class or quantifier inside
                j = i + 4
                while j < len(tokens) and tokens[j][0] not in ("(", ")", "["):
                    j += 1
                if j < len(tokens) and tokens[j][0] == ")":
                    split = _split_lookbehind(rest[3], "".join(t for t, _ in tokens[i + 4:j]))
                    if split is not None:
                        out.append(split)
                        i = j + 1
                        continue
        out.append(tok)
        i += 1
    return "".join(out)


# The key of a match's values that holds each named group's span: group name -> (start, end).
GROUP_SPANS = "@spans"


def match_values(m) -> dict:
    """A match's named groups that took part, with renamed repeats under their own name, and
    their spans under GROUP_SPANS (a message shows a group as written, a fix replaces it)."""
    values = {}
    spans = {}
    for name, value in m.groupdict().items():
        if value is not None:
            key = name.split(_DUP, 1)[0] if _DUP in name else name
            values[key] = value
            spans[key] = m.span(name)
    if spans:
        values[GROUP_SPANS] = spans
    return values


def absent(pattern: RulePattern, found) -> bool:
    """The engine's scan shows `pattern` cannot match (checked before calling finditer, which
    would say the same, because most patterns of most rules are absent from most fields)."""
    return found is not None and found is not PLAIN and pattern.slot is not None and pattern.slot not in found



class RuleTimeout(Exception):
    """A rule's regex ran past its time bound on some text."""


class _Intervals:
    """Non-overlapping spans already taken, sorted, so that checking a candidate is a binary
    search instead of a scan (a field may repeat a claim thousands of times)."""

    __slots__ = ("starts", "ends")

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def _near(self, start: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, start)

    def overlaps(self, start: int, end: int) -> bool:
        i = self._near(start)
        if i and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def covers(self, start: int, end: int) -> bool:
        i = self._near(start)
        return bool(i) and self.ends[i - 1] >= end

    def add(self, start: int, end: int) -> None:
        i = self._near(start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


@dataclass(slots=True)
class Hit:
    """A rule's match in one field: normalised span and message values."""

    start: int
    end: int
    values: dict = field(default_factory=dict)
    fact: F.Fact | None = None
    field: "CopyField | None" = None
    message: str | None = None  # a rule's other message for this hit (fact_message)
    severity: str | None = None  # the rule's severity for this outcome (missing_severity)


def _norm_phrase(text: str) -> str:
    from .text.normalize import normalize

    return normalize(text).text.strip()


# Copy repeats across a catalog (bullets, promotion texts and reviews written from one template),
# and what a rule finds in a text depends on that text alone (facts are compared afterwards), so
# results for a text that has come before are remembered: the engine marks a field `repeated`
# when its text (at most MEMO_TEXT characters) was seen earlier in the run, and only those
# enter a memo (a title is seldom seen twice and would only push the others out). Each rule
# keeps the MEMO_ENTRIES most recently used texts. Memory stays bounded; output is unchanged.
MEMO_ENTRIES = 1024
MEMO_TEXT = 200


class Memo:
    """A bounded map that forgets the least recently used entry first (an OrderedDict: a
    plain dict's first key is slow to find once many have been deleted before it)."""

    __slots__ = ("entries", "size")

    def __init__(self, size: int):
        self.entries: OrderedDict = OrderedDict()
        self.size = size

    def get(self, key):
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self.entries)


def _remembered(rule: "KindRule", field: "CopyField", key: str, compute, *args):
    """compute(*args), which depends on `key` (a field's text) alone, remembered for a repeated
    field; the reference path (kinds.PLAIN) always computes."""
    if not field.repeated or field.found is PLAIN:
        return compute(*args)
    memo = rule.__dict__.get("_memo")
    if memo is None:
        memo = rule._memo = Memo(MEMO_ENTRIES)
    found = memo.get(key)
    if found is None:
        found = compute(*args)
        memo.put(key, found)
    return found


class KindRule(Rule):
    KEYS: set[str] = set()
    # Literal strings whose presence is needed for this rule to match (the engine's prefilter);
    # None means the rule has no literal gate and always runs.
    literals: tuple[str, ...] | None = None

    def compile(self, ctx: RuleContext) -> None:
        self.exceptions = [compile_pattern(ctx, e, "exceptions") for e in ctx.strings("exceptions")]
        self.boundaries = bool(ctx.get("boundaries", bool, default=self.kind == "phrase"))
        self.cancelled_by = ctx.strings("cancelled_by")
        for name in self.cancelled_by:
            if name not in CONTEXTS:
                raise ctx.error(f"unknown context '{name}' in cancelled_by (known: {', '.join(CONTEXTS)})",
                                "cancelled_by")
        self.fix = self._compile_fix(ctx)

    # Whether a finding of this kind is a claim in the copy that removing mends (a phrase, a
    # pattern, a claim); a metric (length, capitals) or a record (reviews) is not.
    removable = False

    def _compile_fix(self, ctx: RuleContext):
        """`fix`: absent (removal, unsafe, for kinds that find claims), `none`, `remove`, or
        {replace: GROUP, with: fact|number|duration} (a safe fix writing the contradicted fact
        in place of the claimed value in GROUP; removal where no fact can be written)."""

        spec = ctx.get("fix", (str, dict), default=None)
        if spec is None:
            return "remove" if self.removable else None
        if isinstance(spec, str):
            if spec not in ("none", "remove"):
                raise ctx.error("fix must be 'none', 'remove' or {replace: GROUP, with: MODE}", "fix")
            if spec == "remove" and not self.removable:
                raise ctx.error(f"a {self.kind} rule finds no claim to remove", "fix")
            return None if spec == "none" else "remove"
        unknown = set(spec) - {"replace", "with"}
        if unknown or not isinstance(spec.get("replace"), str) or spec.get("with") not in WRITE_MODES:
            raise ctx.error(f"fix needs replace: GROUP and with: one of {', '.join(WRITE_MODES)}", "fix")
        if self.kind != "claim":
            raise ctx.error("only a claim rule has a fact to write in place of the claim", "fix")
        return (spec["replace"], spec["with"])

    def regexes(self) -> list[RulePattern]:
        """Every regex the rule runs."""
        return list(self.exceptions) + list(getattr(self, "patterns", ())) + (
            [self.unless] if getattr(self, "unless", None) is not None else [])

    def needed_regexes(self) -> list[RulePattern] | None:
        """Regexes of which one must match for the rule to report anything (None: no such)."""
        return None

    def excepted(self, text: str, start: int, end: int, found: set | None = None, starts: dict | None = None) -> bool:
        """An exception match that covers the candidate cancels it (最好在 covers 最好)."""
        for pattern in self.exceptions:
            if absent(pattern, found):
                continue
            # A window, not the whole field: an exception is about the claim's own context.
            lo = max(0, start - EXCEPTION_WINDOW)
            for m in pattern.finditer(text, lo, min(len(text), end + EXCEPTION_WINDOW), found, starts):
                if m.start() <= start and end <= m.end():
                    return True
        return False

    def accept(self, field: "CopyField", start: int, end: int) -> bool:
        # Exceptions first: a regex is cheaper than a tokenizer, and 第一步 needs neither.
        if self.excepted(field.text, start, end, field.found, field.starts):
            return False
        if self.boundaries and not field.boundaries.aligned(start, end):
            return False
        return not self.cancelled_by or not cancelled(self.cancelled_by, field, start, end)

    def check(self, lctx: "ListingContext", field: "CopyField", hits: list[tuple[int, int]]) -> list[Hit]:
        return []

    # The field's text alone decides what check() returns (it reads no fact, no list item), so
    # the engine may reuse the result for the same text in another listing.
    text_decides = True

    def may_report(self, field: "CopyField") -> bool:
        """For a rule the text does not decide alone: whether check() can report anything on
        this text in any listing (the engine skips it on the text's next occurrences if not)."""
        return True

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_memo", None)  # results remembered in this process only
        return state


class PhraseRule(KindRule):
    removable = True

    KEYS = {"phrases", "exceptions", "boundaries"}

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        phrases = ctx.strings("phrases", required=True)
        self.phrases = tuple(dict.fromkeys(_norm_phrase(p) for p in phrases if _norm_phrase(p)))
        self.literals = self.phrases

    def check(self, lctx, field, hits):
        # The candidates come from the text, so the text decides the result.
        return _remembered(self, field, field.text, self._check, field, hits)

    def _check(self, field, hits):
        out = []
        taken = _Intervals()
        # Longest first, so 全网最低价 wins over 最低价 nested in it.
        for start, end in sorted(set(hits), key=lambda h: (-(h[1] - h[0]), h[0])):
            if taken.covers(start, end):
                continue
            if self.accept(field, start, end):
                taken.add(start, end)
                out.append(Hit(start, end, {"match": field.text[start:end]}))
        return out


class PatternRule(KindRule):
    removable = True

    KEYS = {"pattern", "exceptions", "boundaries", "anchors"}

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        sources = ctx.strings("pattern", required=True)
        self.patterns = [compile_pattern(ctx, s, "pattern") for s in sources]
        if isinstance(self.fix, tuple):
            group = self.fix[0]
            if not any(f"(?P<{group}>" in p.pattern for p in self.patterns):
                raise ctx.error(f"fix replaces group '{group}', which no pattern of this rule has", "fix")
        anchors = ctx.strings("anchors")
        self.literals = tuple(_norm_phrase(a) for a in anchors) if anchors else None

    def needed_regexes(self) -> list[RulePattern] | None:
        return list(self.patterns)

    def claims(self, field: "CopyField") -> list[tuple[int, int, dict]]:
        """(start, end, values) of each accepted match: its named groups and `match`. Shared
        between calls for one text: copy `values` before changing it."""
        if not field.repeated:  # (the first test of _remembered, without its call)
            return self._claims(field)
        return _remembered(self, field, field.text, self._claims, field)

    def _claims(self, field: "CopyField") -> list[tuple[int, int, dict]]:
        out = []
        for m in self.matches(field):
            values = match_values(m)
            values["match"] = m.group(0)
            out.append((m.start(), m.end(), values))
        return out

    def matches(self, field: "CopyField") -> list:
        """The rule's accepted matches in a field: the longest where two overlap."""
        text, scanned, starts = field.text, field.found, field.starts
        found = []
        # (absent() inlined: this loop runs for every rule on every field it is unlocked for)
        gated = scanned is not None and scanned is not PLAIN
        for pattern in self.patterns:
            if gated and pattern.slot is not None and pattern.slot not in scanned:
                continue
            # Collect first: the timeout runs from the iterator's creation, and accept() may
            # spend time loading a tokenizer that must not count against the regex.
            for m in pattern.finditer(text, 0, None, scanned, starts):
                if m.end() > m.start():
                    found.append(m)
        if not found:
            return found
        if len(found) > 1 and len(self.patterns) > 1:
            # Alternative patterns of one rule may match the same claim; keep the longest.
            found.sort(key=lambda m: (m.start() - m.end(), m.start()))
        out = []
        taken = _Intervals()
        for m in found:
            start, end = m.span()
            if taken.starts and taken.overlaps(start, end):
                continue
            if self.accept(field, start, end):
                taken.add(start, end)
                out.append(m)
            elif self.boundaries and not field.boundaries.aligned(start, end):
                shorter = self._shorter_aligned(field, m)
                if shorter is not None:
                    taken.add(*shorter.span())
                    out.append(shorter)
        return out

    def _shorter_aligned(self, field: "CopyField", m):
        """The longest shorter match of the same regex from the same start that ends on a word
        boundary: normalisation joins spaced Han, so 最低 蓝牙 is read as 最低蓝牙, where a greedy
        最 + two characters takes 最低蓝 and the claim is 最低."""
        start, endpos = m.start(), m.end() - 1
        while endpos > start:
            shorter = m.re.match(field.text, start, endpos)
            if shorter is None or shorter.end() <= start:
                return None
            if self.accept(field, start, shorter.end()):
                return shorter
            endpos = shorter.end() - 1
        return None

    def check(self, lctx, field, hits):
        return [Hit(start, end, values) for start, end, values in self.claims(field)]


def _read_claim(reader: str, unit: str | None, values: dict) -> Any:
    """The claimed value of a match, by the rule's `read` setting."""
    capture = values.get("claim") if "claim" in values else values.get("value")
    if reader == "number":
        return parse_number(capture or "")
    if reader == "duration":
        return F.read_duration(values, unit or "hours")
    if reader == "quantity":
        return F.read_quantity(values.get("value"), values.get("unit"))
    if reader == "date":
        month, day = parse_number(values.get("month") or ""), parse_number(values.get("day") or "")
        return (int(month), int(day)) if month and day else None
    if reader == "text":
        return (capture if capture is not None else values["match"]).strip()
    if reader == "none":
        return True
    raise ValueError(reader)


class ClaimRule(PatternRule):
    KEYS = PatternRule.KEYS | {"read", "unit", "fact", "operator", "expect", "missing", "missing_severity", "params",
                               "fact_message", "agree"}
    READERS = ("number", "duration", "quantity", "date", "text", "none")

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.read = ctx.get("read", str, default="text")
        if self.read not in self.READERS:
            raise ctx.error(f"read must be one of {', '.join(self.READERS)}", "read")
        self.unit = ctx.get("unit", str, default=None)
        if self.read == "duration" and self.unit not in ("hours", "days", "months"):
            raise ctx.error("a duration claim needs unit: hours, days or months", "unit")
        try:
            self.fact = F.FactPath.parse(ctx.get("fact", str, required=True))
        except ValueError as exc:
            raise ctx.error(str(exc), "fact") from None
        self.operator = ctx.get("operator", str, required=True)
        if self.operator not in F.OPERATORS:
            raise ctx.error(f"unknown operator '{self.operator}' (known: {', '.join(sorted(F.OPERATORS))})", "operator")
        self.expect = ctx.get("expect", (str, int, float, bool), default=None)
        self.missing = ctx.get("missing", str, default="silent")
        if self.missing not in ("silent", "unbacked"):
            raise ctx.error("missing must be 'silent' or 'unbacked'", "missing")
        # categories.md: a claim the facts contradict is an error, a claim whose fact is missing
        # is unbacked (a warning). One rule says both: severity for the contradiction,
        # missing_severity for the unbacked claim.
        self.missing_severity = ctx.get("missing_severity", str, default=None)
        if self.missing_severity is not None:
            if self.missing_severity not in SEVERITIES:
                raise ctx.error(f"missing_severity must be one of {', '.join(SEVERITIES)}", "missing_severity")
            if self.missing != "unbacked":
                raise ctx.error("missing_severity needs missing: unbacked", "missing_severity")
        self.params = dict(ctx.get("params", dict, default={}))
        # How a message names the fact when the listing lacks it: a spec group by its listing
        # field (certifications) or as a spec (specs.colour), not as `spec:colour`.
        self._fact_name = self.fact.source
        if self.fact.source.startswith("spec:"):
            group = self.fact.source[5:]
            _, field_name = F.lexicon().spec_aliases.get(group, ((), None))
            self._fact_name = field_name or f"specs.{group}"
        # The message when the fact is missing and the rule says the claim is unbacked.
        self.fact_message, fact_texts = ctx.text("fact_message")
        self.fact_message = self.fact_message or None
        if fact_texts:
            self.texts["fact_message"] = fact_texts
        # agree: any -- a field passes when any one of its claims agrees with the fact. A title
        # naming several materials ("Stainless Steel, Wooden Block") describes parts, and the
        # spec usually names the main one.
        self.agree = ctx.get("agree", str, default="each")
        if self.agree not in ("each", "any"):
            raise ctx.error("agree must be 'each' or 'any'", "agree")

    text_decides = False  # the claims come from the text, the verdict from the facts

    def may_report(self, field):
        return bool(self.claims(field))

    def check(self, lctx, field, hits):
        out = []
        agreed = False
        # Most claims agree with the facts, so a claim's message values (a copy of the shared
        # match values, the claim as shown) are made only for one that does not.
        captures = "{" in self.fact.source  # a fact path that reads the match ({value})
        for start, end, shared in self.claims(field):
            claim = _read_claim(self.read, self.unit, shared)
            if claim is None:
                continue
            if captures:
                values = _claim_values(shared, claim)
                found = lctx.facts(self.fact, values)
            else:
                values = None
                found = lctx.facts(self.fact, shared)
            if not found and self.operator != "non_empty":
                if self.missing == "unbacked":
                    values = values or _claim_values(shared, claim)
                    values["fact"] = "missing"
                    values["fact_field"] = self._fact_name
                    out.append(Hit(start, end, values, message=self.fact_message, severity=self.missing_severity))
                continue
            params = self.params  # operators only read it
            if "multiplier" in shared:
                params = dict(params)
                params["multiplier"] = parse_number(shared["multiplier"])
            check = F.Check(found, claim, self.expect, params, lctx.as_of, lctx.data, lctx.copy_text)
            contradiction = F.OPERATORS[self.operator](check)
            if contradiction is None:
                agreed = True
                continue
            values = values or _claim_values(shared, claim)
            if contradiction.value is None and not contradiction.path and self.missing == "silent" and self.operator != "non_empty":
                continue
            values["fact"] = _show(contradiction.value) if contradiction.value is not None else "missing"
            values["fact_field"] = contradiction.label or self._fact_name
            values["expect"] = _show(self.expect) if self.expect is not None else ""
            unbacked = contradiction.value is None and not contradiction.path
            out.append(Hit(start, end, values, contradiction if contradiction.path else None,
                           severity=self.missing_severity if unbacked else None))
        if agreed and self.agree == "any":
            return []
        return out


def _claim_values(shared: dict, claim) -> dict:
    """A claim's message values: its own copy of the match values, with the claim as shown."""
    values = dict(shared)
    values["claim"] = _show(claim)
    return values


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value):
            return "lifetime"
        return f"{value:g}"
    if isinstance(value, F.Quantity):
        return str(value)
    if isinstance(value, tuple):
        return "-".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


# Characters two width units wide (Han, kana, Hangul, CJK punctuation, full-width forms).
_WIDE_CHARS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3000-\u303f\uff00-\uffef"
_WIDE = regex.compile(f"[{_WIDE_CHARS}]")
# Counting by deleting the rest: one new string instead of findall's string per character.
_NOT_WIDE = regex.compile(f"[^{_WIDE_CHARS}]+")
_NOT_HAN = regex.compile(r"\P{Han}+")
_LATIN_WORD = regex.compile(r"[a-z][a-z0-9']*", regex.IGNORECASE)
_REPEATABLE_WORD = _re.compile(r"[a-z][a-z'\-]{2,}")
_SPACE_OR_PUNCTUATION = regex.compile(r"[\s\p{P}]+")


@functools.lru_cache(maxsize=256)  # several metric rules ask about the same title
def script_of(text: str) -> str:
    """'han' when Han characters are at least a fifth of the letters, else 'latin'."""
    if text.isascii():
        return "latin"
    han = len(_NOT_HAN.sub("", text))
    letters = sum(map(str.isalpha, text))
    return "han" if letters and han * 5 >= letters else "latin"


class MetricRule(KindRule):
    KEYS = {"metric", "max", "min_letters", "script", "measure", "characters", "stopwords", "exceptions"}
    METRICS = ("length", "caps_ratio", "repeated_word", "characters")

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.metric = ctx.get("metric", str, required=True)
        if self.metric not in self.METRICS:
            raise ctx.error(f"metric must be one of {', '.join(self.METRICS)}", "metric")
        self.max = ctx.get("max", (int, float), default=None)
        if self.metric in ("length", "caps_ratio", "repeated_word") and self.max is None:
            raise ctx.error(f"metric '{self.metric}' needs 'max'", "max")
        self.script = ctx.get("script", str, default="any")
        if self.script not in ("any", "han", "latin"):
            raise ctx.error("script must be any, han or latin", "script")
        self.measure = ctx.get("measure", str, default="chars")
        if self.measure not in ("chars", "width"):
            raise ctx.error("measure must be chars or width", "measure")
        self.min_letters = int(ctx.get("min_letters", int, default=12))
        self.characters = ctx.get("characters", str, default="")
        self.stopwords = {_norm_phrase(w) for w in ctx.strings("stopwords")}

    def check(self, lctx, field, hits):
        # Measured on the visible text (and placed through its normalised view): it decides.
        return _remembered(self, field, field.visible, self._check, field)

    def _check(self, field):
        visible = field.visible
        if self.script != "any" and script_of(visible) != self.script:
            return []
        return getattr(self, "_" + self.metric)(field)

    def _span_of_visible(self, field, start: int, end: int) -> tuple[int, int]:
        return field.norm_span_of_visible(start, end)

    def _length(self, field):
        visible = field.visible.strip()
        # Most titles are within the limit: their whole length decides, with no walk. A title
        # that fits even if every character were wide needs no count at all.
        if len(visible) * (2 if self.measure == "width" else 1) <= self.max:
            return []
        whole = len(visible) + (len(_NOT_WIDE.sub("", visible)) if self.measure == "width" else 0)
        if whole <= self.max:
            return []
        offset = field.visible.index(visible[:1]) if visible else 0
        total = 0
        cut = None
        for i, ch in enumerate(visible):
            total += 2 if (self.measure == "width" and _WIDE.match(ch)) else 1
            if cut is None and total > self.max:
                cut = i
        if cut is None:
            return []
        start, end = self._span_of_visible(field, offset + cut, offset + len(visible))
        unit = "characters" if self.measure == "chars" else "width units (a Han character counts 2)"
        return [Hit(start, end, {"length": str(total), "max": f"{self.max:g}", "unit": unit, "match": visible[cut:]})]

    def _caps_ratio(self, field):
        joined = "".join([w for w in _LATIN_WORD.findall(field.visible) if len(w) > 1])
        letters = len(joined)
        if letters < self.min_letters:
            return []
        upper = sum(map(str.isupper, joined))
        ratio = upper / letters
        if ratio <= self.max:
            return []
        start, end = self._span_of_visible(field, 0, len(field.visible))
        return [Hit(start, end, {"ratio": f"{ratio:.0%}", "max": f"{self.max:.0%}", "match": field.visible})]

    def _repeated_word(self, field):
        counts: dict[str, list[tuple[int, int]]] = {}
        text = field.text
        for m in _REPEATABLE_WORD.finditer(text):
            word = m.group(0).strip("'-")
            stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
            if stem in self.stopwords or word in self.stopwords:
                continue
            counts.setdefault(stem, []).append((m.start(), m.end()))
        out = []
        for stem, spans in counts.items():
            if len(spans) > self.max:
                start, end = spans[int(self.max)]
                out.append(Hit(start, end, {"word": stem, "count": str(len(spans)), "match": text[start:end]}))
        return out

    def _characters(self, field):
        out = []
        for i, ch in enumerate(field.visible):
            if ch in self.characters:
                start, end = self._span_of_visible(field, i, i + 1)
                if end > start:
                    out.append(Hit(start, end, {"char": ch, "match": ch}))
        # One finding per run of the same character is enough ("!!!").
        merged: list[Hit] = []
        for hit in out:
            if merged and merged[-1].end >= hit.start and merged[-1].values["char"] == hit.values["char"]:
                merged[-1].end = hit.end
            else:
                merged.append(hit)
        return merged


class RecordRule(KindRule):
    """Checks each item of a listing list: `each: reviews`, `when: {incentivized: true}`,
    `field: text`, `unless: <regex the text must not match>` (a disclosure)."""

    KEYS = {"each", "when", "text", "unless"}

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.each = ctx.get("each", str, required=True)
        self.when = dict(ctx.get("when", dict, default={}))
        self.text_key = ctx.get("text", str, required=True)
        unless = ctx.get("unless", str, default=None)
        self.unless = compile_pattern(ctx, unless, "unless") if unless else None
        self.fields = (f"{self.each}.{self.text_key}",)

    text_decides = False  # the list item (its flags) decides

    def check(self, lctx, field, hits):
        item = lctx.item_of(field)
        if not isinstance(item, dict):
            return []
        for key, want in self.when.items():
            if item.get(key) != want:
                return []
        if self.unless is not None and self.unless.finditer(field.text, 0, None, field.found, field.starts):
            return []
        values = {"match": field.text, **{k: _show(v) for k, v in item.items() if not isinstance(v, (dict, list))}}
        return [Hit(0, len(field.text), values)]


class DuplicateRule(KindRule):
    """The same text (at least `min_length` characters, compared after normalisation) in a copy
    field of two or more listings of one run. Checked by the engine once all listings are read."""

    KEYS = {"min_length"}
    catalog_level = True

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.min_length = int(ctx.get("min_length", int, default=30))

    def key(self, field: "CopyField") -> str | None:
        if len(field.text) < self.min_length:
            return None  # removing spaces and punctuation only shortens it
        text = _SPACE_OR_PUNCTUATION.sub("", field.text)
        return text if len(text) >= self.min_length else None


KINDS: dict[str, type[KindRule]] = {
    "phrase": PhraseRule,
    "pattern": PatternRule,
    "claim": ClaimRule,
    "metric": MetricRule,
    "record": RecordRule,
    "duplicate": DuplicateRule,
}
