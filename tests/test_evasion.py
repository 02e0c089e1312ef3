"""Evasions: copy disguised to slip past the rules must still be caught, at the original characters.

Each case names a rule, a listing that carries the facts the rule needs, the copy field and the
exact evasive text as the seller wrote it. The listing is written to a file twice (UTF-8 as is,
and with every non-ASCII character as a JSON escape) and linted with the built-in rules; the
case passes when the rule reports a finding whose line/column range covers exactly the evasive
text in the file as written. `test_evasion_share` prints the share caught (goal: >= 95%).

The second half checks that the same normalisation does not create false alarms.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

import pytest

from honestlint.input import jsonpos
from honestlint.engine import Linter
from honestlint.core.listing import Listing
from honestlint.input import load_file
from honestlint.ruleset import load_rules

AS_OF = datetime.date(2026, 11, 23)


@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    evasive: str  # the evasive text exactly as written in the field (HTML included)
    listing: dict = field(hash=False)
    where: tuple = ("title",)  # JSON path of the copy field that holds it


def title(id, rule, text, evasive=None, **facts):
    """A case whose evasion is in the title; `text` is the whole title."""
    return Case(id, rule, evasive or text, {"title": text, **facts})


def desc(id, rule, html, evasive=None, **facts):
    """A case whose evasion is in the HTML description."""
    return Case(id, rule, evasive or html, {"title": "商品", "description": html, **facts}, ("description",))


def promo(id, rule, text, evasive, value, reward="points"):
    """A rebate case: the evasion is in the promotion text; the reward is not cash."""
    listing = {"title": "每日坚果 礼盒", "promotions": [{"text": text, "reward": {"type": reward, "value": value}}]}
    return Case(id, rule, evasive, listing, ("promotions", 0, "text"))


FEE = {"shipping": {"fee": 8.0}}
STOCK = {"stock": 500}
HOURS = {"shipping": {"handling_hours": 72}}
NO_GIFTS = {"gifts": []}

ABS, ABS_EN = "absolute-claim-zh", "absolute-claim-en"
FREE, DISPATCH = "shipping-free-fee", "shipping-dispatch-time"
REBATE, STOCK_COUNT, GIFT = "rebate-not-cash", "urgency-stock-count", "gift-claim-no-gift"

EVASIONS = [
    # ---- full-width digits and letters
    title("fullwidth-free-shipping", FREE, "ＦＲＥＥ ＳＨＩＰＰＩＮＧ Water Bottle", "ＦＲＥＥ ＳＨＩＰＰＩＮＧ", **FEE),
    title("fullwidth-lower-free-shipping", FREE, "ｆｒｅｅ ｓｈｉｐｐｉｎｇ mug", "ｆｒｅｅ ｓｈｉｐｐｉｎｇ", **FEE),
    title("fullwidth-stock-count", STOCK_COUNT, "仅剩３件 手慢无", "仅剩３件", **STOCK),
    title("fullwidth-dispatch-hours", DISPATCH, "手机壳 ２４小时发货", "２４小时发货", **HOURS),
    title("fullwidth-no1", ABS_EN, "Ｎｏ．１ Coffee Grinder", "Ｎｏ．１"),
    title("fullwidth-best-seller", ABS_EN, "ＢＥＳＴ ＳＥＬＬＥＲ Yoga Mat", "ＢＥＳＴ ＳＥＬＬＥＲ"),
    promo("fullwidth-rebate", REBATE, "买１返还１００", "返还１００", 100),
    # ---- zero-width space / joiner / non-joiner, word joiner, BOM, soft hyphen inside a phrase
    title("zwsp-han", ABS, "全\u200b网最低 蓝牙音箱", "全\u200b网最低"),
    title("zwj-han", FREE, "包\u200d邮 保温杯", "包\u200d邮", **FEE),
    title("zwnj-han", ABS, "销\u200c量第一 洗脸巾", "销\u200c量第一"),
    title("word-joiner-han", ABS, "国\u2060家级工艺 荞麦枕", "国\u2060家级"),
    title("soft-hyphen-latin", FREE, "fr\u00adee shipping mug", "fr\u00adee shipping", **FEE),
    title("soft-hyphen-han", ABS, "史\u00ad上最低价 电饭煲", "史\u00ad上最低价"),
    title("bom-inside-word", FREE, "fr\ufeffee shipping mug", "fr\ufeffee shipping", **FEE),
    title("zwsp-stock", STOCK_COUNT, "仅\u200b剩3件", "仅\u200b剩3件", **STOCK),
    promo("soft-hyphen-rebate", REBATE, "下单返\u00ad还100", "返\u00ad还100", 100),
    # ---- spaces and punctuation between CJK characters
    title("spaces-han", ABS, "最 低 价 蓝牙音箱", "最 低 价"),
    title("dots-han", ABS, "最.低.价 蓝牙音箱", "最.低.价"),
    title("hyphens-han", ABS, "全-网-最-低 蓝牙音箱", "全-网-最-低"),
    title("spaced-rank", ABS, "销 量 第 一 的洗脸巾", "销 量 第 一"),
    title("ideographic-space", FREE, "包\u3000邮 保温杯", "包\u3000邮", **FEE),
    title("middle-dots", ABS, "全·网·最·低 充电宝", "全·网·最·低"),
    title("slashes", ABS, "最/低/价 充电宝", "最/低/价"),
    title("asterisk", FREE, "包*邮 保温杯", "包*邮", **FEE),
    title("bars", ABS, "最|低|价 充电宝", "最|低|价"),
    title("spaced-longest-phrase", ABS, "全 网 最 低 价 充电宝", "全 网 最 低 价"),
    title("spaced-stock", STOCK_COUNT, "仅 剩 3 件", "仅 剩 3 件", **STOCK),
    # ---- Traditional and mixed Traditional / Simplified
    title("traditional", ABS, "全網最低價 藍牙音箱", "全網最低價"),
    title("mixed-trad-simp", ABS, "全网最低價 蓝牙音箱", "全网最低價"),
    title("traditional-top", ABS, "頂級日本和牛 300g", "頂級"),
    title("traditional-rank", ABS, "銷量第一 洗臉巾", "銷量第一"),
    title("traditional-free-shipping", FREE, "行車記錄器 全台免運費", "免運費", **FEE),
    title("traditional-free-post", FREE, "包郵 保溫杯", "包郵", **FEE),
    title("traditional-stock", STOCK_COUNT, "僅剩2件 保溫杯", "僅剩2件", **STOCK),
    title("traditional-gift", GIFT, "買一送一 保溫杯 500ml", "買一送一", **NO_GIFTS),
    title("traditional-dispatch", DISPATCH, "帆布鞋 24小時出貨", "24小時出貨", **HOURS),
    promo("traditional-rebate", REBATE, "下單回饋200元", "回饋200元", 200),
    # ---- Chinese and financial numerals
    promo("chinese-numeral-rebate", REBATE, "买一返一百", "返一百", 100),
    promo("financial-numeral-rebate", REBATE, "买壹返壹佰", "返壹佰", 100),
    promo("liang-rebate", REBATE, "下单返两百", "返两百", 200),
    promo("financial-yuan-rebate", REBATE, "下单返还贰佰元", "返还贰佰元", 200),
    promo("spaced-financial-rebate", REBATE, "下单返 還 壹 佰", "返 還 壹 佰", 100),
    title("chinese-numeral-stock", STOCK_COUNT, "仅剩三件 保温杯", "仅剩三件", **STOCK),
    title("chinese-numeral-dispatch", DISPATCH, "二十四小时发货 手机壳", "二十四小时发货", **HOURS),
    title("financial-numeral-gift", GIFT, "买壹送壹 保温杯", "买壹送壹", **NO_GIFTS),
    # ---- Latin homoglyphs (Cyrillic / Greek look-alikes)
    title("cyrillic-e", FREE, "Frее shipping mug", "Frее shipping", **FEE),  # е е Cyrillic
    title("cyrillic-s-i-p", FREE, "Free ѕhірріng mug", "Free ѕhірріng", **FEE),
    title("cyrillic-capital-h", FREE, "FREE SНIPPING MUG", "FREE SНIPPING", **FEE),
    title("cyrillic-best-seller", ABS_EN, "Веst Seller yoga mat", "Веst Seller"),
    title("greek-no1", ABS_EN, "Νο.1 coffee grinder", "Νο.1"),  # Greek Ν ο
    title("cyrillic-lowest-price", ABS_EN, "lоwest price blender", "lоwest price"),
    title("all-cyrillic-word", ABS_EN, "ВЕЅТ seller yoga mat", "ВЕЅТ seller"),
    title("cyrillic-shha", FREE, "free sһipping mug", "free sһipping", **FEE),
    # ---- mixed case
    title("mixed-case-free-shipping", FREE, "FrEe ShIpPiNg mug", "FrEe ShIpPiNg", **FEE),
    title("inverse-case-free-shipping", FREE, "fReE sHiPpInG mug", "fReE sHiPpInG", **FEE),
    title("mixed-case-best-seller", ABS_EN, "BeSt SeLlEr yoga mat", "BeSt SeLlEr"),
    title("mixed-case-lowest-price", ABS_EN, "LoWeSt PrIcE blender", "LoWeSt PrIcE"),
    # ---- HTML tags splitting a phrase, and entities
    desc("tag-split", ABS, "<p>全<b>网</b>最低 充电宝</p>", "全<b>网</b>最低"),
    desc("tags-and-comment", ABS, '<p>全<span style="color:red">网</span>最<!-- x -->低价</p>',
         '全<span style="color:red">网</span>最<!-- x -->低价'),
    desc("decimal-entity", ABS, "<p>&#20840;网最低价</p>", "&#20840;网最低价"),
    desc("hex-entity", ABS, "<p>&#x5168;网最低价</p>", "&#x5168;网最低价"),
    desc("entities-only", ABS, "&#x5168;&#x7F51;&#26368;&#20302;", "&#x5168;&#x7F51;&#26368;&#20302;"),
    desc("entity-free-post", FREE, "<p>包&#37038;，48小时内发货</p>", "包&#37038;", **FEE),
    desc("nbsp-entity", FREE, "<p>Free&nbsp;Shipping</p>", "Free&nbsp;Shipping", **FEE),
    desc("tag-in-word", FREE, "<p>Fr<i>ee</i> Shipping</p>", "Fr<i>ee</i> Shipping", **FEE),
    desc("nbsp-between-han", ABS, "<p>最&nbsp;低&nbsp;价</p>", "最&nbsp;低&nbsp;价"),
    desc("zwj-entity", ABS, "<p>全&zwj;网最低</p>", "全&zwj;网最低"),
    desc("hex-entity-stock", STOCK_COUNT, "<p>&#x4EC5;剩3件</p>", "&#x4EC5;剩3件", **STOCK),
    # ---- several tricks at once
    title("fullwidth-cyrillic-zwsp", FREE, "ＦＲЕＥ\u200b ＳＨＩＰＰＩＮＧ", "ＦＲЕＥ\u200b ＳＨＩＰＰＩＮＧ", **FEE),
    title("soft-hyphen-trad-spaced", ABS, "全\u00ad網 最-低 價！", "全\u00ad網 最-低 價"),
    title("trad-spaced-fullwidth-stock", STOCK_COUNT, "僅 剩 ３ 件", "僅 剩 ３ 件", **STOCK),
    # ---- other separators and marks (normaliser hardening)
    title("combining-marks-on-han", ABS, "全\u0336网\u0336最\u0336低 充电宝", "全\u0336网\u0336最\u0336低"),
    title("en-dash-han", ABS, "最–低–价 充电宝", "最–低–价"),
    title("stars-han", ABS, "最★低★价 充电宝", "最★低★价"),
    title("emoji-han", ABS, "全🔥网最低 充电宝", "全🔥网最低"),
    title("quotes-han", ABS, '最"低"价 充电宝', '最"低"价'),
    title("braille-blank-han", ABS, "全\u2800网最低 充电宝", "全\u2800网最低"),
    title("hangul-filler-han", FREE, "包\u3164邮 保温杯", "包\u3164邮", **FEE),
    title("braille-blank-latin", FREE, "free\u2800shipping mug", "free\u2800shipping", **FEE),
    title("khmer-inherent-vowel", ABS, "销\u17b5量第一 洗脸巾", "销\u17b5量第一"),
    # ---- entities at the end of the match (an engine bug, fixed: raw_span stopped at the next ';')
    desc("entity-without-semicolon-at-end", FREE, "<p>包&#37038。运费另计</p>", "包&#37038", **FEE),
    desc("zero-padded-entity-at-end", ABS, "<p>全网最&#000000020302;</p>", "全网最&#000000020302;"),
]

# Evasions caught, but not at exactly the original characters, because of a bug outside the
# modules this suite may change: case id -> reason. They are marked xfail(strict), so a case
# starts failing once its bug is fixed. None at the moment.
KNOWN_MISSES: dict[str, str] = {}

# Copy the same normalisation must not turn into a claim: (id, rule, listing).
NOT_CLAIMS = [
    ("recently", ABS, {"title": "最近很多顾客询问清洗方法"}),
    ("first-step", ABS, {"title": "第一步，拔掉电源；第二步，取出炸篮"}),
    ("best-kept-cool", ABS, {"title": "开袋后最好在阴凉处保存"}),
    ("spaced-recently", ABS, {"title": "最 近 很 多 顾 客 询 问"}),
    ("spaced-first-step", ABS, {"title": "第 一 步 拔掉电源"}),
    ("zwsp-recently", ABS, {"title": "最\u200b近上新"}),
    ("traditional-best-kept", ABS, {"title": "解凍後最好在24小時內食用完畢"}),
    ("block-tags-apart", ABS, {"title": "商品", "description": "<p>最</p><p>低价促销</p>"}),
    ("line-break-apart", ABS, {"title": "商品", "description": "产品最\n低价格区间见详情"}),
    ("zero-as-circle", ABS, {"title": "二○二四年新款 保温杯"}),
    ("best-before", ABS_EN, {"title": "Best before 2026-12"}),
    ("first-wash", ABS_EN, {"title": "Wash before first use; the colour softens after the first wash"}),
    ("fullwidth-best-before", ABS_EN, {"title": "Ｂｅｓｔ ｂｅｆｏｒｅ 2026-12"}),
    ("russian-words", ABS_EN, {"title": "Хорошее качество, ТОП продаж"}),
    ("spaced-free-post-fee-0", FREE, {"title": "包 邮 保温杯", "shipping": {"fee": 0}}),
    ("free-post-fee-0", FREE, {"title": "包邮 保温杯", "shipping": {"fee": 0}}),
    ("trad-free-fee-0", FREE, {"title": "全台免運費", "shipping": {"fee": 0}}),
    ("fullwidth-free-fee-0", FREE, {"title": "ＦＲＥＥ ＳＨＩＰＰＩＮＧ", "shipping": {"fee": 0}}),
    ("threshold-free-post", FREE, {"title": "保温杯 满99元 包 邮", "shipping": {"fee": 8}}),
    ("spaced-not-free-post", FREE, {"title": "保温杯 不 包 邮", "shipping": {"fee": 8}}),
    ("free-over-threshold", FREE, {"title": "Mug", "bullets": ["Free shipping on orders over $50"],
                                  "shipping": {"fee": 5}}),
    ("rebate-in-points", REBATE, {"title": "坚果", "promotions": [{"text": "返还100积分", "reward": {"type": "points", "value": 100}}]}),
    ("spaced-rebate-in-points", REBATE, {"title": "坚果", "promotions": [{"text": "返 还 100 积 分", "reward": {"type": "points", "value": 100}}]}),
    ("financial-rebate-in-points", REBATE, {"title": "坚果", "promotions": [{"text": "返还壹佰积分", "reward": {"type": "points", "value": 100}}]}),
    ("rebate-in-cash", REBATE, {"title": "坚果", "promotions": [{"text": "返还壹佰元", "reward": {"type": "cash", "value": 100}}]}),
    ("true-stock-count", STOCK_COUNT, {"title": "仅剩３件", "stock": 3}),
    ("purchase-limit", STOCK_COUNT, {"title": "每人限购２件", "stock": 500}),
    ("dispatch-within-handling", DISPATCH, {"title": "７２小时内发货", "shipping": {"handling_hours": 72}}),
    ("gift-shipped", GIFT, {"title": "買壹送壹 保溫杯", "gifts": [{"name": "同款保温杯", "quantity": 1}]}),
]


# --------------------------------------------------------------------------- harness


@pytest.fixture(scope="module")
def linter():
    return Linter(load_rules(), as_of=AS_OF)


def _label(where: tuple) -> str:
    out = str(where[0])
    for step in where[1:]:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(x) + 1 for x in lines[: line - 1]) + column - 1


def lint_as_file(linter, tmp_path, listing: dict, ensure_ascii: bool):
    """Write the listing as a file and lint it: (file text, findings)."""
    text = json.dumps(listing, ensure_ascii=ensure_ascii, indent=2)
    path = tmp_path / ("ascii.json" if ensure_ascii else "utf8.json")
    path.write_text(text, encoding="utf-8")
    findings = []
    for item in load_file(str(path)):
        assert isinstance(item, Listing), str(item)
        findings.extend(linter.lint(item))
    findings.extend(linter.finish())
    return text, findings


def expected_range(text: str, case: Case, ensure_ascii: bool) -> tuple[int, int]:
    """Offsets in the file of the evasive text, as written (JSON escapes included)."""
    value = case.listing
    for step in case.where:
        value = value[step]
    k = value.index(case.evasive)

    def enc(s: str) -> str:
        return json.dumps(s, ensure_ascii=ensure_ascii)[1:-1]

    quote, _ = jsonpos.value_span(text, 0, case.where)
    start = quote + 1 + len(enc(value[:k]))
    return start, start + len(enc(case.evasive))


def caught(linter, tmp_path, case: Case) -> tuple[bool, str]:
    """Whether the case's rule, or the rule of its category that the engine keeps for the claim
    (one finding per claim: 全网最低 is read by absolute-claim-zh-most and reported once), reports
    exactly the evasive text, in both file encodings."""
    category = {r.id: r.category for r in linter.rules}
    for ensure_ascii in (False, True):
        text, findings = lint_as_file(linter, tmp_path, case.listing, ensure_ascii)
        lines = text.split("\n")
        want = expected_range(text, case, ensure_ascii)
        got = [
            (_offset(lines, f.line, f.column), _offset(lines, f.end_line, f.end_column))
            for f in findings
            if category[f.rule] == category[case.rule] and f.field == _label(case.where)
        ]
        if want not in got:
            shown = [text[a:b] for a, b in got]
            encoding = "ASCII-escaped" if ensure_ascii else "UTF-8"
            return False, (f"{case.rule} (or its category) did not report {text[want[0]:want[1]]!r} in the {encoding} file; "
                           f"it reported {shown!r}; all findings: {[(f.rule, f.field, f.text) for f in findings]}")
    return True, ""


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[c.id])) if c.id in KNOWN_MISSES else c
        for c in EVASIONS
    ],
    ids=[c.id for c in EVASIONS],
)
def test_evasion_is_caught_at_the_original_characters(linter, tmp_path, case):
    ok, why = caught(linter, tmp_path, case)
    assert ok, why


def test_evasion_share(linter, tmp_path, capsys):
    missed = []
    for case in EVASIONS:
        ok, _ = caught(linter, tmp_path, case)
        if not ok:
            missed.append(case.id)
    n, m = len(EVASIONS) - len(missed), len(EVASIONS)
    with capsys.disabled():
        print(f"\nevasions caught: {n} of {m} ({n / m:.1%})" + (f"; missed: {', '.join(missed)}" if missed else ""))
    assert n / m >= 0.95, missed


def test_corpus_is_well_formed():
    ids = [c.id for c in EVASIONS] + [c[0] for c in NOT_CLAIMS]
    assert len(ids) == len(set(ids))
    for case in EVASIONS:
        value = case.listing
        for step in case.where:
            value = value[step]
        assert value.count(case.evasive) == 1, case.id


@pytest.mark.parametrize("rule, listing", [c[1:] for c in NOT_CLAIMS], ids=[c[0] for c in NOT_CLAIMS])
def test_normalisation_creates_no_false_alarm(linter, tmp_path, rule, listing):
    for ensure_ascii in (False, True):
        _, findings = lint_as_file(linter, tmp_path, listing, ensure_ascii)
        fired = [(f.field, f.text) for f in findings if f.rule == rule]
        assert not fired, f"{rule} fired on {fired}"
