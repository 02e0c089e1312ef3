"""Stage 2b: word boundaries from the shared tokenizer, computed lazily.

jieba segments Han text and spaCy's blank English tokenizer segments Latin text. Both are slow
to load and to run (about 1 MB/s), so nothing here runs unless a rule has a candidate match: the
engine asks `Boundaries.aligned(start, end)` for a candidate, and only the clause around it is
tokenised, once per clause.
"""
from __future__ import annotations

import bisect
import re
import threading

# A clause ends at sentence punctuation or a line break; tokenising only the clause around a
# candidate keeps the cost proportional to what matched, not to the size of the listing.
_CLAUSE_END = re.compile(r"[。！？!?；;\n\r]|[.,，、:：](?=\s|$)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")

_lock = threading.Lock()
_jieba = None
_spacy_tokenizer = None
_user_words: set[str] = set()


def add_words(words) -> None:
    """Register rule phrases so jieba keeps them as single tokens (全网最低, 买一送一, ...)."""
    new = {w for w in words if w and _HAN.search(w)} - _user_words
    if not new:
        return
    _user_words.update(new)
    if _jieba is not None:
        for word in new:
            _jieba.add_word(word, freq=_word_freq(word))


def _word_freq(word: str) -> int:
    # High enough that a rule phrase wins over the dictionary's own split of the same characters,
    # scaled by length so a longer phrase beats a shorter one nested in it.
    return 20000 * len(word)


def _get_jieba():
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                from . import cache

                jieba.dt.tmp_dir = cache.directory()
                jieba.initialize()
                for word in _user_words:
                    jieba.add_word(word, freq=_word_freq(word))
                _jieba = jieba
    return _jieba


def _get_spacy():
    global _spacy_tokenizer
    if _spacy_tokenizer is None:
        with _lock:
            if _spacy_tokenizer is None:
                import spacy

                _spacy_tokenizer = spacy.blank("en").tokenizer
    return _spacy_tokenizer


def han_tokens(text: str) -> list[str]:
    return _get_jieba().lcut(text, HMM=True)


def latin_token_spans(text: str) -> list[tuple[int, int]]:
    return [(tok.idx, tok.idx + len(tok.text)) for tok in _get_spacy()(text)]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class Boundaries:
    """Token boundaries of one normalised text, filled in clause by clause on demand."""

    __slots__ = ("text", "_han", "_latin", "_done_han", "_done_latin", "_compound")

    def __init__(self, text: str):
        self.text = text
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
            words = _get_jieba().dt.FREQ
            for tok in han_tokens(clause):
                marks.add(pos)
                for k in range(2, len(tok) - 1):
                    if words.get(tok[:k]) and words.get(tok[k:]):
                        self._compound.add(pos + k)
                pos += len(tok)
            marks.add(pos)
        else:
            for s, e in latin_token_spans(clause):
                marks.add(a + s)
                marks.add(a + e)
        done.append((a, b))

    def is_boundary(self, pos: int, han: bool) -> bool:
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
            # Between two Han characters only jieba can tell.
            self._ensure(pos, pos, han=True)
            return pos in self._han or pos in self._compound
        if _is_word_char(before) and _is_word_char(after):
            return False  # "cure" inside "secure": a run of letters never splits
        if self._hyphen_joined(pos):
            return False  # "sulfate-free" is one word for claims, though spaCy splits it
        # Punctuation next to a word ("#1", "world's", "$0"): spaCy's rules decide.
        self._ensure(pos, pos, han=False)
        return pos in self._latin

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
        return self.is_boundary(start, True) and self.is_boundary(end, True)


def index_of(sorted_positions: list[int], pos: int) -> int:
    return bisect.bisect_left(sorted_positions, pos)
