"""Start classes: the characters a match can begin with, as a character class, so a regex
runs only from the positions where a match could start (a search from each candidate start)."""
from __future__ import annotations

import re as _re
import re._constants as _sc

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
START_TRIES = 12
# Calls a pattern spends timing both ways of finding its matches before it keeps the faster.
TRIAL_CALLS = 40


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


def first_atoms(items) -> tuple[list[str] | None, bool]:
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
        return first_atoms(av[3])
    if op is _sc.ATOMIC_GROUP:
        return first_atoms(av)
    if op is _sc.BRANCH:
        atoms: list[str] = []
        nullable = False
        for alt in av[1]:
            found, alt_nullable = first_atoms(alt)
            if found is None:
                return None, False
            atoms.extend(found)
            nullable = nullable or alt_nullable
        return atoms, nullable
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
        found, nullable = first_atoms(av[2])
        return found, nullable or av[0] == 0
    return None, False  # ANY (any character can start), GROUPREF...: no useful class


def start_source(atoms: list[str] | None, nullable: bool) -> str | None:
    if atoms is None or nullable or not atoms:
        return None
    plain = sorted({a for a in atoms if not a.startswith("[")})
    classes = sorted({a[1:-1] for a in atoms if a.startswith("[") and not a.startswith("[^")})
    negated = sorted({a for a in atoms if a.startswith("[^")})
    positive = "".join(plain) + "".join(classes)
    return "|".join((["[" + positive + "]"] if positive else []) + negated)
