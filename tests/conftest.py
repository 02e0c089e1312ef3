import datetime
import json
import os

import pytest

from honestlint.engine import Linter
from honestlint.input import load
from honestlint.ruleset import load_rules, select_rules

AS_OF = datetime.date(2026, 11, 23)

# The command line keeps a result cache in the working directory (run/cache.py). Tests run it
# in many directories, with patched code the cache's key cannot see; they run without it, and
# tests/test_resultcache.py turns it on where it is under test.
os.environ["HONESTLINT_NO_CACHE"] = "1"


@pytest.fixture(scope="session")
def builtin_rules():
    return load_rules()


@pytest.fixture
def lint_path(builtin_rules):
    """Lint files with the built-in rules (optionally a selection); returns (findings, errors)."""

    def run(*paths, select=()):
        linter = Linter(select_rules(builtin_rules, select), as_of=AS_OF)
        findings, errors = [], []
        for item in load([str(p) for p in paths]):
            if hasattr(item, "data"):
                findings.extend(linter.lint(item))
            else:
                errors.append(item)
        findings.extend(linter.finish())
        return findings, errors

    return run


def raw_slice(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The characters of `text` between 1-based (line, column) and the exclusive end."""
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[: line - 1]) + column - 1
    end = sum(len(l) + 1 for l in lines[: end_line - 1]) + end_column - 1
    return text[start:end]


def decode_json_fragment(fragment: str) -> str:
    return json.loads('"' + fragment + '"')
