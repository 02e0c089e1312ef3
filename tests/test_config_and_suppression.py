"""Configuration files, listing suppressions, baselines, and mapped catalog formats."""
import json

import pytest
from click.testing import CliRunner

import honestlint
from honestlint.cli import main

DIRTY = {"id": "d1", "title": "保温杯 500ml", "description": "全网最低价，包邮", "shipping": {"fee": 10}}


def run_cli(*args, cwd=None):
    return CliRunner().invoke(main, [str(a) for a in args])


def rules_of(result):
    return sorted({f["rule"] for f in json.loads(result.stdout)["findings"]})


@pytest.fixture
def catalog(tmp_path):
    data = tmp_path / "catalog"
    data.mkdir()
    (data / "a.json").write_text(json.dumps(DIRTY, ensure_ascii=False), encoding="utf-8")
    return data


def test_pyproject_config_is_found_walking_up(tmp_path, catalog):
    (tmp_path / "pyproject.toml").write_text('[tool.honestlint]\nignore = ["absolute-claim"]\n', encoding="utf-8")
    result = run_cli("--format", "json", catalog / "a.json")
    assert rules_of(result) == ["shipping-free-fee"]
    # The command line overrides the configuration.
    assert "absolute-claim-zh-most" in rules_of(run_cli("--format", "json", "--select", "absolute-claim", catalog / "a.json"))
    assert rules_of(run_cli("--format", "json", "--isolated", catalog / "a.json")) == ["absolute-claim-zh-most", "shipping-free-fee"]


def test_nearest_config_wins_and_severity_fail_on_apply(tmp_path, catalog):
    (tmp_path / "pyproject.toml").write_text('[tool.honestlint]\nignore = ["shipping"]\n', encoding="utf-8")
    (catalog / "honestlint.toml").write_text(
        'fail-on = "error"\n[severity]\n"absolute-claim" = "warning"\n"shipping-mismatch" = "info"\n', encoding="utf-8")
    result = run_cli("--format", "json", catalog / "a.json")
    found = {f["rule"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert found == {"absolute-claim-zh-most": "warning", "shipping-free-fee": "info"}
    assert result.exit_code == 0  # fail-on error, and nothing is an error now


def test_per_file_ignores_and_packs(tmp_path, catalog):
    (catalog / "b.json").write_text(json.dumps(DIRTY, ensure_ascii=False), encoding="utf-8")
    (tmp_path / ".honestlint.toml").write_text(
        '[per-file-ignores]\n"catalog/b.json" = ["absolute-claim"]\n', encoding="utf-8")
    findings = json.loads(run_cli("--format", "json", catalog).stdout)["findings"]
    assert {(f["file"].rsplit("/", 1)[-1], f["rule"]) for f in findings} == {
        ("a.json", "absolute-claim-zh-most"), ("a.json", "shipping-free-fee"), ("b.json", "shipping-free-fee")}
    (tmp_path / ".honestlint.toml").write_text('jurisdiction = "us"\n', encoding="utf-8")
    assert rules_of(run_cli("--format", "json", catalog / "a.json")) == ["shipping-free-fee"]


@pytest.mark.parametrize("text, words", [
    ('[tool.honestlint]\nselect = "x" = 1\n', "invalid TOML"),
    ('[tool.honestlint]\nfail-on = "fatal"\n', "key 'fail-on'"),
    ('[tool.honestlint]\nselcet = ["spec"]\n', "key 'selcet': unknown setting"),
    ('[tool.honestlint]\nselect = ["no-such-rule"]\n', "unknown rule or category: no-such-rule"),
    ('[tool.honestlint]\n[tool.honestlint.fields]\ntitel = "name"\n', "'titel' is not a listing field"),
])
def test_bad_config_is_a_clear_error(tmp_path, catalog, text, words):
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    result = run_cli(catalog / "a.json")
    assert result.exit_code == 2
    assert words in result.stderr and "pyproject.toml" in result.stderr
    assert "Traceback" not in result.stderr


def test_listing_suppression_and_unused_suppression(tmp_path):
    listing = dict(DIRTY, honestlint={"ignore": ["absolute-claim", "gift-unbacked", "no-such"], "reason": "legal ok'd"})
    path = tmp_path / "s.json"
    text = json.dumps(listing, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    findings = json.loads(run_cli("--format", "json", path).stdout)["findings"]
    assert sorted(f["rule"] for f in findings) == ["shipping-free-fee", "unused-suppression", "unused-suppression"]
    unused = [f for f in findings if f["rule"] == "unused-suppression"]
    assert {f["text"] for f in unused} == {"gift-unbacked", "no-such"}
    line = text.split("\n")[unused[0]["line"] - 1]
    assert line[unused[0]["column"] - 1:].startswith('"gift-unbacked"')


def test_baseline_reports_only_new_findings(tmp_path):
    path = tmp_path / "c.jsonl"
    old = [DIRTY, dict(DIRTY, id="d2")]
    path.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in old) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert run_cli("--write-baseline", baseline, path).exit_code == 0
    assert run_cli("--baseline", baseline, path).exit_code == 0
    # An unrelated edit (price, a new bullet, reordered listings) keeps the baseline valid.
    edited = [dict(DIRTY, id="d2", price={"current": 5}), dict(DIRTY, bullets=["新款"])]
    path.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in edited) + "\n", encoding="utf-8")
    assert run_cli("--baseline", baseline, path).exit_code == 0
    # A new claim is reported.
    edited[0]["subtitle"] = "销量第一"
    path.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in edited) + "\n", encoding="utf-8")
    result = run_cli("--format", "json", "--baseline", baseline, path)
    assert result.exit_code == 1
    assert [(f["listing"], f["text"]) for f in json.loads(result.stdout)["findings"]] == [("d2", "销量第一")]


def test_shopify_json_and_csv_map_onto_listings_with_positions(tmp_path):
    import os

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for name, rule, field, raw in [
        ("shopify-products.json", "spec-colour-en", "title", "Red"),
        ("shopify-products.csv", "absolute-claim-en", "description", "#1 best seller"),
    ]:
        path = os.path.join(root, "examples", name)
        findings = json.loads(run_cli("--format", "json", "--as-of", "2026-11-23", path).stdout)["findings"]
        hit = [f for f in findings if f["rule"] == rule]
        assert hit and hit[0]["field"] == field
        line = open(path, encoding="utf-8").read().split("\n")[hit[0]["line"] - 1]
        assert line[hit[0]["column"] - 1:].startswith(raw)


def test_field_mapping_and_taobao_props(tmp_path):
    (tmp_path / "honestlint.toml").write_text(
        '[fields]\ntitle = "item_name"\nspecs = {from = "props_name", format = "taobao-props"}\n', encoding="utf-8")
    record = {"item_name": "深紫色 纯棉T恤", "props_name": "1627207:28341:颜色分类:浅紫色;20509:28315:尺码:M"}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    findings = json.loads(run_cli("--format", "json", path).stdout)["findings"]
    colour = [f for f in findings if f["rule"] == "spec-colour"]
    assert colour and colour[0]["text"] == "深紫色" and "浅紫色" in colour[0]["message"]
    assert colour[0]["fact_column"] == json.dumps(record, ensure_ascii=False).index('"1627207') + 1


def test_python_api():
    findings = honestlint.lint(DIRTY, select=["shipping"])
    assert [f.rule for f in findings] == ["shipping-free-fee"]
    assert honestlint.lint([DIRTY, {"title": "保温杯"}], config={"ignore": ["absolute-claim", "shipping"]}) == []


def test_python_api_lint_file(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(DIRTY, ensure_ascii=False), encoding="utf-8")
    assert {f.rule for f in honestlint.lint_file(str(path))} == {"absolute-claim-zh-most", "shipping-free-fee"}
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(honestlint.LintError) as info:
        honestlint.lint_file(str(bad))
    assert "bad.json:1:" in str(info.value)


def test_a_severity_override_applies_to_an_unbacked_claim_too(tmp_path):
    listing = {"id": "u1", "title": "保温杯", "description": "仅剩3件"}  # no stock: unbacked
    (tmp_path / "a.json").write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
    plain = json.loads(run_cli("--format", "json", "--isolated", "--select", "urgency-stock-count", tmp_path / "a.json").stdout)
    assert [f["severity"] for f in plain["findings"]] == ["warning"]
    (tmp_path / "honestlint.toml").write_text('[severity]\n"urgency-stock-count" = "error"\n', encoding="utf-8")
    raised = json.loads(run_cli("--format", "json", "--config", tmp_path / "honestlint.toml", "--select",
                                "urgency-stock-count", tmp_path / "a.json").stdout)
    assert [f["severity"] for f in raised["findings"]] == ["error"]
