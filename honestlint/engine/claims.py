"""How the findings of one listing that report one claim collapse to one: a claim read by two
rules ("BEST IN THE WORLD" by a phrase rule and a ranked-superlative rule) is reported once,
by the most specific of them."""
from __future__ import annotations

import re

from ..core.categories import SEVERITY_ORDER
from ..core.finding import Finding


def one_per_claim(findings: list[Finding], languages: dict[str, tuple] | None = None) -> list[Finding]:
    """Overlapping findings of one category in one field are one claim reported twice ("BEST IN
    THE WORLD" read by a phrase rule and a ranked-superlative rule): keep the most specific:
    a rule written for the claim's script first (`languages`: rule id -> its languages), then
    the most severe, then the one that covers most of the text. Findings of different
    categories on one span are different dishonesties and all stay."""
    languages = languages or {}
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.field, finding.category), []).append(finding)
    if len(groups) == len(findings):
        return findings
    keep: set[int] = set()
    for group in groups.values():
        if len(group) == 1:
            keep.add(id(group[0]))
            continue
        taken: list[tuple[tuple, tuple, str | None]] = []
        for finding in sorted(group, key=lambda f: _specificity(f, languages.get(f.rule, ()))):
            span = ((finding.line, finding.column), (finding.end_line, finding.end_column))
            # Two facts contradicted by one phrase (7天无理由退换 against returns.days and
            # returns.no_reason) are two things to mend, so both stay.
            if any(span[0] < end and start < span[1] and (fact is None or finding.fact_field is None
                                                           or fact == finding.fact_field)
                   for start, end, fact in taken):
                continue
            taken.append((span[0], span[1], finding.fact_field))
            keep.add(id(finding))
    return [f for f in findings if id(f) in keep]


def _specificity(finding: Finding, languages: tuple) -> tuple:
    length = (finding.end_line - finding.line, finding.end_column - finding.column)
    han = _HAN_TEXT.search(finding.text) is not None
    fits = ("zh" in languages or "zh-Hant" in languages) if han else "en" in languages
    # A finding that names the fact it contradicts says more than one that reads copy alone.
    return (not fits, SEVERITY_ORDER[finding.severity], finding.fact_field is None, -length[0], -length[1],
            finding.rule)


_HAN_TEXT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
