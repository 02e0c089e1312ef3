#!/usr/bin/env python3
"""honestlint benchmark: throughput, memory, a floor to compare with, start-up and import time.

    python bench/run.py                      # 100,000 listings (generated if missing), median of 3
    python bench/run.py --listings 20000     # a quicker run
    python bench/run.py --profile            # py-spy profile over 20,000 listings, top hot spots
    python bench/run.py --huge --runs 1      # 1,000,000 listings: memory behaviour

Every measured command runs in a fresh child process. Wall time is measured here; peak RSS and
CPU time come from `/usr/bin/time -v` when it exists, else from getrusage(RUSAGE_CHILDREN) in a
small intermediate process (one per run, so runs never share a maximum). Results are printed and
written to bench/out/results.md (and the profile to bench/out/profile.md).
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
AS_OF = "2026-11-23"          # the date the generated price histories and deadlines are written for
TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

# Children run with a bytecode cache, as an installed tool does: PYTHONDONTWRITEBYTECODE (set in
# some sandboxes) would make every run recompile honestlint's modules. The cache goes under
# bench/out/ (PYTHONPYCACHEPREFIX) so the benchmark writes nothing outside its own directory.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")

SNAPSHOT: dict = {}


def make_snapshot(fresh: bool = True) -> dict:
    """Copy honestlint/ and rules/ (as honestlint/builtin_rules) to bench/out/snapshot/ and make
    every child import that copy (PYTHONPATH comes before the editable install's finder), so a
    whole benchmark measures one fixed state of the code while others keep editing the tree."""
    dest, tmp = OUT / "snapshot", OUT / "snapshot.tmp"
    if fresh or not (dest / "honestlint").is_dir():
        shutil.rmtree(tmp, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "honestlint", tmp / "honestlint", ignore=ignore)
        shutil.rmtree(tmp / "honestlint" / "builtin_rules", ignore_errors=True)
        shutil.copytree(ROOT / "rules", tmp / "honestlint" / "builtin_rules", ignore=ignore)
        shutil.rmtree(dest, ignore_errors=True)
        tmp.rename(dest)
        (dest / "TAKEN").write_text(time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    digest = hashlib.sha1()
    for path in sorted(p for p in dest.rglob("*") if p.is_file() and p.name != "TAKEN"):
        digest.update(str(path.relative_to(dest)).encode() + b"\0" + path.read_bytes())
    ENV["PYTHONPATH"] = str(dest) + (os.pathsep + ENV["PYTHONPATH"] if ENV.get("PYTHONPATH") else "")
    where = subprocess.run([sys.executable, "-c", "import honestlint; print(honestlint.__file__)"], env=ENV,
                           stdout=subprocess.PIPE).stdout.decode().strip()
    if not where.startswith(str(dest)):
        sys.exit(f"snapshot not picked up: honestlint imports from {where}")
    taken = (dest / "TAKEN").read_text().strip() if (dest / "TAKEN").exists() else "?"
    SNAPSHOT.update(sha1=digest.hexdigest()[:12], taken=taken, path=str(dest))
    return SNAPSHOT


sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (bench/generate.py)


# --------------------------------------------------------------------------------------------
# Running things
# --------------------------------------------------------------------------------------------

def honestlint_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("honestlint")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("honestlint")
    return [found] if found else [sys.executable, "-m", "honestlint"]


_RUSAGE_WRAPPER = r"""
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("\n@@bench " + json.dumps({"maxrss_kb": r.ru_maxrss, "cpu": r.ru_utime + r.ru_stime, "rc": p.returncode}) + "\n")
"""


class Result:
    __slots__ = ("wall", "cpu", "maxrss_mb", "rc", "stdout", "stderr")

    def __init__(self, wall, cpu, maxrss_mb, rc, stdout, stderr):
        self.wall, self.cpu, self.maxrss_mb, self.rc, self.stdout, self.stderr = wall, cpu, maxrss_mb, rc, stdout, stderr


def measure(cmd: list[str], env: dict | None = ENV) -> Result:
    """Run `cmd` once in a fresh process: wall time, CPU time (user+sys), peak RSS."""
    if TIME_BIN:
        full = [TIME_BIN, "-v"] + cmd
    else:
        full = [sys.executable, "-c", _RUSAGE_WRAPPER] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - t0
    err = p.stderr.decode("utf-8", "replace")
    if TIME_BIN:
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        user = re.search(r"User time \(seconds\): ([\d.]+)", err)
        sys_ = re.search(r"System time \(seconds\): ([\d.]+)", err)
        status = re.search(r"Exit status: (\d+)", err)
        cpu = float(user.group(1)) + float(sys_.group(1)) if user and sys_ else float("nan")
        rc = int(status.group(1)) if status else p.returncode
        maxrss = int(rss.group(1)) / 1024 if rss else float("nan")
        err = err[: err.find("\tCommand being timed:")] if "\tCommand being timed:" in err else err
    else:
        m = re.search(r"@@bench (\{.*\})\s*$", err)
        info = json.loads(m.group(1)) if m else {}
        cpu, rc = info.get("cpu", float("nan")), info.get("rc", p.returncode)
        maxrss = info.get("maxrss_kb", float("nan")) / 1024
        err = err[: m.start()] if m else err
    return Result(wall, cpu, maxrss, rc, p.stdout.decode("utf-8", "replace"), err)


def median_run(cmd: list[str], runs: int, label: str, env: dict | None = ENV, check_rc=(0,), warmup: bool = False) -> dict:
    if warmup:  # fills the bytecode cache; not counted
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    results = []
    for i in range(runs):
        r = measure(cmd, env)
        if r.rc not in check_rc:
            sys.exit(f"{label}: exit code {r.rc}\n{' '.join(cmd)}\n{r.stderr[-2000:]}")
        results.append(r)
        print(f"  {label} run {i + 1}/{runs}: {r.wall:.2f} s wall, {r.cpu:.2f} s CPU, {r.maxrss_mb:.0f} MB peak RSS",
              file=sys.stderr, flush=True)
    return _summary(results)


def _summary(results: list) -> dict:
    return {"wall": statistics.median(r.wall for r in results), "cpu": statistics.median(r.cpu for r in results),
            "rss": statistics.median(r.maxrss_mb for r in results), "walls": [r.wall for r in results],
            "last": results[-1]}


# --------------------------------------------------------------------------------------------
# Catalog
# --------------------------------------------------------------------------------------------

def catalog_path(listings: int) -> Path:
    return OUT / ("catalog.jsonl" if listings == 100_000 else
                  "catalog-1m.jsonl" if listings == 1_000_000 else f"catalog-{listings}.jsonl")


def ensure_catalog(listings: int) -> Path:
    """Generate the catalog unless a file from the same generator version and size exists."""
    path = catalog_path(listings)
    meta_path = path.with_name(path.name + ".meta.json")
    want = {"listings": listings, "seed": generate.DEFAULT_SEED, "generator": generate.GENERATOR_VERSION,
            "source_sha1": hashlib.sha1(Path(generate.__file__).read_bytes()).hexdigest()}
    if path.exists() and meta_path.exists():
        try:
            if json.loads(meta_path.read_text()) == want:
                return path
        except ValueError:
            pass
    print(f"generating {listings} listings -> {path}", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--listings", str(listings), "--out", str(path)], check=True)
    meta_path.write_text(json.dumps(want))
    return path


# --------------------------------------------------------------------------------------------
# The floor: parse + one overlapping Aho-Corasick scan of every copy field
# --------------------------------------------------------------------------------------------

def rule_literals() -> list[str]:
    """The literal phrases of the loaded rules (each listing rule's `literals`: its phrases or
    anchors), deduplicated in order. Not the engine's own automaton, which also holds literals
    it derives from each regex (cover literals, prefixes): the floor is what the issue defines,
    a scan for the rules' phrases, so that it stays the same yardstick as the engine changes."""
    from honestlint.engine import Linter
    from honestlint.ruleset import load_rules

    linter = Linter(load_rules())
    literals: dict[str, None] = {}
    for rule in getattr(linter, "listing_rules", linter.rules):
        for literal in getattr(rule, "literals", None) or ():
            literals.setdefault(literal, None)
    return list(literals)


def _copy_strings(obj: dict):
    for key in ("title", "subtitle", "description"):
        v = obj.get(key)
        if isinstance(v, str):
            yield v
    for v in obj.get("bullets") or ():
        if isinstance(v, str):
            yield v
    for group, keys in (("promotions", ("text", "terms")), ("reviews", ("text",))):
        for item in obj.get(group) or ():
            if isinstance(item, dict):
                for k in keys:
                    v = item.get(k)
                    if isinstance(v, str):
                        yield v


def floor_worker(path: str) -> None:
    import ahocorasick_rs
    import orjson

    literals = rule_literals()
    automaton = ahocorasick_rs.AhoCorasick(literals)
    t0, c0 = time.perf_counter(), time.process_time()
    listings = matches = fields = chars = 0
    find = automaton.find_matches_as_indexes
    with open(path, "rb") as fh:  # streamed line by line, as honestlint reads JSON Lines
        for line in fh:
            if not line.strip():
                continue
            obj = orjson.loads(line)
            listings += 1
            for text in _copy_strings(obj):
                fields += 1
                chars += len(text)
                matches += len(find(text.lower(), overlapping=True))
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": seconds, "cpu": cpu, "listings": listings, "fields": fields, "chars": chars,
                      "matches": matches, "literals": len(literals)}))


def rule_costs_worker(path: str, count: int) -> None:
    """Lint the first `count` listings in this process with every rule's `check`, the copy-field
    set-up (HTML stripping + normalising), the tokenizers and finding construction timed
    separately. Prints JSON. Uses only what engine.Linter exposes; parts it cannot find are left out."""
    import datetime as _dt
    import itertools
    from collections import defaultdict

    from honestlint import engine, input as loader
    from honestlint.core.listing import InputError
    from honestlint.text import tokenize
    from honestlint.ruleset import load_rules

    linter = engine.Linter(load_rules(), as_of=_dt.date.fromisoformat(AS_OF))
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    clock = time.perf_counter

    def timed(key, fn, materialise=False):
        def wrapper(*a, **kw):
            t = clock()
            try:
                out = fn(*a, **kw)
                return list(out) if materialise else out
            finally:
                spent[key] += clock() - t
                calls[key] += 1
        return wrapper

    for rule in linter.listing_rules:
        rule.check = timed("rule:" + rule.id, rule.check, materialise=True)
    if hasattr(engine, "CopyField"):
        engine.CopyField.__init__ = timed("stage:copy fields (HTML strip + normalise)", engine.CopyField.__init__)
    # Han tokens come from each linter's Tokenizer (a function of the module before it had one).
    for owner, name in ((getattr(tokenize, "Tokenizer", tokenize), "han_tokens"), (tokenize, "latin_token_spans")):
        if hasattr(owner, name):
            setattr(owner, name, timed(f"stage:tokenize.{name}", getattr(owner, name)))
    if hasattr(linter, "_finding"):
        linter._finding = timed("stage:findings (positions, messages)", linter._finding)
    listings = [x for x in itertools.islice(loader.load([path]), count) if not isinstance(x, InputError)]
    for listing in listings[:200]:  # warm up: tokenizer dictionaries, caches
        linter.lint(listing)
    spent.clear()
    calls.clear()
    t0 = clock()
    for listing in listings:
        linter.lint(listing)
    total = clock() - t0
    kinds = {r.id: (r.kind, "gated" if getattr(r, "literals", None) is not None else "ungated")
             for r in linter.listing_rules}
    print(json.dumps({"total": total, "listings": len(listings), "spent": spent, "calls": calls, "kinds": kinds}))


def rule_costs(listings: int, sample: int, top: int) -> str:
    catalog = ensure_catalog(listings)
    p = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--rule-costs-worker", str(catalog), str(sample)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    if p.returncode != 0:
        return "Rule costs: worker failed:\n\n```\n" + p.stderr.decode()[-1500:] + "\n```\n"
    d = json.loads(p.stdout.decode().strip().splitlines()[-1])
    total, n = d["total"], d["listings"]
    rules = {k[5:]: v for k, v in d["spent"].items() if k.startswith("rule:")}
    stages = {k[6:]: v for k, v in d["spent"].items() if k.startswith("stage:")}
    rule_sum = sum(rules.values())
    lines = [f"### Where `Linter.lint` spends its time ({n:,} listings in one process, {total:.1f} s, "
             f"{total / n * 1e6:,.0f} µs per listing; timers add some overhead)", "",
             "| part | time | share | calls |", "|---|---:|---:|---:|",
             f"| all rule `check` calls (tokenizing for candidates included) | {rule_sum:.2f} s | {rule_sum / total:.0%} | |"]
    for name, v in sorted(stages.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {v:.2f} s | {v / total:.0%} | {d['calls']['stage:' + name]:,} |")
    lines += ["", f"Top {top} rules by time in `check`:", "",
              "| rule | kind | prefilter | time | share of lint | calls | µs/call |", "|---|---|---|---:|---:|---:|---:|"]
    for rid, v in sorted(rules.items(), key=lambda kv: -kv[1])[:top]:
        c = d["calls"]["rule:" + rid]
        kind, gate = d["kinds"].get(rid, ("?", "?"))
        lines.append(f"| `{rid}` | {kind} | {gate} | {v:.2f} s | {v / total:.1%} | {c:,} | {v / c * 1e6:,.0f} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Start-up cases
# --------------------------------------------------------------------------------------------

STARTUP_CASES = {
    # copy with no literal of any rule: nothing to tokenise
    "no candidate": {"id": "startup-none", "lang": "en", "title": "Plain notebook",
                     "description": "A plain notebook with lined pages."},
    # 最低价 inside 最低价格: the dictionary word 价格 crosses the phrase's end, only jieba can decide
    "needs jieba": {"id": "startup-jieba", "lang": "zh", "title": "保温杯 全网最低价格"},
    # "best seller" followed by "!": punctuation next to a word, spaCy's rules decide
    "needs spaCy": {"id": "startup-spacy", "lang": "en", "title": "Best seller! Plain notebook"},
}


def startup_files() -> dict[str, Path]:
    folder = OUT / "startup"
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, listing in STARTUP_CASES.items():
        path = folder / (name.replace(" ", "-").lower() + ".json")
        path.write_text(json.dumps(listing, ensure_ascii=False) + "\n", encoding="utf-8")
        files[name] = path
    return files


_TOKENIZER_PROBE = r"""
import json, runpy, sys
sys.argv = ["honestlint"] + sys.argv[1:]
try:
    runpy.run_module("honestlint", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
state = []
jieba = sys.modules.get("jieba")
if jieba is not None:
    loaded = bool(getattr(getattr(jieba, "dt", None), "initialized", False))
    state.append("jieba (dictionary loaded)" if loaded else "jieba (imported, dictionary not loaded)")
for mod, label in (("rjieba", "rjieba"), ("jieba_fast", "jieba_fast"), ("spacy", "spaCy")):
    if mod in sys.modules:
        state.append(label)
# honestlint's own jieba-equivalent segmenter reads dictionary shards only when a clause needs it.
# (The process's shared dictionary; before it, the one segmenter of the tokenize module.)
dictionary = getattr(getattr(sys.modules.get("honestlint.text.segment"), "Dictionary", None), "_shared", None)
shards = getattr(dictionary, "read", None) if dictionary is not None else getattr(
    getattr(sys.modules.get("honestlint.text.tokenize"), "_segmenter", None), "_shards", None)
if shards:
    state.append(f"segmenter ({len(shards)} dictionary shards)")
# and its Latin tokenizer (spaCy's English rules from the cache) only when a boundary needs it.
if getattr(sys.modules.get("honestlint.text.tokenize"), "_latin_tokenizer", None) is not None:
    state.append("Latin tokenizer (spaCy's rules, cached)")
sys.stderr.write("\n@@tokenizers " + json.dumps(state) + "\n")
"""


def imported_tokenizers(path: Path) -> list[str]:
    """Which tokenizers a run on `path` really imports and loads (checked in the process after
    honestlint's main has run)."""
    cmd = [sys.executable, "-c", _TOKENIZER_PROBE, "--format", "json", "--exit-zero", "-o", os.devnull,
           "--as-of", AS_OF, str(path)]
    err = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV).stderr.decode("utf-8", "replace")
    m = re.search(r"@@tokenizers (\[.*\])", err)
    return json.loads(m.group(1)) if m else ["(probe failed)"]


def import_times(top: int = 15) -> tuple[float, list[tuple[float, float, str]]]:
    """`python -X importtime -c "import honestlint.cli"`: total, and the top entries by cumulative time."""
    cmd = [sys.executable, "-X", "importtime", "-c", "import honestlint.cli"]
    subprocess.run(cmd, stderr=subprocess.DEVNULL, env=ENV)  # warm the .pyc cache
    runs = []
    for _ in range(3):
        err = subprocess.run(cmd, stderr=subprocess.PIPE, env=ENV).stderr.decode()
        rows = []
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S.*)$", line)
            if m:
                rows.append((int(m.group(2)) / 1000, int(m.group(1)) / 1000, m.group(3)[1:] + m.group(4).strip()))
        runs.append(rows)
    # the run with the median total
    runs.sort(key=lambda rows: next((c for c, s, n in rows if n.strip() == "honestlint.cli"), 0))
    rows = runs[len(runs) // 2]
    total = next((c for c, s, n in rows if n.strip() == "honestlint.cli"), float("nan"))
    rows = sorted(rows, key=lambda r: -r[0])[:top]
    return total, rows


# --------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------

def ensure_py_spy() -> str | None:
    exe = Path(sys.executable).with_name("py-spy")
    if exe.exists():
        return str(exe)
    if shutil.which("py-spy"):
        return shutil.which("py-spy")
    print("installing py-spy into the environment ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "py-spy"], check=False)
    return str(exe) if exe.exists() else shutil.which("py-spy")


def _short(file: str) -> str:
    file = file or ""
    for prefix in (str(OUT / "snapshot") + "/", str(ROOT) + "/", str(Path(sys.prefix)) + "/lib/"):
        file = file.replace(prefix, "")
    file = re.sub(r".*/site-packages/", "", file)
    return re.sub(r".*/lib/python3\.\d+/", "", file)


def _ours(file: str) -> bool:
    return "/honestlint/" in (file or "")


def _speedscope_top(path: Path, top: int) -> tuple[float, list, list]:
    """Self and inclusive shares per function (all processes and threads merged). The
    inclusive list keeps honestlint's own functions only (wrappers such as click, and frames a
    forked worker inherits from its parent, would otherwise fill it)."""
    data = json.loads(path.read_text())
    frames = data["shared"]["frames"]
    self_n: dict[int, float] = {}
    total_n: dict[int, float] = {}
    weight_total = 0.0
    for prof in data["profiles"]:
        weights = prof.get("weights") or [1] * len(prof["samples"])
        for stack, w in zip(prof["samples"], weights):
            weight_total += w
            if stack:
                self_n[stack[-1]] = self_n.get(stack[-1], 0) + w
            for f in set(stack):
                total_n[f] = total_n.get(f, 0) + w

    def label(i):
        f = frames[i]
        return f"{f['name']} ({_short(f.get('file'))}:{f.get('line')})"

    by_self = sorted(self_n.items(), key=lambda kv: -kv[1])[:top]
    by_total = sorted(((i, n) for i, n in total_n.items() if _ours(frames[i].get("file"))), key=lambda kv: -kv[1])[:top]
    return weight_total, [(label(i), n / weight_total) for i, n in by_self], \
        [(label(i), n / weight_total) for i, n in by_total]


def _pstats_top(path: Path, top: int) -> tuple[float, list, list]:
    import pstats

    st = pstats.Stats(str(path))
    total = st.total_tt or 1.0
    rows = [(f"{func[2]} ({_short(func[0])}:{func[1]})", tt / total, ct / total, func[0])
            for func, (cc, nc, tt, ct, callers) in st.stats.items()]
    by_self = sorted(((n, s) for n, s, c, f in rows), key=lambda r: -r[1])[:top]
    by_total = sorted(((n, c) for n, s, c, f in rows if _ours(f)), key=lambda r: -r[1])[:top]
    return 0.0, by_self, by_total


def _profile_one(cmd: list[str], out_stem: str, rate: int, top: int) -> tuple[str, Path, float, list, list]:
    spy = ensure_py_spy()
    if spy:
        out = OUT / f"{out_stem}.speedscope.json"
        p = subprocess.run([spy, "record", "--function", "--subprocesses", "-r", str(rate), "--format", "speedscope",
                            "-o", str(out), "--"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
        if p.returncode == 0 and out.exists():
            seconds, by_self, by_total = _speedscope_top(out, top)
            return f"py-spy record --function -r {rate}, {seconds:,.1f} s of samples", out, seconds, by_self, by_total
        print("py-spy failed; falling back to cProfile:\n" + p.stderr.decode()[-800:], file=sys.stderr)
    out = OUT / f"{out_stem}.pstats"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "honestlint"] + cmd[1:], check=False, env=ENV,
                   stdout=subprocess.DEVNULL)
    _, by_self, by_total = _pstats_top(out, top)
    return "cProfile (deterministic; inflates call-heavy code)", out, 0.0, by_self, by_total


def _table(title: str, rows: list, col: str) -> list[str]:
    out = ["", title, "", f"| # | function | {col} |", "|---|---|---:|"]
    return out + [f"| {i} | `{name}` | {share:.1%} |" for i, (name, share) in enumerate(rows, 1)]


def profile(listings: int, top: int, rule_sample: int) -> str:
    catalog = ensure_catalog(listings)
    jobs = jobs_option()
    one = [jobs, "1"] if jobs else []  # one process: a clean profile, no pickling between workers
    base = honestlint_cmd() + ["--format", "json", "--exit-zero", "-o", os.devnull, "--as-of", AS_OF] + one
    base += [cache_option()] if cache_option() else []  # profile the linting, not a replay
    print(f"profiling honestlint over {listings} listings ...", file=sys.stderr, flush=True)
    tool, out, _, by_self, by_total = _profile_one(base + [str(catalog)], f"profile-{listings}", 100, top)
    lines = [f"### Profile: `honestlint{' ' + ' '.join(one) if one else ''}` over {listings:,} listings ({tool})", "",
             f"Raw profile: `{out.relative_to(ROOT)}` (https://www.speedscope.app/ opens it)."]
    lines += _table("Hot spots by own time:", by_self, "self")
    lines += _table("honestlint functions by inclusive time (callees included):", by_total, "total")
    print("profiling start-up (no-candidate file) ...", file=sys.stderr, flush=True)
    files = startup_files()
    tool, out, _, by_self, by_total = _profile_one(base + [str(files["no candidate"])], "profile-startup", 1000, min(top, 12))
    lines += ["", f"### Profile: start-up, one listing with no candidate ({tool})", "",
              f"Raw profile: `{out.relative_to(ROOT)}`."]
    lines += _table("By own time:", by_self, "self")
    lines += _table("honestlint functions by inclusive time:", by_total, "total")
    print(f"per-rule costs over {rule_sample} listings ...", file=sys.stderr, flush=True)
    lines += ["", rule_costs(listings, rule_sample, top)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)  # one `--help` subprocess per run, not one per use
def jobs_option() -> str | None:
    """'-j' or '--jobs' if `honestlint check --help` offers one, else None."""
    p = subprocess.run(honestlint_cmd() + ["check", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)
    text = p.stdout.decode("utf-8", "replace")
    if re.search(r"(^|[\s,])-j\b", text):
        return "-j"
    if "--jobs" in text:
        return "--jobs"
    return None


@functools.lru_cache(maxsize=None)
def cache_option() -> str | None:
    """'--no-cache' if this honestlint keeps a result cache (every measured run but the cache
    rows must lint afresh: the benchmark's runs repeat the same file)."""
    p = subprocess.run(honestlint_cmd() + ["check", "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV)
    return "--no-cache" if "--no-cache" in p.stdout.decode("utf-8", "replace") else None


def edited_catalog(catalog: Path, every: int = 100) -> Path:
    """The catalog with every `every`-th listing's title changed: what a CI gate sees the day
    after a small catalog update (the other listings unchanged, byte for byte)."""
    out = catalog.with_name(catalog.stem + f"-edited-{every}.jsonl")
    if out.exists() and out.stat().st_mtime >= catalog.stat().st_mtime:
        return out
    with open(catalog, "rb") as src, open(out, "wb") as dst:
        for number, line in enumerate(src):
            if number % every == 0 and line.strip():
                listing = json.loads(line)
                listing["title"] = "新款 " + listing.get("title", "")
                line = json.dumps(listing, ensure_ascii=False).encode("utf-8") + b"\n"
            dst.write(line)
    return out


def cache_runs(base: list[str], catalog: Path, runs: int) -> list[tuple[str, dict]]:
    """The result cache: the first run (filling it), a run over the same catalog, and one over
    the catalog with 1% of its listings edited, each from the filled cache."""
    filled, work = OUT / "result-cache-filled", OUT / "result-cache"
    cmd = [c for c in base if c != "--no-cache"]
    env = {k: v for k, v in (ENV or os.environ).items() if k != "HONESTLINT_NO_CACHE"}

    def timed(label: str, target: Path, start_from: Path | None) -> dict:
        results = []
        for i in range(runs):
            shutil.rmtree(work, ignore_errors=True)
            if start_from is not None:
                shutil.copytree(start_from, work)
            r = measure(cmd + ["--cache-dir", str(work), str(target)], env)
            if r.rc != 0:
                sys.exit(f"{label}: exit code {r.rc}\n{r.stderr[-2000:]}")
            results.append(r)
            print(f"  {label} run {i + 1}/{runs}: {r.wall:.2f} s wall", file=sys.stderr, flush=True)
        return _summary(results)

    rows = [("honestlint, first run: filling the result cache", timed("filling", catalog, None))]
    shutil.rmtree(filled, ignore_errors=True)
    shutil.copytree(work, filled)
    rows.append(("honestlint, result cache, catalog unchanged", timed("unchanged", catalog, filled)))
    rows.append(("honestlint, result cache, 1% of listings edited", timed("1% edited", edited_catalog(catalog), filled)))
    return rows


def catalog_summary(path: Path) -> dict:
    langs: dict[str, int] = {}
    n = 0
    size = path.stat().st_size
    with open(path, "rb") as fh:
        for i, line in enumerate(fh):
            if i < 20000:  # a sample is enough for the language mix
                m = re.search(rb'"lang":"([^"]+)"', line)
                lang = m.group(1).decode() if m else "(none)"
                langs[lang] = langs.get(lang, 0) + 1
            n += 1
    return {"listings": n, "bytes": size, "langs": langs}


def fmt_int(x: float) -> str:
    return f"{x:,.0f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="honestlint benchmark (see bench/README.md)")
    ap.add_argument("--listings", type=int, default=100_000, help="catalog size (default 100000)")
    ap.add_argument("--huge", action="store_true", help="use the 1,000,000-listing catalog")
    ap.add_argument("--runs", type=int, default=3, help="runs per throughput measurement (median; default 3)")
    ap.add_argument("--startup-runs", type=int, default=5, help="runs per start-up case (median; default 5)")
    ap.add_argument("--skip-startup", action="store_true", help="skip the start-up and import-time measurements")
    ap.add_argument("--skip-throughput", action="store_true", help="skip the catalog runs (start-up only)")
    ap.add_argument("--profile", action="store_true", help="also profile honestlint (py-spy) and print the hot spots")
    ap.add_argument("--profile-only", action="store_true", help="only profile")
    ap.add_argument("--profile-listings", type=int, default=20_000)
    ap.add_argument("--top", type=int, default=15, help="hot spots / import entries to show")
    ap.add_argument("--snapshot", nargs="?", const="fresh", choices=("fresh", "keep"),
                    help="measure a copy of honestlint/ and rules/ taken at the start (for a tree others are editing); "
                         "'--snapshot keep' reuses the copy of an earlier run")
    ap.add_argument("--peers", action="store_true",
                    help="also measure other linters (proselint) on the same English copy as honestlint")
    ap.add_argument("--peer-listings", type=int, default=5000, help="English listings for --peers (default 5000)")
    ap.add_argument("--floor-worker", metavar="FILE", help=argparse.SUPPRESS)
    ap.add_argument("--rule-costs-worker", nargs=2, metavar=("FILE", "N"), help=argparse.SUPPRESS)
    ap.add_argument("--rule-cost-listings", type=int, default=3000,
                    help="listings linted in-process for the per-rule cost table of --profile (default 3000)")
    args = ap.parse_args(argv)

    if args.floor_worker:
        floor_worker(args.floor_worker)
        return 0
    if args.rule_costs_worker:
        rule_costs_worker(args.rule_costs_worker[0], int(args.rule_costs_worker[1]))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    # Children start in bench/out/: `python -c`/`-m` put the working directory first on sys.path,
    # which would shadow the snapshot with /work/main/honestlint. Every path used is absolute.
    os.chdir(OUT)
    if args.snapshot:
        make_snapshot(fresh=args.snapshot == "fresh")
        print(f"measuring snapshot {SNAPSHOT['sha1']} ({SNAPSHOT['path']})", file=sys.stderr)
    listings = 1_000_000 if args.huge else args.listings
    cores = os.cpu_count() or 1
    nproc = subprocess.run(["nproc"], stdout=subprocess.PIPE).stdout.decode().strip() if shutil.which("nproc") else str(cores)
    version = subprocess.run([sys.executable, "-c", "import honestlint; print(honestlint.__version__)"], env=ENV,
                             stdout=subprocess.PIPE).stdout.decode().strip() or "?"

    machine = (f"{nproc} cores (`nproc`), Python {platform.python_version()}, {platform.system()} {platform.machine()}")
    provenance = (f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {machine}, honestlint {version}"
                  + (f" (snapshot {SNAPSHOT['sha1']} of honestlint/ + rules/, taken {SNAPSHOT['taken']})" if SNAPSHOT else "")
                  + ".")
    if args.profile_only:
        text = provenance + "\n\n" + profile(args.profile_listings, args.top, args.rule_cost_listings)
        (OUT / "profile.md").write_text(text, encoding="utf-8")
        print(text)
        return 0

    printed: list[str] = []

    if not args.skip_throughput:
        catalog = ensure_catalog(listings)
        summary = catalog_summary(catalog)
        mb = summary["bytes"] / 1e6
        n = summary["listings"]
        sample = sum(summary["langs"].values())
        mix = ", ".join(f"{k} {v / sample:.0%}" for k, v in sorted(summary["langs"].items(), key=lambda kv: -kv[1]))
        no_cache = cache_option()
        base = honestlint_cmd() + ["--format", "json", "--exit-zero", "-o", os.devnull, "--as-of", AS_OF]
        base += [no_cache] if no_cache else []
        variants = [("honestlint" + (" (default jobs)" if jobs_option() else ""), base + [str(catalog)])]
        jobs = jobs_option()
        if jobs:
            for j in sorted({1, cores}):
                variants.append((f"honestlint {jobs} {j}", base + [jobs, str(j), str(catalog)]))
        rows = []
        for label, cmd in variants:
            print(f"{label}: {n} listings ...", file=sys.stderr, flush=True)
            rows.append((label, median_run(cmd, args.runs, label)))
        if no_cache:
            print("result cache ...", file=sys.stderr, flush=True)
            rows += cache_runs(base, catalog, args.runs)
        print("floor ...", file=sys.stderr, flush=True)
        floor_runs = []
        floor_rss = []
        for i in range(args.runs):
            r = measure([sys.executable, str(Path(__file__).resolve()), "--floor-worker", str(catalog)])
            if r.rc != 0:
                sys.exit("floor worker failed:\n" + r.stderr[-2000:])
            info = json.loads(r.stdout.strip().splitlines()[-1])
            floor_runs.append(info)
            floor_rss.append(r.maxrss_mb)
            print(f"  floor run {i + 1}/{args.runs}: {info['seconds']:.2f} s", file=sys.stderr, flush=True)
        floor_s = statistics.median(f["seconds"] for f in floor_runs)
        floor_cpu = statistics.median(f.get("cpu", f["seconds"]) for f in floor_runs)
        info = floor_runs[-1]

        table = [
            f"### Throughput: {n:,} listings",
            "",
            f"`python bench/run.py{' --listings ' + str(listings) if listings != 100_000 else ''}"
            f"{' --snapshot' if SNAPSHOT else ''}`. {provenance} Whole process, "
            f"{'median of ' + str(args.runs) + ' runs' if args.runs > 1 else 'a single run'}; "
            f"on a shared machine runs vary by ±10–25% (CPU time is the steadier figure).",
            "",
            f"Catalog: `{catalog.relative_to(ROOT)}`, {n:,} listings, {mb:.1f} MB of JSON Lines "
            f"({summary['bytes'] / n:,.0f} B/listing; lang field: {mix}), about 20% with a violation; `--as-of {AS_OF}`, "
            f"`--format json -o /dev/null`.",
            "",
            "| run | wall time | listings/s | MB/s | CPU time | peak RSS | wall × floor | CPU × floor |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for label, res in rows:
            table.append(f"| `{label}` | {res['wall']:.1f} s | {fmt_int(n / res['wall'])} | {mb / res['wall']:.2f} | "
                         f"{res['cpu']:.1f} s | {res['rss']:.0f} MB | {res['wall'] / floor_s:.0f}× | {res['cpu'] / floor_cpu:.0f}× |")
        if not jobs:
            table.append("| `honestlint -j N` | n/a: `honestlint check --help` has no `--jobs`/`-j` | | | | | | |")
        table.append(f"| floor: orjson parse + one overlapping ahocorasick_rs scan | {floor_s:.2f} s | {fmt_int(n / floor_s)} | "
                     f"{mb / floor_s:.1f} | {floor_cpu:.2f} s | {statistics.median(floor_rss):.0f} MB | 1× | 1× |")
        table += [
            "",
            f"The floor reads the same file, parses every line with orjson and scans every copy field (title, subtitle, "
            f"description with its HTML, bullets, promotion texts and terms, review texts; lower-cased) once with one "
            f"overlapping Aho-Corasick automaton of all {info['literals']} rule literals ({info['fields']:,} fields, "
            f"{info['chars'] / 1e6:.1f} M characters, {info['matches']:,} literal matches). Its time is measured inside the "
            f"process, after loading the rules; honestlint's is the whole process, start-up included. "
            f"The ratios divide honestlint's wall (CPU) time by the floor's.",
            "",
            "Every run lints afresh (`--no-cache`) except the result-cache rows (default jobs): the first run fills an "
            "empty cache; the next two start from that filled cache, over the same catalog and over a copy with every "
            "100th listing's title changed.",
        ]
        text = "\n".join(table) + "\n"
        (OUT / f"results-throughput-{n}.md").write_text(text, encoding="utf-8")
        printed.append(text)

    if not args.skip_startup:
        files = startup_files()
        srows = ["| one-listing file | wall time | CPU time | peak RSS | tokenizers imported |", "|---|---:|---:|---:|---|"]
        for name, path in files.items():
            print(f"start-up: {name} ...", file=sys.stderr, flush=True)
            loaded = imported_tokenizers(path)
            cmd = honestlint_cmd() + ["--format", "json", "--exit-zero", "-o", os.devnull, "--as-of", AS_OF, str(path)]
            if cache_option():
                cmd.insert(-1, "--no-cache")
            res = median_run(cmd, args.startup_runs, name, warmup=True)
            srows.append(f"| {name} (`{path.relative_to(ROOT)}`) | {res['wall'] * 1000:.0f} ms | {res['cpu'] * 1000:.0f} ms | {res['rss']:.0f} MB | "
                         f"{', '.join(loaded) or 'none'} |")
        floor_py = median_run([sys.executable, "-c", "pass"], args.startup_runs, "python -c pass", warmup=True)
        srows.append(f"| reference: `python -c pass` | {floor_py['wall'] * 1000:.0f} ms | {floor_py['cpu'] * 1000:.0f} ms | {floor_py['rss']:.0f} MB | |")
        total, imports = import_times(args.top)
        irows = [f"`python -X importtime -c \"import honestlint.cli\"`: {total:.0f} ms in all; top {len(imports)} by "
                 f"cumulative time:", "", "| module | cumulative | self |", "|---|---:|---:|"]
        irows += [f"| `{name}` | {cum:.1f} ms | {own:.1f} ms |" for cum, own, name in imports]
        text = ("### Start-up\n\n" + provenance + " Whole `honestlint` process including interpreter start-up, "
                f"median of {args.startup_runs} (after one untimed run).\n\n" + "\n".join(srows) + "\n\n" + "\n".join(irows) + "\n")
        (OUT / "results-startup.md").write_text(text, encoding="utf-8")
        printed.append(text)

    if args.peers:
        import peers

        text = peers.peer_section(ensure_catalog(listings), OUT / "peers", args.peer_listings, args.runs, median_run,
                                  honestlint_cmd(), ENV, AS_OF, provenance)
        (OUT / "results-peers.md").write_text(text, encoding="utf-8")
        printed.append(text)

    if args.profile:
        prof = provenance + "\n\n" + profile(args.profile_listings, args.top, args.rule_cost_listings)
        (OUT / "profile.md").write_text(prof, encoding="utf-8")
        printed.append(prof)

    # results.md: the latest throughput section per catalog size, the latest start-up and peers sections
    # (each says when and on what code it was measured), so a partial run updates only its part.
    throughput = sorted(OUT.glob("results-throughput-*.md"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    parts = [p.read_text(encoding="utf-8") for p in throughput + [OUT / "results-startup.md", OUT / "results-peers.md"]
             if p.exists()]
    (OUT / "results.md").write_text("## Benchmark\n\n" + "\n".join(parts), encoding="utf-8")
    print("\n".join(printed))
    print(f"(written to {(OUT / 'results.md').relative_to(ROOT)}"
          f"{' and ' + str((OUT / 'profile.md').relative_to(ROOT)) if args.profile else ''})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
