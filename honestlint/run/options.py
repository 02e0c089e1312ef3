"""What a run is asked and what it answers: Options (what the command line or an API caller
sets), Result (the findings of a run, in a store that may hold temporary files) and
UsageError (a selection or setting that makes the run impossible)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..core.listing import InputError
from ..core.rule import Rule
from ..engine import RULE_TIMEOUT_LIMIT
from . import config as cfgmod
from .store import FindingStore, ListingLog


@dataclass
class Options:
    """What the command line (or an API caller) sets; None means: take it from the config."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    rule_dirs: list[str] = field(default_factory=list)
    fail_on: str | None = None
    as_of: _dt.date | None = None
    config_file: str | None = None     # --config: use this file for every input
    isolated: bool = False             # --isolated: ignore configuration files
    baseline: str | None = None
    config: "cfgmod.Config | None" = None  # a configuration for every input (API, --config)
    config_cache: dict = field(default_factory=dict, repr=False)  # directory -> nearest Config
    # Where results of listings linted before are kept between runs (run/cache.py); None:
    # lint every listing afresh. The command line sets it; the Python API leaves it off.
    cache_dir: str | None = None
    # --force-exclude: also skip excluded files named explicitly (None: the configured value).
    force_exclude: bool | None = None
    # --exclude replaces the configured exclude, --extend-exclude adds to it (None: unset).
    exclude: list[str] | None = None
    extend_exclude: list[str] = field(default_factory=list)
    # A rule that times out on this many listings is switched off for the rest of the run.
    max_rule_timeouts: int = RULE_TIMEOUT_LIMIT
    # The language of messages: --lang, else the configured `lang`, else `default_lang` (the
    # command line sets "auto" for the formats people read, "en" for machine formats).
    lang: str | None = None
    default_lang: str = "en"


@dataclass
class Result:
    findings: FindingStore  # iterable (sorted, as often as needed), len(), severity counts
    errors: list[InputError]
    listings: int
    rules: list[Rule]
    fail_on: str
    listing_ids: ListingLog | None = None  # (file, id) of every listing read, when asked for

    def close(self) -> None:
        """Remove the temporary files behind `findings` and `listing_ids`."""
        self.findings.close()
        if self.listing_ids is not None:
            self.listing_ids.close()

    def __enter__(self) -> "Result":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class UsageError(Exception):
    """A selector, option or setting that makes the run impossible."""
