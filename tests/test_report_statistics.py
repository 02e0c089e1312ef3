"""--statistics: counts per rule and per category, as a table or (with --format json) JSON."""
import json
import pathlib

from click.testing import CliRunner

from honestlint.cli import main
from honestlint.findings import Finding
from honestlint.report import statistics

REPORT_DATA = pathlib.Path(__file__).parent / "data" / "report"
SELECT = "shipping-free-fee,spec-material-stated,absolute-claim-zh,returns-days,returns-no-reason,spec-colour"


def finding(rule, category, severity="error"):
    return Finding(rule=rule, category=category, severity=severity, listing="x", field="title", file="a.json",
                   line=1, column=1, end_line=1, end_column=2, text="a", message="m")


FINDINGS = [finding("spec-colour", "spec-mismatch"), finding("spec-colour", "spec-mismatch"),
            finding("spec-material", "spec-mismatch"), finding("title-symbols", "title-quality", "info")]


def test_text_table_counts_per_rule_and_category():
    out = statistics(FINDINGS)
    rule_part, category_part = out.split("\n\n")
    rows = [line.split() for line in rule_part.splitlines()[1:]]
    assert rows == [["2", "spec-colour", "spec-mismatch", "error"], ["1", "spec-material", "spec-mismatch", "error"],
                    ["1", "title-symbols", "title-quality", "info"]]
    assert [line.split() for line in category_part.splitlines()[1:]] == [["3", "spec-mismatch"], ["1", "title-quality"]]
    assert rule_part.splitlines()[0].split() == ["count", "rule", "category", "severity"]


def test_json_statistics():
    doc = json.loads(statistics(FINDINGS, "json", listings=7))
    assert doc["findings"] == 4 and doc["listings"] == 7 and doc["errors"] == 0
    assert doc["severities"] == {"error": 3, "warning": 0, "info": 1}
    assert doc["rules"][0] == {"rule": "spec-colour", "category": "spec-mismatch", "severity": "error", "count": 2}
    assert {r["rule"]: r["count"] for r in doc["rules"]} == {"spec-colour": 2, "spec-material": 1, "title-symbols": 1}
    assert doc["categories"] == [{"category": "spec-mismatch", "count": 3}, {"category": "title-quality", "count": 1}]


def invoke(*args):
    return CliRunner().invoke(main, ["--isolated", "--as-of", "2026-11-23", *[str(a) for a in args]])


def test_cli_statistics_text_and_json_agree_with_the_findings():
    findings = json.loads(invoke("--format", "json", "--select", SELECT, REPORT_DATA).stdout)["findings"]
    per_rule: dict = {}
    per_category: dict = {}
    for f in findings:
        per_rule[f["rule"]] = per_rule.get(f["rule"], 0) + 1
        per_category[f["category"]] = per_category.get(f["category"], 0) + 1

    text = invoke("--statistics", "--select", SELECT, REPORT_DATA)
    assert text.exit_code == 1
    rule_part, category_part = text.stdout.split("\n\n")
    assert {row.split()[1]: int(row.split()[0]) for row in rule_part.splitlines()[1:]} == per_rule
    assert {row.split()[1]: int(row.split()[0]) for row in category_part.splitlines()[1:]} == per_category

    result = invoke("--statistics", "--format", "json", "--select", SELECT, REPORT_DATA)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["findings"] == len(findings) and doc["listings"] == 5
    assert {r["rule"]: r["count"] for r in doc["rules"]} == per_rule
    assert {c["category"]: c["count"] for c in doc["categories"]} == per_category
    assert per_rule["shipping-free-fee"] == 5 and per_category["returns-mismatch"] == 3


def test_statistics_with_other_formats_is_a_usage_error():
    result = invoke("--statistics", "--format", "sarif", REPORT_DATA)
    assert result.exit_code == 2 and "--statistics works with --format text or json" in result.output
