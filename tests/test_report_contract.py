"""What every reporter is (honestlint.report.base.Reporter): registered under its name, its
stream and its report the same text, and the report package free of the engine and readers."""
import subprocess
import sys

import pytest

from honestlint.findings import Finding
from honestlint.report import REPORTERS, STATISTICS_FORMATS, Reporter, stream_report


def _finding(n: int, file: str = "a.json", **kw) -> Finding:
    base = dict(rule="shipping-free-fee", category="shipping-mismatch", severity="error", listing=f"L{n}",
                field="title", file=file, line=n + 1, column=3, end_line=n + 1, end_column=16,
                text="free shipping", message="says free shipping; shipping.fee is 4.99",
                suggestion="say the fee", fact_field="shipping.fee", fact_line=n + 2, fact_column=5)
    base.update(kw)
    return Finding(**base)


FINDINGS = [_finding(1), _finding(2, severity="warning"), _finding(3, file="b.json", fact_field=None)]


def test_every_format_is_a_reporter_registered_under_its_name():
    assert set(REPORTERS) == {"text", "json", "sarif", "github", "junit", "html"}
    for name, reporter in REPORTERS.items():
        assert isinstance(reporter, Reporter) and reporter.name == name
    # Only html keeps the listings read; only junit asks for their ids.
    assert [n for n, r in REPORTERS.items() if r.wants_sources] == ["html"]
    assert [n for n, r in REPORTERS.items() if r.wants_listing_ids] == ["junit"]
    assert set(STATISTICS_FORMATS) <= set(REPORTERS)


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_stream_pieces_join_to_the_report(name):
    reporter = REPORTERS[name]
    whole = reporter(FINDINGS, [], 4)
    assert whole == reporter.report(FINDINGS, [], 4)
    pieces = list(stream_report(reporter, FINDINGS, [], 4))
    assert "".join(pieces) == whole and "L3" in whole
    # The streaming formats write findings as they come; the page is one piece.
    assert (len(pieces) == 1) == (name == "html")


def test_a_reporter_that_writes_only_report_streams_it_in_one_piece():
    class Count(Reporter):
        name = "count"

        def report(self, findings, errors, listings, colour=False, rules=(), sources=None):
            return f"{len(list(findings))} of {listings}\n"

    reporter = Count()
    assert list(reporter.stream(FINDINGS, [], 4)) == ["3 of 4\n"]
    assert reporter(FINDINGS, [], 4) == "3 of 4\n"
    assert not reporter.wants_sources and not reporter.wants_listing_ids
    with pytest.raises(NotImplementedError):
        Reporter().report([], [], 0)


def test_reports_load_neither_the_engine_nor_the_readers():
    code = ("import sys, honestlint.report; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('honestlint.'))))")
    loaded = set(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                text=True).stdout.split())
    assert "honestlint.report.sarif" in loaded
    stages = {m.split(".")[1] for m in loaded}
    assert stages <= {"core", "text", "report"}, sorted(loaded)
