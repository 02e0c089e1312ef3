"""The categories of dishonest copy (shared/categories.md) and the severities a finding has."""
from __future__ import annotations

CATEGORIES = (
    "clickbait-rebate", "gift-unbacked", "free-misuse", "shipping-mismatch", "returns-mismatch",
    "warranty-mismatch", "spec-mismatch", "origin-mismatch", "brand-misuse",
    "certification-unbacked", "health-claim", "absolute-claim", "price-reference", "urgency-fake",
    "review-incentive", "review-integrity", "hidden-fee", "title-quality",
    "authority-endorsement", "guaranteed-outcome", "superstition", "disparagement",
)
SEVERITIES = ("error", "warning", "info")
# Higher is more severe (--fail-on compares with it).
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# The order findings are listed and preferred in: most severe first.
SEVERITY_ORDER = {severity: n for n, severity in enumerate(SEVERITIES)}
