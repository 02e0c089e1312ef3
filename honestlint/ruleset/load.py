"""Stage 3a: rule packs. Read YAML rule files safely, check them against the rule schema with
file and line in every error, and hand each rule to its kind (kinds/) to compile; compiled
rules are cached on disk, keyed on the rule files and the code.

A rule file holds one rule (a mapping with `id`) or several (`rules: [...]`).
"""
from __future__ import annotations

import os
from importlib import resources
from typing import Any, Iterable

import yaml

from .yaml_lines import LineLoader, YamlMap

from ..core.categories import CATEGORIES, SEVERITIES
from ..core.listing import COPY_FIELDS, SELLER_FIELDS
from ..core.rule import LANGUAGES, RULE_ID, Rule, RuleContext, RuleError
from ..kinds import KINDS



COMMON_KEYS = {
    "id", "kind", "category", "severity", "languages", "fields", "message", "suggestion", "summary",
    "rationale", "references", "examples", "packs", "cancelled_by", "fix",
}


def build_rule(raw: Any, file: str, trusted: bool = False) -> Rule:

    if not isinstance(raw, YamlMap):
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
                raise ctx.error("an example must be a title string or a listing object", "examples")
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
        doc = yaml.load(text, Loader=LineLoader)  # noqa: S506 - LineLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    if doc is None:
        return []
    if isinstance(doc, YamlMap) and "rules" in doc and "id" not in doc:
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

    from ..core import cachedir as cache, codehash
    from ..core.version import __version__

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
        from ..core import cachedir as cache

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
