"""Colours and materials said of the item or of a part of it (stage 3, facts).

The copy states a colour or a material of something: 颜色是雾霾蓝, 内胆采用316不锈钢, the cover
is navy. This module finds what it is said of (the words before the value, less verbs and
adjectives), decides whether that is the listing's item (颜色, 衣身, the title's product noun)
or a part (内胆, strap, 钻石), and compares the value with the spec for that thing: the item's
colour / material specs, or the spec named for the part, or nothing. A two-tone item is
compared with every colour of the claim's sentence. item_attribute registers in OPERATORS on
import.
"""
from __future__ import annotations

import re

from ..text.lexicon import lexicon
from ..text.normalize import norm
from .materials import colour_ok, material_ok
from .operators import Check, operator
from .paths import Fact, _key_in, _spec_names, _squash


_ADJ = re.compile(r"(?:优质|进口|高品质|精选|食品级|加厚|天然|环保|高密度|优选|上等|温柔的|经典的?|[\u4e00-\u9fff]{1,4}的|"
                  r"a|an|the|premium|high[- ]quality|durable|soft|warm|crisp|rich|deep|classic)\s*$")
_VERB_SPLIT = re.compile(r"均为|均采用|采用了?|选用了?|使用了?|运用|是|为|呈|由|:|(?<![a-z])(?:is|are|made\s+(?:of|from)|comes?\s+in|in)(?![a-z])")
_DETERMINER = re.compile(r"^(?:这款|本款|此款|该款|本品|产品|我们的|我们|整个|整款|the|this|our|its|each)")


def _subject(prefix: str) -> str:
    """The words before a claim's value, less its verb and adjectives: what the value is said of
    (颜色是温柔的 -> 颜色, 内胆采用 -> 内胆, the cover is -> the cover)."""
    s = prefix.strip(" ,，、;；:：")
    m = _VERB_SPLIT.search(s)
    if m:
        return s[:m.start()].strip(" ,，、:：")
    for _ in range(3):
        before = s
        s = _ADJ.sub("", s).strip(" ,，、:：")
        if s == before:
            break
    return s


_LABEL_TAIL = re.compile(r"(?:颜色分类|颜色|色彩|色调|色|材质|材料|面料|布料|成分|"
                         r"(?<![a-z])(?:colou?rs?|colou?rway|shade|hue|tone|finish|material|fabric)(?![a-z]))\s*$")
_TITLE_HEAD = re.compile(r"\s*(?:[,(|\[]|\s[-–]\s|\bfor\b|\bwith\b)")


def _title_head(listing: dict) -> str:
    """The title's product noun: the last word before a comma, a dash, "for" or "with"
    (Gold Diamond Ring -> ring, Watch Strap for ... -> strap)."""
    title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
    words = re.findall(r"[a-z][a-z\-]*", _TITLE_HEAD.split(title, 1)[0])
    return words[-1].rstrip("s") if words else ""


def part_of(subject: str, listing: dict) -> str | None:
    """The part a label names when it stands before a colour or material word (Diamond colour,
    Stone colour, Strap material, 钻石颜色, 鞋带颜色), or a subject that is a part word itself (the
    strap), unless that part is the listing's own product (a watch strap's strap)."""
    lex = lexicon()
    s = subject.strip()
    stripped = _LABEL_TAIL.sub("", s).strip(" :-的")
    if not stripped:
        return None
    words = re.findall(r"[a-z][a-z\-]*", stripped)
    han = re.sub(r"[^\u4e00-\u9fff]", "", stripped)
    if han and (not words or stripped.endswith(han[-1])):
        title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
        for k in range(0, len(han) - 1):
            tail = han[k:]
            if tail in lex.part_words:
                # Chinese puts the head noun last: a title run ending in the word (男士长袖衬衫)
                # sells that thing, so it is the item, not a part of it.
                if any(run.endswith(tail) for run in re.findall(r"[\u4e00-\u9fff]+", title)):
                    return None
                return tail
            if tail in lex.item_subjects:
                return None
        return None
    if words:
        head = words[-1]
        singular = head[:-1] if head.endswith("s") and head[:-1] in lex.part_words else head
        if head in lex.part_words or singular in lex.part_words:
            if singular.rstrip("s") == _title_head(listing):
                return None
            return singular
    return None


def _word_before(c: Check, claim_text: str) -> str:
    """The word just before a claim in the copy, when every place the claim stands agrees on it."""
    copy = c.copy_text()
    words = set()
    for m in re.finditer(re.escape(claim_text), copy):
        before = re.search(r"([a-z][a-z\-]*|[\u4e00-\u9fff]{1,4})\s*$", copy[max(0, m.start() - 24):m.start()])
        words.add(before.group(1) if before else "")
    return words.pop() if len(words) == 1 else ""


def _is_item(subject: str, listing: dict) -> bool | None:
    """True: the subject is the listing's item (颜色, 衣身, the product noun of the title); a part
    word otherwise makes it False; None: not known."""
    lex = lexicon()
    if not subject:
        return True
    if part_of(subject, listing):
        return False
    words = re.findall(r"[a-z][a-z\-]*", subject)
    han = re.sub(r"[^\u4e00-\u9fff]", "", subject)
    if han:
        for k in range(0, len(han) - 1):
            tail = han[k:]
            if tail in lex.item_subjects:
                return True
            if tail in lex.part_words:
                return False
        title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
        if len(han) >= 2 and han[-2:] in title and han[-2:] not in lex.part_words:
            return True
        if _DETERMINER.match(subject) and not any(p in han for p in lex.part_words):
            return True
        return None
    if words:
        last = words[-1]
        if last in lex.item_subjects or last.rstrip("s") in lex.item_subjects:
            return True
        title = norm(str(listing.get("title") or "")) if isinstance(listing, dict) else ""
        if len(last) > 3 and re.search(r"(?<![a-z])" + re.escape(last.rstrip("s")), title):
            return True
        return None
    return True


_ATTR_KEY = {
    "material": re.compile(r"材质|材料|面料|成分|布料|material|fabric|composition"),
    "colour": re.compile(r"颜色|色|colou?r"),
}


@operator("item_attribute", whole_list=True)
def _item_attribute(c: Check):
    """A colour or material the copy states of something (颜色是雾霾蓝, 内胆采用316不锈钢, the cover
    is navy). Said of the item (`item_subjects`, the title's product noun, no subject): compared
    with the colour / material specs. Said of a part: compared with the spec named for that part
    (内胆 -> 内胆材质) where there is one, else not at all (a trim, a lining, a zipper pull).
    `params.attribute`: colour or material."""
    attr = str(c.params.get("attribute", "material"))
    text = norm(str(c.claim))
    lex = lexicon()
    rx = lex._colour_re if attr == "colour" else lex._material_re
    m = rx.search(text)
    if m is None:
        return None
    value_text = text[m.start():]
    subject = _subject(text[:m.start()])
    if subject and not _LABEL_TAIL.sub("", subject).strip(" :-的"):
        # A bare label (Colour: White): the word before it in the copy may name a part
        # (Diamond colour: White, Stone colour: White).
        subject = _word_before(c, text) + " " + subject
    item = _is_item(subject, c.listing)
    group = _spec_names(attr)
    keyed = [f for f in c.facts if len(f.path) == 2 and f.path[0] == "specs"]
    chosen: list[Fact] = []
    if item is not True:
        # Said of a part: compared only with a spec named for that part (内胆 -> 内胆材质,
        # diamond -> Diamond Color Grade), never with the item's own colour or material.
        part = part_of(subject, c.listing)
        if part:
            parts = [_squash(part)]
        else:
            stripped = _LABEL_TAIL.sub("", subject).strip(" :-的")
            han = re.sub(r"[^\u4e00-\u9fff]", "", stripped)
            latin = re.findall(r"[a-z]{3,}", stripped)
            parts = [han[k:] for k in range(0, max(0, len(han) - 1))] + latin[-1:]
        for part in parts:
            chosen = [f for f in keyed if part in _squash(str(f.path[1])) and _ATTR_KEY[attr].search(norm(str(f.path[1])))]
            if chosen:
                break
        if not chosen:
            return None
    else:
        chosen = [f for f in keyed if _key_in(str(f.path[1]), group)]
        if not chosen and subject:
            # The item's body named in the spec key too (杯身采用316不锈钢 against 杯身材质).
            body = re.sub(r"[^\u4e00-\u9fffa-z]", "", _LABEL_TAIL.sub("", subject))[-2:]
            chosen = [f for f in keyed if body and body in _squash(str(f.path[1]))
                      and _ATTR_KEY[attr].search(norm(str(f.path[1])))]
        if attr == "colour" and isinstance(c.listing, dict) and not chosen:
            return None
    ok = colour_ok if attr == "colour" else material_ok
    for fact in chosen:
        if ok(value_text, str(fact.value)):
            return None
    if attr == "colour" and chosen:
        # Two or more colours said of the item (主体藏青, 肩部和下摆白色; navy and white): a
        # two-tone item, compared with agree-any over the colours of the claim's sentence.
        others = _item_colours_around(c, text)
        for fact in chosen:
            if any(colour_ok(w, str(fact.value)) for w in others):
                return None
    return chosen[0] if chosen else None


_PAIRING = re.compile(r"(?:搭配|配上|内搭|送|赠|印有|绣有|"
                      r"(?<![a-z])(?:shown|pictured|paired|pair\s+it|team\s+it|wear\s+it|style\s+it|goes|looks?\s+\w+|"
                      r"matches|match|coordinates?|combine\s+it|available|also\s+comes|choose\s+from|options?)\s+(?:with|in)?)"
                      r"[^，,。；;!！?？\n]*")
_TWO_TONE = re.compile(r"撞色|拼色|双色|双拼|拼接|两色|two[- ]?tone|colou?r[- ]?block|multi[- ]?colou?r|bi[- ]?colou?r")
_SENTENCE = re.compile(r"[。！？!?\n]|\.(?:\s|$)")


def _item_colours_around(c: Check, claim_text: str) -> list[str]:
    """The colour words of the claim's sentence other than pairings and offers (搭配黑色裤子,
    shown with ...): the item's colours when the copy names several. Where the listing calls the
    item two-tone (撞色, 拼接, two-tone, multicolor in its copy or specs), every colour of the
    claim's field counts."""
    copy = c.copy_text()
    at = copy.find(claim_text)
    if at < 0:
        return []
    specs = c.listing.get("specs") if isinstance(c.listing, dict) else None
    spec_text = norm(" ".join(str(v) for v in specs.values())) if isinstance(specs, dict) else ""
    if _TWO_TONE.search(copy) or _TWO_TONE.search(spec_text):
        lo = copy.rfind("\n", 0, at) + 1
        hi = copy.find("\n", at)
    else:
        ends = [m.end() for m in _SENTENCE.finditer(copy, 0, at)]
        lo = ends[-1] if ends else 0
        m = _SENTENCE.search(copy, at + len(claim_text))
        hi = m.start() if m else -1
    sentence = copy[lo:hi if hi >= 0 else len(copy)]
    sentence = _PAIRING.sub(" ", sentence)
    # A lone Han colour character (金, 银, 白) is as often a material or a word part as a colour.
    return [m.group(0) for m in lexicon()._colour_re.finditer(sentence) if len(m.group(0)) > 1]
