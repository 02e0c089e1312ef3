"""The same input gives byte-identical output, whatever the hash seed, and findings come sorted.

The corpus is every `fire:` example of every built-in rule (so every rule reports something),
the example listings, a review copied across listings (a catalog-level finding) and one broken
file (an input error), spread over a JSON array, a JSON Lines file and a wrapped object. The
command line runs in separate processes with different PYTHONHASHSEED values; set and dict
iteration order must not leak into the report.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from honestlint.ruleset import load_rules

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23"
SEEDS = ("0", "1", "2718281")


def _jsonable(value):
    """YAML examples may hold dates; the listing format holds them as strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    directory = tmp_path_factory.mktemp("determinism")
    listings = []
    for rule in load_rules():
        for k, case in enumerate(rule.examples.get("fire") or []):
            listing = {"title": case} if isinstance(case, str) else _jsonable(dict(case))
            listing.setdefault("id", f"{rule.id}-{k}")
            listings.append(listing)
    copied = "这款保温杯保温效果非常好，早上装的热水到晚上还是烫的，推荐购买！"
    for k in range(3):
        listings.append({"id": f"dup-{k}", "title": f"保温杯 {k}", "reviews": [{"text": copied, "rating": 5}]})
    half = len(listings) // 2
    array = directory / "b-array.json"
    array.write_text(json.dumps(listings[:half], ensure_ascii=False, indent=2), encoding="utf-8")
    lines = directory / "a-lines.jsonl"
    lines.write_text("".join(json.dumps(x, ensure_ascii=True) + "\n" for x in listings[half:]), encoding="utf-8")
    wrapped = directory / "c-wrapped.json"
    wrapped.write_text(json.dumps({"listings": listings[:5]}, ensure_ascii=False), encoding="utf-8")
    broken = directory / "d-broken.json"
    broken.write_text('{"title": "包邮", "shipping": {"fee": 5}', encoding="utf-8")
    paths = [str(array), str(lines), str(wrapped), str(broken)]
    example = ROOT / "examples" / "listing.json"
    if example.exists():
        shutil.copy(example, directory / "e-example.json")
        paths.append(str(directory / "e-example.json"))
    return paths


_CACHE: dict[tuple, subprocess.CompletedProcess] = {}


def run_cli(paths: list[str], output_format: str, seed: str) -> subprocess.CompletedProcess:
    key = (tuple(paths), output_format, seed)
    if key not in _CACHE:
        _CACHE[key] = _run_cli(paths, output_format, seed)
    return _CACHE[key]


def _run_cli(paths: list[str], output_format: str, seed: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED=seed, NO_COLOR="1")
    env.pop("FORCE_COLOR", None)
    args = [sys.executable, "-m", "honestlint", "check", "--format", output_format, "--as-of", AS_OF, *paths]
    return subprocess.run(args, capture_output=True, env=env, cwd=Path(paths[0]).parent, timeout=600)


def _runs(paths, output_format):
    with ThreadPoolExecutor(max_workers=len(SEEDS)) as pool:
        return list(pool.map(lambda seed: run_cli(paths, output_format, seed), SEEDS))


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_output_is_byte_identical_across_hash_seeds(corpus, output_format):
    runs = _runs(corpus, output_format)
    first = runs[0]
    assert first.returncode == 2, first.stderr.decode()  # findings and one broken input
    assert first.stdout, first.stderr.decode()
    for seed, run in zip(SEEDS[1:], runs[1:]):
        assert run.returncode == first.returncode
        assert run.stdout == first.stdout, f"{output_format} output differs with PYTHONHASHSEED={seed}"
        assert run.stderr == first.stderr, f"error lines differ with PYTHONHASHSEED={seed}"


def _sort_key(f: dict) -> tuple:
    return (f["file"], f["line"], f["column"], f["rule"])


def test_json_findings_are_sorted_by_file_line_column_rule(corpus):
    run = run_cli(corpus, "json", "0")
    assert run.stdout, run.stderr.decode()
    doc = json.loads(run.stdout)
    findings = doc["findings"]
    rules = {f["rule"] for f in findings}
    assert len(rules) >= 20, f"the corpus should make most rules fire, got {sorted(rules)}"
    keys = [_sort_key(f) for f in findings]
    assert keys == sorted(keys)
    # Argument order does not change the findings either.
    reverse = json.loads(run_cli(list(reversed(corpus)), "json", "1").stdout)
    assert reverse["findings"] == findings


_WHERE = re.compile(r"^\s+(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): \S+ (?P<rule>[a-z0-9-]+) ", re.M)


def test_text_findings_are_sorted_by_file_line_column_rule(corpus):
    run = run_cli(corpus, "text", "0")
    assert run.stdout, run.stderr.decode()
    text = run.stdout.decode("utf-8")
    keys = [(m["file"], int(m["line"]), int(m["col"]), m["rule"]) for m in _WHERE.finditer(text)]
    assert len(keys) > 50, text[:2000]
    assert keys == sorted(keys)
    assert len(keys) == len(json.loads(run_cli(corpus, "json", "0").stdout)["findings"])
