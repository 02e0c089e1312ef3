"""Linting many listings with one compiled linter and no per-call setup: the batch path of the
Python API (`honestlint.lint`, `honestlint.Batch`) and of Spark's executors (honestlint.spark).

Compiling a rule set (loading the YAML, building the scan automaton, the tokenizer's word
lists) takes about a second; linting a listing takes about a millisecond. A BatchLinter
compiles once and then lints batch after batch through the same chunk code as the command
line (pool.lint_chunk: suppressions, per-file ignores, catalog records), so a caller that
lints in many small calls pays the setup once, as a CLI run does. `batch_for` keeps the few
most recently used ones, keyed by a hash of what they were built from.
"""
from __future__ import annotations

import collections
import hashlib
import pickle
from typing import Iterable

from ..core.finding import Finding
from ..core.listing import Listing
from ..input import Record
from . import config as cfgmod
from .options import Options
from .pool import ChunkResult, ChunkTask, RunState, lint_chunk
from .rulesets import RuleSets

# Compiled linters kept by batch_for (each holds its rule set's automaton and word lists).
BATCHES_KEPT = 4


class BatchLinter:
    """One configuration's rules, compiled once, linting listings batch after batch."""

    _KEY = 0  # the RunState key of the one configuration

    def __init__(self, options: Options, cfg: cfgmod.Config):
        self.options, self.cfg = options, cfg
        self.sets = RuleSets(options)
        self.linter, self.rules = self.sets.linter_for(cfg)  # raises UsageError for a bad selection
        self._state = RunState(linters={self._KEY: (self.linter, self.rules)})

    def lint_records(self, records: list[Record | Listing], ignored: list[str] | None = None) -> ChunkResult:
        """Parse and lint records (or Listings) as the command line lints a chunk of a file:
        findings after suppressions and `ignored` (per-file ignores), input errors and rule
        failures, and the catalog records (copied texts) for the caller to group."""
        task = ChunkTask(self._KEY, list(ignored or ()), self.cfg.fields or None, list(records))
        return lint_chunk(self._state, task)

    def lint_listings(self, listings: Iterable[Listing]) -> list[Finding]:
        """Every finding of `listings`, catalog-level ones included (the texts copied among
        them), sorted as a run sorts them; the linter is ready for the next batch after."""
        result = self.lint_records(list(listings))
        self.linter.merge_catalog_state(result.catalog_state)
        findings = list(result.findings)
        try:
            findings.extend(self.linter.finish())
        finally:
            self.linter.discard_catalog_state()
        self.linter.take_rule_errors()  # a rule switched off for one batch runs again on the next
        findings.sort(key=Finding.sort_key)
        return findings


_kept: "collections.OrderedDict[str, BatchLinter]" = collections.OrderedDict()


def batch_key(options: Options, cfg: cfgmod.Config) -> str:
    """A hash of what a BatchLinter is built from: the options that choose and shape the rules
    and the configuration (its rule directories by path: a caller that edits a rule file
    between calls builds a new one, see `forget_batches`)."""
    shape = (options.select, options.ignore, options.extend_select, options.rule_dirs, options.as_of,
             options.lang, options.default_lang, options.max_rule_timeouts, cfg)
    return hashlib.blake2b(pickle.dumps(shape, protocol=4), digest_size=16).hexdigest()


def batch_for(options: Options, cfg: cfgmod.Config) -> BatchLinter:
    """The BatchLinter for these options and configuration, compiled on first use."""
    key = batch_key(options, cfg)
    batch = _kept.get(key)
    if batch is None:
        batch = _kept[key] = BatchLinter(options, cfg)
        while len(_kept) > BATCHES_KEPT:
            _kept.popitem(last=False)
    else:
        _kept.move_to_end(key)
    return batch


def forget_batches() -> None:
    """Drop every kept BatchLinter (rule files changed on disk)."""
    _kept.clear()
