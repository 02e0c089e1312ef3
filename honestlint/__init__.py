"""honestlint: a rule-based linter that keeps e-commerce listing copy honest."""
__version__ = "0.1.0"
