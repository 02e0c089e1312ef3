"""Case variants: matching is IGNORECASE, so a literal character also matches the characters
that fold to it. The table per regex engine is computed once and cached on disk."""
from __future__ import annotations

import re as _re

import regex

_ALL_CHARS: str | None = None
_VARIANTS: dict[str, dict[str, frozenset[str]]] = {"re": {}, "regex": {}}


def case_variants(chars, engine: str = "re") -> set[str]:
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

    from ..core import cachedir as cache

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
