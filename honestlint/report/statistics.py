"""Stage 5 (output): the `--statistics` report: counts per rule, category and severity, as a
table or (with `--format json`) a JSON object."""
from __future__ import annotations

import collections
import json
from typing import TYPE_CHECKING, Iterable

from ..core.categories import SEVERITIES
from ..core.finding import Finding
from ..core.version import __version__

if TYPE_CHECKING:
    from ..core.listing import InputError


def statistics(findings: Iterable[Finding], output_format: str = "text", listings: int | None = None,
               errors: Iterable[InputError] = ()) -> str:
    """Counts per rule and per category: a table, or a JSON object when `output_format` is json."""
    by_rule: collections.Counter = collections.Counter()
    by_category: collections.Counter = collections.Counter()
    by_severity: collections.Counter = collections.Counter()
    total = 0
    for f in findings:  # one pass; the counters are as small as the rule set
        by_rule[(f.rule, f.category, f.severity)] += 1
        by_category[f.category] += 1
        by_severity[f.severity] += 1
        total += 1
    if output_format == "json":
        doc = {
            "tool": "honestlint",
            "version": __version__,
            "listings": listings,
            "findings": total,
            "errors": len(list(errors)),
            "severities": {s: by_severity[s] for s in SEVERITIES},
            "rules": [{"rule": rule, "category": category, "severity": severity, "count": n}
                      for (rule, category, severity), n in by_rule.most_common()],
            "categories": [{"category": category, "count": n} for category, n in by_category.most_common()],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines = [f"{'count':>6}  {'rule':32} {'category':24} severity"]
    for (rule, category, severity), n in by_rule.most_common():
        lines.append(f"{n:6}  {rule:32} {category:24} {severity}")
    lines.append("")
    lines.append(f"{'count':>6}  category")
    for category, n in by_category.most_common():
        lines.append(f"{n:6}  {category}")
    return "\n".join(lines) + "\n"
