"""Text the parity tests feed to both engines: every string of a JSON or YAML value, of a JSON
Lines file (the shared corpus, the real listings) and of the rule packs' YAML."""
from __future__ import annotations

import json
import os
import pathlib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def strings(value, keys: bool = True):
    """Every string inside a JSON/YAML value (with the keys of its objects unless `keys` is
    false)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if keys:
                yield from strings(key, keys)
            yield from strings(item, keys)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, keys)


def jsonl_strings(path: pathlib.Path):
    """Every string of a JSON Lines file outside the project: a failure in CI when it is
    missing, a skip elsewhere."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is not here")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield from strings(json.loads(line))


def rule_pack_strings() -> list[str]:
    """Every string of the built-in rule packs (messages, patterns, examples)."""
    out = []
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        with open(path, encoding="utf-8") as f:
            out.extend(strings(yaml.safe_load(f)))
    return out
