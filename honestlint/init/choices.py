"""`honestlint init`, the choices: what each jurisdiction and each platform writes, as data.

JURISDICTIONS and PLATFORMS hold one entry each, with the settings it makes and the reason for
each: the packs a jurisdiction turns on, its language, and the severity overrides its law asks
for; the severity overrides a platform's own rules ask for, the field names of its export, and
the files to skip. Adding a jurisdiction or a platform is adding an entry here; the writer
(init/writer.py) has no branch for any of them.

Laws and platform rules are named only as the built-in rules' own `references` name them
(tests/test_init.py checks every citation against the rules its setting selects).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Severity:
    """A `severity` override, the reason for it, and the rule references that reason rests on
    (quoted exactly as a rule selected by `selector` writes them)."""

    selector: str
    level: str
    why: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Jurisdiction:
    title: str
    # The key that turns the packs on: ("jurisdiction", "cn") or ("packs", ["eu", "platform"]).
    packs_key: str
    packs_value: object
    packs_why: str
    lang: str
    severity: tuple[Severity, ...] = ()
    severity_note: str = ""


@dataclass(frozen=True)
class Platform:
    title: str
    home: str                           # the jurisdiction offered when none is given
    severity: tuple[Severity, ...] = ()
    # listing field -> source key (or {"from": KEY, "format": "taobao-props"})
    fields: dict = field(default_factory=dict)
    fields_note: str = ""
    extend_exclude: tuple[str, ...] = ()
    exclude_note: str = ""


# Puffery in English copy: the English rules cite the FTC's substantiation policy and the
# EU directive's article 6, which ask for evidence rather than ban words.
_ABSOLUTE_EN = Severity(
    "absolute-claim", "warning",
    "An objective-sounding claim in English copy ('#1', 'the best in the world') must be backed by "
    "evidence the seller holds; a warning, to check, not a banned word.",
    ("FTC Policy Statement Regarding Advertising Substantiation",))

JURISDICTIONS: dict[str, Jurisdiction] = {
    "cn": Jurisdiction(
        title="mainland China",
        packs_key="jurisdiction", packs_value="cn",
        packs_why="the cn pack (the rules for Simplified Chinese copy) and the platform pack "
                  "(title form).",
        lang="zh",
        severity=(
            Severity("absolute-claim", "error",
                     "广告法 art. 9 bans absolute terms (最, 第一, 国家级) outright, whatever the facts: "
                     "every one is an error.",
                     ("中华人民共和国广告法 第九条第（三）项",)),
            Severity("authority-endorsement", "error",
                     "State organs and officials used as endorsement (特供, 专供) are banned by the same "
                     "article.",
                     ("中华人民共和国广告法 第九条第（二）项",)),
            Severity("superstition", "error",
                     "Superstitious claims (旺夫, 辟邪, 招财转运) are banned by the same article.",
                     ("中华人民共和国广告法 第九条第（八）项",)),
            Severity("disparagement", "error",
                     "Belittling competitors' goods is banned in advertising.",
                     ("中华人民共和国广告法 第十三条",)),
        ),
    ),
    "tw": Jurisdiction(
        title="Taiwan",
        packs_key="jurisdiction", packs_value="tw",
        packs_why="the tw pack (the rules for Chinese copy, Traditional as written in Taiwan) and "
                  "the platform pack (title form).",
        lang="zh-Hant",
        severity=(
            Severity("absolute-claim", "warning",
                     "The absolute-claim rules cite mainland China's 广告法 art. 9(3) and no Taiwan "
                     "law, so here they flag a claim to substantiate, not a banned word.",
                     ("中华人民共和国广告法 第九条第（三）项",)),
            Severity("guaranteed-outcome", "warning",
                     "The Chinese guaranteed-outcome rules cite only mainland China's 广告法 "
                     "(arts. 24 and 25); a claim to check here.",
                     ("中华人民共和国广告法 第二十四条", "中华人民共和国广告法 第二十五条")),
            Severity("authority-endorsement", "error",
                     "The rule cites Taiwan's Fair Trade Act on false or misleading claims.",
                     ("公平交易法 第二十一條 (Taiwan)",)),
            Severity("superstition", "error",
                     "The rule cites Taiwan's Fair Trade Act on false or misleading effect claims.",
                     ("公平交易法 第二十一條 (Taiwan; false or misleading effect claims)",)),
            Severity("disparagement", "error",
                     "The rule cites Taiwan's Fair Trade Act on statements that harm a competitor's "
                     "goodwill.",
                     ("公平交易法 第二十四條 (Taiwan; statements harming a competitor's goodwill)",)),
        ),
    ),
    "us": Jurisdiction(
        title="the United States",
        packs_key="jurisdiction", packs_value="us",
        packs_why="the us pack (the rules for English copy, with the FTC guides and rules among "
                  "their references) and the platform pack (title form).",
        lang="en",
        severity=(
            _ABSOLUTE_EN,
            Severity("review-incentive", "error",
                     "Rewards for positive reviews: the rule cites the FTC's rule on consumer reviews.",
                     ("FTC Rule on the Use of Consumer Reviews and Testimonials, 16 CFR 465.4",)),
            Severity("health-claim", "error",
                     "Curative claims for ordinary goods: the rules cite the FTC's health products "
                     "guidance.",
                     ("FTC Health Products Compliance Guidance (2022)",)),
        ),
    ),
    "eu": Jurisdiction(
        title="the European Union",
        packs_key="jurisdiction", packs_value="eu",
        packs_why="the eu pack (the rules for English copy, with the Unfair Commercial Practices "
                  "Directive among their references) and the platform pack (title form).",
        lang="en",
        severity=(
            Severity("absolute-claim", "warning",
                     "Puffery in English copy misleads when it cannot be backed: a warning, to check.",
                     ("EU Unfair Commercial Practices Directive 2005/29/EC, art. 6",)),
            Severity("price-reference", "error",
                     "A 'was' price must be the lowest price charged before the reduction: the "
                     "rules cite the price indication directive as amended.",
                     ("Directive 98/6/EC (price indication), art. 6a, as inserted by Directive (EU) "
                      "2019/2161",)),
            Severity("hidden-fee", "error",
                     "A headline price must include what the buyer pays: the rules cite the "
                     "directive's article on prices inclusive of taxes and charges.",
                     ("Directive 2005/29/EC (Unfair Commercial Practices), art. 7(4)(c)",)),
        ),
    ),
    "uk": Jurisdiction(
        title="the United Kingdom",
        packs_key="packs", packs_value=["eu", "platform"],
        packs_why="honestlint has no UK pack, and no built-in rule cites UK law. The eu pack holds "
                  "the rules for English copy; their references name EU directives and US "
                  "rules, not UK law, so read a finding's references (`honestlint explain "
                  "RULE-ID`) as background, and check the UK position yourself.",
        lang="en",
        severity_note="No override for the UK itself: with no rule citing UK law, the rules' own "
                      "levels stand.",
    ),
}

_TAOBAO_FIELDS = {"id": "num_iid", "description": "desc",
                  "specs": {"from": "props_name", "format": "taobao-props"}}
_TAOBAO_FIELDS_NOTE = (
    "The keys of a Taobao open-platform item (taobao.item.get, and the exports built on it): "
    "num_iid, title, desc and props_name ('1627207:28341:颜色分类:黑色;...', read as specs). title "
    "needs no mapping.")
_TAOBAO_SEVERITY = (
    Severity("brand-same-style-zh", "error",
             "同款 beside another brand's name: the rule cites Taobao's own rules, so here it is "
             "raised from warning to error.",
             ("淘宝网知识产权保护规则 / 滥用关键字",)),
    Severity("title-length-zh", "warning",
             "A title over Taobao's length limit breaks its listing rules: raised from info to "
             "warning, so that fail-on = \"warning\" catches it.",
             ("淘宝网商品发布规范 (宝贝标题不超过30个汉字)",)),
    Severity("title-repeated-word-zh", "warning",
             "Keyword stuffing in a title breaks Taobao's listing rules: raised from info to warning.",
             ("淘宝网商品发布规范 (滥用关键字 / 堆砌)",)),
)

PLATFORMS: dict[str, Platform] = {
    "taobao": Platform(
        title="Taobao", home="cn", severity=_TAOBAO_SEVERITY,
        fields=_TAOBAO_FIELDS, fields_note=_TAOBAO_FIELDS_NOTE),
    "tmall": Platform(
        title="Tmall", home="cn",
        severity=tuple(Severity(s.selector, s.level, s.why + " (The rules' references name Taobao's "
                                "rules; none names Tmall's own.)", s.cites) for s in _TAOBAO_SEVERITY),
        fields=_TAOBAO_FIELDS,
        fields_note=_TAOBAO_FIELDS_NOTE.replace("a Taobao open-platform item", "a Tmall item on "
                                                "Taobao's open platform")),
    "jd": Platform(
        title="JD.com", home="cn",
        fields_note="JD exports differ from tool to tool, so no mapping is written: name your "
                    "export's keys here if they are not honestlint's (see the examples above)."),
    "pinduoduo": Platform(
        title="Pinduoduo", home="cn",
        severity=(
            Severity("title-promo-zh", "warning",
                     "Promotion terms in a title break Pinduoduo's title rules: raised from info to "
                     "warning.",
                     ("拼多多商品标题发布规范 (促销信息)",)),
            Severity("title-promo-bracket", "warning",
                     "Bracketed promotion tags (【特价】) in a title: raised from info to warning.",
                     ("拼多多商品标题发布规范",)),
            Severity("title-price", "warning",
                     "A price in a title: raised from info to warning.",
                     ("拼多多商品标题发布规范 (价格信息)",)),
        ),
        fields={"id": "goods_id", "title": "goods_name", "description": "goods_desc"},
        fields_note="The keys of a Pinduoduo goods record (goods_id, goods_name, goods_desc). "
                    "Check them against your export."),
    "shopee": Platform(
        title="Shopee", home="tw",
        fields={"id": "item_id", "title": "item_name"},
        fields_note="The keys of a Shopee Open Platform item (v2.product.get_item_base_info): "
                    "item_id, item_name, description. Its brand is an object "
                    "(brand.original_brand_name), which a key mapping cannot reach; "
                    "no built-in rule cites Shopee's own rules."),
    "amazon": Platform(
        title="Amazon", home="us",
        severity=(
            Severity("title-quality", "warning",
                     "Title form (ALL CAPS, promotion words, symbols, length, a word repeated) is "
                     "checked against Amazon's title requirements: raised from info to warning, so "
                     "that fail-on = \"warning\" catches a title that breaks them.",
                     ("Amazon product title requirements",)),
            Severity("review-incentive", "error",
                     "Rewards for reviews: the rule cites Amazon's review policy.",
                     ("Amazon Anti-manipulation policy for customer reviews",)),
        ),
        fields={"id": "item_sku", "title": "item_name", "description": "product_description",
                "brand": "brand_name"},
        fields_note="The fields of an Amazon inventory (flat) file: item_sku, item_name, "
                    "product_description, brand_name. honestlint reads JSON, so export the flat "
                    "file's rows as JSON Lines, one object per row keyed by those field names. "
                    "bullet_point1 to bullet_point5 are five columns: join them into one "
                    "\"bullets\" list when you convert, as a mapping renames keys but does not "
                    "join them."),
    "shopify": Platform(
        title="Shopify", home="us",
        fields_note="None: honestlint reads Shopify's products.json and its product CSV export as "
                    "they are (title, body_html, vendor, variants, options). A fields table "
                    "would switch that reading off, so none is written.",
        extend_exclude=("templates/*.json", "sections/*.json", "config/settings_*.json",
                        "locales/*.json"),
        exclude_note="A Shopify theme's JSON files (templates, sections, settings, locales) are "
                     "not listings."),
    "generic": Platform(
        title="any platform", home="cn",
        fields_note="None: listings in honestlint's own format need no mapping."),
}

JURISDICTION_NAMES = tuple(JURISDICTIONS)
PLATFORM_NAMES = tuple(PLATFORMS)
DEFAULT_PLATFORM = "generic"
DEFAULT_JURISDICTION = PLATFORMS[DEFAULT_PLATFORM].home


@dataclass(frozen=True)
class Choice:
    jurisdiction: str
    platform: str
    lang: str

    def command(self) -> str:
        return (f"honestlint init --jurisdiction {self.jurisdiction} --platform {self.platform} "
                f"--lang {self.lang}")


def default_jurisdiction(platform: str | None) -> str:
    """The jurisdiction offered when none is given: the platform's home market."""
    return PLATFORMS[platform].home if platform else DEFAULT_JURISDICTION


def default_lang(jurisdiction: str) -> str:
    return JURISDICTIONS[jurisdiction].lang


def severity_choices(choice: Choice) -> list[Severity]:
    """The overrides written, jurisdiction first, then platform; a selector set by both keeps
    the platform's (the more specific) level and reason. Later keys win where selectors
    overlap (a category, then one of its rules), as the run applies them in order."""
    merged: dict[str, Severity] = {}
    for item in JURISDICTIONS[choice.jurisdiction].severity + PLATFORMS[choice.platform].severity:
        merged.pop(item.selector, None)
        merged[item.selector] = item
    return list(merged.values())
