"""`honestlint init`, the writer: a (jurisdiction, platform, lang) choice as commented TOML,
and that TOML put into the user's directory.

`render()` turns a choice (init/choices.py) into either a whole `honestlint.toml` (keys at the
top level) or a `[tool.honestlint]` table for pyproject.toml; `place_in_pyproject()` adds or
replaces that table and proves, by parsing before and after, that nothing else in the file
changed; `write()` refuses to hide or clobber an existing configuration and writes through a
temporary file.
"""
from __future__ import annotations

import codecs
import os
import re
import shutil
import tempfile
import tomllib
import unicodedata

from ..run.config import CONFIG_NAMES
from ..core.categories import CATEGORIES
from .choices import JURISDICTIONS, PLATFORMS, Choice, Severity, severity_choices

# Comments are wrapped to fit beside code in an 88-column editor.
WIDTH = 88


class InitError(Exception):
    """A reason `honestlint init` cannot write what was asked (exit 2)."""


# --- rendering ------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _string(name)


def _string(text: str) -> str:
    # A TOML basic string: the JSON escapes are all valid TOML escapes.
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def _width(text: str) -> int:
    # Han characters and full-width punctuation take two columns in an editor.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _comment(text: str) -> list[str]:
    """`text` as comment lines that fit WIDTH columns, broken between words."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _width("# " + candidate) > WIDTH:
            lines.append("# " + line)
            candidate = word
        line = candidate
    return lines + ["# " + line] if line else lines + ["#"]


def _cited(item: Severity) -> str:
    return item.why + (" Cited: " + "; ".join(item.cites) + "." if item.cites else "")


def render(choice: Choice, pyproject: bool) -> str:
    """The configuration text: a whole honestlint.toml, or (`pyproject`) a [tool.honestlint]
    table to add to pyproject.toml. The last table has no blank line inside, so that
    place_in_pyproject() can tell its comments from a comment block of the table after it."""
    jur, plat = JURISDICTIONS[choice.jurisdiction], PLATFORMS[choice.platform]
    prefix = "tool.honestlint." if pyproject else ""
    out: list[str] = []
    if pyproject:
        out.append("[tool.honestlint]")
    out += _comment(
        f"honestlint configuration for {jur.title}, selling on {plat.title}. Written by `{choice.command()}`; "
        "every key is optional, delete what you do not need (README, \"Configuration\").")
    out.append("#")
    out += _comment(
        "Laws and platform rules named below are quoted from the built-in rules' own references "
        "(`honestlint explain RULE-ID` shows a rule's); this file cites nothing else, and is not "
        "legal advice.")
    out.append("")

    def setting(comment: str, key: str, value) -> None:
        out.extend(_comment(comment))
        out.append(f"{key} = {_value(value)}")
        out.append("")

    setting("Which rules apply: " + jur.packs_why, jur.packs_key, jur.packs_value)
    setting("The language of messages, suggestions and fix descriptions: auto (each listing's own "
            "language), en, zh or zh-Hant.", "lang", choice.lang)
    setting("Rules to run: rule ids, id prefixes (`spec` is every spec-... rule) or categories; "
            "ALL is every rule of the packs above. `honestlint rules` lists them.", "select", ["ALL"])
    setting("Rules to skip, named the same way, e.g. [\"title-quality\"]. The categories: "
            + ", ".join(CATEGORIES) + ".", "ignore", [])
    out += _comment("More rules on top of `select` (extend-select = [...]), and your own rule "
                    "packs, relative to this file:")
    out.append('# rules = ["house-rules/"]')
    out.append("")
    setting("The lowest severity that makes the exit code 1 (a CI gate): error, warning or info. "
            "With \"warning\", info findings (title form) are reported but do not fail the run.",
            "fail-on", "warning")
    exclude_comment = ("Files and directories not linted, on top of the defaults (.git, .venv, "
                       "node_modules, build, dist, caches); `exclude = [...]` replaces the defaults.")
    if plat.exclude_note:
        exclude_comment += " " + plat.exclude_note
    setting(exclude_comment, "extend-exclude", list(plat.extend_exclude))
    out += _comment("Also skip excluded files named on the command line (the pre-commit hook sets "
                    "it); lint a well-known non-listing JSON file anyway:")
    out.append("# force-exclude = true")
    out.append('# include = ["manifest/package.json"]')
    out.append("")

    out.append(f"[{prefix}severity]")
    out += _comment("Severity per rule id, id prefix or category (error, warning, info); a later "
                    "line wins where two name the same rule.")
    overrides = severity_choices(choice)
    if jur.severity_note:
        out += _comment(jur.severity_note)
    elif not overrides:
        out += _comment("No overrides: the rules' own levels stand.")
    for item in overrides:
        out += _comment(_cited(item))
        out.append(f"{_key(item.selector)} = {_value(item.level)}")
    out.append("")

    out.append(f"[{prefix}per-file-ignores]")
    out += _comment("Rules skipped in some files (globs relative to this file), e.g.:")
    out.append('# "legacy/*.jsonl" = ["title-quality"]')
    out.append("")

    out.append(f"[{prefix}fields]")
    out += _comment("Where each listing field is read from, when an export's keys are not "
                    "honestlint's: listing field = source key. A key a record does not have is "
                    "left alone, so listings already in honestlint's format still lint. "
                    + plat.fields_note)
    if not plat.fields:
        out.append('# title = "item_name"')
        out.append('# specs = { from = "props_name", format = "taobao-props" }')
    for name, source in plat.fields.items():
        out.append(f"{_key(name)} = {_value(source)}")
    return "\n".join(out) + "\n"


# --- placing it -----------------------------------------------------------------------------

_OUR_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*honestlint\s*(?:\.[^\]]*)?\]\s*(?:#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def _without_ours(data: dict) -> dict:
    tool = dict(data.get("tool", {}))
    tool.pop("honestlint", None)
    rest = dict(data)
    if tool:
        rest["tool"] = tool
    else:
        rest.pop("tool", None)
    return rest


def has_table(text: str) -> bool:
    """Whether a pyproject.toml text holds a [tool.honestlint] table."""
    return "honestlint" in tomllib.loads(text).get("tool", {})


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """The line ranges of [tool.honestlint] and its sub-tables. A range stops before the next
    other table, and before a comment block (after a blank line) that leads into it."""
    spans = []
    i = 0
    while i < len(lines):
        if not _OUR_HEADER.match(lines[i]):
            i += 1
            continue
        start, end = i, i + 1
        while end < len(lines) and not (_ANY_HEADER.match(lines[end]) and not _OUR_HEADER.match(lines[end])):
            end += 1
        if end < len(lines):
            last = end
            while last > start + 1 and not lines[last - 1].strip():
                last -= 1
            first_comment = last
            while first_comment > start + 1 and lines[first_comment - 1].lstrip().startswith("#"):
                first_comment -= 1
            if first_comment < last and not lines[first_comment - 1].strip():
                end = first_comment
        spans.append((start, end))
        i = end
    return spans


def place_in_pyproject(text: str, block: str, replace: bool) -> str:
    """`text` (a pyproject.toml) with `block` (a rendered [tool.honestlint] table) added at the
    end, or put where the old table was (`replace`). Raises InitError when the file is not TOML,
    or when the result would not hold exactly `block`'s settings and everything else unchanged
    (a table written in a form this cannot edit, such as dotted keys under [tool])."""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InitError(f"pyproject.toml is not valid TOML ({exc}); fix it first") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    wanted = tomllib.loads(block)["tool"]["honestlint"]
    block_lines = block.rstrip("\n").split("\n")
    lines = text.split("\n") if newline == "\n" else text.replace("\r\n", "\n").split("\n")
    spans = _spans(lines) if replace else []
    if spans:
        first = spans[0][0]
        kept = []
        for number, line in enumerate(lines):
            if number == first:
                kept.append("\x00")  # where the new table goes
            if not any(start <= number < end for start, end in spans):
                kept.append(line)
        at = kept.index("\x00")
        head = kept[:at]
        tail = kept[at + 1:]
        while head and not head[-1].strip():
            head.pop()
        while tail and not tail[0].strip():
            tail.pop(0)
        pieces = head + ([""] if head else []) + block_lines + ([""] + tail if tail else [""])
        result = "\n".join(pieces)
    else:
        body = "\n".join(lines).rstrip("\n")
        result = (body + "\n\n" if body.strip() else "") + "\n".join(block_lines) + "\n"
    if newline != "\n":
        result = result.replace("\n", newline)
    try:
        after = tomllib.loads(result)
    except tomllib.TOMLDecodeError:
        after = None
    if after is None or after.get("tool", {}).get("honestlint") != wanted or _without_ours(after) != _without_ours(before):
        raise InitError("pyproject.toml: cannot replace its [tool.honestlint] safely (it is written in a form "
                        "honestlint init does not edit); remove that table by hand and run again")
    return result


def _read(path: str) -> tuple[str, bool]:
    """A file's text and whether it began with a UTF-8 byte-order mark (kept when rewritten)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise InitError(f"{os.path.basename(path)}: cannot read: {exc.strerror or exc}") from None
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return raw[len(codecs.BOM_UTF8) if bom else 0:].decode("utf-8"), bom
    except UnicodeDecodeError:
        raise InitError(f"{os.path.basename(path)}: not UTF-8; honestlint init does not edit it") from None


def _write(path: str, text: str, bom: bool = False) -> None:
    """Write through a temporary file beside `path`, so that a failed write leaves the old file
    whole; an existing file keeps its mode."""
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=".honestlint-init-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if os.path.exists(path):
            shutil.copymode(path, temporary)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise InitError(f"{os.path.basename(path)}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _configurations(directory: str, editing_pyproject: bool) -> dict[str, str]:
    """The honestlint configuration files of `directory` by name (pyproject.toml only when it
    holds [tool.honestlint]). A pyproject.toml that cannot be read is an error only when it is
    the file to edit; otherwise it holds no configuration of ours."""
    found = {}
    for name in CONFIG_NAMES:
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        if name == "pyproject.toml":
            try:
                text, _bom = _read(path)
                holds = has_table(text)
            except (InitError, tomllib.TOMLDecodeError) as exc:
                if not editing_pyproject:
                    continue
                if isinstance(exc, InitError):
                    raise
                raise InitError(f"pyproject.toml is not valid TOML ({exc}); fix it first") from None
            if not holds:
                continue
        found[name] = path
    return found


def write(directory: str, choice: Choice, target: str | None, force: bool) -> tuple[str, list[str]]:
    """Write the configuration for `choice` into `directory`: honestlint.toml (`target` "toml"),
    [tool.honestlint] in pyproject.toml ("pyproject"), or (None) the latter when pyproject.toml
    exists. The name written, and notes for the user. Raises InitError, changing nothing, when
    a configuration is already there (without `force`) or would hide the new one."""
    pyproject_path = os.path.join(directory, "pyproject.toml")
    if target is None:
        target = "pyproject" if os.path.isfile(pyproject_path) else "toml"
    name = "pyproject.toml" if target == "pyproject" else "honestlint.toml"
    existing = _configurations(directory, editing_pyproject=target == "pyproject")
    if existing and not force:
        other = next(iter(existing))
        what = "a [tool.honestlint] table" if other == "pyproject.toml" else "honestlint's configuration"
        raise InitError(f"{other} already holds {what}; use --force to replace it"
                        + (f" with {name}" if other != name else ""))
    # honestlint reads the first of CONFIG_NAMES it finds: a file before ours would hide it.
    ahead = [n for n in CONFIG_NAMES[:CONFIG_NAMES.index(name)] if n in existing]
    if ahead:
        raise InitError(f"{ahead[0]} in this directory is read before {name}, so the new settings would be "
                        f"ignored; remove {ahead[0]} or write it instead (--toml)")
    notes = [f"{n} is now ignored: honestlint reads {name} first; remove it"
             for n in CONFIG_NAMES[CONFIG_NAMES.index(name) + 1:] if n in existing]
    if target == "pyproject":
        block = render(choice, pyproject=True)
        if os.path.isfile(pyproject_path):
            text, bom = _read(pyproject_path)
            _write(pyproject_path, place_in_pyproject(text, block, replace="pyproject.toml" in existing), bom)
        else:
            _write(pyproject_path, block)
    else:
        _write(os.path.join(directory, name), render(choice, pyproject=False))
    return name, notes
