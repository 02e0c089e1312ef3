"""The command line: exit codes, output shapes, selection, errors."""
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from honestlint.cli import main

DIRTY = {"id": "d1", "title": "保温杯", "description": "包邮", "shipping": {"fee": 10}}
CLEAN = {"id": "c1", "title": "保温杯 500ml", "specs": {"容量": "500ml"}}


def invoke(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    return result


@pytest.fixture
def files(tmp_path):
    dirty = tmp_path / "dirty.json"
    dirty.write_text(json.dumps(DIRTY, ensure_ascii=False), encoding="utf-8")
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(CLEAN, ensure_ascii=False), encoding="utf-8")
    return dirty, clean


def test_exit_codes(files):
    dirty, clean = files
    assert invoke(clean).exit_code == 0
    assert invoke(dirty).exit_code == 1
    assert invoke("--exit-zero", dirty).exit_code == 0
    assert invoke("--fail-on", "error", dirty).exit_code == 1
    assert invoke("--ignore", "shipping-mismatch,title-quality", dirty).exit_code == 0
    assert invoke("--select", "absolute-claim", dirty).exit_code == 0
    assert invoke("--select", "nonexistent-rule", dirty).exit_code == 2
    assert invoke().exit_code == 2


def test_fail_on_threshold(tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"title": "Voted best in class, 3 colours"}), encoding="utf-8")
    assert invoke(path).exit_code == 1  # a warning fails at the default threshold (info)
    assert invoke("--fail-on", "error", path).exit_code == 0


def test_json_shape(files):
    dirty, _ = files
    result = invoke("--format", "json", dirty)
    doc = json.loads(result.output)
    assert isinstance(doc["findings"], list) and doc["findings"]
    finding = doc["findings"][0]
    for key in ("listing", "category", "rule", "severity", "field", "file", "line", "column",
                "end_line", "end_column", "message", "suggestion", "text"):
        assert key in finding
    assert finding["listing"] == "d1" and finding["category"] == "shipping-mismatch"
    assert finding["fact_field"] == "shipping.fee"
    assert (finding["line"], finding["column"]) == (1, json.dumps(DIRTY, ensure_ascii=False).index("包邮") + 1)


def test_select_by_prefix_and_id(files):
    dirty, _ = files
    doc = json.loads(invoke("--format", "json", "--select", "shipping", dirty).output)
    assert {f["rule"] for f in doc["findings"]} == {"shipping-free-fee"}
    doc = json.loads(invoke("--format", "json", "--select", "shipping-free-fee", dirty).output)
    assert len(doc["findings"]) == 1


def test_bad_input_is_one_line_and_others_still_linted(tmp_path, files):
    dirty, _ = files
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x",\n  "specs": }', encoding="utf-8")
    missing = tmp_path / "missing.json"
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text('{"id": "ok", "title": "包邮", "shipping": {"fee": 2}}\n{not json}\n{"id": "notitle"}\n',
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", "json", str(broken), str(missing), str(jsonl), str(dirty)])
    assert result.exit_code == 2
    errors = [l for l in result.stderr.splitlines() if ": error: " in l]
    assert any(l.startswith(f"{broken}:2:") for l in errors)
    assert any(l.startswith(f"{missing}: error: no such file") for l in errors)
    assert any(l.startswith(f"{jsonl}:2:") for l in errors)
    assert any(l.startswith(f"{jsonl}:3:") and "no title" in l for l in errors)
    doc = json.loads(result.stdout)
    assert {f["listing"] for f in doc["findings"]} == {"ok", "d1"}
    assert "Traceback" not in result.output


def test_stdin(files):
    result = invoke("--format", "json", "-", input=json.dumps(DIRTY, ensure_ascii=False))
    assert result.exit_code == 1
    assert json.loads(result.output)["findings"][0]["file"] == "<stdin>"


def test_directory_is_walked(tmp_path, files):
    doc = json.loads(invoke("--format", "json", files[0].parent).output)
    assert doc["listings"] == 2


def test_rules_explain_and_test_commands():
    listing = invoke("rules")
    assert listing.exit_code == 0 and "spec-colour" in listing.output and "spec-mismatch" in listing.output
    explained = invoke("explain", "shipping-free-fee")
    assert explained.exit_code == 0
    assert "References" in explained.output and "Fires on" in explained.output
    assert invoke("explain", "no-such-rule").exit_code == 2


def test_user_rule_pack_and_test_command(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "demo.yaml").write_text(
        "rules:\n"
        "  - id: demo-miracle\n    kind: phrase\n    category: health-claim\n    severity: error\n"
        "    languages: [en]\n    message: \"'{text}' is a medical claim\"\n    phrases: [miracle cure]\n"
        "    examples:\n      fire: [A miracle cure for colds]\n      pass: [A miracle of design]\n",
        encoding="utf-8")
    result = invoke("test", "--rules", pack, "--no-builtin")
    assert result.exit_code == 0 and "2 passed, 0 failed" in result.output
    (pack / "demo.yaml").write_text((pack / "demo.yaml").read_text().replace("A miracle of design", "miracle cure here"))
    result = invoke("test", "--rules", pack, "--no-builtin")
    assert result.exit_code == 1 and "1 failed" in result.output
    listing = tmp_path / "l.json"
    listing.write_text('{"title": "A miracle cure"}', encoding="utf-8")
    doc = json.loads(invoke("--format", "json", "--rules", pack, "--select", "demo", listing).output)
    assert [f["rule"] for f in doc["findings"]] == ["demo-miracle"]


def test_console_script_runs_the_example():
    """The installed entry point works end to end on the shipped example."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, "-m", "honestlint", "--format", "json", "--as-of", "2026-11-23",
                           os.path.join(root, "examples", "listing.json")], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    colour = [f for f in doc["findings"] if f["rule"] == "spec-colour"]
    assert colour and colour[0]["text"] == "深紫色" and (colour[0]["line"], colour[0]["column"]) == (4, 20)
    assert colour[0]["fact_field"] == "specs.颜色" and colour[0]["fact_line"] == 14
