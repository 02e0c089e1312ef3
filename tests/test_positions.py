"""Findings point at the offending characters in the file as written."""
import json

from conftest import decode_json_fragment, raw_slice


def by_rule(findings, rule):
    found = [f for f in findings if f.rule == rule]
    assert found, f"{rule} did not fire; got {[f.rule for f in findings]}"
    return found[0]


def test_positions_through_escapes_and_surrogates(tmp_path, lint_path):
    listing = {"id": "x", "title": 'A\n"q" 😀\u00e9 深紫色 包邮', "specs": {"颜色": "浅紫色"},
               "shipping": {"fee": 10}}
    path = tmp_path / "l.json"
    text = json.dumps(listing, ensure_ascii=True, indent=2)
    path.write_text(text, encoding="utf-8")
    findings, errors = lint_path(path)
    assert not errors
    colour = by_rule(findings, "spec-colour")
    fragment = raw_slice(text, colour.line, colour.column, colour.end_line, colour.end_column)
    assert fragment == "\\u6df1\\u7d2b\\u8272"
    assert decode_json_fragment(fragment) == "深紫色" == colour.text
    free = by_rule(findings, "shipping-free-fee")
    assert decode_json_fragment(raw_slice(text, free.line, free.column, free.end_line, free.end_column)) == "包邮"
    # The fact position is where the spec's value begins.
    assert raw_slice(text, colour.fact_line, colour.fact_column, colour.fact_line, colour.fact_column + 7) == '"\\u6d45'


def test_columns_count_code_points_not_bytes_or_utf16_units(tmp_path, lint_path):
    text = '{"id": "e", "title": "😀😀 包邮", "shipping": {"fee": 3}}'
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    findings, _ = lint_path(path)
    free = by_rule(findings, "shipping-free-fee")
    assert (free.line, free.column) == (1, text.index("包邮") + 1)
    assert free.end_column == free.column + 2


def test_positions_inside_html_description(tmp_path, lint_path):
    listing = {"id": "h", "title": "蜂蜜", "description": "<p><b>蜂蜜</b>&nbsp;500g</p><p>全<i>网</i>&#26368;低价！</p>"}
    path = tmp_path / "h.json"
    text = json.dumps(listing, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    findings, _ = lint_path(path)
    claim = by_rule(findings, "absolute-claim-zh-most")  # 全网最低价: 最 + a word
    assert claim.text == "全网最低价"
    assert raw_slice(text, claim.line, claim.column, claim.end_line, claim.end_column) == "全<i>网</i>&#26368;低价"


def test_positions_in_json_lines_and_pretty_arrays(tmp_path, lint_path):
    lines = [
        {"id": "a", "title": "保温杯 500ml"},
        {"id": "b", "title": "拖鞋", "bullets": ["舒适", "包邮到家"], "shipping": {"fee": 8}},
    ]
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n", encoding="utf-8")
    findings, _ = lint_path(jsonl)
    free = by_rule(findings, "shipping-free-fee")
    assert (free.listing, free.field, free.line) == ("b", "bullets[1]", 2)
    assert raw_slice(jsonl.read_text(encoding="utf-8"), free.line, free.column, free.end_line, free.end_column) == "包邮"

    pretty = tmp_path / "c.json"
    text = json.dumps({"listings": lines}, ensure_ascii=False, indent=4)
    pretty.write_text(text, encoding="utf-8")
    findings, _ = lint_path(pretty)
    free = by_rule(findings, "shipping-free-fee")
    assert text.split("\n")[free.line - 1].strip().startswith('"包邮到家"')
    assert raw_slice(text, free.line, free.column, free.end_line, free.end_column) == "包邮"


def test_listing_ids_default_to_their_position(tmp_path, lint_path):
    path = tmp_path / "n.json"
    path.write_text(json.dumps([{"title": "ok"}, {"title": "包邮", "shipping": {"fee": 1}}]), encoding="utf-8")
    findings, _ = lint_path(path)
    assert by_rule(findings, "shipping-free-fee").listing == "#2"
