"""Fixes: the listing's fact in place of the claim it contradicts (safe), the claim removed
(unsafe, only with --unsafe-fixes); --fix writes them in the file as written, --diff prints
them, SARIF carries them. The property tests show that fixing never breaks a file's syntax
and never touches a byte outside the edited spans."""
import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honestlint.run import pipeline
from honestlint.run.options import Options
from honestlint.engine import fixes
from honestlint.run import fixfiles
from honestlint.cli import main

AS_OF = "2026-11-23"


def invoke(*args, input=None):
    return CliRunner().invoke(main, ["--as-of", AS_OF, *map(str, args)], input=input)


def findings_of(path, *args):
    result = invoke("--format", "json", *args, path)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def example_copy(tmp_path):
    path = tmp_path / "listing.json"
    shutil.copy("examples/listing.json", path)
    return path


def test_fix_on_the_example_mends_the_safe_findings_and_reports_what_remains(tmp_path):
    path = example_copy(tmp_path)
    before = findings_of(path)
    safe = [f for f in before if f.get("fix", {}).get("applicability") == "safe"]
    assert {f["rule"] for f in safe} == {"spec-colour", "spec-material"}
    result = invoke("--fix", path)
    assert result.exit_code == 1  # findings remain
    data = json.loads(path.read_text(encoding="utf-8"))  # still JSON
    assert data["title"] == "2024新款 浅紫色 65%涤纶 35%棉T恤 买一送一 包邮"
    assert "fixed 2 problems in 1 file" in result.output
    # The report that follows is the file linted again: the fixed claims are gone, the rest stays.
    assert "深紫色" not in result.output and "买一送一" in result.output
    after = findings_of(path)
    key = lambda f: (f["rule"], f["field"])  # noqa: E731
    assert sorted(map(key, after)) == sorted(key(f) for f in before if f not in safe)
    assert not [f for f in after if f.get("fix", {}).get("applicability") == "safe"]
    again = invoke("--fix", path)
    assert "fixed 0 problems" in again.output


def test_diff_shows_the_same_change_and_writes_nothing(tmp_path):
    path = example_copy(tmp_path)
    original = path.read_bytes()
    result = invoke("--diff", path)
    assert path.read_bytes() == original
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"--- {path}" in lines and f"+++ {path}" in lines
    assert '-  "title": "2024新款 深紫色 纯棉T恤 买一送一 包邮",' in lines
    assert '+  "title": "2024新款 浅紫色 65%涤纶 35%棉T恤 买一送一 包邮",' in lines
    (tmp_path / "b").mkdir()
    fixed = example_copy(tmp_path / "b")
    invoke("--fix", fixed)
    assert json.loads(fixed.read_text(encoding="utf-8"))["title"] in result.output  # the same change


def test_unsafe_removals_need_unsafe_fixes(tmp_path):
    path = tmp_path / "l.json"
    path.write_text(json.dumps({"id": "u", "title": "保温杯 500ml", "description": "全网最低，好评返现5元，欢迎选购"},
                               ensure_ascii=False), encoding="utf-8")
    safe_only = invoke("--fix", path)
    assert "全网最低" in json.loads(path.read_text(encoding="utf-8"))["description"]
    assert "more with --unsafe-fixes" in safe_only.output
    invoke("--fix", "--unsafe-fixes", path)
    description = json.loads(path.read_text(encoding="utf-8"))["description"]
    assert "全网最低" not in description and "返现" not in description
    assert description.endswith("欢迎选购")
    assert not [f for f in findings_of(path) if f["category"] in ("absolute-claim", "review-incentive")]


def test_fixes_are_written_with_the_files_escapes(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = ['{"id":"a","title":"Cotton Tee, Navy Blue","specs":{"color":"Black"}}',
             '{"id":"b","title":"\\u6df1\\u7d2b\\u8272 T\\u6064 \\"\\u6b3e\\"","specs":{"颜色":"浅紫色"}}',
             '{"id":"c","title":"马克杯","description":"<p>本品<b>三年质保</b> &amp; 包换</p>","warranty":{"months":12}}']
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    invoke("--fix", path)
    out = path.read_bytes().decode("utf-8").split("\r\n")
    assert out[0] == lines[0].replace("Navy Blue", "Black")
    assert out[1] == lines[1].replace("\\u6df1", "\\u6d45")  # 深 → 浅, still \u-escaped
    assert out[2] == lines[2].replace("三年质保", "一年质保")
    assert out[3] == ""  # CRLF line ends kept


def test_fix_in_a_shopify_csv_cell(tmp_path):
    path = tmp_path / "products.csv"
    header = "Handle,Title,Body (HTML),Vendor,Option1 Name,Option1 Value,Variant Price,Variant Inventory Qty"
    row = 'linen-shirt,"Linen Shirt, Navy","<p>Soft ""washed"" linen.</p>",Harbor,Color,White,48.00,25'
    path.write_text(header + "\n" + row + "\n", encoding="utf-8")
    colour = [f for f in findings_of(path) if f["rule"] == "spec-colour-en"]
    assert colour and colour[0]["fix"]["applicability"] == "safe"
    invoke("--fix", path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[1][1] == "Linen Shirt, White"
    assert rows[1][2] == '<p>Soft "washed" linen.</p>' and len(rows[1]) == len(rows[0])


def test_a_byte_order_mark_and_the_file_mode_survive(tmp_path):
    path = example_copy(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    path.chmod(0o640)
    invoke("--fix", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "浅紫色".encode() in raw
    assert path.stat().st_mode & 0o777 == 0o640


def test_standard_input_cannot_be_fixed():
    result = invoke("--fix", "-", input=json.dumps({"title": "深紫色T恤", "specs": {"颜色": "浅紫色"}}))
    assert result.exit_code == 2
    assert "standard input" in result.output or "stdin" in result.output


def test_sarif_results_carry_the_fixes(tmp_path):
    path = example_copy(tmp_path)
    result = invoke("--format", "sarif", path)
    results = json.loads(result.output)["runs"][0]["results"]
    colour = next(r for r in results if r["ruleId"] == "spec-colour")
    (fix,) = colour["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert replacement["insertedContent"]["text"] == "浅紫色"
    region = replacement["deletedRegion"]
    line = path.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "深紫色"
    assert fix["properties"]["applicability"] == "safe"


# ------------------------------------------------------------------ properties of applying fixes

# Claims that a fact contradicts (a safe fix) or that are banned (an unsafe removal), with the
# facts that make them so.
CLAIMS = [
    ("深紫色", {"specs": {"颜色": "浅紫色"}}),
    ("三年质保", {"warranty": {"months": 12}}),
    ("Navy Blue", {"specs": {"color": "Black"}}),
    ("全网最低", {}),
    ("好评返现", {}),
    ("7天无理由退换", {"returns": {"days": 3, "no_reason": False}}),
]
# Copy around a claim: separators, quotes, backslashes, astral characters, HTML-ish text, line breaks.
FILLER = st.text(alphabet=st.sampled_from(list("ab 杯子，,。!\"\\/'<>&\n\t😀é\u200b")), max_size=12)


@st.composite
def listings(draw):
    data = {"id": draw(st.sampled_from(["p1", "p-2", "三"]))}
    facts = {}
    for name in ("title", "description"):
        parts = []
        for _ in range(draw(st.integers(1, 3))):
            claim, fact = draw(st.sampled_from(CLAIMS))
            facts.update(fact)
            parts += [draw(FILLER), claim]
        parts.append(draw(FILLER))
        data[name] = "".join(parts)
    data.update(facts)
    return data


def _fix_once(path):
    """Lint `path`, apply every fix (safe and unsafe) once; (before, after, edits applied)."""
    options = Options(as_of=None, isolated=True, lang="en")
    with pipeline.run([str(path)], options) as result:
        edits = [e for f in fixfiles.chosen(result.findings, unsafe=True) for e in f.fix.edits]
    before, after, _made = fixfiles.fix_file(str(path), edits)
    return before, after, edits


def _outside_unchanged(before: str, after: str, edits) -> None:
    """Every character outside the applied edits' spans is where it was, in order: the text
    after is the text before with each applied span swapped for its replacement."""
    starts = fixfiles.line_starts(before)
    spans = sorted((starts[e.line - 1] + e.column - 1, starts[e.end_line - 1] + e.end_column - 1, e.raw) for e in edits)
    rebuilt, last = [], 0
    for begin, end, raw in spans:
        if begin < last:
            continue
        rebuilt += [before[last:begin], raw]
        last = end
    rebuilt.append(before[last:])
    assert after == "".join(rebuilt)
    # Independently of the edits: the unchanged head and tail are the same bytes.
    head = spans[0][0] if spans else len(before)
    assert after[:head] == before[:head]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(listing=listings(), ascii_only=st.booleans(), indent=st.sampled_from([None, 2]))
def test_fixing_json_keeps_it_json_and_changes_only_the_claims(tmp_path, listing, ascii_only, indent):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(listing, ensure_ascii=ascii_only, indent=indent), encoding="utf-8")
    before, after, edits = _fix_once(path)
    fixed = json.loads(after)  # never a syntax error
    assert set(fixed) == set(listing)
    for key in listing:
        if key not in ("title", "description"):
            assert fixed[key] == listing[key]  # facts are never edited
    _outside_unchanged(before, after, edits)
    # Every edit, read back through JSON, is the content it meant to write.
    for edit in edits:
        assert json.loads(f'"{edit.raw}"') == edit.content


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=listings(), second=listings())
def test_fixing_json_lines_keeps_every_line_json(tmp_path, first, second):
    second["id"] = first["id"] + "-2"
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(first, ensure_ascii=False) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    before, after, edits = _fix_once(path)
    lines = after.split("\n")
    assert len(lines) == 3 and lines[2] == ""
    assert [json.loads(line)["id"] for line in lines[:2]] == [first["id"], second["id"]]
    _outside_unchanged(before, after, edits)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=FILLER, claim=st.sampled_from(["全网最低", "Navy Blue", "深紫色"]), tail=FILLER)
def test_fixing_a_shopify_csv_keeps_its_rows_and_columns(tmp_path, title, claim, tail):
    path = tmp_path / "p.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Handle", "Title", "Body (HTML)", "Option1 Name", "Option1 Value", "Variant Price"])
    writer.writerow(["h", title + claim + ", " + tail, f"<p>{tail}{claim}</p>", "Color", "Black", "9.00"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before, after, edits = _fix_once(path)
    rows = list(csv.reader(io.StringIO(after)))
    assert len(rows) == 2 and len(rows[1]) == 6
    assert rows[1][0] == "h" and rows[1][3:] == ["Color", "Black", "9.00"]
    _outside_unchanged(before, after, edits)


@pytest.mark.parametrize("value, claim, left", [
    # A claim that is its clause's only content goes with the clause and one separator.
    ("<p>Pure linen, the #1 best seller. <b>Ships same day</b>.</p>", "#1 best seller",
     "<p>Pure linen. <b>Ships same day</b>.</p>"),
    ("<p>舒适透气。<b>买1返还100！</b></p>", "返还100", "<p>舒适透气。<b></b></p>"),
    ("全网最低，好评返现5元，欢迎选购", "好评返现", "全网最低，欢迎选购"),
    ("包邮，全网最低", "全网最低", "包邮"),
    ("7天无理由退换。满意再付", "7天无理由退换", "满意再付"),
    # A clause with words of its own keeps them; the separator the claim leaves goes.
    ("保温杯 全网最低 500ml", "全网最低", "保温杯 500ml"),
    ("Best price! Free shipping", "Best price", "Free shipping"),
    ("全网最低价格实惠的保温杯", "全网最低", "价格实惠的保温杯"),
    # Two letters are a word (T恤, a product name), a letter and digits are not (买1, 5元).
    ("T恤 全网最低价", "全网最低价", "T恤"),
    ("新款T恤，全网最低价", "全网最低价", "新款T恤"),
    # An entity's semicolon and a decimal point end no clause.
    ("<p>全网&#26368;低价，3.5寸屏</p>", "全网&#26368;低价", "<p>3.5寸屏</p>"),
])
def test_a_removal_leaves_a_readable_sentence(value, claim, left):
    start = value.index(claim)
    begin, end = fixes.removal_span(value, start, start + len(claim))
    assert value[:begin] + value[end:] == left
