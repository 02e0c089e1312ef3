"""The engine's contexts (context.py): a rule that names a context is cancelled where the words
around its claim say it is no claim, and only there."""
import datetime
import textwrap

import pytest

from honestlint.engine import Linter, lint_listings
from honestlint.input import listings_from_objects
from honestlint.ruleset import RuleError, load_file


def rule_from(tmp_path, phrases, cancelled_by, category="absolute-claim"):
    body = f"""
        id: t-context
        kind: phrase
        category: {category}
        severity: error
        languages: [zh, zh-Hant, en]
        message: "{{text}}"
        phrases: {phrases}
        cancelled_by: {cancelled_by}
    """
    path = tmp_path / "t.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return load_file(str(path))[0]


def texts(rule, description):
    found = lint_listings(Linter([rule], as_of=datetime.date(2026, 11, 23)),
                          listings_from_objects([{"title": "商品", "description": description}]))
    return [f.text for f in found]


@pytest.mark.parametrize("description, fires", [
    ("长期使用有效治疗失眠", True),
    ("本品不能有效治疗失眠", False),
    ("本品並不能有效治療失眠", False),          # Traditional, read after conversion
    # 不锈钢 and 无线 hold 不 and 无 inside words: they negate nothing.
    ("不锈钢保温杯 有效治疗失眠", True),
    ("无线耳机，有效治疗失眠", True),
    # A negation reaches to the end of its clause only.
    ("不含防腐剂，有效治疗失眠", True),
])
def test_negation_on_word_boundaries(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[有效治疗]", "[negation]", "health-claim")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("Get a $10 gift card for a 5-star review", True),
    ("We never offer rewards, discounts or gift cards for a 5-star review", False),
    ("We do not pay for a 5-star review.", False),
    ("No. We ship fast. Get a gift card for a 5-star review", True),
])
def test_negation_in_english_sentences(tmp_path, description, fires):
    rule = rule_from(tmp_path, "['5-star review']", "[negation]", "review-incentive")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("开封后最好冷藏保存", False),
    ("建议最好搭配温水使用", False),
    ("护发效果最好的吹风机", True),
    ("这款质量最好。", True),
    ("最好用的不粘锅", True),
])
def test_advice(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[最好]", "[advice]")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("第一泡用来温杯洗茶", False),
    ("第一就是材质好，第二是做工细", False),
    ("第一道工序是选料", False),
    ("连续三年销量第一", True),
    ("全网第一，品质保证", True),
    ("第一品牌 值得信赖", True),
])
def test_ordinal(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[第一]", "[ordinal]")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("Screwdriver set: bit #1, bit #2 and bit #3", False),
    ("Size No. 1 keeps a fine point", False),
    ("Customer safety is our #1 priority", False),
    ("Gold foil number 1 balloon", False),
    ("The #1 best seller in kitchen scales", True),
    ("America's #1 brand of hiking socks", True),
    ("Ranked #1 by reviewers", True),
])
def test_label(tmp_path, description, fires):
    rule = rule_from(tmp_path, "['#1', 'no. 1', 'number 1']", "[label]")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("《最好的我们》 精装典藏版", False),
    ("電影〈最好的時光〉藍光版", False),
    ("根据小说“最好的你”改编", False),
    ("质量最好的砂锅", True),
    ("我们是“最好”的砂锅", True),   # quotation marks alone do not make a title
])
def test_quoted_titles(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[最好]", "[quoted]")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("赵丽颖同款碎花裙", False),
    ("即便是同款，批次颜色也会略有差异", False),
    ("长长的同款围巾", False),
    ("戴森同款吹风机", True),     # a brand whose first character is also a surname
    ("耐克同款跑鞋", True),
])
def test_name_before_same_style(tmp_path, description, fires):
    body = """
        id: t-name
        kind: pattern
        category: brand-misuse
        severity: warning
        languages: [zh]
        message: "{text}"
        anchors: [同款]
        pattern: '\\p{Han}{2,4}同款'
        cancelled_by: [name]
    """
    path = tmp_path / "n.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    rule = load_file(str(path))[0]
    assert bool(texts(rule, description)) is fires


def test_an_unknown_context_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="unknown context 'sarcasm'"):
        rule_from(tmp_path, "[最好]", "[sarcasm]")


def test_overlapping_rules_of_one_category_give_one_finding(tmp_path):
    (tmp_path / "a.yaml").write_text(textwrap.dedent("""
        rules:
          - id: t-short
            kind: phrase
            category: absolute-claim
            severity: warning
            languages: [en]
            message: "{text}"
            phrases: [best in the world]
          - id: t-long
            kind: pattern
            category: absolute-claim
            severity: warning
            languages: [en]
            message: "{text}"
            anchors: [best]
            pattern: 'best\\s+\\w+\\s+in\\s+the\\s+world|best in the world'
          - id: t-other
            kind: phrase
            category: title-quality
            severity: info
            languages: [en]
            message: "{text}"
            phrases: [best]
    """), encoding="utf-8")
    rules = load_file(str(tmp_path / "a.yaml"))
    found = lint_listings(Linter(rules, as_of=datetime.date(2026, 11, 23)),
                          listings_from_objects([{"title": "x", "bullets": ["BEST IN THE WORLD", "best boards in the world"]}]))
    by_field = sorted((f.field, f.category, f.text) for f in found)
    assert by_field == [
        ("bullets[0]", "absolute-claim", "BEST IN THE WORLD"),
        ("bullets[0]", "title-quality", "BEST"),
        ("bullets[1]", "absolute-claim", "best boards in the world"),
        ("bullets[1]", "title-quality", "best"),
    ]


@pytest.mark.parametrize("description, fires", [
    ("无糖饼干 降血糖", True),          # 无 negates 糖, not the claim further on
    ("本品无法治疗疾病", False),
    ("非药品，不能降血糖", False),
])
def test_noun_negators_reach_only_the_next_word(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[降血糖, 治疗疾病]", "[negation]", "health-claim")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("这款保温杯最好用，欢迎选购", True),
    ("最好用温水清洗", False),
])
def test_advice_needs_a_verb_phrase(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[最好]", "[advice]")
    assert bool(texts(rule, description)) is fires


def test_best_is_advice_only_by_what_follows_it(tmp_path):
    rule = rule_from(tmp_path, "[best, best in class]", "[advice]")
    assert texts(rule, "Voted best in class by our customers") == ["best in class"]
    assert texts(rule, "Tastes best when chilled") == []


@pytest.mark.parametrize("description, fires", [
    ("千万别错过仅剩3件", True),
    ("不要犹豫，仅剩3件", True),
    ("Don't miss out, only 3 left", True),
    ("本批次不会再有仅剩3件的情况", False),
])
def test_a_negated_hesitation_urges_the_claim_on(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[仅剩3件, only 3 left]", "[negation]", "urgency-fake")
    assert bool(texts(rule, description)) is fires


@pytest.mark.parametrize("description, fires", [
    ("不用背单词 保证四级通过", True),       # a title's phrases are separate clauses
    ("No diet needed: guaranteed to pass", True),
    ("No compromises - guaranteed to pass", True),
    ("We do not say it is guaranteed to pass", False),
])
def test_negation_stops_at_phrase_breaks(tmp_path, description, fires):
    rule = rule_from(tmp_path, "[保证四级通过, guaranteed to pass]", "[negation]", "guaranteed-outcome")
    assert bool(texts(rule, description)) is fires


def test_a_negated_copula_reaches_the_end_of_its_clause(tmp_path):
    rule = rule_from(tmp_path, "[首选]", "[negation]")
    assert texts(rule, "单调的纯白从来都不会是爱打扮的女孩的首选") == []
    assert texts(rule, "不是所有人都懂，但它是送礼首选") == ["首选"]


def test_a_negator_word_may_run_into_the_claim(tmp_path):
    # 不能 is one word; a rule that reads 能治疗 starts inside it.
    rule = rule_from(tmp_path, "[能治疗]", "[negation]", "health-claim")
    assert texts(rule, "本品不含激素，不能治疗皮肤病。") == []
    assert texts(rule, "本品能治疗皮肤病。") == ["能治疗"]
