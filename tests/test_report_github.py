"""--format github: GitHub Actions workflow commands, one per finding, escaped as the runner
expects (%25 %0D %0A in the message; also %3A %2C in properties)."""
import json
import pathlib
import re

from click.testing import CliRunner

from honestlint.cli import main
from honestlint.findings import Finding
from honestlint.core.listing import InputError
from honestlint.report import REPORTERS, github_report
from honestlint.report.github import _gh_data, _gh_property

REPORT_DATA = pathlib.Path(__file__).parent / "data" / "report"
COMMAND = re.compile(r"^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$")


def parse(line: str):
    """A workflow command as the runner reads it: command, properties, message (unescaped)."""
    m = COMMAND.match(line)
    assert m, line
    unescape = lambda s: s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")  # noqa: E731
    props = dict(part.split("=", 1) for part in m.group(2).split(","))
    return m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))


def finding(**kw):
    base = dict(rule="r", category="c", severity="error", listing="L", field="title", file="a.json", line=3,
                column=5, end_line=3, end_column=9, text="abcd", message="m")
    base.update(kw)
    return Finding(**base)


def test_registered():
    assert REPORTERS["github"] is github_report


def test_escaping():
    assert _gh_data("100% off\r\nnow: a,b") == "100%25 off%0D%0Anow: a,b"
    assert _gh_property("dir,x/a:b%.json\n") == "dir%2Cx/a%3Ab%25.json%0A"


def test_commands_from_the_cli():
    result = CliRunner().invoke(main, ["--isolated", "--as-of", "2026-11-23", "--format", "github",
                                       "--select", "shipping-free-fee,spec-colour,returns-days",
                                       str(REPORT_DATA / "catalog.jsonl")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    json_out = CliRunner().invoke(main, ["--isolated", "--as-of", "2026-11-23", "--format", "json",
                                         "--select", "shipping-free-fee,spec-colour,returns-days",
                                         str(REPORT_DATA / "catalog.jsonl")]).stdout
    findings = json.loads(json_out)["findings"]
    assert len(lines) == len(findings) == 4
    for line, f in zip(lines, findings):
        command, props, message = parse(line)
        assert command == "error"
        assert props["file"].endswith("tests/data/report/catalog.jsonl") and not props["file"].startswith("/")
        assert (int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"])) == \
            (f["line"], f["column"], f["end_line"], f["end_column"])
        assert props["title"] == f"honestlint {f['rule']} [{f['category']}]"
        assert f["message"] in message and f"listing {f['listing']}" in message
        if f.get("fact_field"):
            assert f"fact: {f['fact_field']} (line {f['fact_line']}" in message
        assert "\n" not in line


def test_severities_multiline_and_hostile_text():
    findings = [
        finding(severity="error", message="50% off\nreally", suggestion="say: 'a, b'"),
        finding(severity="warning", file="dir,odd/a:b.json"),
        finding(severity="info", line=2, end_line=4, end_column=1),
        finding(severity="error", message="::set-env name=X::1\r\n::error::fake", fact_field="specs.颜色", fact_line=7,
                fact_column=3),
    ]
    out = github_report(findings, [InputError("bad, file.json", "invalid JSON: x", 2, 1)], 3)
    lines = out.splitlines()
    assert len(lines) == 5
    first, second, third, fourth, error = (parse(line) for line in lines)
    assert first[0] == "error" and first[2] == "listing L, title: 50% off\nreally\nsuggestion: say: 'a, b'"
    assert second[0] == "warning" and second[1]["file"] == "dir,odd/a:b.json"
    assert "dir%2Codd/a%3Ab.json" in lines[1]
    # GitHub takes columns only for a single-line annotation.
    assert third[0] == "notice" and "col" not in third[1] and third[1]["endLine"] == "4"
    # Copy that looks like a workflow command stays inside the message: no line break survives.
    assert lines[3].count("\n") == 0 and lines[3].startswith("::error ")
    assert "fact: specs.颜色 (line 7, column 3)" in fourth[2]
    assert error[0] == "error" and error[1]["file"] == "bad, file.json" and error[1]["line"] == "2"
    assert error[2] == "invalid JSON: x"


def test_clean_run_prints_nothing():
    assert github_report([], [], 5) == ""
