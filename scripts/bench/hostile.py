"""Hostile input, measured: the figures of README "Robustness" (never a timed unit test).

    .venv/bin/python scripts/bench/hostile.py [--listings 20000] [--jobs N]

1. A 50 MB single-line title (one listing, one .json file, and the same as a JSON Lines line):
   wall time, peak RSS of the honestlint process, bytes of output (stdout + stderr).
2. A house rule with a catastrophically backtracking regex, `(a+)+$`, on 20,000 long titles
   ('a' * 1000 + '!'): wall time, and the errors naming the rule (one expected).
Each run is a fresh `python -m honestlint` process with --no-cache; peak RSS is the child's
ru_maxrss. Inputs are written to a temporary directory and removed.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

RULE = """\
id: house-redos
kind: pattern
category: title-quality
severity: warning
languages: [en]
fields: [title]
summary: a house rule whose regex backtracks catastrophically
message: "the title ends in a run of a"
pattern: '(a+)+$'
examples:
  fire: ["aaa"]
  pass: ["b"]
"""


def measure(args: list[str], cwd: str) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "honestlint", *args], cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
        wall = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        size = out.tell() + err.tell()
        err.seek(0)
        stderr = err.read(4000).decode("utf-8", "replace")
    return {"exit": proc.returncode, "wall_s": round(wall, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024),
            "output_bytes": size, "stderr": stderr}


def write_big(tmp: str) -> None:
    title = "超值好物 " + "a" * 50_000_000
    with open(os.path.join(tmp, "big.json"), "w", encoding="utf-8") as fh:
        json.dump({"id": "big", "title": title}, fh, ensure_ascii=False)
    with open(os.path.join(tmp, "big.jsonl"), "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ok", "title": "保温杯 500ml"}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "big", "title": title}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--write", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write:
        write_big(options.write)
        return
    jobs = ["-j", str(options.jobs)] if options.jobs else []
    results = {}
    with tempfile.TemporaryDirectory(prefix="honestlint-hostile-") as tmp:
        # Written by another process: a child's peak RSS counts the memory of the process it
        # was forked from, so this one stays small.
        subprocess.run([sys.executable, __file__, "--write", tmp], check=True)
        # Each case in its own process first, so that its peak RSS is its own.
        for name in ("big.json", "big.jsonl"):
            for fmt in ("text", "github"):
                results[f"50 MB title, {name}, --format {fmt}"] = measure(
                    ["--no-cache", "--as-of", "2026-11-23", "--format", fmt, *jobs, name], tmp)
        os.mkdir(os.path.join(tmp, "house"))
        with open(os.path.join(tmp, "house", "redos.yaml"), "w", encoding="utf-8") as fh:
            fh.write(RULE)
        with open(os.path.join(tmp, "titles.jsonl"), "w", encoding="utf-8") as fh:
            for i in range(options.listings):
                fh.write(json.dumps({"id": str(i), "title": "a" * 1000 + "! " + str(i)}) + "\n")
        results[f"(a+)+$ house rule, {options.listings:,} long titles"] = measure(
            ["--no-cache", "--rules", "house", "--select", "house-redos", *jobs, "titles.jsonl"], tmp)
    for name, r in results.items():
        print(f"{name}: exit {r['exit']}, {r['wall_s']} s, peak RSS {r['peak_rss_mb']} MB, "
              f"{r['output_bytes']:,} bytes of output")
        errors = [line for line in r["stderr"].splitlines() if ": error: " in line]
        for line in errors[:3]:
            print(f"    {line[:220]}")
        if len(errors) > 3:
            print(f"    ... {len(errors) - 3} more errors")


if __name__ == "__main__":
    main()
