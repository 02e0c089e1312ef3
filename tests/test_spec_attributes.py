"""Attribute claims against specs in every copy field (issue 15): the comparisons of facts/
(materials, ages, model numbers), whole listings through the spec-mismatch rules, and the
mutation harness on a synthetic corpus."""
import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

import honestlint
from honestlint.facts import ages, materials, model_numbers
from honestlint.text.normalize import norm

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 23)


def spec_findings(listing):
    return honestlint.lint(dict(listing, id=listing.get("id", "t")), select=["spec-mismatch"], as_of=AS_OF)


@pytest.mark.parametrize("claim, spec, ok", [
    ("聚酯纤维", "棉、纤维", True),          # a generic spec word admits its specific forms
    ("纤维", "100%聚酯纤维", True),
    ("棉", "精梳棉", True),
    ("纯棉", "65%涤纶 35%棉", False),        # purity denied by the blend
    ("棉质", "95%棉 5%氨纶", True),          # a blend containing the fibre, no "pure"
    ("316不锈钢", "304不锈钢", False),       # grades
    ("304不锈钢", "18/8 stainless steel", True),
    ("304不锈钢", "不锈钢", True),            # a spec without a grade is no evidence against one
    ("925纯银", "S925银", True),
    ("纯银", "黄铜镀银", False),              # plated is a finish, not the material
    ("铝合金", "合金", True),                 # a generic alloy admits base-metal alloys
    ("925银", "合金", False),                 # ... not silver
    ("竹纤维", "竹", True),
    ("stainless steel", "aluminum", False),
    ("silk", "Fabric", True),                 # a spec value that is only a generic word names no material
    ("真丝", "其他", True), ("wool", "Mixed Material", True), ("silk", "Cotton Blend", False),
    ("synthetic leather", "Artificial Leather", True),   # one material under several names
    ("人造革", "PU皮", True), ("leatherette", "vegan leather", True), ("genuine leather", "PU leather", False),
])
def test_material_ok(claim, spec, ok):
    assert materials.material_ok(norm(claim), spec) is ok


@pytest.mark.parametrize("claim, spec, ok", [
    ("紫色", "深紫色", True), ("深紫色", "浅紫色", False), ("黑色", "黑色/白色", True),
    ("navy", "navy blue", True), ("雾霾蓝", "燕麦色", False), ("camel", "charcoal grey", False),
    ("黑色", "曜石黑", True), ("红色", "某种特别的名字", True),  # an unknown spec colour is no evidence
])
def test_colour_ok(claim, spec, ok):
    assert materials.colour_ok(norm(claim), spec) is ok


@pytest.mark.parametrize("text, years", [
    ("3 years and up", (3, float("inf"))), ("3yearsandup", (3, float("inf"))), ("36 months - 10 years", (3, 10)),
    ("18monthsandup", (1.5, float("inf"))), ("8-12years", (8, 12)), ("3-6岁", (3, 6)), ("3岁以上", (3, float("inf"))),
])
def test_age_range(text, years):
    assert ages.age_range(text) == years


def test_models_number_and_suffixes():
    assert model_numbers._models("iPhone 15/15 Pro Max") == [("15", frozenset()), ("15", frozenset({"pro", "max"}))]
    assert model_numbers._models("Designed for iPhone 16 Pro Max (6.9-inch)")[0] == ("16", frozenset({"pro", "max"}))


@pytest.mark.parametrize("listing, rule", [
    # every copy field: description, bullets, HTML, promotions, Traditional Chinese
    ({"title": "开衫", "description": "颜色是温柔的雾霾蓝。", "specs": {"颜色": "燕麦色"}}, "spec-colour-stated"),
    ({"title": "Sweater", "bullets": ["A warm camel shade"], "specs": {"color": "Charcoal Grey"}}, "spec-colour-stated"),
    ({"title": "保温杯", "description": "内胆采用316不锈钢", "specs": {"内胆材质": "304不锈钢"}}, "spec-material-stated"),
    ({"title": "衬衫", "description": "面料含棉量高达80%", "specs": {"成分": "60%棉 40%聚酯纤维"}}, "spec-composition"),
    ({"title": "羽绒服", "description": "<p>含绒量90%白鹅绒</p>", "specs": {"含绒量": "80%"}}, "spec-composition"),
    ({"title": "行動電源", "description": "內建10000mAh電芯", "specs": {"電池容量": "5000mAh"}}, "spec-quantity-stated"),
    ({"title": "充电宝", "promotions": [{"text": "下单送 内建20000mAh大电芯"}], "specs": {"参数": "10000mAh"}}, "spec-quantity-stated"),
    ({"title": "行李箱", "description": "24吋大容量", "specs": {"尺寸": "20吋"}}, "spec-quantity-stated"),
    ({"title": "食用油", "description": "2kg×4瓶", "specs": {"规格": "2kg×2瓶"}}, "spec-count"),
    ({"title": "Case", "bullets": ["Designed for iPhone 16 Pro Max"], "specs": {"compatible model": "iPhone 16 Pro"}}, "spec-compatibility"),
    ({"title": "Blocks", "bullets": ["For ages 3+"], "specs": {"Manufacturerrecommendedage": "8yearsandup"}}, "spec-age"),
])
def test_fires_in_every_field(listing, rule):
    found = spec_findings(listing)
    assert [f.rule for f in found] == [rule], found
    f = found[0]
    assert f.fact_field and f.fact_line  # the fact with its place


@pytest.mark.parametrize("listing", [
    # subject: a part, a trim, a pairing, a model's outfit, a prop
    {"title": "小白鞋 白色", "description": "鞋身白色，后跟拼接一抹墨绿色，鞋带为米白色棉质圆带。", "specs": {"颜色": "白色", "鞋面材质": "头层牛皮"}},
    {"title": "後背包 黑色", "description": "<p>主色黑色，搭配紅色拉鍊頭。</p><p>內裡為灰色尼龍，頂部提把為牛皮材質。</p>",
     "specs": {"顏色": "黑色", "材質": "聚酯纖維"}},
    {"title": "Plates, Set of 4", "bullets": ["Shown with our sage green napkins, sold separately"], "specs": {"color": "White", "count": "4"}},
    {"title": "工装夹克", "description": "模特搭配黑色工装裤，蓝色条带点缀，白色刺绣。", "specs": {"颜色": "卡其色"}},
    # compatible values: net vs gross, rounding, variants, ranges, generic vs specific
    {"title": "Confetti, 2.5 oz", "specs": {"ItemWeight": "2.4ounces"}},
    {"title": "Sand Set with 2lbs of Sand", "specs": {"ItemWeight": "3pounds"}},
    {"title": "行李箱 24吋", "specs": {"尺寸": "20吋/24吋/28吋"}},
    {"title": "抱枕 聚酯纤维", "specs": {"材质": "棉、纤维"}},
    {"title": "Tablet", "bullets": ["8 GB RAM, 128 GB storage, expandable up to 1 TB"], "specs": {"storage": "128 GB"}},
    # a colour only mentioned is no claim
    {"title": "保温杯", "description": "送给喜欢黑色的他。", "specs": {"颜色": "白色"}},
])
def test_passes(listing):
    assert spec_findings(listing) == []


@pytest.mark.parametrize("listing", [
    # a share belongs to the fibre, never to the label word before it
    {"title": "Zip Cardigan", "description": "Fabric: 100% Merino Wool, ribbed hem.", "specs": {"Fabric": "100% Merino Wool"}},
    # a colour labelled for a part (a stone, a strap) is not the item's colour
    {"title": "Rose Gold Stud Earrings", "description": "Stone colour: Green\nStone shape: Oval", "specs": {"Color": "Rose Gold"}},
    {"title": "铂金项链", "description": "宝石颜色为蓝色，链长45cm。", "specs": {"颜色": "银色"}},
    # a material word that names a product of the set, not the item's material
    {"title": "Hammered Brass Pitcher Glass Set", "specs": {"Material": "Brass"}},
    # a length of another dimension (a diameter) is not compared with a height spec
    {"title": "Brass Pitcher", "description": "Pitcher: Height 9 inches, Dia 4 inches, Width 6 inches.",
     "specs": {"Pitcher Height": "229 mm", "Tumbler Diameter": "70 mm"}},
    # ct under a weight or a stone is carats, not a count
    {"title": "Bangle Set", "description": "Two bangles, Pack of 2", "specs": {"Diamond Weight": "0 ct", "count": "2"}},
    # two colours said of the item: agree-any
    {"title": "连衣裙", "description": "裙子的主体为墨绿色，领口和下摆拼接米白色，形成撞色效果。", "specs": {"颜色": "米白色"}},
])
def test_audited_classes_pass(listing):
    assert spec_findings(listing) == []


@pytest.mark.parametrize("listing, rule", [
    ({"title": "Zip Cardigan", "description": "Fabric: 100% Merino Wool, ribbed hem.", "specs": {"Fabric": "100% Acrylic"}},
     "spec-composition"),
    ({"title": "Cotton Tee", "description": "Colour: Red\nFit: Regular", "specs": {"Color": "Navy Blue"}}, "spec-colour-stated"),
    ({"title": "Glass Pitcher 1.5 L", "specs": {"Material": "Plastic"}}, "spec-material"),
    ({"title": "Brass Pitcher", "description": "Pitcher: Height 12 inches.", "specs": {"Pitcher Height": "229 mm"}},
     "spec-quantity-stated"),
    ({"title": "USB-C Cable", "description": "A 3 inches braided cable.", "specs": {"Length": "1.5 m"}}, "spec-quantity-stated"),
    ({"title": "Bangle Set", "description": "Pack of 3", "specs": {"Diamond Weight": "0 ct", "count": "2"}}, "spec-count"),
    ({"title": "连衣裙", "description": "衣身为酒红色，垂感好。模特搭配黑色高跟鞋。", "specs": {"颜色": "黑色"}}, "spec-colour-stated"),
])
def test_audited_classes_still_fire(listing, rule):
    assert [f.rule for f in spec_findings(listing)] == [rule]


def test_message_quotes_the_claim_as_written():
    found = spec_findings({"title": "磁吸行動電源", "description": "內建10000mAh電芯", "specs": {"容量": "5000mAh"}})
    assert found[0].text == "10000mAh"
    found = spec_findings({"title": "針織衫", "description": "衣身為霧霾藍。", "specs": {"顏色": "燕麥色"}})
    assert found[0].text == "衣身為霧霾藍" and "衣身為霧霾藍" in found[0].message


def test_mutation_harness_runs_on_a_synthetic_corpus(tmp_path):
    amazon = [
        {"id": "a1", "lang": "en", "title": "Crew Neck T-Shirt, Relaxed Fit, Black",
         "bullets": ["Soft jersey", "Great for ages 8+"], "specs": {"Manufacturerrecommendedage": "8 years and up"}},
        {"id": "a2", "lang": "en", "title": "Insulated Bottle, Stainless Steel, 32 oz, Pack of 2", "bullets": ["Leakproof lid"]},
    ]
    taobao = [{"id": "t1", "lang": "zh", "title": "加绒卫衣男 黑色 纯棉 3件装"}, {"id": "t2", "lang": "zh", "title": "充电宝 20000mAh 快充"}]
    (tmp_path / "amazon_2020_sample.jsonl").write_text("\n".join(json.dumps(x) for x in amazon), encoding="utf-8")
    (tmp_path / "taobao_titles.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in taobao), encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "mutate_real.py"), "--real", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True)
    doc = json.loads(out.stdout)
    rows = {(r["source"], r["attribute"]): r for r in doc["mutations"]}
    for key in [("amazon", "age"), ("amazon", "colour"), ("amazon", "material"), ("amazon", "count"),
                ("taobao", "colour"), ("taobao", "material"), ("taobao", "count"), ("taobao", "quantity:charge")]:
        assert rows[key]["caught"] == rows[key]["mutations"] == 1, key
        assert rows[key]["base_alarms"] == 0, key
    assert doc["unchanged"]["amazon"]["alarms"] == [] and doc["unchanged"]["taobao"]["alarms"] == []
