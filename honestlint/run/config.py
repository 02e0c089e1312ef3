"""Configuration: `[tool.honestlint]` in pyproject.toml, or honestlint.toml / .honestlint.toml,
found by walking up from each linted file as ruff does. Command-line options override it.

    [tool.honestlint]
    select = ["ALL"]                    # rule ids, id prefixes or categories
    ignore = ["title-quality"]
    extend-select = []
    fail-on = "warning"
    packs = ["cn", "platform"]          # or: jurisdiction = "cn"
    rules = ["house-rules/"]            # extra rule directories, relative to this file
    [tool.honestlint.severity]          # per-rule (or prefix, or category) severity
    "absolute-claim-en" = "error"
    [tool.honestlint.per-file-ignores]
    "legacy/*.jsonl" = ["title-quality"]
    exclude = [...]                     # replaces DEFAULT_EXCLUDE; extend-exclude adds to it
    force-exclude = true                # exclude files named on the command line too (hooks)
    include = ["package.json"]          # lint a file NOT_LISTINGS would skip
    [tool.honestlint.fields]            # field mapping for other exports
    title = "item_name"
    specs = "attributes"
"""
from __future__ import annotations

import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field

from ..core.categories import SEVERITIES
from ..core.rule import MESSAGE_LANGUAGES

CONFIG_NAMES = ("honestlint.toml", ".honestlint.toml", "pyproject.toml")
PACKS = ("cn", "tw", "hk", "us", "eu", "platform")
# A jurisdiction turns on the packs whose rules apply there.
JURISDICTIONS = {
    "cn": ("cn", "platform"), "tw": ("tw", "platform"), "hk": ("hk", "platform"),
    "us": ("us", "platform"), "eu": ("eu", "platform"), "all": PACKS,
}
LISTING_FIELDS = (
    "id", "lang", "title", "subtitle", "description", "bullets", "promotions", "gifts", "specs", "price",
    "shipping", "returns", "warranty", "stock", "certifications", "origin", "brand", "reviews",
)
KNOWN_KEYS = {
    "select", "ignore", "extend-select", "extend-ignore", "fail-on", "packs", "jurisdiction", "rules",
    "severity", "per-file-ignores", "fields", "exclude", "extend-exclude", "force-exclude", "include", "lang",
}
# Files and directories never linted when found in a directory walk (as ruff's default
# `exclude`); `exclude` replaces this list, `extend-exclude` adds to it.
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "bower_components",
    "__pypackages__", "build", "dist", ".honestlint_cache", ".mypy_cache", ".pytest_cache", ".ruff_cache",
)
# Well-known JSON files that are not listings: package manifests and lock files, compiler and
# editor settings, JSON Schema files, linter and bot configuration. Skipped wherever they are
# found, also when named on the command line (a pre-commit hook names every staged *.json),
# unless `include` names them.
NOT_LISTINGS = (
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "composer.json", "composer.lock",
    "bower.json", "deno.json", "lerna.json", "nx.json", "turbo.json", "vercel.json", "netlify.json",
    "firebase.json", "tsconfig.json", "tsconfig.*.json", "tsconfig-*.json",
    "jsconfig.json", "jsconfig.*.json", ".vscode/*.json", ".idea/*.json", "*.code-workspace", "*.schema.json",
    ".eslintrc.json", ".eslintrc", ".prettierrc", ".prettierrc.json", ".babelrc", ".babelrc.json",
    ".stylelintrc.json", "renovate.json", ".renovaterc.json", "biome.json", ".devcontainer/*.json",
    "devcontainer.json", "cdk.json", "angular.json", ".markdownlint.json", "typedoc.json",
)


class ConfigError(Exception):
    def __init__(self, file: str, message: str, key: str | None = None, line: int | None = None):
        super().__init__(message)
        self.file, self.message, self.key, self.line = file, message, key, line

    # More problems of the same file (every unknown key is reported, not only the first).
    more: tuple = ()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f"key '{self.key}': " if self.key else ""
        return "\n".join([f"{where}: error: {key}{self.message}"] + [str(other) for other in self.more])


@dataclass
class Config:
    path: str | None = None            # the file it came from; None for defaults
    root: str = "."                    # directory that relative paths are resolved against
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str | None = None
    packs: list[str] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    include: list[str] = field(default_factory=list)
    lang: str | None = None            # the language of messages (MESSAGE_LANGUAGES); None: unset

    def _relative(self, path: str) -> str:
        rel = os.path.relpath(os.path.abspath(path), self.root)
        return rel.replace(os.sep, "/")

    def excluded(self, path: str) -> str | None:
        """The `exclude` / `extend-exclude` pattern that excludes `path` (a file or directory),
        or None. A pattern matches the path relative to the configuration's directory, its
        name, or the name of a directory it is in (as ruff's)."""
        return _first_match(self._relative(path), list(self.exclude) + list(self.extend_exclude))

    def not_a_listing(self, path: str) -> str | None:
        """The built-in pattern by which `path` is a well-known non-listing JSON file (unless
        `include` names it), or None."""
        rel = self._relative(path)
        if self.include and _first_match(rel, self.include):
            return None
        return _first_match(rel, NOT_LISTINGS)

    def ignores_for(self, file: str) -> list[str]:
        """Selectors ignored for one linted file by per-file-ignores."""
        if not self.per_file_ignores or file.startswith("<"):
            return []
        rel = os.path.relpath(os.path.abspath(file), self.root)
        out = []
        for pattern, selectors in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(file), pattern):
                out.extend(selectors)
        return out


def _first_match(rel: str, patterns) -> str | None:
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    for pattern in patterns:
        pat = pattern.strip().rstrip("/")
        if not pat:
            continue
        if pat.startswith("./"):
            pat = pat[2:]
        if fnmatch.fnmatchcase(rel, pat) or rel.startswith(pat + "/"):
            return pattern
        if "/" in pat:
            # a pattern with a directory part matches the path's tail too (.vscode/*.json)
            depth = pat.count("/") + 1
            if len(parts) >= depth and fnmatch.fnmatchcase("/".join(parts[-depth:]), pat):
                return pattern
            continue
        if any(fnmatch.fnmatchcase(part, pat) for part in parts):
            return pattern
    return None


def _suggest(word: str, choices) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _line_of(text: str, key: str) -> int | None:
    m = re.search(r"^\s*\"?" + re.escape(key) + r"\"?\s*=", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _strings(path: str, text: str, table: dict, key: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, "must be a list of strings", key, _line_of(text, key))
    return list(value)


def _table(path: str, text: str, table: dict, key: str, shape: str) -> dict:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(path, f"must be a table of {shape}", key, _line_of(text, key))
    return value


def parse(path: str, text: str, table: dict) -> Config:
    """A Config from the `[tool.honestlint]` table (or a whole honestlint.toml) of `path`."""
    unknown = [ConfigError(path, f"unknown setting{_suggest(key, KNOWN_KEYS)}", key, _line_of(text, key))
               for key in table if key not in KNOWN_KEYS]
    if unknown:
        unknown[0].more = tuple(unknown[1:])
        if len(unknown) > 1 or not _suggest(unknown[0].key, KNOWN_KEYS):
            unknown[-1].message += f" (known: {', '.join(sorted(KNOWN_KEYS))})"
        raise unknown[0]
    root = os.path.dirname(os.path.abspath(path))
    cfg = Config(path=path, root=root)
    cfg.select = _strings(path, text, table, "select")
    cfg.ignore = _strings(path, text, table, "ignore") + _strings(path, text, table, "extend-ignore")
    cfg.extend_select = _strings(path, text, table, "extend-select")
    if "exclude" in table:
        cfg.exclude = _strings(path, text, table, "exclude")
    cfg.extend_exclude = _strings(path, text, table, "extend-exclude")
    cfg.include = _strings(path, text, table, "include")
    force = table.get("force-exclude", False)
    if not isinstance(force, bool):
        raise ConfigError(path, "must be true or false", "force-exclude", _line_of(text, "force-exclude"))
    cfg.force_exclude = force
    cfg.rules = [os.path.join(root, d) for d in _strings(path, text, table, "rules")]
    lang = table.get("lang")
    if lang is not None and lang not in MESSAGE_LANGUAGES:
        raise ConfigError(path, f"must be one of {', '.join(MESSAGE_LANGUAGES)}", "lang", _line_of(text, "lang"))
    cfg.lang = lang
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise ConfigError(path, f"must be one of {', '.join(SEVERITIES)}", "fail-on", _line_of(text, "fail-on"))
    cfg.fail_on = fail_on
    packs = _strings(path, text, table, "packs")
    jurisdiction = table.get("jurisdiction")
    if jurisdiction is not None:
        names = [jurisdiction] if isinstance(jurisdiction, str) else jurisdiction
        for name in names:
            if name not in JURISDICTIONS:
                raise ConfigError(path, f"unknown jurisdiction '{name}' (known: {', '.join(JURISDICTIONS)})",
                                  "jurisdiction", _line_of(text, "jurisdiction"))
            packs.extend(JURISDICTIONS[name])
    for pack in packs:
        if pack not in PACKS:
            raise ConfigError(path, f"unknown pack '{pack}' (known: {', '.join(PACKS)})", "packs", _line_of(text, "packs"))
    cfg.packs = list(dict.fromkeys(packs))
    severity = _table(path, text, table, "severity", "rule = severity")
    for selector, level in severity.items():
        if level not in SEVERITIES:
            raise ConfigError(path, f"severity of '{selector}' must be one of {', '.join(SEVERITIES)}", "severity",
                              _line_of(text, selector))
    cfg.severity = dict(severity)
    pfi = _table(path, text, table, "per-file-ignores", "glob = [rules]")
    for pattern, selectors in pfi.items():
        if isinstance(selectors, str):
            selectors = [selectors]
        if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
            raise ConfigError(path, f"'{pattern}' must list rule ids or categories", "per-file-ignores",
                              _line_of(text, pattern))
        cfg.per_file_ignores[pattern] = list(selectors)
    fields = _table(path, text, table, "fields", "listing field = source key")
    for name, source in fields.items():
        if name not in LISTING_FIELDS:
            raise ConfigError(path, f"'{name}' is not a listing field (known: {', '.join(LISTING_FIELDS)})", "fields",
                              _line_of(text, name))
        if isinstance(source, dict):
            if not isinstance(source.get("from"), str) or source.get("format", "taobao-props") != "taobao-props":
                raise ConfigError(path, f"'{name}' needs from = \"KEY\" and format = \"taobao-props\"", "fields",
                                  _line_of(text, name))
        elif not isinstance(source, str):
            raise ConfigError(path, f"'{name}' must name a source key", "fields", _line_of(text, name))
    cfg.fields = dict(fields)
    return cfg


def load_config_file(path: str) -> Config | None:
    """The honestlint settings in `path`; None for a pyproject.toml without [tool.honestlint]."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(path, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, f"invalid TOML: {exc}", line=int(m.group(1)) if m else None) from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("honestlint")
        if table is None:
            return None
    else:
        table = data.get("tool", {}).get("honestlint", data) if "tool" in data else data
    if not isinstance(table, dict):
        raise ConfigError(path, "[tool.honestlint] must be a table")
    return parse(path, text, table)


def find_config(start: str, cache: dict[str, Config] | None = None) -> Config:
    """The nearest configuration above `start` (a file or directory); defaults if none.
    `cache` (directory -> Config) lets one run look each directory up once."""
    _found = cache if cache is not None else {}
    directory = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(os.path.abspath(start)) or ".")
    visited = []
    while True:
        if directory in _found:
            cfg = _found[directory]
            break
        visited.append(directory)
        cfg = None
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                cfg = load_config_file(candidate)
                if cfg is not None:
                    break
        if cfg is not None:
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            cfg = Config(root=os.getcwd())
            break
        directory = parent
    for d in visited:
        _found[d] = cfg
    return cfg
