"""honestlint.text.segment must cut exactly as jieba's lcut(text, HMM=False), without importing jieba.

The reference is the real jieba (a private Tokenizer, so the global one stays untouched), given
the same add_word calls as the segmenter under test."""
import json
import logging
import os
import random
import string
import subprocess
import sys
import textwrap

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honestlint.text import segment
from honestlint.text.segment import Segmenter

jieba.setLogLevel(logging.WARNING)

DICT_WORDS, DICT_TOTAL = segment.read_dictionary()
WORDS = sorted(DICT_WORDS)

# Phrases as the engine registers them (tokenize._word_freq), plus the awkward kinds: a word the
# dictionary already has (its frequency is replaced and the total grows again), words nested in
# each other, words starting with a Latin letter or a digit, a word with new prefixes, a word
# whose first character no dictionary word starts with.
PHRASES = [
    "全网最低", "全网最低价", "最低价", "销量第一", "真皮", "买一送一", "价格", "国家级",
    "T恤衫新款", "3D打印笔", "纯棉T恤", "零添加剂", "鿕鿕好物", "鿖鿖好物", "𠀀字词", "网红爆款同款",
]


def freq_of(word):
    return 20000 * len(word)


def new_reference(words=(), dictionary=None, tmp_dir=None):
    ref = jieba.Tokenizer() if dictionary is None else jieba.Tokenizer(dictionary)
    ref.tmp_dir = tmp_dir
    ref.initialize()
    for word in words:
        ref.add_word(word, freq=freq_of(word))
    return ref


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("segment-cache"))


@pytest.fixture(scope="session")
def rule_phrases():
    """The phrases the built-in rules register, as production has them."""
    from honestlint.engine import Linter
    from honestlint.ruleset import load_rules

    return sorted(Linter(load_rules()).tokenizer.words)


@pytest.fixture(scope="session")
def words(rule_phrases):
    return PHRASES + rule_phrases


@pytest.fixture(scope="session")
def reference(words):
    return new_reference(words)


@pytest.fixture(scope="session")
def seg(cache_dir, words):
    s = Segmenter(cache_dir=cache_dir)
    for word in words:
        s.add_word(word, freq_of(word))
    return s


def check(seg, ref, text):
    assert seg.cut(text) == ref.lcut(text, HMM=False), text


# -- parity with jieba --------------------------------------------------------------------------

EDGE_CASES = [
    "", " ", "   ", "\t", "\r\n", "\n\r", "a\r\nb", "全网\r\n最低", "\r\r\n\n", "\u3000全网\u3000最低\u3000",
    "iphone15pro", "iPhone 15 Pro Max", "3.5kg", "3.5kg装", "净含量500ml", "100%纯棉", "T恤", "B超检查",
    "C++编程入门", "a-b_c.d#e&f+g%h", "--", "...", "全网最低价格", "保温杯 全网最低价格", "最近很多顾客询问",
    "第一步，拔掉电源", "真皮沙发 客厅三人位", "Nike耐克air max 90运动鞋男", "ｉＰｈｏｎｅ１５全网最低",
    "㐀㐁㐂", "𠀀𠀁𪚥", "鿕鿖鿿", "〇一二", "全网😀最低👍🏻价", "🇨🇳国货", "❤️爱心", "\ud800全网",
    "的" * 50, "一" * 7, "是是是是不是", "网红爆款同款全网最低价格买一送一", "鿕鿕好物", "鿖鿖好物", "𠀀字词",
    "。！？；：、“”《》【】", "abc中文def", "12.5%的折扣", "第1名", "NO.1", "top1", "版本v2.0.1",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_cut_as_jieba(seg, reference, text):
    check(seg, reference, text)


def test_a_very_long_clause(seg, reference):
    rng = random.Random(11)
    text = "".join(rng.choice(WORDS) for _ in range(6000))
    assert len(text) > 12000
    check(seg, reference, text)
    check(seg, reference, "的" * 5000 + "全网最低价格" + "一" * 5000)


def test_many_sentences_of_dictionary_words(seg, reference, words):
    rng = random.Random(5)
    glue = ["", "", "", "，", " ", "的", "a", "1", "\n"]
    for _ in range(2000):
        parts = [rng.choice(WORDS if rng.random() < 0.8 else words) for _ in range(rng.randint(1, 8))]
        check(seg, reference, rng.choice(glue).join(parts))


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(PHRASES),
    _CJK,
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.sampled_from(["𠀀", "𪚥", "鿖", "鿿", "〇", "豈"]),
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=6),
    st.sampled_from(list("，。！？、；：,.!?-_+#&%/()（）【】《》“”'\"@*~·…")),
    st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\r", "\u3000", "\xa0", "\u2028", "\x0b", "\x85"]),
    st.sampled_from(["😀", "👍🏻", "🇨🇳", "❤️", "✨", "🔥"]),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),
    st.characters(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_mixed_text_cuts_as_jieba(seg, reference, text):
    check(seg, reference, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(_CJK, _CJK, st.sampled_from("abcXYZ019 .-_+#&%\r\n\t，。")), max_size=60))
def test_random_characters_cut_as_jieba(seg, reference, text):
    check(seg, reference, text)


def test_frequencies_and_total_as_jieba(seg, reference, words):
    assert seg.total == reference.total
    rng = random.Random(3)
    samples = rng.sample(WORDS, 3000) + words + ["B超", "", "全", "全网最", "最低价格", "不是词吧", "T", "T恤衫", "Ｔ"]
    samples += [w[:k] for w in samples for k in range(1, len(w))]  # prefixes: frequency 0
    for word in samples:
        assert seg.freq(word) == reference.FREQ.get(word), word


def test_total_matches_the_dictionary_file():
    ref = jieba.Tokenizer()
    ref.initialize()
    assert DICT_TOTAL == ref.total
    assert len(DICT_WORDS) == sum(1 for f in ref.FREQ.values() if f)


def test_words_added_between_cuts_and_in_any_order(tmp_path, cache_dir):
    """add_word after the first cut reaches shards already read and those read later, and counts
    in the total of the next cut; the order of the calls does not matter (as in jieba), except
    that a word added twice keeps its last frequency while the total counts both."""
    ref = new_reference()
    seg = Segmenter(cache_dir=cache_dir)
    texts = ["全网最低价格", "价格最低的国家级产品", "T恤衫新款上市", "零添加剂酱油", "𠀀字词典"]
    for text in texts:
        check(seg, ref, text)
    steps = [("价格", 5), ("全网最低价格", 1), ("T恤衫新款", 10**7), ("零添加剂", 123456), ("价格", 40000),
             ("𠀀字词", 99), ("", 7), ("国家级产品", 0), ("最低的", 3)]
    for word, freq in steps:
        ref.add_word(word, freq=freq)
        seg.add_word(word, freq)
        assert seg.total == ref.total
        for text in texts:
            check(seg, ref, text)
    for word in ["价格", "全网最低价格", "全网最低价", "", "国家级产品", "国家级产", "T恤衫新"]:
        assert seg.freq(word) == ref.FREQ.get(word), word
    # The same calls in another order, all before the first cut, give the same result: only the
    # relative order of the two 价格 calls matters.
    shuffled = [s for s in steps if s[0] != "价格"]
    random.Random(2).shuffle(shuffled)
    other = Segmenter(cache_dir=cache_dir)
    for word, freq in shuffled[:3] + [("价格", 5)] + shuffled[3:] + [("价格", 40000)]:
        other.add_word(word, freq)
    assert other.total == ref.total
    for text in texts:
        check(other, ref, text)


def test_segmenters_over_one_dictionary_keep_their_own_words(cache_dir):
    """Two segmenters share the dictionary's shards but not their added words: each cuts, and
    counts its total, as a jieba Tokenizer given only its own add_word calls, whichever adds or
    cuts first; the shards the dictionary hands out are never changed."""
    dictionary = segment.Dictionary(cache_dir=cache_dir)
    texts = ["新款真皮鞋", "纯真皮沙发 全网最低价格", "价格最低的国家级产品"]
    first = segment.Segmenter(dictionary=dictionary)
    for text in texts:  # shards read (and shared) before any word is added
        first.cut(text)
    second = segment.Segmenter(dictionary=dictionary)
    words = {id(first): ["真皮", "全网最低"], id(second): ["皮鞋", "纯真", "最低价", "全网最低"]}
    for seg in (second, first):
        for word in words[id(seg)]:
            seg.add_word(word, freq_of(word))
    plain = segment.Segmenter(dictionary=dictionary)
    unchanged = new_reference()
    probes = ["真皮", "皮鞋", "纯真", "最低价", "全网最低", "全网最", "真皮沙发"]
    for seg, ref in ((first, new_reference(words[id(first)])), (second, new_reference(words[id(second)])),
                     (plain, unchanged)):
        assert seg.total == ref.total
        for text in texts:
            check(seg, ref, text)
        for word in probes:
            assert seg.freq(word) == ref.FREQ.get(word), word
    for word in probes:
        assert dictionary.shard(word[0]).get(word) == unchanged.FREQ.get(word), word
    assert first._shards["新"] is second._shards["新"] is dictionary.shard("新")  # no words: shared


def test_the_process_shares_one_dictionary():
    assert Segmenter().dictionary is Segmenter().dictionary is segment.Dictionary.shared()


def test_exact_ties_break_as_jieba(cache_dir):
    """Two splits with exactly the same score: jieba's max over (score, end) keeps the longer
    first word. 鼀鼁鼃 are in no dictionary word, so only the added frequencies count."""
    ref = new_reference()
    seg = Segmenter(cache_dir=cache_dir)
    for word in ["鼀", "鼀鼁", "鼁鼃", "鼃", "鼄鼅", "鼅鼆鼈", "鼄鼅鼆", "鼈"]:
        ref.add_word(word, freq=100)
        seg.add_word(word, 100)
    for text in ["鼀鼁鼃", "鼄鼅鼆鼈", "鼀鼁鼃鼄鼅鼆鼈鼀鼁鼃"]:
        check(seg, ref, text)
    assert seg.cut("鼀鼁鼃") == ["鼀鼁", "鼃"]


def test_a_cut_reads_only_the_shards_of_its_characters(cache_dir):
    seg = Segmenter(cache_dir=cache_dir)
    text = "保温杯 全网最低价格，iphone15pro"
    seg.cut(text)
    assert seg._shards and set(seg._shards) <= set(text)
    seg.freq("真皮")
    assert "真" in seg._shards and "沙" not in seg._shards


# -- the cache file -------------------------------------------------------------------------------

def small_dictionary(tmp_path):
    """Part of jieba's dictionary (the words starting with these characters), so that a rebuild
    takes milliseconds."""
    firsts = set("全网最低价格真皮沙发客厅三人位销量第")
    lines = [f"{w} {f} n\n" for w, f in DICT_WORDS.items() if w[0] in firsts]
    path = tmp_path / "dict.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


TEXTS = ["全网最低价格", "真皮沙发 客厅三人位", "销量第一的沙发", "最低价格全网第一"]


def expect_cuts(seg, tmp_path, dictionary):
    ref = new_reference(["全网最低", "最低价"], dictionary=dictionary, tmp_dir=str(tmp_path))
    for text in TEXTS:
        check(seg, ref, text)
        for i in range(len(text)):
            for j in range(i + 1, len(text) + 1):
                assert seg.freq(text[i:j]) == ref.FREQ.get(text[i:j]), text[i:j]


def fresh(cache, dictionary):
    seg = Segmenter(cache_dir=str(cache), dict_path=dictionary)
    for word in ["全网最低", "最低价"]:
        seg.add_word(word, freq_of(word))
    return seg


def test_the_cache_is_built_when_missing_and_reused(tmp_path):
    dictionary = small_dictionary(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    seg = fresh(cache, dictionary)
    path = seg.cache_path()
    assert not os.path.exists(path)
    expect_cuts(seg, tmp_path, dictionary)
    assert os.path.getsize(path) > 1000
    # A second segmenter opens the file instead of reading the dictionary: with the dictionary
    # gone it still works.
    os.remove(dictionary)
    expect_cuts(fresh(cache, dictionary), tmp_path, small_dictionary(tmp_path))


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def write(path, data):
    with open(path, "wb") as fh:
        fh.write(data)


def damage_truncate(path):
    data = read(path)
    write(path, data[: len(data) // 2])


def damage_flip_a_shard_byte(path):
    data = bytearray(read(path))
    data[-40] ^= 0x5A  # inside the last shard (销): the header stays valid, only its CRC can tell
    write(path, bytes(data))


def damage_change_a_frequency(path):
    # Still a valid marshalled dict, but 最低 gets another frequency: only the CRC can tell.
    data = bytearray(read(path))
    at = data.find("最低".encode("utf-8")) + len("最低".encode("utf-8"))
    assert data[at] in (ord("i"), ord("i") | 0x80), data[at:at + 5]
    data[at + 1:at + 5] = (123456789).to_bytes(4, "little")
    write(path, bytes(data))


def damage_header_length(path):
    data = bytearray(read(path))
    data[8:12] = b"\xff\xff\xff\xff"  # the magic is right, the header "4 GB long"
    write(path, bytes(data))


def damage_empty(path):
    write(path, b"")


def damage_garbage(path):
    write(path, os.urandom(5000))


def damage_other_version(path):
    write(path, segment.build(damage_other_version.dictionary, version="0.0.0-other"))


@pytest.mark.parametrize("damage", [damage_truncate, damage_flip_a_shard_byte, damage_change_a_frequency,
                                    damage_header_length, damage_empty, damage_garbage, damage_other_version])
def test_a_damaged_or_stale_cache_is_rebuilt(tmp_path, damage):
    dictionary = small_dictionary(tmp_path)
    damage_other_version.dictionary = dictionary
    cache = tmp_path / "cache"
    cache.mkdir()
    first = fresh(cache, dictionary)
    first.cut("全")  # builds the file
    path = first.cache_path()
    good_size = os.path.getsize(path)
    damage(path)
    seg = fresh(cache, dictionary)
    expect_cuts(seg, tmp_path, dictionary)
    assert os.path.getsize(path) == good_size
    assert segment._Store.open(path, segment.jieba_version()).total == seg.dictionary.total


def test_a_shard_damaged_after_opening_is_rebuilt(tmp_path):
    dictionary = small_dictionary(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    seg = fresh(cache, dictionary)
    seg.cut("全")  # opened, one shard read
    assert seg.dictionary._store is not None and set(seg._shards) == {"全"}
    path = seg.cache_path()
    with open(path, "r+b") as fh:  # in place: the open file sees it
        fh.seek(-40, os.SEEK_END)
        byte = fh.read(1)
        fh.seek(-40, os.SEEK_END)
        fh.write(bytes([byte[0] ^ 0x5A]))
    expect_cuts(seg, tmp_path, dictionary)


def test_an_unwritable_cache_directory_still_works(tmp_path):
    dictionary = small_dictionary(tmp_path)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    expect_cuts(fresh(blocker / "cache", dictionary), tmp_path, dictionary)


def test_a_dictionary_file_is_read_as_jieba_reads_it(tmp_path):
    """A word listed twice keeps its last frequency and the total counts both; a word listed
    after a longer word it begins keeps its frequency; extra fields and spaces are ignored."""
    path = tmp_path / "dict.txt"
    path.write_text("甲乙丙 7 n\n甲乙 5 n\n  丙丁 9\n甲乙 50 v\n甲 3 n\n乙 4\n丁戊己庚 2 x\r\n丁 1 n\n",
                    encoding="utf-8")
    ref = new_reference(dictionary=str(path), tmp_dir=str(tmp_path))
    cache = tmp_path / "cache"
    cache.mkdir()
    seg = Segmenter(cache_dir=str(cache), dict_path=str(path))
    assert seg.total == ref.total == 7 + 5 + 9 + 50 + 3 + 4 + 2 + 1
    for word in ["甲乙丙", "甲乙", "甲", "乙", "丙丁", "丙", "丁", "丁戊", "丁戊己庚", "戊"]:
        assert seg.freq(word) == ref.FREQ.get(word), word
    for text in ["甲乙丙丁", "甲乙丙丁戊己庚", "丙丁戊己庚甲", "乙丙丁甲乙"]:
        check(seg, ref, text)


def test_the_default_cache_lives_in_honestlint_cache_directory(tmp_path, monkeypatch):
    from honestlint.core import cachedir as cache

    monkeypatch.setenv("HONESTLINT_CACHE_DIR", str(tmp_path))
    path = Segmenter().cache_path()
    assert os.path.dirname(path) == cache.directory() == str(tmp_path)
    assert segment.jieba_version() in os.path.basename(path)
    assert f"-f{segment.FORMAT}" in os.path.basename(path)


# -- jieba is not imported ------------------------------------------------------------------------

def run_without_jieba(code, cache_dir):
    """Run `code` in a fresh interpreter; it prints a JSON line; jieba must not be imported."""
    code = textwrap.dedent(code) + textwrap.dedent("""
        import sys
        assert "jieba" not in sys.modules, sorted(m for m in sys.modules if "jieba" in m)
        """)
    env = dict(os.environ, HONESTLINT_CACHE_DIR=str(cache_dir))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_the_segmenter_does_not_import_jieba(tmp_path, reference):
    # A cold cache directory: the cache is built from dict.txt without jieba too.
    out = run_without_jieba("""
        import json
        from honestlint.text.segment import Segmenter
        s = Segmenter()
        s.add_word("全网最低", 80000)
        print(json.dumps({"cut": s.cut("保温杯 全网最低价格"), "freq": s.freq("价格"), "total": s.total}))
        """, tmp_path)
    ref = new_reference()
    ref.add_word("全网最低", freq=80000)
    assert out == {"cut": ref.lcut("保温杯 全网最低价格", HMM=False), "freq": ref.FREQ["价格"], "total": ref.total}


def test_linting_a_listing_that_needs_a_han_boundary_does_not_import_jieba(tmp_path):
    listing = tmp_path / "needs-segmenter.json"
    listing.write_text(json.dumps({"id": "a", "lang": "zh", "title": "保温杯 全网最低价格"}, ensure_ascii=False),
                       encoding="utf-8")
    for _ in range(2):  # cold caches, then warm ones
        out = run_without_jieba(f"""
            import contextlib, io, json, sys
            from honestlint import cli
            from honestlint.text import segment
            sys.argv = ["honestlint", {str(listing)!r}]
            with contextlib.redirect_stdout(io.StringIO()) as text:
                try:
                    cli.run()
                except SystemExit as exc:
                    code = exc.code
            print(json.dumps({{"code": code, "out": text.getvalue(), "shards": sorted(segment.Dictionary.shared().read)}}))
            """, tmp_path / "cache")
        assert "全网最低" in out["out"] and out["code"] == 1
        # The boundary of 最低价 in 最低价格 was decided by segmenting the clause.
        assert {"最", "价"} <= set(out["shards"])
