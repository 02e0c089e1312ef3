"""One run of the linter over some inputs: the pipeline the CLI and the Python API share.

    configuration -> rules for it -> load listings -> lint -> suppressions, per-file ignores,
    baseline -> sorted findings

Each linted file uses the configuration nearest to it, as ruff does; a Linter is compiled
once per distinct configuration.

Memory stays bounded however big the input: listings stream in chunks (pool.py), findings go
to a store.FindingStore (sorted runs on disk past a bound) as they are found, the baseline is
applied as they arrive (in the order a list of all findings would have had), and catalog-level
state is kept compactly by catalog.DuplicateIndex. The Result owns the store's temporary
files: close it (or use it as a context manager) once the report is written.
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterable

from ..core.listing import InputError, InputWarning, Listing
from ..core.rule import Rule
from . import cache as resultcache
from . import config as cfgmod
from . import pool
from .failures import RuleFailure, Timeouts
from .files import files_to_lint, input_bytes
from .filters import Baseline, read_baseline
from .options import Options, Result, UsageError
from .pool import RunState
from .rulesets import RuleSets, config_for
from .store import FindingStore, ListingLog


def run(paths: Iterable[str], options: Options | None = None,
        on_error: Callable[[InputError], None] | None = None,
        on_progress: Callable[[int], None] | None = None, jobs: int | None = None,
        on_listing: Callable[[Listing], None] | None = None, listing_ids: bool = False,
        on_note: Callable[[str], None] | None = None) -> Result:
    """Lint `paths` (files, directories, '-'); errors are collected (and passed to `on_error`
    as they happen), never raised. With jobs > 1, chunks of listings are linted in worker
    processes; results are merged in input order, so the output is the same for any jobs.
    `on_listing` sees every Listing read (a reporter that shows the copy); it implies jobs=1.
    `listing_ids` keeps the (file, id) of every listing read in `Result.listing_ids`.

    The Result holds temporary files when the findings outgrow memory: close it when done.
    If the run fails, they are removed before the exception propagates."""
    options = options or Options()
    if options.as_of is None:
        options.as_of = _dt.date.today()
    sets = RuleSets(options)
    state = RunState()
    store = FindingStore()
    ids = ListingLog() if listing_ids else None
    try:
        return _run(paths, options, sets, state, store, ids, on_error, on_progress, jobs, on_listing, on_note)
    except BaseException:
        store.close()
        if ids is not None:
            ids.close()
        for linter, _cfg in sets.all_linters():
            linter.discard_catalog_state()
        for cache in state.caches.values():
            cache.close(commit=False)
        raise


def _run(paths, options, sets, state, store, ids, on_error, on_progress, jobs, on_listing, on_note=None) -> Result:
    errors: list[InputError] = []
    fail_on = options.fail_on
    seen_rules: dict[str, Rule] = {}
    baseline = Baseline(read_baseline(options.baseline)) if options.baseline else None
    # Resolve every file's configuration and compile its linter up front, so that worker
    # processes forked below inherit them all.
    plan = []
    try:
        files = list(files_to_lint(paths, options, on_note))
    except cfgmod.ConfigError as exc:
        raise UsageError(str(exc)) from None
    for path in files:
        if isinstance(path, InputError):
            plan.append((path, None))
            continue
        try:
            cfg = config_for(path, options)
        except cfgmod.ConfigError as exc:
            raise UsageError(str(exc)) from None
        linter, rules = sets.linter_for(cfg)
        for rule in rules:
            seen_rules.setdefault(rule.id, rule)
        if fail_on is None and cfg.fail_on:
            fail_on = cfg.fail_on
        plan.append((path, cfg))
    for cfg_linter in sets.all_linters():
        linter, cfg = cfg_linter
        active = sets.linter_for(cfg)[1]
        state.linters[id(cfg)] = (linter, active)
        if options.cache_dir:
            name = resultcache.namespace(active, linter.as_of, cfg.fields or None, linter.rules, linter.lang)
            cache = resultcache.ResultCache.open(options.cache_dir, name)
            if cache is not None:
                state.caches[id(cfg)] = cache
    if state.caches:
        resultcache.prune(options.cache_dir, keep={c.path for c in state.caches.values()})
    jobs = 1 if on_listing else (jobs or 1)
    if jobs > 1 and input_bytes([p for p, c in plan if c is not None]) < pool.PARALLEL_MIN_BYTES:
        jobs = 1
    listings = 0
    want_ids = ids is not None
    timeouts = Timeouts()

    def collect(result: pool.ChunkResult, key: int | None) -> None:
        nonlocal listings
        if result.learnt:
            state.caches[key].put(result.learnt)
        # The baseline sees findings in the order one list of them all would have had.
        store.extend(baseline.filter(result.findings) if baseline else result.findings)
        for err in result.errors:
            if isinstance(err, RuleFailure) and err.note is not None:
                timeouts.add(err.note)  # one error per rule, when the run ends
                continue
            if not isinstance(err, InputWarning):  # a warning is printed, not an input error
                errors.append(err)
            if on_error:
                on_error(err)
        if key is not None:  # None: an input error, which has no catalog state
            state.linters[key][0].merge_catalog_state(result.catalog_state)
        if result.ids:
            ids.extend(result.ids)
        listings += result.listings
        if on_progress:
            on_progress(result.size)

    tasks = pool.chunk_tasks(plan, want_ids)
    if jobs == 1:
        for task, cfg in tasks:
            if cfg is None:
                collect(pool.ChunkResult.unreadable(task), None)
            else:
                collect(pool.lint_chunk(state, task, on_listing=on_listing), task.key)
    else:
        pool.run_parallel(tasks, jobs, collect, state)
    for failure in timeouts.errors():
        errors.append(failure)
        if on_error:
            on_error(failure)
    _finish(sets, store, baseline)
    for cache in state.caches.values():
        cache.close()
    return Result(store, errors, listings, list(seen_rules.values()), fail_on or "info", ids)


def _finish(sets, store: FindingStore, baseline: Baseline | None) -> None:
    """Add the catalog-level findings, after every listing's, as the baseline expects."""
    for linter, _cfg in sets.all_linters():
        found = linter.finish()
        store.extend(baseline.filter(found) if baseline else found)

