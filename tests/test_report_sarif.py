"""--format sarif: valid SARIF 2.1.0 (checked against the official OASIS schema, shipped in
tests/data), with rules, regions, the contradicted fact, stable fingerprints and input errors."""
import json
import os
import pathlib

import jsonschema
import pytest
from click.testing import CliRunner

from honestlint.cli import main
from honestlint.findings import Finding
from honestlint.core.listing import InputError
from honestlint.report import REPORTERS, sarif_report

DATA = pathlib.Path(__file__).parent / "data"
REPORT_DATA = DATA / "report"
SELECT = "shipping-free-fee,spec-material-stated,absolute-claim-zh,absolute-claim-zh-most,absolute-claim-zh-rank,returns-days,returns-no-reason,spec-colour"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")  # the OASIS errata01 document
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(validator, doc):
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
    assert not problems, "\n".join(problems[:20])


def run(tmp_path, *args, fmt="sarif"):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["--isolated", "--as-of", "2026-11-23", "--format", fmt, "-o", str(out),
                                       *[str(a) for a in args]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    text = out.read_text(encoding="utf-8")
    return result, (json.loads(text) if fmt in ("sarif", "json") else text)


def test_registered():
    assert REPORTERS["sarif"] is sarif_report


def test_sarif_validates_against_the_official_schema(tmp_path, validator):
    result, doc = run(tmp_path, "--select", SELECT, REPORT_DATA, tmp_path / "missing.json")
    assert result.exit_code == 2  # an input error
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-schema-2.1.0.json")
    assert_valid(validator, doc)
    assert len(doc["runs"][0]["results"]) == 12


def test_schema_rejects_a_broken_log(validator):
    """The validator really checks: a result without a message is refused."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}
    assert list(validator.iter_errors(broken))


def test_clean_run_and_builtin_rules_validate(tmp_path, validator):
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps({"id": "c", "title": "保温杯 500ml"}, ensure_ascii=False), encoding="utf-8")
    result, doc = run(tmp_path, clean)
    assert result.exit_code == 0
    assert_valid(validator, doc)
    run_ = doc["runs"][0]
    assert run_["results"] == []
    assert run_["invocations"][0]["executionSuccessful"] is True
    # Every active rule is described, and every description is valid (all built-in rules).
    assert len(run_["tool"]["driver"]["rules"]) > 20


def test_driver_and_rule_descriptors(tmp_path):
    _, doc = run(tmp_path, "--select", SELECT, REPORT_DATA)
    run_ = doc["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "honestlint" and driver["version"]
    assert driver["informationUri"].startswith("https://")
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(SELECT.split(",")) <= set(rules)  # (ids are also prefixes: spec-colour selects spec-colour-en)
    rule = rules["shipping-free-fee"]
    assert rule["name"] == "ShippingFreeFee"
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["category"] == "shipping-mismatch"
    assert "shipping-mismatch" in rule["properties"]["tags"]
    help_ = rule["help"]
    assert help_["text"] and help_["markdown"]
    assert "**References**" in help_["markdown"] and "](http" in help_["markdown"]
    assert "How to fix" in help_["markdown"]
    assert rule["helpUri"].startswith("http")


def test_results_regions_and_locations(tmp_path):
    _, findings = run(tmp_path, "--select", SELECT, REPORT_DATA, fmt="json")
    _, doc = run(tmp_path, "--select", SELECT, REPORT_DATA)
    run_ = doc["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert len(results) == len(findings["findings"])
    for result, f in zip(results, findings["findings"]):
        assert result["ruleId"] == f["rule"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert result["message"]["text"].startswith(f["message"])
        location = result["locations"][0]
        physical = location["physicalLocation"]
        region = physical["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == \
            (f["line"], f["column"], f["end_line"], f["end_column"])
        uri = physical["artifactLocation"]["uri"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not uri.startswith(("/", "file:")) and uri.endswith(os.path.basename(f["file"]))
        assert run_["artifacts"][physical["artifactLocation"]["index"]]["location"]["uri"] == uri
        logical = location["logicalLocations"][0]
        assert logical["name"] == f["field"] and logical["fullyQualifiedName"] == f"{f['listing']}/{f['field']}"
        assert run_["logicalLocations"][logical["index"]]["name"] == f["field"]
        parent = run_["logicalLocations"][run_["logicalLocations"][logical["index"]]["parentIndex"]]
        assert parent["name"] == f["listing"] and parent["kind"] == "object"
        if f.get("fact_field"):
            related = result["relatedLocations"][0]
            assert f["fact_field"] in related["message"]["text"]
            fact_region = related["physicalLocation"]["region"]
            assert (fact_region["startLine"], fact_region["startColumn"]) == (f["fact_line"], f["fact_column"])
        else:
            assert "relatedLocations" not in result
    root = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file://") and root.endswith("/")


def test_snippet_is_the_file_as_written(tmp_path):
    """The region's snippet is the raw text of the file (escapes and all), not the decoded copy."""
    _, doc = run(tmp_path, "--select", "shipping-free-fee", REPORT_DATA / "tricky.json")
    snippets = [r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in doc["runs"][0]["results"]]
    assert snippets == ["\\u5305\\u90ae", "包邮", "Free shipping"]
    assert [r["properties"]["text"] for r in doc["runs"][0]["results"]] == ["包邮", "包邮", "Free shipping"]


def _fingerprints(doc):
    return [(r["ruleId"], r["partialFingerprints"]["honestlint/claim/v1"]) for r in doc["runs"][0]["results"]]


def test_fingerprints_survive_unrelated_edits(tmp_path):
    listing = {"id": "fp-1", "title": "深紫色 纯棉T恤 包邮 包邮", "specs": {"颜色": "浅紫色"}, "shipping": {"fee": 10}}
    path = tmp_path / "fp.json"
    path.write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
    _, before = run(tmp_path, "--select", SELECT, path)
    # An unrelated edit: new keys before the title, other indentation, so every line and column moves.
    edited = {"brand": "某某", "origin": "中国", **listing, "stock": 5}
    path.write_text("\n\n" + json.dumps(edited, ensure_ascii=False, indent=4), encoding="utf-8")
    _, after = run(tmp_path, "--select", SELECT, path)
    regions = lambda d: [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in d["runs"][0]["results"]]  # noqa: E731
    assert regions(before) != regions(after)
    assert _fingerprints(before) == _fingerprints(after)
    prints = [fp for _, fp in _fingerprints(before)]
    assert len(prints) == 3 and len(set(prints)) == 3  # the two 包邮 claims differ by occurrence
    # Changing the claim itself changes its fingerprint, and only its own.
    path.write_text(json.dumps({**listing, "title": "深红色 纯棉T恤 包邮 包邮"}, ensure_ascii=False), encoding="utf-8")
    _, changed = run(tmp_path, "--select", SELECT, path)
    assert _fingerprints(changed)[0][0] == "spec-colour" and _fingerprints(changed)[0] != _fingerprints(before)[0]
    assert _fingerprints(changed)[1:] == _fingerprints(before)[1:]


def test_input_errors_are_notifications(tmp_path, validator):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x",\n  "specs": }', encoding="utf-8")
    result, doc = run(tmp_path, broken)
    assert result.exit_code == 2
    assert_valid(validator, doc)
    invocation = doc["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "invalid JSON" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_levels_absolute_paths_and_unknown_rules(validator):
    """Direct call: warning/info levels, a file outside the working directory (absolute file:
    URI), a finding of a rule that is not among the active ones, stdin."""
    base = dict(category="absolute-claim", listing="x", field="title", line=1, column=2, end_line=1,
                end_column=4, text="ab", message="m")
    findings = [
        Finding(rule="r-warn", severity="warning", file="/elsewhere/a b.json", **base),
        Finding(rule="r-info", severity="info", file="<stdin>", **base),
    ]
    doc = json.loads(sarif_report(findings, [InputError("/elsewhere/c.json", "no such file")], 2))
    assert_valid(validator, doc)
    results = doc["runs"][0]["results"]
    assert [r["level"] for r in results] == ["warning", "note"]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "file:///elsewhere/a%20b.json" and "uriBaseId" not in uri
    assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == ["r-warn", "r-info"]
