"""The tables the compiled core's normalize() is built with, and the core's normaliser.
Each function takes `nm`, the module text/normalize.py, which imports this one.

normalize.core_tables() builds them from the reference's own classes and maps (about 1 s);
they are cached on disk (core/cachedir.py) under a key of everything they depend on: the
normalising code, the interpreter (unicodedata) and the installed regex and OpenCC.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys

from ..core import native

_normalizer = None


def normalizer(nm):
    """The core's normalize(s) -> Normalized (None for text Python must handle), or None when
    the Python engine runs; EngineUnavailable when the core was asked for and cannot run."""
    if native.check() != "core":
        return None
    try:
        return core_normalizer(nm)
    except PhraseVersionMismatch as exc:
        native.set_unavailable(str(exc))
        native.check()  # raises when the core was asked for
        return None


def core_normalizer(nm):
    """The core's normaliser whatever the engine chosen (the parity tests compare it with the
    Python function); PhraseVersionMismatch when the core cannot promise OpenCC's result."""
    global _normalizer
    if _normalizer is None:
        _normalizer = native.module().Normalizer(_tables(nm), nm.Normalized)
    return _normalizer


class PhraseVersionMismatch(Exception):
    pass


def _tables(nm) -> dict:
    """normalize.core_tables(), from the disk cache when it holds them for this very
    reference: the same normalize.py, Python (unicodedata), regex and OpenCC."""
    from ..core import cachedir

    key = _tables_key()
    path = os.path.join(cachedir.directory(), f"normalize-tables-{key}.json")
    try:
        import orjson

        with open(path, "rb") as f:
            cached = orjson.loads(f.read())
    except (OSError, ValueError):
        cached = None
    if cached is None:
        cached = _build_tables(nm)
        try:
            import orjson

            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                f.write(orjson.dumps(cached))
            os.replace(tmp, path)  # atomic: parallel first runs never read half a file
            cachedir.prune("normalize-tables-", path, spare=2, suffix=".json")
        except OSError:
            pass
    if cached.get("mismatch"):
        raise PhraseVersionMismatch(cached["mismatch"])
    # JSON gives lists where the core takes (a, b) pairs.
    pairs = lambda items: [tuple(p) for p in items]  # noqa: E731
    return {"classes": {name: pairs(r) for name, r in cached["classes"].items()},
            **{name: pairs(cached[name]) for name in ("nfkc", "lower", "homoglyph", "t2s_char", "t2s_phrases")}}


def _build_tables(nm) -> dict:
    import opencc

    version, keys = native.module().t2s_phrase_keys()
    if opencc.__version__ != version:
        # OpenCC's phrases cannot be listed through its API; the core knows those of
        # `version` only, so another OpenCC could convert a phrase the core does not know.
        return {"mismatch": f"opencc {opencc.__version__} is installed; the core's phrase list is "
                            f"of opencc {version} (scripts/opencc_phrases.py renews it)"}
    return nm.core_tables(keys)


def _tables_key() -> str:
    """What the tables depend on: this code, the interpreter and the versions of the core,
    regex and OpenCC (each package's files: a reinstall changes their times)."""
    h = hashlib.sha256()
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.path.join(here, "normalize.py"), __file__):
        with open(path, "rb") as f:
            h.update(f.read())
    h.update(sys.version.encode())
    h.update(native.module().__version__.encode())
    h.update(repr(native.module().t2s_phrase_keys()[0]).encode())
    for name in ("regex", "opencc"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        try:
            stamp = os.stat(origin).st_mtime_ns
        except OSError:
            stamp = 0
        h.update(f"{name}:{origin}:{stamp}".encode())
    return h.hexdigest()[:16]
