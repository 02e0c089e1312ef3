"""Linters that live between calls, for the editor and the live page: BufferLinter lints an
editor's buffer as the command line would lint the file at its path (the LSP server), and
ListingLinter lints listing objects again and again (`honestlint serve`). Both keep their
compiled linters, which take seconds to build, and compile anew when a configuration file or
rule pack changes, or the date does.
"""
from __future__ import annotations

import datetime as _dt
import os
import threading
from dataclasses import dataclass, replace
from typing import Iterable

from ..core.finding import Finding
from ..core.listing import InputError
from ..core.rule import MESSAGE_LANGUAGES, Rule, RuleError
from ..engine import Linter
from ..input import Record, listings_from_objects, parse, records_from_text
from ..ruleset.load import rule_files
from . import config as cfgmod
from .failures import RuleFailure
from .files import skip_reason
from .filters import lint_one, without_ignored
from .options import Options, UsageError
from .rulesets import RuleSets, config_for


def _rule_stamp(dirs: tuple) -> tuple:
    """(path, modification time, size) of every rule file in `dirs`: a few stat calls that
    tell a long-lived linter that a rule pack was edited. A missing directory is left to
    load_rules, which reports it."""
    stamp = []
    for directory in dirs:
        try:
            for path in rule_files(directory):
                info = os.stat(path)
                stamp.append((path, info.st_mtime_ns, info.st_size))
        except (OSError, RuleError):
            stamp.append((directory, None, None))
    return tuple(stamp)


@dataclass
class BufferResult:
    """What `BufferLinter.lint` found in one text: findings (sorted), input errors and warnings
    (a listing that cannot be read, a rule that timed out), or why the path is not linted."""

    findings: list[Finding]
    errors: list[InputError]
    skipped: str | None = None


class BufferLinter:
    """Lints text held in memory (an editor's buffer) as `run` lints the file at `path`: with
    the configuration nearest to `path`, its rule packs, severities, exclusions and per-file
    ignores, and each listing's own suppressions. Catalog-level rules compare the listings of
    one text only.

    A compiled linter costs seconds, so it is kept between calls, per configuration file; an
    edited configuration file (another modification time or size) is read and compiled anew.
    `roots` are the directories (the editor's workspace folders) that stand for the
    configuration's directory where no configuration file is found, so that the default
    `exclude` patterns are matched below them, not against the whole path."""

    # Configurations kept compiled at once (a workspace rarely has more than one or two).
    KEPT = 4

    def __init__(self, options: Options | None = None, roots: Iterable[str] = ()):
        self.options = options or Options()
        self._as_of = self.options.as_of  # None: today, on each call
        self.roots = [os.path.abspath(r) for r in roots]
        self._sets = RuleSets(self.options)
        self._compiled: dict[tuple, cfgmod.Config] = {}   # key -> the Config object its linter is keyed by
        self._rules_seen: dict[tuple, tuple] = {}          # rule directories -> their files' stamps

    def _root_of(self, path: str) -> str:
        """The workspace folder holding `path`, else the working directory as for the command
        line if it holds it, else the file's own directory."""
        full = os.path.abspath(path)

        def holds(folder: str) -> bool:
            return full.startswith(folder.rstrip(os.sep) + os.sep)

        folders = [r for r in self.roots if holds(r)]
        if folders:
            return max(folders, key=len)
        return os.getcwd() if holds(os.getcwd()) else os.path.dirname(full)

    def config_for(self, path: str) -> cfgmod.Config:
        """The configuration of `path`, found afresh (raises cfgmod.ConfigError)."""
        o = self.options
        if o.config is not None or o.config_file or o.isolated:
            return config_for(path, o)
        found = cfgmod.find_config(path, {})
        if found.path is None:
            found = cfgmod.Config(root=self._root_of(path))
        return found

    def _linter(self, cfg: cfgmod.Config) -> tuple[Linter, list[Rule], cfgmod.Config]:
        stamp: tuple = ()
        if cfg.path:
            try:
                info = os.stat(cfg.path)
                stamp = (info.st_mtime_ns, info.st_size)
            except OSError:
                pass
        as_of = self._as_of or _dt.date.today()
        dirs = tuple(cfg.rules) + tuple(self.options.rule_dirs)
        rule_stamp = _rule_stamp(dirs)
        key = (cfg.path, cfg.root, stamp, rule_stamp, as_of)
        kept = self._compiled.pop(key, None)
        if kept is None:
            if self._rules_seen.setdefault(dirs, rule_stamp) != rule_stamp:
                self._sets.forget_rules(dirs)  # a rule file was edited: read the pack again
                self._rules_seen[dirs] = rule_stamp
            while len(self._compiled) >= self.KEPT:
                oldest = next(iter(self._compiled))
                self._sets.forget(self._compiled.pop(oldest))
            self.options.as_of = as_of
            kept = cfg
        self._compiled[key] = kept  # most recently used last
        linter, rules = self._sets.linter_for(kept)
        return linter, rules, kept

    def prepare(self, path: str) -> None:
        """Compile the linter of `path`'s configuration now (an editor server, while it waits
        for its first document); a broken configuration is reported when a text is linted."""
        try:
            self._linter(self.config_for(path))
        except Exception:  # noqa: BLE001 - lint() raises it again, where it can be shown
            pass

    def lint(self, text: str, path: str) -> BufferResult:
        """Findings of `text` as the content of `path`. Raises UsageError for a configuration
        or selection that makes linting impossible, rules.RuleError for a broken rule pack."""
        try:
            cfg = self.config_for(path)
        except cfgmod.ConfigError as exc:
            raise UsageError(str(exc)) from None
        if os.path.isabs(path):
            why = skip_reason(path, cfg, self.options, explicit=False)
            if why is not None:
                return BufferResult([], [], why)
        linter, rules, cfg = self._linter(cfg)
        ignored = cfg.ignores_for(path)
        fields = cfg.fields or None
        findings: list[Finding] = []
        errors: list[InputError] = []
        try:
            for item in records_from_text(text, path):
                listing = parse(item, fields) if isinstance(item, Record) else item
                if isinstance(listing, InputError):
                    errors.append(listing)
                    continue
                errors.extend(listing.warnings)
                findings.extend(lint_one(linter, rules, listing, ignored))
            findings.extend(without_ignored(list(linter.finish()), ignored, linter.known_ids))
        finally:
            linter.discard_catalog_state()  # this text's only: the next call starts afresh
            errors.extend(RuleFailure(note) for note in linter.take_rule_errors())
        findings.sort(key=Finding.sort_key)
        return BufferResult(findings, errors)


class ListingLinter:
    """Lints listing objects held in memory again and again, for a caller that lints on every
    pause in typing (`honestlint serve`): the configuration (`--config`, `--isolated`, else the
    one nearest the working directory, with its rule packs) is resolved once, and a compiled
    linter (seconds to build) is kept per message language and per day.

    A Linter keeps state between the listings it is given (the language of the last one, the
    catalog-level candidates), so calls are serialised by a lock; `lint` is safe from threads.
    Catalog-level rules compare the listings of one call only."""

    def __init__(self, options: Options):
        self.options = options
        try:
            self.config = config_for("-", options)
        except cfgmod.ConfigError as exc:
            raise UsageError(str(exc)) from None
        self._sets: dict[tuple[str, _dt.date], RuleSets] = {}
        self._lock = threading.Lock()
        self.rule_errors: list = []  # the time-outs of the last call (engine.TimedOut)
        self.rules(None)  # compiled now, so that a bad selector or rule pack fails at start

    @property
    def default_lang(self) -> str:
        """The language of messages when a call names none: --lang, else the configured one."""
        return self.options.lang or self.config.lang or self.options.default_lang

    def _linter(self, lang: str | None) -> tuple[Linter, list[Rule]]:
        lang = lang or self.default_lang
        day = self.options.as_of or _dt.date.today()  # a server left running follows the date
        key = (lang, day)
        if key not in self._sets:
            if len(self._sets) >= len(MESSAGE_LANGUAGES):  # yesterday's linters go
                self._sets = {k: v for k, v in self._sets.items() if k[1] == day}
            self._sets[key] = RuleSets(replace(self.options, lang=lang, as_of=day, config_cache={}))
        return self._sets[key].linter_for(self.config)

    def rules(self, lang: str | None = None) -> list[Rule]:
        """The active rules (raises UsageError or RuleError as `run` does)."""
        with self._lock:
            return self._linter(lang)[1]

    def lint(self, objects: Iterable[dict], lang: str | None = None) -> list[Finding]:
        """The findings of `objects` (listing dicts), sorted, with messages in `lang` (None: the
        default). A listing that is not valid raises ValueError with the loader's message."""
        listings = listings_from_objects(list(objects))
        with self._lock:
            linter, rules = self._linter(lang)
            try:
                found = [f for listing in listings for f in lint_one(linter, rules, listing)]
                found.extend(linter.finish())
            except BaseException:
                linter.discard_catalog_state()
                raise
            finally:
                # Time-outs count per request, as per buffer in the editor server: a rule that
                # ran past its bound three times for one listing is switched off for it, not for
                # every listing the page lints afterwards.
                self.rule_errors = linter.take_rule_errors()
        return sorted(found, key=Finding.sort_key)
