"""The result cache (run/cache.py): a run that remembers listings reports exactly what a
run without the cache reports, wherever the listings now are in their files, and forgets a
result whenever anything it depends on changes."""
from __future__ import annotations

import json
import marshal
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from honestlint import engine
from honestlint.run import cache as resultcache
from honestlint.run import filters, pipeline, pool
from honestlint.run.options import Options
from honestlint.core import codehash

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (the benchmark's deterministic catalog generator)

from conftest import AS_OF  # noqa: E402

COPIED_REVIEW = "这款保温杯保温效果非常好，早上装的热水到晚上还是烫的，推荐购买！真的很满意"


@pytest.fixture(scope="module")
def catalog() -> list[dict]:
    listings = [generate.make_listing(i)[0] for i in range(400)]
    # A review copied between two listings: a catalog-level finding, decided from the records
    # every listing leaves (remembered ones included).
    for listing in (listings[3], listings[250]):
        listing.setdefault("reviews", []).append({"rating": 5, "text": COPIED_REVIEW})
    # Listings without an id are named by their number in the file.
    for listing in listings[10:14]:
        listing.pop("id", None)
    return listings


def write_jsonl(path: Path, listings: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in listings), encoding="utf-8")
    return path


def lint(paths, cache_dir=None, jobs=1, **options):
    """(findings as dicts, error and warning lines, listing count) of one run."""
    options.setdefault("as_of", AS_OF)
    said: list[str] = []
    with pipeline.run([str(p) for p in paths], Options(cache_dir=str(cache_dir) if cache_dir else None, **options),
                    jobs=jobs, on_error=lambda e: said.append(str(e))) as result:
        return [f.to_dict() for f in result.findings], said, result.listings


def test_a_remembered_run_reports_what_a_fresh_run_reports(tmp_path, catalog):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog)
    fresh = lint([source])
    assert fresh[0] and fresh[2] == len(catalog)
    assert any(f["rule"] == "review-copied" for f in fresh[0])
    first = lint([source], tmp_path / "cache")
    second = lint([source], tmp_path / "cache")
    assert first == fresh
    assert second == fresh


def test_remembered_listings_are_not_linted_again(tmp_path, catalog, monkeypatch):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog)
    lint([source], tmp_path / "cache")
    edited = [dict(x) for x in catalog]
    edited[7]["title"] = edited[7]["title"] + " 全网最低价"
    write_jsonl(source, edited)
    linted = []
    real = engine.Linter.lint

    def counting(self, listing):
        linted.append(listing.id)
        return real(self, listing)

    monkeypatch.setattr(engine.Linter, "lint", counting)
    found = lint([source], tmp_path / "cache")
    assert linted == [edited[7]["id"]]
    assert found == lint([source])
    assert any(f["listing"] == edited[7]["id"] and f["rule"].startswith("absolute-claim") for f in found[0])


def test_listings_that_moved_keep_their_findings_at_their_new_place(tmp_path, catalog):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog)
    lint([source], tmp_path / "cache")
    # Two new listings on top: every line moves down, and the listings named by their number
    # get new names.
    moved = [generate.make_listing(9000)[0], {"title": "新品 保温杯 500ml"}] + catalog
    write_jsonl(source, moved)
    assert lint([source], tmp_path / "cache") == lint([source])
    # The same listings as a JSON array, then indented differently: columns and lines change.
    array = tmp_path / "catalog.json"
    array.write_text(json.dumps(catalog[:60], ensure_ascii=False), encoding="utf-8")
    lint([array], tmp_path / "cache")
    array.write_text(json.dumps(catalog[:60], ensure_ascii=False, indent=2), encoding="utf-8")
    assert lint([array], tmp_path / "cache") == lint([array])


def test_warnings_and_input_errors_come_back_too(tmp_path, catalog):
    lines = [json.dumps(x, ensure_ascii=False) for x in catalog[:20]]
    lines[4] = lines[4][:-1] + ', "title": "重复的标题"}'  # a duplicate key: a warning
    lines[9] = "{not json"
    source = tmp_path / "catalog.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fresh = lint([source])
    assert any("duplicate key 'title'" in e for e in fresh[1]) and any("catalog.jsonl:10" in e for e in fresh[1])
    lint([source], tmp_path / "cache")
    source.write_text("\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    again = lint([source], tmp_path / "cache")
    assert again == lint([source])
    assert any("catalog.jsonl:7:" in e and "duplicate key" in e for e in again[1])


@pytest.mark.parametrize("change", ["as_of", "severity", "select", "rule_file", "ignore"])
def test_a_result_is_forgotten_when_what_it_depends_on_changes(tmp_path, change):
    """Each change alters the findings of the same listing; the remembered ones must not
    come back."""
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = {"id": "house-word", "kind": "phrase", "category": "absolute-claim", "severity": "warning",
            "languages": ["zh"], "fields": ["title"], "summary": "a house word", "message": "'{match}' is banned",
            "phrases": ["镇店之宝"], "examples": {"fire": ["镇店之宝 水杯"], "pass": ["水杯"]}}
    (rules / "house.yaml").write_text(json.dumps({"rules": [rule]}, ensure_ascii=False), encoding="utf-8")
    listing = {"id": "a1", "title": "镇店之宝 保温杯 限时秒杀 仅剩今天", "price": {"current": 10},
               "promotions": [{"text": "限时秒杀", "ends_at": "2026-11-25T00:00:00+08:00"}]}
    source = write_jsonl(tmp_path / "one.jsonl", [listing])
    config = tmp_path / "honestlint.toml"
    config.write_text('rules = ["rules"]\n', encoding="utf-8")
    base = {"config_file": str(config)}
    changed = dict(base)
    if change == "as_of":
        changed["as_of"] = AS_OF.replace(year=2027)
    elif change == "severity":
        config2 = tmp_path / "severity.toml"
        config2.write_text('rules = ["rules"]\n[severity]\n"house-word" = "error"\n', encoding="utf-8")
        changed["config_file"] = str(config2)
    elif change == "select":
        changed["select"] = ["house-word"]
    elif change == "ignore":
        changed["ignore"] = ["house-word"]
    before = lint([source], tmp_path / "cache", **base)
    if change == "rule_file":
        rule["message"] = "'{match}' is a house word"
        (rules / "house.yaml").write_text(json.dumps({"rules": [rule]}, ensure_ascii=False), encoding="utf-8")
    after = lint([source], tmp_path / "cache", **changed)
    assert after == lint([source], **changed)
    assert after != before


def test_per_file_ignores_and_the_baseline_apply_to_remembered_results(tmp_path, catalog):
    source = write_jsonl(tmp_path / "legacy.jsonl", catalog[:80])
    config = tmp_path / "honestlint.toml"
    config.write_text('[per-file-ignores]\n"legacy.jsonl" = ["title-quality"]\n', encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    with pipeline.run([str(source)], Options(as_of=AS_OF)) as result:
        filters.write_baseline(str(baseline), list(result.findings)[:5])
    options = {"config_file": str(config), "baseline": str(baseline)}
    lint([source], tmp_path / "cache", **options)
    assert lint([source], tmp_path / "cache", **options) == lint([source], **options)
    assert lint([source], tmp_path / "cache") == lint([source])


def test_parallel_runs_mix_remembered_and_new_chunks(tmp_path, catalog, monkeypatch):
    monkeypatch.setattr(pool, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pool, "CHUNK", 25)
    monkeypatch.setattr(pool, "REPLAY_RUN", 4)  # pieces replayed in the main process between worker pieces
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog)
    fresh = lint([source])
    assert lint([source], tmp_path / "cache", jobs=2) == fresh
    edited = [dict(x) for x in catalog]
    for k in (5, 130, 131, 390):  # some chunks all remembered, some partly
        edited[k]["title"] = "【官方正品】" + edited[k]["title"]
    write_jsonl(source, edited)
    assert lint([source], tmp_path / "cache", jobs=2) == lint([source])


def test_a_listing_on_which_a_rule_timed_out_is_not_remembered(tmp_path, catalog, monkeypatch):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog[:3])
    real = engine.Linter.lint

    def timing_out(self, listing):
        found = real(self, listing)
        if listing.id == catalog[1]["id"]:
            self.rule_errors.append("rules.yaml:1: error: rule 'x' timed out")
        return found

    monkeypatch.setattr(engine.Linter, "lint", timing_out)
    lint([source], tmp_path / "cache")
    monkeypatch.setattr(engine.Linter, "lint", real)
    (path,) = (tmp_path / "cache").glob("results-*.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 2


def test_an_unusable_cache_only_costs_speed(tmp_path, catalog, monkeypatch):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog[:50])
    fresh = lint([source])
    # A file where the directory should be.
    blocked = tmp_path / "blocked"
    blocked.write_text("not a directory")
    assert lint([source], blocked) == fresh
    # A damaged database.
    lint([source], tmp_path / "cache")
    for path in (tmp_path / "cache").glob("results-*.sqlite*"):
        path.write_bytes(b"garbage" * 100)
    assert lint([source], tmp_path / "cache") == fresh
    # Another run holding the lock (past the wait): results are not stored, the run goes on.
    monkeypatch.setattr(resultcache, "LOCK_WAIT", 0.1)
    lint([source], tmp_path / "cache3")
    (path,) = (tmp_path / "cache3").glob("results-*.sqlite")
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert lint([write_jsonl(tmp_path / "other.jsonl", catalog[50:60])], tmp_path / "cache3") == \
            lint([tmp_path / "other.jsonl"])
    finally:
        holder.rollback()
        holder.close()
    # A stored value that is not a result.
    lint([source], tmp_path / "cache2")
    (path,) = (tmp_path / "cache2").glob("results-*.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE results SET value = x'00ff'")
    assert lint([source], tmp_path / "cache2") == fresh
    # Values that load but are not results: the wrong shape, rows of the wrong length.
    for value in (marshal.dumps(5), marshal.dumps((None, ((1, 2),), (), ())), marshal.dumps(("a", (), (1,), ()))):
        with sqlite3.connect(path) as db:
            db.execute("UPDATE results SET value = ?", (value,))
        assert lint([source], tmp_path / "cache2") == fresh


def test_old_namespaces_are_pruned(tmp_path, catalog):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog[:5])
    for day in range(1, resultcache.NAMESPACES_KEPT + 4):
        lint([source], tmp_path / "cache", as_of=AS_OF.replace(day=day))
    assert len(list((tmp_path / "cache").glob("results-*.sqlite"))) == resultcache.NAMESPACES_KEPT


def test_the_command_line_keeps_its_cache_in_the_working_directory(tmp_path, catalog):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog[:40])
    env = {k: v for k, v in os.environ.items() if k != "HONESTLINT_NO_CACHE"}
    command = [sys.executable, "-m", "honestlint", "--format", "json", "--exit-zero", "--as-of", AS_OF.isoformat(),
               "catalog.jsonl"]
    uncached = subprocess.run(command + ["--no-cache"], cwd=tmp_path, env=env, capture_output=True, check=True)
    assert not (tmp_path / ".honestlint_cache").exists()
    runs = [subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, check=True) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout == uncached.stdout
    cache = tmp_path / ".honestlint_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert len(list(cache.glob("results-*.sqlite"))) == 1
    # Two runs at once on one cache (pre-commit runs hooks in parallel), then both remembered.
    halves = [write_jsonl(tmp_path / f"half{k}.jsonl", catalog[40 + 30 * k:70 + 30 * k]) for k in (0, 1)]
    both = [subprocess.Popen(command[:-1] + [h.name], cwd=tmp_path, env=env, stdout=subprocess.PIPE) for h in halves]
    outputs = [p.communicate()[0] for p in both]
    assert [p.returncode for p in both] == [0, 0]
    for half, output in zip(halves, outputs):
        assert output == subprocess.run(command[:-1] + [half.name, "--no-cache"], cwd=tmp_path, env=env,
                                        capture_output=True, check=True).stdout
    (path,) = cache.glob("results-*.sqlite")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] == 100
    # --cache-dir puts it elsewhere.
    subprocess.run(command + ["--cache-dir", str(tmp_path / "elsewhere")], cwd=tmp_path, env=env, check=True,
                   capture_output=True)
    assert list((tmp_path / "elsewhere").glob("results-*.sqlite"))


@given(st.lists(st.booleans(), max_size=120), st.integers(1, 40))
def test_a_chunk_is_cut_into_pieces_in_order(remembered, run):
    chunk = list(range(len(remembered)))
    known = [(b"k", ("result",) if r else None) for r in remembered]
    old = pool.REPLAY_RUN
    pool.REPLAY_RUN = run
    try:
        pieces = list(pool._pieces(chunk, known))
    finally:
        pool.REPLAY_RUN = old
    assert [i for piece, _, _ in pieces for i in piece] == chunk
    for piece, piece_known, looked_up in pieces:
        assert piece
        assert looked_up == known[piece[0]:piece[-1] + 1]
        if piece_known is not None:  # replayed: all remembered, and long enough (or the whole chunk)
            assert piece_known == known[piece[0]:piece[-1] + 1]
            assert all(remembered[i] for i in piece)
            assert len(piece) >= run or len(piece) == len(chunk)
        else:  # linted in a worker: no run of `run` remembered listings left in it
            longest = current = 0
            for i in piece:
                current = current + 1 if remembered[i] else 0
                longest = max(longest, current)
            assert longest < run
    assert list(pool._pieces(chunk, None)) == [(chunk, None, None)]


def test_clean_removes_the_cache_and_nothing_else(tmp_path, catalog):
    source = write_jsonl(tmp_path / "catalog.jsonl", catalog[:5])
    lint([source], tmp_path / "cache")
    (tmp_path / "cache" / "notes.txt").write_text("mine")
    clean = [sys.executable, "-m", "honestlint", "clean", "--cache-dir", "cache"]
    done = subprocess.run(clean, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.startswith("removed ")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["notes.txt"]
    (tmp_path / "cache" / "notes.txt").unlink()
    lint([source], tmp_path / "cache")
    subprocess.run(clean, cwd=tmp_path, capture_output=True, check=True)
    assert not (tmp_path / "cache").exists()
    again = subprocess.run(clean, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "no result cache in cache"


def test_the_namespace_changes_with_the_code_and_the_installed_packages(tmp_path, monkeypatch):
    package = tmp_path / "honestlint"
    package.mkdir()
    for name in ("engine.py", "kinds.py"):
        (package / name).write_text(f"# {name}\n")
    (package / "data").mkdir()
    (package / "data" / "lexicon.yaml").write_text("colours: {}\n")
    (package / "report").mkdir()
    (package / "report" / "sarif.py").write_text("# sarif\n")
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(codehash, "ROOT", str(package))
    monkeypatch.setattr(sys, "path", [str(site)])
    digest = codehash.package_digest.__wrapped__

    first = digest()
    assert digest() == first
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "engine.cpython-311.pyc").write_bytes(b"compiled")
    assert digest() == first  # bytecode is not the code
    (package / "data" / "lexicon.yaml").write_text("colours: {red: [红]}\n")
    second = digest()
    assert second != first
    (package / "kinds.py").write_text("# kinds.py, changed\n")
    third = digest()
    assert third not in (first, second)
    (package / "report" / "sarif.py").write_text("# sarif, changed\n")  # a subpackage's file counts
    fourth = digest()
    assert fourth not in (first, second, third)
    (package / "report" / "junit.py").write_text("# a new module\n")
    fifth = digest()
    assert fifth not in (first, second, third, fourth)
    (site / "regex-2099.1.1.dist-info").mkdir()
    assert digest() not in (first, second, third, fourth, fifth)
