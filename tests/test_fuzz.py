"""Property-based fuzzing of the whole pipeline: loader, normaliser, tokenizer, HTML stripper,
engine and command line.

Every property is a plain function decorated with hypothesis (no pytest fixtures), so that
``scripts/fuzz.py`` can run the same properties with the "release" profile and count the inputs.

Profiles (``HONESTLINT_FUZZ_PROFILE``):

* ``dev`` (default): a few hundred examples per property; the whole file runs in well under a
  minute.
* ``release``: tens of thousands of examples per property (``HONESTLINT_FUZZ_EXAMPLES``
  overrides the count). Run it with ``scripts/fuzz.py``, not in the default test run.
"""
from __future__ import annotations

import atexit
import datetime
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honestlint.input import jsonpos
from honestlint.cli import main as cli_main
from honestlint.engine import Linter
from honestlint.text.field import copy_fields
from honestlint.text.html import strip_html
from honestlint.core.listing import InputError, Listing
from honestlint.input import load_file
from honestlint.text.normalize import _REMOVE_RE, normalize
from honestlint.ruleset import RuleError, load_rules

# Strategy reprs are large (nested recursive strategies); hypothesis warns about that.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# --------------------------------------------------------------------------- profiles

_COMMON = dict(
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.register_profile("dev", max_examples=100, **_COMMON)
settings.register_profile(
    "release", max_examples=int(os.environ.get("HONESTLINT_FUZZ_EXAMPLES", "20000")), **_COMMON
)
PROFILE = os.environ.get("HONESTLINT_FUZZ_PROFILE", "dev")
if PROFILE not in ("dev", "release"):
    raise ValueError(f"HONESTLINT_FUZZ_PROFILE must be dev or release, not {PROFILE!r}")


def fuzz(dev_examples: int, slow: bool = False):
    """Settings for one property: `dev_examples` in the default run, the profile's count in a
    release run. `slow` properties (a whole CLI run per example) run at most
    HONESTLINT_FUZZ_SLOW_EXAMPLES in a release run, when that is set. The profile is applied
    per test (not loaded globally), so other test files keep their own settings."""
    parent = settings.get_profile(PROFILE)
    if PROFILE == "dev":
        return settings(parent, max_examples=dev_examples)
    if slow and os.environ.get("HONESTLINT_FUZZ_SLOW_EXAMPLES"):
        slow_examples = int(os.environ["HONESTLINT_FUZZ_SLOW_EXAMPLES"])
        return settings(parent, max_examples=min(parent.max_examples, slow_examples))
    return settings(parent)


# Inputs run by each property (scripts/fuzz.py reports them).
COUNTS: dict[str, int] = {}


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


AS_OF = datetime.date(2026, 11, 23)
_RULES = None
_LINTER = None


def linter() -> Linter:
    global _RULES, _LINTER
    if _LINTER is None:
        try:
            _RULES = load_rules()
        except RuleError as exc:  # a rule pack being edited; test_rule_loading reports it
            pytest.skip(f"the built-in rules do not load: {exc}")
        _LINTER = Linter(_RULES, as_of=AS_OF)
    return _LINTER


_TMP = Path(tempfile.mkdtemp(prefix="honestlint-fuzz-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
_tmp_counter = 0


def _write(data: bytes, suffix: str = ".json") -> str:
    global _tmp_counter
    _tmp_counter += 1
    path = _TMP / f"f{_tmp_counter % 64}{suffix}"
    path.write_bytes(data)
    return str(path)


# --------------------------------------------------------------------------- strategies

# Characters that matter to this linter, besides arbitrary code points.
INTERESTING = (
    "買賣網價運費與為薴深沈乾蕭頂級國銷臉還饋郵"  # Traditional (incl. OpenCC oddities)
    "全网最低价一二两壹佰拾百千万亿零〇半返送赠包邮第步近好色紫深浅"  # Simplified, numerals
    " .-·・_*|/~‧•\u3000\u00a0\t\n\r"  # separators and whitespace
    "，。！？；：、,!?;:()（）【】《》「」"  # clause and bracket punctuation
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069"
    "\ufeff\u00ad\ufe0f\ufe0e\u034f\u061c\u180e\U000e0001\U000e0041\U000e0100"  # format
    "\u2800\u3164\uffa0\u115f\u1160\u17b4\u17b5\u180b–—‐★❤🔥“”+=^丨○"  # blanks, other separators
    "\u0301\u0308\u0307\u20dd\u0336\u0489"  # combining marks
    "שלוםمرحبا\u0627\u0644\u05d0"  # RTL
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x80\x85\x9f\u2028\u2029"  # control / line separators
    "аеорсхуіјѕԁһАВЕКМНОРСТХУΑΒΕΟΡνοΣσςɡ"  # homoglyphs
    "İIıKkSſß"  # case-mapping oddities
    "🔥👍🏻❤👨\u200d👩\u200d👧🇨🇳"  # emoji, ZWJ sequences, flags
    "ＡＢｃ１２３０㎏①ﬁ½ｰ＃％＄￥"  # compatibility forms
    "𠀀𪚥\U00030000"  # astral Han
    "<>&;#\"'\\"  # markup and JSON-significant
    "FreABC123$%"
)

# Words the rules look for, so generated copy actually produces findings.
TRIGGERS = [
    "包邮", "包 邮", "免運費", "运费全免", "free shipping", "FREE SHIPPING", "FrEe ShIpPiNg", "ships free",
    "全网最低价", "全網最低價", "最低价", "最", "第一", "第一步", "最好", "最近", "顶级", "国家级",
    "返还100", "返一百", "返壹佰", "回馈200元", "返现100元", "Get $100 back", "$50 rebate",
    "买一送一", "买1送1", "下单即送好礼", "赠送收纳袋2个", "赠品送完为止", "free gift", "BOGO",
    "while supplies last", "24小时发货", "当天发货", "ships within 24 hours", "Ships same day",
    "7天无理由退换", "30-day returns", "无理由", "no questions asked",
    "深紫色", "浅紫色", "纯棉", "真皮", "100% Wool", "Stainless Steel", "材质为纯棉", "made of solid oak",
    ", Navy Blue", "128GB", "5.5L", "Pack of 3", "compatible with iPhone 15", "适用于iPhone 15",
    "best seller", "#1", "No.1", "best in the world", "lowest price", "100% guaranteed",
    "HOT SALE!!!", "【现货】", "仅售9.9元", "¥99", "$19.99", "满2000元", "积分", "优惠券", "元",
    "<b>", "</b>", "<p>", "<br>", "&amp;", "&#26368;", "&#x5168;", "&nbsp;", "&copy", "<!--",
    "原价299", "原价¥299 现价99", "Was $59.99", "限时特惠", "今天截止", "仅此一天", "Today only", "ends in 3 days",
    "仅剩3件", "Only 2 left!", "库存告急", "意大利进口", "Made in Italy", "产地：日本", "3C认证", "CE certified",
    "FDA approved", "治疗失眠", "cures acne", "1年质保", "lifetime warranty", "终身保修", "运费另计", "到手价29",
    "正品", "官方旗舰", "Apple", "Nike同款", "好评返现5元", "五星好评", "Sponsored review", "80%", "5折", "50% off",
]

_char = st.one_of(
    st.characters(codec=None, exclude_categories=("Cs",)),  # any code point but surrogates
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x0590, max_codepoint=0x06FF),  # Hebrew, Arabic
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),  # full-width forms
    st.sampled_from(INTERESTING),
)
_piece = st.one_of(_char, _char, st.sampled_from(TRIGGERS))
copy_text = st.lists(_piece, max_size=16).map("".join)
short_text = st.lists(_char, max_size=6).map("".join)

HTML_BITS = [
    "<b>", "</b>", "<i>", "</i>", "<p>", "</p>", "<br>", "<br/>", "<li>", "</li>", "<div class=\"a>b\">",
    "<span style='x'>", "</span>", "<!--", "-->", "<!-- c -->", "<script>", "</script>", "<style>x</style>",
    "<", ">", "</", "<!", "<?", "&", "&amp;", "&lt;", "&#", "&#x", "&#20840;", "&#x5168", "&#26368;",
    "&#99999999999;", "&#0;", "&#xD800;", "&#128;", "&copy", "&copy2024", "&notit;", "&nbsp;", "&zwj;",
    "&shy;", "&NotEqualTilde;", ";", "=", "\"", "'", "<b", "<p class=\"", "&#37038", "&#x90AE", "&#000000020302;",
    "&#20302", "包&#37038;", "最&#20302;价", "全网最&#20302", "包&#37038",
]
html_text = st.lists(st.one_of(_piece, st.sampled_from(HTML_BITS)), max_size=20).map("".join)

_number = st.one_of(
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 0.0, -0.0, 1, 10, 24, 48, 72, 100, 200, 1e308, 5e-324, 0.1]),
)
_scalar = st.one_of(st.none(), st.booleans(), _number, short_text, copy_text)
json_value = st.recursive(
    _scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(short_text, inner, max_size=3),
    max_leaves=5,
)
_maybe_number = st.one_of(_number, _number, json_value, st.sampled_from(["10", "免费", "0", "", "-1"]))
_date = st.one_of(
    st.sampled_from(
        ["2026-11-01T00:00:00+08:00", "2026-11-23T23:59:59+08:00", "2026-11-23", "2026-02-30",
         "9999-12-31T23:59:59+99:00", "0001-01-01", "not a date", "", "2026-13-01T25:61:61Z"]
    ),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    json_value,
)
_reward = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(st.sampled_from(["points", "cash", "coupon", "积分"]), json_value),
        "value": _maybe_number,
    },
)
_promotion = st.fixed_dictionaries(
    {},
    optional={"text": copy_text, "terms": copy_text, "reward": st.one_of(_reward, json_value),
              "starts_at": _date, "ends_at": _date},
)
_gift = st.fixed_dictionaries(
    {}, optional={"name": copy_text, "quantity": _maybe_number, "stock": _maybe_number}
)
_review = st.fixed_dictionaries(
    {}, optional={"text": copy_text, "rating": _maybe_number, "incentivized": st.one_of(st.booleans(), json_value)}
)
_spec_key = st.one_of(
    st.sampled_from(["颜色", "颜色分类", "color", "colour", "材质", "面料", "material", "产地", "origin",
                     "容量", "capacity", "尺码", "size", "重量", "数量", "compatibility", "适用型号", "品牌"]),
    short_text,
)
_specs = st.dictionaries(_spec_key, st.one_of(copy_text, json_value), max_size=3)


def _lists_of(item):
    return st.lists(st.one_of(item, item, item, json_value), max_size=2)


listing_dict = st.fixed_dictionaries(
    {"title": copy_text},
    optional={
        "id": st.one_of(short_text, st.integers(), json_value),
        "lang": st.sampled_from(["zh", "zh-Hant", "en", "fr", ""]),
        "subtitle": copy_text,
        "description": html_text,
        "bullets": _lists_of(copy_text),
        "promotions": _lists_of(_promotion),
        "gifts": _lists_of(_gift),
        "reviews": _lists_of(_review),
        "certifications": _lists_of(copy_text),
        "specs": _specs,
        "price": st.fixed_dictionaries(
            {}, optional={"current": _maybe_number, "reference": _maybe_number, "currency": short_text,
                          "history": st.lists(st.fixed_dictionaries({"date": _date, "price": _maybe_number}), max_size=3)}),
        "shipping": st.fixed_dictionaries(
            {}, optional={"fee": _maybe_number, "handling_hours": _maybe_number, "ships_from": copy_text}),
        "returns": st.fixed_dictionaries({}, optional={"days": _maybe_number, "no_reason": st.one_of(st.booleans(), json_value)}),
        "warranty": st.fixed_dictionaries({}, optional={"months": _maybe_number}),
        "stock": _maybe_number,
        "origin": copy_text,
        "brand": copy_text,
        "color": copy_text,
        "material": copy_text,
    },
)


@st.composite
def listing_file(draw, listings=st.lists(listing_dict, min_size=1, max_size=3)):
    """A listing file: (text, suffix, shape). One object, an array, {"listings": [...]} or JSON
    Lines, with ASCII or UTF-8 escapes, any indentation, LF or CRLF."""
    items = draw(listings)
    if len(items) > 1 and draw(st.booleans()):
        # One long review (or bullet) copied across listings: a catalog-level finding.
        copied = draw(copy_text) + "这款保温杯保温效果非常好，早上装的热水到晚上还是烫的" + draw(copy_text)
        key = draw(st.sampled_from(["reviews", "bullets"]))
        for item in items:
            item[key] = [{"text": copied, "rating": 5}] if key == "reviews" else [copied]
    shape = draw(st.sampled_from(["object", "array", "wrapped", "jsonl"]))
    if shape == "object":
        items = items[:1]
    ensure_ascii = draw(st.booleans())
    indent = draw(st.sampled_from([None, None, 0, 1, 2, "\t"]))
    if shape == "jsonl":
        text = "\n".join(json.dumps(item, ensure_ascii=ensure_ascii) for item in items) + "\n"
        suffix = draw(st.sampled_from([".jsonl", ".ndjson"]))
    else:
        value = items[0] if shape == "object" else items if shape == "array" else {"listings": items}
        text = json.dumps(value, ensure_ascii=ensure_ascii, indent=indent)
        suffix = ".json"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")  # raw newlines only occur between tokens
    return text, suffix, shape


def field_literal(text: str, shape: str, index: int, field_path: tuple) -> tuple[int, int]:
    """Offsets of the opening and closing quote of a listing's string field in the file,
    found independently of the loader from how the file was generated."""
    if shape == "jsonl":
        lines = text.split("\n")
        base = sum(len(x) + 1 for x in lines[:index])
        quote, end = jsonpos.value_span(lines[index], 0, field_path)
        return base + quote, base + end - 1
    prefix = {"object": (), "array": (index,), "wrapped": ("listings", index)}[shape]
    quote, end = jsonpos.value_span(text, 0, prefix + field_path)
    return quote, end - 1


# --------------------------------------------------------------------------- position checks

_FIELD_RE = re.compile(r"^(?P<name>[a-z]+)(?:\[(?P<i>\d+)\])?(?:\.(?P<key>[a-z]+))?$")


def _field_path(label: str) -> tuple:
    m = _FIELD_RE.match(label)
    assert m, label
    path: tuple = (m["name"],)
    if m["i"] is not None:
        path += (int(m["i"]),)
    if m["key"]:
        path += (m["key"],)
    return path


_LABEL_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def _parse_label(label: str) -> tuple | None:
    """'promotions[0].reward.type' -> ('promotions', 0, 'reward', 'type'); None if unsure."""
    path, pos = [], 0
    while pos < len(label):
        m = _LABEL_STEP.match(label, pos)
        if m is None:
            return None
        path.append(int(m[1]) if m[1] is not None else m[2])
        pos = m.end()
    return tuple(path) or None


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def _in_bounds(lines: list[str], line: int, column: int) -> bool:
    return 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1


def check_findings_loose(findings, text: str) -> None:
    """Bounds only, for files of unknown layout (scripts/fuzz.py's atheris run)."""
    lines = text.split("\n")
    for f in findings:
        where = (f.rule, f.field, f.line, f.column, f.end_line, f.end_column)
        assert _in_bounds(lines, f.line, f.column), where
        assert _in_bounds(lines, f.end_line, f.end_column), where
        assert (f.line, f.column) < (f.end_line, f.end_column), where


def check_findings(findings, text: str, shape: str, order: dict) -> None:
    """Every finding points inside the file, start <= end, inside the JSON string of its own
    field; for plain (non-HTML) fields the characters in range decode to `finding.text`."""
    lines = text.split("\n")
    for f in findings:
        where = (f.rule, f.field, f.line, f.column, f.end_line, f.end_column)
        assert _in_bounds(lines, f.line, f.column), where
        assert _in_bounds(lines, f.end_line, f.end_column), where
        assert (f.line, f.column) <= (f.end_line, f.end_column), where
        start, end = _offset(lines, f.line, f.column), _offset(lines, f.end_line, f.end_column)
        assert start < end, ("empty finding", where)
        # The finding lies inside the string literal of its own field.
        quote, close = field_literal(text, shape, order[f.listing], _field_path(f.field))
        assert quote < start and end <= close, ("outside its field's string", where, quote, close)
        raw = text[start:end]
        decoded = json.loads('"' + raw + '"')  # the range never cuts an escape in two
        if f.field != "description":
            assert decoded == f.text, (where, raw, f.text)
        else:
            # The HTML in range shows exactly the copy the finding quotes: no tag or entity
            # is cut in two, and nothing past the match is included. (Whitespace at the ends
            # may differ: a match may start at the line break a block tag stands for.)
            assert strip_html(decoded)[0].strip() == f.text.strip(), (where, decoded, f.text)
        if f.fact_line is not None:
            assert _in_bounds(lines, f.fact_line, f.fact_column), ("fact", where)
            fact_path = _parse_label(f.fact_field or "")
            if fact_path is not None:
                try:
                    begin, _ = field_literal(text, shape, order[f.listing], fact_path)
                except jsonpos.JsonPathError:
                    continue  # a label that is not a plain path (spec aliases, duplicate keys)
                # The fact position is where the fact's JSON value begins.
                assert _offset(lines, f.fact_line, f.fact_column) == begin, ("fact position", where, f.fact_field)


# --------------------------------------------------------------------------- 1. loader

_BOMS = [b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf", b"\x00\x00\xfe\xff"]


@st.composite
def loader_bytes(draw):
    kind = draw(st.sampled_from(["bytes", "value", "listing", "broken", "broken", "jsonl"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=200))
    elif kind == "value":
        data = json.dumps(draw(json_value), ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    elif kind == "listing":
        text, _, _ = draw(listing_file())
        data = text.encode("utf-8")
    elif kind == "jsonl":
        values = draw(st.lists(st.one_of(listing_dict, json_value), max_size=4))
        sep = draw(st.sampled_from(["\n", "\r\n", "\n\n", "\n \n"]))
        data = sep.join(json.dumps(v, ensure_ascii=draw(st.booleans())) for v in values).encode()
    else:  # valid JSON with a cut, an insertion or a duplicated slice
        text, _, _ = draw(listing_file())
        data = text.encode("utf-8")
        i = draw(st.integers(0, len(data)))
        j = draw(st.integers(i, min(len(data), i + 20)))
        how = draw(st.sampled_from(["cut", "insert", "dup", "truncate"]))
        if how == "cut":
            data = data[:i] + data[j:]
        elif how == "insert":
            data = data[:i] + draw(st.sampled_from([b'"', b"\\", b",", b"{", b"]", b"\x00", b"\xff", b"\xe4\xb8",
                                                   b'\\ud800', b"\n", b"1e999", b'"title":1,'])) + data[i:]
        elif how == "dup":
            data = data[:j] + data[i:j] + data[j:]
        else:
            data = data[:i]
    return draw(st.sampled_from(_BOMS)) + data


def _exercise_listing(item: Listing) -> None:
    """Positions are computed lazily; ask for them as a finding would."""
    title = item.data["title"]
    line, col, end_line, end_col = item.string_span(("title",), 0, len(title))
    assert (line, col) <= (end_line, end_col)
    item.value_position(("shipping", "fee"))
    item.value_position(("promotions", 0, "reward", "value"))
    for field in copy_fields(item.data, linter().tokenizer):
        item.string_span(field.path, 0, len(field.raw))


@fuzz(100)
@given(loader_bytes(), st.sampled_from([".json", ".json", ".jsonl", ".ndjson", ".txt"]))
def test_loader_never_raises(data, suffix):
    _count("loader")
    path = _write(data, suffix)
    items = list(load_file(path))
    for item in items:
        assert isinstance(item, (Listing, InputError)), type(item)
        if isinstance(item, InputError):
            assert str(item).startswith(path)
            assert item.message
        else:
            assert isinstance(item.data, dict) and isinstance(item.data["title"], str)
            _exercise_listing(item)


@fuzz(40)
@given(listing_file())
def test_loader_reads_every_valid_listing(file):
    """A file written by json.dumps from listings always loads, listing for listing."""
    _count("loader-valid")
    text, suffix, _ = file
    path = _write(text.encode("utf-8"), suffix)
    items = list(load_file(path))
    assert all(isinstance(i, Listing) for i in items), [str(i) for i in items if isinstance(i, InputError)]
    for item in items:
        _exercise_listing(item)


# --------------------------------------------------------------------------- 2. normaliser


@fuzz(300)
@given(copy_text, st.data())
def test_normalizer_offset_map(s, data):
    _count("normalize")
    n = normalize(s)
    assert n.source == s
    if n.index is None:  # only 1:1 changes: position i maps to position i
        assert len(n.text) == len(s)
    else:
        assert len(n.index) == len(n.text)
        assert all(0 <= i < len(s) for i in n.index), "maps outside the original string"
        assert all(a <= b for a, b in zip(n.index, n.index[1:])), "positions not monotonic"
        # A removed (zero-width / format) character never produces output.
        assert not any(_REMOVE_RE.match(s[i]) for i in n.index)
    start = data.draw(st.integers(0, len(n.text)))
    end = data.draw(st.integers(start, len(n.text)))
    a, b = n.span(start, end)
    assert 0 <= a <= b <= len(s)
    if start < end:
        assert a < b
    again = normalize(n.text)
    assert again.text == n.text, "normalize is not idempotent"


# --------------------------------------------------------------------------- 3. tokenizer


@fuzz(60)
@given(copy_text, st.data())
def test_tokenizer_aligned_never_raises(s, data):
    _count("tokenize")
    for text in (s, normalize(s).text):
        b = linter().tokenizer.boundaries(text)
        n = len(text)
        for _ in range(4):
            start = data.draw(st.integers(0, n))
            end = data.draw(st.integers(start, n))
            result = b.aligned(start, end)
            assert isinstance(result, bool)
            if start == end:
                assert result is False
        if n:
            assert b.aligned(0, n) in (True, False)


# --------------------------------------------------------------------------- 4. HTML stripper


@fuzz(300)
@given(html_text)
def test_html_stripper_map(s):
    _count("html")
    visible, index = strip_html(s)
    if "<" not in s and "&" not in s:
        assert (visible, index) == (s, None)
        return
    assert index is not None and len(index) == len(visible)
    assert all(0 <= i < len(s) for i in index)
    assert all(a <= b for a, b in zip(index, index[1:]))
    for ch, i in zip(visible, index):
        # Plain text maps to itself; anything else comes from an entity '&' or a tag '<'.
        assert s[i] == ch or s[i] in "&<", (ch, i, s)
    # Whatever the engine makes of it must still normalise.
    normalize(visible)


# --------------------------------------------------------------------------- 5. engine and CLI


def _load_text(text: str, suffix: str) -> tuple[str, list]:
    path = _write(text.encode("utf-8"), suffix)
    return path, list(load_file(path))


def _order(items) -> dict | None:
    """Listing id -> position in its file, when ids are unique (so a finding names one)."""
    ids = [i.id for i in items]
    return {lid: k for k, lid in enumerate(ids)} if len(set(ids)) == len(ids) else None


@fuzz(120)
@given(listing_file())
def test_engine_findings_in_bounds(file):
    _count("engine")
    text, suffix, shape = file
    _, items = _load_text(text, suffix)
    lint = linter()
    findings = []
    for item in items:
        assert isinstance(item, Listing), str(item)
        findings.extend(lint.lint(item))
    findings.extend(lint.finish())
    order = _order(items)
    if order is not None:
        check_findings(findings, text, shape, order)


def _check_cli_result(result, allowed=(0, 1, 2)):
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in allowed, (result.exit_code, result.output)


@fuzz(5, slow=True)
@given(st.lists(listing_file(), min_size=1, max_size=3), st.sampled_from(["json", "text", "statistics"]))
def test_cli_on_generated_listings(files, output_format):
    """The whole command line on several generated files at once."""
    _count("cli")
    paths, loaded = [], {}
    for text, suffix, shape in files:
        path, items = _load_text(text, suffix)
        paths.append(path)
        loaded[path] = (text, shape, items)
    args = ["check", "--as-of", AS_OF.isoformat()]
    args += ["--statistics"] if output_format == "statistics" else ["--format", output_format]
    result = CliRunner().invoke(cli_main, args + paths)
    _check_cli_result(result)
    if output_format != "json":
        return
    assert result.stdout, result.stderr
    doc = json.loads(result.stdout)
    assert result.exit_code == (2 if doc["errors"] else 1 if doc["findings"] else 0)
    from honestlint.findings import Finding

    for path, (text, shape, items) in loaded.items():
        mine = [f for f in doc["findings"] if f["file"] == path]
        lines = text.split("\n")
        for f in mine:
            assert _in_bounds(lines, f["line"], f["column"]), f
            assert _in_bounds(lines, f["end_line"], f["end_column"]), f
            assert (f["line"], f["column"]) <= (f["end_line"], f["end_column"]), f
        order = _order(items)
        if order is not None and all(isinstance(i, Listing) for i in items):
            known = {k for k in Finding.__dataclass_fields__}
            check_findings([Finding(**{k: v for k, v in f.items() if k in known}) for f in mine], text, shape, order)


@fuzz(5, slow=True)
@given(st.lists(loader_bytes(), min_size=1, max_size=4))
def test_cli_on_arbitrary_input(blobs):
    """Broken files make exit code 2 with one error line each, never an internal error."""
    _count("cli-bytes")
    paths = [_write(data, ".json") for data in blobs]
    result = CliRunner().invoke(cli_main, ["check", "--format", "json", "--as-of", AS_OF.isoformat()] + paths)
    _check_cli_result(result)
    if result.exit_code != 2:
        json.loads(result.stdout)


# --------------------------------------------------------------------------- regressions
# Bugs the properties above found, each pinned by its smallest input. Those still open are
# marked xfail(strict): the test fails once the bug is fixed, so the mark gets removed.


def test_whole_field_finding_on_invisible_text_is_not_empty():
    text = '{"title": "x", "reviews": [{"incentivized": true, "text": "\\u200b"}]}'
    path = _write(text.encode(), ".json")
    findings = [f for item in load_file(path) for f in linter().lint(item) if f.rule == "review-incentivized-undisclosed"]
    linter().finish()
    assert findings
    for f in findings:
        assert (f.line, f.column) < (f.end_line, f.end_column), (f.line, f.column, f.end_line, f.end_column)


def test_match_ending_in_entity_without_semicolon_ends_after_it():
    listing = {"title": "x", "description": "<p>全网最&#20302；价格;</p>"}
    text = json.dumps(listing, ensure_ascii=False)
    path = _write(text.encode(), ".json")
    findings = [f for item in load_file(path) for f in linter().lint(item) if f.category == "absolute-claim"]
    linter().finish()
    assert findings
    lines = text.split("\n")
    raw = text[_offset(lines, findings[0].line, findings[0].column):_offset(lines, findings[0].end_line, findings[0].end_column)]
    assert raw == "全网最&#20302", raw


def test_a_match_does_not_start_with_whitespace():
    text = json.dumps({"title": "保温杯 3C认证", "bullets": ["好\n3C认证"]}, ensure_ascii=False)
    path = _write(text.encode(), ".json")
    findings = [f for item in load_file(path) for f in linter().lint(item) if f.rule == "certification-named-unbacked"]
    linter().finish()
    assert len(findings) == 2
    for f in findings:
        assert f.text == "3C认证", f.text
