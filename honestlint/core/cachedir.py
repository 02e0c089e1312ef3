"""Where honestlint keeps caches between runs (the sharded word dictionary, compiled rules)."""
from __future__ import annotations

import os
import tempfile


def directory() -> str:
    """A per-user cache directory: $HONESTLINT_CACHE_DIR, else $XDG_CACHE_HOME/honestlint,
    else ~/.cache/honestlint; the system temp directory when none of those is writable."""
    path = os.environ.get("HONESTLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "honestlint",
    )
    try:
        os.makedirs(path, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    return tempfile.gettempdir()


# The project-local directory of the result cache (run/cache.py), like ruff's .ruff_cache.
RESULTS_DIR = ".honestlint_cache"


def prune(prefix: str, keep, spare: int = 8, where: str | None = None, suffix: str = "",
          companions: tuple[str, ...] = ()) -> None:
    """Delete all but the newest `spare` cache files named `prefix*suffix` (each edit of a rule
    pack makes a new one) in `where` (default: the user cache directory), never `keep` (a path
    or a set of paths), each with its companion files (path + each of `companions`)."""
    import glob

    keep = {keep} if isinstance(keep, str) else set(keep)
    found = sorted(glob.glob(os.path.join(where or directory(), prefix + "*" + suffix)), key=_mtime, reverse=True)
    for path in found[spare:]:
        if path not in keep:
            for part in (path,) + tuple(path + c for c in companions):
                try:
                    os.remove(part)
                except OSError:
                    pass


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0
