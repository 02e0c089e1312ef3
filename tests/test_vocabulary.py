"""The law's vocabulary for absolute-claim (Advertising Law art. 9(3)) and health-claim (arts.
16-18, Food Safety Law art. 73; FTC health products guidance), read as families, not lists.

Every sentence here is written for this test: a productive form of a family must fire, and the
exceptions the SAMR guide names (facts, specifications, advice, own-goods comparison, awards,
dated rankings with a source, names and titles of works, negations, statutory disclaimers)
must not. Recall on public banned-term lists is measured by `scripts/audit_real.py --vocab DIR`;
the lists themselves are not part of the project.
"""

import pytest

import honestlint


def _listing(text, title, lang):
    if lang == "en":
        return {"title": title, "bullets": [text], "lang": "en"}
    return {"title": title, "description": text, "lang": lang}


_seen: dict = {}


def _categories(text, title="商品", lang="zh"):
    """The categories found in one listing; the module's listings are linted in one batch."""
    key = (text, title, lang)
    if key not in _seen:
        batch = [key] + [k for k in _PENDING if k not in _seen and k != key]
        listings = [dict(_listing(*k), id=str(i)) for i, k in enumerate(batch)]
        found = {str(i): set() for i in range(len(batch))}
        for f in honestlint.lint(listings):
            found[f.listing].add(f.category)
        for i, k in enumerate(batch):
            _seen[k] = found[str(i)]
    return _seen[key]


# 最 + any adjective or verb phrase, scoped ranks, X之王, grades and the fixed absolute words.
ABSOLUTE_FIRE = [
    "本品是今年最受欢迎的保温杯。", "这款是店里卖得最畅销的吗？不，是全网最畅销。", "最舒适的坐垫。",
    "持香最持久的香水。", "最耐磨的鞋底。", "最划算的一次。", "最贴心的设计。", "性价比最高。",
    "全网最火的款式。", "史上最强续航。", "品质最优。", "最具性价比的选择。", "最值得入手的一款。",
    "最受学生党喜爱。", "最为耐用。", "行业领先的降噪。", "遥遥领先同类产品。", "世界一流的工艺。",
    "国际级标准打造。", "极致轻薄。", "顶尖面料。", "至尊享受。", "无与伦比的口感。", "首屈一指的品质。",
    "绝无仅有的设计。", "独家工艺。", "耳机之王。", "性价比之王。", "销量第一。", "全网第1的人气。",
    "口碑第一。", "天猫类目冠军。", "全球首发新品。", "全国首家。", "十大品牌之一。", "荣登榜首。",
    "本店人气王者。", "巅峰之作。", "无敌好用。",
]

ABSOLUTE_PASS = [
    "最近上新了一批。", "最后一件尺码偏大。", "最初的设计稿。", "最终价格以结算页为准。",
    "2026最新款，升级了电池。", "最大容量1.5L。", "最高温度可设为80℃。", "最长续航10小时。",
    "最多可容纳6人。", "最少2件起购。", "最上层放杯子。", "最小号适合80cm身高。",
    "最好冷藏保存。", "开封后最好三天内吃完。", "最佳饮用温度为8℃。", "这是本店最畅销的颜色。",
    "荣获2025年度最佳设计奖。", "2025年天猫类目销量第一（来源：天猫年度榜单）。",
    "第一步，装上滤网。", "第一泡洗茶，第二泡饮用。", "《最好的我们》全集。", "王者荣耀周边手办。",
    "水果之王榴莲，果肉饱满。", "最快当天发货。", "最大的特点是轻。", "价格最低5元一颗。",
    "本品并非全网最低价。",
]

HEALTH_FIRE = [
    "每天一杯，增强免疫力。", "提高免疫力，少生病。", "长期食用延年益寿。", "特效配方。", "7天见效。",
    "三个疗程即可痊愈。", "纯天然无副作用。", "无毒副作用，放心用。", "活血化瘀，疏通经络。",
    "消炎止痛。", "排毒养颜。", "抗氧化抗衰老。", "补肾壮阳。", "丰胸效果明显。", "医生推荐。",
    "临床验证有效。", "经医学证明。", "立竿见影。", "清热解毒，降火。", "改善睡眠质量。",
    "缓解视疲劳。", "美白淡斑。", "可替代降压药。", "有效率高达98%。", "调节肠道菌群。",
    "益气补血。", "健脾养胃。",
]

HEALTH_PASS = [
    "本品不能代替药物。", "本品不具有疾病预防、治疗功能。", "不锈钢内胆，保温6小时。",
    "不粘锅涂层，少油烹饪。", "益智积木，锻炼动手能力。", "电影特效化妆套装。", "除湿机，每天除湿12升。",
    "美白淡斑精华液，早晚使用。", "治愈系毛绒玩偶。", "止血钳，不锈钢材质。", "荞麦壳枕头，透气不闷。",
    "本品不具有增强免疫力的功能。", "丰胸聚拢文胸，钢圈款。",
]


_PENDING = ([(t, "商品", "zh") for t in ABSOLUTE_FIRE + ABSOLUTE_PASS]
            + [(t, "黑枸杞 250g", "zh") for t in HEALTH_FIRE] + [(t, "家居用品", "zh") for t in HEALTH_PASS])


@pytest.mark.parametrize("text", ABSOLUTE_FIRE)
def test_absolute_family_fires(text):
    assert "absolute-claim" in _categories(text)


@pytest.mark.parametrize("text", ABSOLUTE_PASS)
def test_absolute_exception_passes(text):
    assert "absolute-claim" not in _categories(text)


@pytest.mark.parametrize("text", HEALTH_FIRE)
def test_health_family_fires(text):
    assert "health-claim" in _categories(text, title="黑枸杞 250g")


@pytest.mark.parametrize("text", HEALTH_PASS)
def test_health_exception_passes(text):
    assert "health-claim" not in _categories(text, title="家居用品")


def test_stainless_steel_is_no_negation():
    # The 不 of 不锈钢 and 不粘 negates nothing: the treatment claim after it stands.
    assert "health-claim" in _categories("有效治疗失眠。", title="不锈钢保温杯")
    assert "health-claim" in _categories("不锈钢保温杯 有效治疗失眠")
    assert "health-claim" in _categories("不粘锅，预防高血压。")


def test_traditional_chinese_is_read_after_conversion():
    assert "absolute-claim" in _categories("全網最暢銷的保溫杯。", lang="zh-Hant")
    assert "health-claim" in _categories("增強免疫力，延年益壽。", lang="zh-Hant")


@pytest.mark.parametrize("text", [
    "Boosts your immune system.", "Detoxifies the body.", "Clinically proven to relieve joint pain.",
    "Doctor recommended formula.", "Anti-inflammatory turmeric.", "Fast pain relief.", "No side effects.",
])
def test_english_health_fires(text):
    assert "health-claim" in _categories(text, title="Herbal Capsules", lang="en")


@pytest.mark.parametrize("text", [
    "Cures clear in 24 hours.", "Self-healing cutting mat.", "Digital detox journal with 30 prompts.",
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
])
def test_english_health_passes(text):
    assert "health-claim" not in _categories(text, title="Household Goods", lang="en")
