"""Stage 3, facts: the structured facts of a listing, and the operators that compare a claim
with them.

A `claim` rule names a fact by a small path language:

    shipping.fee                      a value
    promotions[].ends_at              every element of a list
    promotions[reward.value={amount}] elements whose field equals a capture (or a literal)
    spec:colour                       a spec under any of its alias names (颜色 / color / ...)
    price.reference - price.current   sums and differences of numeric facts

and an operator that must hold between the fact and the claimed value. A rule fires when it
does not hold; where the fact is missing, the rule's `missing` setting decides.

paths resolves fact paths, readers reads the values claims and specs state, operators holds the
Check, the OPERATORS registry and the generic operators. The attribute operators have a module
each: materials (materials, colours, compositions), item_attributes (a colour or material said
of the item or of a part), quantities (quantities and lengths), ages and model_numbers.
Importing the package registers every operator: each module that holds one is imported here
(tests/test_operators_registry.py checks that none is left out).
"""
from __future__ import annotations

from ..text.lexicon import lexicon
from . import ages, item_attributes, materials, model_numbers, operators, quantities
from .operators import LIST_OPERATORS, OPERATORS, Check, Operator, operator
from .paths import Fact, FactPath, spec_facts
from .readers import Quantity, duration_in, quantities_in, ranges_in, read_duration, read_month_day, read_quantity

__all__ = [
    "LIST_OPERATORS", "OPERATORS", "Check", "Fact", "FactPath", "Operator", "Quantity",
    "ages", "duration_in", "item_attributes", "lexicon", "materials", "model_numbers", "operator",
    "operators", "quantities", "quantities_in", "ranges_in", "read_duration", "read_month_day",
    "read_quantity", "spec_facts",
]
