import html as stdlib_html
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    import honestlint  # noqa: F401
except ImportError:  # not installed and no pythonpath configured: use the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from honestlint.text.html import strip_html


def check_map(s, text, index):
    """Each visible char points at its own source: itself, an '&' or a '<'."""
    assert index is not None
    assert len(index) == len(text)
    assert index == sorted(index)
    for i, ch in enumerate(text):
        src = s[index[i] :]
        if src.startswith(ch):
            continue  # plain text
        if src.startswith("&"):
            # A decoded entity: the entity starting here decodes to ch.
            assert stdlib_html.unescape(src[:40]).startswith(ch), (i, ch, src[:20])
        else:
            assert ch == "\n" and src.startswith("<"), (i, ch, src[:20])


CASES = [
    ("全<b>网</b>最低", "全网最低"),
    ("<p>全网&#26368;低价！<br>调理</p>", "全网最低价！\n调理"),
    ('<div class="best-seller top1"><p>整块&amp;打磨</p></div>', "整块&打磨"),
    ("&nbsp;", "\u00a0"),
    ("a&nbsp;b", "a\u00a0b"),
    ("&#x6700;&#X6700;&#26368;", "最最最"),
    ("&amp;&lt;&gt;&quot;&apos;", "&<>\"'"),
    ("&ndash;&mdash;&hellip;&yen;&times;", "–—…¥×"),
    ("&AMP; &amp &lt3 &copy2024", "& & <3 ©2024"),  # legacy names without ';'
    ("&notit;", "¬it;"),  # longest legacy prefix, like browsers
    ("<b><i><span>嵌套</span></i></b>文字", "嵌套文字"),
    ("<strong>强</strong><em>调</em><a href='/x'>链</a><font color=red>字</font>", "强调链字"),
    ("H<sub>2</sub>O and x<sup>2</sup> <small>s</small><u>u</u>", "H2O and x2 su"),
    ("前<!-- hidden <p>note</p> -->后", "前后"),
    ("a<!---->b<!-->c", "abc"),
    ("a<!-- never closed", "a"),
    ('x<script type="text/javascript">if (a < b) { s = "<p>"; }</script>y', "xy"),
    ("x<style>p > b { color: red }</style>y", "xy"),
    ("x<SCRIPT>var a = 1;</SCRIPT >y", "xy"),
    ("x<script>never closed", "x"),
    ('<a title="a > b" href="/x">link</a>', "link"),
    ("<a title='x>y' data-z=\"q\">t</a>", "t"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("&unknownentity; & &#; &#x;", "&unknownentity; & &#; &#x;"),
    ("a < b", "a < b"),
    ("a<3 and 5>4", "a<3 and 5>4"),
    ("价格 <", "价格 <"),
    ("文字<b", "文字"),
    ('文字<a href="/x', "文字"),
    ("文字</p", "文字"),
    ("", ""),
    ("<P>一</P><P>二</P>", "一\n二"),
    ("A<BR/>B<Br />C<br>D", "A\nB\nC\nD"),
    ("<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>", "a\nb\nc"),
    ("<table><tr><td>1</td><td>2</td></tr><tr><th>3</th></tr></table>", "1\n2\n3"),
    ("<h1>T</h1><section><article>x</article></section><blockquote>q</blockquote>", "T\nx\nq"),
    ("a<hr>b<dl><dt>k</dt><dd>v</dd></dl>", "a\nb\nk\nv"),
    ("<!DOCTYPE html><?xml version='1.0'?>x", "x"),
    ("line1\n<p>line2</p>", "line1\nline2"),  # no doubled newline
    ("a<b>&amp;</b>c", "a&c"),
    ("&#128512;", "😀"),
]


@pytest.mark.parametrize("s, expected", CASES)
def test_visible_text_and_map(s, expected):
    text, index = strip_html(s)
    assert text == expected
    if index is None:  # only allowed on the fast path
        assert "<" not in s and "&" not in s and text == s
    else:
        check_map(s, text, index)


@pytest.mark.parametrize("s", ["", "plain text", "全网最低价", "a > b", "多行\n文字"])
def test_fast_path_returns_none(s):
    text, index = strip_html(s)
    assert text is s
    assert index is None


def test_entity_maps_to_ampersand():
    s = "<p>全网&#26368;低价</p>"
    text, index = strip_html(s)
    i = text.index("最")
    assert s[index[i]] == "&"
    assert s[index[i] : index[i] + 8] == "&#26368;"
    # Chars after the entity map past it.
    assert s[index[i + 1]] == "低"


def test_block_newline_maps_to_tag():
    s = "一<br>二"
    text, index = strip_html(s)
    assert text == "一\n二"
    assert index == [0, 1, 5]


def test_no_leading_trailing_or_double_newlines():
    s = "<div><p><br></p></div>正文<p></p><div><br/></div>"
    text, index = strip_html(s)
    assert text == "正文"
    s = "a<p></p><br><div></div>b"
    text, index = strip_html(s)
    assert text == "a\nb"
    assert s[index[1]] == "<"


def test_inline_tag_attribute_values_hidden():
    s = '<span class="best-seller" data-label=\'最低价\'>好</span>'
    text, _ = strip_html(s)
    assert text == "好"
    assert "best" not in text and "最低价" not in text


def test_broken_quote_in_attribute_does_not_hang():
    # An unterminated quote must not swallow the document or backtrack
    # exponentially.
    s = '<a href="x ' + '=" ' * 2000 + ">text"
    text, index = strip_html(s)
    assert "text" in text
    check_map(s, text, index)


def test_large_input_is_linear():
    s = "<p>全网<b>最低</b>价&amp;好评</p>\n" * 20_000
    text, index = strip_html(s)
    assert text.count("全网最低价&好评") == 20_000
    assert len(index) == len(text)


# --- property test ------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "<br>", "<br/>", "<BR />", "<b>", "</b>", "<span class=\"x>y\">",
        "<a href='q'>", "</a>", "<div", "<!--", "-->", "<!-- c -->", "<script>", "</script>",
        "<style>", "</style>", "&amp;", "&nbsp;", "&#26368;", "&#x6700;", "&#", "&#x", "&",
        "&amp", "&copy2", "&bogus;", "<", ">", "</", "<!", "<?", "\"", "'", "=", "\n", "\r\n",
        "&#99999999999999;", "&#0;", "&#128512;", "<li>", "<td>", "<h1>", "<!DOCTYPE html>",
    ]
)
PIECES = st.lists(st.one_of(st.text(max_size=6), FRAGMENTS), max_size=30)


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_property_never_raises_and_index_is_sane(pieces):
    s = "".join(pieces)
    text, index = strip_html(s)
    if index is None:
        assert text == s and "<" not in s and "&" not in s
        return
    assert len(index) == len(text)
    assert all(0 <= i < len(s) for i in index)
    assert index == sorted(index)
    check_map(s, text, index)
    for i, ch in enumerate(text):
        if ch == "\n" and s[index[i]] == "<":
            # A generated break sits between visible text, never doubled.
            assert 0 < i < len(text) - 1
            assert text[i - 1] != "\n" and text[i + 1] != "\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="<&"), max_size=50))
def test_property_plain_text_is_identity(s):
    assert strip_html(s) == (s, None)
    # Text between inline tags is kept exactly.
    text, index = strip_html("<b>" + s + "</b>")
    assert text == s
    assert index == list(range(3, 3 + len(s)))
