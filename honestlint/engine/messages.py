"""Stage 3d: a finding's message in the copywriter's language.

A rule writes its message, suggestion and summary per language (rules.Rule.text). This module
decides which language a listing is read in, shows the values a message quotes the way a
reader of that language writes them (the words the engine itself puts in a value, "missing",
"lifetime", in that language, and amounts in the listing's own currency), and fills a
template's placeholders, a long quoted text cut to an excerpt.
"""
from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Words the engine writes into a value (kinds._show and the claim rules), in each language.
_ENGINE_WORDS = {
    "zh": {"missing": "未填写", "lifetime": "终身", "true": "是", "false": "否"},
    "zh-Hant": {"missing": "未填寫", "lifetime": "終身", "true": "是", "false": "否"},
}
# The values a message may quote that hold an engine word rather than copy.
_WORDED_KEYS = ("fact", "claim", "expect")


def listing_language(data: dict) -> str:
    """The language a listing's copywriter reads: its `lang`, else the script of its title
    (Traditional when OpenCC's t2s changes it), else English."""
    lang = data.get("lang") if isinstance(data, dict) else None
    if lang in ("en", "zh", "zh-Hant"):
        return lang
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not _HAN.search(title):
        return "en"
    from ..text.normalize import is_traditional

    return "zh-Hant" if is_traditional(title) else "zh"


# Currency -> (form in Chinese, form in English): the amount goes where {} is.
_CURRENCIES = {
    "CNY": ("{}元", "¥{}"), "RMB": ("{}元", "¥{}"),
    "TWD": ("NT${}", "NT${}"), "NTD": ("NT${}", "NT${}"),
    "HKD": ("HK${}", "HK${}"), "USD": ("US${}", "${}"), "INR": ("₹{}", "₹{}"), "EUR": ("€{}", "€{}"),
    "GBP": ("£{}", "£{}"), "JPY": ("{}日元", "JP¥{}"), "SGD": ("S${}", "S${}"), "MYR": ("RM{}", "RM{}"),
}
# Without a currency, the one a reader of the language assumes.
_DEFAULT_CURRENCY = {"zh": "CNY", "zh-Hant": "TWD", "en": None}


def money(amount: str, currency: str | None, lang: str) -> str:
    """An amount as a reader of `lang` expects it in `currency` (None: the language's usual)."""
    code = (currency or _DEFAULT_CURRENCY.get(lang) or "").upper()
    forms = _CURRENCIES.get(code)
    if forms is None:
        return f"{amount} {code}" if code else amount
    return (forms[1] if lang == "en" else forms[0]).format(amount)


_AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")


def localise(values: dict, lang: str, currency: str | None) -> None:
    """Show `values` (a finding's message values) to a reader of `lang`, in place: engine
    words translated, and `fact_money` / `claim_money` for values that are amounts."""
    words = _ENGINE_WORDS.get(lang)
    for key in _WORDED_KEYS:
        value = values.get(key)
        if not isinstance(value, str):
            continue
        if key != "expect":
            values[key + "_money"] = money(value, currency, lang) if _AMOUNT.fullmatch(value) else value
        if words and value in words:
            values[key] = words[value]
            values[key + "_money"] = words[value]


# A value quoted in a message is cut to an excerpt past this many characters.
QUOTE_MAX = 120
# A catalog-level message names at most this many other listings ("and 4,980 more"): a review
# copied across 5,000 listings must not make 5,000 messages of 5,000 ids each.
OTHERS_NAMED = 20
# Values that are lists the engine writes, not quoted copy: bounded where they are made.
_NOT_QUOTED = frozenset({"others"})


def excerpt(text: str, limit: int = QUOTE_MAX) -> str:
    """`text`, or for a long one its start and end around an ellipsis and its length."""
    if len(text) <= limit:
        return text
    keep = limit // 2 - 10
    return f"{text[:keep]}…{text[-keep:]} ({len(text):,} characters)"


class _Values(dict):
    def __missing__(self, key):
        return "{" + key + "}"

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if isinstance(value, str) and len(value) > QUOTE_MAX and key not in _NOT_QUOTED:
            return excerpt(value)
        return value


def render(template: str, values: dict) -> str:
    """A message template with its {placeholders} filled; an unknown one stays as written.
    (str.format_map reads the same syntax as string.Formatter at C speed: a template with
    positional fields fails either way and is returned as it is.)"""
    try:
        return template.format_map(_Values(values))
    except (ValueError, IndexError, KeyError):
        return template
