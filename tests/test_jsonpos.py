import json
import sys
from pathlib import Path

import pytest

try:
    import honestlint  # noqa: F401
except ImportError:  # not installed and no pythonpath configured: use the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hypothesis import given, settings
from hypothesis import strategies as st

from honestlint.input.jsonpos import (
    JsonPathError,
    SourceText,
    array_element_starts,
    string_char_offsets,
    value_span,
)

# Strings that exercise every kind of escape json.dumps can produce.
TRICKY = [
    "plain ascii",
    "line\nbreak\ttab\rcr",
    'quote " and backslash \\ and slash /',
    "accent é ü ß",
    "全网最低价！调理",
    "emoji 😀 and 👍🏽 flags 🇨🇳",
    "\x00\x01\x1f control",
    "",
]

LISTINGS = {
    "listings": [
        {"title": "first", "bullets": ["a"]},
        {"title": "second", "bullets": []},
        {
            "title": "第三 😀",
            "bullets": ["整块\"打磨\"", "全网\n最低 😀 é \\ /", "x"],
            "description": "<p>best</p>",
        },
    ],
    "promotions": [
        {"reward": {"type": "discount", "value": 10}, "name": "买一送一"},
    ],
}


def dumps_variants(obj):
    for ensure_ascii in (False, True):
        for indent in (None, 2):
            yield json.dumps(obj, ensure_ascii=ensure_ascii, indent=indent)


def check_offsets(text, begin, end, expected):
    """Every decoded char's slice decodes back to exactly that char."""
    assert text[begin] == '"' and text[end - 1] == '"'
    offsets = string_char_offsets(text, begin)
    assert len(offsets) == len(expected) + 1
    assert offsets[-1] == end - 1  # final entry: the closing quote
    for i, ch in enumerate(expected):
        piece = text[offsets[i] : offsets[i + 1]]
        assert json.loads('"' + piece + '"') == ch, (i, piece, ch)
    assert offsets == sorted(offsets)


# --- string_char_offsets ------------------------------------------------------


@pytest.mark.parametrize("s", TRICKY)
def test_string_offsets_every_char(s):
    for text in dumps_variants({"k": s}):
        begin, end = value_span(text, 0, ("k",))
        check_offsets(text, begin, end, s)


def test_escape_offsets_point_at_backslash():
    text = r'"a\nb\u00e9\ud83d\ude00\"\/c"'
    offsets = string_char_offsets(text, 0)
    assert json.loads(text) == 'a\nbé😀"/c'
    assert offsets == [1, 2, 4, 5, 11, 23, 25, 27, 28]
    assert text[offsets[4] : offsets[4] + 2] == r"\u"  # surrogate pair -> one char


def test_uppercase_surrogate_pair_is_one_char():
    text = r'"\uD83D\uDE00!"'
    offsets = string_char_offsets(text, 0)
    assert offsets == [1, 13, 14]


def test_lone_surrogate_maps_each_escape():
    text = r'"\ud83dx\ude00"'
    assert string_char_offsets(text, 0) == [1, 7, 8, 14]


def test_raw_astral_char_is_one_offset():
    text = '"a😀b"'
    assert string_char_offsets(text, 0) == [1, 2, 3, 4]


def test_string_offsets_reject_non_string():
    with pytest.raises(JsonPathError):
        string_char_offsets('{"a": 1}', 0)
    with pytest.raises(JsonPathError):
        string_char_offsets('"unterminated', 0)
    with pytest.raises(JsonPathError):
        string_char_offsets(r'"bad \q escape"', 0)


# --- value_span ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        ("listings", 2, "bullets", 1),
        ("listings", 2, "bullets", 0),
        ("listings", 2, "title"),
        ("promotions", 0, "reward", "type"),
        ("promotions", 0, "name"),
    ],
)
def test_nested_string_paths(path):
    expected = LISTINGS
    for step in path:
        expected = expected[step]
    for text in dumps_variants(LISTINGS):
        begin, end = value_span(text, 0, path)
        assert json.loads(text[begin:end]) == expected
        check_offsets(text, begin, end, expected)


@pytest.mark.parametrize(
    "path",
    [
        (),
        ("listings",),
        ("listings", 0),
        ("listings", 1, "bullets"),
        ("promotions", 0, "reward"),
        ("promotions", 0, "reward", "value"),
    ],
)
def test_non_string_values(path):
    expected = LISTINGS
    for step in path:
        expected = expected[step]
    for text in dumps_variants(LISTINGS):
        begin, end = value_span(text, 0, path)
        assert json.loads(text[begin:end]) == expected


def test_scalar_spans():
    text = '{"a": -1.5e+3, "b": true, "c": null, "d": false, "e": 0}'
    for key, raw in [("a", "-1.5e+3"), ("b", "true"), ("c", "null"), ("d", "false"), ("e", "0")]:
        begin, end = value_span(text, 0, (key,))
        assert text[begin:end] == raw


def test_leading_whitespace_and_start_offset():
    text = ' \n\t {"a": ["x", "y"]}'
    begin, end = value_span(text, 0, ("a", 1))
    assert text[begin:end] == '"y"'
    # Starting inside the text at the inner array works too.
    inner = text.index("[")
    assert value_span(text, inner - 1, (0,)) == (inner + 1, inner + 4)


def test_duplicate_keys_last_wins():
    text = '{"title": "old", "x": {"title": "nested"}, "title": "new"}'
    assert json.loads(text)["title"] == "new"
    begin, end = value_span(text, 0, ("title",))
    assert text[begin:end] == '"new"'


def test_escaped_keys_match_decoded_path():
    text = '{"ti\\u0074le": 1, "a\\"b": 2, "\\u5168": 3}'
    assert text[slice(*value_span(text, 0, ("title",)))] == "1"
    assert text[slice(*value_span(text, 0, ('a"b',)))] == "2"
    assert text[slice(*value_span(text, 0, ("全",)))] == "3"


def test_strings_with_brackets_are_skipped():
    text = '{"a": ["]}", {"b": "{[\\"]"}], "c": "found"}'
    begin, end = value_span(text, 0, ("c",))
    assert text[begin:end] == '"found"'


@pytest.mark.parametrize(
    "path",
    [
        ("missing",),
        ("listings", 3),
        ("listings", -1),
        ("listings", 2, "bullets", 3),
        ("listings", "0"),  # key on an array
        ("listings", 0, 0),  # index on an object
        ("listings", 0, "title", "x"),  # key on a string
        ("promotions", 0, "reward", "type", 0),
        ("listings", 1, "bullets", 0),  # empty array
        ("listings", True),  # bool is not an index
    ],
)
def test_missing_paths_raise(path):
    for text in dumps_variants(LISTINGS):
        with pytest.raises(JsonPathError):
            value_span(text, 0, path)


def test_empty_object_missing_key():
    with pytest.raises(JsonPathError):
        value_span("{}", 0, ("a",))
    with pytest.raises(LookupError):  # JsonPathError is a LookupError
        value_span("{ }", 0, ("a",))


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "{", '{"a"', '{"a":', '{"a": 1', '{"a" 1}', "[1, 2", "[1 2]", '"abc', "{]", "xyz", "[}", '{"a": [}'],
)
def test_garbage_raises_json_path_error(garbage):
    with pytest.raises(JsonPathError):
        value_span(garbage, 0, ("a",))
    with pytest.raises(JsonPathError):
        value_span(garbage, 0, (5,))  # past every element: scans it all


def test_deep_nesting_is_iterative():
    depth = 10_000
    text = '{"x": ' + "[" * depth + '"deep"' + "]" * depth + ', "y": "after"}'
    begin, end = value_span(text, 0, ("y",))
    assert text[begin:end] == '"after"'
    begin, end = value_span(text, 0, ("x",))
    assert end - begin == 2 * depth + 6
    with pytest.raises(JsonPathError):
        value_span("[" * depth, 0, (1,))


def test_start_out_of_range():
    with pytest.raises(JsonPathError):
        value_span("[]", 5, ())


# --- array_element_starts -----------------------------------------------------


def test_array_element_starts_top_level():
    items = [{"title": "a"}, {"title": "第二", "n": [1, [2]]}, "three"]
    for text in dumps_variants(items):
        starts = array_element_starts(text, 0)
        assert len(starts) == 3
        assert text[starts[0]] == "{" and text[starts[1]] == "{" and text[starts[2]] == '"'
        for start, item in zip(starts, items):
            begin, end = value_span(text, start, ())
            assert begin == start
            assert json.loads(text[begin:end]) == item
        # Elements found this way agree with a full path lookup.
        assert value_span(text, starts[1], ("title",)) == value_span(text, 0, (1, "title"))


def test_array_element_starts_edge_cases():
    assert array_element_starts("[]", 0) == []
    assert array_element_starts("  [ ]", 0) == []
    assert array_element_starts("[1,2 , 3]", 0) == [1, 3, 7]
    with pytest.raises(JsonPathError):
        array_element_starts('{"a": 1}', 0)
    with pytest.raises(JsonPathError):
        array_element_starts("[1, 2", 0)


# --- SourceText.line_col ------------------------------------------------------


def test_line_col_known_positions():
    src = SourceText("ab\ncd\n\nxyz")
    assert src.line_col(0) == (1, 1)
    assert src.line_col(1) == (1, 2)
    assert src.line_col(2) == (1, 3)  # the "\n" ends line 1
    assert src.line_col(3) == (2, 1)
    assert src.line_col(6) == (3, 1)  # empty line
    assert src.line_col(7) == (4, 1)
    assert src.line_col(9) == (4, 3)
    assert src.line_col(10) == (4, 4)  # end of text
    with pytest.raises(IndexError):
        src.line_col(11)
    with pytest.raises(IndexError):
        src.line_col(-1)


def test_line_col_crlf():
    src = SourceText("ab\r\ncd\r\n\r\ne")
    assert src.line_col(2) == (1, 3)  # "\r" belongs to line 1
    assert src.line_col(3) == (1, 4)  # "\n" too
    assert src.line_col(4) == (2, 1)
    assert src.line_col(8) == (3, 1)
    assert src.line_col(10) == (4, 1)


def test_line_col_counts_code_points():
    src = SourceText('{\n  "t": "全😀x"\n}')
    x = src.text.index("x")
    assert src.line_col(x) == (2, 11)


def test_line_col_empty_and_no_newline():
    assert SourceText("").line_col(0) == (1, 1)
    assert SourceText("abc").line_col(2) == (1, 3)


@pytest.mark.parametrize("crlf", [False, True])
def test_multiline_file_positions(crlf):
    text = json.dumps(LISTINGS, ensure_ascii=False, indent=2)
    if crlf:
        # Newlines only occur as whitespace in json.dumps output.
        text = text.replace("\n", "\r\n")
    lines = text.split("\r\n" if crlf else "\n")
    src = SourceText(text)
    path = ("listings", 2, "bullets", 1)
    begin, end = value_span(text, 0, path)
    offsets = string_char_offsets(text, begin)
    decoded = LISTINGS["listings"][2]["bullets"][1]
    target = decoded.index("😀")
    line, col = src.line_col(offsets[target])
    # The reported line/column really points at the emoji in the file.
    assert lines[line - 1][col - 1] == "😀"
    # Every char of the string is on the same (single) line.
    assert {src.line_col(o)[0] for o in offsets} == {line}


# --- property tests -----------------------------------------------------------

keys = st.text(max_size=8)
values = st.text(max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    data=st.dictionaries(keys, values, max_size=6),
    ensure_ascii=st.booleans(),
    indent=st.sampled_from([None, 0, 1, 2, 4]),
    crlf=st.booleans(),
)
def test_property_every_char_maps_back(data, ensure_ascii, indent, crlf):
    text = json.dumps({"wrap": [data, list(data.values())]}, ensure_ascii=ensure_ascii, indent=indent)
    if crlf:
        text = text.replace("\n", "\r\n")
    src = SourceText(text)
    for i, (key, value) in enumerate(data.items()):
        for path in (("wrap", 0, key), ("wrap", 1, i)):
            begin, end = value_span(text, 0, path)
            check_offsets(text, begin, end, value)
            for off in string_char_offsets(text, begin):
                line, col = src.line_col(off)
                assert 1 <= line and 1 <= col


@settings(max_examples=100, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=20,
))
def test_property_whole_value_span(value):
    for text in dumps_variants(value):
        begin, end = value_span(text, 0, ())
        assert (begin, end) == (0, len(text))
        if isinstance(value, list):
            starts = array_element_starts(text, 0)
            assert [json.loads(text[slice(*value_span(text, s, ()))]) for s in starts] == value


def _paths(value, prefix=()):
    """Every path into a parsed JSON value (the keys as the parser kept them: last wins)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, prefix + (i,))


def json_values(width: int = 4, leaves: int = 20):
    """JSON values of nested lists and objects (no floats: their text form varies)."""
    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: st.lists(children, max_size=width) | st.dictionaries(st.text(max_size=width), children, max_size=width),
        max_leaves=leaves,
    )


@settings(max_examples=100, deadline=None)
@given(json_values())
def test_property_tables_give_the_same_spans(value):
    # One tables dict shared by every lookup into a text (what a listing keeps between its
    # findings) must not change any answer, nor turn a missing path into a found one.
    for text in dumps_variants(value):
        tables: dict = {}
        for path in reversed(list(_paths(value))):
            assert value_span(text, 0, path, tables) == value_span(text, 0, path)
        for missing in (("\x00missing",), (99,), (0, "\x00missing"), (0, 99)):
            with pytest.raises(JsonPathError):
                value_span(text, 0, missing, tables)


def test_tables_keep_duplicate_keys_last_wins_and_nested_members():
    text = '{"title": "old", "x": {"title": "nested", "n": [1, {"k": 2}]}, "title": "new"}'
    tables: dict = {}
    assert text[slice(*value_span(text, 0, ("title",), tables))] == '"new"'
    assert text[slice(*value_span(text, 0, ("x", "title"), tables))] == '"nested"'
    assert text[slice(*value_span(text, 0, ("x", "n", 1, "k"), tables))] == "2"
    # The walked objects and the array are remembered by where they begin.
    assert set(tables) == {0, text.index('{"title": "nested"'), text.index("[1,"), text.index('{"k"')}
    with pytest.raises(JsonPathError):
        value_span(text, 0, ("x", "n", 2), tables)


def _nested(depth: int):
    value: object = "leaf"
    for i in range(depth):
        value = {"k": value, "a": [i, "x]}", {"z": None}]} if i % 2 else [value, "{["]
    return value


@settings(max_examples=100, deadline=None)
@given(json_values(width=3, leaves=30))
def test_property_one_step_walk_equals_the_step_by_step_walk(value):
    # The member table and element list come from one regex step per member where the nesting
    # allows it (jsonpos._fast_walk); they must equal what the step-by-step walk gives.
    from honestlint.input import jsonpos

    value = {"v": value, "deep": _nested(jsonpos._FAST_DEPTH + 2)}
    for text in dumps_variants(value):
        tables: dict = {}
        for path in _paths(value):
            begin, _ = value_span(text, 0, path, tables)
            if text[begin] == "{":
                slow = {name: (b, e) for name, _, b, e in jsonpos._members(text, begin)}
                assert jsonpos._member_table(text, begin) == slow
            elif text[begin] == "[":
                assert jsonpos._element_list(text, begin) == list(jsonpos._iter_elements(text, begin))


def test_one_step_walk_hands_deep_nesting_to_the_step_by_step_walk():
    from honestlint.input import jsonpos

    text = json.dumps({"deep": _nested(jsonpos._FAST_DEPTH + 3), "after": "x"})
    assert jsonpos._fast_walk(jsonpos._WHOLE_MEMBER, text, 0, "}") is None
    assert text[slice(*value_span(text, 0, ("after",), {}))] == '"x"'
    shallow = json.dumps({"deep": _nested(2), "after": "x"})
    assert len(jsonpos._fast_walk(jsonpos._WHOLE_MEMBER, shallow, 0, "}")) == 2
