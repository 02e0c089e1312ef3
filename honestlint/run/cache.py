"""Results of listings linted in earlier runs, so that a run over a catalog that barely changed
lints only the listings that did. ruff keeps a result per file; a catalog file holds a hundred
thousand listings, so here a result is kept per listing.

A result is keyed by the listing's text as written (a JSON Lines line, an element of an array,
a whole file) and the column it starts at. Everything else it depends on names the cache's
namespace, one SQLite file per namespace:

- the code: every file of the honestlint package, the Python version (its Unicode tables
  drive normalisation) and the installed distributions (a new OpenCC or regex release may
  convert or match differently);
- the rules: each active rule's id and severity, and the bytes of every file rules came from;
- the run: --as-of (deadlines and price windows count back from it) and the field map.

A result holds the listing's id, its findings after its own suppressions, its input warnings
(lines counted from the listing's first line, so a listing that moved in its file is still
found), and the records it gave the catalog-level duplicate rules, which decide only once
every listing is in. What a run does afterwards (per-file ignores, the baseline) is applied to
a remembered result as to a fresh one. A listing on which a rule timed out is not stored.

The cache is an optimisation only: any failure to read or write it (a read-only directory, a
damaged file, another process holding a lock) makes the run lint without it.
"""
from __future__ import annotations

import glob
import hashlib
import marshal
import os
import sqlite3
from typing import Iterable

from ..core import cachedir as cache, codehash
from ..core.finding import Finding
from ..core.listing import InputWarning, Listing
from ..input import Record

# Bump when the layout of a stored result changes.
FORMAT = 2  # 2: rows carry field offsets and fixes
# Namespaces kept per cache directory (each rule edit, code change or --as-of day makes one).
NAMESPACES_KEPT = 8

# Positions of the fields a stored row has relative to its listing (Finding.as_row order).
_LISTING, _FILE, _LINE, _END_LINE, _FACT_LINE, _FIX = 3, 5, 6, 8, 14, 18
# Positions of an edit's lines in a fix row (Fix.as_row: edits at 2, Edit.as_row: lines at 3, 5).
_EDIT_LINES = (3, 5)


def _shift_fix(fix_row, lines: int):
    if fix_row is None:
        return None
    applicability, message, edits = fix_row
    moved = []
    for edit in edits:
        edit = list(edit)
        for at in _EDIT_LINES:
            edit[at] += lines
        moved.append(tuple(edit))
    return (applicability, message, tuple(moved))


def namespace(rules: Iterable, as_of, fields: dict | None, linter_rules: Iterable = (), lang: str = "en") -> str:
    """The name of what one configuration's results depend on besides the listing text.
    `linter_rules`: the rules the configuration's linter was compiled from, whose phrases are the
    words of its own tokenizer (text/tokenize.Tokenizer), so they decide its word boundaries."""
    digest = hashlib.blake2b(codehash.package_digest() + f"\0{FORMAT}".encode(), digest_size=16)
    digest.update(f"\0{as_of.isoformat()}\0{sorted((fields or {}).items())!r}\0{lang}\0".encode())
    files = set()
    for rule in sorted(rules, key=lambda r: r.id):
        digest.update(f"{rule.id}\0{rule.severity}\0{rule.file}\0".encode())
        files.add(rule.file)
    digest.update(b"\0run\0")
    for rule in sorted({r.id: r for r in linter_rules}.values(), key=lambda r: r.id):
        digest.update(f"{rule.id}\0{rule.file}\0".encode())
        files.add(rule.file)
    for path in sorted(files):
        try:
            with open(path, "rb") as fh:
                digest.update(fh.read())
        except OSError:
            digest.update(b"\0missing\0")
    return digest.hexdigest()


def record_key(record: Record) -> bytes:
    return hashlib.blake2b(f"{record.first_column}\0{record.text}".encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


# Results are written in short transactions of this many: another run writing to the same
# cache (pre-commit runs hooks in parallel) then waits milliseconds for the lock, not a run.
WRITE_BATCH = 2_000
# How long a write waits for another run's lock before the run gives up storing results.
LOCK_WAIT = 2.0


class ResultCache:
    """One namespace's results in one directory. Worker processes forked from the run read it
    through their own connection; only the main process writes (`put`)."""

    def __init__(self, directory: str, name: str):
        self.directory = directory
        self.path = os.path.join(directory, f"results-{name[:24]}.sqlite")
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self.broken = False
        self.empty = False  # held no result when this run opened it
        self._unwritten: list[tuple[bytes, bytes]] = []

    @classmethod
    def open(cls, directory: str, name: str) -> "ResultCache | None":
        try:
            _prepare(directory)
            opened = cls(directory, name)
            # A new namespace (the first run, or a rule edit) has nothing to look up.
            opened.empty = opened._db().execute("SELECT 1 FROM results LIMIT 1").fetchone() is None
        except (OSError, sqlite3.Error):
            return None
        return opened

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            # A connection must not cross a fork: a worker opens its own.
            db = sqlite3.connect(self.path, timeout=LOCK_WAIT)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: a damaged file is only a miss
            db.execute("CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID")
            self._connection, self._pid = db, os.getpid()
        return self._connection

    def lookup(self, records: list) -> list[tuple[bytes, tuple | None]]:
        """(key, remembered result or None) for each record; a Listing (read from CSV) has
        no text of its own to key on and is never remembered: (b"", None)."""
        keys = [record_key(r) if isinstance(r, Record) else b"" for r in records]
        found: dict[bytes, bytes] = {}
        wanted = [k for k in keys if k]
        if wanted and not self.broken and not self.empty:
            try:
                for start in range(0, len(wanted), 500):  # SQLite's bound on parameters per query
                    part = wanted[start:start + 500]
                    query = f"SELECT key, value FROM results WHERE key IN ({','.join('?' * len(part))})"
                    found.update(self._db().execute(query, part).fetchall())
            except sqlite3.Error:
                self.broken = True
                found = {}
        out = []
        for key in keys:
            value = found.get(key)
            entry = None
            if value is not None:
                try:
                    entry = marshal.loads(value)
                except (EOFError, ValueError, TypeError):
                    entry = None
            out.append((key, entry))
        return out

    def put(self, entries: list[tuple[bytes, bytes]]) -> None:
        """Store results (written in batches; `close` writes the rest)."""
        if self.broken:
            return
        self._unwritten.extend(entries)
        if len(self._unwritten) >= WRITE_BATCH:
            self._write()

    def _write(self) -> None:
        if not self._unwritten or self.broken:
            self._unwritten = []
            return
        try:
            db = self._db()
            with db:  # one transaction: the lock is held for the batch only
                db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", self._unwritten)
        except sqlite3.Error:
            self.broken = True  # locked past LOCK_WAIT, disk full, damaged: lint on without storing
        self._unwritten = []

    def close(self, commit: bool = True) -> None:
        """Write what is left (unless told not to) and close this process's connection. The
        next use opens another (run_parallel closes it before forking workers: a connection must
        not cross a fork)."""
        if commit:
            self._write()
        self._unwritten = []
        if self._connection is not None and self._pid == os.getpid():
            try:
                self._connection.close()
            except sqlite3.Error:
                pass
        self._connection = None


def _prepare(directory: str) -> None:
    """Make the directory, marked as a cache that git and backup tools leave alone."""
    os.makedirs(directory, exist_ok=True)
    ignore = os.path.join(directory, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as fh:
            fh.write("# Created by honestlint: its result cache.\n*\n")
        with open(os.path.join(directory, "CACHEDIR.TAG"), "w", encoding="utf-8") as fh:
            fh.write("Signature: 8a477f597d28d172789f06886806bc55\n"
                     "# This file is a cache directory tag created by honestlint.\n")


def prune(directory: str, keep: set[str]) -> None:
    """Delete the namespaces of the directory past the newest NAMESPACES_KEPT, but none in use."""
    cache.prune("results-", keep, NAMESPACES_KEPT, where=directory, suffix=".sqlite", companions=("-wal", "-shm"))


def clean(directory: str) -> int:
    """Remove the result cache files of `directory` (and it, once empty); the number of files
    removed. Only honestlint's own files are touched, wherever --cache-dir points."""
    removed = 0
    for path in glob.glob(os.path.join(directory, "results-*.sqlite*")) + [
            os.path.join(directory, name) for name in (".gitignore", "CACHEDIR.TAG")]:
        if os.path.basename(path) == ".gitignore" and not _written_by_us(path):
            continue
        try:
            os.remove(path)
            removed += 1
        except FileNotFoundError:
            pass
    try:
        os.rmdir(directory)
    except OSError:
        pass  # not empty (other files), or not there
    return removed


def _written_by_us(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.readline().startswith("# Created by honestlint")
    except OSError:
        return False


# ----------------------------------------------------------------------------- results


def _relative(row: tuple, first_line: int, derived_id: bool) -> tuple:
    """A finding row with its lines counted from the listing's first line (0: that line),
    and no file name; no listing id when the id is the listing's number."""
    row = list(row)
    row[_FILE] = ""
    if derived_id:
        row[_LISTING] = None
    for at in (_LINE, _END_LINE, _FACT_LINE):
        if row[at] is not None:
            row[at] -= first_line
    row[_FIX] = _shift_fix(row[_FIX], -first_line)
    return tuple(row)


def _absolute(row: tuple, record: Record, listing_id: str) -> tuple:
    row = list(row)
    row[_FILE] = record.file
    row[_LISTING] = listing_id
    for at in (_LINE, _END_LINE, _FACT_LINE):
        if row[at] is not None:
            row[at] += record.first_line
    row[_FIX] = _shift_fix(row[_FIX], record.first_line)
    return tuple(row)


def entry(record: Record, listing: Listing, findings: list[Finding], catalog_records: list[tuple]) -> bytes:
    """What to remember of a linted listing (marshal: built-in types only, fast both ways)."""
    derived = not _has_own_id(listing)  # named by its number (loader._listing_id)
    first = record.first_line
    return marshal.dumps((
        None if derived else listing.id,
        tuple(_relative(f.as_row(), first, derived) for f in findings),
        tuple((w.message, None if w.line is None else w.line - first, w.column) for w in listing.warnings),
        tuple((digest, rule, key, _relative(row, first, derived)) for digest, rule, key, row in catalog_records),
    ))


def _has_own_id(listing: Listing) -> bool:
    value = listing.data.get("id") if isinstance(listing.data, dict) else None
    return value is not None and value != ""


def replay(record: Record, stored) -> tuple[str, list[Finding], list[InputWarning], list[tuple]] | None:
    """(listing id, findings, warnings, catalog records) of a remembered listing, placed where
    the record now is in its file; None if what was stored is not a result (a damaged file)."""
    try:
        own_id, rows, warnings, catalog = stored
        listing_id = own_id if own_id is not None else f"#{record.number}"
        findings = [Finding.from_row(_absolute(row, record, listing_id)) for row in rows]
        notes = [InputWarning(record.file, message, None if line is None else line + record.first_line, column)
                 for message, line, column in warnings]
        records = [(digest, rule, key, _absolute(row, record, listing_id)) for digest, rule, key, row in catalog]
    except (TypeError, ValueError, IndexError):
        return None
    return listing_id, findings, notes, records
