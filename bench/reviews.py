#!/usr/bin/env python3
"""A catalog that stresses the copied-review check (rule `review-copied`) rather than the
listing rules: every listing carries three long reviews (40 to 90 Han characters, so every
one is a candidate the check must remember until the end of the run), 5% of them copied from
a pool of 500 texts. Used for the memory measurements in bench/README.md.

    python bench/reviews.py --listings 200000 --out bench/out/reviews-200k.jsonl

Deterministic for a given --seed; about 830 bytes per listing.
"""
from __future__ import annotations

import argparse
import json
import random

# Common characters, drawn at random: texts that are unique and long but trigger few rules.
HAN = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
       "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些"
       "然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公"
       "无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将"
       "组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金"
       "增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类"
       "八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非"
       "验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效"
       "斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--listings", type=int, default=200_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)

    def text(length: int) -> str:
        return ("".join(rnd.choice(HAN) for _ in range(length)) + "，"
                + "".join(rnd.choice(HAN) for _ in range(10)) + "。")

    pool = [text(60) for _ in range(500)]
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.listings):
            reviews = [{"text": rnd.choice(pool) if rnd.random() < 0.05 else text(rnd.randint(40, 90)),
                        "rating": rnd.randint(1, 5)} for _ in range(3)]
            out.write(json.dumps({"id": f"r-{i:07d}", "title": f"保温杯 {i % 997}号", "reviews": reviews},
                                 ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
