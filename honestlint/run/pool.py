"""Linting a run's listings chunk by chunk, in the main process or in a pool of forked worker
processes: the records of each file are cut into chunks (ChunkTask), each chunk is parsed and
linted (or replayed from the result cache) into a ChunkResult, and the results are collected
in input order, so the output is the same for any number of workers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, NamedTuple

from ..core.finding import Finding
from ..core.listing import InputError, Listing
from ..core.rule import Rule
from ..engine import Linter
from ..input import Record, parse, records
from . import cache as resultcache
from .failures import RuleFailure
from .filters import lint_one, without_ignored

# Listings per task sent to a worker process: big enough to amortise the round trip, small
# enough to keep memory flat and the workers evenly loaded.
CHUNK = 400
# Inputs smaller than this are linted in-process: starting workers would cost more.
PARALLEL_MIN_BYTES = 2_000_000
# Remembered listings in a row, at least this many, are replayed in the main process while
# the listings around them go to a worker; shorter runs go along with them (a round trip per
# piece costs more than a worker's replaying them).
REPLAY_RUN = 32


@dataclass
class RunState:
    """What linting a chunk needs besides the chunk, by configuration key (the id of the
    Config): its compiled linter and active rules, and its result cache when the run keeps one."""

    linters: dict[int, tuple[Linter, list[Rule]]] = field(default_factory=dict)
    caches: dict[int, resultcache.ResultCache] = field(default_factory=dict)


# The state of the run whose worker pool is forking. Workers are forked from the main process
# and find it here, inherited, rather than receiving it with each task: compiled linters take
# seconds to build and would cost more to send than a chunk takes to lint. Set by run_parallel
# just before the pool forks; nothing else reads it.
_INHERITED: RunState | None = None


class ChunkTask(NamedTuple):
    """A chunk of one file's records to lint, with what of its configuration applies to them."""

    key: int                      # the configuration (RunState key)
    ignored: list[str]            # the file's per-file ignores
    fields: dict | None           # the configuration's field map
    records: list[Record]
    want_ids: bool = False        # report the (file, id) of every listing read


class ChunkResult(NamedTuple):
    """What linting one chunk gives back to the main process, which collects the results in
    input order."""

    findings: list[Finding]                   # after suppressions and per-file ignores
    errors: list[InputError]                  # unreadable records, input warnings, rule failures
    catalog_state: object                     # the linter's catalog-level state, to merge (None: none)
    listings: int                             # listings read
    size: int                                 # characters of the chunk's text (progress)
    ids: list[tuple[str, str]] | None         # (file, id) of each listing read, when asked for
    learnt: list[tuple[bytes, bytes]] | None  # results for the result cache to store

    @classmethod
    def unreadable(cls, error: InputError) -> "ChunkResult":
        """An input that could not be read at all, kept in order with the chunks around it."""
        return cls([], [error], None, 0, 0, None, None)


def chunk_tasks(plan: Iterable[tuple], want_ids: bool) -> Iterable[tuple]:
    """(ChunkTask, its Config) for each chunk of the files of `plan`, in order, and (InputError,
    None) for an input that cannot be read; `plan` holds (path, Config) and (InputError, None)."""
    for path, cfg in plan:
        if cfg is None:
            yield path, None
            continue
        chunk: list[Record] = []
        for item in records(path):
            if isinstance(item, InputError):
                if chunk:
                    yield ChunkTask(id(cfg), cfg.ignores_for(path), cfg.fields or None, chunk, want_ids), cfg
                    chunk = []
                yield item, None
                continue
            chunk.append(item)
            if len(chunk) >= CHUNK:
                yield ChunkTask(id(cfg), cfg.ignores_for(path), cfg.fields or None, chunk, want_ids), cfg
                chunk = []
        if chunk:
            yield ChunkTask(id(cfg), cfg.ignores_for(path), cfg.fields or None, chunk, want_ids), cfg


def lint_chunk(state: RunState, task: ChunkTask, on_listing=None, known: list | None = None) -> ChunkResult:
    """Parse and lint one chunk of records; runs in a worker or in-process alike. A listing
    the result cache remembers is not parsed nor linted: its stored result is placed where the
    record now is. The results of the others come back to be stored (by the main process)."""
    key, ignored, fields, chunk, want_ids = task
    linter, rules = state.linters[key]
    findings, errors = [], []
    ids: list[tuple[str, str]] | None = [] if want_ids else None
    count = 0
    cache = state.caches.get(key) if on_listing is None else None
    if known is None and cache is not None:
        known = cache.lookup(chunk)
    learnt: list[tuple[bytes, bytes]] = []
    for number, record in enumerate(chunk):
        replayed = resultcache.replay(record, known[number][1]) if known is not None and known[number][1] else None
        if replayed is not None:
            listing_id, found, warnings, catalog = replayed
            count += 1
            errors.extend(warnings)
            if ids is not None:
                ids.append((record.file, listing_id))
            linter.add_catalog_records(catalog)
            findings.extend(without_ignored(found, ignored, linter.known_ids))
            continue
        # A CSV export arrives as ready Listings (its cells need their own positions).
        item = record if isinstance(record, Listing) else parse(record, fields)
        if isinstance(item, InputError):
            errors.append(item)
            continue
        count += 1
        errors.extend(item.warnings)
        if ids is not None:
            ids.append((item.file, item.id))
        if on_listing:
            on_listing(item)
        catalog_mark, failures = linter.catalog_mark(), len(linter.rule_errors)
        found = lint_one(linter, rules, item)  # per-file ignores after: a stored result is kept without them
        if known is not None and known[number][0] and len(linter.rule_errors) == failures and not linter.switched_off:
            learnt.append((known[number][0], resultcache.entry(record, item, found, linter.catalog_records(catalog_mark))))
        findings.extend(without_ignored(found, ignored, linter.known_ids))
    if linter.rule_errors:
        errors.extend(RuleFailure(note) for note in linter.rule_errors)
        linter.rule_errors.clear()
    size = sum(len(getattr(r, "text", "")) for r in chunk)
    return ChunkResult(findings, errors, linter.take_catalog_state(), count, size, ids, learnt)


def _lint_inherited(task: ChunkTask, known: list | None) -> ChunkResult:
    """lint_chunk in a worker process, with the run state it inherited when it was forked."""
    return lint_chunk(_INHERITED, task, known=known)


class WorkerLost(Exception):
    """A worker process stopped without returning its chunk (killed, out of memory, crashed)."""


def run_parallel(tasks, jobs: int, collect: Callable[[ChunkResult, int | None], None], state: RunState) -> None:
    """Chunks go to a pool of forked workers; at most 2 * jobs are in flight, so memory stays
    bounded, and results are collected in submission order, so output is deterministic.
    A process pool from concurrent.futures, not multiprocessing.Pool: when a worker dies, the
    latter quietly starts another and waits for the lost chunk for ever (a CI gate would hang
    until its time-out); the former fails every pending chunk, and the run stops with an error."""
    import collections
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _INHERITED
    _INHERITED = state  # before the first submit, which forks the workers
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    forked = False
    pending: collections.deque = collections.deque()
    finished = False
    try:
        for task, cfg in tasks:
            if cfg is None:
                pending.append((None, task))
                continue
            cache = state.caches.get(task.key)
            known = cache.lookup(task.records) if cache is not None else None
            for piece, piece_known, looked_up in _pieces(task.records, known):
                piece_task = task._replace(records=piece)
                if piece_known is not None:
                    # Remembered listings: replaying them here is cheaper than the round
                    # trip to a worker.
                    done: Future = Future()
                    done.set_result(lint_chunk(state, piece_task, known=piece_known))
                    pending.append((done, task.key))
                    continue
                if not forked:  # the pool forks its workers at the first submit
                    if len(piece) >= CHUNK // 2:  # a run that lints much, not a few changed listings
                        for linter, _ in state.linters.values():
                            linter.compile_all()  # once here, not once in every worker (they inherit it)
                    for open_cache in state.caches.values():
                        open_cache.close()  # reopened after the fork, where needed
                    forked = True
                # The keys looked up here go along, so the worker need not look them up again.
                pending.append((pool.submit(_lint_inherited, piece_task, looked_up), task.key))
            while _must_drain(pending, jobs):
                _drain_one(pending, collect)
        while pending:
            _drain_one(pending, collect)
        finished = True
    except BrokenProcessPool:
        raise WorkerLost("a worker process stopped before finishing its listings (killed, or out of "
                         "memory); run again, or with -j 1 to lint in one process") from None
    finally:
        if not finished:
            # Stop the workers now (Ctrl-C, SIGTERM, an error): the executor itself would let
            # each finish its chunk first. Its process table is private, hence the guard.
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=finished, cancel_futures=True)
        _INHERITED = None


def _pieces(chunk: list, known: list | None):
    """The chunk cut into consecutive pieces, in order, each with what the cache holds for its
    records: (records, that, that) for a long enough run of remembered listings, to replay;
    (records, None, that) for the rest, to lint (that: None when the run keeps no cache)."""
    if known is None:
        yield chunk, None, None
        return
    start = 0  # where the piece for a worker began
    at = 0
    while at < len(chunk):
        if known[at][1] is None:
            at += 1
            continue
        end = at
        while end < len(chunk) and known[end][1] is not None:
            end += 1
        if end - at >= REPLAY_RUN or (at == 0 and end == len(chunk)):
            if start < at:
                yield chunk[start:at], None, known[start:at]
            yield chunk[at:end], known[at:end], known[at:end]
            start = end
        at = end
    if start < len(chunk):
        yield chunk[start:], None, known[start:]


def _must_drain(pending, jobs: int) -> bool:
    """Whether to collect the oldest entry now: it is ready (an input error, a replayed piece,
    a finished chunk), or more than 2 * jobs chunks are in the workers' hands, or the replayed
    pieces waiting behind them in order pass a bound that keeps memory flat."""
    if not pending:
        return False
    head = pending[0][0]
    if head is None or head.done() or len(pending) > 16 * jobs:
        return True
    return sum(1 for handle, _ in pending if handle is not None and not handle.done()) > 2 * jobs


def _drain_one(pending, collect) -> None:
    handle, item = pending.popleft()  # item: the chunk's configuration key, or an input error
    if handle is None:  # an input error, kept in order with the chunks around it
        collect(ChunkResult.unreadable(item), None)
    else:
        collect(handle.result(), item)
