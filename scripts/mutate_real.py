#!/usr/bin/env python3
"""Mutation harness for spec-mismatch on real listings (issue 15).

Reads real listings in place (default: ../shared/real/, never copied into the repository) and,
for each attribute the copy states, builds two listings:

  base     the real copy with a spec that agrees with what the copy states (the real spec
           where the listing has one, else a spec built from the copy);
  mutant   the same listing with that one spec changed so that it contradicts the copy.

A mutation is caught when spec-mismatch reports the mutant and not the base. Every unchanged
real listing (no spec added or changed) is also linted: any spec-mismatch finding on it counts as
a false alarm, and so does one on a base listing (its spec agrees with the copy by construction).

What the copy states is read by this script's own extractors (plain regexes over the copy,
independent of honestlint's readers), the same way for every listing; nothing is tuned to a
listing. Attributes:

  Amazon (title + bullets, real specs): age (Manufacturer recommended age, changed to an older
  minimum than the copy names), weight (Item Weight where the copy states it, changed to a third),
  and, built from the copy: colour (a title segment or "Color: X"), material, capacity / storage /
  charge / power / volume (title quantities; the spec under a name from the lexicon or an unknown
  name, alternately), count (pack of N, N pack, set of N), compatible model, and the real model
  number where the title states it (its last digit changed).
  Taobao (titles only): colour, material (with its grade), quantity, count, built from the title.

    python scripts/mutate_real.py                     # table by attribute
    python scripts/mutate_real.py --show 5            # also up to 5 misses / false alarms each
"""
from __future__ import annotations

import argparse
import collections
import copy
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REAL = ROOT.parent / "shared" / "real"

# ----------------------------------------------------------------------------------- vocabulary
# The harness's own small vocabularies: what a mutation may change a value to.

EN_COLOURS = {
    "black": "black", "white": "white", "red": "red", "blue": "blue", "navy": "blue", "green": "green",
    "pink": "pink", "purple": "purple", "grey": "grey", "gray": "grey", "yellow": "yellow",
    "orange": "orange", "brown": "brown", "beige": "beige", "gold": "gold", "silver": "silver",
}
EN_OTHER_COLOUR = {"black": "White", "white": "Black", "red": "Blue", "blue": "Red", "green": "Purple",
                   "pink": "Black", "purple": "Green", "grey": "Red", "yellow": "Navy Blue", "orange": "Black",
                   "brown": "White", "beige": "Black", "gold": "Black", "silver": "Red"}
ZH_COLOURS = {"黑": "black", "白": "white", "红": "red", "蓝": "blue", "绿": "green", "粉": "pink",
              "紫": "purple", "灰": "grey", "黄": "yellow", "橙": "orange", "棕": "brown", "咖": "brown",
              "金": "gold", "银": "silver", "米": "beige", "杏": "beige", "驼": "brown", "青": "blue"}
ZH_OTHER_COLOUR = {"black": "白色", "white": "黑色", "red": "蓝色", "blue": "红色", "green": "紫色",
                   "pink": "黑色", "purple": "绿色", "grey": "红色", "yellow": "藏青色", "orange": "黑色",
                   "brown": "白色", "beige": "黑色", "gold": "黑色", "silver": "红色"}

EN_MATERIALS = {
    "cotton": "cotton", "wool": "wool", "cashmere": "cashmere", "silk": "silk", "linen": "linen",
    "leather": "leather", "genuine leather": "leather", "stainless steel": "steel", "aluminum": "aluminum",
    "aluminium": "aluminum", "silicone": "silicone", "bamboo": "wood", "wood": "wood", "wooden": "wood",
    "glass": "glass", "ceramic": "ceramic", "porcelain": "ceramic", "polyester": "polyester",
    "nylon": "nylon", "canvas": "canvas", "plastic": "plastic", "copper": "copper", "brass": "copper",
}
EN_OTHER_MATERIAL = {"cotton": "100% polyester", "wool": "100% acrylic", "cashmere": "100% polyester",
                     "silk": "100% polyester", "linen": "100% polyester", "leather": "PU", "steel": "plastic",
                     "aluminum": "plastic", "silicone": "stainless steel", "wood": "plastic", "glass": "plastic",
                     "ceramic": "plastic", "polyester": "100% cotton", "nylon": "100% cotton", "canvas": "PU",
                     "plastic": "stainless steel", "copper": "plastic"}
ZH_MATERIALS = ["纯棉", "全棉", "棉麻", "真皮", "头层牛皮", "牛皮", "羊皮", "不锈钢", "304不锈钢", "316不锈钢",
                "201不锈钢", "实木", "原木", "竹制", "竹编", "羊毛", "羊绒", "真丝", "桑蚕丝", "亚麻", "陶瓷", "玻璃",
                "硅胶", "铝合金", "纯铜", "黄铜", "钛合金", "925银", "纯银", "涤纶", "锦纶", "尼龙", "帆布", "塑料"]
ZH_OTHER_MATERIAL = {"棉": "100%聚酯纤维", "皮": "PU", "不锈钢": "塑料", "木": "塑料", "竹": "塑料",
                     "羊毛": "100%腈纶", "羊绒": "100%聚酯纤维", "丝": "100%聚酯纤维", "亚麻": "100%聚酯纤维",
                     "陶瓷": "塑料", "玻璃": "塑料", "硅胶": "不锈钢", "铝合金": "塑料", "铜": "塑料",
                     "钛": "不锈钢", "银": "合金", "涤纶": "100%棉", "锦纶": "100%棉", "尼龙": "100%棉",
                     "帆布": "PU", "塑料": "不锈钢"}
GRADE_SWAP = {"304": "201", "316": "304", "201": "304", "925": "990"}

# Spec names for built quantity specs: one the lexicon knows, one it does not (read by the unit).
QTY_KEYS = {
    "charge": ("Battery Capacity", "Cell Rating"), "data": ("Storage", "Drive Spec"),
    "power": ("Wattage", "Rated Output Spec"), "volume": ("Capacity", "Bottle Spec"),
    "mass": ("Net Weight", "Net Content Spec"), "length": ("Screen Size", "Panel Spec"),
}
ZH_QTY_KEYS = {
    "charge": ("电池容量", "电芯规格"), "data": ("存储容量", "闪存规格"), "power": ("功率", "额定参数"),
    "volume": ("容量", "杯子规格"), "mass": ("净含量", "产品参数"), "length": ("尺寸", "适用规格"),
}
EN_UNITS = {"mah": "charge", "gb": "data", "tb": "data", "w": "power", "watt": "power", "watts": "power",
            "ml": "volume", "l": "volume", "liter": "volume", "oz": "mass", "lb": "mass", "lbs": "mass",
            "inch": "length", "in": "length", "qt": "volume", "quart": "volume", "gallon": "volume"}
ZH_UNITS = {"mah": "charge", "gb": "data", "g": "mass", "kg": "mass", "ml": "volume", "l": "volume",
            "w": "power", "寸": "length", "英寸": "length", "克": "mass", "斤": "mass", "升": "volume",
            "毫升": "volume", "公斤": "mass", "瓦": "power"}


def scale(number: str, dimension: str = "") -> str:
    """A clearly different amount: a half for weights (below any net or gross weight the copy
    states) and big round numbers, else double."""
    n = float(number)
    out = n / 2 if (n >= 1000 or dimension == "mass") else n * 2
    return f"{out:g}"


def variants(found: list[tuple[str, str]], dimension: str, scaled: bool) -> str:
    """A spec value listing every amount the copy states in one dimension (variants: 20寸/24寸),
    each scaled for the mutant so that none agrees with any stated amount."""
    if not scaled:
        return "/".join(f"{n}{u}" for n, u in found)
    stated = {float(n) for n, _ in found}
    out = []
    for n, u in found:
        m = scale(n, dimension)
        for _ in range(8):
            if float(m) not in stated:
                break
            m = scale(m, dimension)
        out.append(f"{m}{u}")
    return "/".join(out)


# ----------------------------------------------------------------------------------- extractors

def en_copy(d: dict) -> str:
    return " || ".join([d.get("title") or ""] + [b for b in d.get("bullets") or [] if isinstance(b, str)])


def en_colour(d: dict):
    """The item's colours as the title states them: title segments that are colour phrases
    (", Black", " - Navy Blue"; several are variants or a multi-colour item), or "Color: X" in the
    title or a bullet. Returns (spec value, a contradicting colour)."""
    title = d.get("title") or ""
    found = []
    for seg in re.split(r",|\s[-–|]\s|\(|\)", title):
        words = seg.strip().lower().split()
        if 1 <= len(words) <= 2 and words[-1] in EN_COLOURS:
            found.append((seg.strip(), EN_COLOURS[words[-1]]))
    if not found:
        m = re.search(r"(?i)\bcolou?r\s*:\s*([a-z]+(?:\s[a-z]+)?)", en_copy(d))
        if m and m.group(1).split()[-1].lower() in EN_COLOURS:
            found.append((m.group(1), EN_COLOURS[m.group(1).split()[-1].lower()]))
    if not found:
        return None
    families = {f for _, f in found}
    other = next(c for fam, c in EN_OTHER_COLOUR.items() if fam not in families and EN_COLOURS[c.split()[-1].lower()] not in families)
    return ", ".join(w for w, _ in found), other


def en_material(d: dict):
    """A material the title names as the item's ("100% Cotton", "Stainless Steel ...")."""
    title = (d.get("title") or "").lower()
    for word in sorted(EN_MATERIALS, key=len, reverse=True):
        if re.search(r"(?<![a-z-])" + re.escape(word) + r"(?![a-z-])", title):
            if re.search(r"(?:free|plated|tone|finish|look|print|effect|case|cover|bag)\b", title[title.find(word) + len(word):][:10]):
                continue
            return word, EN_MATERIALS[word]
    return None


_EN_QTY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*-?\s*(mah|gb|tb|watts?|w|ml|l|liter|oz|lbs?|inch|qt|quart|gallon)(?![a-z0-9])", re.I)


def en_quantity(d: dict):
    """Every amount the title states in the dimension of its first quantity."""
    found = [(m.group(1), m.group(2), EN_UNITS.get(m.group(2).lower(), EN_UNITS.get(m.group(2).lower().rstrip("s"))))
             for m in _EN_QTY.finditer(d.get("title") or "")]
    found = [f for f in found if f[2]]
    if not found:
        return None
    dim = found[0][2]
    return [(n, " " + u) for n, u, dd in found if dd == dim], dim


_EN_COUNT = re.compile(r"(?i)\b(?:pack|set|box)\s+of\s+(\d+)|\b(\d+)[- ]?(?:pack|pk|count|pcs|pieces)\b")


def en_count(d: dict):
    m = _EN_COUNT.search(d.get("title") or "")
    if not m:
        return None
    return m.group(1) or m.group(2)


_EN_MODEL = re.compile(r"(?i)\b(?:compatible with|designed for|made for|fits)\s+(?:the\s+)?(?:apple\s+)?"
                       r"((?:iphone|galaxy|ipad|pixel)\s+[a-z]?\d{1,2}(?:\s+(?:pro|max|plus|mini|ultra))*)")


def en_model(d: dict):
    m = _EN_MODEL.search(en_copy(d))
    return m.group(1) if m else None


def model_in_title(d: dict, model: str) -> bool:
    """The title states the spec's model number (letters and at least three digits)."""
    compact = re.sub(r"[\s\-_./]", "", model.lower())
    title = re.sub(r"[\s\-_./]", "", (d.get("title") or "").lower())
    return len(compact) >= 4 and len(re.findall(r"\d", compact)) >= 3 and compact in title


_AGE_IN_COPY = re.compile(r"(?i)\b(?:ages?|aged)\s+(\d+)\s*(?:\+|and\s+up|&\s*up|-\s*\d+|to\s+\d+|years)|\b(\d+)\s*years?\s*(?:old\s*)?(?:and\s+up|\+)")


def en_age(d: dict):
    ages = [int(a or b) for a, b in _AGE_IN_COPY.findall(en_copy(d))]
    return min(ages) if ages else None


_WEIGHT_IN_COPY = re.compile(r"(?i)(?<![\d.])(\d+(?:\.\d+)?)\s*-?\s*(lbs?|pounds?|oz|ounces?)\b")
_TO_G = {"lb": 453.592, "lbs": 453.592, "pound": 453.592, "pounds": 453.592, "oz": 28.3495, "ounce": 28.3495, "ounces": 28.3495}


def en_weight(d: dict):
    """A weight the copy states that is the item weight (within 10% of the spec)."""
    spec = (d.get("specs") or {}).get("ItemWeight") or (d.get("specs") or {}).get("Item Weight")
    if not spec:
        return None
    sm = re.match(r"\s*(\d+(?:\.\d+)?)\s*([a-z]+)", spec.lower())
    if not sm or sm.group(2) not in _TO_G:
        return None
    spec_g = float(sm.group(1)) * _TO_G[sm.group(2)]
    for num, unit in _WEIGHT_IN_COPY.findall(en_copy(d)):
        g = float(num) * _TO_G[unit.lower()]
        if abs(g - spec_g) <= 0.1 * spec_g:
            return num, unit, sm.group(2)
    return None


ZH_COLOUR_RE = re.compile(r"(?:深|浅|淡|亮|酒|藏|墨|军|玫|米|天|宝|纯)?([黑白红蓝绿粉紫灰黄橙棕咖金银杏驼青])色")


def zh_colour(title: str):
    """Every colour the title names (variants: 黑色/白色), with their hue families."""
    found = []
    for m in ZH_COLOUR_RE.finditer(title):
        before = title[m.start() - 1:m.start()] if m.start() else ""
        if re.match(r"[多彩本原特无变出褪掉脱颜肤气景夜成撞拼杂双三]", before):
            continue
        found.append((m.group(0), ZH_COLOURS[m.group(1)]))
    if not found:
        return None
    families = {f for _, f in found}
    other = next(c for fam, c in ZH_OTHER_COLOUR.items() if fam not in families and not (
        {"black": "black", "white": "white", "red": "red", "blue": "blue", "purple": "purple", "green": "green"}.get(
            {"白色": "white", "黑色": "black", "蓝色": "blue", "红色": "red", "紫色": "purple", "绿色": "green", "藏青色": "blue"}[c]) in families))
    return "/".join(w for w, _ in found), other


def zh_material(title: str):
    for word in sorted(ZH_MATERIALS, key=len, reverse=True):
        i = title.find(word)
        if i >= 0 and not re.search(r"仿|人造|pu|镀", title[max(0, i - 2):i]) and not title.startswith("钢", i + len(word)):
            return word
    return None


_ZH_QTY = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(mah|gb|kg|ml|l|g|w|寸|英寸|克|斤|升|毫升|公斤|瓦)(?![a-z0-9])", re.I)
_ZH_COUNT = re.compile(r"(?<![\d.])(\d+)\s*(件|片|只|双|支|瓶|包|盒|袋|卷|条|个)装")


def zh_quantity(title: str):
    found = [(m.group(1), m.group(2), ZH_UNITS[m.group(2).lower()]) for m in _ZH_QTY.finditer(title)]
    if not found:
        return None
    dim = found[0][2]
    return [(n, u) for n, u, dd in found if dd == dim], dim


def zh_count(title: str):
    m = _ZH_COUNT.search(title)
    return (m.group(1), m.group(2)) if m else None


# ----------------------------------------------------------------------------------- mutations

def with_specs(d: dict, specs: dict) -> dict:
    out = copy.deepcopy(d)
    merged = dict(out.get("specs") or {})
    merged.update(specs)
    out["specs"] = merged
    return out


def amazon_mutations(d: dict, k: int):
    """(attribute, base, mutant) for each attribute this listing's copy states."""
    specs = d.get("specs") or {}
    age_key = next((key for key in specs if re.sub(r"\W", "", key).lower() == "manufacturerrecommendedage"), None)
    age = en_age(d)
    if age_key and age is not None:
        yield "age", d, with_specs(d, {age_key: f"{age + 5} years and up"})
    w = en_weight(d)
    if w:
        num, unit, spec_unit = w
        grams = float(num) * _TO_G[unit.lower()] / 3
        key = "ItemWeight" if "ItemWeight" in specs else "Item Weight"
        yield "weight", d, with_specs(d, {key: f"{grams / _TO_G[spec_unit]:.2g} {spec_unit}"})
    c = en_colour(d)
    if c:
        yield "colour", with_specs(d, {"Color": c[0]}), with_specs(d, {"Color": c[1]})
    m = en_material(d)
    if m:
        yield "material", with_specs(d, {"Material": m[0]}), with_specs(d, {"Material": EN_OTHER_MATERIAL[m[1]]})
    q = en_quantity(d)
    if q:
        found, dim = q
        key = QTY_KEYS[dim][k % 2]
        yield "quantity:" + dim, with_specs(d, {key: variants(found, dim, False)}), with_specs(d, {key: variants(found, dim, True)})
    n = en_count(d)
    if n:
        yield "count", with_specs(d, {"Unit Count": n}), with_specs(d, {"Unit Count": str(int(n) + 1)})
    mn_key = next((key for key in specs if re.sub(r"\W", "", key).lower() == "itemmodelnumber"), None)
    if mn_key and model_in_title(d, str(specs[mn_key])):
        mn = str(specs[mn_key])
        last = max(i for i, ch in enumerate(mn) if ch.isdigit())
        other = mn[:last] + str((int(mn[last]) + 1) % 10) + mn[last + 1:]
        yield "model number", d, with_specs(d, {mn_key: other})
    model = en_model(d)
    if model:
        other = re.sub(r"\d+", lambda x: str(int(x.group(0)) + 1), model, count=1)
        yield "compatible model", with_specs(d, {"Compatible Models": model}), with_specs(d, {"Compatible Models": other})


def taobao_mutations(d: dict, k: int):
    title = d.get("title") or ""
    c = zh_colour(title)
    if c:
        key = ("颜色分类", "顏色")[k % 2]
        yield "colour", with_specs(d, {key: c[0]}), with_specs(d, {key: c[1]})
    m = zh_material(title)
    if m:
        grade = re.match(r"\d+", m)
        if grade and grade.group(0) in GRADE_SWAP:
            other = m.replace(grade.group(0), GRADE_SWAP[grade.group(0)])
            yield "material grade", with_specs(d, {"材质": m}), with_specs(d, {"材质": other})
        else:
            fam = next((f for f in ZH_OTHER_MATERIAL if f in m), None)
            if fam:
                key = ("材质", "面料", "材料")[k % 3]
                yield "material", with_specs(d, {key: m}), with_specs(d, {key: ZH_OTHER_MATERIAL[fam]})
    q = zh_quantity(title)
    if q:
        found, dim = q
        key = ZH_QTY_KEYS[dim][k % 2]
        yield "quantity:" + dim, with_specs(d, {key: variants(found, dim, False)}), with_specs(d, {key: variants(found, dim, True)})
    n = zh_count(title)
    if n:
        yield "count", with_specs(d, {"件数": f"{n[0]}{n[1]}"}), with_specs(d, {"件数": f"{int(n[0]) + 1}{n[1]}"})


# ----------------------------------------------------------------------------------- run

def lint_ids(listings: list[dict]) -> dict[str, list]:
    import datetime as dt

    import honestlint

    found = collections.defaultdict(list)
    for f in honestlint.lint(listings, select=["spec-mismatch"], as_of=dt.date(2026, 11, 23)):
        found[f.listing].append(f)
    return found


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--real", default=os.environ.get("HONESTLINT_REAL", str(DEFAULT_REAL)),
                    help="directory holding amazon_2020_sample.jsonl and taobao_titles.jsonl")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and false alarms per attribute")
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    args = ap.parse_args(argv)
    real = Path(args.real)

    sources = []
    if (real / "amazon_2020_sample.jsonl").exists():
        sources.append(("amazon", load(real / "amazon_2020_sample.jsonl"), amazon_mutations))
    if (real / "taobao_titles.jsonl").exists():
        sources.append(("taobao", load(real / "taobao_titles.jsonl"), taobao_mutations))
    if not sources:
        print(f"no real listings under {real}", file=sys.stderr)
        return 2

    rows = {}
    clean = {}
    examples = collections.defaultdict(list)
    for name, listings, mutate in sources:
        unchanged = [dict(d, id=str(d.get("id"))) for d in listings]
        fired = lint_ids(unchanged)
        clean[name] = (len(unchanged), sorted(fired))
        for lid in sorted(fired):
            examples[(name, "unchanged")].append(f"{lid}: {fired[lid][0].message}")
        bases, mutants, attrs = [], [], []
        for k, d in enumerate(listings):
            for i, (attr, base, mutant) in enumerate(mutate(d, k)):
                mid = f"{d.get('id')}~{i}"
                bases.append(dict(base, id=mid))
                mutants.append(dict(mutant, id=mid))
                attrs.append(attr)
        base_fired = lint_ids(bases)
        mutant_fired = lint_ids(mutants)
        for attr, base, mutant in zip(attrs, bases, mutants):
            row = rows.setdefault((name, attr), collections.Counter())
            row["mutations"] += 1
            mid = base["id"]
            if mid in base_fired:
                row["base alarms"] += 1
                examples[(name, attr, "alarm")].append(f"{mid}: {base_fired[mid][0].message}")
            if mid in mutant_fired and mid not in base_fired:
                row["caught"] += 1
            elif mid not in mutant_fired:
                examples[(name, attr, "miss")].append(f"{mid}: {json.dumps(mutant.get('specs'), ensure_ascii=False)[:120]}")

    table = []
    for (name, attr), row in sorted(rows.items()):
        n = row["mutations"]
        table.append({"source": name, "attribute": attr, "mutations": n, "caught": row["caught"],
                      "recall": round(row["caught"] / n, 3) if n else None,
                      "base_alarms": row["base alarms"]})
    if args.json:
        print(json.dumps({"mutations": table, "unchanged": {k: {"listings": v[0], "alarms": v[1]} for k, v in clean.items()}},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"{'source':8} {'attribute':18} {'mutations':>9} {'caught':>6} {'recall':>7} {'base alarms':>11}")
    total = collections.Counter()
    for r in table:
        print(f"{r['source']:8} {r['attribute']:18} {r['mutations']:9d} {r['caught']:6d} {r['recall']:7.1%} {r['base_alarms']:11d}")
        total["n"] += r["mutations"]
        total["c"] += r["caught"]
        total["a"] += r["base_alarms"]
    print(f"{'all':8} {'':18} {total['n']:9d} {total['c']:6d} {total['c'] / max(1, total['n']):7.1%} {total['a']:11d}")
    for name, (n, alarms) in clean.items():
        print(f"unchanged {name}: {len(alarms)} of {n} listings with a spec-mismatch finding ({len(alarms) / n:.2%})")
    if args.show:
        for key, lines in sorted(examples.items()):
            print("\n" + " / ".join(key))
            for line in lines[:args.show]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
