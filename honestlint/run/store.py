"""Whole-run data in bounded memory: the findings of a run, and the listings a report names.

A catalog of a million listings has hundreds of thousands of findings; holding them all (and
sorting them at the end) made memory grow with the file. Here they are kept in memory up to a
bound, so a small run costs what it did (one list and one sort); past the bound, a batch is
sorted and written to a temporary file as one *sorted run*, and reading merges every run with
`heapq.merge`. `engine/catalog.py` keeps the records of the copied-review check the same way.

Run files hold rows (tuples of str, int, None, bytes) serialised with `marshal` in
zlib-compressed blocks: compact, fast, and readable one block at a time, so a merge of many
runs holds one block per run. Every row that is sorted carries a sequence number after its
sort key, so rows never compare equal: the merge is deterministic and equal sort keys keep the
order they were added in, as a stable sort would.

Temporary files live in one private directory per RunFiles (under TMPDIR), created on the
first spill and removed by `close()`; a finalizer removes it as well if the owner is dropped or
the interpreter exits without closing it (an error), but never from a forked worker process.
"""
from __future__ import annotations

import collections
import marshal
import os
import zlib
from typing import Iterable, Iterator

from ..core.finding import Finding
from ..core.spill import RunFiles

# The bounds below keep each structure to roughly 10 MB (sizes measured on the benchmark
# catalog); past them a run costs one sort and one compressed write per batch.
# Findings kept in memory before a sorted run is written to disk (about 800 bytes each).
FINDINGS_IN_MEMORY = 10_000
# (file, listing) pairs kept in memory by the flagged-listing count (about 180 bytes each).
KEYS_IN_MEMORY = 50_000
# (file index, listing id) pairs kept in memory by a ListingLog (about 150 bytes each).
LISTINGS_IN_MEMORY = 100_000
class DistinctCount:
    """How many distinct items were added, in bounded memory: a set up to `limit`, then sorted
    runs on disk, counted in one merge. Items must be tuples of comparable values."""

    def __init__(self, limit: int | None = None, name: str = "keys"):
        self.limit = KEYS_IN_MEMORY if limit is None else limit
        self._memory: set = set()
        self._runs = RunFiles(name)
        self._last = None

    def add(self, item: tuple) -> None:
        if item == self._last:  # items often repeat in a row (the findings of one listing)
            return
        self._last = item
        self._memory.add(item)
        if len(self._memory) > self.limit:
            self._runs.write(sorted(self._memory))
            self._memory = set()

    def count(self) -> int:
        if not len(self._runs):
            return len(self._memory)
        n, previous = 0, None
        for item in self._runs.merged(sorted(self._memory)):
            if item != previous:
                n += 1
                previous = item
        return n

    def close(self) -> None:
        self._runs.close()
        self._memory = set()


class FindingStore:
    """Every finding of a run, read back in `Finding.sort_key` order (equal keys in the order
    they were added, as the stable sort of a list did) as often as a report needs. Up to
    `limit` findings stay in memory; past it they go to sorted runs on disk.

    It also keeps the counts reports and the exit code need without another pass: the number
    of findings, findings per severity, and the number of distinct (file, listing) flagged."""

    def __init__(self, limit: int | None = None):
        self.limit = FINDINGS_IN_MEMORY if limit is None else limit
        self._memory: list[Finding] = []
        self._runs = RunFiles("findings")
        self._seq = 0                      # rows written so far: the next sequence number
        self._count = 0
        self.severities: collections.Counter = collections.Counter()
        self._listings = DistinctCount(name="listings")

    def add(self, finding: Finding) -> None:
        self._memory.append(finding)
        self._count += 1
        self.severities[finding.severity] += 1
        self._listings.add((finding.file, finding.listing))
        if len(self._memory) >= self.limit:
            self._spill()

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    @property
    def spilled(self) -> bool:
        return len(self._runs) > 0

    def flagged_listings(self) -> int:
        """Distinct (file, listing) pairs with at least one finding."""
        return self._listings.count()

    def _rows(self, findings: list[Finding], seq: int) -> list[tuple]:
        # The sort key, then the sequence number (never equal), then the finding itself.
        return [(*f.sort_key(), seq + i, f.as_row()) for i, f in enumerate(findings)]

    def _spill(self) -> None:
        self._memory.sort(key=Finding.sort_key)  # stable: equal keys stay in insertion order
        self._runs.write(self._rows(self._memory, self._seq))
        self._seq += len(self._memory)
        self._memory = []

    def __iter__(self) -> Iterator[Finding]:
        self._memory.sort(key=Finding.sort_key)
        if not self.spilled:
            return iter(self._memory)
        return (Finding.from_row(row[-1]) for row in self._runs.merged(self._rows(self._memory, self._seq)))

    def close(self) -> None:
        """Remove the temporary files; the store is empty afterwards."""
        self._runs.close()
        self._listings.close()
        self._memory = []

    def __enter__(self) -> "FindingStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ListingLog:
    """The (file, listing id) of every listing read, in read order, for reports that name clean
    listings too (JUnit). A compact stand-in for the Listing objects themselves: in memory up
    to `limit` names, then appended to a file. `files` lists the files in first-read order and
    `ids(file)` the listing ids of one file in read order."""

    def __init__(self, limit: int | None = None):
        self.limit = LISTINGS_IN_MEMORY if limit is None else limit
        self.files: list[str] = []
        self._file_index: dict[str, int] = {}
        self._memory: list[tuple[int, str]] = []
        # Spilled blocks: (offset, size, file indexes in the block), so that ids(file) reads
        # only the blocks that hold that file.
        self._blocks: list[tuple[int, int, frozenset]] = []
        self._runs = RunFiles("listings")
        self._path: str | None = None
        self._handle = None
        self.count = 0

    def add(self, file: str, listing_id: str) -> None:
        index = self._file_index.get(file)
        if index is None:
            index = self._file_index[file] = len(self.files)
            self.files.append(file)
        self._memory.append((index, listing_id))
        self.count += 1
        if len(self._memory) >= self.limit:
            self._spill()

    def extend(self, pairs: Iterable[tuple[str, str]]) -> None:
        for file, listing_id in pairs:
            self.add(file, listing_id)

    def _spill(self) -> None:
        if self._handle is None:
            self._path = self._runs.new_path()
            self._handle = open(self._path, "w+b")
        data = zlib.compress(marshal.dumps(self._memory), 1)
        offset = self._handle.seek(0, os.SEEK_END)
        self._handle.write(data)
        self._blocks.append((offset, len(data), frozenset(i for i, _ in self._memory)))
        self._memory = []

    def ids(self, file: str) -> Iterator[str]:
        index = self._file_index.get(file)
        if index is None:
            return
        if self._handle is not None:
            self._handle.flush()
            for offset, size, present in self._blocks:
                if index in present:
                    self._handle.seek(offset)
                    for i, listing_id in marshal.loads(zlib.decompress(self._handle.read(size))):
                        if i == index:
                            yield listing_id
        for i, listing_id in self._memory:
            if i == index:
                yield listing_id

    def __bool__(self) -> bool:
        return self.count > 0

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self._runs.close()
        self._memory = []
        self._blocks = []
