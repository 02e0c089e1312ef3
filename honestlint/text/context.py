"""Stage 3b': the words around a claim that make it no claim, decided once for every rule.

A rule names the contexts that cancel it (`cancelled_by: [negation, advice, ...]`); the engine
asks `cancelled(names, field, start, end)` for each candidate that passed the rule's own
exceptions and word boundaries. Every context reads the normalised text (lower case,
Simplified) around the claim, and the configuration's tokenizer decides what a word is, so the 不 of
不锈钢 or 不粘锅 and the 无 of 无线 are parts of words, not negations of what follows.

    negation  a negator before the claim in its clause: 本店不会因好评返现, 不具有疾病治疗功能,
              "we never offer rewards for reviews"
    advice    最好 / 最佳 followed by what to do (最好避光保存), after 建议 / 请; "best when stored"
    ordinal   第一 (or 第1) counting steps, brews or points: 第一泡, 第一就是, 第一道工序
    label     "#1", "No. 1", "number one" naming a size, a part or an index ("Size No. 1",
              "Bit #1", "our #1 priority") rather than ranking the product
    quoted    the claim is inside the title of a work: 《最好的告别》, 〈…〉, or quoted after 书名,
              电影, "the book", "the film"
    name      a person's name or an ordinary word before 同款 / 平替 (杨幂同款, 长长的同款)

These are cheap: only a candidate that every other test accepted gets here.
"""
from __future__ import annotations

import functools
import re

CONTEXTS = ("negation", "advice", "ordinal", "label", "quoted", "name")

# The scope of a negation or of advice: the clause the claim stands in. A Chinese comma ends a
# clause here (本店不会返现，好评返现5元 holds two claims), but 、 does not (不添加色素、香精).
# A space between two Han phrases of a title (不用背单词 保证通过) ends a clause too.
_CLAUSE_BREAK = re.compile(r"[。！？!?；;\n\r，,:：]|\.(?=\s|$)|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# An English sentence, or the part of it after a colon or a dash ("No diet needed: lose ...").
_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n\r:：]|\.(?=\s|$)|\s[-–—]\s|—")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# How far back a negator may stand: a negation governs the verb phrase that follows it.
NEGATION_HAN_CHARS = 10
NEGATION_LATIN_WORDS = 12

_ZH_NEGATORS = ("不", "无", "没", "没有", "未", "非", "别", "勿", "不会", "不能", "不可", "不得", "不要", "不用",
                "从不", "从未", "绝不", "决不", "并不", "并非", "并未", "禁止", "严禁", "拒绝", "杜绝", "谢绝",
                "不是", "不再", "不具有", "不具备", "不存在", "不提供", "不接受", "不参与", "不做", "无任何",
                "无法", "无需", "无须")
_NEGATOR_FIRST = frozenset(word[0] for word in _ZH_NEGATORS)
_NOUN_NEGATORS = frozenset({"无", "非", "无任何"})
_NEGATED_COPULA = re.compile(r"(?:不会|不能|并不|从不|绝不|从来不)?(?:不是|不会是|并非|绝非|算不上|称不上)")
# A negated hesitation is an exhortation: 别错过, 不要犹豫, 千万不要等, "don't miss out", "don't wait".
_URGED = re.compile(r"\s*(?:再)?(?:错过|犹豫|迟疑|等待?|后悔|手软|心动|观望|纠结)")
_EN_URGED = re.compile(r"\s+(?:miss|wait|hesitate|delay|let|sleep|forget|be\s+left)\b")
# Latin negators; "no" only before a word ("No. 1" is a label, not a negation).
_EN_NEGATOR = re.compile(
    r"(?<![a-z0-9'])(?:never|not|cannot|can't|don't|doesn't|didn't|won't|wouldn't|isn't|aren't|wasn't|"
    r"without|neither|nor|no(?=\s+[a-z])|none|nobody|nothing|zero)(?![a-z0-9'])")

# 最好 / 最佳 is a superlative when what follows is 的, an end, or a noun-like comparison; it is
# advice when a verb phrase follows: 最好避光保存, 最好不要, 最好在24小时内食用.
_ADVICE_AFTER = re.compile(r"\s*(?:的|之|了|啊|呀|！|!|。|，|,|；|;|\s*$)")
_ADVICE_BEFORE = re.compile(r"(?:建议|推荐您|请|您|你|宜|应|应该|需要|需|务必|尽量)[^，。；！？,;!?]{0,8}$")
_EN_ADVICE_AFTER = re.compile(r"\s+(?:when|if|to|before|by|within|at|in\s+(?:a|the)\s+(?:fridge|refrigerator|freezer|"
                              r"cool|dark|dry)|served|enjoyed|stored|kept|used|consumed|results)\b")

# 第一 counts a rank after a field it ranks in, or before 名 / 品牌; otherwise it counts steps.
_RANK_BEFORE = re.compile(r"(?:销量|销售额?|排名|排行|全网|全国|全球|世界|全世界|天下|行业|业内|同行|同类|品类|类目|市场|"
                          r"人气|口碑|好评|榜单?|榜首|荣登|荣获|位居|位列|稳居|稳坐|勇夺|夺得|获得|当之无愧的?|中国|亚洲|"
                          r"全省|全市|本地|国内|国际|网红|淘宝|天猫|京东|拼多多|抖音|电商|no\.?|top)\s*$")
_RANK_AFTER = re.compile(r"\s*(?:名|品牌|大品牌|牌子|位|家|选择|首选|畅销|热销|销量|的品牌)")
_ORDINAL = re.compile(r"(?:第\s*(?:一|1|壹)|头一|首)")

# "#1" ranks when a rank word follows or a place or audience owns it; otherwise it labels.
_RANK_WORD_AFTER = re.compile(
    r"\s*(?:best|top|selling|seller|bestseller|best-selling|rated|ranked|brand|choice|pick|recommended|"
    r"trusted|favou?rite|most|leading|sold|product|in\s+(?:the\s+)?(?:world|us|usa|america|uk|market|category|class|"
    r"sales|customer|its|amazon)|on\s+amazon|among|worldwide|nationwide|globally|of\s+all|doctor|dermatologist|"
    r"vet|pediatrician|expert|chef|manufacturer|maker|supplier|retailer|seller)\b")
_RANK_WORD_BEFORE = re.compile(
    r"(?:'s|’s|s'|the|ranked|rated|voted|is|was|are|as|at|be|become|became|named|we're|we are|it's|you(?:r)?|"
    r"their|america|world|nation|country)\s*$")
_FUNCTION_WORDS = frozenset(
    "a an the our your their my his her its this that these those is was are be been being as at by for from in "
    "of on to with and or but new now".split())
_LABEL_NOUN_AFTER = re.compile(r"\s*(?:priority|priorities|goal|concern|mission|focus|commitment|rule|tip|fan|fans|"
                               r"balloon|balloons|candle|candles|topper|cake|birthday|jersey|shirt|mom|dad|grandpa|"
                               r"grandma|teacher|nurse|coach)\b")
_LABEL_CLAIM = re.compile(r"^(?:#\s*\d+|no\.?\s*\d+|number\s+(?:one|1)|num\.?\s*\d+)$")

_WORK_BEFORE = re.compile(r"(?:书名|书|电影|影片|纪录片|歌曲|歌|专辑|剧|节目|绘本|小说|诗集|作品|the\s+book|the\s+film|"
                          r"the\s+movie|the\s+song|the\s+album|the\s+novel|titled|entitled)\s*$")
_QUOTE_PAIRS = {"《": "》", "〈": "〉", "「": "」", "『": "』", "“": "”", '"': '"'}
_TITLE_MARKS = {"《", "〈"}  # marks that only ever enclose the title of a work

# Words before 同款 that name no brand: 即便是同款, 长长的同款, 这个同款, 一样的同款.
_NAME_KEYWORD = re.compile(r"(?:同款|平替|平价替代)")
_ORDINARY_ENDINGS = ("的", "是", "了", "也", "都", "就", "还", "又", "个", "款", "些", "种", "样", "次", "地", "着")
# The hundred commonest Chinese surnames: a short unknown word that starts with one of them and
# is not a known brand is taken for a person's name (杨幂同款, 赵丽颖同款).
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
                "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
                "戴莫孔向汤")


def cancelled(names, field, start: int, end: int) -> bool:
    """Whether any of the contexts `names` makes the candidate [start, end) of `field` no claim."""
    for name in names:
        if _TESTS[name](field, start, end):
            return True
    return False


def _clause_start(text: str, start: int, breaks=_CLAUSE_BREAK) -> int:
    begin = 0
    # One character past the start, so that a break's lookahead can see the claim's first.
    for m in breaks.finditer(text, max(0, start - 200), min(len(text), start + 1)):
        if m.end() <= start:
            begin = m.end()
    return begin


def _written_clause_start(field, start: int) -> int:
    """Where the claim's clause begins, in the normalised text, found in the text as written:
    normalisation joins spaced Han (全 网 最 低), and a title's space between two phrases is a
    clause break."""
    visible_start = field.visible_span(start, start + 1)[0]
    begin = _clause_start(field.visible, visible_start)
    return field.norm_span_of_visible(begin, begin)[0] if begin else 0


def _negated(field, start: int, end: int) -> bool:
    text = field.text
    begin = max(_clause_start(text, start), _written_clause_start(field, start))
    scope = text[begin:start]
    if _HAN.search(scope):
        # A negator is a word of its own: 不锈钢, 不粘锅, 无线, 非常 hold these characters inside
        # longer words, and the segmenter says so. Every negator starting at a position is
        # tried (并不能 may segment as 并|不能).
        for i in range(max(begin, start - NEGATION_HAN_CHARS), start):
            if text[i] not in _NEGATOR_FIRST:
                continue
            for word in _ZH_NEGATORS:
                # (a negator word may run into the claim: 不能 before a claim read from 能治疗)
                if text.startswith(word, i) and field.boundaries.aligned(i, i + len(word)):
                    # 无 and 非 negate the word they stand before (无糖饼干, 非转基因), not a
                    # verb further on: 无糖饼干 降血糖 is still a claim.
                    if word in _NOUN_NEGATORS and start - (i + len(word)) > 2:
                        continue
                    # 别错过 / 不要犹豫 negate the hesitation, and urge the claim on.
                    if _URGED.match(text, i + len(word)):
                        continue
                    return True
        # A negated copula reaches to the end of its clause: 从来都不会是…女孩的首选, 并不是…最好的.
        for m in _NEGATED_COPULA.finditer(text, begin, start):
            if field.boundaries.aligned(m.start(), m.end()):
                return True
    # A Latin negation reaches across a list ("never offer rewards, discounts or refunds for
    # reviews"), so its scope is the sentence, bounded by a number of words.
    words = re.findall(r"[a-z0-9'’]+", text[_clause_start(text, start, _SENTENCE_BREAK):start])
    tail = " ".join(words[-NEGATION_LATIN_WORDS:])
    return any(not _EN_URGED.match(tail, m.end()) for m in _EN_NEGATOR.finditer(tail))


def _advice(field, start: int, end: int) -> bool:
    text = field.text
    claim = text[start:end]
    if "最好" in claim or "最佳" in claim:
        at = claim.rfind("最好") if "最好" in claim else claim.rfind("最佳")
        after = text[start + at + 2:start + at + 8]
        begin = _clause_start(text, start)
        if _ADVICE_BEFORE.search(text[begin:start + at]):
            return True
        if after and not _ADVICE_AFTER.match(after) and _HAN.match(after[0]):
            # 最好用的 / 最好看的 / 这款最好用，: a one- or two-character adjective before 的 or
            # the end of the clause is still a superlative; a longer verb phrase is advice.
            tail = re.match(r"[\u3400-\u9fff]{1,2}(?:的|[，。！？,.!?；;\s]|$)", after)
            return tail is None
        return False
    # "best when stored": only what directly follows "best" can make it advice ("best in class
    # by our customers" is a claim whatever follows it).
    if claim.rstrip().endswith("best"):
        return bool(_EN_ADVICE_AFTER.match(text, end))
    return False


def _ordinal(field, start: int, end: int) -> bool:
    text = field.text
    claim = text[start:end]
    m = _ORDINAL.search(claim)
    if m is None or claim.strip() != m.group(0).strip():
        return False  # 销量第一 or 第一品牌 carries its own rank word
    if _RANK_BEFORE.search(text[max(0, start - 8):start]) or _RANK_AFTER.match(text, end):
        return False
    # At the end of a clause with nothing before it (…，第一！) it still ranks.
    rest = text[end:end + 2]
    before = text[_clause_start(text, start):start].strip()
    if (not rest or _CLAUSE_BREAK.match(rest)) and before:
        return False
    return True


def _label(field, start: int, end: int) -> bool:
    text = field.text
    claim = text[start:end].strip()
    if not _LABEL_CLAIM.match(claim):
        return False
    if _RANK_WORD_AFTER.match(text, end):
        return False
    before = text[max(0, start - 24):start]
    if _RANK_WORD_BEFORE.search(before):
        return False
    # After a content word it names an item of a set: "Size No. 1", "Bit #1", "Gold Number 1
    # Balloon". At the head of a title or clause ("No.1 Coffee Grinder") it ranks the product,
    # unless what it qualifies is no product ("#1 priority").
    word = re.search(r"([a-z][a-z'’-]*)\s*$", before)
    if word and word.group(1) not in _FUNCTION_WORDS:
        return True
    return bool(_LABEL_NOUN_AFTER.match(text, end))


def _quoted(field, start: int, end: int) -> bool:
    # Normalisation drops some quotation marks as decoration, so quotes are read in the text
    # as written (HTML tags removed).
    text = field.visible
    start, end = field.visible_span(start, end)
    lo = max(0, start - 60)
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch in "》〉」』”\n":
            return False
        close = _QUOTE_PAIRS.get(ch)
        if close is None:
            continue
        if ch == '"' and text.count('"', lo, i) % 2 == 1:
            continue  # this " closes an earlier quote
        j = text.find(close, end)
        if j < 0 or j - end > 60:
            return False
        if ch in _TITLE_MARKS:
            return True
        return bool(_WORK_BEFORE.search(text[max(0, i - 12):i].lower()))
    return False


@functools.lru_cache(maxsize=1)
def _brand_names() -> frozenset:
    import os

    import yaml

    with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "brands.yaml"), encoding="utf-8") as fh:
        return frozenset(yaml.safe_load(fh)["brands"])


def _name(field, start: int, end: int) -> bool:
    text = field.text
    claim = text[start:end]
    m = None
    for m in _NAME_KEYWORD.finditer(claim):
        pass
    if m is None:
        return False
    at = start + m.start()
    # The word before the keyword, by the segmenter's boundaries; an unknown name comes out as
    # single characters or short pieces (杨|幂, 赵|丽颖), joined back here up to three characters.
    boundaries = field.boundaries
    word_start = at - 1
    while word_start > start and not boundaries.is_boundary(word_start):
        word_start -= 1
    while word_start > start and at - word_start < 3 and _HAN.match(text[word_start - 1]):
        piece = word_start - 1
        while piece > start and not boundaries.is_boundary(piece):
            piece -= 1
        if at - piece > 3:
            break
        word_start = piece
    word = text[word_start:at].strip()
    if not word or not _HAN.match(word[0]):
        return False
    if word.endswith(_ORDINARY_ENDINGS) or (word_start > start and text[word_start - 1:word_start] in _ORDINARY_ENDINGS):
        return True
    if word in _brand_names():
        return False
    if 2 <= len(word) <= 3 and word[0] in _SURNAMES and not field.tokenizer.freq(word):
        return True
    return False


_TESTS = {
    "negation": _negated,
    "advice": _advice,
    "ordinal": _ordinal,
    "label": _label,
    "quoted": _quoted,
    "name": _name,
}
