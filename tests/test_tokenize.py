"""Word boundaries decide what a phrase may match."""
import pytest

from honestlint.text.normalize import normalize
from honestlint.text.tokenize import Tokenizer

TOKENIZER = Tokenizer(["全网最低", "全网最低价", "销量第一", "最低价", "真皮"])


def aligned(text, phrase, occurrence=0):
    norm = normalize(text).text
    start = -1
    for _ in range(occurrence + 1):
        start = norm.index(phrase, start + 1)
    return TOKENIZER.boundaries(norm).aligned(start, start + len(phrase))


@pytest.mark.parametrize("text, phrase", [
    ("最近很多顾客询问", "最"),
    ("第一步，拔掉电源", "第一"),
    ("the best-selling blender", "best"),
    ("a secure lock", "cure"),
    ("sulfate-free shampoo", "free"),
])
def test_inside_a_word_is_not_a_match(text, phrase):
    assert not aligned(text, phrase)


@pytest.mark.parametrize("text, phrase", [
    ("全网最低价 仅此一天", "全网最低价"),
    ("号称全网最低，快来", "全网最低"),
    ("销量第一的洗脸巾", "销量第一"),
    ("真皮沙发 客厅三人位", "真皮"),
    ("#1 best seller", "#1"),
    ("The best brush heads", "best"),
    ("free shipping", "free"),
    ("包邮EVA拖鞋", "包邮"),
])
def test_whole_words_match(text, phrase):
    assert aligned(text, phrase)


def test_boundaries_are_computed_only_for_the_clause_around_a_candidate():
    norm = normalize("第一段文字很长。最近很多顾客询问。第三段").text
    b = TOKENIZER.boundaries(norm)
    start = norm.index("最近")
    b.aligned(start, start + 1)
    # Only the clause holding the candidate was tokenised.
    assert b._done_han and all(norm[a:z].startswith("最近") for a, z in b._done_han)


def test_the_crossing_index_agrees_with_jieba():
    """The shortcut that skips jieba must give jieba's answer on every candidate it decides."""
    import random

    from honestlint.engine import Linter
    from honestlint.ruleset import load_rules

    tokenizer = Linter(load_rules()).tokenizer  # holds the index for the built-in phrases
    index = tokenizer.cross_index
    assert index is not None and index.packed
    rng = random.Random(7)
    phrases = sorted(index.packed)
    filler = list("的了是最近第一步好品质价格低全网销量新款纯棉真皮沙发女装男士春秋冬季")
    checked = 0
    for _ in range(600):
        phrase = rng.choice(phrases)
        left = "".join(rng.choice(filler) for _ in range(rng.randint(0, 4)))
        right = "".join(rng.choice(filler) for _ in range(rng.randint(0, 4)))
        text = left + phrase + right
        start, end = len(left), len(left) + len(phrase)
        fast = tokenizer.boundaries(text).aligned(start, end)
        tokenizer.cross_index = None
        try:
            slow = tokenizer.boundaries(text).aligned(start, end)
        finally:
            tokenizer.cross_index = index
        assert fast == slow, (text, phrase)
        checked += 1
    assert checked == 600
