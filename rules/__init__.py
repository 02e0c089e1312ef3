"""Built-in rule packs (YAML). Shipped inside the wheel as honestlint.builtin_rules."""
