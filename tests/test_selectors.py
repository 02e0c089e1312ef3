"""One meaning of a selector in all four places that read one: --select/--ignore, the
configuration (select, ignore, severity), per-file-ignores, and a listing's own ignore.

The rules are a small pack of our own (ids zz-...), so the table does not move when the
built-in rules do; findings of built-in rules are left out of every comparison."""
import json

import pytest

from honestlint.run import pipeline
from honestlint.run.options import Options

PACK = {
    "zz-colour": ("spec-mismatch", "zzcolourword"),
    "zz-colour-en": ("spec-mismatch", "zzcolourenword"),
    "zz-material": ("title-quality", "zzmaterialword"),
}
ALL_ZZ = set(PACK)
TITLE = " ".join(word for _category, word in PACK.values())

# selector -> the zz rules it names (README "Selectors")
TABLE = [
    ("ALL", ALL_ZZ),
    ("all", ALL_ZZ),
    ("zz-colour", {"zz-colour"}),              # an exact id: that rule only, not zz-colour-en
    ("zz-colour-", {"zz-colour-en"}),          # a prefix ending at a hyphen
    ("zz", ALL_ZZ),                            # a prefix: zz-...
    ("zz-", ALL_ZZ),
    ("zz-colour-en", {"zz-colour-en"}),
    ("spec-mismatch", {"zz-colour", "zz-colour-en"}),   # a category
    ("title-quality", {"zz-material"}),
]


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack")
    for rule_id, (category, word) in PACK.items():
        (folder / f"{rule_id}.yaml").write_text(
            f"id: {rule_id}\nkind: phrase\ncategory: {category}\nseverity: info\nlanguages: [en]\n"
            f"fields: [title]\nsummary: test rule\nmessage: \"{rule_id} fired on '{{text}}'\"\n"
            f"phrases: [{word}]\nexamples:\n  fire: [\"{word}\"]\n  pass: [\"nothing\"]\n", encoding="utf-8")
    return folder


def _zz(paths, options):
    with pipeline.run([str(p) for p in paths], options) as result:
        assert not result.errors, [str(e) for e in result.errors]
        return {(f.rule, f.severity) for f in result.findings if f.rule.startswith("zz-")}


def _rules(found):
    return {rule for rule, _severity in found}


def _write(folder, listing, config=None):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "listing.json"
    path.write_text(json.dumps(listing), encoding="utf-8")
    if config is not None:
        (folder / "honestlint.toml").write_text(config, encoding="utf-8")
    return path


def _toml_list(selector):
    return json.dumps([selector])


@pytest.mark.parametrize("selector, named", TABLE)
def test_one_meaning_in_every_place(tmp_path, pack, selector, named):
    listing = {"id": "x", "title": TITLE}
    plain = _write(tmp_path / "plain", listing)
    base = dict(rule_dirs=[str(pack)], cache_dir=None)

    # 1. the command line
    assert _rules(_zz([plain], Options(select=[selector], **base))) == named, "--select"
    assert _rules(_zz([plain], Options(ignore=[selector], **base))) == ALL_ZZ - named, "--ignore"
    assert _rules(_zz([plain], Options(select=["zz"], extend_select=[], **base))) == ALL_ZZ

    # 2. the configuration: select, ignore, severity
    configured = _write(tmp_path / "cfg-select", listing, f"select = {_toml_list(selector)}\n")
    assert _rules(_zz([configured], Options(**base))) == named, "select ="
    configured = _write(tmp_path / "cfg-ignore", listing, f"ignore = {_toml_list(selector)}\n")
    assert _rules(_zz([configured], Options(**base))) == ALL_ZZ - named, "ignore ="
    configured = _write(tmp_path / "cfg-severity", listing, f"[severity]\n{json.dumps(selector)} = \"error\"\n")
    found = _zz([configured], Options(**base))
    assert {rule for rule, severity in found if severity == "error"} == named, "[severity]"

    # 3. per-file-ignores
    configured = _write(tmp_path / "pfi", listing, f"[per-file-ignores]\n\"listing.json\" = {_toml_list(selector)}\n")
    assert _rules(_zz([configured], Options(**base))) == ALL_ZZ - named, "per-file-ignores"

    # 4. the listing's own ignore
    own = _write(tmp_path / "own", {**listing, "honestlint": {"ignore": [selector], "reason": "test"}})
    assert _rules(_zz([own], Options(**base))) == ALL_ZZ - named, "honestlint.ignore"


def test_all_in_a_listing_is_no_unused_suppression(tmp_path, pack):
    own = _write(tmp_path, {"id": "x", "title": TITLE, "honestlint": {"ignore": ["ALL"], "reason": "legacy copy"}})
    with pipeline.run([str(own)], Options(rule_dirs=[str(pack)], cache_dir=None)) as result:
        assert [f.rule for f in result.findings] == []


def test_an_exact_id_that_suppresses_nothing_is_reported(tmp_path, pack):
    own = _write(tmp_path, {"id": "x", "title": "zzcolourenword", "honestlint": {"ignore": ["zz-colour"]}})
    with pipeline.run([str(own)], Options(rule_dirs=[str(pack)], select=["zz"], cache_dir=None)) as result:
        assert sorted(f.rule for f in result.findings) == ["unused-suppression", "zz-colour-en"]
        unused = [f for f in result.findings if f.rule == "unused-suppression"][0]
        assert "suppresses nothing here" in unused.message


def test_the_unified_function_is_the_rules_one():
    # The run's finding selector is rules.matches_selector applied to the finding's rule.
    from honestlint.findings import Finding
    from honestlint.core.selector import finding_matches as selector_hits

    finding = Finding(rule="zz-colour-en", category="spec-mismatch", severity="info", listing="x", field="title",
                      file="f", line=1, column=1, end_line=1, end_column=2, text="t", message="m", suggestion="")
    ids = frozenset(PACK)
    assert [s for s, _named in TABLE if selector_hits(finding, s, ids)] == [
        s for s, named in TABLE if "zz-colour-en" in named]
