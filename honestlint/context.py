"""Stage 3b': the words around a claim that make it no claim, decided once for every rule.

A rule names the contexts that cancel it (`cancelled_by: [negation, advice, ...]`); the engine
asks `cancelled(names, field, start, end)` for each candidate that passed the rule's own
exceptions. Each context reads the claim's clause on the shared tokenizer's word boundaries, so
不锈钢 and 不粘锅 are words, not negations of what follows.
"""
from __future__ import annotations

CONTEXTS = ("negation", "advice", "ordinal", "label", "quoted", "name")


def cancelled(names, field, start: int, end: int) -> bool:
    return False
