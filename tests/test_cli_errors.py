"""The smaller command-line items of issue 16: input errors as GitHub annotations, no "All
clean" beside an input error, a mistyped command, unsupported formats named as such, every
unknown configuration key with a suggestion, and one error prefix."""
import json

from click.testing import CliRunner

from honestlint.cli import main

CLEAN = {"id": "c", "title": "保温杯 500ml", "specs": {"容量": "500ml"}}


def run(*args, no_cache=True):
    result = CliRunner().invoke(main, (["--no-cache"] if no_cache else []) + [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_input_errors_are_github_annotations(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": ', encoding="utf-8")
    code, out, _err = run("--format", "github", bad)
    assert code == 2
    assert f"::error file={bad},line=1,col=11,title=honestlint input error::invalid JSON" in out


def test_a_rule_failure_is_annotated_at_the_rule_file(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "redos.yaml").write_text(
        "id: redos-demo\nkind: pattern\ncategory: title-quality\nseverity: info\nlanguages: [en]\n"
        "message: x\npattern: '(a|aa)+$'\nexamples:\n  fire: []\n  pass: []\n", encoding="utf-8")
    listing = tmp_path / "t.json"
    listing.write_text(json.dumps({"title": "a" * 60 + "!"}), encoding="utf-8")
    code, out, _err = run("--format", "github", "--rules", pack, "--select", "redos-demo", listing)
    assert code == 2
    assert f"::error file={pack / 'redos.yaml'},line=1," in out
    assert "rule 'redos-demo' timed out on 1 listing" in out


def test_no_all_clean_beside_an_input_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(CLEAN, ensure_ascii=False), encoding="utf-8")
    for paths in ([bad], [bad, good]):
        code, out, err = run(*paths)
        assert code == 2
        assert "All clean" not in out
        assert "1 input error; see above." in out
    code, out, _err = run(good)
    assert code == 0 and "All clean: 1 listing checked." in out


def test_a_mistyped_command_is_not_a_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for word, meant in (("explian", "explain"), ("rulse", "rules"), ("chekc", "check")):
        code, out, err = run(word, "spec-colour", no_cache=False) if word == "explian" else run(word, no_cache=False)
        assert code == 2
        assert f"no such command or file '{word}'; did you mean '{meant}'?" in err
        assert "no such file" not in err.replace("no such command or file", "")
    # A file of that name is linted, as `honestlint FILE` always did.
    (tmp_path / "explian").write_text(json.dumps(CLEAN, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("explian", no_cache=False)
    assert code == 0, err


def test_unsupported_formats_are_named(tmp_path):
    cases = {
        "listing.yaml": "title: 保温杯\nid: 1\n",
        "listing.yml": "- title: 保温杯\n",
        "yaml-inside.json": "title: 保温杯\nprice: 10\n",
        "table.csv": "sku,name,price\n1,保温杯,10\n",
        "table-inside.json": "sku,name,price\n1,保温杯,10\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        code, _out, err = run(path)
        assert code == 2
        assert "unsupported format" in err, (name, err)
        assert "invalid JSON" not in err, (name, err)
    # Broken JSON is still broken JSON.
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x",}', encoding="utf-8")
    assert "invalid JSON" in run(broken)[2]


def test_every_unknown_key_is_reported_with_a_suggestion(tmp_path):
    (tmp_path / "honestlint.toml").write_text('selct = ["ALL"]\nfail-on = "error"\nexlude = ["x"]\nzzz = 1\n',
                                              encoding="utf-8")
    listing = tmp_path / "a.json"
    listing.write_text(json.dumps(CLEAN, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(listing)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0] == f"{tmp_path / 'honestlint.toml'}:1: error: key 'selct': unknown setting (did you mean 'select'?)"
    assert lines[1] == f"{tmp_path / 'honestlint.toml'}:3: error: key 'exlude': unknown setting (did you mean 'exclude'?)"
    assert lines[2].startswith(f"{tmp_path / 'honestlint.toml'}:4: error: key 'zzz': unknown setting (known: ")


def test_the_error_prefix_is_not_doubled(tmp_path):
    (tmp_path / "honestlint.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    listing = tmp_path / "a.json"
    listing.write_text(json.dumps(CLEAN, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(listing)
    assert code == 2
    assert err.count("error:") == 1 and not err.startswith("honestlint: error:"), err
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[]", encoding="utf-8")
    code, _out, err = run("--isolated", "--baseline", baseline, listing)
    assert code == 2 and err.count("error:") == 1, err
    code, _out, err = run("--isolated", "--select", "no-such-rule", listing)
    assert code == 2 and err.startswith("honestlint: error: unknown rule or category: no-such-rule"), err
