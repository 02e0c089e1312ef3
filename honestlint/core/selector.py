"""What a selector names, in one place: --select, --ignore, the configuration's selection,
severities and per-file ignores, and a listing's own `ignore` all read it the same way."""
from __future__ import annotations


class _Named:
    """What a selector looks at, for a finding: its rule id and category."""

    __slots__ = ("id", "category")

    def __init__(self, rule_id: str, category: str):
        self.id, self.category = rule_id, category


def matches_selector(rule, selector: str, ids: frozenset | set = frozenset()) -> bool:
    """A selector is a rule id, an id prefix, a category, or ALL. A selector that is itself
    the id of a loaded rule (`ids`) selects that rule only: `spec-colour` is not a prefix of
    `spec-colour-en` then."""
    selector = selector.strip()
    if selector in ids:
        return rule.id == selector
    return (
        selector.upper() == "ALL"
        or rule.id == selector
        or rule.category == selector
        or rule.id.startswith(selector.rstrip("-") + "-")
    )


def finding_matches(finding, selector: str, ids: frozenset | set = frozenset()) -> bool:
    """Whether `selector` names the rule of `finding` (see matches_selector)."""
    return matches_selector(_Named(finding.rule, finding.category), selector, ids)
