"""Configuration files: honestlint.run.config, importable here as the README and callers name it."""
from .run.config import (
    CONFIG_NAMES, DEFAULT_EXCLUDE, JURISDICTIONS, KNOWN_KEYS, LISTING_FIELDS, NOT_LISTINGS, PACKS, Config,
    ConfigError, find_config, load_config_file, parse,
)

__all__ = [
    "CONFIG_NAMES", "DEFAULT_EXCLUDE", "JURISDICTIONS", "KNOWN_KEYS", "LISTING_FIELDS", "NOT_LISTINGS", "PACKS",
    "Config", "ConfigError", "find_config", "load_config_file", "parse",
]
