"""Peers measured in the same run as honestlint (bench/run.py --peers): other linters of copy,
over the same English copy.

proselint (PyPI) is the peer here: it installs into its own virtual environment under
bench/out/peers/ (the project's environment stays as its files define it). textlint with prh
is the other peer the project compares with, but it comes from the npm registry, which this
machine's kind cannot reach; it is reported as not measured rather than left out silently.

"The same English copy": the catalog's English listings (lang "en"). honestlint lints them as
listings (JSON Lines, facts included: more work than prose alone); each peer reads the same
copy fields of each listing (title, subtitle, bullets, the description's visible text,
promotion texts and terms, review texts) as one Markdown file per listing, as a catalog
repository holding copy as documents would give it.
"""
from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_TAG = re.compile(r"<[^>]*>")


def _copy_paragraphs(listing: dict):
    def text(value):
        return html.unescape(_TAG.sub(" ", value)).strip() if isinstance(value, str) else ""

    yield "# " + text(listing.get("title"))
    for key in ("subtitle", "description"):
        if text(listing.get(key)):
            yield text(listing.get(key))
    for bullet in listing.get("bullets") or ():
        if text(bullet):
            yield "- " + text(bullet)
    for group, keys in (("promotions", ("text", "terms")), ("reviews", ("text",))):
        for item in listing.get(group) or ():
            if isinstance(item, dict):
                for key in keys:
                    if text(item.get(key)):
                        yield text(item.get(key))


def english_copy(catalog: Path, out: Path, limit: int) -> tuple[Path, Path, int]:
    """The first `limit` English listings of `catalog`: as JSON Lines (for honestlint) and as one
    Markdown file each (for the peers). Made once per catalog and limit."""
    jsonl, docs = out / f"english-{limit}.jsonl", out / f"english-{limit}"
    if not (jsonl.exists() and docs.is_dir()):
        docs.mkdir(parents=True, exist_ok=True)
        count = 0
        with open(catalog, encoding="utf-8") as src, open(jsonl, "w", encoding="utf-8") as dst:
            for line in src:
                if count >= limit:
                    break
                listing = json.loads(line)
                if listing.get("lang") != "en":
                    continue
                dst.write(line)
                (docs / f"{count:06d}.md").write_text("\n\n".join(_copy_paragraphs(listing)) + "\n", encoding="utf-8")
                count += 1
    count = sum(1 for _ in open(jsonl, encoding="utf-8"))
    return jsonl, docs, count


def ensure_proselint(out: Path) -> str | None:
    """proselint in its own environment under `out` (installed once from PyPI)."""
    venv = out / "proselint-venv"
    exe = venv / "bin" / "proselint"
    if not exe.exists():
        print("installing proselint into bench/out/peers/proselint-venv ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=False)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "proselint"], check=False)
    return str(exe) if exe.exists() else None


def proselint_version(exe: str) -> str:
    p = subprocess.run([exe, "version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    line = p.stdout.decode("utf-8", "replace").strip().splitlines()[-1] if p.stdout else "?"
    return line.split()[-1]  # "Proselint 0.16.0" -> "0.16.0"


def peer_section(catalog: Path, out: Path, limit: int, runs: int, median_run, honestlint_cmd: list[str],
                 env: dict, as_of: str, provenance: str) -> str:
    """The peers table: honestlint (default jobs and -j 1) and proselint on the same English copy."""
    out.mkdir(parents=True, exist_ok=True)
    jsonl, docs, count = english_copy(catalog, out, limit)
    files = sorted(str(p) for p in docs.glob("*.md"))
    chars = sum(os.path.getsize(f) for f in files)
    rows = []
    base = honestlint_cmd + ["--format", "json", "--exit-zero", "--no-cache", "-o", os.devnull, "--as-of", as_of]
    rows.append(("honestlint (default jobs)", median_run(base + [str(jsonl)], runs, "honestlint, English copy", env=env)))
    rows.append(("honestlint -j 1", median_run(base + ["-j", "1", str(jsonl)], runs, "honestlint -j 1, English copy", env=env)))
    notes = []
    exe = ensure_proselint(out)
    if exe:
        # proselint keeps no cache between runs in 0.16; a fresh XDG cache directory per run makes
        # sure of it. Exit 1 means it found something.
        with tempfile.TemporaryDirectory() as cache:
            peer_env = dict(env, XDG_CACHE_HOME=cache)
            peer_env.pop("PYTHONPATH", None)
            res = median_run([exe, "check", "--output-format", "compact"] + files, runs, "proselint",
                             env=peer_env, check_rc=(0, 1))
        rows.append((f"proselint {proselint_version(exe)} (`proselint check`, one process)", res))
    else:
        notes.append("proselint could not be installed from PyPI here; not measured.")
    notes.append("textlint with prh: not measured here. It installs from the npm registry, which this machine's kind "
                 "(rust-pyo3) cannot reach.")
    ours = rows[0][1]["wall"]
    lines = [
        f"### Peers: {count:,} English listings",
        "",
        f"`python bench/run.py --peers`. {provenance} Whole process, median of {runs}. The same copy: the first "
        f"{count:,} English listings of `{catalog.name}`; honestlint reads them as listings (`{jsonl.name}`, facts "
        f"included), the peers as {len(files):,} Markdown files of their copy fields ({chars / 1e6:.1f} MB).",
        "",
        "| tool | wall time | CPU time | peak RSS | listings/s | wall time ÷ honestlint's (default jobs) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, res in rows:
        lines.append(f"| {label} | {res['wall']:.2f} s | {res['cpu']:.2f} s | {res['rss']:.0f} MB | "
                     f"{count / res['wall']:,.0f} | {res['wall'] / ours:.1f}× |")
    lines += [""] + notes
    return "\n".join(lines) + "\n"
