"""Stage 2b: word boundaries, computed lazily, as one configuration's tokenizer draws them.

Han text is segmented as jieba's `lcut(text, HMM=False)` does, by segment.py (jieba's algorithm
over a sharded cache of its dictionary, so jieba itself is never loaded), and Latin text as
spaCy's blank English tokenizer does, by latin_tokenizer.py (spaCy's algorithm over its rules,
extracted once into a cache, so spaCy itself is never loaded either). Both cost time to load
and to run, so nothing here runs unless a rule has a candidate match: the engine asks
`Boundaries.aligned(start, end)` for a candidate, and only the clause around it is tokenised,
once per clause.

Most candidates need no tokenizer at all. jieba (without its HMM guesser) splits text into
dictionary words and single characters by dynamic programming, so a position that no
dictionary word crosses is always a word boundary. For every rule phrase, `CrossIndex` lists
the dictionary words that could cross its start or end (最近 crosses the end of 最); only when
one of them is actually in the text does the segmenter have to decide. The index is built from
jieba's dictionary once and cached on disk, keyed by the phrases.

A `Tokenizer` is one configuration's: its rule phrases are words to its segmenter (so that a
phrase stays whole), and the crossing index is built for its phrases. Each linter makes its
own, so configurations linted in one process (the serve page, the editor server, a tree with
several configurations) never move each other's word boundaries. What holds no configuration's
state is shared: jieba's dictionary shards (segment.Dictionary) and the Latin tokenizer.
"""
from __future__ import annotations

import bisect
import re
import threading

from . import segment
from .segment import Segmenter

# A clause ends at sentence punctuation or a line break; tokenising only the clause around a
# candidate keeps the cost proportional to what matched, not to the size of the listing.
_CLAUSE_END = re.compile(r"[。！？!?；;\n\r]|[.,，、:：](?=\s|$)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")

_lock = threading.Lock()
_latin_tokenizer = None


def _word_freq(word: str) -> int:
    # High enough that a rule phrase wins over the dictionary's own split of the same characters,
    # scaled by length so a longer phrase beats a shorter one nested in it.
    return 20000 * len(word)


def _get_latin():
    # spaCy's English tokenizer rules run in pure Python from a small cache: importing spaCy
    # would cost over a second; only a process without that cache loads it (once, to fill it).
    global _latin_tokenizer
    if _latin_tokenizer is None:
        with _lock:
            if _latin_tokenizer is None:
                from . import latin_tokenizer

                _latin_tokenizer = latin_tokenizer.load()
    return _latin_tokenizer


class CrossIndex:
    """For each phrase, the dictionary words that cross its start (given by how many characters
    they begin before it) and those that cross its end (given by where they begin inside it).

    On disk each phrase's words are one packed string, unpacked on first use into sets keyed by
    (offset, length): checking a candidate is then a few slices and set lookups, and loading
    the index costs almost nothing however many phrases never occur."""

    def __init__(self, packed: dict[str, tuple[str, str]]):
        self.packed = packed
        self._open: dict[str, tuple[dict, dict]] = {}

    @staticmethod
    def _unpack(text: str) -> dict[tuple[int, int], set[str]]:
        groups: dict[tuple[int, int], set[str]] = {}
        for item in text.split("\x1f") if text else ():
            offset, word = item.split("\x1e", 1)
            groups.setdefault((int(offset), len(word)), set()).add(word)
        return groups

    def get(self, phrase: str):
        opened = self._open.get(phrase)
        if opened is None:
            packed = self.packed.get(phrase)
            if packed is None:
                return None
            opened = self._open[phrase] = (self._unpack(packed[0]), self._unpack(packed[1]))
        return opened

    def crosses_start(self, text: str, start: int, phrase: str) -> bool:
        left = self.get(phrase)[0]
        return any(start - i >= 0 and text[start - i:start - i + n] in words for (i, n), words in left.items())

    def crosses_end(self, text: str, start: int, phrase: str) -> bool:
        right = self.get(phrase)[1]
        return any(text[start + k:start + k + n] in words for (k, n), words in right.items())

    @staticmethod
    def build(phrases: list[str], words: list[str]) -> "CrossIndex":
        by_inner: dict[str, list[tuple[int, str]]] = {}   # char at a split point -> (split, word)
        by_first: dict[str, list[str]] = {}
        for word in words:
            by_first.setdefault(word[0], []).append(word)
            for i in range(1, len(word)):
                by_inner.setdefault(word[i], []).append((i, word))
        packed = {}
        for phrase in phrases:
            left = []
            for i, word in by_inner.get(phrase[0], ()):
                rest = word[i:]
                if phrase.startswith(rest) or rest.startswith(phrase):
                    left.append(f"{i}\x1e{word}")
            right = []
            for k in range(len(phrase)):
                tail = phrase[k:]
                for word in by_first.get(tail[0], ()):
                    if len(word) > len(tail) and word.startswith(tail):
                        right.append(f"{k}\x1e{word}")
            packed[phrase] = ("\x1f".join(left), "\x1f".join(right))
        return CrossIndex(packed)


def _dictionary_words() -> list[str]:
    # Read through segment.py rather than importlib.resources, which would import jieba.
    words, _ = segment.read_dictionary()
    return [word for word, freq in words.items() if 2 <= len(word) <= 8 and freq != 0]


class Tokenizer:
    """Word boundaries as one configuration draws them: jieba's segmentation with the
    configuration's rule phrases added as words, and the crossing index of its phrases."""

    def __init__(self, words=(), dictionary: segment.Dictionary | None = None):
        # jieba's dictionary segmentation without jieba: the dictionary is read shard by shard
        # from a cache built once from jieba's dict.txt (see segment.py), so a run that needs
        # one Han boundary pays milliseconds, not jieba's second-long load. The shards are the
        # process's (segment.Dictionary.shared); the words added are this tokenizer's.
        self.segmenter = Segmenter(dictionary=dictionary)
        self.words: set[str] = set()  # the words added (rule phrases)
        self.cross_index: CrossIndex | None = None
        self.add_words(words)

    def add_words(self, words) -> None:
        """Register rule phrases so that segmentation keeps them whole (全网最低, 买一送一, ...)."""
        # Single characters are left to the dictionary: a frequent single-character "word" would
        # pull the segmentation towards splitting every compound that contains it.
        new = {w for w in words if len(w) > 1 and _HAN.search(w)} - self.words
        if not new:
            return
        self.words.update(new)
        # Cheap: nothing is loaded; a shard applies the words starting with its character when read.
        for word in sorted(new):
            self.segmenter.add_word(word, _word_freq(word))

    def prepare(self, phrases) -> None:
        """Build (or load from the cache) the crossing index for these phrases."""
        import hashlib
        import marshal
        import os

        from ..core import cachedir as cache

        # One character is left to jieba: the words crossing a lone 最 or 色 are too many to list.
        phrases = sorted({p for p in phrases if len(p) > 1 and _HAN.search(p)})
        if not phrases:
            return
        # jieba's version, without importing jieba (that alone costs a third of a second).
        key = "\n".join(phrases + [segment.jieba_version(), "v2"])
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
        path = os.path.join(cache.directory(), f"crossing-{digest}.marshal")
        try:
            with open(path, "rb") as fh:
                self.cross_index = CrossIndex(marshal.load(fh))
                return
        except (OSError, EOFError, ValueError, TypeError):
            pass
        index = CrossIndex.build(phrases, _dictionary_words() + phrases)
        try:
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                marshal.dump(index.packed, fh)
            os.replace(tmp, path)
            cache.prune("crossing-", keep=path, spare=3)
        except OSError:
            pass  # a read-only cache only costs the rebuild next time
        self.cross_index = index

    def han_tokens(self, text: str) -> list[str]:
        """jieba's `lcut(text, HMM=False)` with this tokenizer's words. No HMM: its guesses at
        unknown words would make boundaries depend on more than the dictionary, and the cheap
        crossing check would no longer match the segmentation exactly."""
        return self.segmenter.cut(text)

    def freq(self, word: str) -> int | None:
        """A word's frequency to this tokenizer's segmenter (0: a prefix of a word; None: not a
        word)."""
        return self.segmenter.freq(word)

    def boundaries(self, text: str) -> "Boundaries":
        return Boundaries(text, self)


def latin_token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of spacy.blank("en").tokenizer(text), without spaCy."""
    return _get_latin().spans(text)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Boundaries:
    """Token boundaries of one normalised text as `tokenizer` draws them, filled in clause by
    clause on demand."""

    __slots__ = ("text", "tokenizer", "_han", "_latin", "_done_han", "_done_latin", "_compound")

    def __init__(self, text: str, tokenizer: Tokenizer):
        self.text = text
        self.tokenizer = tokenizer
        self._han: set[int] = set()
        self._latin: set[int] = set()
        self._done_han: list[tuple[int, int]] = []
        self._done_latin: list[tuple[int, int]] = []
        # Inner split points of compound tokens whose two parts are both dictionary words of
        # two or more characters (真皮|沙发 inside 真皮沙发): those are word boundaries too.
        # 最|近 or 第一|步 are not, since one part is a single character.
        self._compound: set[int] = set()

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        begin = 0
        for m in _CLAUSE_END.finditer(text, 0, start):
            begin = m.end()
        m = _CLAUSE_END.search(text, end)
        stop = m.start() if m else len(text)
        return begin, max(stop, end)

    @staticmethod
    def _covered(done: list[tuple[int, int]], start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in done)

    def _ensure(self, start: int, end: int, han: bool) -> None:
        done = self._done_han if han else self._done_latin
        if self._covered(done, start, end):
            return
        a, b = self._clause(start, end)
        clause = self.text[a:b]
        marks = self._han if han else self._latin
        if han:
            pos = a
            freq = self.tokenizer.freq
            for tok in self.tokenizer.han_tokens(clause):
                marks.add(pos)
                for k in range(2, len(tok) - 1):
                    if freq(tok[:k]) and freq(tok[k:]):
                        self._compound.add(pos + k)
                pos += len(tok)
            marks.add(pos)
        else:
            for s, e in latin_token_spans(clause):
                marks.add(a + s)
                marks.add(a + e)
        done.append((a, b))

    def _quick(self, pos: int) -> bool | None:
        """Whether `pos` is a boundary when that needs no Han tokenizer; None between two Han
        characters."""
        text = self.text
        if pos <= 0 or pos >= len(text):
            return True
        before, after = text[pos - 1], text[pos]
        if before.isspace() or after.isspace():
            return True
        before_han, after_han = bool(_HAN.match(before)), bool(_HAN.match(after))
        if before_han != after_han:
            return True  # a change of script is always a word boundary
        if before_han:
            return None
        if _is_word_char(before) and _is_word_char(after):
            return False  # "cure" inside "secure": a run of letters never splits
        if self._hyphen_joined(pos):
            return False  # "sulfate-free" is one word for claims, though spaCy splits it
        # Punctuation next to a word ("#1", "world's", "$0"): spaCy's rules decide.
        self._ensure(pos, pos, han=False)
        return pos in self._latin

    def _han_boundary(self, pos: int) -> bool:
        self._ensure(pos, pos, han=True)
        return pos in self._han or pos in self._compound

    def is_boundary(self, pos: int) -> bool:
        quick = self._quick(pos)
        return self._han_boundary(pos) if quick is None else quick

    def _hyphen_joined(self, pos: int) -> bool:
        """True where `pos` sits next to a hyphen that joins two words ("sulfate-free")."""
        text = self.text
        for h in (pos - 1, pos):
            if 0 < h < len(text) - 1 and text[h] == "-" and text[h - 1].isalnum() and text[h + 1].isalnum():
                return True
        return False

    def aligned(self, start: int, end: int) -> bool:
        """Whether [start, end) begins and ends on token boundaries."""
        if start >= end:
            return False
        first, last = self._quick(start), self._quick(end)
        if first is False or last is False:
            return False
        if first is None or last is None:
            phrase = self.text[start:end]
            cross_index = self.tokenizer.cross_index
            if cross_index is not None and cross_index.get(phrase) is not None:
                if first is None and not cross_index.crosses_start(self.text, start, phrase):
                    first = True
                if last is None and not cross_index.crosses_end(self.text, start, phrase):
                    last = True
            if first is None:
                first = self._han_boundary(start)
            if last is None:
                last = first and self._han_boundary(end)
        return bool(first and last)


def index_of(sorted_positions: list[int], pos: int) -> int:
    return bisect.bisect_left(sorted_positions, pos)
