"""Literal gates. A regex that finds nothing costs about as much as one that finds something,
and most rule regexes find nothing in most fields. From the parse tree of each stdlib `re`
pattern this derives a set of literal strings of which every match must contain one (a cover),
the prefixes a match may start with, and the gate clauses (sets of literals every match
holds one of each), so the engine's one automaton scan can skip a regex."""
from __future__ import annotations

import functools
import re as _re
import re._constants as _sc
import re._parser as _sp

from .starts import first_atoms, start_source

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
        start = start_source(*first_atoms(tree))
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


def start_class(source: str, engine: str = "re") -> str | None:
    """A one-character regex matching the first character of every match of `source` (to be
    compiled with the pattern's own engine and IGNORECASE), or None if it cannot be known or
    the pattern can match the empty string."""
    return analyse(source, engine)[1]
