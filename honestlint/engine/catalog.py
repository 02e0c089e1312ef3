"""Catalog-level state in bounded memory: the long texts a `duplicate` rule compares across
listings (kinds.DuplicateRule; the built-in one is `review-copied`).

Every review of 30+ characters is a candidate, and almost all of them are unique, so the state
must not live in memory on a big catalog. Each candidate becomes one compact record:

    (digest, rule id, key, seq, finding row)

`digest` is an 8-byte BLAKE2b hash of the rule id and the normalised key, so sorting by it
brings equal texts together and compares short bytes, not long strings; the key itself follows,
so a hash collision can never merge two different texts. `seq` numbers the records in the
order the main process received them (the input order of the chunks, whatever the number of
worker processes), and the row is the finding the record becomes if its text turns out to be
shared (`Finding.as_row`, message not yet filled in).

Records gathered while linting wait in `pending` until the run stage takes them (in a worker,
once per chunk) and merges them into the index of the main process, which keeps them in
memory up to DUPLICATES_IN_MEMORY and beyond that writes sorted runs to temporary files
(core.spill.RunFiles). `groups()` merges the runs once, at the end, and yields the rows of each
text: memory then holds one group at a time.

`copied_findings` turns one text's rows into its findings (or none, when the text is in one
listing only). It is the whole of what a group means, a pure function of the rows, so that the
command line (Linter.finish over this index) and a distributed run (honestlint.spark, which
shuffles the same records by digest instead) report copied texts the same way.
"""
from __future__ import annotations

import hashlib
import itertools
import operator
from typing import Iterable, Iterator

from ..core.finding import Finding
from ..core.spill import RunFiles
from .messages import OTHERS_NAMED, render

# Candidate records kept in memory before a sorted run is written (about 1.1 KB each, the
# review's text twice: as written and normalised), so about 20 MB at most.
DUPLICATES_IN_MEMORY = 20_000

_FILE, _LISTING = 5, 3   # positions of file and listing in Finding.as_row()
_GROUP = operator.itemgetter(0, 1, 2)
_TEXT = operator.itemgetter(1, 2)    # (rule id, key) of a record (digest, rule id, key, row)


def copied_findings(rows: list[tuple]) -> list[Finding]:
    """The findings of one copied text from its records' rows (`Finding.as_row()`, message
    not yet rendered), in the order given: none unless the text is in two or more distinct
    (file, listing) pairs. Each finding names the other listings (sorted, the first
    OTHERS_NAMED of them) and counts the listings that hold the text."""
    if len(rows) < 2:
        return []
    places = {(row[_FILE], row[_LISTING]) for row in rows}
    if len(places) < 2:
        return []  # repeated within one listing only
    out = []
    for row in rows:
        finding = Finding.from_row(row)
        others = sorted(f"{listing}" for file, listing in ((r[_FILE], r[_LISTING]) for r in rows)
                        if (file, listing) != (finding.file, finding.listing))
        named = ", ".join(others[:OTHERS_NAMED]) + (
            f" and {len(others) - OTHERS_NAMED} more" if len(others) > OTHERS_NAMED else "")
        finding.message = render(finding.message, {"others": named, "count": str(len(places))})
        out.append(finding)
    return out


def records_by_text(records: Iterable[tuple]) -> Iterator[list[tuple]]:
    """The rows of each text among `records` (digest, rule id, key, row) that share a digest
    (a distributed run's shuffle group), one list per (rule id, key): a hash collision never
    merges two texts. Rows keep their order within a text."""
    by_text: dict[tuple, list] = {}
    for record in records:
        by_text.setdefault(_TEXT(record), []).append(record[3])
    for text in sorted(by_text):
        yield by_text[text]


def text_digest(rule_id: str, key: str) -> bytes:
    return hashlib.blake2b(f"{rule_id}\x00{key}".encode("utf-8"), digest_size=8).digest()


class DuplicateIndex:
    """The candidate texts of one Linter's duplicate rules."""

    def __init__(self, limit: int | None = None):
        self.limit = DUPLICATES_IN_MEMORY if limit is None else limit
        self.pending: list[tuple] = []     # (digest, rule id, key, row), not yet merged
        self._memory: list[tuple] = []     # merged records, unsorted
        self._runs = RunFiles("duplicates")
        self._seq = 0

    def add(self, rule_id: str, key: str, finding: Finding) -> None:
        self.pending.append((text_digest(rule_id, key), rule_id, key, finding.as_row()))

    def take(self) -> list[tuple]:
        """The records gathered since the last take (a worker hands them to the main process)."""
        taken, self.pending = self.pending, []
        return taken

    def merge(self, records: Iterable[tuple] | None) -> None:
        """Add records taken from a Linter (this one or a worker's copy), in input order."""
        for digest, rule_id, key, row in records or ():
            self._memory.append((digest, rule_id, key, self._seq, row))
            self._seq += 1
        if len(self._memory) >= self.limit:
            self._memory.sort()  # by digest, rule, key, then seq: the row is never compared
            self._runs.write(self._memory)
            self._memory = []

    def groups(self) -> Iterator[list[tuple]]:
        """The rows of each text seen more than once, in the order the records arrived
        (`copied_findings` decides what they report). Resets the index when done (or abandoned)."""
        self.merge(self.take())  # the Python API lints in-process and never takes
        try:
            self._memory.sort()
            records = self._runs.merged(self._memory) if len(self._runs) else self._memory
            for _, same in itertools.groupby(records, key=_GROUP):
                first = next(same)
                rest = list(same)
                if not rest:  # the common case: a text seen once
                    continue
                yield [first[4]] + [r[4] for r in rest]
        finally:
            self.close()

    def close(self) -> None:
        """Forget everything and remove the temporary files."""
        self._runs.close()
        self._memory = []
        self.pending = []
        self._seq = 0
