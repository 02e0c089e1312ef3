#!/usr/bin/env python3
"""False-alarm audit: lint the real listings in ../shared/real/ and print findings per category.

    python scripts/audit_real.py                       # counts per category and rule
    python scripts/audit_real.py --sample 50 --seed 1  # plus a random sample of findings to review

The real files are research data: they are read from where they are and never copied into the
project. Every finding should be one a compliance reviewer agrees with.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "real"))


def lint(path: str, as_of: str) -> list[dict]:
    cmd = [sys.executable, "-m", "honestlint", "--format", "json", "--exit-zero", "--as-of", as_of, path]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"audit: honestlint failed on {path} (exit {proc.returncode}):\n{proc.stderr[:2000]}")
    return json.loads(proc.stdout)["findings"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=DEFAULT_DIR, help="folder with the real .jsonl files")
    ap.add_argument("--as-of", default="2026-11-23")
    ap.add_argument("--sample", type=int, default=0, help="print this many random findings to review")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
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
    if args.sample:
        rng = random.Random(args.seed)
        sample = rng.sample(everything, min(args.sample, len(everything)))
        print(f"\nA random sample of {len(sample)} findings to review:")
        for i, f in enumerate(sample, 1):
            print(f"{i:3}. [{f['category']}/{f['rule']}] {os.path.basename(f['file'])}:{f['line']}:{f['column']} "
                  f"{f['field']}: {f['text']!r}\n     {f['message']}")


if __name__ == "__main__":
    main()
