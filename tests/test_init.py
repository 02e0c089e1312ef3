"""`honestlint init`: every jurisdiction x platform writes a file the configuration loader
accepts and `honestlint check` uses with its settings in effect; citations come from the
rules; pyproject.toml is added to, or its table replaced, without touching anything else."""
import json
import os
import shutil
import tomllib

import pytest
from click.testing import CliRunner

from honestlint import cli, init
from honestlint.config import load_config_file
from honestlint.core.selector import finding_matches as selector_hits, matches_selector
from honestlint.ruleset import rule_packs

EXAMPLE = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "listing.json")
AS_OF = "2026-11-23"
COMBINATIONS = [(j, p) for j in init.JURISDICTION_NAMES for p in init.PLATFORM_NAMES]
# What each jurisdiction turns on (the config's own pack table, plus the packs written for uk).
EXPECTED_PACKS = {"cn": ["cn", "platform"], "tw": ["tw", "platform"], "us": ["us", "platform"],
                  "eu": ["eu", "platform"], "uk": ["eu", "platform"]}


def invoke(*args, input=None):
    return CliRunner().invoke(cli.main, [str(a) for a in args], input=input)


def check_json(*args):
    """`honestlint check --format json` (one process, no cache): (exit code, findings, stderr)."""
    result = invoke("check", "--format", "json", "--as-of", AS_OF, "-j", "1", "--no-cache", *args)
    findings = json.loads(result.stdout)["findings"] if result.stdout.strip() else []
    return result.exit_code, findings, result.stderr


def key(finding):
    return finding["rule"], finding["field"], finding["line"], finding["column"]


@pytest.fixture(scope="module")
def baselines(tmp_path_factory):
    """Messages and severities of the example under only a jurisdiction's packs, with the
    language given on the command line and no other setting: what a written file must match."""
    cache = {}

    def get(packs: tuple, lang: str) -> dict:
        if (packs, lang) not in cache:
            where = tmp_path_factory.mktemp("baseline")
            (where / "honestlint.toml").write_text(f"packs = {json.dumps(list(packs))}\n", encoding="utf-8")
            shutil.copy(EXAMPLE, where / "listing.json")
            code, findings, stderr = check_json("--lang", lang, where / "listing.json")
            assert code == 1, stderr
            cache[packs, lang] = {key(f): f for f in findings}
        return cache[packs, lang]

    return get


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    return tmp_path


@pytest.mark.parametrize("jurisdiction,platform", COMBINATIONS)
def test_every_combination_is_written_loaded_and_in_effect(here, jurisdiction, platform, builtin_rules, baselines):
    result = invoke("init", "--jurisdiction", jurisdiction, "--platform", platform)
    assert result.exit_code == 0, result.output
    assert "wrote honestlint.toml" in result.stdout

    cfg = load_config_file(str(here / "honestlint.toml"))
    lang = init.JURISDICTIONS[jurisdiction].lang
    choice = init.Choice(jurisdiction, platform, lang)
    overrides = {s.selector: s.level for s in init.severity_choices(choice)}
    assert cfg.packs == EXPECTED_PACKS[jurisdiction]
    assert cfg.lang == lang
    assert cfg.select == ["ALL"] and cfg.ignore == [] and cfg.fail_on == "warning"
    assert cfg.severity == overrides
    assert cfg.fields == init.PLATFORMS[platform].fields
    assert cfg.extend_exclude == list(init.PLATFORMS[platform].extend_exclude)

    shutil.copy(EXAMPLE, here / "listing.json")
    code, findings, stderr = check_json("listing.json")
    assert "error" not in stderr, stderr
    assert code == 1 and findings  # the example has errors; fail-on warning makes them count
    expected = baselines(tuple(EXPECTED_PACKS[jurisdiction]), lang)
    rules = {r.id: r for r in builtin_rules}
    ids = frozenset(rules)
    assert {key(f) for f in findings} == set(expected)
    for finding in findings:
        rule = rules[finding["rule"]]
        assert rule_packs(rule) & set(cfg.packs), finding["rule"]
        # lang: the message in the configured language, exactly as --lang gives it
        assert finding["message"] == expected[key(finding)]["message"]
        # severity: the last override naming the rule, else the rule's own level
        levels = [level for selector, level in overrides.items() if selector_hits(_Finding(finding), selector, ids)]
        assert finding["severity"] == (levels[-1] if levels else expected[key(finding)]["severity"]), finding["rule"]


class _Finding:
    def __init__(self, data):
        self.rule, self.category = data["rule"], data["category"]


def test_an_override_changes_a_finding_the_example_has(here, baselines):
    """The per-combination test compares against the rules' own levels; here one override is
    seen to change a level (Pinduoduo raises promotion terms in a title from info)."""
    invoke("init", "--platform", "pinduoduo")
    shutil.copy(EXAMPLE, here / "listing.json")
    _code, findings, _stderr = check_json("listing.json")
    before = baselines(("cn", "platform"), "zh")
    promo = [f for f in findings if f["rule"] == "title-promo-zh"]
    assert promo and all(f["severity"] == "warning" for f in promo)
    assert all(before[key(f)]["severity"] == "info" for f in promo)


def test_configured_lang_is_used_where_the_default_would_differ(here):
    """The text report answers each listing in its own language by default (auto: the
    example's is zh); a config written for the US makes it English, as --lang en does."""
    shutil.copy(EXAMPLE, here / "listing.json")

    def text(*args):
        return invoke("check", "--as-of", AS_OF, "--no-cache", *args, "listing.json").stdout

    auto = text("--isolated")
    assert auto == text("--isolated", "--lang", "zh")
    invoke("init", "--jurisdiction", "us", "--platform", "amazon")
    configured = text()
    assert configured == text("--lang", "en") and configured != text("--lang", "zh")


def test_zh_configs_do_not_report_in_english(baselines):
    """For cn and tw the configured language is not the JSON report's default (en), so the
    per-combination equality with --lang proves the setting is read."""
    for packs, lang in ((("cn", "platform"), "zh"), (("tw", "platform"), "zh-Hant")):
        configured, english = baselines(packs, lang), baselines(packs, "en")
        assert any(configured[k]["message"] != english[k]["message"] for k in configured)


# --- the platform's export, read through the written field mapping -------------------------

EXPORTS = {
    "taobao": {"num_iid": 5521, "title": "2026新款 深紫色 T恤",
               "desc": "<p>舒适透气</p>", "props_name": "1627207:28341:颜色分类:浅紫色;20509:28315:尺码:M"},
    "pinduoduo": {"goods_id": 77, "goods_name": "保温杯 全网最低价", "goods_desc": "好用"},
    "shopee": {"item_id": 9, "item_name": "保溫杯 全網最低價", "description": "好用"},
    "amazon": {"item_sku": "SKU-1", "item_name": "Water Bottle, Best Seller",
               "product_description": "The best water bottle in the world.", "brand_name": "Acme"},
}
EXPORTS["tmall"] = EXPORTS["taobao"]
# (platform) -> (listing id, a category that must be found, the source key it must point into)
EXPECT_FROM_EXPORT = {
    "taobao": ("5521", "spec-mismatch", "title"),
    "tmall": ("5521", "spec-mismatch", "title"),
    "pinduoduo": ("77", "absolute-claim", "goods_name"),
    "shopee": ("9", "absolute-claim", "item_name"),
    "amazon": ("SKU-1", "title-quality", "item_name"),
}


@pytest.mark.parametrize("platform", sorted(EXPECT_FROM_EXPORT))
def test_the_platform_export_is_read_through_its_field_names(here, platform):
    assert init.PLATFORMS[platform].fields  # a mapping is written for this platform
    invoke("init", "--platform", platform)
    text = json.dumps([EXPORTS[platform]], ensure_ascii=False)
    (here / "export.json").write_text(text, encoding="utf-8")
    code, findings, stderr = check_json("export.json")
    assert "error" not in stderr, stderr
    listing_id, category, source_key = EXPECT_FROM_EXPORT[platform]
    hits = [f for f in findings if f["category"] == category]
    assert hits and all(f["listing"] == listing_id for f in findings)
    # the position is in the source key's value, at the claim as written
    value_start = text.index(json.dumps(EXPORTS[platform][source_key], ensure_ascii=False)) + 1
    for f in hits:
        assert f["line"] == 1
        assert text[f["column"] - 1:f["end_column"] - 1] == f["text"]
        assert f["column"] - 1 >= value_start
    if platform == "shopee":
        assert all(f["severity"] == "warning" for f in hits)  # tw: absolute claims are warnings
    if platform == "amazon":
        assert all(f["severity"] == "warning" for f in hits)  # title form raised from info


def test_shopify_writes_no_mapping_and_skips_theme_json(here):
    """A fields table would switch off the Shopify reading; the theme's JSON is excluded."""
    invoke("init", "--platform", "shopify")
    assert load_config_file(str(here / "honestlint.toml")).fields == {}
    shutil.copy(os.path.join(os.path.dirname(EXAMPLE), "shopify-products.json"), here / "products.json")
    (here / "templates").mkdir()
    (here / "templates" / "product.json").write_text('{"sections": {}, "order": []}', encoding="utf-8")
    code, findings, stderr = check_json(".")
    assert code in (0, 1) and "templates" not in stderr
    assert findings and {os.path.normpath(f["file"]) for f in findings} == {"products.json"}
    code, _findings, stderr = check_json("--isolated", ".")
    assert code == 2 and "templates/product.json" in stderr  # without it: not a listing


# --- citations --------------------------------------------------------------------------------

def _all_severity_choices():
    for name, jur in init.JURISDICTIONS.items():
        for item in jur.severity:
            yield f"jurisdiction {name}", item
    for name, plat in init.PLATFORMS.items():
        for item in plat.severity:
            yield f"platform {name}", item


def test_every_citation_is_a_reference_of_a_rule_the_setting_selects(builtin_rules):
    ids = frozenset(r.id for r in builtin_rules)
    for where, item in _all_severity_choices():
        selected = [r for r in builtin_rules if matches_selector(r, item.selector, ids)]
        assert selected, f"{where}: {item.selector} selects no rule"
        titles = {ref["title"] for r in selected for ref in r.references}
        for cite in item.cites:
            assert cite in titles, f"{where}: {item.selector}: '{cite}' is not a reference of its rules"


def test_written_file_carries_every_citation_and_reason(here):
    invoke("init", "--jurisdiction", "tw", "--platform", "taobao")
    text = (here / "honestlint.toml").read_text(encoding="utf-8")
    comments = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    for item in init.severity_choices(init.Choice("tw", "taobao", "zh-Hant")):
        for cite in item.cites:
            assert cite in comments
    assert "not legal advice" in comments
    for line in text.splitlines():
        if line.startswith("# ") and init.writer._width(line) > init.WIDTH:
            assert " " not in line[2:], line  # only a word longer than the line may overflow


def test_uk_says_it_has_no_pack_of_its_own(here):
    invoke("init", "--jurisdiction", "uk")
    text = (here / "honestlint.toml").read_text(encoding="utf-8")
    assert "no UK pack" in text and "jurisdiction =" not in text


# --- where it is written ----------------------------------------------------------------------

PYPROJECT = """\
[project]
name = "catalog"   # a comment that must survive
version = "1.0"

[tool.ruff]
line-length = 100
"""


def test_defaults_without_a_terminal(here):
    result = invoke("init")
    assert result.exit_code == 0
    cfg = load_config_file(str(here / "honestlint.toml"))
    assert (cfg.packs, cfg.lang, cfg.fields) == (["cn", "platform"], "zh", {})


def test_platform_picks_the_jurisdiction_and_lang_unless_given(here):
    invoke("init", "--platform", "amazon")
    assert load_config_file(str(here / "honestlint.toml")).lang == "en"
    os.remove(here / "honestlint.toml")
    invoke("init", "--platform", "amazon", "--jurisdiction", "cn", "--lang", "zh-Hant")
    cfg = load_config_file(str(here / "honestlint.toml"))
    assert (cfg.packs, cfg.lang) == (["cn", "platform"], "zh-Hant")


def test_asks_on_a_terminal(here, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = invoke("init", input="shopee\n\n\n")  # platform; then the offered jurisdiction and lang
    assert result.exit_code == 0, result.output
    assert "Platform" in result.stderr and "Platform" not in result.stdout
    cfg = load_config_file(str(here / "honestlint.toml"))
    assert (cfg.packs, cfg.lang) == (["tw", "platform"], "zh-Hant")


def test_asks_only_for_what_is_not_given(here, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = invoke("init", "--platform", "jd", "--jurisdiction", "cn", input="en\n")
    assert result.exit_code == 0, result.output
    assert "Platform" not in result.stderr and "Language" in result.stderr
    assert load_config_file(str(here / "honestlint.toml")).lang == "en"


def test_print_writes_nothing(here):
    result = invoke("init", "--print", "--platform", "taobao")
    assert result.exit_code == 0 and os.listdir(here) == []
    assert tomllib.loads(result.stdout)["fields"]["id"] == "num_iid"
    block = invoke("init", "--print", "--pyproject").stdout
    assert block.startswith("[tool.honestlint]")
    assert tomllib.loads(block)["tool"]["honestlint"]["jurisdiction"] == "cn"


def test_appends_to_an_existing_pyproject(here):
    (here / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    result = invoke("init", "--platform", "amazon")  # pyproject.toml is there: it is the target
    assert result.exit_code == 0, result.output
    text = (here / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(PYPROJECT + "\n[tool.honestlint]\n")
    assert not (here / "honestlint.toml").exists()
    cfg = load_config_file(str(here / "pyproject.toml"))
    assert cfg.packs == ["us", "platform"] and cfg.fields["title"] == "item_name"
    shutil.copy(EXAMPLE, here / "listing.json")
    code, findings, stderr = check_json("listing.json")
    assert code == 1 and findings and "error" not in stderr


def test_pyproject_without_a_newline_at_the_end(here):
    (here / "pyproject.toml").write_text(PYPROJECT.rstrip("\n"), encoding="utf-8")
    assert invoke("init", "--pyproject").exit_code == 0
    data = tomllib.loads((here / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["tool"]["ruff"] == {"line-length": 100} and data["tool"]["honestlint"]["lang"] == "zh"


def test_pyproject_is_created_when_asked_for(here):
    assert invoke("init", "--pyproject").exit_code == 0
    assert load_config_file(str(here / "pyproject.toml")).packs == ["cn", "platform"]


def test_refuses_an_existing_table_without_force(here):
    existing = PYPROJECT + '\n[tool.honestlint]\nselect = ["spec"]\n'
    (here / "pyproject.toml").write_text(existing, encoding="utf-8")
    result = invoke("init")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--force" in result.stderr
    assert (here / "pyproject.toml").read_text(encoding="utf-8") == existing


def test_force_replaces_only_the_table(here):
    before = (
        "# project file\n"
        "[project]\nname = \"catalog\"\n\n"
        "[tool.honestlint]\nselect = [\"spec\"]\nfail-on = \"error\"\n\n"
        "[tool.honestlint.severity]\n\"spec-colour\" = \"info\"\n\n"
        "# ruff comes next\n[tool.ruff]\nline-length = 100\n"
    )
    (here / "pyproject.toml").write_text(before, encoding="utf-8")
    result = invoke("init", "--force", "--jurisdiction", "eu", "--platform", "generic")
    assert result.exit_code == 0, result.output
    text = (here / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith("# project file\n[project]\nname = \"catalog\"\n\n[tool.honestlint]\n")
    assert text.endswith("\n\n# ruff comes next\n[tool.ruff]\nline-length = 100\n")
    assert text.count("[tool.honestlint]") == 1 and '"spec-colour"' not in text
    cfg = load_config_file(str(here / "pyproject.toml"))
    assert cfg.select == ["ALL"] and cfg.packs == ["eu", "platform"] and "spec-colour" not in cfg.severity


def test_force_twice_gives_the_same_file(here):
    (here / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    invoke("init", "--platform", "taobao")
    once = (here / "pyproject.toml").read_bytes()
    assert invoke("init", "--force", "--platform", "taobao").exit_code == 0
    assert (here / "pyproject.toml").read_bytes() == once


def test_crlf_and_bom_are_kept(here):
    (here / "pyproject.toml").write_bytes(b"\xef\xbb\xbf" + PYPROJECT.replace("\n", "\r\n").encode())
    assert invoke("init").exit_code == 0
    raw = (here / "pyproject.toml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf[project]\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert tomllib.loads(raw[3:].decode())["tool"]["honestlint"]["jurisdiction"] == "cn"


def test_a_table_written_as_dotted_keys_is_left_alone(here):
    existing = PYPROJECT + '\n[tool]\nhonestlint.select = ["spec"]\n'
    (here / "pyproject.toml").write_text(existing, encoding="utf-8")
    result = invoke("init", "--force")
    assert result.exit_code == 2 and "by hand" in result.stderr and "Traceback" not in result.output
    assert (here / "pyproject.toml").read_text(encoding="utf-8") == existing


def test_broken_pyproject_is_an_error(here):
    (here / "pyproject.toml").write_text("[project\nname = 1\n", encoding="utf-8")
    result = invoke("init")
    assert result.exit_code == 2 and "not valid TOML" in result.stderr
    assert result.stderr.count("\n") == 1


def test_existing_honestlint_toml_needs_force(here):
    (here / "honestlint.toml").write_text('select = ["spec"]\n', encoding="utf-8")
    result = invoke("init", "--platform", "amazon")
    assert result.exit_code == 2 and "honestlint.toml already holds" in result.stderr
    assert (here / "honestlint.toml").read_text(encoding="utf-8") == 'select = ["spec"]\n'
    assert invoke("init", "--force", "--platform", "amazon").exit_code == 0
    assert load_config_file(str(here / "honestlint.toml")).fields["id"] == "item_sku"


def test_will_not_write_a_table_that_honestlint_toml_would_hide(here):
    (here / "honestlint.toml").write_text('select = ["spec"]\n', encoding="utf-8")
    (here / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    result = invoke("init", "--pyproject", "--force")
    assert result.exit_code == 2 and "read before pyproject.toml" in result.stderr
    assert (here / "pyproject.toml").read_text(encoding="utf-8") == PYPROJECT


def test_toml_over_a_pyproject_table_says_the_table_is_now_ignored(here):
    existing = PYPROJECT + '\n[tool.honestlint]\nselect = ["spec"]\n'
    (here / "pyproject.toml").write_text(existing, encoding="utf-8")
    result = invoke("init", "--toml", "--force")
    assert result.exit_code == 0
    assert "pyproject.toml is now ignored" in result.stderr
    assert (here / "pyproject.toml").read_text(encoding="utf-8") == existing
    assert (here / "honestlint.toml").exists()


def test_unknown_choice_is_a_usage_error(here):
    result = invoke("init", "--jurisdiction", "mars")
    assert result.exit_code == 2 and os.listdir(here) == []


def test_a_broken_pyproject_does_not_stop_honestlint_toml(here):
    (here / "pyproject.toml").write_text("[project\n", encoding="utf-8")
    result = invoke("init", "--toml")
    assert result.exit_code == 0, result.output
    assert load_config_file(str(here / "honestlint.toml")).packs == ["cn", "platform"]


def test_a_pyproject_that_is_not_utf8_is_not_edited(here):
    (here / "pyproject.toml").write_bytes(b"[project]\nname = \"caf\xe9\"\n")
    result = invoke("init")
    assert result.exit_code == 2 and "not UTF-8" in result.stderr
    assert (here / "pyproject.toml").read_bytes() == b"[project]\nname = \"caf\xe9\"\n"
