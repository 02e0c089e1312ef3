"""The claim kind: a pattern whose match states a value (a colour, a duration, a price) that is
compared with the listing's facts by an operator (facts/)."""
from __future__ import annotations

from typing import Any

from .. import facts as F
from ..core.categories import SEVERITIES
from ..core.rule import RuleContext
from ..text.numerals import parse_number
from .base import Hit, show_value
from .pattern import PatternRule


def _read_claim(reader: str, unit: str | None, values: dict) -> Any:
    """The claimed value of a match, by the rule's `read` setting."""
    capture = values.get("claim") if "claim" in values else values.get("value")
    if reader == "number":
        return parse_number(capture or "")
    if reader == "duration":
        return F.read_duration(values, unit or "hours")
    if reader == "quantity":
        return F.read_quantity(values.get("value"), values.get("unit"))
    if reader == "date":
        month, day = parse_number(values.get("month") or ""), parse_number(values.get("day") or "")
        return (int(month), int(day)) if month and day else None
    if reader == "text":
        return (capture if capture is not None else values["match"]).strip()
    if reader == "none":
        return True
    raise ValueError(reader)


class ClaimRule(PatternRule):
    KEYS = PatternRule.KEYS | {"read", "unit", "fact", "operator", "expect", "missing", "missing_severity", "params",
                               "fact_message", "agree"}
    READERS = ("number", "duration", "quantity", "date", "text", "none")

    def compile(self, ctx: RuleContext) -> None:
        super().compile(ctx)
        self.read = ctx.get("read", str, default="text")
        if self.read not in self.READERS:
            raise ctx.error(f"read must be one of {', '.join(self.READERS)}", "read")
        self.unit = ctx.get("unit", str, default=None)
        if self.read == "duration" and self.unit not in ("hours", "days", "months"):
            raise ctx.error("a duration claim needs unit: hours, days or months", "unit")
        try:
            self.fact = F.FactPath.parse(ctx.get("fact", str, required=True))
        except ValueError as exc:
            raise ctx.error(str(exc), "fact") from None
        self.operator = ctx.get("operator", str, required=True)
        if self.operator not in F.OPERATORS:
            raise ctx.error(f"unknown operator '{self.operator}' (known: {', '.join(sorted(F.OPERATORS))})", "operator")
        self.expect = ctx.get("expect", (str, int, float, bool), default=None)
        self.missing = ctx.get("missing", str, default="silent")
        if self.missing not in ("silent", "unbacked"):
            raise ctx.error("missing must be 'silent' or 'unbacked'", "missing")
        # categories.md: a claim the facts contradict is an error, a claim whose fact is missing
        # is unbacked (a warning). One rule says both: severity for the contradiction,
        # missing_severity for the unbacked claim.
        self.missing_severity = ctx.get("missing_severity", str, default=None)
        if self.missing_severity is not None:
            if self.missing_severity not in SEVERITIES:
                raise ctx.error(f"missing_severity must be one of {', '.join(SEVERITIES)}", "missing_severity")
            if self.missing != "unbacked":
                raise ctx.error("missing_severity needs missing: unbacked", "missing_severity")
        self.params = dict(ctx.get("params", dict, default={}))
        # How a message names the fact when the listing lacks it: a spec group by its listing
        # field (certifications) or as a spec (specs.colour), not as `spec:colour`.
        self._fact_name = self.fact.source
        if self.fact.source.startswith("spec:"):
            group = self.fact.source[5:]
            _, field_name = F.lexicon().spec_aliases.get(group, ((), None))
            self._fact_name = field_name or f"specs.{group}"
        # The message when the fact is missing and the rule says the claim is unbacked.
        self.fact_message, fact_texts = ctx.text("fact_message")
        self.fact_message = self.fact_message or None
        if fact_texts:
            self.texts["fact_message"] = fact_texts
        # agree: any -- a field passes when any one of its claims agrees with the fact. A title
        # naming several materials ("Stainless Steel, Wooden Block") describes parts, and the
        # spec usually names the main one.
        self.agree = ctx.get("agree", str, default="each")
        if self.agree not in ("each", "any"):
            raise ctx.error("agree must be 'each' or 'any'", "agree")

    text_decides = False  # the claims come from the text, the verdict from the facts

    def may_report(self, field):
        return bool(self.claims(field))

    def check(self, lctx, field, hits):
        out = []
        agreed = False
        # Most claims agree with the facts, so a claim's message values (a copy of the shared
        # match values, the claim as shown) are made only for one that does not.
        captures = "{" in self.fact.source  # a fact path that reads the match ({value})
        for start, end, shared in self.claims(field):
            claim = _read_claim(self.read, self.unit, shared)
            if claim is None:
                continue
            if captures:
                values = _claim_values(shared, claim)
                found = lctx.facts(self.fact, values)
            else:
                values = None
                found = lctx.facts(self.fact, shared)
            if not found and self.operator != "non_empty":
                if self.missing == "unbacked":
                    values = values or _claim_values(shared, claim)
                    values["fact"] = "missing"
                    values["fact_field"] = self._fact_name
                    out.append(Hit(start, end, values, message=self.fact_message, severity=self.missing_severity))
                continue
            params = self.params  # operators only read it
            if "multiplier" in shared:
                params = dict(params)
                params["multiplier"] = parse_number(shared["multiplier"])
            check = F.Check(found, claim, self.expect, params, lctx.as_of, lctx.data, lctx.copy_text)
            contradiction = F.OPERATORS[self.operator](check)
            if contradiction is None:
                agreed = True
                continue
            values = values or _claim_values(shared, claim)
            if contradiction.value is None and not contradiction.path and self.missing == "silent" and self.operator != "non_empty":
                continue
            values["fact"] = show_value(contradiction.value) if contradiction.value is not None else "missing"
            values["fact_field"] = contradiction.label or self._fact_name
            values["expect"] = show_value(self.expect) if self.expect is not None else ""
            unbacked = contradiction.value is None and not contradiction.path
            out.append(Hit(start, end, values, contradiction if contradiction.path else None,
                           severity=self.missing_severity if unbacked else None))
        if agreed and self.agree == "any":
            return []
        return out


def _claim_values(shared: dict, claim) -> dict:
    """A claim's message values: its own copy of the match values, with the claim as shown."""
    values = dict(shared)
    values["claim"] = show_value(claim)
    return values
