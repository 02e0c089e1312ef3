"""Part of stage 1: map other catalog shapes onto the listing model, keeping positions.

A mapped listing carries `aliases`: listing path prefix -> path in the source record, so a
finding on `description` of a Shopify product points into its `body_html`.
"""
from __future__ import annotations

import re

Aliases = dict[tuple, tuple]


def is_shopify_product(item) -> bool:
    return isinstance(item, dict) and "title" in item and ("body_html" in item or "variants" in item)


def number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


def shopify_product(item: dict) -> tuple[dict, Aliases]:
    """A Shopify products.json product as a listing."""
    data: dict = {"id": str(item.get("handle") or item.get("id") or ""), "title": item.get("title")}
    aliases: Aliases = {("id",): ("handle",) if item.get("handle") else ("id",)}
    if isinstance(item.get("body_html"), str):
        data["description"] = item["body_html"]
        aliases[("description",)] = ("body_html",)
    if item.get("vendor"):
        data["brand"] = item["vendor"]
        aliases[("brand",)] = ("vendor",)
    variants = item.get("variants")
    variants = [v for v in variants if isinstance(v, dict)] if isinstance(variants, list) else []
    if variants:
        prices = [(i, number(v.get("price"))) for i, v in enumerate(variants)]
        prices = [(i, p) for i, p in prices if p is not None]
        if prices:
            i, low = min(prices, key=lambda ip: ip[1])
            price = {"current": low}
            aliases[("price", "current")] = ("variants", i, "price")
            compare = number(variants[i].get("compare_at_price"))
            if compare:
                price["reference"] = compare
                aliases[("price", "reference")] = ("variants", i, "compare_at_price")
            data["price"] = price
        stock = [number(v.get("inventory_quantity")) for v in variants]
        stock = [s for s in stock if s is not None]
        if stock:
            data["stock"] = int(sum(stock))
            aliases[("stock",)] = ("variants", 0, "inventory_quantity")
    specs = {}
    options = item.get("options")
    for i, option in enumerate(options if isinstance(options, list) else []):
        if isinstance(option, dict) and option.get("name") and option.get("values"):
            values = option["values"]
            specs[str(option["name"])] = ", ".join(map(str, values)) if isinstance(values, list) else str(values)
            aliases[("specs", str(option["name"]))] = ("options", i, "values")
    if specs:
        data["specs"] = specs
    return data, aliases


_PROP = re.compile(r"(?:^|;)\s*(?:[^:;]*:){2}([^:;]+):([^;]+)")


def parse_taobao_props(text: str) -> dict:
    """Taobao `props_name` ("1627207:28341:颜色分类:黑色;20509:28315:尺码:M") as specs."""
    specs: dict = {}
    for m in _PROP.finditer(text or ""):
        name, value = m.group(1).strip(), m.group(2).strip()
        specs[name] = f"{specs[name]}, {value}" if name in specs else value
    return specs


def apply_field_map(item: dict, fields: dict) -> tuple[dict, Aliases]:
    """Rename source keys to listing fields (`title = "item_name"`); a table value
    `{from = "props_name", format = "taobao-props"}` parses a Taobao property string."""
    data = dict(item)
    aliases: Aliases = {}
    for name, source in fields.items():
        if isinstance(source, dict):
            raw = item.get(source["from"])
            if isinstance(raw, str):
                data[name] = parse_taobao_props(raw)
                aliases[(name,)] = (source["from"], "*")
            continue
        if source in item:
            data[name] = item[source]
            aliases[(name,)] = (source,)
            if source != name:
                data.pop(source, None)
    return data, aliases
