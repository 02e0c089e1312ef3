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


def prune(prefix: str, keep: str, spare: int = 8) -> None:
    """Delete all but the newest `spare` cache files named `prefix*` (each edit of a rule pack
    makes a new one), never `keep`."""
    import glob

    found = sorted(glob.glob(os.path.join(directory(), prefix + "*")), key=_mtime, reverse=True)
    for path in found[spare:]:
        if path != keep:
            try:
                os.remove(path)
            except OSError:
                pass


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0
