"""The compiled core (honestlint._native, built from native/ by maturin) and the choice of the
engine that runs: `core` or `python`.

Like PyYAML's C loader beside its pure one, the core is optional: honestlint runs without it
(not built, not importable) on the Python engine, which stays the reference. The choice is
HONESTLINT_ENGINE=core|python (the CLI's `--engine` sets it, so worker processes inherit it);
unset, the core runs when it can. Asking for the core when it cannot run raises
EngineUnavailable, with the reason in one line.

This stage of the core computes normalize() (text/normalize.py). It is handed tables that
Python builds from the reference's own classes and maps (normalize.core_tables), cached on
disk, so that both engines decide every character alike.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys

ENV = "HONESTLINT_ENGINE"
ENGINES = ("core", "python")

_module = None  # honestlint._native, once imported
_reason: str | None = None  # why the core cannot run; None while unknown or when it can
_checked = False
_normalizer = None


class EngineUnavailable(Exception):
    """The core engine was asked for but cannot run (the message says why, in one line)."""


def _load() -> None:
    global _module, _reason, _checked
    if _checked:
        return
    _checked = True
    try:
        from . import _native
    except ImportError as exc:
        _reason = f"honestlint._native is not built ({exc})"
        return
    _module = _native


def unavailable_reason() -> str | None:
    """Why the core cannot run here, or None when it can."""
    _load()
    return _reason


def engine() -> str:
    """The engine that runs: HONESTLINT_ENGINE when set, else the core when it can run."""
    asked = os.environ.get(ENV, "").strip().lower()
    if asked in ENGINES:
        return asked
    if asked not in ("", "auto"):
        raise EngineUnavailable(f"{ENV}={asked!r}: expected one of core, python, auto")
    return "core" if unavailable_reason() is None else "python"


def select(name: str | None) -> None:
    """Run `name` (core, python; None: the core when it can) from now on, here and in the
    worker processes started from here."""
    if name is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = name
    from .text import normalize

    normalize.reset_engine()


def check() -> str:
    """The engine that runs; EngineUnavailable if it is the core and the core cannot run."""
    name = engine()
    if name == "core":
        reason = unavailable_reason()
        if reason is None:
            _core_normalizer()  # building the tables can find a reason too
            reason = unavailable_reason()
        if reason is not None:
            raise EngineUnavailable(f"the core engine cannot run: {reason}")
    return name


def describe() -> str:
    """For --version: which engine runs, and the core's version or why it does not run."""
    try:
        name = engine()
    except EngineUnavailable as exc:
        return f"engine: ? ({exc})"
    reason = unavailable_reason()
    if name == "core" and reason is None:
        return f"engine: core, honestlint._native {_module.__version__}"
    return f"engine: python" + (f"; core not available: {reason}" if reason else "")


def normalizer():
    """The core's normalize(s) -> Normalized (None for text Python must handle), or None when
    the Python engine runs."""
    if check() != "core":
        return None
    return _core_normalizer()


def _core_normalizer():
    global _normalizer, _reason
    if _normalizer is None and _module is not None:
        from .text import normalize

        try:
            _normalizer = _module.Normalizer(_tables(), normalize.Normalized)
        except _PhraseVersionMismatch as exc:
            _reason = str(exc)
    return _normalizer


class _PhraseVersionMismatch(Exception):
    pass


def _tables() -> dict:
    """normalize.core_tables(), from the disk cache when it holds them for this very
    reference: the same normalize.py, Python (unicodedata), regex and OpenCC."""
    from .core import cachedir

    key = _tables_key()
    path = os.path.join(cachedir.directory(), f"normalize-tables-{key}.json")
    try:
        import orjson

        with open(path, "rb") as f:
            cached = orjson.loads(f.read())
    except (OSError, ValueError):
        cached = None
    if cached is None:
        cached = _build_tables()
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
        raise _PhraseVersionMismatch(cached["mismatch"])
    # JSON gives lists where the core takes (a, b) pairs.
    pairs = lambda items: [tuple(p) for p in items]  # noqa: E731
    return {"classes": {name: pairs(r) for name, r in cached["classes"].items()},
            **{name: pairs(cached[name]) for name in ("nfkc", "lower", "homoglyph", "t2s_char", "t2s_phrases")}}


def _build_tables() -> dict:
    import opencc

    from .text import normalize

    version, keys = _module.t2s_phrase_keys()
    if opencc.__version__ != version:
        # OpenCC's phrases cannot be listed through its API; the core knows those of
        # `version` only, so another OpenCC could convert a phrase the core does not know.
        return {"mismatch": f"opencc {opencc.__version__} is installed; the core's phrase list is "
                            f"of opencc {version} (scripts/opencc_phrases.py renews it)"}
    return normalize.core_tables(keys)


def _tables_key() -> str:
    """What the tables depend on: this code, the interpreter and the versions of the core,
    regex and OpenCC (each package's files: a reinstall changes their times)."""
    h = hashlib.sha256()
    here = os.path.dirname(os.path.abspath(__file__))
    for path in (os.path.join(here, "text", "normalize.py"), __file__):
        with open(path, "rb") as f:
            h.update(f.read())
    h.update(sys.version.encode())
    h.update(_module.__version__.encode())
    h.update(repr(_module.t2s_phrase_keys()[0]).encode())
    for name in ("regex", "opencc"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        try:
            stamp = os.stat(origin).st_mtime_ns
        except OSError:
            stamp = 0
        h.update(f"{name}:{origin}:{stamp}".encode())
    return h.hexdigest()[:16]
