"""The input formats honestlint reads, by file name."""
from __future__ import annotations

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
# What a directory walk picks up; a CSV (Shopify export) is read when named explicitly.
LISTING_SUFFIXES = (".json",) + JSON_LINES_SUFFIXES
# Formats people try that honestlint does not read: named, not reported as invalid JSON.
UNSUPPORTED_SUFFIXES = {".yaml": "YAML", ".yml": "YAML", ".toml": "TOML", ".xml": "XML", ".tsv": "TSV",
                        ".xlsx": "Excel", ".xls": "Excel", ".txt": "plain text"}
SUPPORTED = "JSON, JSON Lines and the Shopify product CSV export"
