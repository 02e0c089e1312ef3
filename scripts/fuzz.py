#!/usr/bin/env python3
"""Release fuzzing: the properties of tests/test_fuzz.py with many examples, plus atheris.

Not part of the default test run (it takes a long time). A release runs:

    .venv/bin/python scripts/fuzz.py                       # 20,000 examples per property
    .venv/bin/python scripts/fuzz.py --examples 2000 --only loader normalize
    .venv/bin/python scripts/fuzz.py --atheris-runs 200000 # coverage-guided bytes, if installed

Hypothesis part: every property of tests/test_fuzz.py runs under its "release" profile
(--examples inputs each; --slow-examples, if given, for the two properties that run the whole
command line per input). Atheris part (when `pip install atheris` worked): libFuzzer mutates raw bytes
that go through the loader, the engine on every listing read, and the normaliser, HTML
stripper and tokenizer on the decoded text, with the same position checks.

Prints, per property, how many inputs ran and how many failed; exits 1 if any failed.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# property name in the report -> test function in tests/test_fuzz.py
PROPERTIES = {
    "loader": "test_loader_never_raises",
    "loader-valid": "test_loader_reads_every_valid_listing",
    "normalize": "test_normalizer_offset_map",
    "tokenize": "test_tokenizer_aligned_never_raises",
    "html": "test_html_stripper_map",
    "engine": "test_engine_findings_in_bounds",
    "cli": "test_cli_on_generated_listings",
    "cli-bytes": "test_cli_on_arbitrary_input",
}


def run_hypothesis(names: list[str], examples: int, slow_examples: int | None) -> list[tuple[str, int, int, float, str]]:
    os.environ["HONESTLINT_FUZZ_PROFILE"] = "release"
    os.environ["HONESTLINT_FUZZ_EXAMPLES"] = str(examples)
    os.environ["HONESTLINT_FUZZ_SLOW_EXAMPLES"] = str(slow_examples or examples)
    sys.path.insert(0, str(ROOT / "tests"))
    warnings.filterwarnings("ignore", message="Generating overly large repr")
    import test_fuzz  # noqa: E402  (reads the environment above when imported)

    rows = []
    for name in names:
        fn = getattr(test_fuzz, PROPERTIES[name])
        key = name
        before = test_fuzz.COUNTS.get(key, 0)
        started = time.monotonic()
        failure = ""
        print(f"[fuzz] {name}: running ...", flush=True)
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001 - report every failure, keep going
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = "".join(traceback.format_exception(exc))[-4000:]
        ran = test_fuzz.COUNTS.get(key, 0) - before
        seconds = time.monotonic() - started
        rows.append((name, ran, 1 if failure else 0, seconds, failure))
        status = "FAILED" if failure else "ok"
        print(f"[fuzz] {name}: {ran} inputs, {status}, {seconds:.0f} s", flush=True)
        if failure:
            print(failure, flush=True)
    return rows


# --------------------------------------------------------------------------- atheris


def atheris_child(argv: list[str]) -> None:
    """Runs inside its own process: libFuzzer exits the process when it is done."""
    import atheris

    sys.path.insert(0, str(ROOT / "tests"))
    warnings.filterwarnings("ignore")
    with atheris.instrument_imports(include=["honestlint"]):
        import honestlint.engine  # noqa: F401
        import honestlint.text.html
        import honestlint.core.listing
        import honestlint.input
        import honestlint.text.normalize
        import honestlint.text.tokenize
    import tempfile

    from test_fuzz import check_findings_loose, linter

    lint = linter()
    directory = Path(tempfile.mkdtemp(prefix="honestlint-atheris-"))

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        suffix = fdp.PickValueInList([".json", ".json", ".jsonl"])
        raw = fdp.ConsumeBytes(fdp.remaining_bytes())
        path = directory / f"input{suffix}"
        path.write_bytes(raw)
        items = list(honestlint.input.load_file(str(path)))
        findings = []
        for item in items:
            if isinstance(item, honestlint.core.listing.Listing):
                findings.extend(lint.lint(item))
        findings.extend(lint.finish())
        if findings:
            text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
            check_findings_loose(findings, text)
        text = raw.decode("utf-8", "replace")
        visible, index = honestlint.text.html.strip_html(text)
        n = honestlint.text.normalize.normalize(visible)
        if n.index is not None:
            assert all(0 <= i < len(visible) for i in n.index)
        b = lint.tokenizer.boundaries(n.text)
        if n.text:
            b.aligned(0, len(n.text))
            b.aligned(len(n.text) // 2, len(n.text))

    atheris.Setup([sys.argv[0]] + argv, one_input)
    atheris.Fuzz()


def run_atheris(runs: int, seconds: int | None) -> tuple[str, int, int, float, str] | None:
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("[fuzz] atheris is not installed (pip install atheris); skipping the atheris run")
        return None
    corpus = ROOT / "examples"
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / "honestlint-atheris-artifacts"
    workdir.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, str(Path(__file__).resolve()), "--atheris-child", f"-runs={runs}",
            f"-artifact_prefix={workdir}/", "-max_len=4096", "-print_final_stats=1"]
    if seconds:
        args.append(f"-max_total_time={seconds}")
    if corpus.is_dir():
        seed = workdir / "seed"
        seed.mkdir(exist_ok=True)
        for f in corpus.iterdir():
            if f.is_file() and f.suffix in (".json", ".jsonl"):
                (seed / f.name).write_bytes(f.read_bytes())
        args.append(str(seed))
    print(f"[fuzz] atheris: {runs} runs ...", flush=True)
    started = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, errors="replace", cwd=ROOT)
    elapsed = time.monotonic() - started
    log = proc.stdout + proc.stderr
    done = re.findall(r"Done (\d+) runs", log)
    executed = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    ran = int(done[-1]) if done else int(executed[-1]) if executed else 0
    failed = proc.returncode != 0
    failure = log[-4000:] if failed else ""
    print(f"[fuzz] atheris: {ran} inputs, {'FAILED' if failed else 'ok'}, {elapsed:.0f} s", flush=True)
    if failed:
        print(failure)
    return ("atheris", ran, 1 if failed else 0, elapsed, failure)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--atheris-child":
        atheris_child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20000, help="examples per property (default 20000)")
    parser.add_argument("--slow-examples", type=int, default=None,
                        help="examples for the properties that run the whole CLI per input "
                             "(default: --examples; each takes ~0.2 s)")
    parser.add_argument("--only", nargs="*", choices=sorted(PROPERTIES) + ["atheris"],
                        help="run only these properties (atheris: only the atheris run)")
    parser.add_argument("--atheris-runs", type=int, default=20000, help="atheris runs (0: skip atheris)")
    parser.add_argument("--atheris-seconds", type=int, default=None, help="stop atheris after this many seconds")
    args = parser.parse_args()

    names = [n for n in args.only if n != "atheris"] if args.only else list(PROPERTIES)
    rows = run_hypothesis(names, args.examples, args.slow_examples) if names else []
    if args.atheris_runs and (not args.only or "atheris" in args.only):
        row = run_atheris(args.atheris_runs, args.atheris_seconds)
        if row:
            rows.append(row)

    print()
    print(f"{'property':14} {'inputs':>8} {'failures':>9} {'seconds':>8}")
    for name, ran, failed, seconds, _ in rows:
        print(f"{name:14} {ran:8} {failed:9} {seconds:8.0f}")
    total = sum(r[1] for r in rows)
    failures = sum(r[2] for r in rows)
    print(f"{'total':14} {total:8} {failures:9}")
    print(f"\n{total} inputs ran; {failures} propert{'y' if failures == 1 else 'ies'} failed.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
