"""Stage 3a: rule packs. Read YAML rule files safely, check them against the rule schema with
file and line in every error, and hand each rule to its kind (`kinds.py`) to compile.

A rule file holds one rule (a mapping with `id`) or several (`rules: [...]`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Iterable

import yaml

CATEGORIES = (
    "clickbait-rebate", "gift-unbacked", "free-misuse", "shipping-mismatch", "returns-mismatch",
    "warranty-mismatch", "spec-mismatch", "origin-mismatch", "brand-misuse",
    "certification-unbacked", "health-claim", "absolute-claim", "price-reference", "urgency-fake",
    "review-incentive", "review-integrity", "hidden-fee", "title-quality",
    "authority-endorsement", "guaranteed-outcome", "superstition", "disparagement",
)
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
LANGUAGES = ("zh", "zh-Hant", "en")
# Where a rule's text lacks a language, the one read next: a Traditional reader reads
# Simplified before English.
TEXT_FALLBACK = {"en": ("en", "zh", "zh-Hant"), "zh": ("zh", "zh-Hant", "en"), "zh-Hant": ("zh-Hant", "zh", "en")}
# The languages of messages: `auto` follows each listing's language (its `lang`, else its title).
MESSAGE_LANGUAGES = ("auto",) + LANGUAGES
# The keys of a rule whose text may be written per language.
TEXT_KEYS = ("message", "suggestion", "summary", "fact_message")
COPY_FIELDS = (
    "title", "subtitle", "description", "bullets", "promotions.text", "promotions.terms", "reviews.text",
)
# Seller copy: what a rule reads unless it says otherwise. Review texts are the buyers' words.
SELLER_FIELDS = COPY_FIELDS[:-1]
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RuleError(Exception):
    """A rule file that cannot be used: `FILE:LINE: error: MESSAGE`."""

    def __init__(self, file: str, line: int | None, message: str):
        super().__init__(message)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: error: {self.message}"


class _Map(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available


class _LineLoader(_SafeBase):
    """A safe YAML loader (no object construction) that records line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


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

    def __init__(self, file: str, raw: _Map, trusted: bool = False):
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


COMMON_KEYS = {
    "id", "kind", "category", "severity", "languages", "fields", "message", "suggestion", "summary",
    "rationale", "references", "examples", "packs", "cancelled_by", "fix",
}


def build_rule(raw: Any, file: str, trusted: bool = False) -> Rule:
    from .kinds import KINDS  # kinds import this module for Rule

    if not isinstance(raw, _Map):
        raise RuleError(file, None, "a rule must be a mapping")
    ctx = RuleContext(file, raw, trusted)
    rule_id = ctx.get("id", str, required=True)
    if not RULE_ID.match(rule_id):
        raise ctx.error("id must be lower-case words joined by '-', like 'absolute-claim-zh'", "id")
    kind = ctx.get("kind", str, required=True)
    if kind not in KINDS:
        raise ctx.error(f"unknown kind '{kind}' (known: {', '.join(sorted(KINDS))})", "kind")
    category = ctx.get("category", str, required=True)
    if category not in CATEGORIES:
        raise ctx.error(f"unknown category '{category}' (see categories.md)", "category")
    severity = ctx.get("severity", str, required=True)
    if severity not in SEVERITIES:
        raise ctx.error(f"severity must be one of {', '.join(SEVERITIES)}", "severity")
    languages = ctx.strings("languages", required=True)
    for lang in languages:
        if lang not in LANGUAGES:
            raise ctx.error(f"unknown language '{lang}' (known: {', '.join(LANGUAGES)})", "languages")
    fields = ctx.strings("fields", default=SELLER_FIELDS)
    for name in fields:
        if name not in COPY_FIELDS:
            raise ctx.error(f"unknown field '{name}' (copy fields: {', '.join(COPY_FIELDS)})", "fields")
    message, message_texts = ctx.text("message", required=True)
    suggestion, suggestion_texts = ctx.text("suggestion")
    summary, summary_texts = ctx.text("summary")
    if not summary:
        summary = message.split("\n")[0]
        summary_texts = {lang: text.split("\n")[0] for lang, text in message_texts.items()}
    texts = {key: by_lang for key, by_lang in
             (("message", message_texts), ("suggestion", suggestion_texts), ("summary", summary_texts)) if by_lang}
    references = ctx.get("references", list, default=[])
    for ref in references:
        if not isinstance(ref, dict) or not isinstance(ref.get("title"), str):
            raise ctx.error("each reference needs a 'title' (and usually a 'url')", "references")
    examples = ctx.get("examples", dict, default={"fire": [], "pass": []})
    for key in examples:
        if key not in ("fire", "pass"):
            raise ctx.error(f"examples has '{key}'; only 'fire' and 'pass' are known", "examples")
        if not isinstance(examples[key], list):
            raise ctx.error(f"examples.{key} must be a list", "examples")
        for case in examples[key]:
            if not isinstance(case, (str, dict)):
                raise ctx.error(f"an example must be a title string or a listing object", "examples")
    rule_class = KINDS[kind]
    allowed = COMMON_KEYS | rule_class.KEYS
    for key in raw:
        if key not in allowed:
            raise ctx.error(f"unknown key '{key}' for kind '{kind}'", key)
    rule = rule_class(
        id=rule_id, kind=kind, category=category, severity=severity, languages=languages,
        fields=fields, message=message, suggestion=suggestion, summary=summary,
        rationale=ctx.get("rationale", str, default=""), references=references,
        examples={"fire": examples.get("fire", []), "pass": examples.get("pass", [])},
        packs=ctx.strings("packs", default=()), file=file, line=raw.line, spec=raw, texts=texts,
    )
    rule.compile(ctx)
    return rule


def load_file(path: str, trusted: bool = False) -> list[Rule]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(path, None, f"cannot read rule file: {exc}") from None
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    if doc is None:
        return []
    if isinstance(doc, _Map) and "rules" in doc and "id" not in doc:
        items = doc["rules"]
        if not isinstance(items, list):
            raise RuleError(path, doc.line, "'rules' must be a list of rules")
    else:
        items = [doc]
    return [build_rule(item, path, trusted) for item in items]


def builtin_dir() -> str:
    return str(resources.files("honestlint.builtin_rules"))


def rule_files(directory: str) -> list[str]:
    if os.path.isfile(directory):
        return [directory]
    if not os.path.isdir(directory):
        raise RuleError(directory, None, "rule directory not found")
    found = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                found.append(os.path.join(root, name))
    return found


# Bump when the Rule objects' shape changes, so old caches are not unpickled into new code.
CACHE_VERSION = 3


def _cache_path(files: list[tuple[str, bool]]) -> str:
    """Where the compiled rules of exactly these files (by content) are cached."""
    import hashlib

    from .core import cachedir as cache, codehash
    from .core.version import __version__

    digest = hashlib.sha256(f"{__version__}/{CACHE_VERSION}".encode())
    for path, trusted in files:
        with open(path, "rb") as fh:
            digest.update(f"\0{path}\0{trusted}\0".encode() + fh.read())
    # The code that compiles rules is part of the key too: a cached rule made by other code
    # could lack attributes the running code expects. All of it, not a list of files.
    digest.update(codehash.package_digest())
    return os.path.join(cache.directory(), f"rules-{digest.hexdigest()[:20]}.pickle")


def load_rules(extra_dirs: Iterable[str] = (), builtin: bool = True) -> list[Rule]:
    """Built-in rules and those of each extra directory; duplicate ids are an error.

    Compiled rules are cached on disk, keyed by a hash of the rule files, so a run whose rules
    did not change skips YAML parsing and validation (the start-up of a pre-commit hook)."""
    import pickle

    dirs = ([builtin_dir()] if builtin else []) + list(extra_dirs)
    files = [(path, builtin and number == 0) for number, directory in enumerate(dirs) for path in rule_files(directory)]
    try:
        path = _cache_path(files)
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass
    rules = _load_uncached(dirs, builtin)
    try:
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(rules, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        from .core import cachedir as cache

        cache.prune("rules-", keep=path)
    except (OSError, pickle.PicklingError, NameError):
        pass  # no cache: the next run compiles again
    return rules


def _load_uncached(dirs: list[str], builtin: bool) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for number, directory in enumerate(dirs):
        trusted = builtin and number == 0
        for path in rule_files(directory):
            for rule in load_file(path, trusted):
                if rule.id in seen:
                    first = seen[rule.id]
                    raise RuleError(path, rule.line, f"duplicate rule id '{rule.id}' (also at {first.file}:{first.line})")
                seen[rule.id] = rule
                rules.append(rule)
    return rules


def matches_selector(rule: Rule, selector: str, ids: frozenset | set = frozenset()) -> bool:
    """A selector is a rule id, an id prefix, a category, or ALL. A selector that is itself
    the id of a loaded rule (`ids`) selects that rule only: `spec-colour` is not a prefix of
    `spec-colour-en` then."""
    selector = selector.strip()
    if selector in ids:
        return rule.id == selector
    return (
        selector.upper() == "ALL"
        or rule.id == selector
        or rule.category == selector
        or rule.id.startswith(selector.rstrip("-") + "-")
    )


def select_rules(rules: list[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    select, ignore = [s for s in select if s], [s for s in ignore if s]
    ids = {r.id for r in rules}
    out = []
    for rule in rules:
        if select and not any(matches_selector(rule, s, ids) for s in select):
            continue
        if any(matches_selector(rule, s, ids) for s in ignore):
            continue
        out.append(rule)
    return out


def unknown_selectors(rules: list[Rule], selectors: Iterable[str]) -> list[str]:
    return [s for s in selectors if s and not any(matches_selector(r, s) for r in rules)]
