"""honestlint: a rule-based linter that keeps e-commerce listing copy honest.

Python API (the same pipeline as the command line):

    import honestlint
    findings = honestlint.lint({"title": "全网最低价 包邮", "shipping": {"fee": 10}})
    for f in findings:
        print(f.rule, f.category, f.severity, f.field, f.line, f.column, f.message)

    findings = honestlint.lint_file("catalog.jsonl", config="honestlint.toml")
"""
from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .core.version import __version__

__all__ = ["lint", "lint_file", "Batch", "Finding", "LintError", "__version__"]

if TYPE_CHECKING:
    from .run.config import Config
    from .core.finding import Finding
    from .core.listing import InputError


class LintError(Exception):
    """Raised by `lint_file` when some input could not be read; `.errors` lists them and
    `.findings` holds what the readable part produced."""

    def __init__(self, errors: "list[InputError]", findings: "list[Finding]"):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors, self.findings = errors, findings


def _options(config, select, ignore, as_of, rules):
    from .run import config as cfgmod
    from .run.options import Options

    options = Options(select=list(select) if select else None, ignore=list(ignore or ()),
                      rule_dirs=list(rules or ()), as_of=as_of)
    if config is None:
        return options, None
    if isinstance(config, cfgmod.Config):
        return options, config
    if isinstance(config, Mapping):
        return options, cfgmod.parse("<config>", "", dict(config))
    options.config_file = str(config)
    return options, cfgmod.load_config_file(str(config)) or cfgmod.Config(path=str(config))


def lint(listing_or_listings: Mapping[str, Any] | Iterable[Mapping[str, Any]], config: "Config | Mapping | str | None" = None,
         *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
         as_of: _dt.date | None = None, rules: Iterable[str] | None = None) -> "list[Finding]":
    """Lint one listing (a dict in the listing format) or several. `config` is a Config, a
    `[tool.honestlint]`-style mapping, or the path of a TOML file; `rules` adds rule
    directories. Positions refer to the listings serialised as indented JSON.

    Pass many listings in one call rather than one per call: texts copied among them are found
    only within a call. The rules are compiled on the first call and kept (run/batch.py), so
    later calls with the same settings start at once; see `Batch` for a linter held by the
    caller."""
    from .input import listings_from_objects

    items = [listing_or_listings] if isinstance(listing_or_listings, Mapping) else list(listing_or_listings)
    return Batch(config, select=select, ignore=ignore, as_of=as_of, rules=rules).lint(listings_from_objects(items))


class Batch:
    """A compiled linter for one configuration, for linting many batches of listings with no
    setup per call: `Batch(config, select=..., as_of=...).lint(listings)` (dicts or Listings).
    Batches built with equal settings share one compiled linter."""

    def __init__(self, config: "Config | Mapping | str | None" = None, *, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, as_of: _dt.date | None = None,
                 rules: Iterable[str] | None = None):
        from .run import config as cfgmod
        from .run.batch import batch_for

        options, cfg = _options(config, select, ignore, as_of, rules)
        options.as_of = options.as_of or _dt.date.today()
        self.batch = batch_for(options, cfg or cfgmod.Config())

    def lint(self, listings) -> "list[Finding]":
        """Findings of `listings` (dicts in the listing format, or Listings from
        honestlint.input), sorted, copied texts among them included."""
        from .core.listing import Listing
        from .input import listings_from_objects

        items = list(listings)
        if items and not all(isinstance(item, Listing) for item in items):
            items = listings_from_objects(items)
        return self.batch.lint_listings(items)


def lint_file(path: str, config: "Config | Mapping | str | None" = None, *, select: Iterable[str] | None = None,
              ignore: Iterable[str] | None = None, as_of: _dt.date | None = None,
              rules: Iterable[str] | None = None) -> "list[Finding]":
    """Lint a file or directory exactly as `honestlint PATH` does; without `config` the
    nearest configuration file is used. Raises LintError if some input could not be read."""
    from .run.pipeline import run

    options, cfg = _options(config, select, ignore, as_of, rules)
    options.config = cfg
    # The API returns lists; the run's store (and any temporary files) ends here.
    with run([str(path)], options) as result:
        findings = list(result.findings)
    if result.errors:
        raise LintError(result.errors, findings)
    return findings


def __getattr__(name):
    if name == "Finding":
        from .core.finding import Finding

        return Finding
    raise AttributeError(name)
