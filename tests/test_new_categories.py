"""The four copy-only categories of China's Advertising Law art. 9(2), 9(8), 13, 24-25 and their
English counterparts: each class fires, and the lawful look-alikes (a standard, an object's
name, a returns promise, a comparison with one's own model) do not."""
import datetime

import pytest

from honestlint.engine import Linter, lint_listings
from honestlint.input import listings_from_objects
from honestlint.ruleset import load_rules, select_rules

NEW = ("authority-endorsement", "guaranteed-outcome", "superstition", "disparagement")


@pytest.fixture(scope="module")
def linter():
    return Linter(select_rules(load_rules(), NEW), as_of=datetime.date(2026, 11, 23))


def categories(linter, lang, description, title=None):
    listing = {"lang": lang, "title": title or ("Item" if lang == "en" else "商品"), "description": description}
    return {f.category for f in lint_listings(linter, listings_from_objects([listing]))}


CASES = [
    # authority-endorsement: a state organ, venue, force or official + supply / designation
    ("authority-endorsement", "zh", "钓鱼台国宾馆指定用酒 53度"),
    ("authority-endorsement", "zh", "两会专供 有机大米 5kg"),
    ("authority-endorsement", "zh", "武警部队配发 作训鞋"),
    ("authority-endorsement", "zh", "本茶为人大代表推荐产品"),
    ("authority-endorsement", "zh-Hant", "國軍專用 迷彩背包"),
    ("authority-endorsement", "en", "Official supplier to the British Army since 1990"),
    ("authority-endorsement", "en", "Chosen by the Secret Service for its reliability"),
    ("authority-endorsement", "en", "Military-issue poncho liner, olive drab"),
    ("authority-endorsement", "zh", "本产品为国家机关单位定点采购产品"),
    ("authority-endorsement", "zh", "长期为部队提供被装 品质可靠"),
    ("authority-endorsement", "en", "The same boots the U.S. Marines wear in the field"),
    (None, "zh", "政府补贴 家电专用 插座"),
    (None, "zh", "军工级品质 铝合金手电"),
    (None, "zh", "适用于政府、学校、医院等场所的消毒液"),
    (None, "zh", "执行国家标准 GB/T 18401-2010 B类"),
    (None, "en", "Requires a valid government-issued photo ID at pickup"),
    (None, "en", "Great gift for veterans and military families"),
    ("authority-endorsement", "en", "Military-grade, used by Navy SEALs"),
    (None, "en", "Huey helicopter model, used by the U.S. Army in Vietnam"),
    # guaranteed-outcome: returns, exam results, weight by a set amount
    ("guaranteed-outcome", "zh", "雅思7分保过班 一对一"),
    ("guaranteed-outcome", "zh", "三个月减重20公斤 代餐"),
    ("guaranteed-outcome", "zh", "投资理财零风险，月收益5%"),
    ("guaranteed-outcome", "zh", "驾考科目一 题库 不过退款"),
    ("guaranteed-outcome", "zh-Hant", "保證錄取 留學申請"),
    ("guaranteed-outcome", "en", "Pass guaranteed or your money back"),
    ("guaranteed-outcome", "en", "Drop 2 dress sizes in 2 weeks"),
    ("guaranteed-outcome", "en", "A risk-free investment with guaranteed 12% returns"),
    ("guaranteed-outcome", "zh", "通过率100% 教资面试课"),
    ("guaranteed-outcome", "zh", "月瘦10斤 酵素"),
    ("guaranteed-outcome", "zh", "坚持使用，无效全额退款"),
    (None, "zh", "保证正品 假一赔十"),
    (None, "zh", "游戏点卡 自动发货 卡密无效退款"),
    (None, "zh", "报名需缴纳保证金300元，考过后退还"),
    (None, "zh", "保本甩卖 最后50件"),
    (None, "zh", "固定收益证券 第三版 教材"),
    (None, "zh", "高腰牛仔裤 修身显瘦10斤"),
    (None, "zh", "资料已打包发送，不过退款需在7天内申请"),
    (None, "zh", "环保过滤网 空气净化器替换"),
    ("guaranteed-outcome", "en", "Guaranteed 20% annual returns"),
    (None, "en", "30-day money-back guarantee"),
    (None, "en", "Guaranteed to last a lifetime"),
    (None, "en", "Burn up to 600 calories in 30 minutes"),
    # superstition: luck, wealth, warding off evil; object names are no claim
    ("superstition", "zh", "紫水晶洞 招财纳福 旺事业"),
    ("superstition", "zh", "葫芦摆件 化解煞气 保家宅平安"),
    ("superstition", "zh", "本命年红内裤 犯太岁化解"),
    ("superstition", "zh-Hant", "黑曜石手鍊 辟邪化煞 開光加持"),
    ("superstition", "en", "This crystal brings prosperity and abundance"),
    ("superstition", "en", "Sage smudge kit cleanses negative energy from your home"),
    ("superstition", "zh", "本命年必备 化解冲太岁"),
    ("superstition", "en", "Pixiu bracelet for good luck and wealth"),
    (None, "zh", "陶瓷招财猫 白色 摆件"),
    (None, "zh", "防灾避灾应急包 确保平安出行"),
    (None, "zh", "塑料周转运输箱 加厚"),
    (None, "zh", "户外防风水壶 大容量"),
    (None, "zh", "粉彩开光山水纹瓶 景德镇"),
    (None, "en", "Natural stones for aquarium decoration"),
    (None, "zh", "学校开运动会 奖牌 定制"),
    (None, "zh", "修改运费请联系客服"),
    (None, "zh", "跨境集运 香港转运仓 包裹代收"),
    (None, "zh", "中国结 红色 春节装饰 福字"),
    ("superstition", "en", "Feng Shui money frog for wealth and prosperity"),
    (None, "en", "Lucky bamboo plant in ceramic pot"),
    (None, "en", "His magic shield guards against evil attacks"),
    (None, "en", "Keeps away mosquitoes all night"),
    # disparagement: a competitor named or made identifiable, then belittled
    ("disparagement", "zh", "碾压同价位 蓝牙音箱"),
    ("disparagement", "zh", "市面上的香薰大多是香精勾兑的"),
    ("disparagement", "zh", "比戴森强3倍 吸尘器"),
    ("disparagement", "zh", "别再交智商税买大牌了"),
    ("disparagement", "en", "Name brands are overpriced junk; ours costs half"),
    ("disparagement", "en", "Blows the competition away"),
    ("disparagement", "en", "Unlike other brands, we never use fillers"),
    ("disparagement", "zh", "同行都在用回收料，我们只用新料"),
    ("disparagement", "zh", "别家根本不行"),
    (None, "zh", "秒杀价 仅限今日"),
    (None, "zh", "跟大牌比毫不逊色"),
    (None, "zh", "比上一代轻30% 亮2倍"),
    (None, "zh", "乒乓球拍 助你击败对手"),
    ("disparagement", "en", "Mixes smoother than Optimum Nutrition"),
    (None, "en", "2x faster than our previous charger"),
    (None, "en", "Compatible with Dyson V8 and V10 vacuums"),
    (None, "en", "Outlasts leading brands in independent lab tests (2025)"),
    (None, "en", "Help your team beat the competition"),
]


@pytest.mark.parametrize("expected, lang, description", CASES)
def test_new_category_classes(linter, expected, lang, description):
    found = categories(linter, lang, description)
    assert found == ({expected} if expected else set()), found


@pytest.mark.parametrize("lang, description", [
    ("zh", "本品并非国家机关特供"),                 # negation
    ("zh", "本课程不保证通过考试"),
    ("zh", "本品为工艺品，不具有辟邪、招财功能"),
    ("zh", "我们从不说别家都是兑水的"),
    ("zh", "推荐阅读《时来运转》一书"),            # a quoted title
    ("en", "We are not endorsed by the U.S. Army"),
    ("en", "We cannot guarantee that you will pass"),
])
def test_negated_or_quoted_claims_are_cancelled(linter, lang, description):
    assert categories(linter, lang, description) == set()


def test_traditional_copy_is_read_after_conversion(linter):
    assert categories(linter, "zh-Hant", "總統府國宴指定伴手禮") == {"authority-endorsement"}
    assert categories(linter, "zh-Hant", "保證多益考到850分") == {"guaranteed-outcome"}
    assert categories(linter, "zh-Hant", "掛在門口可鎮宅化煞") == {"superstition"}
    assert categories(linter, "zh-Hant", "那些大牌根本比不上") == {"disparagement"}
    assert categories(linter, "zh-Hant", "市面上那些大廠的產品都是香精勾兌") == {"disparagement"}
