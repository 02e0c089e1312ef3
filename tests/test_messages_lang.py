"""Messages in the copywriter's language: --lang, the `lang` setting, each listing's own
language in the formats people read, quoted copy as written, amounts in the listing's currency."""
import json
import re

import pytest
from click.testing import CliRunner

from honestlint.cli import main
from honestlint.ruleset import load_rules
from honestlint.ruleset.selftest import check_texts

EXAMPLE = "examples/listing.json"
HAN = re.compile(r"[\u4e00-\u9fff]")
# Words only the English templates use: a Chinese message has none of them.
ENGLISH_TEMPLATE = re.compile(r"\b(?:copy|says|but|the listing|is a)\b")


def invoke(*args):
    return CliRunner().invoke(main, ["--as-of", "2026-11-23", *map(str, args)])


def json_findings(*args):
    result = invoke("--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


def write(tmp_path, name, listing):
    path = tmp_path / name
    path.write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
    return path


def test_lang_zh_gives_chinese_messages_and_suggestions():
    findings = json_findings("--lang", "zh", EXAMPLE)
    assert findings
    for f in findings:
        assert HAN.search(f["message"]) and not ENGLISH_TEMPLATE.search(f["message"]), f
        if f["suggestion"]:
            assert HAN.search(f["suggestion"]), f


def test_machine_formats_default_to_english_and_text_follows_the_listing():
    english = json_findings(EXAMPLE)
    assert all(ENGLISH_TEMPLATE.search(f["message"]) or not HAN.search(f["message"].split("'")[0])
               for f in english)
    assert any("copy" in f["message"] for f in english)
    text = invoke(EXAMPLE).output  # text report: auto, and the example is a Chinese listing
    assert "文案" in text and "copy says" not in text
    assert json_findings("--lang", "auto", EXAMPLE) == json_findings("--lang", "zh", EXAMPLE)


def test_each_format_says_which_language_it_defaults_to():
    # A reporter states its own default (Reporter.default_lang), so a new format needs no list
    # in the command line: html, read by people, follows the listing as text does.
    page = invoke("--format", "html", EXAMPLE).output
    messages = re.findall(r'<div class="message">([^<]*)', page)
    assert messages and all(HAN.search(m) and not ENGLISH_TEMPLATE.search(m) for m in messages)
    junit = invoke("--format", "junit", EXAMPLE).output
    failures = re.findall(r'<failure message="([^"]*)"', junit)
    assert any("copy says" in m for m in failures) and not any("文案" in m for m in failures), failures


def test_traditional_listing_is_answered_in_traditional_and_quoted_as_written(tmp_path):
    path = write(tmp_path, "tw.json", {"id": "tw1", "title": "純棉T恤 免費送",
                                         "price": {"current": 299, "currency": "TWD"},
                                         "specs": {"材質": "聚酯纖維"}})
    findings = {f["rule"]: f for f in json_findings("--lang", "auto", path)}
    material = findings["spec-material"]
    assert "純棉" in material["message"] and "纯棉" not in material["message"]
    assert "聚酯纖維" in material["message"]
    free = findings["free-send-paid"]
    assert "NT$299" in free["message"] and "元" not in free["message"]
    assert "稱" in free["message"]  # Traditional wording, not the Simplified 称


def test_english_claims_keep_their_case(tmp_path):
    path = write(tmp_path, "en.json", {"id": "e1", "title": "Cotton Tee, Navy Blue", "specs": {"color": "Black"}})
    (finding,) = [f for f in json_findings(path) if f["rule"] == "spec-colour-en"]
    assert "Navy Blue" in finding["message"] and "navy blue" not in finding["message"]
    assert finding["text"] == "Navy Blue"


def test_usd_amounts_are_dollars_in_every_language(tmp_path):
    path = write(tmp_path, "us.json", {"id": "u1", "title": "USB C Hub", "bullets": ["Claim yours free"],
                                         "price": {"current": 89.0, "currency": "USD"}})
    for lang in ("en", "zh", "zh-Hant"):
        priced = [f for f in json_findings("--lang", lang, path) if f["category"] == "free-misuse"]
        assert priced, lang
        assert all("$89" in f["message"] and "元" not in f["message"] for f in priced), priced


def test_lang_setting_in_configuration_and_the_option_overrides_it(tmp_path):
    path = write(tmp_path, "l.json", {"id": "x", "title": "保温杯", "description": "包邮", "shipping": {"fee": 10}})
    (tmp_path / "honestlint.toml").write_text('lang = "zh-Hant"\n', encoding="utf-8")
    configured = json_findings("--config", tmp_path / "honestlint.toml", path)
    assert any("運費" in f["message"] or "文案" in f["message"] for f in configured)
    overridden = json_findings("--config", tmp_path / "honestlint.toml", "--lang", "en", path)
    assert all(not HAN.search(f["message"].replace("包邮", "")) for f in overridden), overridden
    (tmp_path / "honestlint.toml").write_text('lang = "fr"\n', encoding="utf-8")
    bad = invoke("--config", tmp_path / "honestlint.toml", path)
    assert bad.exit_code == 2 and "lang" in bad.output


def test_every_builtin_rule_speaks_three_languages():
    failures = [r for rule in load_rules() for r in check_texts(rule) if not r.ok]
    assert not failures, "\n".join(r.describe() for r in failures[:20])


def test_texts_check_names_a_missing_language_and_a_lost_placeholder(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "mine.yaml").write_text(
        "rules:\n"
        "  - id: my-words\n    kind: phrase\n    category: absolute-claim\n    severity: error\n"
        "    languages: [en]\n    summary: A banned word\n"
        "    message:\n      en: \"'{text}' is banned\"\n      zh: 禁用词\n"
        "    suggestion: Remove it.\n    phrases: [bestest]\n"
        "    examples:\n      fire: [{title: the bestest mug}]\n      pass: [{title: a mug}]\n", encoding="utf-8")
    (rule,) = load_rules([str(pack)], builtin=False)
    details = {r.case: r.detail for r in check_texts(rule) if not r.ok}
    assert "zh-Hant" in details["message"] and "placeholders" not in details["message"]
    assert "not written in" in details["suggestion"]
    # A user's own pack is not held to the built-in packs' three languages.
    result = CliRunner().invoke(main, ["test", "--rules", str(pack), "--no-builtin"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_text_report_in_each_language_names_the_fix(lang):
    out = invoke("--lang", lang, EXAMPLE).output
    marker = {"en": "Replace", "zh": "改为", "zh-Hant": "改為"}[lang]
    assert marker in out
