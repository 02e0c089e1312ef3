"""Property: a listing whose specs agree with what its copy states never gets a spec-mismatch.

Listings are generated from attribute values (colour, material, composition, quantity, count,
age, compatible model); each value is written into a random copy field with a random phrasing,
and the specs state the same value, possibly under another name the lexicon knows, an unknown
name (quantities are read by their unit), another unit (5kg = 5000g), a list of variants, a
generic word or a blend that contains the claimed fibre. The spec-mismatch rules must find
nothing in any of them.
"""
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honestlint.engine import Linter
from honestlint.input import listings_from_objects
from honestlint.ruleset import load_rules, select_rules

AS_OF = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def spec_linter():
    return Linter(select_rules(load_rules(), ["spec-mismatch"]), as_of=AS_OF)


def findings_of(linter, listing):
    out = []
    for item in listings_from_objects([listing]):
        out.extend(linter.lint(item))
    return out


# (copy word, spec words that agree with it)
ZH_COLOURS = [
    ("黑色", ["黑色", "曜石黑", "黑色/白色", "经典黑"]), ("白色", ["白色", "米白色/白色", "奶白"]),
    ("深紫色", ["深紫色", "紫色"]), ("浅灰色", ["灰色", "浅灰色"]), ("酒红色", ["酒红色", "红色"]),
    ("雾霾蓝", ["雾霾蓝", "蓝色"]), ("藏青色", ["藏青色", "藏青"]), ("卡其色", ["卡其色", "卡其"]),
    ("燕麦色", ["燕麦色", "米色"]), ("墨绿色", ["墨绿色", "绿色"]),
]
EN_COLOURS = [
    ("Black", ["Black", "Jet Black", "Black/White"]), ("Navy Blue", ["Navy", "Navy Blue", "Blue"]),
    ("White", ["White", "Matte White", "Ivory"]), ("Charcoal Grey", ["Charcoal Grey", "Grey"]),
    ("Sage Green", ["Sage Green", "Green"]), ("Camel", ["Camel", "Brown"]), ("Dark Red", ["Red", "Dark Red"]),
]
ZH_MATERIALS = [
    ("纯棉", ["100%棉", "纯棉", "棉100%"]), ("真丝", ["100%桑蚕丝", "真丝"]), ("304不锈钢", ["304不锈钢", "不锈钢"]),
    ("316不锈钢", ["316不锈钢", "不锈钢"]), ("羊毛", ["70%羊毛 30%锦纶", "羊毛"]), ("聚酯纤维", ["棉、纤维", "聚酯纤维"]),
    ("实木", ["实木", "橡木"]), ("陶瓷", ["陶瓷", "骨瓷"]), ("铝合金", ["铝合金", "合金"]), ("925银", ["925银", "S925纯银"]),
    ("人造革", ["PU皮", "合成革", "仿皮", "人造革"]), ("桑蚕丝", ["面料", "其他", "混纺"]),
]
EN_MATERIALS = [
    ("100% Cotton", ["100% cotton", "Cotton 100%"]), ("Stainless Steel", ["18/8 stainless steel", "stainless steel"]),
    ("Genuine Leather", ["full-grain leather", "cowhide leather"]), ("Cotton", ["60% cotton, 40% polyester", "cotton"]),
    ("Silicone", ["food-grade silicone", "silicone"]), ("Bamboo", ["bamboo", "wood"]),
    # one material under several names, and spec values that name no material at all
    ("Synthetic Leather", ["Artificial Leather", "PU Leather", "Leatherette", "faux leather", "Fabric"]),
    ("Silk", ["silk", "Fabric", "Other", "Mixed Material"]),
]
ZH_MATERIAL_KEYS = ["材质", "面料", "材料", "成分", "面料成分", "材質"]
EN_MATERIAL_KEYS = ["material", "Material", "fabric", "composition", "Fabric Content"]
ZH_COLOUR_KEYS = ["颜色", "颜色分类", "顏色", "主色"]
EN_COLOUR_KEYS = ["color", "Color", "colour", "Color Name"]

# (copy quantity, spec values that state it) by language
ZH_QUANTITIES = [
    ("5kg", ["5000g", "5kg", "5千克"]), ("550ml", ["550ml", "0.55L", "350ml/550ml"]), ("10000mAh", ["10000mAh"]),
    ("24吋", ["24吋", "20吋/24吋/28吋", "24英寸"]), ("128GB", ["128GB", "128G"]), ("20W", ["20W PD / 15W 无线", "20W"]),
    ("1.5L", ["1500ml", "1.5L"]), ("65英寸", ["65英寸", "65吋"]),
]
EN_QUANTITIES = [
    ("32 oz", ["32 oz", "2 pounds"]), ("1.5 L", ["1500 ml", "1.5 liters"]), ("10000mAh", ["10000 mAh"]),
    ("65 Inch", ["65 in", "65 inches"]), ("2.5 oz", ["2.4 ounces", "2.5 oz"]), ("128 GB", ["128 GB", "0.125 TB"]),
    ("50 Watts", ["50 W", "50 watts"]),
]
ZH_QTY_KEYS = ["容量", "净含量", "尺寸", "规格", "产品参数", "電池容量", "功率"]
EN_QTY_KEYS = ["capacity", "net weight", "size", "Item Weight", "spec", "battery", "screen size", "wattage"]


def zh_copy(word, frame):
    return {
        "title": lambda: {"title": f"2026新款 {word} 家用"},
        "description": lambda: {"title": "新款 家用", "description": f"<p>颜色是{word}，百搭。</p>"},
        "subject": lambda: {"title": "新款 家用", "description": f"衣身为{word}，简约大方。"},
        "bullet": lambda: {"title": "新款 家用", "bullets": [f"主色{word}"]},
    }[frame]()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_agreeing_colours_never_mismatch(spec_linter, data):
    if data.draw(st.booleans()):
        word, agreeing = data.draw(st.sampled_from(ZH_COLOURS))
        listing = zh_copy(word, data.draw(st.sampled_from(["title", "description", "subject", "bullet"])))
        key = data.draw(st.sampled_from(ZH_COLOUR_KEYS))
    else:
        word, agreeing = data.draw(st.sampled_from(EN_COLOURS))
        listing = data.draw(st.sampled_from([
            {"title": f"Cotton Crew Neck T-Shirt, Relaxed Fit, {word}"},
            {"title": "Crew Neck T-Shirt", "bullets": [f"Color: {word}"]},
            {"title": "Crew Neck T-Shirt", "bullets": [f"Soft jersey in {word.lower()}."]},
            {"title": "Tablet Case", "bullets": [f"The cover is {word.lower()}, with a soft lining"]},
        ]))
        key = data.draw(st.sampled_from(EN_COLOUR_KEYS))
    listing = dict(listing, id="p", specs={key: data.draw(st.sampled_from(agreeing))})
    assert findings_of(spec_linter, listing) == [], listing


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_agreeing_materials_never_mismatch(spec_linter, data):
    if data.draw(st.booleans()):
        word, agreeing = data.draw(st.sampled_from(ZH_MATERIALS))
        listing = data.draw(st.sampled_from([
            {"title": f"{word} 家用 新款"},
            {"title": "家用 新款", "description": f"面料为{word}，亲肤舒适。"},
            {"title": "家用 新款", "description": f"本款采用{word}，耐用。"},
            {"title": "家用 新款", "bullets": [f"{word}材质"]},
        ]))
        key = data.draw(st.sampled_from(ZH_MATERIAL_KEYS))
    else:
        word, agreeing = data.draw(st.sampled_from(EN_MATERIALS))
        listing = data.draw(st.sampled_from([
            {"title": f"Everyday Tote, {word}, Large"},
            {"title": "Everyday Tote", "bullets": [f"Made of {word.lower()}"]},
            {"title": "Everyday Tote", "description": f"<p>Material: {word}</p>"},
        ]))
        key = data.draw(st.sampled_from(EN_MATERIAL_KEYS))
    listing = dict(listing, id="p", specs={key: data.draw(st.sampled_from(agreeing))})
    assert findings_of(spec_linter, listing) == [], listing


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_agreeing_quantities_never_mismatch(spec_linter, data):
    if data.draw(st.booleans()):
        amount, agreeing = data.draw(st.sampled_from(ZH_QUANTITIES))
        listing = data.draw(st.sampled_from([
            {"title": f"新款 {amount} 家用"},
            {"title": "新款 家用", "description": f"容量{amount}，大容量。"},
            {"title": "新款 家用", "description": f"內建{amount}，出門一整天。"},
        ]))
        key = data.draw(st.sampled_from(ZH_QTY_KEYS))
    else:
        amount, agreeing = data.draw(st.sampled_from(EN_QUANTITIES))
        listing = data.draw(st.sampled_from([
            {"title": f"Everyday Bottle, {amount}, Leakproof"},
            {"title": "Everyday Bottle", "bullets": [f"Capacity: {amount}"]},
        ]))
        key = data.draw(st.sampled_from(EN_QTY_KEYS))
    listing = dict(listing, id="p", specs={key: data.draw(st.sampled_from(agreeing))})
    assert findings_of(spec_linter, listing) == [], listing


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), n=st.integers(min_value=1, max_value=48), age=st.integers(min_value=1, max_value=14),
       pct=st.integers(min_value=5, max_value=95), model=st.integers(min_value=11, max_value=17))
def test_agreeing_counts_ages_shares_models_never_mismatch(spec_linter, data, n, age, pct, model):
    suffix = data.draw(st.sampled_from(["", " Pro", " Pro Max", " Plus"]))
    copies = [
        ({"bullets": [f"Value pack of {n}"]}, {"count": str(n)}),
        ({"description": f"{n}件装，家庭实惠。"}, {"件数": f"{n}件"}),
        ({"title": f"Wash Cloths, Set of {n}"}, {"Unit Count": str(n)}),
        ({"bullets": [f"Great for ages {age}+"]}, {"Manufacturerrecommendedage": f"{age} years and up"}),
        ({"bullets": [f"Great for ages {age}+"]}, {"recommended age": f"{max(1, age - 1)} years and up"}),
        ({"description": f"适合{age}岁以上"}, {"适用年龄": f"{age}岁以上"}),
        ({"description": f"面料含棉{pct}%，透气。"}, {"成分": f"{pct}%棉 {100 - pct}%聚酯纤维"}),
        ({"bullets": [f"{pct}% cotton, {100 - pct}% polyester"]}, {"material": f"{pct}% cotton, {100 - pct}% polyester"}),
        ({"bullets": ["Fabric: 100% Acrylic"]}, {"Fabric": "100% Acrylic"}),
        ({"bullets": [f"Pack of {n}"]}, {"Diamond Weight": f"0.{age} ct", "count": str(n)}),
        ({"description": f"含绒量{pct}%白鸭绒"}, {"含绒量": f"{pct}%"}),
        ({"bullets": [f"Designed for iPhone {model}{suffix}"]}, {"compatible model": f"iPhone {model}{suffix}"}),
        ({"bullets": [f"Compatible with iPhone {model}{suffix}."]}, {"compatible models": f"iPhone {model} / {model}{suffix}"}),
    ]
    copy, specs = data.draw(st.sampled_from(copies))
    listing = dict({"title": "Everyday item"}, **copy, id="p", specs=specs)
    assert findings_of(spec_linter, listing) == [], listing
