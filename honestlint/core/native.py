"""The compiled core (honestlint._native, built from native/ by maturin) and the choice of the
engine that runs: `core` or `python`.

Like PyYAML's C loader beside its pure one, the core is optional: honestlint runs without it
(not built, not importable) on the Python engine, which stays the reference. The choice is
HONESTLINT_ENGINE=core|python (the CLI's `--engine` sets it, so worker processes inherit it);
unset, the core runs when it can. Asking for the core when it cannot run raises
EngineUnavailable, with the reason in one line.

This stage of the core computes normalize(): text/native_tables.py hands it the tables.
"""
from __future__ import annotations

import os

ENV = "HONESTLINT_ENGINE"
ENGINES = ("core", "python")

_module = None  # honestlint._native, once imported
_reason: str | None = None  # why the core cannot run; None while unknown or when it can
_checked = False
_on_select = []  # called when the engine changes (text/normalize.py forgets its choice)


class EngineUnavailable(Exception):
    """The core engine was asked for but cannot run (the message says why, in one line)."""


def _load() -> None:
    global _module, _reason, _checked
    if _checked:
        return
    _checked = True
    try:
        from .. import _native  # the extension: the lowest layer, below core
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
    for hook in _on_select:
        hook()


def on_select(hook) -> None:
    """Call `hook()` whenever select() changes the engine."""
    _on_select.append(hook)


def set_unavailable(reason: str) -> None:
    """Record why the core cannot run, found after loading it (its tables)."""
    global _reason
    _load()
    _reason = reason


def module():
    """honestlint._native, or None."""
    _load()
    return _module if _reason is None else None


def check() -> str:
    """The engine that runs; EngineUnavailable if it is the core and the core cannot run."""
    name = engine()
    if name == "core" and unavailable_reason() is not None:
        raise EngineUnavailable(f"the core engine cannot run: {unavailable_reason()}")
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


