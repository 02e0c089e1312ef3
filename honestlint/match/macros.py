"""Pattern macros: {number}, {money}, {han} and the lexicon's {material}, {colour}, {country},
and Traditional characters in a pattern turned Simplified, so rules and operators share one
vocabulary and one number syntax."""
from __future__ import annotations

import re as _re

from ..text.lexicon import lexicon
from ..text.normalize import HAN
from ..text.numerals import NUMBER

# Macros a rule pattern may use; they keep number syntax in one place.
MACROS = {
    "number": NUMBER,
    "han": HAN,
    # A price: optional currency sign, a number, optional currency word.
    "money": r"(?:[¥$€£]|rmb|usd|nt\$|hk\$|us\$)?\s*" + NUMBER,
}
# Macros built from the shared lexicon (data/lexicon.yaml): every word that names a material,
# colour or country, longest first, so rules and operators agree on the vocabulary.
LEXICON_MACROS = ("material", "colour", "country")
_MACRO = _re.compile(r"\{(" + "|".join(list(MACROS) + list(LEXICON_MACROS)) + r")\}")


def _lexicon_macro(name: str) -> str:
    lex = lexicon()
    words = {
        "material": list(lex.material_family) + list(lex.pure_material),
        "colour": list(lex.colour_family),
        "country": list(lex.country),
    }[name]
    latin = [w for w in words if _re.search("[a-z0-9]", w)]
    # A lone Han character (棉, 木, 金) is too ambiguous to be a claim by itself; the lexicon
    # keeps it for reading specs, where 65%涤纶 35%棉 must be understood.
    han = [w for w in words if w not in latin and len(w) > 1]
    parts = []
    if latin:
        # Latin words need word boundaries ("us" is not inside "bus"); Han words do not.
        parts.append(r"(?<![a-z0-9])" + trie_regex(latin) + r"(?![a-z0-9])")
    if han:
        parts.append(trie_regex(han))
    return "(?:" + "|".join(parts) + ")"


def lexicon_words() -> list[str]:
    """Every word the lexicon macros can match."""
    lex = lexicon()
    return list(lex.material_family) + list(lex.pure_material) + list(lex.colour_family) + list(lex.country)


def trie_regex(words) -> str:
    """A prefix-factored alternation (a trie as a regex): much faster to compile and to match
    than a flat alternation of hundreds of words, and longest-first at every branch."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        ends = "" in node
        branches = [_re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + build(trie) + ")"


def _expand(match) -> str:
    name = match.group(1)
    return MACROS[name] if name in MACROS else _lexicon_macro(name)


_converter = None


def _to_simplified(text: str) -> str:
    """Patterns are matched against Simplified text; convert Han in a pattern without touching
    regex syntax (OpenCC changes Han characters only, and keeps \\D or \\S as they are)."""
    global _converter
    if not _re.search(r"[\u3400-\u9fff]", text):
        return text
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


def expand_macros(source: str) -> str:
    """A rule pattern with its macros expanded and its Han characters Simplified."""
    return _MACRO.sub(_expand, _to_simplified(source))
