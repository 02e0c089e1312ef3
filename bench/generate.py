#!/usr/bin/env python3
"""Deterministic generator of a synthetic e-commerce catalog (JSON Lines) for benchmarking honestlint.

    python bench/generate.py --listings 100000 --out bench/out/catalog.jsonl
    python bench/generate.py --listings 1 --out -            # one listing on stdout
    python bench/generate.py --huge --out bench/out/catalog-1m.jsonl   # 1,000,000 listings

Listing i depends only on (seed, i), so the first 20,000 listings of a 100,000-listing catalog
are the 20,000-listing catalog. Mix: about 50% Simplified Chinese, 15% Traditional Chinese
(the Simplified copy converted with OpenCC s2t plus a few Taiwan words), 35% English; about 1 KB
of UTF-8 JSON per listing; a fifth of the listings carry one violation of one of the 18
categories of /work/shared/categories.md, the rest are honest and full of near misses
(包邮 with fee 0, 最近, 第一步, best before, 7天无理由 with days 7 ...).

Every word here is the benchmark's own template vocabulary; nothing comes from the evaluation
or real-listing corpora.
"""
from __future__ import annotations

import argparse
import collections
import datetime as _dt
import os
import random
import sys
import time

try:
    import orjson

    def _dumps(obj) -> bytes:
        return orjson.dumps(obj)
except ImportError:  # pragma: no cover - honestlint depends on orjson
    import json

    def _dumps(obj) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

GENERATOR_VERSION = 3
DEFAULT_SEED = 20261123
AS_OF = _dt.date(2026, 11, 23)          # run honestlint with --as-of 2026-11-23
VIOLATION_SHARE = 0.20
LANG_WEIGHTS = (("zh", 0.50), ("zh-Hant", 0.15), ("en", 0.35))

CATEGORIES = (
    "clickbait-rebate", "gift-unbacked", "free-misuse", "shipping-mismatch", "returns-mismatch",
    "warranty-mismatch", "spec-mismatch", "origin-mismatch", "brand-misuse",
    "certification-unbacked", "health-claim", "absolute-claim", "price-reference", "urgency-fake",
    "review-incentive", "review-integrity", "hidden-fee", "title-quality",
)

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

BRANDS_ZH = ["悦家", "木森", "初禾", "青柚", "拾光", "半山", "云朵工坊", "素野", "暖岛", "知竹", "北屿", "禾夕",
             "橙意", "简屋", "小鹿日记", "朴田", "山川集", "星野", "栖木", "米粒"]
BRANDS_EN = ["Northvale", "Brightleaf", "Kestrel & Co", "Oakmere", "Lumina Home", "Fernway", "Solace",
             "Bramblewood", "Tidewell", "Copperfield Goods", "Harbor Lane", "Milltown", "Quillon", "Aster Bay"]
# Other people's brands: only used in brand-misuse violations (同款 / 平替 / dupe / style).
FAMOUS_ZH = ["耐克", "阿迪达斯", "戴森", "苹果", "优衣库", "无印良品", "雅诗兰黛", "兰蔻", "小米", "华为"]
FAMOUS_EN = ["Nike", "Adidas", "Dyson", "Apple", "Lululemon", "Stanley", "Yeti", "Le Creuset", "Ugg", "Samsung"]

# colour: (zh, en, hue); shades matter for the spec-colour checks.
COLOURS = [
    ("黑色", "Black", "black"), ("白色", "White", "white"), ("米白色", "Off-White", "white"),
    ("雾霾蓝", "Haze Blue", "blue"), ("藏青色", "Navy", "blue"), ("深灰色", "Dark Grey", "grey"),
    ("浅灰色", "Light Grey", "grey"), ("卡其色", "Khaki", "brown"), ("酒红色", "Wine Red", "red"),
    ("墨绿色", "Dark Green", "green"), ("浅粉色", "Light Pink", "pink"), ("燕麦色", "Oatmeal", "beige"),
    ("深紫色", "Dark Purple", "purple"), ("浅紫色", "Light Purple", "purple"), ("香槟金", "Champagne Gold", "gold"),
]
# A colour in the copy and a different hue in the spec (spec-mismatch violations).
COLOUR_CONFLICTS = [("深紫色", "浅紫色", "Dark Purple", "Light Purple"), ("黑色", "白色", "Black", "White"),
                    ("雾霾蓝", "浅粉色", "Navy", "Light Pink"), ("酒红色", "墨绿色", "Red", "Dark Green"),
                    ("深灰色", "卡其色", "Dark Grey", "Khaki")]

# Materials: code -> (word in Chinese copy, Chinese spec value, word in English copy, English spec value).
MATERIALS = {
    "cotton": ("纯棉", "100%棉", "Cotton", "100% cotton"),
    "cotton_blend": ("棉质", "95%棉 5%氨纶", "Cotton Blend", "95% cotton, 5% spandex"),
    "fleece": ("加绒", "80%棉 20%涤纶", "Fleece", "80% cotton, 20% polyester"),
    "linen": ("亚麻", "100%亚麻", "Linen", "100% linen"),
    "modal": ("莫代尔", "莫代尔", "Modal", "modal"),
    "wool_blend": ("羊毛", "70%羊毛 30%锦纶", "Wool Blend", "70% wool, 30% nylon"),
    "polyester": ("涤纶", "涤纶", "Polyester", "polyester"),
    "nylon": ("尼龙", "尼龙", "Nylon", "nylon"),
    "nylon_spandex": ("锦纶", "85%锦纶 15%氨纶", "Nylon Spandex", "85% nylon, 15% spandex"),
    "cotton_linen": ("棉麻", "60%棉 40%亚麻", "Cotton Linen", "60% cotton, 40% linen"),
    "fabric": ("布艺", "布艺", "Fabric", "fabric"),
    "microfiber": ("超细纤维", "超细纤维", "Microfiber", "microfiber"),
    "foam": ("记忆棉", "记忆棉", "Memory Foam", "memory foam"),
    "steel": ("304不锈钢", "304不锈钢", "Stainless Steel", "18/8 stainless steel"),
    "steel_wire": ("钢丝", "钢丝", "Steel Wire", "steel wire"),
    "glass": ("高硼硅玻璃", "高硼硅玻璃", "Glass", "borosilicate glass"),
    "bamboo": ("楠竹", "楠竹", "Bamboo", "bamboo"),
    "wood": ("实木", "榉木", "Wooden", "beech wood"),
    "silicone": ("硅胶", "食品级硅胶", "Silicone", "silicone"),
    "ceramic": ("陶瓷", "陶瓷", "Ceramic", "ceramic"),
    "aluminium": ("铝合金", "铝合金", "Aluminum", "aluminum alloy"),
    "iron": ("铸铁", "铸铁", "Cast Iron", "cast iron"),
    "plastic": ("塑料", "PP", "Plastic", "PP plastic"),
    "abs": ("ABS", "ABS", "ABS", "ABS plastic"),
    "tpu": ("TPU", "TPU", "TPU", "TPU"),
    "tpe": ("TPE", "TPE", "TPE", "TPE"),
    "rubber": ("天然橡胶", "天然橡胶", "Natural Rubber", "natural rubber"),
    "latex": ("乳胶", "天然乳胶", "Latex", "natural latex"),
    "tritan": ("Tritan", "Tritan", "Tritan", "Tritan copolyester"),
}


def item(zh, en, mats=(), caps=(), sizes=(), counts=(), fz=(), fe=(), colour=True, size_key=("尺寸", "size"),
         cap_key=None, compat=False, power=False):
    """One product type: names, the materials, capacities, sizes and pack counts it comes in,
    and its own selling points (fz Chinese, fe English)."""
    return {"zh": zh, "en": en, "mats": mats, "caps": caps, "sizes": sizes, "counts": counts, "fz": fz, "fe": fe,
            "colour": colour, "size_key": size_key, "cap_key": cap_key, "compat": compat, "power": power}


CLOTHES = ("S", "M", "L", "XL", "XXL")
GROUPS = {
    "apparel": {
        "items": [
            item("T恤", "T-Shirt", ("cotton", "cotton_blend", "modal"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("领口采用螺纹收边，久穿不变形", "双针走线，做工扎实", "侧缝无标设计，穿着不磨皮肤"),
                 fe=("Ribbed crew neck that holds its shape", "Double-stitched seams for durability", "Tagless neck label for itch-free wear")),
            item("卫衣", "Hoodie", ("fleece", "cotton_blend"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("内里加绒，秋冬穿着保暖", "连帽抽绳设计，可调节松紧", "袋鼠口袋，放手机钥匙都方便"),
                 fe=("Brushed fleece lining keeps you warm", "Adjustable drawstring hood", "Front kangaroo pocket")),
            item("衬衫", "Button-Down Shirt", ("cotton", "linen"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("免烫工艺，挂起来就平整", "贝壳纽扣，质感精致", "经典翻领，通勤休闲都合适"),
                 fe=("Wrinkle-resistant fabric", "Real shell buttons", "Classic collar for work or weekends")),
            item("连衣裙", "Midi Dress", ("linen", "modal", "polyester"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("收腰设计，显瘦显高", "裙摆飘逸，走路有风", "后背隐形拉链，穿脱方便"),
                 fe=("Cinched waist for a flattering fit", "Flowy skirt that moves with you", "Hidden back zipper")),
            item("睡衣套装", "Pajama Set", ("cotton", "modal"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("宽松居家，睡觉不勒", "松紧腰头，舒适不紧绷", "亲肤柔软，四季可穿"),
                 fe=("Relaxed fit for sleep and lounging", "Elastic waistband with drawstring", "Soft enough for year-round wear")),
            item("运动短裤", "Athletic Shorts", ("polyester", "nylon"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("速干面料，出汗不黏身", "内置衬裤，运动不走光", "侧边拉链口袋，跑步不掉东西"),
                 fe=("Quick-dry fabric wicks sweat", "Built-in liner", "Zip side pocket keeps keys secure")),
            item("针织开衫", "Knit Cardigan", ("wool_blend", "cotton"), sizes=CLOTHES, size_key=("尺码", "size"),
                 fz=("细腻针织，柔软不扎", "宽松版型，遮肉显瘦", "百搭V领，单穿叠穿都好看"),
                 fe=("Fine knit that never feels scratchy", "Relaxed fit with a V-neck", "Easy to layer over a tee")),
        ],
        "generic_zh": ["面料柔软亲肤，透气不闷热", "预缩水处理，洗后不易缩水", "活性印染，色牢度高不易褪色", "立体剪裁，贴合身形",
                       "多色可选，满足不同搭配"],
        "generic_en": ["Soft, breathable fabric", "Pre-shrunk to keep its shape", "Colourfast dyes that resist fading",
                       "Tailored cut that fits true to size"],
        "care_zh": ["建议冷水手洗，不可漂白", "第一次洗涤请与深色衣物分开", "反面洗涤，低温熨烫"],
        "care_en": ["Machine wash cold, tumble dry low", "Wash inside out with similar colours before first wear",
                    "Do not bleach; iron on low heat"],
    },
    "kitchen": {
        "items": [
            item("保温杯", "Insulated Tumbler", ("steel",), caps=("350ml", "500ml", "750ml"),
                 fz=("双层真空结构，保温保冷12小时", "杯口圆润打磨，喝水不刮嘴", "弹盖一键开启，单手就能喝"),
                 fe=("Double-wall vacuum insulation keeps drinks cold for 24 hours", "Leak-proof lid with a silicone seal",
                     "Fits most car cup holders")),
            item("不粘炒锅", "Nonstick Frying Pan", ("aluminium", "iron"), sizes=("28cm", "30cm", "32cm"),
                 fz=("加厚锅底，受热均匀", "少油烟不粘锅，新手也能轻松翻炒", "手柄隔热设计，不烫手"),
                 fe=("Heats evenly on gas, electric and induction", "Nonstick coating releases food easily", "Stay-cool handle")),
            item("砧板", "Cutting Board", ("bamboo", "wood"), sizes=("36x24cm", "40x28cm"), colour=False,
                 fz=("双面可用，生熟分开", "边缘导流槽，汁水不外溢", "整竹压制，不易开裂"),
                 fe=("Reversible with a juice groove", "Knife-friendly surface", "Will not crack or warp")),
            item("餐具套装", "Cutlery Set", ("steel",), counts=(4, 6, 8, 12), colour=False,
                 fz=("镜面抛光，光亮易清洗", "加厚材质，手感有分量", "圆润边角，不刮手"),
                 fe=("Mirror-polished finish", "Weighted handles feel balanced", "Dishwasher safe")),
            item("玻璃水杯", "Glass Water Cup", ("glass",), caps=("350ml", "500ml"), counts=(1, 2, 4),
                 fz=("耐高温耐低温，可直接倒入开水", "杯壁通透，无铅更安心", "带盖防尘，办公室使用方便"),
                 fe=("Handles boiling water and ice", "Crystal-clear, lead-free glass", "Dust-proof lid")),
            item("保鲜盒", "Food Storage Containers", ("glass", "plastic"), caps=("500ml", "1L", "1.5L"), counts=(3, 5),
                 fz=("四面锁扣，密封防漏", "可进微波炉加热", "叠放收纳，节省冰箱空间"),
                 fe=("Four-latch lids seal tight", "Microwave and freezer safe", "Nests neatly to save fridge space")),
            item("电热水壶", "Electric Kettle", ("steel", "glass"), caps=("1.5L", "1.7L"), power=True,
                 fz=("烧水快，5分钟即可沸腾", "防干烧自动断电", "304内胆，无塑料异味"),
                 fe=("Boils water in about 5 minutes", "Auto shut-off and boil-dry protection", "No plastic taste")),
        ],
        "generic_zh": ["一体成型，无焊缝易清洗", "底部防滑设计，放置稳固", "轻巧便携，通勤出游都方便", "食品级材质，接触食物更放心"],
        "generic_en": ["Easy to clean", "Non-slip base keeps it steady on the counter", "Food-safe materials",
                       "Stackable design saves cabinet space"],
        "care_zh": ["首次使用前请用温水清洗", "第一步，取下密封圈；第二步，用软布擦洗", "不建议放入洗碗机"],
        "care_en": ["Hand wash recommended before first use", "Do not use abrasive cleaners", "Not dishwasher safe"],
    },
    "electronics": {
        "items": [
            item("数据线", "Charging Cable", ("nylon", "tpe"), sizes=("1m", "1.5m", "2m"), size_key=("长度", "length"),
                 counts=(1, 2, 3), compat=True, power=True,
                 fz=("编织线身，抗弯折不易断", "接口镀金处理，插拔更耐用", "支持PD快充协议"),
                 fe=("Braided cable tested to 10,000 bends", "Reinforced connectors", "Supports PD fast charging")),
            item("快充充电器", "Fast Wall Charger", ("plastic",), compat=True, power=True,
                 fz=("氮化镓芯片，体积小发热低", "双口同时充电", "折叠插脚，出门好收纳"),
                 fe=("GaN chip runs cool in a small size", "Two ports charge at once", "Folding prongs for travel")),
            item("蓝牙耳机", "Wireless Earbuds", ("abs",),
                 fz=("蓝牙5.3，连接稳定低延迟", "单次续航6小时，配合充电仓可用30小时", "入耳式设计，佩戴稳固"),
                 fe=("Bluetooth 5.3 for a stable connection", "6 hours per charge, 30 with the case", "Secure in-ear fit")),
            item("充电宝", "Portable Power Bank", ("aluminium", "abs"), caps=("10000mAh", "20000mAh"), power=True,
                 fz=("数字电量显示，剩余电量一目了然", "容量符合民航规定，可带上飞机", "智能芯片保护，防过充过放"),
                 fe=("Digital display shows remaining charge", "Airline-friendly capacity", "Smart chip protects against overcharging")),
            item("手机壳", "Phone Case", ("silicone", "tpu"), compat=True,
                 fz=("四角气囊防摔", "镜头加高保护", "超薄机身，手感轻盈"),
                 fe=("Air-cushioned corners absorb drops", "Raised lip protects the camera", "Slim and lightweight")),
            item("U盘", "USB Flash Drive", ("aluminium",), caps=("32GB", "64GB", "128GB", "256GB"), cap_key=("存储容量", "storage"),
                 fz=("USB3.2高速传输", "金属外壳，耐摔防尘", "即插即用，无需安装驱动"),
                 fe=("USB 3.2 transfer speeds", "Metal casing resists knocks", "Plug and play, no driver needed")),
            item("桌面台灯", "LED Desk Lamp", ("aluminium", "abs"), power=True,
                 fz=("三档亮度可调，护眼无频闪", "360度调节灯臂", "触控开关，轻触即亮"),
                 fe=("Three brightness levels with no flicker", "Fully adjustable arm", "Touch control")),
        ],
        "generic_zh": ["做工精细，品质可靠", "小巧便携，出差旅行方便", "多重安全防护，用着放心"],
        "generic_en": ["Compact and travel friendly", "Built-in safety protections", "Solid build quality"],
        "care_zh": ["首次使用前请充满电", "请勿在潮湿环境中使用", "长时间不用请断开电源"],
        "care_en": ["Keep away from water and high heat", "Charge fully before first use", "Unplug when not in use"],
    },
    "beauty": {
        "items": [
            item("保湿面霜", "Moisturizing Face Cream", caps=("50g", "100g"), colour=False,
                 fz=("质地轻薄，一抹即化", "添加透明质酸，补水保湿", "早晚均可使用"),
                 fe=("Lightweight texture absorbs quickly", "With hyaluronic acid for lasting hydration", "Use morning and night")),
            item("氨基酸洗面奶", "Gentle Facial Cleanser", caps=("100ml", "120g"), colour=False,
                 fz=("绵密泡沫，洗后不紧绷", "氨基酸表活，温和清洁", "敏感肌也能用"),
                 fe=("Rich lather rinses clean", "Amino-acid formula cleans gently", "Suitable for sensitive skin")),
            item("精华液", "Hydrating Serum", caps=("30ml", "50ml"), colour=False,
                 fz=("含烟酰胺成分，改善暗沉肤色", "滴管设计，用量好控制", "清爽不油腻"),
                 fe=("With niacinamide for a brighter look", "Dropper for easy dosing", "Non-greasy finish")),
            item("防晒霜", "Daily Sunscreen SPF 50", caps=("50ml", "100ml"), colour=False,
                 fz=("SPF50+ PA++++，日常通勤够用", "清爽不假白", "可作妆前使用"),
                 fe=("Broad spectrum SPF 50", "No white cast", "Works under makeup")),
            item("洗发水", "Sulfate-Free Shampoo", caps=("350ml", "500ml"), colour=False,
                 fz=("弱酸性配方，呵护头皮", "洗后柔顺好梳理", "清新果香，持久留香"),
                 fe=("pH-balanced formula", "Leaves hair soft and easy to comb", "Light, fresh scent")),
            item("护手霜", "Hand Cream", caps=("30g", "50g"), counts=(1, 3), colour=False,
                 fz=("小巧便携，随时补涂", "滋润不黏手", "冬季干燥也不起皮"),
                 fe=("Pocket-size tube", "Moisturizes without a sticky feel", "Soothes dry winter hands")),
        ],
        "generic_zh": ["无香精配方，味道清淡", "泵头设计，取用卫生方便", "温和配方，适合日常使用"],
        "generic_en": ["Fragrance-free", "Gentle enough for daily use", "Travel-friendly size"],
        "care_zh": ["开封后最好在6个月内用完", "请存放于阴凉干燥处，避免阳光直射", "使用前请先在耳后做皮肤测试"],
        "care_en": ["Best used within 6 months of opening", "Store in a cool, dry place", "Patch test before first use"],
    },
    "food": {
        "items": [
            item("每日坚果", "Mixed Nuts", caps=("250g", "500g", "750g"), colour=False,
                 fz=("独立小包装，每天一包刚刚好", "六种坚果果干搭配", "颗粒饱满，香脆可口"),
                 fe=("Individually wrapped single-serve packs", "Six kinds of nuts and dried fruit", "Crunchy and satisfying")),
            item("明前绿茶", "Loose Leaf Green Tea", caps=("100g", "250g"), colour=False,
                 fz=("明前采摘，芽叶细嫩", "汤色清亮，回甘明显", "密封罐装，防潮保鲜"),
                 fe=("Spring-picked tender leaves", "Bright cup with a sweet finish", "Sealed tin keeps it fresh")),
            item("咖啡豆", "Whole Bean Coffee", caps=("250g", "500g", "1kg"), colour=False,
                 fz=("中度烘焙，带坚果与焦糖风味", "新鲜烘焙，当周发出", "单向排气阀包装"),
                 fe=("Medium roast with notes of caramel and nuts", "Roasted to order", "One-way valve bag")),
            item("土蜂蜜", "Raw Honey", caps=("500g", "1kg"), colour=False,
                 fz=("自然成熟，浓稠拉丝", "无添加，原味天然", "挤压瓶设计，不滴漏"),
                 fe=("Raw and unfiltered", "Thick and naturally sweet", "Squeeze bottle, no drips")),
            item("燕麦片", "Rolled Oats", caps=("1kg", "1.5kg"), colour=False,
                 fz=("可冲泡可煮粥，做法多样", "全谷物，饱腹感强", "无添加蔗糖"),
                 fe=("Great for breakfast or overnight oats", "Whole grain and high in fibre", "No added sugar")),
            item("牛肉干", "Beef Jerky", caps=("250g", "500g"), colour=False,
                 fz=("肉质紧实，越嚼越香", "风干工艺，保留肉香", "独立包装，出游方便"),
                 fe=("Tender and full of flavour", "Slow-dried to keep the natural taste", "Resealable bag")),
        ],
        "generic_zh": ["当季新货，新鲜发出", "精选原料，品质稳定", "老人小孩都爱吃"],
        "generic_en": ["Packed fresh", "Carefully sourced ingredients", "A pantry favourite"],
        "care_zh": ["开袋后最好在阴凉干燥处保存", "最佳食用期为开封后7天", "开封后请密封冷藏"],
        "care_en": ["Best before date printed on the bottom of the bag", "Store in a cool, dry place after opening",
                    "Best enjoyed within two weeks of opening"],
    },
    "home": {
        "items": [
            item("枕头", "Pillow", ("foam",), sizes=("40x60cm", "50x70cm"), counts=(1, 2),
                 fz=("慢回弹记忆棉，贴合颈椎曲线", "枕套可拆洗", "透气蜂窝孔，不闷热"),
                 fe=("Slow-rebound foam supports your neck", "Removable, washable cover", "Ventilated core sleeps cool")),
            item("毛巾", "Bath Towel Set", ("cotton", "microfiber"), sizes=("35x75cm", "70x140cm"), counts=(2, 3, 4, 6),
                 fz=("加厚面料，柔软吸水", "不掉毛不起球", "速干不易滋生异味"),
                 fe=("Plush and highly absorbent", "Low-lint weave", "Dries quickly")),
            item("收纳盒", "Storage Bins", ("plastic", "fabric"), sizes=("30x20x15cm", "40x30x25cm"), counts=(3, 4, 6),
                 fz=("可叠加收纳，节省空间", "带盖防尘", "侧边把手，搬运方便"),
                 fe=("Stackable bins save closet space", "Dust-proof lid", "Built-in handles")),
            item("四件套", "Duvet Cover Set", ("cotton", "cotton_linen", "polyester"), sizes=("150x200cm", "200x230cm"),
                 fz=("高密度织造，不易起球", "隐形拉链设计，拆洗方便", "活性印染，不易褪色"),
                 fe=("Tightly woven to resist pilling", "Hidden zipper closure", "Colourfast print")),
            item("抱枕套", "Throw Pillow Covers", ("cotton_linen", "polyester"), sizes=("45x45cm",), counts=(2, 4),
                 fz=("隐形拉链，拆洗方便", "棉麻质感，北欧风格", "双面同花"),
                 fe=("Hidden zipper for easy washing", "Textured linen look", "Same print on both sides")),
            item("遮光窗帘", "Blackout Curtains", ("polyester",), sizes=("140x220cm", "200x250cm"), counts=(1, 2),
                 fz=("遮光率高，午休也能睡好", "打孔安装，安装简单", "垂感好，不易起皱"),
                 fe=("Blocks most sunlight for better sleep", "Grommet top, easy to hang", "Drapes nicely without wrinkles")),
            item("地垫", "Bath Mat", ("microfiber", "rubber"), sizes=("40x60cm", "50x80cm"),
                 fz=("底部防滑颗粒，踩上去不打滑", "吸水速干", "可机洗"),
                 fe=("Non-slip backing stays in place", "Soaks up water fast", "Machine washable")),
            item("衣架", "Clothes Hangers", ("plastic", "wood"), counts=(10, 20, 30),
                 fz=("防滑设计，衣服不滑落", "承重力强，不易变形", "超薄省空间"),
                 fe=("Non-slip finish holds clothes in place", "Sturdy, will not bend", "Slim profile saves space")),
        ],
        "generic_zh": ["北欧简约风格，百搭各种家居", "多种尺寸可选，满足不同需求", "防潮防霉，经久耐用"],
        "generic_en": ["Simple modern look fits any room", "Available in several sizes", "Resists mildew"],
        "care_zh": ["第一次使用前建议先清洗一遍", "可机洗，建议使用洗衣袋", "不可暴晒，阴凉处晾干"],
        "care_en": ["Machine washable; wash before first use", "Tumble dry low or line dry", "Do not iron the printed side"],
    },
    "sports": {
        "items": [
            item("瑜伽垫", "Yoga Mat", ("tpe", "rubber"), sizes=("183x61cm", "183x80cm"),
                 fz=("双面防滑纹理，运动不打滑", "加厚6mm，保护膝盖", "自带绑带，卷起就能带走"),
                 fe=("Non-slip texture on both sides", "6 mm thick to cushion your knees", "Carry strap included")),
            item("跳绳", "Jump Rope", ("steel_wire",), sizes=("2.8m", "3m"), size_key=("长度", "length"),
                 fz=("计数手柄，自动记录圈数", "轴承转动顺滑", "长度可调"),
                 fe=("Built-in counter in the handle", "Ball bearings for a smooth spin", "Adjustable length")),
            item("弹力带", "Resistance Bands", ("latex", "tpe"), counts=(3, 5),
                 fz=("多档阻力，适合不同训练强度", "弹性好，不易断裂", "配收纳袋，方便携带"),
                 fe=("Five resistance levels", "Stretchy and tear resistant", "Storage pouch included")),
            item("运动水壶", "Sports Water Bottle", ("tritan", "steel"), caps=("600ml", "750ml", "1L"),
                 fz=("弹跳吸管盖，运动中单手喝水", "刻度提醒，记录饮水量", "防漏设计"),
                 fe=("Flip straw lid for one-handed sips", "Time markers remind you to drink", "Leak-proof")),
            item("登山背包", "Hiking Backpack", ("nylon", "polyester"), caps=("30L", "40L"),
                 fz=("大容量多隔层，物品分类收纳", "背部透气网眼，长时间背负不闷", "防泼水面料"),
                 fe=("Multiple compartments keep gear organized", "Breathable mesh back panel", "Water-resistant fabric")),
            item("护膝", "Knee Sleeves", ("nylon_spandex",), sizes=("S", "M", "L"), counts=(2,),
                 fz=("加压编织，稳定膝盖", "透气不闷汗", "防滑硅胶条"),
                 fe=("Compression knit supports the knee", "Breathable and sweat-wicking", "Silicone grip keeps it in place")),
        ],
        "generic_zh": ["轻量设计，随身携带", "适合健身房和户外使用"],
        "generic_en": ["Lightweight and easy to carry", "For the gym or outdoors"],
        "care_zh": ["使用后用湿布擦拭即可", "避免长时间暴晒", "第一步，展开平放一天，气味会自然散去"],
        "care_en": ["Wipe clean with a damp cloth", "Keep out of direct sunlight", "Let it air out before first use"],
    },
}
GROUP_NAMES = list(GROUPS)

ADJ_ZH = ["简约", "百搭", "北欧风", "ins风", "日系", "加厚", "轻薄", "高颜值", "家用", "便携", "大容量", "新款", "经典"]
ADJ_EN = ["Classic", "Everyday", "Minimalist", "Premium", "Lightweight", "Heavy-Duty", "Compact", "Modern", "Soft"]
TITLE_TAIL_ZH = ["男女同款", "宽松百搭", "送礼自用", "办公室家用", "学生党必备", "四季通用", "居家必备", "户外便携"]

ORIGINS = [("中国", "China"), ("中国", "China"), ("中国", "China"), ("中国", "China"), ("日本", "Japan"),
           ("越南", "Vietnam"), ("韩国", "South Korea"), ("美国", "USA"), ("德国", "Germany")]
PROVINCES = ["广东", "浙江", "江苏", "福建", "山东", "上海", "河北", "四川"]
CERTS = ["3C", "CE", "FCC", "ISO 9001", "RoHS", "有机", "SGS", "FDA"]

REVIEWS_ZH = [("质量很好，和描述一致", 5), ("物流很快，包装完好", 5), ("性价比高，推荐", 5), ("颜色很正，很喜欢", 5),
              ("第二次回购了", 5), ("用了一周，还不错", 4), ("做工可以，就是有点小", 4), ("味道有点重，散散就好", 4),
              ("客服态度好", 5), ("比想象中薄一点", 3), ("一般般吧", 3), ("发货有点慢", 3), ("宝贝收到了", 5),
              ("家里人都说好看", 5), ("尺码标准", 4), ("最近买的最满意的东西", 5)]
REVIEWS_EN = [("Love it!", 5), ("Works great.", 5), ("Good value for money.", 5), ("Arrived fast, well packed.", 5),
              ("Exactly as pictured.", 5), ("Runs a bit small.", 4), ("Does the job.", 4), ("Nice colour.", 5),
              ("Okay for the price.", 3), ("Second one I bought.", 5), ("Smaller than expected.", 3), ("Sturdy and solid.", 5),
              ("Would buy again.", 5), ("A little flimsy.", 3)]
# Long review texts (30+ characters) that violations copy across listings (review-integrity).
COPIED_REVIEWS = [
    "这款真的太好用了，买了之后全家都在用，已经推荐给身边所有的朋友和同事了，强烈推荐大家入手",
    "收到货第一时间就试用了，质量超出预期，做工精细没有异味，客服也非常耐心，五星好评不解释",
    "Absolutely the best purchase I have made this year, my whole family uses it every day and loves it",
    "I was skeptical at first but this exceeded every expectation, perfect quality and super fast delivery",
    "用了一个多月才来评价，效果非常明显，包装也很用心，会一直回购下去的，良心卖家值得信赖",
]

# Honest near misses: phrases that look like claims but are not (or are backed).
NEAR_ZH = ["最近很多顾客问怎么清洗，详见下方说明", "第一步，打开包装；第二步，检查配件是否齐全", "首次使用前请仔细阅读说明书",
           "收到后最好先通风半天再使用", "第一次使用会有轻微气味，属正常现象", "最近气温变化大，注意保暖",
           "欢迎大家真实评价", "如有任何问题请联系客服", "图片为实物拍摄，因显示器不同可能略有色差",
           "最好搭配同系列产品使用", "建议最好在室温下存放"]
NEAR_EN = ["Wash before first use", "Best results when used daily", "Best before date on the label",
           "We welcome honest reviews", "Helps you relax after a long day", "Colours may vary slightly between screens",
           "Check the size chart before ordering", "Contact us with any questions", "First-time users: read the quick start guide"]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """Chinese numerals for 1..99 (三, 十二, 二十)."""
    if n < 10:
        return _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2e7f else 1 for ch in text)


def money(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def iso(d: _dt.date, hour: int = 0, tz: str = "+08:00", end: bool = False) -> str:
    t = "23:59:59" if end else f"{hour:02d}:00:00"
    return f"{d.isoformat()}T{t}{tz}"


def _pick_lang(rng: random.Random) -> str:
    x = rng.random()
    acc = 0.0
    for lang, w in LANG_WEIGHTS:
        acc += w
        if x < acc:
            return lang
    return "en"


class Draft:
    """A listing under construction: facts first, then copy that agrees with (or, for a
    violation, contradicts) them."""

    def __init__(self, rng: random.Random, index: int, lang: str):
        self.rng, self.index, self.lang = rng, index, lang
        self.zh = lang != "en"
        self.group_name = rng.choice(GROUP_NAMES)
        self.group = GROUPS[self.group_name]
        self.item = rng.choice(self.group["items"])
        self.item_zh, self.item_en = self.item["zh"], self.item["en"]
        self.title_parts: list[str] = []
        self.title_extra: list[str] = []       # violation or near-miss words appended to the title
        self.description: list[str] = []
        self.bullets: list[str] = []
        self.promotions: list[dict] = []
        self.reviews: list[dict] = []
        self.service: dict[str, str] = {}      # service lines by topic, so a violation can drop them
        self.data: dict = {}

    # ---- facts -------------------------------------------------------------------------
    def facts(self) -> None:
        rng, zh = self.rng, self.zh
        d = self.data
        it = self.item
        self.colour = rng.choice(COLOURS)
        self.material = MATERIALS[rng.choice(it["mats"])] if it["mats"] else None
        specs: dict = {}
        if it["colour"]:
            specs["颜色" if zh else rng.choice(("color", "colour"))] = self.colour[0] if zh else self.colour[1]
        if self.material:
            key = (rng.choice(("材质", "面料")) if self.group_name in ("apparel", "home") else "材质") if zh else "material"
            specs[key] = self.material[1] if zh else self.material[3]
        if it["sizes"]:
            specs[it["size_key"][0 if zh else 1]] = rng.choice(it["sizes"])
        self.capacity = None
        if it["caps"]:
            self.capacity = rng.choice(it["caps"])
            if it["cap_key"]:
                key = it["cap_key"][0 if zh else 1]
            elif self.group_name in ("beauty", "food"):
                key = "净含量" if zh else "net weight"
            else:
                key = "容量" if zh else "capacity"
            specs[key] = self.capacity
        self.count = None
        if it["counts"] and rng.random() < 0.7:
            self.count = rng.choice(it["counts"])
            specs["件数" if zh else "pack"] = str(self.count)
        if self.group_name in ("food", "beauty"):
            specs["保质期" if zh else "shelf life"] = rng.choice(("12个月", "18个月", "24个月") if zh else ("12 months", "18 months", "24 months"))
        if it["compat"] and rng.random() < 0.7:
            specs["适用机型" if zh else "compatibility"] = rng.choice(("iPhone 15", "iPhone 14", "Type-C接口手机", "华为Mate60")) if zh \
                else rng.choice(("iPhone 15", "iPhone 14", "Galaxy S24", "USB-C phones"))
        if it["power"] and rng.random() < 0.7:
            specs["功率" if zh else "power"] = rng.choice(("20W", "30W", "65W"))
        self.specs = specs

        origin = rng.choice(ORIGINS)
        self.origin = origin
        d["origin"] = origin[0] if zh else origin[1]
        if zh and origin[0] == "中国" and rng.random() < 0.5:
            specs["产地"] = rng.choice(PROVINCES)
        self.brand = rng.choice(BRANDS_ZH if zh else BRANDS_EN)
        d["brand"] = self.brand

        # Price: current, an optional reference, and a history of prices actually charged.
        base = rng.choice((9.9, 19.9, 29.9, 39, 49, 59.9, 79, 89, 99, 129, 159, 199, 269, 299, 399, 599))
        if self.lang == "en":
            base = round(base / 7 + 4, 0) - 0.01
            currency = "USD"
        elif self.lang == "zh-Hant":
            base = round(base * 4.4, 0)
            currency = "TWD"
        else:
            currency = "CNY"
        self.currency = currency
        price = {"current": base, "currency": currency}
        history = []
        n_hist = rng.randint(1, 4)
        self.reference = None
        if rng.random() < 0.55:
            ref = round(base * rng.choice((1.25, 1.5, 2.0)), 0)
            if self.lang == "en":
                ref = ref - 0.01
            self.reference = ref
            price["reference"] = ref
            # honest by default: the reference was charged within the last 30 days
            history.append({"date": (AS_OF - _dt.timedelta(days=rng.randint(8, 25))).isoformat(), "price": ref})
        for _ in range(n_hist):
            day = AS_OF - _dt.timedelta(days=rng.randint(1, 90))
            history.append({"date": day.isoformat(), "price": rng.choice((base, base, round(base * 1.1, 2)))})
        history.sort(key=lambda h: h["date"])
        price["history"] = history
        d["price"] = price

        self.fee = 0.0 if rng.random() < 0.6 else float(rng.choice((6, 8, 10, 12)) if zh else rng.choice((4.99, 5.99, 7.99)))
        self.handling = rng.choice((24, 24, 48, 48, 72))
        d["shipping"] = {"fee": self.fee, "handling_hours": self.handling,
                         "ships_from": rng.choice(PROVINCES) if zh else rng.choice(("CA", "NJ", "TX", "Shenzhen"))}
        days = rng.choice((0, 7, 7, 7, 15, 30))
        self.returns = {"days": days, "no_reason": bool(days and rng.random() < 0.8)}
        d["returns"] = dict(self.returns)
        self.warranty = rng.choice((0, 0, 6, 12, 12, 24, 36)) if self.group_name in ("electronics", "kitchen", "home") else 0
        d["warranty"] = {"months": self.warranty}
        self.stock = rng.choice((rng.randint(1, 9), rng.randint(20, 400), rng.randint(400, 5000), rng.randint(400, 5000)))
        d["stock"] = self.stock
        certs = []
        if self.group_name == "electronics":
            certs = rng.sample(["3C", "CE", "FCC", "RoHS"], rng.randint(0, 3))
        elif rng.random() < 0.3:
            certs = rng.sample(["SGS", "ISO 9001", "有机" if zh else "USDA Organic"], rng.randint(1, 2))
        self.certs = certs
        d["certifications"] = certs
        self.gifts: list[dict] = []

    # ---- copy --------------------------------------------------------------------------
    def copy(self) -> None:
        rng, zh = self.rng, self.zh
        g = self.group
        mat_word = (self.material[0] if zh else self.material[2]) if self.material else ""
        colour_in_spec = any(k in self.specs for k in ("颜色", "color", "colour"))
        if zh:
            parts = []
            if rng.random() < 0.5:
                parts.append(f"{rng.choice((2025, 2026))}新款")
            parts.append(self.brand)
            parts.append(rng.choice(ADJ_ZH))
            if colour_in_spec and rng.random() < 0.6:
                parts.append(self.colour[0] + mat_word + self.item_zh)
            else:
                parts.append(mat_word + self.item_zh)
            if self.capacity and rng.random() < 0.7:
                parts.append(self.capacity)
            if self.count and self.count > 1 and rng.random() < 0.7:
                parts.append(f"{self.count}件装" if rng.random() < 0.5 else f"{zh_number(self.count)}只装")
            parts.append(rng.choice(TITLE_TAIL_ZH))
            while _width(" ".join(parts)) > 56 and len(parts) > 3:
                parts.pop(0 if parts[0].endswith("新款") else -1)
            self.title_parts = parts
        else:
            if mat_word and mat_word.lower() in self.item_en.lower():
                mat_word = ""
            head = f"{self.brand} {rng.choice(ADJ_EN)} {mat_word + ' ' if mat_word else ''}{self.item_en}"
            extra = []
            if self.capacity and rng.random() < 0.7:
                extra.append(self.capacity)
            if self.count and self.count > 1 and rng.random() < 0.7:
                extra.append(f"Pack of {self.count}")
            if colour_in_spec and rng.random() < 0.6:
                extra.append(self.colour[1])
            feature = rng.choice(self.item["fe"])
            if not any(w.lower() in feature.lower() for w in self.item_en.split() + mat_word.split() if len(w) > 3):
                extra.append(feature)
            self.title_parts = [head] + extra

        own = list(self.item["fz" if zh else "fe"])
        generic = g["generic_zh" if zh else "generic_en"]
        self.description = rng.sample(own, rng.randint(1, 2)) + rng.sample(generic, rng.randint(1, 2))
        rng.shuffle(self.description)
        if rng.random() < 0.6:
            self.description.append(rng.choice(g["care_zh"] if zh else g["care_en"]))
        self.bullets = rng.sample(own + generic, 2)
        self.service_lines()
        near = NEAR_ZH if zh else NEAR_EN
        for line in rng.sample(near, rng.choice((0, 1, 1, 2))):
            self.description.insert(rng.randint(0, len(self.description)), line)
        self.default_promotions()
        self.default_reviews()

    def service_lines(self) -> None:
        """Shipping, returns, warranty, stock and price lines that agree with the facts."""
        rng, zh = self.rng, self.zh
        lines: list[tuple[str, str]] = []

        def add(tag: str, text: str) -> None:
            lines.append((tag, text))

        if self.fee == 0:
            if rng.random() < 0.7:
                add("ship_free", rng.choice(("全国包邮", "包邮到家", "本店商品均包邮")) if zh
                             else rng.choice(("Free shipping", "Free standard shipping on this item", "Ships free")))
        elif rng.random() < 0.4:
            add("ship_free", f"满99元包邮，不满收取运费{money(self.fee)}元" if zh else "Free shipping on orders over $35")
        if rng.random() < 0.7:
            promise = rng.choice([h for h in (24, 48, 72) if h >= self.handling])
            add("ship_time", f"{promise}小时内发货" if zh else f"Ships within {promise} hours")
        r = self.returns
        if r["days"] and rng.random() < 0.7:
            if r["no_reason"]:
                add("returns", f"支持{r['days']}天无理由退换" if zh else f"{r['days']}-day no-questions-asked returns")
            else:
                add("returns", f"质量问题{r['days']}天内可退换" if zh else f"{r['days']}-day returns for defective items")
        if self.warranty and rng.random() < 0.7:
            if self.warranty % 12 == 0:
                years = self.warranty // 12
                add("warranty", f"{zh_number(years)}年质保" if zh else f"{years}-year warranty")
            else:
                add("warranty", f"{self.warranty}个月保修" if zh else f"{self.warranty}-month warranty")
        if self.stock <= 9 and rng.random() < 0.6:
            add("stock", f"仅剩{self.stock}件" if zh else f"Only {self.stock} left in stock")
        if self.reference is not None and rng.random() < 0.4:
            sym = "" if zh else "$"
            add("price", f"原价{money(self.reference)}元，现价{money(self.data['price']['current'])}元" if zh
                         else f"Was {sym}{money(self.reference)}, now {sym}{money(self.data['price']['current'])}")
        if self.origin[0] == "中国" and rng.random() < 0.2:
            add("origin", "原产地中国" if zh else "Made in China")
        if self.certs and rng.random() < 0.5:
            c = rng.choice(self.certs)
            add("cert", f"已通过{c}认证" if zh else f"{c} certified")
        if "适用机型" in self.specs or "compatibility" in self.specs:
            model = self.specs.get("适用机型") or self.specs.get("compatibility")
            if rng.random() < 0.6:
                add("compat", f"适用于{model}" if zh else f"Compatible with {model}")
        for tag, line in lines:
            self.service[tag] = line
            if rng.random() < 0.5:
                self.bullets.append(line)
            else:
                self.description.append(line)

    def drop(self, *tags: str) -> None:
        """Remove service lines that a violation's changed facts would contradict."""
        for tag in tags:
            line = self.service.pop(tag, None)
            if line is None:
                continue
            for seq in (self.bullets, self.description):
                if line in seq:
                    seq.remove(line)


    def default_promotions(self) -> None:
        rng, zh = self.rng, self.zh
        tz = "+08:00" if zh else "-05:00"
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            kind = rng.choice(("discount", "points", "coupon", "deadline", "gift"))
            start = AS_OF - _dt.timedelta(days=rng.randint(1, 10))
            end = AS_OF + _dt.timedelta(days=rng.randint(1, 20))
            promo = {"starts_at": iso(start, tz=tz), "ends_at": iso(end, tz=tz, end=True)}
            if kind == "discount":
                v = rng.choice((10, 20, 30, 50))
                promo.update(text=f"满{v * 10}减{v}" if zh else f"Save ${v // 2} on orders over ${v * 3}",
                             reward={"type": "discount", "value": v}, terms="每笔订单限用一次" if zh else "One per order.")
            elif kind == "points":
                v = rng.choice((50, 100, 200))
                promo.update(text=f"下单返还{v}积分" if zh else f"Earn {v} reward points",
                             reward={"type": "points", "value": v},
                             terms=f"返还{v}积分，可抵扣{v // 100 or 1}元" if zh else f"{v} points = ${v // 100 or 1} off a future order.")
            elif kind == "coupon":
                v = rng.choice((5, 10, 20))
                promo.update(text=f"领券立减{v}元" if zh else f"Clip a ${v} coupon",
                             reward={"type": "coupon", "value": v}, terms="优惠券有效期7天" if zh else "Coupon valid for 7 days.")
            elif kind == "deadline":
                promo.update(text=f"限时特惠至{end.month}月{end.day}日" if zh else f"Sale ends {end.strftime('%B')} {end.day}",
                             reward={"type": "discount", "value": 10})
            else:
                name_zh, name_en = rng.choice((("收纳袋", "storage pouch"), ("清洁布", "cleaning cloth"), ("粘钩", "adhesive hook"),
                                               ("体验装", "travel-size sample")))
                self.gifts.append({"name": name_zh if zh else name_en, "quantity": 1, "stock": rng.randint(50, 800)})
                promo.update(text=f"下单赠送{name_zh}1个" if zh else f"Comes with a free {name_en}",
                             reward={"type": "gift", "value": 1})
            self.promotions.append(promo)

    def default_reviews(self) -> None:
        rng = self.rng
        pool = REVIEWS_ZH if self.zh else REVIEWS_EN
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            text, rating = rng.choice(pool)
            self.reviews.append({"text": text, "rating": rating, "incentivized": False})

    # ---- violations --------------------------------------------------------------------
    def put(self, text: str, where: str | None = None) -> None:
        """Place a claim in the title, description or bullets."""
        rng = self.rng
        if where is None:
            short = len(text) <= (6 if self.zh else 18)
            where = rng.choice(("title", "description", "description", "bullets") if short else ("description", "bullets"))
        if where == "title":
            self.title_extra.append(text)
        elif where == "bullets":
            self.bullets.insert(rng.randint(0, len(self.bullets)), text)
        else:
            self.description.insert(rng.randint(0, len(self.description)), text)

    def violate(self, category: str) -> None:
        getattr(self, "v_" + category.replace("-", "_"))()

    def v_clickbait_rebate(self):
        rng, zh = self.rng, self.zh
        v = rng.choice((50, 100, 200))
        kind = rng.choice(("points", "coupon"))
        text = rng.choice((f"买1返还{v}", f"下单返现{v}", f"购买即返{v}")) if zh else rng.choice((f"Get ${v} back", f"${v} cash back on this order"))
        terms = (f"返还{v}积分，可抵扣{max(v // 100, 1)}元" if kind == "points" else f"返{v}元优惠券，满{v * 5}元可用") if zh \
            else ("Paid as store credit." if kind == "coupon" else "Paid in reward points.")
        self.promotions.insert(0, {"text": text, "reward": {"type": kind, "value": v}, "terms": terms,
                                   "starts_at": iso(AS_OF - _dt.timedelta(days=3)), "ends_at": iso(AS_OF + _dt.timedelta(days=7), end=True)})

    def v_gift_unbacked(self):
        rng, zh = self.rng, self.zh
        self.gifts.clear()
        self.promotions = [p for p in self.promotions if p.get("reward", {}).get("type") != "gift"]
        choice = rng.randrange(4)
        if zh:
            text = ("买一送一", "下单即送好礼", "赠品送完为止", "买二送一 多买多送")[choice]
        else:
            text = ("Buy one get one free", "Free gift with every order", "Bonus gift while supplies last", "BOGO deal")[choice]
        if choice == 2 and rng.random() < 0.5:
            self.gifts.append({"name": "收纳袋" if zh else "pouch", "quantity": 1, "stock": 10})
        self.put(text)

    def v_free_misuse(self):
        rng, zh = self.rng, self.zh
        text = rng.choice(("0元购", "0元带回家", "免费领取", "免费试用，不满意不要钱")) if zh \
            else rng.choice(("$0 down", "FREE trial", "Get it free today", "Free with purchase"))
        self.put(text)

    def v_shipping_mismatch(self):
        rng, zh = self.rng, self.zh
        self.drop("ship_free", "ship_time")
        if rng.random() < 0.6:
            self.fee = float(rng.choice((8, 10, 12)) if zh else rng.choice((5.99, 7.99)))
            self.data["shipping"]["fee"] = self.fee
            self.put(rng.choice(("包邮", "全国包邮", "包 邮 到 家")) if zh else rng.choice(("FREE SHIPPING", "Free shipping", "Ships free")))
        else:
            self.data["shipping"]["handling_hours"] = 72
            self.put(rng.choice(("24小时发货", "当天发货", "下单后12小时内发货")) if zh else rng.choice(("Ships same day", "Ships within 24 hours")))

    def v_returns_mismatch(self):
        rng, zh = self.rng, self.zh
        self.drop("returns")
        if rng.random() < 0.5:
            self.data["returns"] = {"days": 0, "no_reason": False}
            self.put("7天无理由退换" if zh else "30-day no-questions-asked returns")
        else:
            self.data["returns"] = {"days": 7, "no_reason": True}
            self.put("30天无理由退货" if zh else "30-day money-back guarantee")

    def v_warranty_mismatch(self):
        rng, zh = self.rng, self.zh
        self.drop("warranty")
        self.data["warranty"] = {"months": 12}
        self.put(rng.choice(("三年质保", "五年保修", "终身保修")) if zh else rng.choice(("Lifetime warranty", "3-year warranty")))

    def v_spec_mismatch(self):
        rng, zh = self.rng, self.zh
        it, specs = self.item, self.specs
        textile = {"cotton", "cotton_blend", "fleece", "linen", "modal", "cotton_linen", "polyester"}
        kinds = [k for k, ok in (("colour", it["colour"]), ("material", bool(set(it["mats"]) & textile)),
                                 ("capacity", len(it["caps"]) > 1), ("count", bool(it["counts"]))) if ok]
        kind = rng.choice(kinds or ["colour"])
        if kind == "colour":
            a_zh, b_zh, a_en, b_en = rng.choice(COLOUR_CONFLICTS)
            for k in ("颜色", "color", "colour"):
                specs.pop(k, None)
            specs["颜色" if zh else "color"] = b_zh if zh else b_en
            self.title_extra.append(a_zh if zh else a_en)
        elif kind == "material":
            for k in ("材质", "面料", "material"):
                specs.pop(k, None)
            specs["面料" if zh else "material"] = "65%涤纶 35%棉" if zh else "65% polyester, 35% cotton"
            self.title_extra.append("纯棉" if zh else "100% Cotton")
        elif kind == "capacity":
            key = next(k for k, v in specs.items() if v == self.capacity)
            smaller, bigger = it["caps"][0], it["caps"][-1]
            specs[key] = smaller
            self.title_extra.append(bigger)
        else:
            for k in ("件数", "pack"):
                specs.pop(k, None)
            n = rng.choice((2, 3, 4))
            specs["件数" if zh else "pack"] = str(n)
            self.title_extra.append(f"{n + rng.choice((1, 2))}件装" if zh else f"Pack of {n * 2}")

    def v_origin_mismatch(self):
        rng, zh = self.rng, self.zh
        self.drop("origin")
        self.data["origin"] = "中国" if zh else "China"
        self.specs.pop("产地", None)
        self.put(rng.choice(("日本进口", "德国原装进口", "美国进口")) if zh else rng.choice(("Made in USA", "Imported from Japan", "Made in Germany")))

    def v_brand_misuse(self):
        rng, zh = self.rng, self.zh
        famous = rng.choice(FAMOUS_ZH if zh else FAMOUS_EN)
        if zh:
            self.put(f"{famous}{rng.choice(('同款', '平替'))}", rng.choice(("title", "description")))
        else:
            self.title_extra.append(f"{famous} {rng.choice(('Style', 'Dupe', 'Compatible'))}")

    def v_certification_unbacked(self):
        rng, zh = self.rng, self.zh
        self.drop("cert")
        self.certs.clear()
        self.data["certifications"] = []
        self.put(rng.choice(("通过3C认证", "FDA认证", "有机认证", "欧盟CE认证")) if zh
                 else rng.choice(("FDA approved", "Dermatologist tested", "Certified organic", "CE certified")))

    def v_health_claim(self):
        rng, zh = self.rng, self.zh
        self.put(rng.choice(("治疗失眠", "根治脱发", "降血压降血糖", "预防癌症", "消炎杀菌，治疗湿疹")) if zh
                 else rng.choice(("Cures arthritis", "Clinically proven to prevent flu", "Treats insomnia", "Heals eczema fast")))

    def v_absolute_claim(self):
        rng, zh = self.rng, self.zh
        self.put(rng.choice(("全网最低价", "国家级工艺", "销量第一", "效果最好的", "顶级品质", "史上最低")) if zh
                 else rng.choice(("#1 Best Seller", "The best in the world", "100% guaranteed", "Lowest price ever", "World's best")))

    def v_price_reference(self):
        rng, zh = self.rng, self.zh
        self.drop("price")
        price = self.data["price"]
        cur = price["current"]
        ref = round(cur * rng.choice((3, 5, 10)), 0)
        price["reference"] = ref
        price["history"] = [h for h in price["history"] if h["price"] != self.reference]
        if rng.random() < 0.7:
            self.put(f"原价{money(ref)}元 现价{money(cur)}元" if zh else f"Was ${money(ref)}, now ${money(cur)}")
        else:
            self.put(f"直降{money(ref - cur + 100)}元" if zh else f"Save ${money(ref - cur + 20)} today")

    def v_urgency_fake(self):
        rng, zh = self.rng, self.zh
        self.drop("stock")
        if rng.random() < 0.6:
            self.data["stock"] = rng.randint(300, 2000)
            n = rng.randint(2, 5)
            self.put(f"仅剩{n}件" if zh else f"Only {n} left!")
        else:
            for p in self.promotions:
                p.pop("ends_at", None)
            self.put(rng.choice(("最后一天", "限时抢购", "今天截止")) if zh else rng.choice(("Last day!", "Ends tonight", "Limited time only")))

    def v_review_incentive(self):
        rng, zh = self.rng, self.zh
        self.put(rng.choice(("好评返现", "五星好评送运费险", "晒图返5元", "带图好评返现3元")) if zh
                 else rng.choice(("Leave a 5-star review and get a $10 gift card", "Review us for a free gift")),
                 rng.choice(("description", "bullets")))

    def v_review_integrity(self):
        rng, zh = self.rng, self.zh
        kind = rng.randrange(3)
        if kind == 0:
            self.reviews.append({"text": "一般，有点失望" if zh else "Broke after a week.", "rating": 2, "incentivized": False})
            self.put("100%好评" if zh else "All 5-star reviews")
        elif kind == 1:
            self.reviews.append({"text": "收到赠品了，很满意" if zh else "Got this free for my review, love it", "rating": 5,
                                 "incentivized": True})
        else:
            pool = [r for r in COPIED_REVIEWS if (r[0] >= "\u4e00") == zh] or COPIED_REVIEWS
            self.reviews.append({"text": rng.choice(pool), "rating": 5, "incentivized": False})

    def v_hidden_fee(self):
        rng, zh = self.rng, self.zh
        self.drop("ship_free")
        cur = self.data["price"]["current"]
        self.fee = float(rng.choice((6, 8)) if zh else 9.95)
        self.data["shipping"]["fee"] = self.fee
        if zh:
            self.put(rng.choice((f"到手价{money(cur)}元", f"{money(round(cur / 10, 1))}元")))
        else:
            self.put(f"Just ${money(cur)} delivered")

    def v_title_quality(self):
        rng, zh = self.rng, self.zh
        kind = rng.randrange(4)
        if kind == 0:
            self.title_extra.append("【特价】【包邮】" if zh else "HOT SALE!!! FREE SHIPPING")
        elif kind == 1:
            w = self.item_zh if zh else self.item_en.split()[-1]
            self.title_extra.extend([w, w, w])
        elif kind == 2:
            pool = list(self.item["fz" if zh else "fe"]) + self.group["generic_zh" if zh else "generic_en"]
            self.title_extra.extend(rng.sample(pool, 4) + [rng.choice(TITLE_TAIL_ZH) if zh else "Perfect Gift for Women Men"])
        else:
            self.title_extra.append("爆款秒杀" if zh else "BEST SELLER SALE")
            if not zh:
                self.title_parts = [p.upper() for p in self.title_parts]

    # ---- output ------------------------------------------------------------------------
    def build(self) -> dict:
        rng, zh = self.rng, self.zh
        d = self.data
        title = " ".join(self.title_parts + self.title_extra) if zh else ", ".join(self.title_parts + self.title_extra)
        out: dict = {"id": f"bench-{self.index:07d}"}
        if rng.random() < 0.9:
            out["lang"] = self.lang
        out["title"] = title
        if rng.random() < 0.4:
            out["subtitle"] = rng.choice(("品质生活，从细节开始", "精选好物", "店长推荐", "新品上市")) if zh \
                else rng.choice(("Made for everyday use", "New arrival", "Staff pick"))
        out["description"] = self.render_description()
        out["bullets"] = self.bullets
        if self.promotions:
            out["promotions"] = self.promotions
        if self.gifts:
            out["gifts"] = self.gifts
        out["specs"] = self.specs
        for key in ("price", "shipping", "returns", "warranty", "stock", "certifications", "origin", "brand"):
            out[key] = d[key]
        if self.reviews:
            out["reviews"] = self.reviews
        return out

    def render_description(self) -> str:
        rng, zh = self.rng, self.zh
        sents = self.description
        if rng.random() < 0.35:  # HTML
            style = rng.randrange(3)
            if style == 0:
                body = "".join(f"<p>{s}{'。' if zh else '.'}</p>" for s in sents)
            elif style == 1:
                body = "<ul>" + "".join(f"<li>{s}</li>" for s in sents) + "</ul>"
            else:
                head, rest = sents[0], sents[1:]
                sep = "，" if zh else ". "
                body = f"<p><strong>{head}</strong><br>{sep.join(rest)}{'。' if zh else '.'}</p>"
            if rng.random() < 0.3:
                body = body.replace("，", "&#65292;", 1) if zh else body.replace(" & ", " &amp; ", 1).replace(" ", "&nbsp;", 1)
            return body
        return ("，".join(sents) + "。") if zh else (". ".join(sents) + ".")


_S2T = None


def _to_traditional(obj: dict) -> dict:
    """Traditional Chinese: the whole listing through OpenCC s2t (keys too: 顏色 is an alias),
    plus a few words Taiwan copy uses (免運, 品質)."""
    global _S2T
    if _S2T is None:
        import opencc

        _S2T = opencc.OpenCC("s2t")
    text = _dumps(obj).decode("utf-8")
    text = _S2T.convert(text)
    text = text.replace("包郵", "免運").replace("質量", "品質")
    return orjson.loads(text) if "orjson" in sys.modules else __import__("json").loads(text)


def make_listing(index: int, seed: int = DEFAULT_SEED) -> tuple[dict, str | None]:
    """Listing number `index` (0-based) and the violation category it carries, or None."""
    rng = random.Random(seed * 1_000_003 + index)
    lang = _pick_lang(rng)
    draft = Draft(rng, index, lang)
    draft.facts()
    draft.copy()
    category = None
    if rng.random() < VIOLATION_SHARE:
        category = rng.choice(CATEGORIES)
        draft.violate(category)
    listing = draft.build()
    if lang == "zh-Hant":
        listing = _to_traditional(listing)
    return listing, category


def generate(out, count: int, seed: int = DEFAULT_SEED, start: int = 0) -> tuple[int, collections.Counter]:
    written = 0
    cats: collections.Counter = collections.Counter()
    buf = []
    for i in range(start, start + count):
        listing, category = make_listing(i, seed)
        cats[category or "honest"] += 1
        line = _dumps(listing) + b"\n"
        written += len(line)
        buf.append(line)
        if len(buf) >= 2000:
            out.write(b"".join(buf))
            buf.clear()
    out.write(b"".join(buf))
    return written, cats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--listings", type=int, default=100_000, help="number of listings (default 100000)")
    ap.add_argument("--huge", action="store_true", help="1,000,000 listings (memory tests); overrides --listings")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", default="bench/out/catalog.jsonl", help="output file, or - for stdout")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    count = 1_000_000 if args.huge else args.listings
    if count < 1:
        ap.error("--listings must be at least 1")
    t0 = time.perf_counter()
    if args.out == "-":
        written, cats = generate(sys.stdout.buffer, count, args.seed)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        with open(tmp, "wb") as fh:
            written, cats = generate(fh, count, args.seed)
        os.replace(tmp, args.out)
    if not args.quiet:
        dt = time.perf_counter() - t0
        honest = cats.pop("honest", 0)
        print(f"wrote {count} listings, {written / 1e6:.1f} MB ({written / count:.0f} B/listing) to {args.out} "
              f"in {dt:.1f} s; {count - honest} with a violation ({(count - honest) / count:.1%})", file=sys.stderr)
        if count >= 100:
            print("  " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
