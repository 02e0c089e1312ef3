"""The progress bar of a big run, on stderr."""
from __future__ import annotations

import os
import sys

import click


class _Progress:
    """A progress bar on stderr, by bytes of input read (JSON Lines has no count up front)."""

    def __init__(self, total: int):
        self._bar = click.progressbar(length=total, label="linting", file=sys.stderr, show_eta=True)
        self._bar.__enter__()

    def update(self, size: int) -> None:
        self._bar.update(size)

    def close(self) -> None:
        self._bar.__exit__(None, None, None)


# Inputs smaller than this finish before a progress bar would be worth drawing.
PROGRESS_MIN_BYTES = 4_000_000


def progress_bar(paths, wanted) -> _Progress | None:
    """A progress bar for `paths` when wanted (None: on a terminal, outside CI, for big inputs)."""

    if wanted is False or (wanted is None and (not sys.stderr.isatty() or os.environ.get("CI"))):
        return None
    from ..input import expand_paths

    total = 0
    for path in expand_paths(paths):
        if isinstance(path, str) and path != "-":
            try:
                total += os.path.getsize(path)
            except OSError:
                pass
    if total < PROGRESS_MIN_BYTES and wanted is None:
        return None
    return _Progress(total)
