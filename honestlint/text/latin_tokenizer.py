"""spaCy's blank English tokenizer, in pure Python, without importing spaCy.

`import spacy` alone costs over a second, and honestlint needs only where
`spacy.blank("en").tokenizer` puts its token boundaries. This module reproduces that tokenizer's
algorithm (spacy/tokenizer.pyx) step for step, driven by spaCy's own rules: the prefix, suffix
and infix regexes, the URL matcher, the special cases ("don't" -> do + n't, "e.g.", ":)") and
the patterns of its special-case matcher. spaCy compiles those regexes with the stdlib `re`, so
the same pattern strings give the same matches here.

The rules are extracted once from a real spaCy and kept in honestlint's cache directory, keyed
by spaCy's version (read from its package metadata, which does not import it) and by FORMAT. A
process that finds no usable cache loads spaCy once, extracts the rules and writes the cache.

Why a cache rather than rules shipped with honestlint: the rules belong to whichever spaCy is
installed (`spacy>=3.7` lets users have any 3.x), and spaCy changes them between releases. Rules
extracted from the spaCy that is actually installed can never be stale; shipped data would be
right for one spaCy version only and would still need this fallback for every other.

Everything here must agree exactly with spaCy; tests/test_latin_tokenizer.py compares the two.
"""
from __future__ import annotations

import os
import re
import sys

import _sre  # the regex engine behind re (see _precompile)

# Bump when the layout of the cached data, or what is derived from spaCy, changes.
FORMAT = 2
_MAGIC = b"honestlint-latin-rules\n"
_PREFIX = "latin-rules-"

# spaCy splits text on whitespace with str.isspace(); for str patterns `\s` is the same
# predicate (tests check every code point), and one regex pass is much faster than a Python
# loop over characters.
_RUNS = re.compile(r"\S+|\s+")

# The key that marks "a pattern ends here" in the special-case trie; no token is empty.
_END = ""

# spaCy caches the tokens of up to 10,000 distinct whitespace-separated chunks; so do we.
_MEMO_SIZE = 10000

# Which regex method spaCy calls for each rule. Anything else (a custom function, the `regex`
# module) cannot be described by a pattern string and makes extraction give up.
_METHODS = {
    "prefix_search": "search",
    "suffix_search": "search",
    "infix_finditer": "finditer",
    "token_match": "match",
    "url_match": "match",
}


class UnsupportedRules(Exception):
    """spaCy's tokenizer uses something this module cannot reproduce from pattern strings."""


class LatinTokenizer:
    """Token spans exactly as `spacy.blank("en").tokenizer` gives them, from extracted rules."""

    def __init__(self, data: dict):
        self.spacy_version = data["spacy"]
        self._sources = {name: data[name] for name in _METHODS}
        # ORTH pieces of each special case, keyed by the string they tokenize.
        self._specials: dict[str, tuple[str, ...]] = data["specials"]
        # Patterns of spaCy's special-case matcher as a trie of token texts (see _matcher_trie).
        self._trie: dict = data["trie"]
        # The regexes as compiled by this same Python (see _precompile), when the cache has them.
        self._precompiled = data.get("sre") if data.get("sre_stamp") == _sre_stamp() else None
        self._compiled: tuple | None = None
        self._memo: dict[str, tuple[int, ...]] = {}

    # -- regexes ----------------------------------------------------------------------------

    def _regexes(self) -> tuple:
        """(prefix_search, suffix_search, infix_finditer, token_match, url_match), made on first
        use, so that loading the cache stays cheap for a run that never needs them."""
        compiled = self._compiled
        if compiled is None:
            pre = self._precompiled or {}
            compiled = self._compiled = tuple(
                _compile(self._sources[name], method, pre.get(name)) for name, method in _METHODS.items())
        return compiled

    # -- tokenizing -------------------------------------------------------------------------

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every token spaCy would produce for `text`, whitespace tokens
        included."""
        tokens: list[tuple[int, int]] = []
        memo = self._memo
        for start, end, chunk in _chunks(text):
            lengths = memo.get(chunk)
            if lengths is None:
                lengths = tuple(map(len, self._chunk_tokens(chunk, self._specials)))
                # spaCy's own cache: deterministic, so it only saves time (see _chunk_tokens).
                if len(memo) < _MEMO_SIZE:
                    memo[chunk] = lengths
            for n in lengths:
                tokens.append((start, start + n))
                start += n
        if self._trie:
            tokens = self._apply_special_matcher(text, tokens)
        return tokens

    def _chunk_tokens(self, chunk: str, specials: dict | None) -> list[str]:
        """The tokens of one whitespace-free (or all-whitespace) chunk: spaCy's
        `_try_specials_and_cache`, `_split_affixes` and `_attach_tokens`. With `specials` None
        it tokenizes as spaCy does for the special-case matcher's own patterns.

        spaCy consults its chunk cache here too, both for the whole chunk and for what is left
        after the affixes are split off. Its cache holds only tokenizations of whole chunks with
        special cases on (nothing is cached while the tokenizer is being built: its cache size
        limit is still 0 then), and what is left after the affix loop is a fixed point of that
        loop, whose full tokenization is the same as tokenizing it here. So the cache never
        changes the result, and ignoring it is exact."""
        if specials is not None:
            pieces = specials.get(chunk)
            if pieces is not None:
                return list(pieces)
        prefix_search, suffix_search, infix_finditer, token_match, url_match = self._regexes()
        prefixes: list[str] = []
        suffixes: list[str] = []
        string = chunk
        last_size = 0
        # Peel prefixes and suffixes until nothing changes, stopping early at a special case or
        # a token_match (both keep the rest whole).
        while string and len(string) != last_size:
            if token_match is not None and token_match(string):
                break
            if specials is not None and string in specials:
                break
            last_size = len(string)
            pre_len = 0
            if prefix_search is not None:
                m = prefix_search(string)
                if m is not None:
                    pre_len = m.end() - m.start()
            if pre_len:
                minus_pre = string[pre_len:]
                if minus_pre and specials is not None and minus_pre in specials:
                    prefixes.append(string[:pre_len])
                    string = minus_pre
                    break
            suf_len = 0
            if suffix_search is not None:
                # spaCy looks for the suffix after the prefix, but cuts it from the whole string.
                m = suffix_search(string[pre_len:])
                if m is not None:
                    suf_len = m.end() - m.start()
            if suf_len:
                minus_suf = string[:-suf_len]
                if minus_suf and specials is not None and minus_suf in specials:
                    suffixes.append(string[-suf_len:])
                    string = minus_suf
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                prefixes.append(string[:pre_len])
                suffixes.append(string[-suf_len:])
                string = string[pre_len:-suf_len]
            elif pre_len:
                # Prefix and suffix overlap: only the prefix goes this round.
                prefixes.append(string[:pre_len])
                string = string[pre_len:]
            elif suf_len:
                suffixes.append(string[-suf_len:])
                string = string[:-suf_len]
        tokens = prefixes
        if string:
            pieces = specials.get(string) if specials is not None else None
            if pieces is not None:
                tokens.extend(pieces)
            elif (token_match is not None and token_match(string)) or (
                    url_match is not None and url_match(string)):
                tokens.append(string)
            else:
                tokens.extend(_split_infixes(string, infix_finditer))
        tokens.extend(reversed(suffixes))
        return tokens

    def _apply_special_matcher(self, text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """spaCy's `_apply_special_cases`: special cases that affix splitting took apart (":)"
        split into ":" and ")") are found again as token sequences and put back together."""
        trie = self._trie
        n = len(tokens)
        found = []
        # Every occurrence of every pattern, overlapping ones included (PhraseMatcher).
        for i in range(n):
            s, e = tokens[i]
            node = trie.get(text[s:e])
            if node is None:
                continue
            j = i + 1
            while True:
                if _END in node:
                    found.append((i, j))
                if j == n:
                    break
                s, e = tokens[j]
                node = node.get(text[s:e])
                if node is None:
                    break
                j += 1
        if not found:
            return tokens
        # Longest first, then leftmost; a match is kept when its first and last tokens are still
        # free, and every match looked at, kept or not, uses up its tokens (spaCy's
        # _filter_special_spans does exactly this).
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        seen: set[int] = set()
        kept = []
        for i, j in found:
            if i not in seen and j - 1 not in seen:
                kept.append((i, j))
            seen.update(range(i, j))
        kept.sort()
        out: list[tuple[int, int]] = []
        done = 0
        specials = self._specials
        for i, j in kept:
            out.extend(tokens[done:i])
            start, end = tokens[i][0], tokens[j - 1][1]
            # The matched text (with whatever whitespace lies between its tokens) must itself be
            # a special case; "a b" can match the tokens of "ab" and is then left alone.
            pieces = specials.get(text[start:end])
            if pieces is None:
                out.extend(tokens[i:j])
            else:
                for piece in pieces:
                    out.append((start, start + len(piece)))
                    start += len(piece)
            done = j
        out.extend(tokens[done:])
        return out


def _chunks(text: str):
    """(start, end, chunk) for each chunk spaCy tokenizes separately. Text splits into runs of
    whitespace and non-whitespace; a single space after a word belongs to that word (spaCy's
    `spacy` flag) and is dropped, so "a  b" gives "a", " ", "b". A whitespace run at the very
    start keeps its first space."""
    for m in _RUNS.finditer(text):
        start, end = m.span()
        chunk = m.group()
        if start and chunk[0] == " ":
            start += 1
            if start == end:
                continue
            chunk = chunk[1:]
        yield start, end, chunk


def _split_infixes(string: str, infix_finditer) -> list[str]:
    """spaCy's infix step: cut at every infix match, keeping non-empty infixes as tokens. A
    match at position 0 is ignored (it stays part of the first piece)."""
    matches = list(infix_finditer(string)) if infix_finditer is not None else ()
    if not matches:
        return [string]
    tokens = []
    start = 0
    for m in matches:
        infix_start, infix_end = m.span()
        if infix_start == 0:
            continue
        if infix_start != start:
            tokens.append(string[start:infix_start])
        if infix_start != infix_end:
            tokens.append(string[infix_start:infix_end])
        start = infix_end
    if string[start:]:
        tokens.append(string[start:])
    return tokens


def _compile(source, method: str, precompiled=None):
    if source is None:
        return None
    pattern, flags = source
    compiled = None
    if precompiled is not None:
        try:
            if precompiled[0] == pattern:
                compiled = _sre.compile(*precompiled)
        except Exception:  # noqa: BLE001  (any doubt: compile from the source)
            compiled = None
    if compiled is None:
        compiled = re.compile(pattern, flags)
    return getattr(compiled, method)


# spaCy's English regexes are large (the infix one is 15,000 characters of character classes)
# and re.compile needs about 50 ms for them, more than everything else this module does in a
# short run. re.compile is sre_parse + sre_compile in Python, ending in _sre.compile(pattern,
# flags, code, ...) with a list of integers; the cache keeps those arguments, so a later run
# only calls _sre.compile. They are specific to the Python build, so they are stamped with it
# and used only by the same build; _sre.compile validates the code it is given, the cache has
# a checksum, and at extraction the result must compare equal to re.compile's (CPython
# compares the pattern, flags and compiled code). Any mismatch or error means re.compile.


def _sre_stamp() -> tuple:
    return (sys.version, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))


def _precompile(pattern: str, flags: int):
    """The arguments re.compile passes to _sre.compile for this pattern, or None when they
    cannot be had or do not reproduce re.compile's pattern exactly."""
    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (pattern, int(flags | parsed.state.flags), code, parsed.state.groups - 1,
                groupindex, tuple(indexgroup))
        if _sre.compile(*args) != re.compile(pattern, flags):
            return None
        return args
    except Exception:  # noqa: BLE001  (private API of this Python; fall back to re.compile)
        return None


def _matcher_trie(patterns) -> dict:
    trie: dict = {}
    for pattern in patterns:
        node = trie
        for token in pattern:
            node = node.setdefault(token, {})
        node[_END] = None
    return trie


# -- extraction (needs spaCy) ---------------------------------------------------------------


def _pattern_source(fn, method: str):
    if fn is None:
        return None
    pattern = getattr(fn, "__self__", None)
    if not isinstance(pattern, re.Pattern) or getattr(fn, "__name__", None) != method \
            or not isinstance(pattern.pattern, str):
        raise UnsupportedRules(f"{fn!r} is not re.Pattern.{method}")
    return (pattern.pattern, pattern.flags)


def extract(tokenizer, spacy_version: str) -> dict:
    """The data LatinTokenizer needs, read from a spaCy Tokenizer (normally
    `spacy.blank("en").tokenizer`). Raises UnsupportedRules when a rule is not a stdlib regex."""
    from spacy.symbols import ORTH

    data: dict = {"format": FORMAT, "spacy": spacy_version}
    for name, method in _METHODS.items():
        data[name] = _pattern_source(getattr(tokenizer, name), method)
    specials = {}
    for string, attrs in tokenizer.rules.items():
        # Each piece is a dict of attributes; spaCy accepts ORTH as the symbol or as "ORTH".
        pieces = tuple(piece.get(ORTH, piece.get("ORTH")) for piece in attrs)
        if not all(isinstance(p, str) and p for p in pieces) or "".join(pieces) != string:
            raise UnsupportedRules(f"special case {string!r}: {attrs!r}")
        specials[string] = pieces
    data["specials"] = specials
    # The special-case matcher holds, for each special case that affixes or a space could take
    # apart, the tokens spaCy gives that string with special cases off. With faster_heuristics
    # off every special case is in it. Which ones qualify is asked of spaCy itself.
    fast = tokenizer.faster_heuristics
    matched = [s for s in sorted(specials)
               if not fast or tokenizer.find_prefix(s) or tokenizer.find_infix(s)
               or tokenizer.find_suffix(s) or " " in s]
    plain = LatinTokenizer({**data, "trie": {}})
    patterns = []
    for string in matched:
        pattern = tuple(string[s:e] for s, e in _affix_spans(plain, string))
        if pattern:
            patterns.append(pattern)
    data["trie"] = _matcher_trie(patterns)
    sre = {}
    for name in _METHODS:
        if data[name] is not None:
            args = _precompile(*data[name])
            if args is not None:
                sre[name] = args
    data["sre"] = sre
    data["sre_stamp"] = _sre_stamp()
    return data


def _affix_spans(tok: LatinTokenizer, text: str) -> list[tuple[int, int]]:
    """spaCy's `_tokenize_affixes(text, with_special_cases=False)`."""
    spans = []
    for start, _end, chunk in _chunks(text):
        for piece in tok._chunk_tokens(chunk, None):
            spans.append((start, start + len(piece)))
            start += len(piece)
    return spans


# -- the cache ------------------------------------------------------------------------------


def spacy_version() -> str | None:
    """The installed spaCy's version, from its package metadata (importing spaCy to ask would
    cost the second this module exists to save)."""
    from importlib import metadata

    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return None


def cache_path(version: str) -> str:
    from ..core import cachedir as cache

    safe = re.sub(r"[^0-9A-Za-z.+_-]", "_", version)
    return os.path.join(cache.directory(), f"{_PREFIX}{safe}-f{FORMAT}.marshal")


def read_cache(path: str, version: str) -> dict | None:
    """The cached rules, or None when the file is missing, damaged or for another version."""
    import marshal
    import zlib

    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = blob[head:]
    # A checksum, because marshal is not meant for damaged input: a truncated or overwritten
    # file must be rebuilt, never half-read.
    if int.from_bytes(blob[len(_MAGIC):head], "big") != zlib.crc32(payload):
        return None
    try:
        data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not _valid(data, version):
        return None
    return data


def _valid(data, version: str) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("spacy") != version:
        return False
    for name in _METHODS:
        source = data.get(name, 0)
        if source is not None and not (isinstance(source, tuple) and len(source) == 2
                                       and isinstance(source[0], str) and isinstance(source[1], int)):
            return False
    return (isinstance(data.get("specials"), dict) and isinstance(data.get("trie"), dict)
            and isinstance(data.get("sre"), dict))


def write_cache(path: str, data: dict) -> None:
    """Write atomically (a reader sees the old file or the new one, never half of one) and drop
    caches of other spaCy versions, keeping a couple for switching between environments."""
    import marshal
    import zlib

    from ..core import cachedir as cache

    payload = marshal.dumps(data)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(_MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, path)
        cache.prune(_PREFIX, keep=path, spare=3)
    except OSError:
        # A read-only cache only costs loading spaCy again next time.
        try:
            os.remove(tmp)
        except OSError:
            pass


class SpacyTokenizer:
    """spaCy itself, for rules this module cannot reproduce."""

    def __init__(self, tokenizer):
        self._tokenizer = tokenizer

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(tok.idx, tok.idx + len(tok.text)) for tok in self._tokenizer(text)]


def load():
    """A tokenizer with spaCy's English rules: from the cache when it is there, else from spaCy
    (and then the cache is written for the next process)."""
    version = spacy_version()
    path = cache_path(version) if version is not None else None
    if path is not None:
        data = read_cache(path, version)
        if data is not None:
            return LatinTokenizer(data)
    import spacy  # raises ImportError, as before, when spaCy is missing

    tokenizer = spacy.blank("en").tokenizer
    try:
        data = extract(tokenizer, version or spacy.__version__)
    except UnsupportedRules:
        return SpacyTokenizer(tokenizer)
    if path is not None:
        write_cache(path, data)
    return LatinTokenizer(data)
