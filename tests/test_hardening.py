"""Bad input, hostile rule packs and big inputs: a clear message, never a hang or a traceback."""
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from honestlint.cli import main
from honestlint.run import pipeline, pool
from honestlint.run.options import Options

REDOS_RULE = """\
id: redos-demo
kind: pattern
category: title-quality
severity: info
languages: [en]
message: "{text}"
pattern: '(a|aa)+$'
examples:
  fire: []
  pass: []
"""


def run_cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "honestlint", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


def test_a_backtracking_user_regex_is_a_rule_error_not_a_hang(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "redos.yaml").write_text(REDOS_RULE, encoding="utf-8")
    listing = tmp_path / "t.json"
    listing.write_text(json.dumps({"title": "a" * 60 + "!"}), encoding="utf-8")
    other = tmp_path / "u.json"
    other.write_text(json.dumps({"title": "包邮", "shipping": {"fee": 2}}, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("--rules", pack, "--select", "redos-demo,shipping", "--format", "json", listing, other)
    assert proc.returncode == 2
    assert f"{pack / 'redos.yaml'}:1: error: rule 'redos-demo' timed out" in proc.stderr
    assert "Traceback" not in proc.stderr
    # The other input is still linted.
    assert [f["rule"] for f in json.loads(proc.stdout)["findings"]] == ["shipping-free-fee"]


def test_duplicate_keys_are_reported_with_the_value_that_wins(tmp_path):
    path = tmp_path / "d.json"
    path.write_text('{"title": "保温杯",\n "title": "全网最低价 保温杯"}', encoding="utf-8")
    proc = run_cli("--format", "json", path)
    assert f"{path}:2:2: warning: duplicate key 'title' in a listing: the last value is used" in proc.stderr
    assert [f["text"] for f in json.loads(proc.stdout)["findings"]] == ["全网最低价"]
    assert proc.returncode == 1  # a warning about input is not an input error


@pytest.mark.parametrize("text, repeated", [
    ('{"title": "a", "title": "b"}', ["title"]),
    ('{"title" : "a", "title" : "b"}', ["title"]),  # white space before the colon
    ('{"title" :"a", "id":"1", "title":"b"}', ["title"]),
    # a quote-colon inside a value must not hide the repeat, nor make one up
    ('{"title": "say \\": here", "specs": {"k": "v"}, "title": "b"}', ["title"]),
    ('{"title": "say \\": here", "specs": {"k": "v"}}', []),
    # \u escapes: a quote or a space spelt out, which the written-back listing spells as itself
    ('{"title": "\\u4fdd\\u6e29\\u676f", "title": "b"}', ["title"]),
    ('{"title": "x\\u0022:", "id": "1", "id": "2"}', ["id"]),
    ('{"title": "x\\"\\u3000:", "title": "y"}', ["title"]),
    ('{"title": "y", "title": "x\\"\\u3000:"}', ["title"]),
    ('{"title": "x\\"\\u3000:"}', []),
    # repeats in nested objects are the parser's business, not a listing-level warning
    ('{"specs": {"k": 1, "k": 2}, "title": "t"}', []),
])
def test_duplicate_key_warnings_are_exact(text, repeated):
    from honestlint.input import Record, parse

    listing = parse(Record("x.jsonl", text, 1, 1, 1))
    assert [w.message.split("'")[1] for w in listing.warnings] == repeated


def test_deep_nesting_and_long_strings(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    long_title = tmp_path / "long.json"
    # Just under the limit of one field (loader.MAX_FIELD_CHARS; longer ones: tests/test_hostile.py).
    long_title.write_text(json.dumps({"title": "保温杯 " * 12_000 + "全网最低价"}, ensure_ascii=False), encoding="utf-8")
    proc = run_cli("--format", "json", "--select", "absolute-claim", deep, long_title, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{deep}:1:")
    assert "Traceback" not in proc.stderr
    found = json.loads(proc.stdout)["findings"]
    assert [f["text"] for f in found] == ["全网最低价"] and found[0]["column"] == len("{\"title\": \"") + 4 * 12_000 + 1


def test_a_directory_with_unreadable_entries(tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps({"title": "杯子", "description": "包邮", "shipping": {"fee": 3}}, ensure_ascii=False),
                                      encoding="utf-8")
    (folder / "broken-link.json").symlink_to(tmp_path / "nowhere.json")
    (folder / "folder.json").mkdir()
    result = CliRunner().invoke(main, ["--format", "json", str(folder)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert any(line.startswith(str(folder / "broken-link.json")) for line in errors)
    assert len(json.loads(result.stdout)["findings"]) == 1


def test_parallel_workers_give_the_same_findings_in_the_same_order(tmp_path, monkeypatch):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    corpus = os.path.join(root, "..", "shared", "eval", "corpus.jsonl")
    path = tmp_path / "c.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        if os.path.exists(corpus):
            for line in open(corpus, encoding="utf-8"):
                out.write(json.dumps(json.loads(line)["listing"], ensure_ascii=False) + "\n")
        review = "收到后马上试用了，雾量细腻，晚上开着睡觉也听不到一点声音，水箱也很大，推荐购买。"
        for i in range(60):  # a catalog-level duplicate split across chunks and workers
            out.write(json.dumps({"id": f"x{i}", "title": "加湿器 300ml", "reviews": [{"text": review}],
                                  "description": "全网最低价" if i % 3 else "包邮"}, ensure_ascii=False) + "\n")
        out.write("{broken\n")
    monkeypatch.setattr(pool, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pool, "CHUNK", 7)
    options = lambda: Options(as_of=__import__("datetime").date(2026, 11, 23), isolated=True)  # noqa: E731
    one = pipeline.run([str(path)], options(), jobs=1)
    two = pipeline.run([str(path)], options(), jobs=2)
    assert [f.to_dict() for f in one.findings] == [f.to_dict() for f in two.findings]
    assert [str(e) for e in one.errors] == [str(e) for e in two.errors]
    assert any(f.rule == "review-copied" for f in two.findings)
    assert one.listings == two.listings


def test_progress_bar_when_asked():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = CliRunner().invoke(main, ["--progress", "--exit-zero", os.path.join(root, "examples", "listing.json")])
    assert "linting" in result.stderr
    quiet = CliRunner().invoke(main, ["--exit-zero", os.path.join(root, "examples", "listing.json")])
    assert "linting" not in quiet.stderr  # never on a pipe unless asked
