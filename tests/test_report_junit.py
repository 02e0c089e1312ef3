"""--format junit: JUnit XML, one <testsuite> per input file; each finding a failing testcase
named `LISTING / RULE / FIELD`, each clean listing a passing one; input errors as <error>."""
import json
import pathlib
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from honestlint.cli import main
from honestlint.findings import Finding
from honestlint.report import REPORTERS, junit_report

REPORT_DATA = pathlib.Path(__file__).parent / "data" / "report"
SELECT = "shipping-free-fee,spec-material-stated,absolute-claim-zh,returns-days,returns-no-reason,spec-colour"


def run(*args, fmt="junit"):
    result = CliRunner().invoke(main, ["--isolated", "--as-of", "2026-11-23", "--format", fmt,
                                       *[str(a) for a in args]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_registered():
    assert REPORTERS["junit"] is junit_report


def test_one_suite_per_file_and_a_failing_case_per_finding():
    result = run("--select", SELECT, REPORT_DATA)
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    findings = json.loads(run("--select", SELECT, REPORT_DATA, fmt="json").stdout)["findings"]
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f"tests/data/report/{n}" for n in ("catalog.jsonl", "tricky.json")] \
        or [s.get("name").rsplit("/", 1)[-1] for s in suites] == ["catalog.jsonl", "tricky.json"]
    failing = [c for s in suites for c in s.findall("testcase") if c.find("failure") is not None]
    assert len(failing) == len(findings) == int(root.get("failures"))
    for case, f in zip(failing, findings):
        assert case.get("name").startswith(f"{f['listing']} / {f['rule']} / {f['field']}")
        assert case.get("classname") == f"honestlint.{f['category']}"
        assert case.get("line") == str(f["line"])
        failure = case.find("failure")
        assert failure.get("message") == f["message"] and failure.get("type") == f["severity"]
        assert f"{f['line']}:{f['column']}" in failure.text and f"text: {f['text']}" in failure.text
    # Repeated listing+rule+field names are numbered, so every testcase name is unique.
    names = [c.get("name") for c in failing]
    assert len(set(names)) == len(names) and any(n.endswith(" #2") for n in names)
    # Clean listings pass: ok-1 in the JSON Lines file and clean-2 in the JSON file.
    passing = {c.get("name") for s in suites for c in s.findall("testcase") if len(c) == 0}
    assert passing == {"ok-1", "clean-2"}
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    assert int(root.get("tests")) == len(findings) + 2


def test_clean_run_is_a_valid_document_with_passing_tests(tmp_path):
    path = tmp_path / "clean.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"c{n}", "title": f"保温杯 {n}00ml"}, ensure_ascii=False)
                              for n in range(1, 4)) + "\n", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "0", "0")
    [suite] = root.findall("testsuite")
    assert [c.get("name") for c in suite.findall("testcase")] == ["c1", "c2", "c3"]


def test_input_errors_are_errors(tmp_path):
    result = run(tmp_path / "missing.json", REPORT_DATA / "catalog.jsonl", "--select", "spec-colour")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout.encode("utf-8"))
    assert root.get("errors") == "1"
    suite = root.findall("testsuite")[-1]
    assert suite.get("name") == "input errors" and suite.get("errors") == "1"
    error = suite.find("testcase/error")
    assert error.get("message") == "no such file" and "missing.json" in error.text


def test_text_xml_cannot_hold_is_escaped():
    """Control characters in copy are invalid in XML 1.0 even as references: they are spelled out."""
    f = Finding(rule="r", category="c", severity="warning", listing="x\x01", field="title", file="a.json", line=1,
                column=1, end_line=1, end_column=3, text="a\x0bb", message="<m> & \x1f")
    root = ET.fromstring(junit_report([f], [], 1).encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case.get("name") == "x\\u0001 / r / title"
    assert case.find("failure").get("message") == "<m> & \\u001f"


def test_without_listing_objects_a_clean_run_still_counts_listings():
    root = ET.fromstring(junit_report([], [], 2).encode("utf-8"))
    assert root.get("tests") == "2" and root.get("failures") == "0"
