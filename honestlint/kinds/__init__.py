"""Stage 3: the rule kinds, one module each over kinds/base, what they may look at in a listing
(context.ListingContext), and the registry that maps a rule's `kind:` to its class. A rule file
names one of these; everything else about a kind is data in the YAML."""
from __future__ import annotations

from .base import KindRule
from .claim import ClaimRule
from .duplicate import DuplicateRule
from .metric import MetricRule
from .pattern import PatternRule
from .phrase import PhraseRule
from .record import RecordRule

KINDS: dict[str, type[KindRule]] = {
    "phrase": PhraseRule,
    "pattern": PatternRule,
    "claim": ClaimRule,
    "metric": MetricRule,
    "record": RecordRule,
    "duplicate": DuplicateRule,
}
