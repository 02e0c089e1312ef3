"""honestlint.text.latin_tokenizer must give exactly the token spans of spacy.blank("en").tokenizer,
and its rule cache must be rebuilt, never trusted, when it is missing or damaged."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honestlint.text import latin_tokenizer as lt
from text_sources import strings as all_strings

spacy = pytest.importorskip("spacy")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reference():
    return spacy.blank("en").tokenizer


@pytest.fixture(scope="module")
def data(reference):
    return lt.extract(reference, lt.spacy_version())


@pytest.fixture(scope="module")
def ours(data):
    return lt.LatinTokenizer(data)


def spacy_spans(tokenizer, text):
    return [(t.idx, t.idx + len(t.text)) for t in tokenizer(text)]


def check(reference, ours, text):
    expected = spacy_spans(reference, text)
    got = ours.spans(text)
    assert got == expected, (text, [text[a:b] for a, b in expected], [text[a:b] for a, b in got])


# -- (a) generated text ---------------------------------------------------------------------

WORDS = ["Best", "seller", "world", "free", "shipping", "USB", "Type-C", "iPhone", "x", "A", "ok",
         "café", "naïve", "Über", "ca", "n't", "'s", "'S", "’s", "gonna", "cannot", "Mr", "vs"]
CONTRACTIONS = ["don't", "Don't", "world's", "y'all", "Y'all", "can't", "won't", "I'm", "it's",
                "we'd", "they're", "ain't", "o'clock", "rock'n'roll", "’tis", "don’t", "'em"]
ABBREVIATIONS = ["e.g.", "i.e.", "U.S.", "U.S.A.", "etc.", "Mr.", "Dr.", "a.m.", "p.m.", "No.",
                 "Inc.", "vs.", "U.K.", "Jan.", "St.", "A.", "z."]
PUNCT = list("!?.,;:()[]{}\"'`#&*/\\|@%^_~<>=+-") + ["...", "…", "—", "–", "--", "''", "``",
                                                      "“", "”", "‘", "’", "«", "»", "¿", "¡"]
DIGITS = ["1", "#1", "10", "100%", "3.5", "2026-12", "1,000", "5-6", "10km", "5kg", "2x", "3pm",
          "1st", "+1", "12:30", "50°C", "°F.", "1/2", "0.99", "99.9%", "4+"]
CURRENCY = ["$", "$10", "$9.99", "€", "€5", "£", "£20.", "¥", "¥100", "US$5", "C$", "₹", "₽",
            "10$", "5€"]
EMOJI = ["😀", "👍", "👍🏽", "❤️", "🔥🔥", "✓", "★", "©", "®", "™", "♥", ":)", ":-(", "<3", ";)",
         "xD", "o.O", "¯\\_(ツ)_/¯", "(:"]
URLS = ["http://example.com", "https://www.shop.com/p?id=1&x=2", "www.example.org",
        "example.com/path.", "ftp://a.b.co", "http://127.0.0.1:8080/x", "shop.example.co.uk",
        "HTTP://EXAMPLE.COM", "localhost:3000", "a.b"]
EMAILS = ["me@example.com", "sales@shop.co.uk", "a.b+c@x.io", "foo@bar", "@handle", "user@"]
OTHER_SCRIPTS = ["包邮", "全网最低", "Привет", "мир", "Ελλάδα", "日本", "한국어", "עברית", "العربية",
                 "ไทย", "ß", "ÆØÅ"]
SEPARATORS = ["", "", " ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", " \n", "\n ", "\r\n",
              "\u00a0", "\u2009", "\u3000", " \t "]

fragments = st.one_of(
    st.sampled_from(WORDS + CONTRACTIONS + ABBREVIATIONS + PUNCT + DIGITS + CURRENCY + EMOJI
                    + URLS + EMAILS + OTHER_SCRIPTS),
    st.text(alphabet="abcXYZ019-.,'’!?#$%&()/:@ \t\n", max_size=6),
    # spaCy cannot take lone surrogates (it encodes text to UTF-8); see test_lone_surrogates.
    st.characters(codec="utf-8"),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(fragments, st.sampled_from(SEPARATORS)), max_size=12))
def test_generated_text_matches_spacy(reference, ours, parts):
    check(reference, ours, "".join(a + b for a, b in parts))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_arbitrary_unicode_matches_spacy(reference, ours, text):
    check(reference, ours, text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_special_cases_next_to_affixes_match_spacy(reference, ours, data):
    # Special cases glued to punctuation are what spaCy's special-case matcher is for.
    specials = sorted(reference.rules)
    parts = data.draw(st.lists(st.one_of(st.sampled_from(specials), st.sampled_from(PUNCT + WORDS)),
                               min_size=1, max_size=6))
    seps = data.draw(st.lists(st.sampled_from(["", "", "", " ", "\n"]), min_size=len(parts),
                              max_size=len(parts)))
    check(reference, ours, "".join(p + s for p, s in zip(parts, seps)))


def test_lone_surrogates_do_not_raise(reference, ours):
    # The one difference: spaCy raises UnicodeEncodeError on a lone surrogate (it hashes the
    # UTF-8 bytes of each chunk). JSON input cannot carry one, and a word boundary is a better
    # answer than a crash, so here it is simply a character like any other.
    text = "Best\ud800seller! \udfff"
    with pytest.raises(UnicodeEncodeError):
        reference(text)
    spans = ours.spans(text)
    assert "".join(text[a:b] for a, b in spans) == text.replace(" ", "")
    assert all(a < b for a, b in spans) and spans == sorted(spans)


# -- (b) edge cases -------------------------------------------------------------------------

EDGE_CASES = [
    "", " ", "  ", "\n", " \n ", "\t\t", "a", "Best seller!", "Best seller! Plain notebook",
    "#1 best seller", "#1", "world's best", "The world's best coffee grinder", "don't", "DON'T",
    "y'all", "U.S.", "made in the U.S.", "U.S.-made", "e.g., this", "(e.g.)", "i.e.:", "etc.)",
    "a  b", " a", "  a", "a ", "a  ", "a \n b", "a\tb", "a\u00a0b", "a \u00a0 b", "\u00a0",
    "hello:)", ":):)", "x:):", "x:):)", "x;):", "a:-):", ":-)", "(:", "<3", "o.O", "o_O", "C++", "C++!", "’’", "''", "``",
    "\"Hi,\" she said.", "'quoted'", "‘single’", "“double”", "...", "…", "wait...what",
    "U.S.A.", "Mr.Smith", "mr.", "Dr. Who", "5-6", "ab:cd", "well-known", "sulfate-free",
    "state-of-the-art", "x-", "-x", "--", "—", "a—b", "a–b", "can't!", "gonna", "Gonna",
    "gotta go", "cannot", "'s", "'S", "’s", "it's", "its'", "$10.99", "$", "10$", "US$10",
    "€5,99", "£20.", "¥100", "100%", "99.9%.", "10km", "10 km", "5kg.", "50°C.", "-5°F.",
    "1+1=2", "2*3", "3^2", "1/2", "12:30pm", "10:30-11:00", "http://example.com/x?y=1.",
    "https://www.shop.com/p?id=1&x=2,", "(www.example.org)", "mail me@x.com!",
    "<me@example.com>", "http://127.0.0.1", "http://10.0.0.1/x", "a.b.c", "lower.Upper",
    "A.B", "a,b", "1,000,000", "a/b", "a=b", "a<b", "😀😀", "👍🏽!", "❤️Love", "Love❤️",
    "★★★★★", "©2026", "™.", "包邮 free shipping", "全网最低!", "Привет, мир!", "ß.", "ü.",
    "Ü.", "naïve café.", "\\n", "\\t", "<space>", "a\\nb", "\r\n", "x\u2028y", "\u3000",
    "\u200b", "a\u200bb", "\x1c", "a\x1fb", "''s", "'s'", "rock'n'roll", "'n'", "'til",
    "o'clock", "O'Neill", "ma'am", "y’all’s", "Y'ALL", "Ph.D.", "ph.d", "a.m.", "p.m.",
    "12p.m.", "No.1", "No. 1", "no.", "Jan.1", "St.Louis", "vs.", "v.", "'em", "’em",
    "(don't)", "\"don't\"", "don't.", "don't!", "I'm", "im", "Im", "i'm.", "We'll", "we'll.",
    "Best-seller!!", "!!!", "?!", "a?b", "a!b", "#hashtag", "@user", "@", "#", "&", "A&B",
    "AT&T", "R&D", "Q&A", "x" * 50, "a" + " " * 10 + "b", "\n".join(["a", "b", "c"]),
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_match_spacy(reference, ours, text):
    check(reference, ours, text)


def test_every_special_case_matches_spacy(reference, ours):
    # Each special case alone and wrapped in the affixes that take it apart or leave it whole.
    for string in reference.rules:
        for text in (string, f"({string})", f"{string}!", f"\"{string}\"", f"x{string}",
                     f"{string}x", f"{string}{string}", f"{string} {string}", f"...{string}..."):
            check(reference, ours, text)


def test_glued_special_cases_match_spacy(reference, ours):
    # Two special cases glued to a word, where affixes take both apart and the special-case
    # matcher has to choose between overlapping matches (x:): is x + :) + :, not x + : + ):).
    glued = sorted(s for s in reference.rules if not re.search(r"\w", s))
    assert len(glued) > 50
    for a in glued:
        for b in glued:
            check(reference, ours, f"x{a}{b}")
            check(reference, ours, f"{a}{b}x")


# -- (b') the algorithm on rules English does not exercise ----------------------------------
#
# Some branches of spaCy's algorithm never decide anything with the English rules (an infix
# matching at position 0 or matching the empty string, a suffix whose lookbehind sees the
# prefix, a token_match, a special case containing a space, the matcher's tie-breaks between
# overlapping matches). A small tokenizer built with spaCy's own Tokenizer class exercises
# them, and extract() reads it as it reads the English one.


def _synthetic(vocab, faster_heuristics):
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    def single(*strings):
        return {s: [{ORTH: s}] for s in strings}

    rules = single("<|>", ">|<", "|<", "<|", "|>", "a.b", "a.b!", "(a.b", "q", "x y", "p  q", "(b",
                   " ", "\n", "\t")
    rules.update({
        "zz": [{ORTH: "z"}, {ORTH: "z"}],
        "ab.": [{ORTH: "ab"}, {ORTH: "."}],
        "$1": [{ORTH: "$"}, {ORTH: "1"}],
        "do-it": [{ORTH: "do"}, {ORTH: "-it"}],
    })
    return Tokenizer(
        vocab,
        rules=rules,
        prefix_search=re.compile(r"^[(<>|\[\"$]|^\.\.+").search,
        suffix_search=re.compile(r"[)<>|\]\".!]$|(?<=[0-9])%$|(?<=\(.)d$|\|x$").search,
        infix_finditer=re.compile(r"-|\.|(?=z)|^a|(?<=b)(?=c)").finditer,
        token_match=re.compile(r"^#[a-z]+$").match,
        url_match=re.compile(r"^[a-z]+\.[a-z]+$").match,
        faster_heuristics=faster_heuristics,
    )


@pytest.fixture(scope="module", params=[True, False], ids=["faster-heuristics", "all-specials-matched"])
def synthetic(request):
    reference = _synthetic(spacy.blank("en").vocab, request.param)
    return reference, lt.LatinTokenizer(lt.extract(reference, "synthetic"))


SYNTHETIC_CASES = [
    "x<|>|<", "<|>", "<|>|<", "x<|>", "<|>x", "<|x", "x<|", "|>", "x|>", "x<|>|", "<>|<>",
    "ab-c", "a-b", "abc", "bc", "abcz", "yzz", "zz", "xzz", "zzz", "(zz)", "q", "(q)", "qa",
    "(cd", "(cd)", "[cd", "cd", "(#ab)", "#ab", "#ab.", "(#ab", "ab.cd", "(ab.cd)", "a.b",
    "(a.b", "(a.b)", "(a.b!", "a.b!", "a.b!!", "ab.", "(ab.", "ab.)", "x y", "x  y", "x\ny",
    "(x y)", "x yx y", "p  q", "p q", "(p  q)", "$1", "($1)", "$1%", "1%", "..a", "...", "do-it",
    "(do-it)", "do-it!", "\"x\"", "b", "(b", "((b", "(b)", "x(b", " x", "  ", "x \n y", "(|x",
    "<|x", "|x", "(|x)",
]


@pytest.mark.parametrize("text", SYNTHETIC_CASES)
def test_synthetic_rules_edge_cases(synthetic, text):
    check(*synthetic, text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(["<|>", ">|<", "|<", "<|", "|>", "a.b", "a.b!", "(a.b",
                                           "x y", "p  q", "zz", "ab.", "$1", "do-it", "#ab"]),
                          st.text(alphabet="()[]<>|\".!-%$#abcdqxyz1 \n", max_size=4)), max_size=8))
def test_synthetic_rules_generated(synthetic, parts):
    check(*synthetic, "".join(parts))


# -- (c) real text from the project ---------------------------------------------------------


def _rule_example_strings():
    found = []
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        docs = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "examples":
                        found.extend(all_strings(value, keys=False))
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(docs)
    return found


def _data_strings():
    found = []
    for folder in (ROOT / "tests" / "data", ROOT / "examples"):
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".json":
                found.extend(all_strings(json.loads(path.read_text(encoding="utf-8")), keys=False))
            elif path.suffix == ".jsonl":
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        found.extend(all_strings(json.loads(line), keys=False))
    return found


def _latin(strings):
    # "English" here: anything with a Latin letter (mixed-script titles included).
    return sorted({s for s in strings if re.search("[A-Za-z]", s)})


def test_rule_examples_match_spacy(reference, ours):
    strings = _latin(_rule_example_strings())
    assert len(strings) > 100  # the rule packs are there and were read
    for text in strings:
        check(reference, ours, text)


def test_test_data_strings_match_spacy(reference, ours):
    strings = _latin(_data_strings())
    assert len(strings) > 20
    for text in strings:
        check(reference, ours, text)


# -- the pieces the algorithm rests on ------------------------------------------------------


def test_regex_whitespace_is_str_isspace():
    # spaCy splits with str.isspace(); _chunks splits with the regex \s.
    space = re.compile(r"\s")
    assert all((space.match(c) is not None) == c.isspace() for c in map(chr, range(0x110000)))


def test_spacy_rules_are_stdlib_regexes(reference, data):
    for name, method in lt._METHODS.items():
        fn = getattr(reference, name)
        if fn is None:
            assert data[name] is None
        else:
            assert isinstance(fn.__self__, re.Pattern) and fn.__name__ == method
            assert data[name] == (fn.__self__.pattern, fn.__self__.flags)


def test_precompiled_regexes_equal_re_compile(data):
    assert data["sre"], "no precompiled regex: every run would pay ~50 ms of re.compile"
    for name, method in lt._METHODS.items():
        if data[name] is None:
            continue
        fn = lt._compile(data[name], method, data["sre"].get(name))
        # CPython compares pattern, flags and the compiled code.
        assert fn.__self__ == re.compile(*data[name])


def test_bad_precompiled_code_falls_back_to_re_compile(data):
    pattern, flags = data["infix_finditer"]
    args = list(data["sre"]["infix_finditer"])
    args[2] = [1, 2, 3]  # not valid SRE code
    fn = lt._compile((pattern, flags), "finditer", tuple(args))
    assert fn.__self__ == re.compile(pattern, flags)
    # Code cached by another Python build is ignored.
    other = dict(data, sre_stamp=("another python", 0, 0))
    assert lt.LatinTokenizer(other)._precompiled is None


def test_unsupported_rules_are_refused(reference):
    class Custom:
        def __getattr__(self, name):
            return getattr(reference, name)

        prefix_search = staticmethod(lambda s: None)

    with pytest.raises(lt.UnsupportedRules):
        lt.extract(Custom(), "x")


def test_unsupported_rules_fall_back_to_spacy(cache_dir, monkeypatch, reference):
    def refuse(tokenizer, version):
        raise lt.UnsupportedRules("test")

    monkeypatch.setattr(lt, "extract", refuse)
    tok = lt.load()
    assert isinstance(tok, lt.SpacyTokenizer)
    check(reference, tok, "Best seller! world's #1")
    assert _cache_files(cache_dir) == []  # nothing cached that could not be reproduced


# -- the cache ------------------------------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HONESTLINT_CACHE_DIR", str(tmp_path))
    return tmp_path


def _cache_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("latin-rules-"))


def test_missing_cache_is_built_from_spacy(cache_dir, reference, data):
    version = lt.spacy_version()
    path = lt.cache_path(version)
    assert path.startswith(str(cache_dir)) and not os.path.exists(path)
    tok = lt.load()
    assert isinstance(tok, lt.LatinTokenizer)
    assert _cache_files(cache_dir) == [os.path.basename(path)]
    assert lt.read_cache(path, version) == data
    check(reference, tok, "Best seller! world's #1 (e.g.)")


@pytest.mark.parametrize("damage", ["truncate", "truncate-header", "empty", "garbage", "bitflip",
                                    "wrong-structure", "other-version"])
def test_damaged_cache_is_rebuilt(cache_dir, reference, data, damage):
    version = lt.spacy_version()
    path = lt.cache_path(version)
    lt.write_cache(path, data)
    blob = Path(path).read_bytes()
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "truncate-header":
        blob = blob[:10]
    elif damage == "empty":
        blob = b""
    elif damage == "garbage":
        blob = os.urandom(len(blob))
    elif damage == "bitflip":
        blob = blob[:-100] + bytes([blob[-100] ^ 0x40]) + blob[-99:]
    else:
        import marshal
        import zlib

        bad = {"format": lt.FORMAT, "spacy": version, "specials": []} if damage == "wrong-structure" \
            else dict(data, spacy="0.0.1")
        payload = marshal.dumps(bad)
        blob = lt._MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload
    Path(path).write_bytes(blob)
    assert lt.read_cache(path, version) is None
    tok = lt.load()  # must not raise
    check(reference, tok, "Best seller! world's #1 (e.g.)")
    assert lt.read_cache(path, version) == data  # rewritten


def test_unwritable_cache_still_tokenizes(tmp_path, monkeypatch, reference):
    target = tmp_path / "ro"
    target.mkdir()
    monkeypatch.setattr(lt, "cache_path", lambda version: str(target / "missing-dir" / "x.marshal"))
    check(reference, lt.load(), "Best seller!")
    assert not (target / "missing-dir").exists()


def test_other_spacy_versions_are_pruned(cache_dir, data):
    for version in ("3.0.0", "3.1.0", "3.2.0", "3.3.0"):
        stale = cache_dir / f"latin-rules-{version}-f{lt.FORMAT}.marshal"
        stale.write_bytes(b"old")
        os.utime(stale, (1, 1))
    lt.write_cache(lt.cache_path(lt.spacy_version()), data)
    files = _cache_files(cache_dir)
    assert os.path.basename(lt.cache_path(lt.spacy_version())) in files
    assert len(files) == 3


SUBPROCESS = """
import sys
from honestlint.text.tokenize import latin_token_spans
print(latin_token_spans("Best seller! world's #1"))
print("spacy" in sys.modules)
"""


def _run(cache_dir):
    env = dict(os.environ, HONESTLINT_CACHE_DIR=str(cache_dir))
    out = subprocess.run([sys.executable, "-c", SUBPROCESS], env=env, cwd=ROOT, check=True,
                         stdout=subprocess.PIPE, text=True).stdout.splitlines()
    return out[0], out[1] == "True"


def test_warm_cache_does_not_import_spacy(cache_dir, reference):
    expected = str(spacy_spans(reference, "Best seller! world's #1"))
    spans, imported = _run(cache_dir)  # cold: builds the cache with spaCy
    assert spans == expected and imported
    spans, imported = _run(cache_dir)  # warm
    assert spans == expected and not imported


def test_cli_with_warm_cache_does_not_import_spacy(tmp_path):
    listing = tmp_path / "one.json"
    listing.write_text(json.dumps({"id": "a", "lang": "en", "title": "Best seller!"}), encoding="utf-8")
    # The user's cache directory, as a real run uses it: a fresh one would make the first run
    # rebuild every other cache too (seconds), for nothing this test looks at.
    cmd = [sys.executable, "-X", "importtime", "-m", "honestlint", str(listing)]
    for _ in range(2):  # the first run fills the caches if needed
        p = subprocess.run(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert "Best seller" in p.stdout  # the listing needed the Latin tokenizer
    imported = {line.rsplit("|", 1)[-1].strip() for line in p.stderr.splitlines() if line.startswith("import time:")}
    assert "honestlint.text.latin_tokenizer" in imported
    assert "spacy" not in imported


def test_tokenize_uses_it(reference):
    from honestlint.text import tokenize

    for text in ("Best seller!", "#1 best seller", "The world's best", "y'all don't"):
        assert tokenize.latin_token_spans(text) == spacy_spans(reference, text)
