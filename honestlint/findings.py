"""What a finding is: honestlint.core.finding, importable here as the README and callers name it."""
from .core.finding import SAFE, UNSAFE, Edit, Finding, Fix, fingerprint

__all__ = ["SAFE", "UNSAFE", "Edit", "Finding", "Fix", "fingerprint"]
