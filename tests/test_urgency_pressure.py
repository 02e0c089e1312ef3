"""urgency-fake: pressure copy (stock counts, vague low stock, demand, live activity, countdowns,
reservation timers) in zh, zh-Hant and en, with the same rule everywhere: an error where a
listing fact contradicts the claim, a warning where the fact is missing or no fact can back it.

Every sentence here is written for this test; none is copied from a corpus or a real listing.
"""
import datetime

import pytest

from honestlint.engine import Linter
from honestlint.input import listings_from_objects
from honestlint.ruleset import load_rules, select_rules

AS_OF = datetime.date(2026, 11, 23)
LINTER = Linter(select_rules(load_rules(), ["urgency-fake"]), as_of=AS_OF)

ENDS_TODAY = [{"text": "今日特惠", "ends_at": "2026-11-23T23:59:59+08:00"}]
ENDS_LATER = [{"text": "Winter sale", "ends_at": "2026-12-31T23:59:59-05:00"}]
ENDED = [{"text": "双11特惠", "ends_at": "2026-11-11T23:59:59+08:00"}]


def lint(copy: str, **facts):
    field = "bullets" if copy.isascii() else "description"
    listing = {"id": "t", "title": "Item", field: [copy] if field == "bullets" else copy, **facts}
    return [f for item in listings_from_objects([listing]) for f in LINTER.lint(item)]


def severities(copy: str, **facts) -> set:
    return {f.severity for f in lint(copy, **facts)}


# --------------------------------------------------------------------------- stock counts

STOCK_COUNTS = [
    "仅剩3件", "只剩2件了", "最后5件", "库存不足10件", "僅剩兩件", "最後3條", "仅剩3件 保温杯", "最后5件清仓",
    "Only 2 left!", "Only 1 item(s) left", "Less than 5 items left", "Fewer than 4 left in stock",
    "Hurry, 3 products left!", "Only 6 units left in stock", "Just 2 pairs remaining",
]


@pytest.mark.parametrize("copy", STOCK_COUNTS)
def test_stock_count_contradicted_is_an_error(copy):
    assert "error" in severities(copy, stock=800)


@pytest.mark.parametrize("copy", STOCK_COUNTS)
def test_stock_count_without_stock_is_an_unbacked_warning(copy):
    found = lint(copy)
    assert found and {f.severity for f in found} == {"warning"}
    assert all(f.rule == "urgency-stock-count" for f in found)
    assert "no stock figure" in found[0].message


@pytest.mark.parametrize("copy", STOCK_COUNTS)
def test_stock_count_that_holds_is_silent(copy):
    assert not lint(copy, stock=1)


# --------------------------------------------------------------------------- vague low stock

VAGUE = [
    "库存紧张", "库存告急", "即将售罄", "快抢光了", "少量现货", "最后几件", "手慢无", "庫存緊張，即將售罄",
    "Only a few left", "Low stock", "Almost gone!", "Limited stock", "While supplies last",
    "Nearly sold out", "Once it's gone, it's gone",
]


@pytest.mark.parametrize("copy", VAGUE)
def test_vague_low_stock_with_plenty_of_stock_is_an_error(copy):
    assert "error" in severities(copy, stock=2000)


@pytest.mark.parametrize("copy", VAGUE)
def test_vague_low_stock_without_stock_is_a_warning(copy):
    assert severities(copy) == {"warning"}


@pytest.mark.parametrize("copy", VAGUE)
def test_vague_low_stock_with_little_stock_is_silent(copy):
    assert not lint(copy, stock=6)


# --------------------------------------------------------------------------- demand and activity

DEMAND = ["抢疯了", "卖疯了", "疯抢中", "火爆抢购中", "供不应求", "In high demand", "Selling fast",
          "Selling out fast!", "Hot item, going fast", "These are flying off the shelves"]
ACTIVITY = [
    "38人正在看", "1200人已加购", "已有326人加入购物车", "已有326人加入購物車", "秒杀中，已抢85%", "2000+人付款",
    "27 people are looking at this right now", "14 people are viewing this item", "In 48 shoppers' carts",
    "12 have it in their cart", "35 sold in the last 24 hours", "Someone in Austin just bought this",
]


@pytest.mark.parametrize("copy", DEMAND + ACTIVITY)
def test_demand_and_activity_are_unbacked_warnings_whatever_the_stock(copy):
    assert severities(copy) == {"warning"}
    assert severities(copy, stock=5) == {"warning"}


# --------------------------------------------------------------------------- countdowns and timers

COUNTDOWNS = ["Deal ends in 03:12:45", "Offer expires in 2 hours", "倒计时02:15:33", "秒杀仅剩5分钟",
              "距结束还剩 05:10:00", "Sale ends tonight", "Sale ends at midnight", "活动仅剩3天",
              "Offer ends in 45 minutes", "00 Hours 37 Minutes 48 Seconds"]


@pytest.mark.parametrize("copy", COUNTDOWNS)
def test_countdown_without_a_promotion_end_is_an_unbacked_warning(copy):
    assert severities(copy) == {"warning"}


@pytest.mark.parametrize("copy", COUNTDOWNS)
def test_countdown_that_a_far_end_date_contradicts_is_an_error(copy):
    assert "error" in severities(copy, promotions=[{"text": "sale", "ends_at": "2027-03-31T23:59:59+08:00"}])


@pytest.mark.parametrize("copy", COUNTDOWNS)
def test_countdown_backed_by_a_promotion_ending_today_is_silent(copy):
    assert not lint(copy, promotions=ENDS_TODAY)


@pytest.mark.parametrize("copy", ["加入购物车后为您锁定库存15分钟", "Your cart is reserved for 10 minutes",
                                  "Items are held in your bag for 15:00"])
def test_reservation_timers_are_unbacked_warnings(copy):
    assert severities(copy) == {"warning"}
    assert severities(copy, promotions=ENDS_TODAY) == {"warning"}


def test_limited_time_after_every_promotion_ended_is_an_error():
    assert severities("限时特惠", promotions=ENDED) == {"error"}
    assert severities("限时特惠") == {"warning"}
    assert not lint("限时特惠", promotions=ENDS_LATER)


def test_stated_end_date_that_differs_is_an_error_and_unstated_is_a_warning():
    assert severities("15% off through Monday, Nov 30", promotions=ENDS_LATER) == {"error"}
    assert severities("Holiday pricing ends December 1") == {"warning"}


# --------------------------------------------------------------------------- must not fire

MUST_NOT_FIRE = [
    ("仅剩3件", {"stock": 3}),
    ("限时至11月11日", {"promotions": [{"text": "双11", "ends_at": "2026-11-11T23:59:59+08:00"}]}),
    ("Limited quantities left: 4 in stock from this firing", {"stock": 4}),
    ("每人限购2件", {"stock": 5000}),
    ("每人限购2件", {}),
    ("Only 3 days left to order for Christmas", {"stock": 500}),
    ("Only 3 days left to order for Christmas", {}),
    ("15% off through Monday, Nov 30 (11:59 PM ET)",
     {"promotions": [{"text": "promo", "ends_at": "2026-11-30T23:59:59-05:00"}], "stock": 600}),
    ("限时秒杀 11月27日23:59结束，这批仅剩6条，手慢无。",
     {"promotions": [{"text": "限时秒杀", "ends_at": "2026-11-27T23:59:59+08:00"}], "stock": 6}),
    # ordinary copy that shares words with pressure copy
    ("可供4人使用", {}), ("3人付款后成团", {}), ("Seats 6 people", {}), ("Batteries (2) sold separately", {}),
    ("Over 10,000 sold since 2015", {}), ("最后3分钟加入葱花", {}), ("智能倒计时2小时自动断电", {}),
    ("定时倒计时00:30", {}), ("Charges in 2 hours 30 minutes", {}), ("Price guaranteed for 30 days", {}),
    ("Subscribe so you never run out", {}), ("库存充足，不会断货", {}), ("Built for high-demand jobs", {}),
    ("Free sample with every order while supplies last", {"stock": 900}), ("赠品送完即止", {"stock": 900}),
    ("Turn 2 left at the gate", {}), ("The last one you will ever need", {}),
    ("Great gift for someone in your family who bought a new home", {}),
    ("Perfect for 2 people looking for comfort", {}), ("Loved by 10,000 customers", {}),
    ("In stock limited edition print", {}), ("Order within 2 hrs 15 mins for same-day dispatch", {}),
    ("跑步机最后100米冲刺模式", {}), ("The battery lasts 2 days 4 hours 30 minutes on a charge", {}),
    ("Game timer: 1 hour 30 minutes 0 seconds per player", {}), ("库存管理软件，支持库存告急提醒", {}),
    ("2人拼团价19.9", {}), ("Countdown timer: 00:00 to 99:59", {}),
    ("安装只需最后2个步骤", {}), ("最后3个螺丝拧紧即可", {}), ("剩余3个接口可扩展", {}), ("还剩3个座位", {}),
    ("剩余5个工作日内发货", {}), ("最后两款颜色为限定色", {}), ("2 left pockets and 1 right pocket", {}),
]


@pytest.mark.parametrize("copy, facts", MUST_NOT_FIRE)
def test_must_not_fire(copy, facts):
    found = lint(copy, **facts)
    assert not found, [(f.rule, f.text) for f in found]


# --------------------------------------------------------------------------- negation

@pytest.mark.parametrize("copy", ["Don't miss out, selling fast!", "Don't wait - almost sold out",
                                  "不要错过 即将售罄", "别犹豫了，库存告急", "别错过，抢疯了"])
def test_a_pressure_imperative_is_no_negation_of_the_claim(copy):
    assert lint(copy)


@pytest.mark.parametrize("copy", ["It's not selling fast, so take your time", "We never sell out",
                                  "这款不会卖断货", "不用疯抢，库存充足", "No risk of running out: we restock weekly"])
def test_an_explicit_negation_is_no_claim(copy):
    assert not lint(copy)
