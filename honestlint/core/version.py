"""The version of honestlint: one place, read by the command line, the reports and the cache
keys (which is why it is not in the package root: nothing may import the root)."""

__version__ = "0.1.0"
