"""Bounded work per listing: an over-long field is one input error (never a copy of the text
per rule), messages quote excerpts of long texts, and a user rule that keeps timing out is
switched off for the rest of the run with one error naming it. Times and peak memory are
measured by scripts/bench/hostile.py, not here."""
import json

import pytest
from click.testing import CliRunner

from honestlint.run import pipeline
from honestlint.run.options import Options
from honestlint.input import checks
from honestlint.cli import main
from honestlint.engine.messages import QUOTE_MAX, excerpt

LIMIT = checks.MAX_FIELD_CHARS


def run(*args):
    result = CliRunner().invoke(main, ["--no-cache", "--as-of", "2026-11-23", *[str(a) for a in args]])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def big_title(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    title = "超值好物 " + "a" * 50_000_000
    path = folder / "big.json"
    path.write_text(json.dumps({"id": "big", "title": title}, ensure_ascii=False), encoding="utf-8")
    lines = folder / "big.jsonl"
    lines.write_text(json.dumps({"id": "ok", "title": "保温杯 全网最低价"}, ensure_ascii=False) + "\n"
                     + json.dumps({"id": "big", "title": title}) + "\n", encoding="utf-8")
    return path, lines


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_a_50_mb_title_is_one_short_input_error(big_title, fmt):
    path, _lines = big_title
    code, out, err = run("--format", fmt, path)
    assert code == 2
    assert "a" * 200 not in out + err
    if fmt != "sarif":  # SARIF describes every active rule, whatever the input: 360 KB of them
        assert len(out) + len(err) < 10_000
    assert "title is 50,000,005 characters long, over the limit of 50,000 for one field" in out + err
    if fmt == "github":
        assert f"::error file={path},line=1,col=1,title=honestlint input error::title is 50,000,005" in out


def test_the_other_listings_of_the_file_are_linted(big_title):
    _path, lines = big_title
    code, out, err = run("--format", "json", lines)
    assert code == 2
    assert f"{lines}:2:1: error: title is 50,000,005 characters long" in err  # as written: \\u escapes count one
    assert [f["listing"] for f in json.loads(out)["findings"]] == ["ok"]


def test_an_over_long_field_anywhere_in_a_container(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"listings": [
        {"id": "a", "title": "保温杯 全网最低价"},
        {"id": "b", "title": "保温杯", "bullets": ["ok", "x" * (LIMIT + 1)]},
        {"id": "c", "title": "保温杯", "specs": {"颜色": 'say "hi" ' * (LIMIT // 8)}},  # quotes inside
    ]}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("--format", "json", path)
    assert code == 2
    assert f"bullets[1] is {LIMIT + 1:,} characters long" in err
    assert "specs.颜色 is" in err
    assert [f["listing"] for f in json.loads(out)["findings"]] == ["a"]


def test_escaped_text_under_the_limit_is_linted(tmp_path):
    # 40,000 Han characters written as \\uXXXX escapes: 240,000 characters of JSON, 40,000 of copy.
    path = tmp_path / "escaped.json"
    path.write_text(json.dumps({"id": "e", "description": "保" * 40_000, "title": "保温杯 全网最低价"}),
                    encoding="utf-8")
    code, out, err = run("--format", "json", "--select", "absolute-claim", path)
    assert code == 1, err
    assert json.loads(out)["findings"]


def test_messages_quote_an_excerpt_of_a_long_text(tmp_path):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"id": "t", "title": "Insulated cup " + "a" * 40_000}), encoding="utf-8")
    code, out, _err = run("--format", "json", "--select", "title-quality", path)
    findings = json.loads(out)["findings"]
    assert findings
    for finding in findings:
        assert len(finding["message"]) < 600, finding["message"][:300]
    long_quote = [f for f in findings if "characters)" in f["message"]]
    assert long_quote and "…" in long_quote[0]["message"]


def test_excerpt():
    assert excerpt("short") == "short"
    text = "甲" * 10 + "b" * 1000 + "乙" * 10
    cut = excerpt(text)
    assert cut.startswith("甲" * 10) and cut.endswith("乙" * 10 + " (1,020 characters)") and "…" in cut
    assert len(cut) < QUOTE_MAX + 30


REDOS = """\
id: house-redos
kind: pattern
category: title-quality
severity: warning
languages: [en]
fields: [title]
summary: a house rule whose regex backtracks catastrophically
message: "the title ends in a run of a"
pattern: '(a+)+$'
examples:
  fire: []
  pass: []
"""


@pytest.fixture
def redos_pack(tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "redos.yaml").write_text(REDOS, encoding="utf-8")
    return pack


def _titles(path, count):
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps({"id": f"t{i}", "title": "a" * 1000 + f"! {i}"}) + "\n")
    return path


def test_a_rule_that_keeps_timing_out_is_switched_off_with_one_error(tmp_path, redos_pack):
    titles = _titles(tmp_path / "titles.jsonl", 8)
    code, out, err = run("-j", "1", "--rules", redos_pack, "--select", "house-redos", titles)
    assert code == 2
    errors = [line for line in err.splitlines() if line]
    assert len(errors) == 1, err
    assert errors[0].startswith(f"{redos_pack / 'redos.yaml'}:1: error: rule 'house-redos' timed out on 3 listings")
    assert "switched off for the rest of the run" in errors[0]
    assert "All clean" not in out


def test_a_rule_that_timed_out_once_is_one_error_and_stays_on(tmp_path, redos_pack):
    titles = tmp_path / "titles.jsonl"
    with open(titles, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "slow", "title": "a" * 1000 + "!"}) + "\n")
        fh.write(json.dumps({"id": "fires", "title": "aaaa"}) + "\n")
    code, out, err = run("-j", "1", "--format", "json", "--rules", redos_pack, "--select", "house-redos", titles)
    assert code == 2
    assert err.count("error:") == 1 and "timed out on 1 listing (" in err and "switched off" not in err
    assert [f["listing"] for f in json.loads(out)["findings"]] == ["fires"]


def test_the_limit_of_time_outs_is_an_option(tmp_path, redos_pack):
    titles = _titles(tmp_path / "titles.jsonl", 3)
    options = Options(rule_dirs=[str(redos_pack)], select=["house-redos"], max_rule_timeouts=1, cache_dir=None)
    with pipeline.run([str(titles)], options, jobs=1) as result:
        assert len(result.errors) == 1
        assert "timed out on 1 listing" in str(result.errors[0]) and "switched off" in str(result.errors[0])


def test_listings_linted_without_a_switched_off_rule_are_not_cached(tmp_path, redos_pack):
    titles = _titles(tmp_path / "titles.jsonl", 4)
    options = dict(rule_dirs=[str(redos_pack)], select=["house-redos"], max_rule_timeouts=1,
                   cache_dir=str(tmp_path / "cache"))
    for _ in range(2):
        with pipeline.run([str(titles)], Options(**options), jobs=1) as result:
            assert len(result.errors) == 1 and "switched off" in str(result.errors[0])


def test_a_review_copied_across_many_listings_names_twenty_others(tmp_path):
    review = "Great cup, keeps my coffee hot all day long and does not leak in my bag at all."
    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps({"id": f"sku-{i:03}", "title": "Insulated cup",
                                        "reviews": [{"rating": 5, "text": review}]}) + "\n" for i in range(60)),
                    encoding="utf-8")
    code, out, _err = run("--format", "json", "--select", "review-copied", path)
    findings = json.loads(out)["findings"]
    assert len(findings) == 60
    first = findings[0]["message"]
    assert "sku-001, sku-002" in first and "sku-020 and 39 more" in first and "sku-021" not in first
    assert " and 39 more" in first and len(first) < 600
