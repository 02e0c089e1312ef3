#!/usr/bin/env python3
"""Real-copy audit: what honestlint reports on copy that no one here wrote, and what it misses.

    python scripts/audit_real.py                        # findings per category and rule on ../shared/real
    python scripts/audit_real.py --sample 100 --seed 1  # a random sample of non-title findings, with
                                                        # the verdicts recorded in scripts/audit/verdicts.tsv
    python scripts/audit_real.py --vocab /work/audit-data   # recall on term lists and pressure strings

Three measures, all on data read where it lies and never copied into the project (the real
listings and the public lists are research-only or under their own licences):

1. Findings on real listings (`--dir`, default ../shared/real): counts per category and rule.
2. Precision of a judged sample: `--sample N` draws N findings outside title-quality (seeded),
   looks each one up in the verdict file by listing id, rule, field and column (never by its
   text), prints the precision over the judged ones and lists the unjudged ones to review.
   A verdict is `ok` (a strict compliance reviewer would keep it) or `wrong`, with the class of
   mistake (negation, advice, ordinal, label, quoted, part-not-item ...).
3. Recall on vocabularies (`--vocab DIR`): every `*.txt` under DIR is a list of real terms or
   strings, one a line (`#` comments; an optional tab and a category). The file's name says
   what category it must raise when no line says (see VOCAB_CATEGORY). A term counts as caught
   when a listing that states it gets a finding of that category: a Chinese term in a title and
   a one-sentence description, an English one as a bullet, a pressure string as the
   description, with no stock, no promotion and no certification, so that unbacked claims show.
   Every `*.tsv` of a label and a real string (and optionally its source) is pressure copy: a label of
   PRESSURE_LABELS must raise urgency-fake (recall), and `not-dark` (shop text that is no
   dark pattern) must raise nothing of it (false alarms).
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from honestlint.core.categories import CATEGORIES  # noqa: E402  (the script runs from a checkout)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "real"))
VERDICTS = os.path.join(HERE, "audit", "verdicts.tsv")
# What a list must raise, by the first word of its file name.
VOCAB_CATEGORY = {
    "art9": "absolute-claim", "absolute": "absolute-claim", "en_absolute": "absolute-claim",
    "health": "health-claim", "en_health": "health-claim",
    "pressure": "urgency-fake", "countdown": "urgency-fake", "lowstock": "urgency-fake",
    "demand": "urgency-fake", "activity": "urgency-fake",
    "authority": "authority-endorsement", "outcome": "guaranteed-outcome",
    "superstition": "superstition", "disparagement": "disparagement",
}
_HAN = re.compile(r"[\u3400-\u9fff]")
# Labels of pressure strings (the dark-pattern data sets' classes) and of text that is none.
PRESSURE_LABELS = {"activity", "countdown", "countdown-limited-time", "limited-time", "demand", "low-stock", "pressure"}
NOT_PRESSURE = "not-dark"


def lint(path: str, as_of: str) -> list[dict]:
    cmd = [sys.executable, "-m", "honestlint", "--format", "json", "--exit-zero", "--no-cache", "--as-of", as_of, path]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"audit: honestlint failed on {path} (exit {proc.returncode}):\n{proc.stderr[:2000]}")
    return json.loads(proc.stdout)["findings"]


def verdict_key(f: dict) -> tuple:
    return (str(f["listing"]), f["rule"], f["field"], str(f["line"]), str(f["column"]))


def read_verdicts(path: str) -> dict[tuple, tuple[str, str]]:
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            key = (row["listing"], row["rule"], row["field"], row["line"], row["column"])
            out[key] = (row["verdict"], row.get("class", ""))
    return out


def audit_listings(args) -> None:
    files = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.endswith(".jsonl"))
    if not files:
        sys.exit(f"audit: no .jsonl files in {args.dir}")
    everything = []
    for path in files:
        listings = sum(1 for line in open(path, encoding="utf-8") if line.strip())
        findings = lint(path, args.as_of)
        everything.extend(findings)
        flagged = len({f["listing"] for f in findings})
        print(f"\n{os.path.basename(path)}: {listings} listings, {len(findings)} findings on {flagged} listings")
        by_cat = collections.Counter(f["category"] for f in findings)
        by_rule = collections.Counter((f["category"], f["rule"]) for f in findings)
        for cat, n in by_cat.most_common():
            rules = ", ".join(f"{r} {c}" for (k, r), c in by_rule.most_common() if k == cat)
            print(f"  {n:5}  {cat:24} ({rules})")
    if not args.sample:
        return
    pool = sorted((f for f in everything if f["category"] != "title-quality"), key=verdict_key)
    rng = random.Random(args.seed)
    sample = rng.sample(pool, min(args.sample, len(pool)))
    verdicts = read_verdicts(args.verdicts)
    judged = [(f, verdicts[verdict_key(f)]) for f in sample if verdict_key(f) in verdicts]
    ok = sum(1 for _, (v, _) in judged if v == "ok")
    wrong = collections.Counter(c or "?" for _, (v, c) in judged if v != "ok")
    print(f"\nSample of {len(sample)} findings outside title-quality (seed {args.seed}, of {len(pool)}): "
          f"{len(judged)} judged, {ok} ok, precision {ok / len(judged) if judged else 0:.3f}")
    for cls, n in wrong.most_common():
        print(f"  wrong: {n} {cls}")
    unjudged = [f for f in sample if verdict_key(f) not in verdicts]
    if unjudged:
        print(f"\n{len(unjudged)} sampled findings have no verdict yet (add rows to {os.path.relpath(args.verdicts)}):")
        for f in unjudged:
            print("\t".join(verdict_key(f)) + f"\t# {f['category']} {f['text']!r}: {f['message']}")


def vocab_listing(term: str, index: int, kind: str) -> dict:
    listing = {"id": f"v{index}", "title": "保温杯 500ml" if _HAN.search(term) else "Insulated Bottle, 500 ml"}
    if kind == "pressure":
        listing["description"] = term
    elif _HAN.search(term):
        listing["title"] = f"保温杯 {term} 500ml"
        listing["description"] = f"这款保温杯{term}，欢迎选购。"
    else:
        listing["bullets"] = [term]
    return listing


def audit_vocab(args) -> None:
    lists = []
    for root, _, names in os.walk(args.vocab):
        for name in sorted(names):
            if name.endswith((".txt", ".tsv")):
                lists.append(os.path.join(root, name))
    if not lists:
        sys.exit(f"audit: no .txt lists under {args.vocab}")
    totals = collections.Counter()
    for path in sorted(lists):
        stem = os.path.splitext(os.path.basename(path))[0]
        default = VOCAB_CATEGORY.get(stem) or VOCAB_CATEGORY.get(stem.split("_")[0]) or VOCAB_CATEGORY.get(
            os.path.basename(os.path.dirname(path)))
        terms = []
        tsv = path.endswith(".tsv")
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                if tsv:
                    # label, text[, where the text was found]
                    cells = line.split("\t")
                    if len(cells) in (2, 3) and cells[0] in PRESSURE_LABELS:
                        terms.append((cells[1], "urgency-fake"))
                    elif len(cells) in (2, 3) and cells[0] == NOT_PRESSURE:
                        terms.append((cells[1], None))
                    continue
                term, _, category = line.partition("\t")
                category = category.strip() or default
                if category in CATEGORIES:
                    terms.append((term.strip(), category))
        if not terms:
            continue
        kind = "pressure" if (tsv or default == "urgency-fake" or "pressure" in path) else "term"
        with tempfile.TemporaryDirectory() as tmp:
            file = os.path.join(tmp, "vocab.jsonl")
            with open(file, "w", encoding="utf-8") as out:
                for i, (term, _) in enumerate(terms):
                    out.write(json.dumps(vocab_listing(term, i, kind), ensure_ascii=False) + "\n")
            found = collections.defaultdict(set)
            for f in lint(file, args.as_of):
                found[f["listing"]].add(f["category"])
        name = os.path.relpath(path, args.vocab)
        clean = [i for i, (_, cat) in enumerate(terms) if cat is None]
        if clean:
            alarms = [i for i in clean if "urgency-fake" in found.get(f"v{i}", ())]
            print(f"{name + ' (no pressure)':40} {len(alarms):5} of {len(clean):5} flagged  "
                  f"false alarms {len(alarms) / len(clean):.3f}")
            if args.misses:
                for i in alarms:
                    print(f"    flagged {terms[i][0]}")
        claims = [i for i, (_, cat) in enumerate(terms) if cat is not None]
        if not claims:
            continue
        caught = [i for i in claims if terms[i][1] in found.get(f"v{i}", ())]
        print(f"{name:40} {len(caught):5} of {len(claims):5} caught  recall {len(caught) / len(claims):.3f}")
        totals[name] = (len(caught), len(claims))
        if args.misses:
            for i in claims:
                if i not in caught:
                    print(f"    missed [{terms[i][1]}] {terms[i][0]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=DEFAULT_DIR, help="folder with the real .jsonl listings")
    ap.add_argument("--as-of", default="2026-11-23")
    ap.add_argument("--sample", type=int, default=0, help="judge this many random findings outside title-quality")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verdicts", default=VERDICTS, help="the verdict file (tab-separated)")
    ap.add_argument("--vocab", help="a folder of term lists (*.txt): measure recall on them instead")
    ap.add_argument("--misses", action="store_true", help="with --vocab: print the terms not caught")
    args = ap.parse_args()
    if args.vocab:
        audit_vocab(args)
    else:
        audit_listings(args)


if __name__ == "__main__":
    main()
