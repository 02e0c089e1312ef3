"""`honestlint init` (an app): a commented starting configuration for a jurisdiction and a
platform.

The choices are data, not code: choices.py holds JURISDICTIONS and PLATFORMS, one entry each
with the settings it makes and the reason for each; writer.py renders a choice as TOML (a whole
`honestlint.toml`, or a `[tool.honestlint]` table for pyproject.toml) and writes it without
clobbering anything. Laws and platform rules are named only as the built-in rules' own
`references` name them (tests/test_init.py checks every citation against the rules its setting
selects), so the written file cites nothing the rules do not.
"""
from __future__ import annotations

from .choices import (DEFAULT_JURISDICTION, DEFAULT_PLATFORM, JURISDICTION_NAMES, JURISDICTIONS, PLATFORM_NAMES,
                      PLATFORMS, Choice, Jurisdiction, Platform, Severity, default_jurisdiction, default_lang,
                      severity_choices)
from .writer import WIDTH, InitError, has_table, place_in_pyproject, render, write

__all__ = [
    "DEFAULT_JURISDICTION", "DEFAULT_PLATFORM", "JURISDICTION_NAMES", "JURISDICTIONS", "PLATFORM_NAMES", "PLATFORMS",
    "WIDTH", "Choice", "InitError", "Jurisdiction", "Platform", "Severity", "default_jurisdiction", "default_lang",
    "has_table", "place_in_pyproject", "render", "severity_choices", "write",
]
