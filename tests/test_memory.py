"""Bounded memory (issues #5 and #6): findings and catalog-level state spill to temporary files
past a bound, and everything read back is what the in-memory path gives, in the same order.

Each test forces spilling with tiny bounds (module constants), compares with the default
bounds, and checks that the temporary files are gone afterwards, also after an error.
"""
from __future__ import annotations

import datetime
import json
import os
import random
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import fields

import pytest
from click.testing import CliRunner

from honestlint import report
from honestlint.core import jsonstream, spill
from honestlint.engine import catalog
from honestlint.report import junit
from honestlint.run import filters, pipeline, pool, store
from honestlint.run.options import Options
from honestlint.run.rulesets import RuleSets
from honestlint import config as cfgmod
from honestlint.cli import main
from honestlint.findings import Finding, fingerprint

AS_OF = datetime.date(2026, 11, 23)
COPIED = "这款保温杯保温效果非常好，早上装的热水到晚上还是烫的，杯盖也不漏水，推荐购买！"
COPIED_EN = "Bright, sturdy, and the touch dimmer works perfectly every single time."
ONLY_HERE = "只在这一个商品里出现两次的很长很长的评论文本，没有别的商品有它。"


@pytest.fixture
def tmpdir_empty(tmp_path, monkeypatch):
    """A private TMPDIR, to see what the run leaves behind."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def tiny_bounds(monkeypatch, n: int = 2) -> None:
    monkeypatch.setattr(store, "FINDINGS_IN_MEMORY", n)
    monkeypatch.setattr(store, "KEYS_IN_MEMORY", n)
    monkeypatch.setattr(store, "LISTINGS_IN_MEMORY", n)
    monkeypatch.setattr(spill, "BLOCK", 3)
    monkeypatch.setattr(spill, "FAN_IN", 3)
    monkeypatch.setattr(catalog, "DUPLICATES_IN_MEMORY", n)


def write_catalog(directory) -> list[str]:
    """Two JSON Lines files and a JSON array: findings on most listings, a review copied
    across listings, chunks and files, a listing id used twice in a file and in two files, a
    text repeated within one listing only, a suppression, and a broken line."""
    rows = []
    for i in range(90):
        listing = {"id": f"sku-{i % 70}", "title": f"保温杯 {i}号" + (" 全网最低价" if i % 3 == 0 else ""),
                   "description": "包邮 现货" if i % 4 == 0 else "现货", "shipping": {"fee": 6},
                   "reviews": [{"text": "很好", "rating": 5}]}
        if i % 7 == 0:
            listing["reviews"].append({"text": COPIED, "rating": 5})
        if i % 11 == 0:
            listing["reviews"].append({"text": COPIED_EN, "rating": 4})
        if i == 20:  # not in the array file
            listing["reviews"] += [{"text": ONLY_HERE}, {"text": ONLY_HERE}]
        if i == 8:
            listing["honestlint"] = {"ignore": ["absolute-claim-zh", "no-such-rule"]}
        rows.append(listing)
    paths = []
    first = directory / "b-first.jsonl"
    first.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows[:50]) + "{broken\n",
                     encoding="utf-8")
    second = directory / "a-second.jsonl"
    second.write_text("".join(json.dumps(r, ensure_ascii=True) + "\n" for r in rows[50:]), encoding="utf-8")
    array = directory / "c-array.json"
    array.write_text(json.dumps(rows[:12], ensure_ascii=False, indent=2), encoding="utf-8")
    paths = [str(first), str(second), str(array)]
    return paths


def options(**kw):
    # One configuration object for every file, so that one Linter sees them all and a review
    # copied from one file into another is found (--isolated makes one per file).
    return Options(as_of=AS_OF, config=cfgmod.Config(root=os.getcwd()), **kw)


def run_all(paths, jobs, **kw):
    with pipeline.run(paths, options(**kw), jobs=jobs) as result:
        return [f.to_dict() for f in result.findings], [str(e) for e in result.errors], result.listings


def leftovers(temp) -> list[str]:
    return sorted(str(p.relative_to(temp)) for p in temp.rglob("*"))


# --- the store -------------------------------------------------------------------------------


def make_finding(rnd: random.Random, n: int) -> Finding:
    # Few distinct keys, so that many findings tie on the sort key and only insertion order
    # tells them apart (their messages differ).
    return Finding(rule=rnd.choice(["r-a", "r-b"]), category="c", severity=rnd.choice(["error", "warning", "info"]),
                   listing=rnd.choice(["x", "y", "z"]), field="title", file=rnd.choice(["a.json", "b.json"]),
                   line=rnd.randint(1, 3), column=rnd.randint(1, 2), end_line=3, end_column=4, text="t",
                   message=f"m{n}", fact_field=rnd.choice([None, "specs.x"]), fact_line=None, fact_column=None)


def test_row_lists_every_field_in_order():
    f = make_finding(random.Random(1), 0)
    assert f.as_row() == tuple(getattr(f, x.name) for x in fields(Finding))
    assert Finding.from_row(f.as_row()) == f


@pytest.mark.parametrize("limit", [1, 2, 7, 1000])
def test_store_reads_back_in_stable_sorted_order(limit, tmpdir_empty, monkeypatch):
    monkeypatch.setattr(spill, "BLOCK", 4)
    monkeypatch.setattr(spill, "FAN_IN", 3)  # several merge levels
    rnd = random.Random(limit)
    findings = [make_finding(rnd, n) for n in range(300)]
    expected = sorted(findings, key=Finding.sort_key)  # a stable sort: the reference
    st = store.FindingStore(limit=limit)
    st.extend(findings)
    assert st.spilled == (limit < 300)
    assert [f.message for f in st] == [f.message for f in expected]
    assert list(st) == expected  # a second read gives the same
    assert len(st) == 300
    assert st.severities == {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    assert st.flagged_listings() == len({(f.file, f.listing) for f in findings})
    if st.spilled:
        assert leftovers(tmpdir_empty)
    st.close()
    assert leftovers(tmpdir_empty) == []


def test_distinct_count_spills(tmpdir_empty):
    rnd = random.Random(3)
    items = [(rnd.choice("abc"), str(rnd.randint(0, 40))) for _ in range(500)]
    counter = store.DistinctCount(limit=5)
    for item in items:
        counter.add(item)
    assert counter.count() == len(set(items))
    counter.close()
    assert leftovers(tmpdir_empty) == []


def test_listing_log_spills_and_keeps_read_order(tmpdir_empty):
    log = store.ListingLog(limit=3)
    pairs = [("b.json", f"b{i}") for i in range(7)] + [("a.json", "a0")] + [("b.json", "b7"), ("a.json", "a1")]
    log.extend(pairs)
    assert log.files == ["b.json", "a.json"]
    assert list(log.ids("b.json")) == [f"b{i}" for i in range(8)]
    assert list(log.ids("a.json")) == ["a0", "a1"]
    assert list(log.ids("c.json")) == []
    log.close()
    assert leftovers(tmpdir_empty) == []


def test_a_forked_worker_never_removes_the_parents_files(tmpdir_empty):
    st = store.FindingStore(limit=1)
    st.extend(make_finding(random.Random(5), n) for n in range(5))
    pid = os.fork()
    if pid == 0:  # the child drops its copy of the store and exits normally
        st.close()
        os._exit(0)
    os.waitpid(pid, 0)
    assert len(list(st)) == 5
    st.close()
    assert leftovers(tmpdir_empty) == []


# --- the copied-review index ---------------------------------------------------------------


def duplicate_groups(records, limit):
    index = catalog.DuplicateIndex(limit=limit)
    for start in range(0, len(records), 4):  # merged a chunk at a time, as the run does
        index.merge(records[start:start + 4])
    groups = (catalog.copied_findings(rows) for rows in index.groups())
    return [[f.to_dict() for f in group] for group in groups if group]


def shuffled_groups(records):
    """The same groups as a distributed run makes them (honestlint.spark): records grouped by
    digest alone, in any order, then split by text."""
    by_digest: dict = {}
    for record in reversed(records):
        by_digest.setdefault(record[0], []).append(record)
    groups = (catalog.copied_findings(rows) for same in by_digest.values() for rows in catalog.records_by_text(same))
    return [[f.to_dict() for f in group] for group in groups if group]


def test_duplicate_index_same_groups_when_spilled_and_exact_under_collisions(tmpdir_empty, monkeypatch):
    rnd = random.Random(9)
    texts = [f"text number {n} long enough to compare" for n in range(6)]
    records = []
    for n in range(120):
        key = rnd.choice(texts)
        f = Finding(rule="review-copied", category="c", severity="warning", listing=f"l{rnd.randint(0, 30)}",
                    field="reviews[0].text", file=rnd.choice(["a.jsonl", "b.jsonl"]), line=n + 1, column=5,
                    end_line=n + 1, end_column=40, text=key, message="also on {others}")
        records.append((catalog.text_digest("review-copied", key), "review-copied", key, f.as_row()))
    in_memory = duplicate_groups(records, limit=10_000)
    assert in_memory and all(len({(f["file"], f["listing"]) for f in g}) >= 2 for g in in_memory)
    assert duplicate_groups(records, limit=3) == in_memory
    assert leftovers(tmpdir_empty) == []
    # Every text hashing alike: groups are still split by the text itself.
    colliding = [(b"\0" * 8, *r[1:]) for r in records]
    by_text = lambda groups: sorted(groups, key=lambda g: g[0]["text"])  # noqa: E731
    assert by_text(duplicate_groups(colliding, limit=3)) == by_text(in_memory)
    assert leftovers(tmpdir_empty) == []
    # Shuffled by digest (any order, collisions too): the same findings, as sets of rows.
    as_set = lambda groups: sorted(sorted(map(repr, g)) for g in groups)  # noqa: E731
    assert as_set(shuffled_groups(records)) == as_set(in_memory)
    assert as_set(shuffled_groups(colliding)) == as_set(in_memory)


# --- whole runs ------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path):
    directory = tmp_path / "catalog"
    directory.mkdir()
    return write_catalog(directory)


def test_spilled_runs_give_the_same_findings_for_any_jobs(corpus, tmpdir_empty, monkeypatch):
    monkeypatch.setattr(pool, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pool, "CHUNK", 7)  # a copied review spread over chunks and workers
    reference = run_all(corpus, jobs=1)
    findings = reference[0]
    assert sum(f["rule"] == "review-copied" for f in findings) >= 15
    assert any(f["rule"] == "unused-suppression" for f in findings)
    assert not any(f["text"] == ONLY_HERE for f in findings)  # repeated within one listing only
    copied = next(f for f in findings if f["rule"] == "review-copied" and f["text"] == COPIED)
    assert "sku-14" in copied["message"]
    assert {f["file"].rsplit("/", 1)[-1] for f in findings if f["rule"] == "review-copied"} == {
        "a-second.jsonl", "b-first.jsonl", "c-array.json"}
    tiny_bounds(monkeypatch)
    written = []
    real_write = spill.RunFiles.write

    def spy(self, rows):
        written.append(self.name)
        real_write(self, rows)

    monkeypatch.setattr(spill.RunFiles, "write", spy)
    for jobs in (1, 2):
        with pipeline.run(corpus, options(), jobs=jobs) as result:
            assert result.findings.spilled
            got = ([f.to_dict() for f in result.findings], [str(e) for e in result.errors], result.listings)
            assert leftovers(tmpdir_empty)  # the runs are on disk while the result is open
        assert got == reference
        assert leftovers(tmpdir_empty) == []
    assert {"findings", "duplicates", "listings"} <= set(written)


def test_baseline_applies_as_to_one_list_when_spilled(corpus, tmp_path, tmpdir_empty, monkeypatch):
    with pipeline.run(corpus, options(), jobs=1) as result:
        everything = list(result.findings)
    # A baseline that knows some findings, and one of each copied text only: the rest of a
    # group, and every later finding of a key, are still reported.
    known: dict = {}
    for n, f in enumerate(everything):
        key = (f.listing, f.rule, fingerprint(f))
        if n % 3 and (f.rule != "review-copied" or key not in known):
            known[key] = known.get(key, 0) + 1
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"tool": "honestlint", "baseline": 1, "findings": [
        {"listing": k[0], "rule": k[1], "fingerprint": k[2], "file": ""} for k, n in known.items() for _ in range(n)]}),
        encoding="utf-8")
    expected = sorted(filters.apply_baseline(everything_in_run_order(corpus), filters.read_baseline(str(path))),
                      key=Finding.sort_key)
    reference = run_all(corpus, jobs=1, baseline=str(path))
    assert reference[0] == [f.to_dict() for f in expected]
    assert any(f["rule"] == "review-copied" for f in reference[0])
    tiny_bounds(monkeypatch)
    monkeypatch.setattr(pool, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pool, "CHUNK", 5)
    assert run_all(corpus, jobs=2, baseline=str(path)) == reference
    assert leftovers(tmpdir_empty) == []


def everything_in_run_order(paths):
    """Findings in the order the run produces them (per listing, then catalog-level), which
    is the order a baseline is applied in."""
    from honestlint.core.listing import InputError
    from honestlint.input import load

    sets = RuleSets(options())
    linter, rules = sets.linter_for(cfgmod.Config(root=os.getcwd()))
    out = []
    for item in load(paths):
        if not isinstance(item, InputError):
            out.extend(filters.lint_one(linter, rules, item))
    out.extend(linter.finish())
    return out


@pytest.fixture
def corpus_config(corpus, tmp_path):
    """An empty configuration file: with --config, every file shares one Linter."""
    path = tmp_path / "honestlint.toml"
    path.write_text("", encoding="utf-8")
    return str(path)


def cli(*args):
    result = CliRunner().invoke(main, ["--as-of", "2026-11-23", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "html"])
def test_every_format_is_byte_identical_when_spilled(fmt, corpus, corpus_config, tmpdir_empty, monkeypatch):
    corpus = ["--config", corpus_config, *corpus]
    reference = cli("--format", fmt, "-j", "1", *corpus)
    assert reference.exit_code == 2  # findings and a broken line
    tiny_bounds(monkeypatch)
    monkeypatch.setattr(pool, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pool, "CHUNK", 6)
    for jobs in ("1", "2"):
        spilled = cli("--format", fmt, "-j", jobs, *corpus)
        assert spilled.stdout == reference.stdout
        assert spilled.exit_code == reference.exit_code
    assert leftovers(tmpdir_empty) == []


def test_statistics_exit_code_and_written_baseline_when_spilled(corpus, corpus_config, tmp_path, tmpdir_empty,
                                                               monkeypatch):
    unbroken = ["--config", corpus_config, *corpus[1:]]  # the first file has a broken line (exit 2)
    corpus = ["--config", corpus_config, *corpus]

    def outputs():
        base = tmp_path / "baseline.json"  # the same name: it is in the message
        return (cli("--statistics", *corpus).stdout, cli("--statistics", "--format", "json", *corpus).stdout,
                cli("--write-baseline", base, *corpus).stderr, base.read_bytes(),
                cli("--select", "review-copied", "--fail-on", "error", *unbroken).exit_code,
                cli("--select", "review-copied", "--fail-on", "warning", *unbroken).exit_code)

    reference = outputs()
    assert reference[4:] == (0, 1)  # copied reviews are warnings
    tiny_bounds(monkeypatch)
    assert outputs() == reference
    assert leftovers(tmpdir_empty) == []


def test_temporary_files_are_removed_after_an_error(corpus, tmpdir_empty, monkeypatch):
    tiny_bounds(monkeypatch)
    real = pool.lint_one
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 60:  # after both stores have spilled
            raise RuntimeError("boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(pool, "lint_one", failing)
    with pytest.raises(RuntimeError):
        pipeline.run(corpus, options(), jobs=1)
    assert len(calls) == 60
    assert leftovers(tmpdir_empty) == []
    monkeypatch.setattr(pool, "lint_one", real)

    # A reporter that fails half-way: the command line still removes the runs.
    def broken(findings, *args, **kwargs):
        for n, _ in enumerate(findings):
            if n == 10:
                raise RuntimeError("disk full")
            yield ""

    monkeypatch.setattr(report.json_report, "stream", broken)
    result = CliRunner().invoke(main, ["--isolated", "--format", "json", *corpus])
    assert "disk full" in str(result.exception)
    assert isinstance(result.exception, RuntimeError)
    assert leftovers(tmpdir_empty) == []


# --- streamed formats against what building them whole gives -------------------------------


def test_json_chunks_is_json_dumps():
    def values(items):  # `items` wraps a list: streamed (JsonItems) or plain (the reference)
        return [
            {"a": 1, "b": items([{"x": [1, {"y": "q\nr"}], "e": {}}, {}, [], "s"]), "c": []},
            {"only": items([])},
            [items([1, 2]), {"k": items([{"z": None}])}],
            {"plain": {"nested": [1, 2, {"u": "ü"}]}},
        ]

    for indent in (1, 2):
        for streamed, plain in zip(values(lambda v: jsonstream.JsonItems(iter(v))), values(list)):
            assert "".join(jsonstream.json_chunks(streamed, indent=indent)) == json.dumps(plain, ensure_ascii=False,
                                                                                      indent=indent)


def _old_region(path, line, column, end_line, end_column):
    """FileText.region as it was: the whole file in memory."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    text = text[1:] if text.startswith("\ufeff") else text
    starts = [0]
    starts.extend(i + 1 for i, c in enumerate(text) if c == "\n")

    def offset(ln, col):
        if not 1 <= ln <= len(starts):
            return None
        begin = starts[ln - 1]
        end = starts[ln] if ln < len(starts) else len(text)
        at = begin + col - 1
        return at if begin <= at <= end else None

    a, b = offset(line, column), offset(end_line, end_column)
    if a is None or b is None or b < a:
        return None
    return text[a:b]


@pytest.mark.parametrize("content", [
    "ab\ncd\r\nef\rgh\n", "\ufeff{\"t\": \"全网最低\"}\n{\"t\": 2}", "", "\n\n", "one line, no break",
])
def test_file_text_reads_forward_and_quotes_as_before(tmp_path, content):
    path = tmp_path / "f.json"
    path.write_text(content, encoding="utf-8", newline="")
    regions = [(ln, col, eln, ecol) for ln in range(0, 5) for col in range(0, 6)
               for eln in range(ln, ln + 2) for ecol in (0, 1, 3, 7)]
    texts = report.FileText()
    for region in sorted(regions):  # the order a report asks in
        assert texts.region(str(path), *region) == _old_region(str(path), *region), region
    shuffled = report.FileText()
    for region in random.Random(2).sample(regions, 80):  # and any other order
        assert shuffled.region(str(path), *region) == _old_region(str(path), *region), region
    texts.close()
    shuffled.close()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"t": "ok"}\n' + b"\xff\n")
    assert report.FileText().region(str(bad), 1, 1, 1, 3) is None  # as before: not quoted at all


def _old_junit(findings, errors, listings, sources=None):
    """junit_report as it was: the whole tree in ElementTree."""
    import collections

    index = report.SourceIndex(sources)
    by_file = collections.defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    files = list(index.files) + [file for file in by_file if file not in index.files]
    root = ET.Element("testsuites", name="honestlint")
    totals = collections.Counter()
    x, dp = junit._xml_text, report.display_path
    for file in files:
        element = ET.SubElement(root, "testsuite", name=x(dp(file)))
        group = by_file.get(file, [])
        flagged = {f.listing for f in group}
        names = collections.Counter()
        tests = failures = 0
        for f in group:
            name = f"{f.listing} / {f.rule} / {f.field}"
            names[name] += 1
            if names[name] > 1:
                name += f" #{names[name]}"
            case = ET.SubElement(element, "testcase", classname=x(f"honestlint.{f.category}"), name=x(name),
                                 file=x(dp(f.file)), line=str(f.line))
            detail = report.junit_failure_lines(f)  # the failure text; this test is about the tree
            failure = ET.SubElement(case, "failure", message=x(f.message), type=x(f.severity))
            failure.text = x("\n".join(detail))
            tests += 1
            failures += 1
        clean = collections.Counter()
        for listing in (item for item in index.listings if item.file == file and item.id not in flagged):
            clean[listing.id] += 1
            name = listing.id if clean[listing.id] == 1 else f"{listing.id} #{clean[listing.id]}"
            ET.SubElement(element, "testcase", classname="honestlint.listing", name=x(name), file=x(dp(file)))
            tests += 1
        for key, value in (("tests", tests), ("failures", failures), ("errors", 0), ("skipped", 0)):
            element.set(key, str(value))
        totals.update(tests=tests, failures=failures)
    if not index and not findings:
        element = ET.SubElement(root, "testsuite", name="honestlint")
        for n in range(1, listings + 1):
            ET.SubElement(element, "testcase", classname="honestlint.listing", name=f"listing {n}")
        for key, value in (("tests", listings), ("failures", 0), ("errors", 0), ("skipped", 0)):
            element.set(key, str(value))
        totals.update(tests=listings)
    if errors:
        element = ET.SubElement(root, "testsuite", name="input errors")
        for e in errors:
            where = e.file + (f":{e.line}" if e.line else "") + (f":{e.column}" if e.line and e.column else "")
            case = ET.SubElement(element, "testcase", classname="honestlint.input", name=x(dp(e.file)),
                                 file=x(dp(e.file)))
            if e.line:
                case.set("line", str(e.line))
            error = ET.SubElement(case, "error", message=x(e.message), type="InputError")
            error.text = x(f"{where}: error: {e.message}")
        for key, value in (("tests", len(errors)), ("failures", 0), ("errors", len(errors)), ("skipped", 0)):
            element.set(key, str(value))
        totals.update(tests=len(errors), errors=len(errors))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def test_streamed_junit_is_what_element_tree_wrote(corpus, tmpdir_empty, monkeypatch):
    from honestlint.core.listing import InputError

    tiny_bounds(monkeypatch)
    with pipeline.run(list(reversed(corpus)), options(), jobs=1, listing_ids=True) as result:
        findings = list(result.findings)

        class Named:
            def __init__(self, file, listing_id):
                self.file, self.id = file, listing_id

        sources = [Named(file, i) for file in result.listing_ids.files for i in result.listing_ids.ids(file)]
        assert len(sources) == result.listings
        expected = _old_junit(findings, result.errors, result.listings, sources)
        assert report.junit_report(result.findings, result.errors, result.listings,
                                   sources=result.listing_ids) == expected
        assert report.junit_report(findings, result.errors, result.listings, sources=sources) == expected
    weird = [InputError("x&<.json", "bad \x01 \"quote\"\n", 3, 4)]
    assert report.junit_report([], weird, 2) == _old_junit([], weird, 2)
    assert report.junit_report([], [], 0) == _old_junit([], [], 0)
    assert report.junit_report(findings[:3], [], 5) == _old_junit(findings[:3], [], 5)


_SLOW_CLI = """
import sys, time
from honestlint.engine import catalog
from honestlint.run import pool, store
store.FINDINGS_IN_MEMORY = store.KEYS_IN_MEMORY = catalog.DUPLICATES_IN_MEMORY = 2
pool.PARALLEL_MIN_BYTES, pool.CHUNK = 0, 20  # -j 2 really forks workers
real = pool.lint_one
def slow(*args, **kwargs):
    time.sleep(0.02)
    return real(*args, **kwargs)
pool.lint_one = slow
sys.argv = ["honestlint"] + sys.argv[1:]
from honestlint.cli import run
run()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_removes_the_temporary_files(jobs, tmp_path):
    """A run stopped with SIGTERM (a CI timeout) still removes its temporary files."""
    import signal
    import subprocess
    import sys
    import time

    temp = tmp_path / "tmp"
    temp.mkdir()
    path = tmp_path / "big.jsonl"
    rows = [{"id": f"s{i}", "title": "保温杯 全网最低价", "reviews": [{"text": COPIED}]} for i in range(3000)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    env = dict(os.environ, TMPDIR=str(temp))
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_CLI, "--isolated", "--format", "json", "-j", jobs,
                             "-o", str(tmp_path / "out.json"), str(path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not leftovers(temp) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert leftovers(temp), "the run should have spilled by now"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143, proc.stderr.read().decode()
    assert leftovers(temp) == []


_DYING_WORKER_CLI = """
import os, signal, sys
from honestlint.run import pool
pool.PARALLEL_MIN_BYTES, pool.CHUNK = 0, 20  # -j 2 really forks workers
parent = os.getpid()
real = pool.lint_one
def dying(linter, rules, listing, *args, **kwargs):
    if os.getpid() != parent and listing.id == "s77":
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return real(linter, rules, listing, *args, **kwargs)
pool.lint_one = dying
sys.argv = ["honestlint"] + sys.argv[1:]
from honestlint.cli import run
run()
"""


def test_a_killed_worker_stops_the_run_with_an_error_not_a_hang(tmp_path):
    """A worker that dies (killed, out of memory) ends the run with exit 3 and a one-line error;
    the pool must not wait for its chunk for ever."""
    import subprocess
    import sys

    path = tmp_path / "big.jsonl"
    rows = [{"id": f"s{i}", "title": "保温杯 全网最低价"} for i in range(400)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", _DYING_WORKER_CLI, "--isolated", "--format", "json", "-j", "2",
                           "-o", str(tmp_path / "out.json"), str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 3, err
    assert err.strip().splitlines() == ["honestlint: error: a worker process stopped before finishing its listings "
                                        "(killed, or out of memory); run again, or with -j 1 to lint in one process"]
