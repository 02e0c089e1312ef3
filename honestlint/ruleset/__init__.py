"""Stage 3a: rule packs. Loading YAML rules (with their lines), compiling them by kind,
selecting them (selectors, packs, severities), and the self-test that runs every rule's own
examples."""
from __future__ import annotations

from ..core.rule import RuleError
from .load import builtin_dir, load_file, load_rules
from .select import rule_packs, select_rules, unknown_selectors, with_severity

__all__ = ["RuleError", "builtin_dir", "load_file", "load_rules", "rule_packs", "select_rules",
           "unknown_selectors", "with_severity"]
