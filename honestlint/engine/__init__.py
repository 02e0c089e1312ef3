"""Stage 3c-4: the linter. For each listing: its copy fields normalised and tokenised, one
literal scan per field deciding which rules run, the rules' hits turned into findings with exact
places, messages in the listing's language and fixes; then the checks across a catalog
(copied reviews)."""
from __future__ import annotations

from ..kinds.context import ListingContext
from ..text.field import CopyField, copy_fields, normalize_fields
from .claims import one_per_claim
from .linter import RULE_TIMEOUT_LIMIT, Linter, TimedOut, lint_listings
from .messages import QUOTE_MAX, excerpt

__all__ = ["QUOTE_MAX", "RULE_TIMEOUT_LIMIT", "CopyField", "Linter", "ListingContext", "TimedOut", "copy_fields",
           "excerpt", "lint_listings", "normalize_fields", "one_per_claim"]
