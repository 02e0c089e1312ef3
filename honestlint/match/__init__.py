"""Stage 3b: the optimiser's home. Pattern analysis (literal covers, gate clauses, start
classes, case variants), macro expansion, the rewrite to stdlib `re`, and the compiled
pattern with its scan plan; the engine and the kinds use it, and it knows nothing of rules."""
