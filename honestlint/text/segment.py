"""Chinese word segmentation equal to jieba's `lcut(text, HMM=False)`, without loading jieba.

What makes jieba slow to start is its prefix dictionary: about 350k words and every prefix of
each, put into one dict before the first cut (a second and 100+ MB). Yet a cut only ever looks
up substrings of the text that start at one of its characters, and every key a lookup can reach
from position i starts with the character at i. So here the dictionary is kept on disk in
shards by first character, and a shard is read only the first time a text holds its character:
opening costs one small index, a clause costs the shards of its own characters. Every segmenter
of a process reads through one `Dictionary`; the words a segmenter adds (a configuration's rule
phrases) are its own, applied to its own copies of the shards they start in.

The cache file is built once from jieba's own dict.txt (jieba stays a dependency as the data and
as the reference the tests compare with) and lives in honestlint's cache directory:

    magic (8 bytes) | header size (4 bytes, little-endian) | header (marshal) | shards

The header is (format, jieba version, total, first characters as one sorted str, shard end
offsets and CRC-32s as little-endian uint32 arrays). Each shard is a marshalled {key: freq}
holding the words that begin with its character and, as in jieba, their prefixes with
frequency 0. A CRC per shard catches damage that the header cannot see; a damaged or missing
file is rebuilt.
"""
from __future__ import annotations

import bisect
import marshal
import os
import re
import sys
import threading
import zlib
from array import array
from math import log

# Bump when the file layout or the meaning of its contents changes: it is part of the name.
FORMAT = 1
_MAGIC = b"HLSEG\x00%c\n" % FORMAT
_PREFIX = "segment-"

# jieba's block split (re_han_default / re_skip_default in jieba 0.42): runs of these
# characters go through the dictionary; anything else is cut into whitespace tokens ("\r\n"
# counts as one) and single characters. The ranges must stay exactly jieba's, including the
# odd end at U+9FD5, or tokens would differ at the edges of a run.
_RUN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SPACE = re.compile("(\r\n|\\s)")
# jieba glues consecutive single-character tokens that are ASCII letters or digits back into
# one token ("iphone15pro" has no dictionary words, so it comes out whole).
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

_U32 = next(code for code in "IL" if array(code).itemsize == 4)


class CorruptCache(ValueError):
    """The cache file is not one this code wrote for this jieba, or it was damaged."""


def dictionary_path() -> str:
    """jieba's bundled dict.txt, found without running jieba/__init__ (which alone costs about
    0.3 s: it imports pkg_resources and loads the HMM tables)."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("honestlint needs the jieba package: its dictionary is the word list")
    return os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")


_version: str | None = None


def jieba_version() -> str:
    """The installed jieba's version, read from its metadata (not by importing it)."""
    global _version
    if _version is None:
        from importlib import metadata

        try:
            _version = metadata.version("jieba")
        except metadata.PackageNotFoundError:
            # A vendored copy without metadata: key the cache on the dictionary file instead.
            st = os.stat(dictionary_path())
            _version = f"unknown-{st.st_size}-{int(st.st_mtime)}"
    return _version


def read_dictionary(path: str | None = None) -> tuple[dict[str, int], int]:
    """The words of a jieba dictionary file with their frequencies, and the total.

    Parsed as jieba's gen_pfdict does: each line stripped, the first two space-separated fields
    are word and frequency, a word listed twice keeps its last frequency while the total counts
    both (dict.txt lists B超 twice, so this matters for `total`)."""
    words: dict[str, int] = {}
    total = 0
    with open(path or dictionary_path(), "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                word, count = line.decode("utf-8").split(" ")[:2]
                count = int(count)
            except ValueError:
                raise ValueError(f"invalid dictionary entry at line {lineno}: {line!r}") from None
            words[word] = count
            total += count
    return words, total


def _add(shard: dict[str, int], word: str, freq: int) -> None:
    # jieba's add_word: the word gets exactly this frequency (replacing any earlier one), and each
    # of its prefixes that is not yet a key becomes one with frequency 0, so that the prefix walk
    # in a cut goes on past it. All prefixes share the word's first character: same shard.
    shard[word] = freq
    for end in range(1, len(word)):
        shard.setdefault(word[:end], 0)


def build(dict_path: str | None = None, version: str | None = None) -> bytes:
    """The bytes of a cache file for this dictionary."""
    words, total = read_dictionary(dict_path)
    shards: dict[str, dict[str, int]] = {}
    # Every word first, then the prefixes: a prefix that is also a word keeps its frequency
    # whatever the order of the lines, as in jieba (a word line overwrites, a prefix never does).
    for word, count in words.items():
        shards.setdefault(word[0], {})[word] = count
    for word in words:
        shard = shards[word[0]]
        for end in range(1, len(word)):
            shard.setdefault(word[:end], 0)
    chars = "".join(sorted(shards))
    blobs = []
    ends = array(_U32)
    crcs = array(_U32)
    pos = 0
    for ch in chars:
        blob = marshal.dumps(shards[ch])
        blobs.append(blob)
        pos += len(blob)
        ends.append(pos)
        crcs.append(zlib.crc32(blob))
    if sys.byteorder == "big":
        ends.byteswap()
        crcs.byteswap()
    header = marshal.dumps((FORMAT, version or jieba_version(), total, chars, ends.tobytes(), crcs.tobytes()))
    return b"".join([_MAGIC, len(header).to_bytes(4, "little"), header, *blobs])


_pread = getattr(os, "pread", None)  # not on Windows


class _FileView:
    """Byte ranges of an open cache file, read when asked for. Not mapped: a mapping would
    count the kernel's read-ahead around each touched shard (megabytes) in the process's RSS.
    The file stays open so that every read comes from the file the index was read from, even
    if another process replaces the cache meanwhile."""

    __slots__ = ("fh", "size")

    def __init__(self, fh):
        self.fh = fh
        self.size = os.fstat(fh.fileno()).st_size

    def __len__(self) -> int:
        return self.size

    def read(self, start: int, stop: int) -> bytes:
        # Callers hold the segmenter's lock, so seek-then-read is safe where pread is missing.
        if _pread is not None:
            return _pread(self.fh.fileno(), stop - start, start)
        self.fh.seek(start)
        return self.fh.read(stop - start)

    def close(self) -> None:
        self.fh.close()

    __del__ = close  # no "unclosed file" warning when a segmenter is dropped


class _Store:
    """The index of a cache file, and its shards on demand; the data is an open file or, when
    the cache could not be written, the built bytes."""

    __slots__ = ("data", "base", "total", "chars", "ends", "crcs")

    def __init__(self, data, version: str, head: bytes | None = None):
        self.data = data
        if head is None:
            head = data[:12 + int.from_bytes(data[8:12], "little")]
        try:
            if head[:8] != _MAGIC:
                raise CorruptCache("not a segmenter cache")
            size = int.from_bytes(head[8:12], "little")
            fmt, ver, total, chars, ends, crcs = marshal.loads(head[12:12 + size])
            self.ends = array(_U32)
            self.ends.frombytes(ends)
            self.crcs = array(_U32)
            self.crcs.frombytes(crcs)
        except (ValueError, EOFError, TypeError) as exc:  # marshal's and unpacking's errors
            raise CorruptCache(str(exc)) from None
        if sys.byteorder == "big":
            self.ends.byteswap()
            self.crcs.byteswap()
        if fmt != FORMAT or ver != version:
            raise CorruptCache("written for another format or jieba version")
        self.base = 12 + size
        # A truncated file is caught here, before any shard is read.
        if not (type(chars) is str and type(total) is int and len(self.ends) == len(chars) == len(self.crcs)
                and self.base + (self.ends[-1] if chars else 0) == len(data)):
            raise CorruptCache("truncated or inconsistent")
        self.total, self.chars = total, chars

    @classmethod
    def open(cls, path: str, version: str) -> "_Store":
        view = _FileView(open(path, "rb"))
        try:
            # The header and the index only: about 130 KB for jieba's 11.8k first characters.
            head = view.read(0, 12)
            if head[:8] != _MAGIC:
                raise CorruptCache("not a segmenter cache")
            # Bounded by the file's size: a damaged length must not ask for gigabytes.
            head += view.read(12, min(12 + int.from_bytes(head[8:12], "little"), len(view)))
            return cls(view, version, head)
        except BaseException:
            view.close()
            raise

    def close(self) -> None:
        if isinstance(self.data, _FileView):
            self.data.close()

    def shard(self, ch: str) -> dict[str, int]:
        """A fresh dict of the keys starting with `ch` (empty if there are none)."""
        chars = self.chars
        i = bisect.bisect_left(chars, ch)
        if i == len(chars) or chars[i] != ch:
            return {}
        start, stop = self.base + (self.ends[i - 1] if i else 0), self.base + self.ends[i]
        data = self.data.read(start, stop) if isinstance(self.data, _FileView) else self.data[start:stop]
        # The header check cannot see a damaged byte inside a shard; the CRC can, for a few
        # microseconds per shard. A file that shrank since it was opened gives a short read.
        if len(data) != stop - start or zlib.crc32(data) != self.crcs[i]:
            raise CorruptCache(f"shard {ch!r} damaged")
        try:
            shard = marshal.loads(data)
        except (ValueError, EOFError, TypeError) as exc:
            raise CorruptCache(str(exc)) from None
        if type(shard) is not dict:
            raise CorruptCache(f"shard {ch!r} damaged")
        return shard


class Dictionary:
    """jieba's dictionary from the sharded cache: the cache file, opened (or built) on first use,
    and the shards read so far, each as the file holds it. Reading a shard is the expensive part
    of a segmenter, so every segmenter of the process shares one dictionary (`shared()`); none
    changes a shard it is given (a segmenter's added words go into a copy of its own)."""

    _shared: "Dictionary | None" = None
    _shared_lock = threading.Lock()

    def __init__(self, cache_dir: str | None = None, dict_path: str | None = None):
        self._cache_dir = cache_dir
        self._dict_path = dict_path
        # Guards opening/rebuilding the cache and loading a shard; reading a loaded shard needs
        # no lock.
        self._lock = threading.RLock()
        self._store: _Store | None = None
        # Shards as the file holds them, by first character: shared, only read.
        self._shards: dict[str, dict[str, int]] = {}
        # The first characters of every shard read from the file, kept or handed out (what
        # the process paid for; the benchmark reports it).
        self.read: set[str] = set()

    @classmethod
    def shared(cls) -> "Dictionary":
        """The process's dictionary in honestlint's cache directory."""
        if cls._shared is None:
            with cls._shared_lock:
                if cls._shared is None:
                    cls._shared = cls()
        return cls._shared

    # -- the cache ---------------------------------------------------------------------------

    def cache_path(self) -> str:
        from ..core import cachedir as cache

        directory = self._cache_dir or cache.directory()
        version = jieba_version().replace(os.sep, "_")
        return os.path.join(directory, f"{_PREFIX}{version}-f{FORMAT}.bin")

    def _opened(self) -> _Store:
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    try:
                        self._store = _Store.open(self.cache_path(), jieba_version())
                    except (OSError, CorruptCache):
                        self._store = self._rebuild()
                store = self._store
        return store

    def _rebuild(self) -> _Store:
        """Build the cache from dict.txt and write it atomically; when it cannot be written, use
        the built bytes from memory (a read-only cache only costs the build next time)."""
        version = jieba_version()
        blob = build(self._dict_path, version)
        path = self.cache_path()
        tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except OSError:
            try:
                os.remove(tmp)  # a disk that filled up mid-write must not keep the part
            except OSError:
                pass
            return _Store(blob, version)
        if self._cache_dir is None:
            from ..core import cachedir as cache

            cache.prune(_PREFIX, keep=path, spare=2)
            # Earlier honestlint versions kept jieba's own cache here (9 MB); nothing reads it now.
            try:
                os.remove(os.path.join(os.path.dirname(path), "jieba.cache"))
            except OSError:
                pass
        try:
            return _Store.open(path, version)
        except (OSError, CorruptCache):
            return _Store(blob, version)

    @property
    def total(self) -> int:
        """The dictionary's total frequency (jieba's `dt.total` before any add_word)."""
        return self._opened().total

    def shard(self, ch: str) -> dict[str, int]:
        """The keys starting with `ch` and their frequencies, shared: only to be read."""
        shard = self._shards.get(ch)
        if shard is None:
            with self._lock:
                shard = self._shards.get(ch)
                if shard is None:
                    shard = self._shards[ch] = self.read_shard(ch)
        return shard

    def read_shard(self, ch: str) -> dict[str, int]:
        """A fresh dict of the keys starting with `ch`, the caller's to change."""
        if not ch:
            return {}  # only an added empty word lives here; no dictionary key is empty
        with self._lock:
            store = self._opened()
            try:
                shard = store.shard(ch)
            except CorruptCache:
                # Damaged after it was opened or inside a shard: rebuild once and read again.
                # Shards already read passed their CRC, so they stay.
                store.close()
                self._store = None
                self._store = self._rebuild()
                shard = self._store.shard(ch)
            self.read.add(ch)
            return shard


class Segmenter:
    """jieba's dictionary segmentation (`lcut(text, HMM=False)`) over the sharded cache.

    `add_word` behaves as jieba's `add_word(word, freq=...)`: it can be called before or after
    the first cut, and the words added so far count in `total` at each cut as in jieba. The
    words a segmenter adds are its own: two segmenters over one dictionary (by default the
    process's shared one) cut as two jieba Tokenizers given each its own add_word calls."""

    def __init__(self, cache_dir: str | None = None, dict_path: str | None = None,
                 dictionary: Dictionary | None = None):
        if dictionary is None:
            # A cache or dictionary of its own (the tests'): a dictionary of its own too.
            dictionary = Dictionary(cache_dir, dict_path) if cache_dir or dict_path else Dictionary.shared()
        self.dictionary = dictionary
        # Guards loading a shard and adding words; a cut itself only reads, like jieba's (whose
        # lock also covers only initialisation).
        self._lock = threading.RLock()
        # The shards this segmenter cuts with, by first character: the dictionary's own where it
        # added no word starting with that character, else a copy with its words applied.
        self._shards: dict[str, dict[str, int]] = {}
        # Words added, by first character, in order: a shard loaded later replays them, so
        # the result is the one jieba gets by applying every add_word to its full dictionary.
        self._added: dict[str, list[tuple[str, int]]] = {}
        self._added_total = 0

    def cache_path(self) -> str:
        return self.dictionary.cache_path()

    def _shard(self, ch: str) -> dict[str, int]:
        shard = self._shards.get(ch)
        if shard is None:
            with self._lock:
                shard = self._shards.get(ch)
                if shard is None:
                    added = self._added.get(ch)
                    if added:
                        shard = self.dictionary.read_shard(ch)
                        for word, freq in added:
                            _add(shard, word, freq)
                    else:
                        shard = self.dictionary.shard(ch)
                    self._shards[ch] = shard
        return shard

    # -- jieba's interface -------------------------------------------------------------------

    @property
    def total(self) -> int:
        """jieba's `dt.total`: the dictionary's total frequency plus every added word's."""
        return self.dictionary.total + self._added_total

    def add_word(self, word: str, freq: int) -> None:
        freq = int(freq)
        ch = word[:1]
        with self._lock:
            shard = self._shards.get(ch)
            if shard is not None and ch not in self._added:
                # The dictionary's shard, shared with other segmenters: words go into a copy.
                shard = self._shards[ch] = dict(shard)
            self._added.setdefault(ch, []).append((word, freq))
            self._added_total += freq
            if shard is not None:
                _add(shard, word, freq)

    def freq(self, word: str) -> int | None:
        """`jieba.dt.FREQ.get(word)`: a word's frequency, 0 for a mere prefix of a word, None for
        a string that is neither."""
        return self._shard(word[:1]).get(word)

    def cut(self, text: str) -> list[str]:
        """`jieba.lcut(text, HMM=False)`."""
        tokens: list[str] = []
        # split() with one group alternates text between runs (even) and runs (odd).
        for i, block in enumerate(_RUN.split(text)):
            if not block:
                continue
            if i % 2:
                self._cut_run(block, tokens)
            else:
                for j, piece in enumerate(_SPACE.split(block)):
                    if j % 2:
                        tokens.append(piece)
                    else:
                        tokens.extend(piece)
        return tokens

    def _cut_run(self, run: str, tokens: list[str]) -> None:
        n = len(run)
        shards = self._shards
        # log(total) at each cut, as jieba does in calc(): words added since change it.
        logtotal = log(self.dictionary.total + self._added_total)
        # score[i]: log-probability of the best split of run[i:]; step[i]: where its first word
        # ends. Filled right to left; the arithmetic is jieba's, term for term and in the same
        # order, so that floating-point ties come out the same.
        score: list[float] = [0.0] * n + [0]  # jieba's route[N] = (0, 0)
        step = [0] * (n + 1)
        for i in range(n - 1, -1, -1):
            shard = shards.get(run[i])
            if shard is None:
                shard = self._shard(run[i])
            best = None
            end = i + 1
            f = shard.get(run[i])
            # Walk longer and longer substrings while they are keys (words or prefixes of
            # words); each one that is a word (frequency > 0) is a candidate first word.
            while f is not None:
                if f:
                    candidate = (log(f) - logtotal + score[end], end)
                    # max() over (score, end) as jieba: equal scores go to the longer word.
                    if best is None or candidate > best:
                        best = candidate
                if end == n:
                    break
                end += 1
                f = shard.get(run[i:end])
            if best is None:
                # No word starts here: the character alone, with frequency 1 when unknown.
                best = (log(shard.get(run[i]) or 1) - logtotal + score[i + 1], i + 1)
            score[i], step[i] = best
        i = 0
        glued: list[str] = []
        while i < n:
            end = step[i]
            word = run[i:end]
            if end - i == 1 and word in _ASCII_ALNUM:
                glued.append(word)
            else:
                if glued:
                    tokens.append("".join(glued))
                    glued = []
                tokens.append(word)
            i = end
        if glued:
            tokens.append("".join(glued))
