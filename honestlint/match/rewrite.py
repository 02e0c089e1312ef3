"""Rewriting a `regex`-module pattern into one stdlib `re` accepts with the same meaning
(variable-width lookbehinds split, duplicate group names renamed), because `re` runs faster."""
from __future__ import annotations

import functools
import re as _re

# A repeated group name (two alternatives that each capture `value`) is legal in `regex` only;
# for `re` the repeats are renamed name<DUP_MARK>2, name<DUP_MARK>3... and `match_values` folds them back.
DUP_MARK = "__dup"
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
    from ..text.normalize import HAN

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
                out.append(f"(?P<{name}{DUP_MARK}{names[name]}>" if names[name] > 1 else m.group(0))
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
