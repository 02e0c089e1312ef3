"""--format html: one self-contained page, checked in a real headless browser (Debian's
chromium; CI installs it in .ci/run). The browser's DOM must hold every finding's matched text
highlighted at its place in its field, each highlight linked to the fact it contradicts, the
copy escaped, and working filters; a screenshot shows the page renders."""
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
from collections import defaultdict
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from honestlint.cli import main
from honestlint.findings import Finding
from honestlint.report import REPORTERS
from honestlint.report.html import _marked, render_html

REPORT_DATA = pathlib.Path(__file__).parent / "data" / "report"
SELECT = "shipping-free-fee,spec-material-stated,absolute-claim-zh,absolute-claim-zh-most,absolute-claim-zh-rank,returns-days,returns-no-reason,spec-colour"
WINDOW = (1400, 2000)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Dom(HTMLParser):
    """What the tests need from a page: each mark's text (by finding), where its first piece
    starts in its field, each field's text, elements with their attributes and text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list = []
        self.marks: dict[int, list[str]] = defaultdict(list)
        self.mark_attrs: dict[int, list[dict]] = defaultdict(list)
        self.mark_start: dict[int, tuple] = {}
        self.fields: dict[tuple, str] = {}
        self.elements: list[tuple[str, dict]] = []
        self.text_of: dict[str, str] = {}  # element id -> text
        self.listing = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        self.elements.append((tag, a))
        if tag in VOID:
            return
        record = {"text": [], "id": a.get("id")}
        classes = a.get("class", "").split()
        if tag == "section" and "listing" in classes:
            self.listing = a["data-listing"]
        if "field-text" in classes:
            record["field"] = (self.listing, a["data-field"])
        if tag == "mark":
            n = int(a["data-finding"])
            record["mark"] = n
            self.mark_attrs[n].append(a)
            field = next(r for _, r in reversed(self.stack) if "field" in r)
            self.mark_start.setdefault(n, (field["field"], len("".join(field["text"]))))
        self.stack.append((tag, record))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, record = self.stack.pop()
            text = "".join(record["text"])
            if "mark" in record:
                self.marks[record["mark"]].append(text)
            if "field" in record:
                self.fields[record["field"]] = text
            if record["id"]:
                self.text_of[record["id"]] = text
            if open_tag == tag:
                break

    def handle_data(self, data):
        for _, record in self.stack:
            record["text"].append(data)

    def find(self, tag=None, **attrs):
        return [a for t, a in self.elements if (tag is None or t == tag)
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def browse(tmp_path, url: str, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}", *args, url]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=240, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def cli(*args):
    result = CliRunner().invoke(main, ["--isolated", "--as-of", "2026-11-23", *[str(a) for a in args]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    report = tmp / "report.html"
    result = cli("--format", "html", "--select", SELECT, "-o", report, REPORT_DATA, tmp / "missing.json")
    assert result.exit_code == 2  # the missing file
    # The page's messages follow each listing's language (auto); ask the JSON for the same.
    findings = json.loads(cli("--format", "json", "--lang", "auto", "--select", SELECT, REPORT_DATA).stdout)["findings"]
    return tmp, report, findings


@pytest.fixture(scope="module")
def dom(page):
    tmp, report, _ = page
    proc = browse(tmp, report.as_uri(), "--dump-dom")
    assert "data-ready=\"1\"" in proc.stdout  # the page's script ran
    return Dom(proc.stdout)


def test_registered():
    assert REPORTERS["html"].wants_sources is True


def test_page_is_self_contained(page):
    _, report, _ = page
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count("<script>") == 1 and text.count("<style>") == 1
    doc = Dom(text)
    assert not doc.find("link") and not doc.find("img") and not doc.find("iframe")
    assert not [a for _, a in doc.elements if "src" in a]
    assert "url(" not in text and "@import" not in text
    external = [a["href"] for t, a in doc.elements if t == "a" and a.get("href", "").startswith("http")]
    assert external  # references of the rules that fired: links a reader may follow, never loaded


def test_highlights_are_the_matched_text_at_its_place(page, dom):
    _, _, findings = page
    assert len(findings) == 12
    for n, f in enumerate(findings):
        assert "".join(dom.marks[n]) == f["text"], (n, f)
        (listing, field), start = dom.mark_start[n]
        assert (listing, field) == (f["listing"], f["field"])
        assert dom.fields[(listing, field)][start:start + len(f["text"])] == f["text"]
        for attrs in dom.mark_attrs[n]:
            assert attrs["data-rule"] == f["rule"] and attrs["data-severity"] == f["severity"]
            assert attrs["data-category"] == f["category"]
    # The same claim twice in one field: each highlight sits at its own occurrence, in order.
    by_field = defaultdict(list)
    for n, f in enumerate(findings):
        by_field[(f["listing"], f["field"])].append((f["line"], f["column"], dom.mark_start[n][1], f["rule"]))
    for marks in by_field.values():
        assert [m[2] for m in sorted(marks)] == sorted(m[2] for m in marks)
    title = sorted(m for m in by_field[("esc-1", "title")])
    assert [m[2] for m in title] == [0, len("包邮 保温杯 😀 ")]
    absolute = [m[2] for m in by_field[("esc-1", "description")] if m[3].startswith("absolute-claim-zh")]
    assert len(absolute) == 2 and absolute[0] < absolute[1]
    # A claim inside another (无理由退换 in 7天无理由退换) is a mark nested in the other.
    inner = next(n for n, f in enumerate(findings) if f["rule"] == "returns-no-reason")
    outer = next(n for n, f in enumerate(findings) if f["rule"] == "returns-days" and f["listing"] == "esc-1")
    assert dom.mark_start[inner][1] == dom.mark_start[outer][1] + 2


def test_highlights_link_to_the_contradicted_fact(page, dom):
    _, _, findings = page
    linked = 0
    for n, f in enumerate(findings):
        first = dom.mark_attrs[n][0]
        assert first["id"] == f"hl-{n}" and first["aria-describedby"] == f"finding-{n}"
        assert f["message"] in dom.text_of[f"finding-{n}"]
        if not f.get("fact_field"):
            assert "data-fact" not in first
            continue
        linked += 1
        assert first["data-fact-field"] == f["fact_field"] and first["data-fact-line"] == str(f["fact_line"])
        [fact] = dom.find(id=first["data-fact"])
        assert fact["data-fact-field"] == f["fact_field"]
        assert f"line {f['fact_line']}, col {f['fact_column']}" in dom.text_of[first["data-fact"]]
        assert f"#{n + 1}" in dom.text_of[first["data-fact"]]  # and the fact links back
        assert dom.find("a", href="#" + first["data-fact"])  # the finding's "contradicts" link
    assert linked == 10
    assert "65%涤纶 35%棉" in dom.text_of["L4-fact-1"]  # the fact's value is shown


def test_copy_is_escaped(dom):
    assert not dom.find("img")
    assert len(dom.find("script")) == 1
    assert not [a for t, a in dom.elements if t == "body" and "data-pwned" in a]
    title = dom.fields[("esc-1", "title")]
    assert title == '包邮 保温杯 😀 包邮 <img src=x onerror="document.body.dataset.pwned=1">'
    assert dom.fields[("esc-1", "bullets[0]")] == "a & b < c </div>"
    description = dom.fields[("esc-1", "description")]
    assert "pwned" not in description and "<p>" not in description and "全网最低价" in description


def test_filter_markup(page, dom):
    _, _, findings = page
    severities = {a["value"] for a in dom.find("input", data_filter="severity")}
    categories = {a["value"] for a in dom.find("input", data_filter="category")}
    assert severities == {"error", "warning", "info"}
    assert categories == {f["category"] for f in findings}
    assert dom.find("input", id="only-flagged") and dom.find("input", id="search")
    items = dom.find("li", **{"class": "finding sev-error"})
    assert len(items) == len(findings)
    assert all("is-filtered" not in a["class"] for t, a in dom.elements if t == "mark")
    assert "1 input error" in "".join(dom.text_of.values()) or dom.find("section", **{"class": "input-errors"})


def test_filters_run_in_the_browser(page, tmp_path):
    """Filters preset in the URL are applied by the page's script: highlights and findings of
    other categories are filtered out, clean listings hidden, the counter updated."""
    _, report, findings = page
    proc = browse(tmp_path, report.as_uri() + "?category=returns-mismatch&flagged=1", "--dump-dom")
    dom = Dom(proc.stdout)
    for n, f in enumerate(findings):
        for attrs in dom.mark_attrs[n]:
            assert ("is-filtered" in attrs["class"].split()) == (f["category"] != "returns-mismatch")
    shown = [a for a in dom.find("li") if "finding" in a.get("class", "").split() and "is-filtered" not in a["class"]]
    assert len(shown) == sum(1 for f in findings if f["category"] == "returns-mismatch") == 3
    hidden = {a["data-listing"] for a in dom.find("section") if "listing" in a.get("class", "") and "hidden" in a}
    assert hidden == {"ok-1", "clean-2", "zh-1"}
    assert dom.text_of["shown-count"] == "3 of 12 findings shown"


def test_screenshot(page, tmp_path):
    _, report, _ = page
    shot = tmp_path / "report.png"
    browse(tmp_path, report.as_uri(), f"--screenshot={shot}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == WINDOW
    assert len(data) > 40_000  # a rendered page, not a blank one (a blank PNG is a few KB)


def test_clean_run_page(tmp_path):
    path = tmp_path / "clean.json"
    path.write_text(json.dumps({"id": "c1", "title": "保温杯 500ml"}, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "clean.html"
    assert cli("--format", "html", "-o", report, path).exit_code == 0
    doc = Dom(report.read_text(encoding="utf-8"))
    assert "All clean" in report.read_text(encoding="utf-8")
    assert doc.fields[("c1", "title")] == "保温杯 500ml" and not doc.marks


def test_crossing_claims_are_split_into_pieces():
    f = lambda rule: Finding(rule=rule, category="c", severity="warning", listing="x", field="title",  # noqa: E731
                             file="a", line=1, column=1, end_line=1, end_column=2, text="", message="m")
    findings = [f("a"), f("b"), f("c")]
    out = _marked("abcdefgh", [(0, 4, 0), (2, 6, 1), (2, 3, 2)], findings, {})
    doc = Dom(f'<section class="listing" data-listing="x"><div class="field-text" data-field="title">{out}</div></section>')
    assert "".join(doc.marks[0]) == "abcd" and "".join(doc.marks[1]) == "cdef" and doc.marks[2] == ["c"]
    assert len(doc.marks[1]) == 2  # crossing the end of the first: two pieces
    assert doc.fields[("x", "title")] == "abcdefgh"
    assert [doc.mark_start[n][1] for n in range(3)] == [0, 2, 2]


def test_without_listing_objects_the_claims_are_still_shown():
    f = Finding(rule="r", category="c", severity="info", listing="x", field="title", file="a.json", line=1,
                column=3, end_line=1, end_column=5, text="<b>", message="m & n")
    doc = Dom(render_html([f], [], 1))
    assert doc.marks[0] == ["<b>"] and not doc.find("b")


def test_listings_with_the_same_id_keep_their_own_claims(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text(json.dumps([
        {"id": "dup", "title": "保温杯 包邮", "shipping": {"fee": 5}},
        {"id": "dup", "title": "包邮 水杯", "shipping": {"fee": 6}},
    ], ensure_ascii=False, indent=1), encoding="utf-8")
    report = tmp_path / "dup.html"
    assert cli("--format", "html", "--select", "shipping-free-fee", "-o", report, path).exit_code == 1
    doc = Dom(report.read_text(encoding="utf-8"))
    # Finding 0 is in the first listing (offset 4), finding 1 in the second (offset 0).
    assert doc.marks[0] == ["包邮"] and doc.marks[1] == ["包邮"]
    assert [doc.mark_start[n][1] for n in (0, 1)] == [4, 0]
    cards = [a for a in doc.find("section") if a.get("data-listing") == "dup"]
    assert [a["data-findings"] for a in cards] == ["1", "1"]


# --- generated listings: every highlight is its finding's text, through escapes and HTML -------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = ["包邮", "全网最低价", "7天无理由退换", "纯棉", "深紫色", "买一送一", "FREE SHIPPING", "free shipping",
          "30-day returns", " ", "，", "😀", "保温杯", "a", "\"", "\\", "\t", "\u200b", "<", "&", "限时特惠"]
HTML_PIECES = PIECES + ["<b>", "</b>", "<p>", "</p>", "&amp;", "&#26368;", "&lt;", "<br>", "<!-- x -->"]
copy = lambda pieces, most: st.lists(st.sampled_from(pieces), min_size=1, max_size=most).map("".join)  # noqa: E731


@st.composite
def listing_text(draw):
    listing = {"id": draw(st.sampled_from(["g-1", "商品-2", "#3"])), "title": draw(copy(PIECES, 8)),
               "description": draw(copy(HTML_PIECES, 12)), "bullets": draw(st.lists(copy(PIECES, 4), max_size=2)),
               "specs": {"颜色": "浅紫色", "材质": "65%涤纶 35%棉"}, "shipping": {"fee": 10},
               "returns": {"days": 0, "no_reason": False}, "gifts": [], "promotions": []}
    return json.dumps([listing, {**listing, "id": "twin"}], ensure_ascii=draw(st.booleans()),
                      indent=draw(st.sampled_from([None, 1, 4])))


_LINT = {}


def lint_text(text: str):
    """Findings and the Listing objects of one generated file, with the built-in rules."""
    import datetime
    import tempfile

    from honestlint.engine import Linter
    from honestlint.input import load
    from honestlint.ruleset import load_rules

    if "linter" not in _LINT:
        _LINT["rules"] = load_rules()
        _LINT["linter"] = Linter(_LINT["rules"], as_of=datetime.date(2026, 11, 23))  # finish() resets it
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        linter = _LINT["linter"]
        sources, findings = [], []
        for item in load([handle.name]):
            assert hasattr(item, "data"), item
            sources.append(item)
            findings.extend(linter.lint(item))
        findings.extend(linter.finish())
    finally:
        os.unlink(handle.name)
    findings.sort(key=Finding.sort_key)
    return findings, sources, _LINT["rules"]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(listing_text())
def test_generated_listings_highlight_every_claim_where_it_stands(text):
    findings, sources, rules = lint_text(text)
    doc = Dom(render_html(findings, [], len(sources), rules=rules, sources=sources))
    copy_fields = {"title", "description"} | {f"bullets[{n}]" for n in range(2)}
    for n, f in enumerate(findings):
        assert "".join(doc.marks[n]) == f.text, (n, f)
        (listing, field), start = doc.mark_start[n]
        assert listing == f.listing
        if f.field in copy_fields:
            assert field == f.field and doc.fields[(listing, field)][start:start + len(f.text)] == f.text
    # Titles: the offset of each highlight is the number of characters the JSON string decodes
    # to between its opening quote and the finding's (line, column).
    lines = text.split("\n")
    title_quotes = [m.end() for m in re.finditer(r'"title":\s*', text)]
    for n, f in enumerate(findings):
        if f.field != "title":
            continue
        quote = title_quotes[1 if f.listing == "twin" else 0]
        at = sum(len(line) + 1 for line in lines[:f.line - 1]) + f.column - 1
        assert doc.mark_start[n][1] == len(json.loads(text[quote:at] + '"')), (n, f)
    # The twin listing has the same copy: its claims sit at the same offsets as the first's.
    first = sorted((f.field, f.rule, doc.mark_start[n][1]) for n, f in enumerate(findings) if f.listing != "twin")
    twin = sorted((f.field, f.rule, doc.mark_start[n][1]) for n, f in enumerate(findings) if f.listing == "twin")
    assert first == twin
