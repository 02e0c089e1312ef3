"""Sorted runs on disk: rows (tuples of str, int, None, bytes) kept in memory up to a bound,
then sorted and written as marshal blocks, zlib-compressed, to one private temporary
directory, and merged back in order. Findings (run/store.py) and the catalog's duplicate
index (engine/catalog.py) both spill through it, so memory stays bounded on any input.
"""
from __future__ import annotations

import heapq
import marshal
import os
import secrets
import shutil
import tempfile
import weakref
import zlib
from typing import Iterable, Iterator

# Rows per marshal block of a run file. A merge holds one decoded block per run (and a run
# count that grows slowly with the input), so blocks stay small: 256 rows are 200-300 KB.
BLOCK = 256
# Runs merged into one when this many of the same level exist, so that a final merge opens
# fewer than FAN_IN files per level (a few levels even for millions of rows).
FAN_IN = 32
TEMP_PREFIX = "honestlint-"


def _remove(path: str, owner: int) -> None:
    if os.getpid() == owner:  # a forked worker inherits the finalizer, not the directory
        shutil.rmtree(path, ignore_errors=True)


class RunFiles:
    """Sorted runs on disk, in a private temporary directory."""

    def __init__(self, name: str):
        self.name = name
        self._dir: str | None = None
        self._finalizer = None
        self._runs: list[tuple[int, str]] = []   # (level, path): level k holds ~FAN_IN**k batches
        self._count = 0

    def __len__(self) -> int:
        return len(self._runs)

    def new_path(self) -> str:
        """A fresh file name in the directory (made on first use)."""
        if self._dir is None:
            # The finalizer is registered before the directory exists: a signal that unwinds
            # the run (SIGTERM, Ctrl-C) between making the directory and registering its
            # removal would otherwise leave it behind (seen in CI under load).
            while True:
                path = os.path.join(tempfile.gettempdir(), TEMP_PREFIX + secrets.token_hex(6))
                finalizer = weakref.finalize(self, _remove, path, os.getpid())
                try:
                    os.mkdir(path, 0o700)
                except FileExistsError:
                    finalizer.detach()
                    continue
                break
            self._dir, self._finalizer = path, finalizer
        self._count += 1
        return os.path.join(self._dir, f"{self.name}-{self._count}.run")

    def write(self, rows: Iterable[tuple]) -> None:
        """Add one run: `rows` must already be in order."""
        path = self.new_path()
        _write_run(path, rows)
        self._runs.append((0, path))
        # Merge equal-level runs as they pile up (a log-structured merge), so the number of
        # open files in a final merge stays small and each row is rewritten only a few times.
        while len(self._runs) >= FAN_IN and len({level for level, _ in self._runs[-FAN_IN:]}) == 1:
            level = self._runs[-1][0]
            group = [path for _, path in self._runs[-FAN_IN:]]
            del self._runs[-FAN_IN:]
            merged = self.new_path()
            _write_run(merged, heapq.merge(*(_read_run(p) for p in group)))
            for p in group:
                os.unlink(p)
            self._runs.append((level + 1, merged))

    def merged(self, *more: Iterable[tuple]) -> Iterator[tuple]:
        """Every run, and `more` (each in order), merged into one ordered stream."""
        return heapq.merge(*(_read_run(path) for _, path in self._runs), *more)

    def close(self) -> None:
        self._runs = []
        if self._finalizer is not None:
            self._finalizer()
            self._finalizer = None
        self._dir = None


def _write_run(path: str, rows: Iterable[tuple]) -> None:
    with open(path, "wb") as fh:
        block: list = []
        for row in rows:
            block.append(row)
            if len(block) >= BLOCK:
                _write_block(fh, block)
                block = []
        if block:
            _write_block(fh, block)


def _write_block(fh, block: list) -> None:
    data = zlib.compress(marshal.dumps(block), 1)
    fh.write(len(data).to_bytes(4, "little"))
    fh.write(data)


def _read_run(path: str) -> Iterator[tuple]:
    with open(path, "rb") as fh:
        while True:
            head = fh.read(4)
            if not head:
                return
            yield from marshal.loads(zlib.decompress(fh.read(int.from_bytes(head, "little"))))
