"""The rules of each configuration of a run: rule files loaded once per set of directories,
the selection, packs and severities of each configuration applied, and a Linter compiled
once per configuration (RuleSets); and the configuration that applies to a path
(config_for)."""
from __future__ import annotations

import os

from ..core.rule import Rule
from ..engine import Linter
from ..ruleset import load_rules, rule_packs, select_rules, unknown_selectors, with_severity
from . import config as cfgmod
from .options import Options, UsageError


class RuleSets:
    """Loaded rule files and compiled linters, shared by every configuration of the run."""

    def __init__(self, options: Options):
        self.options = options
        self._loaded: dict[tuple, list[Rule]] = {}
        self._linters: dict[int, tuple[Linter, list[Rule], cfgmod.Config]] = {}

    def rules_for(self, cfg: cfgmod.Config) -> list[Rule]:
        dirs = tuple(cfg.rules) + tuple(self.options.rule_dirs)
        if dirs not in self._loaded:
            self._loaded[dirs] = load_rules(dirs)
        rules = self._loaded[dirs]
        if self.options.select is not None:
            # A selection on the command line replaces the configured one, ignores included.
            select, ignore = list(self.options.select), list(self.options.ignore)
        else:
            select = list(cfg.select or ["ALL"]) + cfg.extend_select
            ignore = cfg.ignore + self.options.ignore
        select += self.options.extend_select
        unknown = unknown_selectors(rules, select + ignore + list(cfg.severity))
        if unknown:
            where = f" (in {cfg.path})" if cfg.path and not set(unknown) <= set(self._cli_selectors()) else ""
            raise UsageError(f"unknown rule or category: {', '.join(unknown)}{where}; see `honestlint rules`")
        active = select_rules(rules, select, ignore)
        if cfg.packs:
            active = [r for r in active if rule_packs(r) & set(cfg.packs)]
        ids = frozenset(r.id for r in rules)
        return [with_severity(r, cfg.severity, ids) for r in active]

    def ids_for(self, cfg: cfgmod.Config) -> frozenset:
        """Every rule id loaded for `cfg` (active or not): what makes a selector an exact id."""
        return frozenset(r.id for r in self._loaded[tuple(cfg.rules) + tuple(self.options.rule_dirs)])

    def _cli_selectors(self) -> list[str]:
        o = self.options
        return list(o.select or []) + list(o.ignore) + list(o.extend_select)

    def linter_for(self, cfg: cfgmod.Config) -> tuple[Linter, list[Rule]]:
        key = id(cfg)
        if key not in self._linters:
            rules = self.rules_for(cfg)
            linter = Linter(rules, as_of=self.options.as_of, lang=self.options.lang or cfg.lang or self.options.default_lang)
            linter.timeout_limit = self.options.max_rule_timeouts
            linter.known_ids = self.ids_for(cfg)
            self._linters[key] = (linter, rules, cfg)
        linter, rules, _ = self._linters[key]
        return linter, rules

    def forget(self, cfg: cfgmod.Config) -> None:
        """Drop the linter compiled for `cfg` (a long-lived caller whose configuration changed)."""
        kept = self._linters.pop(id(cfg), None)
        if kept is not None:
            kept[0].discard_catalog_state()

    def forget_rules(self, dirs: tuple) -> None:
        """Read the rule files of `dirs` again when next asked for them (a pack was edited)."""
        self._loaded.pop(tuple(dirs), None)

    def all_linters(self):
        return [(linter, cfg) for linter, _rules, cfg in self._linters.values()]


def config_for(path: str, options: Options) -> cfgmod.Config:
    if options.config is not None:
        return options.config
    if options.config_file:
        options.config = cfgmod.load_config_file(options.config_file) or cfgmod.Config(path=options.config_file)
        return options.config
    if options.isolated:
        return cfgmod.Config(root=os.getcwd())
    return cfgmod.find_config(os.getcwd() if path == "-" else path, options.config_cache)
