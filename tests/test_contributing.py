"""The README's Contributing section, run as written: a new output format, input format and rule
kind are each one new module plus one registry line, and work end to end from the command line.

Each test copies the package, writes the README's module into it, applies the README's registry
line(s) to the registry file (and checks that nothing else in that file changes), and runs
`python -m honestlint` on the copy in a fresh process."""
from __future__ import annotations

import difflib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import honestlint

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = pathlib.Path(honestlint.__file__).parent
SECTION = re.search(r"^## Contributing\n(.*?)(?=^## |\Z)", (ROOT / "README.md").read_text(encoding="utf-8"),
                    re.S | re.M)


def blocks() -> dict[str, str]:
    """The section's code blocks, by the path (or label) in their first comment line."""
    assert SECTION, "README.md has no Contributing section"
    found = {}
    for body in re.findall(r"```(?:python|yaml)\n(.*?)```", SECTION.group(1), re.S):
        first, _, rest = body.partition("\n")
        assert first.startswith("# "), f"a Contributing code block does not name its file: {first!r}"
        found[first[2:].split(":")[0].strip()] = rest
    return found


@pytest.fixture(scope="module")
def readme_blocks():
    return blocks()


def copy_package(tmp_path: pathlib.Path) -> pathlib.Path:
    target = tmp_path / "site" / "honestlint"
    shutil.copytree(PACKAGE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def add_module(package: pathlib.Path, relative: str, source: str) -> None:
    path = package.parent / relative
    assert not path.exists(), f"{relative} exists already: the example must be a new module"
    path.write_text(source, encoding="utf-8")


def apply_registry_lines(package: pathlib.Path, relative: str, snippet: str) -> None:
    """Each snippet line is an import (added after the file's last relative import) or a
    registry line (it replaces the line that starts the same way, or goes before the close of
    the registry). Afterwards the file differs from before by exactly those lines."""
    path = package.parent / relative
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = list(before)
    added = [line + "\n" for line in snippet.strip("\n").splitlines()]
    for line in added:
        if line.startswith("from ."):
            last = max(i for i, old in enumerate(lines) if old.startswith("from ."))
            lines.insert(last + 1, line)
            continue
        head = line.split("(")[0] if "(" in line else None
        same = [i for i, old in enumerate(lines) if head and old.startswith(head) and old.rstrip().endswith(")")]
        if same:
            lines[same[0]] = line
            continue
        # a new entry: before the line that closes the registry (`)` or `}` alone)
        close = next(i for i in range(len(lines)) if lines[i].rstrip() in (")", "}")
                     and any(k in "".join(lines[:i]) for k in ("FORMATS", "KINDS")))
        lines.insert(close, line)
    path.write_text("".join(lines), encoding="utf-8")
    changed = [d for d in difflib.unified_diff(before, lines, n=0) if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    assert len([d for d in changed if d.startswith("+")]) == len(added), changed  # an import and the entry
    assert len([d for d in changed if d.startswith("-")]) <= 1, changed  # at most the registry line edited


def honestlint_on(package: pathlib.Path, *args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(package.parent), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "honestlint", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def lint(package: pathlib.Path, *args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    return honestlint_on(package, "check", "--isolated", "--no-cache", "--as-of", "2026-11-23", *args, cwd=cwd)


def test_a_new_output_format(tmp_path, readme_blocks):
    package = copy_package(tmp_path)
    add_module(package, "honestlint/report/markdown.py", readme_blocks["honestlint/report/markdown.py"])
    apply_registry_lines(package, "honestlint/report/__init__.py", readme_blocks["honestlint/report/__init__.py"])
    result = lint(package, "--format", "markdown", str(ROOT / "examples" / "listing.json"), cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the example has findings
    lines = result.stdout.splitlines()
    assert lines[:2] == ["| place | listing | rule | message |", "|---|---|---|---|"]
    rows = [line for line in lines[2:] if "| spec-colour |" in line]
    assert rows and rows[0].startswith("| ") and "listing.json:" in rows[0]
    # auto: the Chinese example's messages come in Chinese
    assert re.search(r"[\u4e00-\u9fff]", rows[0].split("| spec-colour |")[1])


def test_a_new_input_format(tmp_path, readme_blocks):
    package = copy_package(tmp_path)
    add_module(package, "honestlint/input/titles.py", readme_blocks["honestlint/input/titles.py"])
    apply_registry_lines(package, "honestlint/input/formats.py", readme_blocks["honestlint/input/formats.py"])
    titles = tmp_path / "titles.tsv"
    titles.write_bytes("a1\t纯棉T恤 包邮\r\nb22\tT恤 全网最低价\r\n".encode("utf-8"))
    result = lint(package, "--format", "json", str(titles), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    # The claim's place in the file as written: line 2, after `b22<TAB>T恤 `.
    assert [(f["listing"], f["line"], f["column"], f["end_column"]) for f in findings
            if f["rule"].startswith("absolute-claim")] == [("b22", 2, 8, 13)]
    # --fix edits the file in place and nothing else (removing a banned claim is an unsafe fix).
    fixed = lint(package, "--fix", "--unsafe-fixes", "--select", "absolute-claim", str(titles), cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert titles.read_bytes().decode("utf-8") == "a1\t纯棉T恤 包邮\r\nb22\tT恤\r\n"


def test_a_new_rule_kind(tmp_path, readme_blocks):
    package = copy_package(tmp_path)
    add_module(package, "honestlint/kinds/stuffing.py", readme_blocks["honestlint/kinds/stuffing.py"])
    apply_registry_lines(package, "honestlint/kinds/__init__.py", readme_blocks["honestlint/kinds/__init__.py"])
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "stuffing.yaml").write_text(readme_blocks["a rule of the new kind, in a pack passed with --rules"],
                                        encoding="utf-8")
    # The rule's own examples pass...
    tested = honestlint_on(package, "test", "--rules", str(pack), cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    # ...and it lints a listing like any built-in rule.
    listing = tmp_path / "listing.json"
    listing.write_text('{"id": "s1", "title": "包邮 纯棉T恤 包邮 包邮"}', encoding="utf-8")
    result = lint(package, "--rules", str(pack), "--select", "title-keyword-stuffing", "--format", "json",
                           str(listing), cwd=tmp_path)
    findings = json.loads(result.stdout)["findings"]
    # At the second 包邮 (the first past `max: 1`): the title's text begins at column 24.
    assert [(f["rule"], f["column"], f["message"]) for f in findings] == [
        ("title-keyword-stuffing", 32, "'包邮' appears 3 times in the title")]
