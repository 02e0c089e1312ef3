"""Stage 3e and 5: fixes. What a finding's fix writes, and applying fixes to files as written.

A fix is safe when it writes the listing's own fact in place of the claim that contradicts it
(深紫色 -> 浅紫色, 三年质保 -> 一年质保, "Pack of 3" -> "Pack of 2"): the fact is what the seller
declared, and the words around it stay. A rule says which capture group holds the claimed value
and how to write the fact there (`fix: {replace: value, with: duration}`). Removing a banned or
unbacked claim (全网最低, 好评返现) is unsafe, as in ruff: the sentence around it may need
mending, so it is applied only when asked for (--unsafe-fixes).

This module makes a finding's fix; run/fixfiles.py applies fixes to files.
"""
from __future__ import annotations

import math
import re

from ..core.finding import Edit, Fix


_FIX_TEXT = {
    "replace": {"en": "Replace '{old}' with '{new}'", "zh": "将「{old}」改为「{new}」", "zh-Hant": "將「{old}」改為「{new}」"},
    "remove": {"en": "Remove '{old}'", "zh": "删除「{old}」", "zh-Hant": "刪除「{old}」"},
}

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟兩貳參陸]")
_TRADITIONAL_HINT = re.compile(r"[個兩萬與體國這時後發貨運費]")
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int, measure: bool = True) -> str | None:
    """1..9999 in Chinese numerals (两 for a lone 2 before a measure word: 两年, 两个月)."""
    if not 0 < n < 10000:
        return None
    if n == 2 and measure:
        return "两"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += ("" if unit == "十" and digit == 1 and not out else _DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _in_style(value: float, written: str, decimals_of: str | None = None) -> str | None:
    """`value` written as the claim writes its number: Chinese numerals or Arabic, with as many
    decimals as the claim (4.9 stars -> 4.2 stars)."""
    if _CN_NUMERAL.search(written) and not re.search(r"\d", written):
        if not float(value).is_integer():
            return None
        text = chinese_numeral(int(value))
        if text and _TRADITIONAL_HINT.search(written):
            text = text.replace("两", "兩")
        return text
    decimals = re.search(r"\.(\d+)", decimals_of or written)
    if decimals:
        return f"{value:.{len(decimals.group(1))}f}"
    return _plain(round(value, 2))


# Words that name a unit in a duration claim, with its length in hours.
_UNIT_HOURS = [
    (re.compile(r"个月|個月|月"), 730.0, "month"), (re.compile(r"年"), 8760.0, "year"),
    (re.compile(r"天|日"), 24.0, "day"), (re.compile(r"小时|小時"), 1.0, "hour"),
    (re.compile(r"\bmonths?\b|\bmos?\b", re.I), 730.0, "month"), (re.compile(r"\byears?\b|\byrs?\b", re.I), 8760.0, "year"),
    (re.compile(r"\bdays?\b", re.I), 24.0, "day"), (re.compile(r"\bhours?\b|\bhrs?\b", re.I), 1.0, "hour"),
]
_RULE_UNIT_HOURS = {"hours": 1.0, "days": 24.0, "months": 730.0}


def render_duration(fact, rule_unit: str, written: str, unit_word: str | None = None) -> str | None:
    """The fact (a number in the rule's unit) written as the claim writes its duration:
    三年 with 12 months -> 一年, 18个月, "2-year" -> "1-year", "30 days" -> "7 days". When the
    unit is captured apart from the number (`unit_word`: 48 + 小时), only the number is written."""
    if isinstance(fact, bool) or not isinstance(fact, (int, float)) or fact <= 0 or math.isinf(fact):
        return None
    hours = float(fact) * _RULE_UNIT_HOURS.get(rule_unit, 730.0)
    han = bool(_HAN.search(written))
    claimed = next(((pattern, size, name) for pattern, size, name in _UNIT_HOURS if pattern.search(written)), None)
    if claimed is None and unit_word:
        apart = next((size for pattern, size, _ in _UNIT_HOURS if pattern.search(unit_word)), None)
        if apart is None or abs(hours / apart - round(hours / apart)) > 1e-6:
            return None
        return _in_style(round(hours / apart), written)
    if claimed is None:
        return None
    _, size, name = claimed
    amount = hours / size
    if abs(amount - round(amount)) > 1e-6:
        # Not a whole number of the claim's unit: a year claim with 18 months is written in months.
        if name == "year" and abs(hours / 730.0 - round(hours / 730.0)) < 1e-6:
            name, amount = "month", hours / 730.0
        else:
            return None
    amount = int(round(amount))
    if han:
        traditional = bool(_TRADITIONAL_HINT.search(written))
        word = {"year": "年", "month": "個月" if traditional else "个月", "day": "天", "hour": "小時" if traditional else "小时"}[name]
        if name == "day" and "日" in written and "天" not in written:
            word = "日"
        number = _in_style(amount, written)
        if number is None:
            return None
        if name == "month" and "个" not in word and "個" not in word:
            word = "个月"
        return f"{number}{word}"
    hyphen = re.search(r"\d\s*-\s*[a-z]", written, re.I) or re.search(r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten)-", written, re.I)
    if hyphen:
        return f"{amount}-{name}"
    return f"{amount} {name}{'' if amount == 1 else 's'}"


def replacement(mode: str, fact, written: str, rule_unit: str | None = None, unit_word: str | None = None) -> str | None:
    """What a safe fix writes in place of the claimed value `written`, or None when the fact
    cannot be written there as the claim is written."""
    if fact is None or isinstance(fact, (list, dict)):
        return None
    if mode == "fact":
        text = str(fact).strip()
        if not text or "\n" in text:
            return None
        # 台灣製造 takes 中國, not China; "Made in USA" takes a Latin name.
        if bool(_HAN.search(written)) != bool(_HAN.search(text)):
            return None
        return text
    if mode == "number":
        if isinstance(fact, str):
            fact = _stated_number(fact, unit_word)
            if fact is None:
                return None
        amount = getattr(fact, "amount", fact)
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or math.isinf(amount):
            return None
        return _in_style(float(amount), written)
    if mode == "duration":
        return render_duration(fact, rule_unit or "months", written, unit_word)
    raise ValueError(mode)


_NUMBER_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")
_COUNT_UNITS = {"pack", "packs", "count", "ct", "pcs", "pc", "pieces", "piece", "pk", "set", "sets", "box", "case",
                "bundle", "个", "件", "双", "支", "包", "片", "卷", "瓶", "粒", "入", "抽", "只", "袋", "盒", "罐", "条",
                "根", "颗", "枚", "对", "装", "個", "隻", "條", "顆", "對", "雙"}
_UNIT_IN_TEXT = re.compile(r"[a-z]+|[\u3400-\u9fff]", re.I)


def _stated_number(fact: str, unit_word: str | None) -> float | None:
    """The one number a spec states, when it states it in the claim's unit (a count for a
    count: "Pack of 3" takes 2 from "2 Count"; 500ml takes nothing from "1 L")."""
    numbers = _NUMBER_IN_TEXT.findall(fact)
    if len(numbers) != 1:
        return None
    units = {u.lower() for u in _UNIT_IN_TEXT.findall(fact)}
    claimed = (unit_word or "").strip().lower()
    if units and claimed not in units and not (claimed in _COUNT_UNITS and units <= _COUNT_UNITS | {"of", "number", "items"}):
        return None
    return float(numbers[0])


_SEPARATOR_AFTER = re.compile(r"[ \t]*[，,、;；|/]?[ \t]*")
_SPACE_BEFORE = re.compile(r"[ \t]+$")
# Where a clause ends: Chinese and Latin punctuation (a full stop or semicolon only before a
# space or the end, so 3.5 and &#26368; are no ends), a line break, or markup.
_CLAUSE_END = re.compile(r"[，,。！!？?；、\n<>]|[.;](?=\s|$|<)")
_CLAUSE_COMMA = "，,、；;"
# What a clause may keep and still say nothing once its claim is gone ("the #1 best seller").
_FUNCTION_WORDS = frozenset("the a an our its this these is are was and or of with for to at in on by your "
                            "it's it we all".split())
_WORD = re.compile(r"\w+")


def _empty_clause(value: str, start: int, end: int) -> tuple[int, int] | None:
    """The span to remove when the claim is all its clause says: "Pure linen, the #1 best
    seller." loses ", the #1 best seller", 买1返还100！ its whole clause; None if the clause keeps
    words of its own."""
    before = [m.end() for m in _CLAUSE_END.finditer(value, 0, start)]
    clause_start = before[-1] if before else 0
    after = _CLAUSE_END.search(value, end)
    clause_end = after.start() if after else len(value)
    rest = _WORD.findall(value[clause_start:start] + " " + value[end:clause_end])
    # Letters, not digits, make a word of the clause's own: 买1 and 5元 are the claim's leftovers,
    # T恤 (two letters) is the product the title names.
    letters = sum(not ch.isdigit() for word in rest for ch in word)
    if letters >= 2 and not all(w.lower() in _FUNCTION_WORDS for w in rest):
        return None
    if clause_end < len(value) and value[clause_end] in _CLAUSE_COMMA:
        # Mid-sentence: the clause and its comma go, the next clause moves up.
        stop = clause_end + 1
        while stop < len(value) and value[stop] in " \t":
            stop += 1
        return clause_start, stop
    if clause_start > 0 and value[clause_start - 1] in _CLAUSE_COMMA:
        # Last clause of a sentence: the comma before it goes, the sentence's end stays.
        return clause_start - 1, clause_end
    # A sentence of its own: it goes with its end mark and the space after it.
    stop = clause_end + 1 if clause_end < len(value) and value[clause_end] not in "<>\n" else clause_end
    while stop < len(value) and value[stop] in " \t":
        stop += 1
    return clause_start, stop


def removal_span(value: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that what is left reads: a clause that said nothing but the
    claim goes whole (see _empty_clause); otherwise the separator a removed claim leaves
    behind goes with it: 全网最低，包邮 loses 全网最低， and "Best price! Free shipping" its
    "Best price " without a double space."""
    clause = _empty_clause(value, start, end)
    if clause is not None:
        return clause
    after = _SEPARATOR_AFTER.match(value, end)
    before = _SPACE_BEFORE.search(value, 0, start)
    if after and after.end() > end and (start == 0 or before or value[start - 1] in "，,、;；|/ \t\n>"):
        return start, after.end()
    if before and (end == len(value) or value[end] in "\n<"):
        return before.start(), end
    return start, end


def fix_message(kind: str, old: str, new: str, lang: str) -> str:
    texts = _FIX_TEXT[kind]
    return texts.get(lang, texts["en"]).format(old=old, new=new)


def make_fix(applicability: str, message: str, edits: list[Edit | None]) -> Fix | None:
    if not edits or any(e is None for e in edits):
        return None
    return Fix(applicability, message, edits)  # type: ignore[arg-type]
