"""What every rule is, whatever its kind: its identity, category, severity, texts in each
language, and the context a kind validates its own keys with (file and line in every error)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

LANGUAGES = ("zh", "zh-Hant", "en")
# Where a rule's text lacks a language, the one read next: a Traditional reader reads
# Simplified before English.
TEXT_FALLBACK = {"en": ("en", "zh", "zh-Hant"), "zh": ("zh", "zh-Hant", "en"), "zh-Hant": ("zh-Hant", "zh", "en")}
# The languages of messages: `auto` follows each listing's language (its `lang`, else its title).
MESSAGE_LANGUAGES = ("auto",) + LANGUAGES
# The keys of a rule whose text may be written per language.
TEXT_KEYS = ("message", "suggestion", "summary", "fact_message")
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# How a rule's fix writes the contradicted fact (`fix: {with: ...}`).
WRITE_MODES = ("fact", "number", "duration")


class RuleError(Exception):
    """A rule file that cannot be used: `FILE:LINE: error: MESSAGE`."""

    def __init__(self, file: str, line: int | None, message: str):
        super().__init__(message)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: error: {self.message}"


@dataclass
class Rule:
    """What every rule has, whatever its kind. Kinds subclass this and add `check`."""

    id: str
    kind: str
    category: str
    severity: str
    languages: tuple[str, ...]
    fields: tuple[str, ...]
    message: str
    suggestion: str
    summary: str
    rationale: str
    references: list[dict]
    examples: dict
    packs: tuple[str, ...]
    file: str
    line: int
    spec: dict = field(repr=False, default_factory=dict)
    # Per-language text: key ("message", "suggestion", "summary", "fact_message") -> language
    # -> text. The plain attributes above hold the English (or the only) text.
    texts: dict = field(repr=False, default_factory=dict)

    def reads(self, field_name: str) -> bool:
        return field_name in self.fields

    def text(self, key: str, lang: str | None) -> str:
        """The rule's `key` text in `lang`, or in the nearest language it is written in."""
        by_lang = self.texts.get(key)
        if not by_lang:
            return getattr(self, key, "") or ""
        for candidate in TEXT_FALLBACK.get(lang or "en", ("en",)):
            if candidate in by_lang:
                return by_lang[candidate]
        return next(iter(by_lang.values()))


class RuleContext:
    """Helpers a kind uses to validate its own keys with file and line. `trusted` rules (the
    built-in packs) may use the faster regex engine without a time bound."""

    # `raw` is the rule's YAML mapping with `line` and `key_lines` (ruleset's loader sets them).
    def __init__(self, file: str, raw: dict, trusted: bool = False):
        self.file, self.raw, self.trusted = file, raw, trusted

    def error(self, message: str, key: str | None = None) -> RuleError:
        line = self.raw.key_lines.get(key, self.raw.line) if key else self.raw.line
        return RuleError(self.file, line, f"rule {self.raw.get('id', '?')!r}: {message}")

    def get(self, key: str, types, default=None, required: bool = False):
        if key not in self.raw:
            if required:
                raise self.error(f"missing required key '{key}'")
            return default
        value = self.raw[key]
        if not isinstance(value, types):
            names = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
            raise self.error(f"'{key}' must be {names}, not {type(value).__name__}", key)
        return value

    def texts(self, key: str, required: bool = False) -> dict[str, str]:
        """A text key, written either as one string (for every language) or per language
        (`message: {en: ..., zh: ..., zh-Hant: ...}`): language -> text, {} when absent."""
        value = self.get(key, (str, dict), None, required)
        if value is None:
            return {}
        if isinstance(value, str):
            return {"": value}
        if not value:
            raise self.error(f"'{key}' needs at least one language", key)
        for lang, text in value.items():
            if lang not in LANGUAGES:
                raise self.error(f"'{key}' has unknown language '{lang}' (known: {', '.join(LANGUAGES)})", key)
            if not isinstance(text, str) or not text.strip():
                raise self.error(f"'{key}.{lang}' must be a non-empty string", key)
        return dict(value)

    def text(self, key: str, required: bool = False) -> tuple[str, dict[str, str]]:
        """(the English or only text, the per-language texts or {}) of a text key."""
        by_lang = self.texts(key, required)
        if "" in by_lang:
            return by_lang[""], {}
        if not by_lang:
            return "", {}
        return next(by_lang[lang] for lang in TEXT_FALLBACK["en"] if lang in by_lang), by_lang

    def strings(self, key: str, default=(), required: bool = False) -> tuple[str, ...]:
        value = self.get(key, (list, str), default, required)
        if isinstance(value, str):
            value = [value]
        for item in value:
            if not isinstance(item, str) or not item:
                raise self.error(f"'{key}' must be a list of non-empty strings", key)
        return tuple(value)
