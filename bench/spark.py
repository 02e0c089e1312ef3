"""Batch paths against the command line on one catalog (issue 20): listings/s of the Python
API's batch path (one compiled linter, batch after batch: what Spark's executors run) against
`honestlint -j 1`, and `honestlint spark` (local[2] by default; session start and job apart)
against `honestlint` with its default jobs.

    .venv/bin/python bench/spark.py --listings 100000            # generates the catalog if missing
    .venv/bin/python bench/spark.py --listings 20000 --skip-spark

Every run is a fresh process linting afresh (--no-cache), as bench/run.py measures; the API
figures are timed inside their process (the rules' compile apart from the linting). Prints a
Markdown table and writes it to bench/out/results-spark-<N>.md.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
AS_OF = "2026-11-23"
HONESTLINT = str(Path(sys.executable).with_name("honestlint"))

# The API measurement, in a fresh interpreter: compile once, then lint the catalog's records in
# chunks through BatchLinter (the executors' path) and, as dicts, through honestlint.Batch.
API_CODE = r"""
import datetime, json, sys, time
t0 = time.perf_counter()
import honestlint
from honestlint.input import Record, records
path, as_of = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
batch = honestlint.Batch(as_of=as_of)
t1 = time.perf_counter()
found = 0
chunk = []
for item in records(path):
    chunk.append(item)
    if len(chunk) == 400:
        found += len(batch.batch.lint_records(chunk).findings); chunk = []
if chunk:
    found += len(batch.batch.lint_records(chunk).findings)
t2 = time.perf_counter()
dicts = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
t3 = time.perf_counter()
found_dicts = sum(len(batch.lint(dicts[i:i + 1000])) for i in range(0, len(dicts), 1000))
t4 = time.perf_counter()
print(json.dumps({"setup": t1 - t0, "records": t2 - t1, "dicts": t4 - t3, "listings": len(dicts),
                  "found": found, "found_dicts": found_dicts}))
"""


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--skip-spark", action="store_true", help="only the API against -j 1")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    catalog = OUT / f"catalog-{args.listings}.jsonl"
    if not catalog.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--listings", str(args.listings), "--out",
                        str(catalog), "--quiet"], check=True)
    cli = [HONESTLINT, "--isolated", "--no-cache", "--as-of", AS_OF, "--exit-zero", "--format", "json",
           "-o", os.devnull, str(catalog)]
    rows = []
    j1, _ = timed(cli[:1] + ["-j", "1"] + cli[1:])
    rows.append(("CLI `-j 1`", f"{j1:.1f}", "", f"{args.listings / j1:,.0f}"))
    _, out = timed([sys.executable, "-c", API_CODE, str(catalog), AS_OF])
    api = __import__("json").loads(out)
    rows.append(("API, BatchLinter.lint_records (executors' path), 400 a call", f"{api['records']:.1f}",
                 f"compile {api['setup']:.1f}", f"{api['listings'] / api['records']:,.0f}"))
    rows.append(("API, honestlint.Batch.lint(dicts), 1,000 a call", f"{api['dicts']:.1f}",
                 "(same linter)", f"{api['listings'] / api['dicts']:,.0f}"))
    if not args.skip_spark:
        jobs, _ = timed(cli)
        rows.append((f"CLI default jobs ({os.cpu_count()})", f"{jobs:.1f}", "", f"{args.listings / jobs:,.0f}"))
        target = OUT / "spark-findings.parquet"
        shutil.rmtree(target, ignore_errors=True)
        wall, out = timed([HONESTLINT, "spark", str(catalog), str(target), "--master", args.master, "--isolated",
                           "--as-of", AS_OF, "--overwrite"])
        session, job = map(float, re.search(r"session start ([\d.]+) s, job ([\d.]+) s", out).groups())
        rows.append((f"`honestlint spark` {args.master}: job", f"{job:.1f}", f"session start {session:.1f}, "
                     f"process {wall:.1f}", f"{args.listings / job:,.0f}"))
        rows.append(("job / CLI default jobs", f"{job / jobs:.2f}x", "target <= 1.5x", ""))
    table = [f"{args.listings:,} listings ({catalog.name}), {os.cpu_count()} cores, "
             f"{time.strftime('%Y-%m-%d %H:%M')}", "",
             "| run | seconds | besides | listings/s |", "|---|---|---|---|"]
    table += [f"| {' | '.join(row)} |" for row in rows]
    text = "\n".join(table) + "\n"
    (OUT / f"results-spark-{args.listings}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
