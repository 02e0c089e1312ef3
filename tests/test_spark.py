"""honestlint on Spark (honestlint/spark.py) against the command line, on a real local Spark.

The findings of `honestlint --format json` and of the two-stage Spark job are compared as sets
of JSON rows, on a bench catalog that holds copied reviews and on the shared corpus, with the
listings dealt over 1, 2 and 8 partitions: a copied review whose copies sit in different
partitions is found only if stage 2 brings them together. Then `honestlint spark` itself
(JSON Lines and Parquet in and out, its summary) and its error without the extra.

pyspark and Java are needed: without them these tests fail, in CI always; locally
HONESTLINT_ALLOW_NO_SPARK=1 skips them (as HONESTLINT_ALLOW_NO_CORE does the parity tests).
"""
from __future__ import annotations

import collections
import datetime as _dt
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from honestlint.run.options import Options

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-11-23"
CORPUS = os.environ.get("HONESTLINT_CORPUS", os.path.join(os.path.dirname(ROOT), "shared", "eval", "corpus.jsonl"))
BENCH_LISTINGS = 3000


def _spark_or_fail():
    reason = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        reason = "pyspark is not installed (pip install -e '.[test,spark]')"
    if reason is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        reason = "no Java (apt-get install openjdk-17-jre-headless)"
    if reason is None:
        return
    if os.environ.get("HONESTLINT_ALLOW_NO_SPARK") == "1" and not os.environ.get("CI"):
        pytest.skip(f"HONESTLINT_ALLOW_NO_SPARK=1: {reason}")
    pytest.fail(f"the Spark tests need pyspark and Java: {reason} (HONESTLINT_ALLOW_NO_SPARK=1 skips them locally)")


@pytest.fixture(scope="module")
def spark():
    _spark_or_fail()
    from honestlint.spark import start_session

    session = start_session("local[2]", "honestlint-tests")
    session.conf.set("spark.sql.shuffle.partitions", "4")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory):
    """The bench catalog and the corpus as JSON Lines files."""
    where = tmp_path_factory.mktemp("spark-catalogs")
    bench = where / "bench.jsonl"
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), "--listings", str(BENCH_LISTINGS),
                    "--out", str(bench), "--quiet"], check=True)
    corpus = where / "corpus.jsonl"
    with open(CORPUS, encoding="utf-8") as source, open(corpus, "w", encoding="utf-8") as out:
        for line in source:
            if line.strip():
                record = json.loads(line)
                out.write(json.dumps(record.get("listing", record), ensure_ascii=False) + "\n")
    return {"bench": str(bench), "corpus": str(corpus)}


def _row(finding: dict) -> str:
    """A finding as one comparable JSON text (absent and null are the same)."""
    return json.dumps({k: v for k, v in finding.items() if v is not None}, sort_keys=True, ensure_ascii=False)


def cli_findings(path: str, *args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "honestlint", "--isolated", "--no-cache", "--as-of", AS_OF,
                          "--exit-zero", "--format", "json", *args, path], capture_output=True, text=True, check=True)
    return sorted(_row(f) for f in json.loads(out.stdout)["findings"])


def spark_findings(frame) -> list[str]:
    return sorted(_row(r.asDict(recursive=True)) for r in frame.collect())


def _spec(path: str, **options):
    from honestlint.run import config as cfgmod
    from honestlint.spark import LintSpec

    return LintSpec.build(Options(isolated=True, as_of=_dt.date.fromisoformat(AS_OF), **options), cfgmod.Config(), path)


@pytest.fixture(scope="module")
def expected(catalogs):
    return {name: cli_findings(path) for name, path in catalogs.items()}


@pytest.mark.parametrize("source", ["bench", "corpus"])
@pytest.mark.parametrize("partitions", [1, 2, 8])
def test_same_findings_as_the_command_line_at_any_partitioning(spark, catalogs, expected, source, partitions):
    from honestlint.spark import lint_rows, read_json_lines

    path = catalogs[source]
    rows = read_json_lines(spark, path).repartition(partitions)  # listings dealt round-robin
    assert rows.getNumPartitions() == partitions
    found, linted = lint_rows(spark, rows, _spec(path))
    got = spark_findings(found)
    linted.unpersist()
    want = expected[source]
    assert want, "the command line found nothing: nothing is compared"
    if source == "bench":
        copied = [r for r in want if json.loads(r)["rule"] == "review-copied"]
        assert copied, "the bench catalog holds no copied reviews: stage 2 is not tested"
    missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
    assert (missing[:3], extra[:3]) == ([], []) and got == want


def test_a_worker_compiles_the_rules_once_not_once_per_partition(spark, catalogs):
    from honestlint import spark as hs

    spec = _spec(catalogs["corpus"])
    shipped = spark.sparkContext.broadcast(spec)

    def linters(part):
        list(part)
        return [(os.getpid(), id(hs.compiled(shipped.value)))]

    seen = spark.sparkContext.parallelize(range(16), 16).mapPartitions(linters).collect()
    by_process = collections.defaultdict(set)
    for pid, linter in seen:
        by_process[pid].add(linter)
    assert len(seen) == 16 and all(len(linters) == 1 for linters in by_process.values())
    assert len(by_process) < 16  # workers are reused across partitions


def test_a_dataframe_through_the_configurations_field_map(spark, catalogs, tmp_path):
    # The bench catalog as another platform's export (`item_name` for `title`), read through
    # a configuration's [fields]: the findings of the command line with that configuration.
    from honestlint.spark import lint_dataframe

    renamed = tmp_path / "export.jsonl"
    with open(catalogs["bench"], encoding="utf-8") as source, open(renamed, "w", encoding="utf-8") as out:
        for line in list(source)[:400]:
            out.write(line.replace('"title":', '"item_name":', 1))
    config = tmp_path / "honestlint.toml"
    config.write_text('[fields]\ntitle = "item_name"\n', encoding="utf-8")
    want = cli_findings(str(renamed), "--config", str(config))
    assert any(json.loads(r)["field"] == "title" for r in want)
    lines = [(str(renamed), n, text) for n, text in enumerate(renamed.read_text(encoding="utf-8").splitlines(), 1)]
    frame = spark.createDataFrame(lines, "file string, line long, json string").repartition(3)
    got = spark_findings(lint_dataframe(frame, config=str(config), as_of=_dt.date.fromisoformat(AS_OF)))
    assert got == want


def test_a_dataframe_of_listings_in_columns(spark):
    import honestlint
    from honestlint.spark import lint_dataframe

    listings = [{"id": f"sku-{n}", "title": title, "shipping": {"fee": fee}}
                for n, (title, fee) in enumerate([("全网最低价 包邮", 10.0), ("纯棉T恤 包邮", 0.0), ("Best price ever, free shipping", 8.0)])]
    frame = spark.createDataFrame(listings, "id string, title string, shipping struct<fee: double>")
    as_of = _dt.date.fromisoformat(AS_OF)
    key = lambda f: (f["listing"], f["rule"], f["field"], f["text"])  # noqa: E731
    got = sorted(key(r.asDict()) for r in lint_dataframe(frame, as_of=as_of).collect())
    want = sorted(key(f.to_dict()) for f in honestlint.lint(listings, as_of=as_of))
    assert want and got == want


def _read_output(spark, path: str, form: str) -> list[str]:
    frame = spark.read.parquet(path) if form == "parquet" else spark.read.json(path)
    return spark_findings(frame)


def _summary_counts(output: str) -> dict[str, int]:
    counts = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].replace(",", "").isdigit():
            counts[parts[0]] = int(parts[1].replace(",", ""))
    return counts


@pytest.mark.parametrize("out_name", ["findings.parquet", "findings.jsonl"])
def test_the_command_reads_json_lines_and_writes_parquet_or_json_lines(spark, catalogs, expected, tmp_path, out_name):
    from honestlint.cli import main

    out = tmp_path / out_name
    result = CliRunner().invoke(main, ["spark", catalogs["bench"], str(out), "--master", "local[2]", "--isolated",
                                       "--as-of", AS_OF, "--partitions", "3"])
    assert result.exit_code == 0, result.output
    form = "parquet" if out_name.endswith(".parquet") else "jsonl"
    assert _read_output(spark, str(out), form) == expected["bench"]
    by_category = collections.Counter(json.loads(r)["category"] for r in expected["bench"])
    counts = _summary_counts(result.output)
    assert counts.pop("total") == len(expected["bench"]) and counts == dict(by_category)
    # An existing output is not replaced without --overwrite: a one-line error, exit 2.
    again = CliRunner().invoke(main, ["spark", catalogs["bench"], str(out), "--isolated"])
    assert again.exit_code == 2 and "--overwrite" in again.output and "Traceback" not in again.output


def test_the_command_reads_parquet_and_honours_the_selection(spark, catalogs, tmp_path):
    from honestlint.cli import main

    source = tmp_path / "catalog.parquet"
    lines = open(catalogs["corpus"], encoding="utf-8").read().splitlines()
    spark.createDataFrame([(n, text) for n, text in enumerate(lines, 1)], "line long, json string") \
        .write.parquet(str(source))
    out = tmp_path / "found.jsonl"
    result = CliRunner().invoke(main, ["spark", str(source), str(out), "--isolated", "--as-of", AS_OF,
                                       "--select", "spec-mismatch,price-reference", "--ignore", "spec-colour"])
    assert result.exit_code == 0, result.output
    want = [json.loads(r) for r in cli_findings(catalogs["corpus"], "--select", "spec-mismatch,price-reference",
                                                 "--ignore", "spec-colour")]
    assert want and {f["category"] for f in want} <= {"spec-mismatch", "price-reference"}
    for finding in want:
        finding["file"] = str(source)  # the same rows, named by the Parquet file
    assert _read_output(spark, str(out), "jsonl") == sorted(_row(f) for f in want)


def test_without_the_extra_one_line_and_its_own_exit_code(tmp_path):
    # pyspark made unimportable in a fresh interpreter: the message names the extra.
    code = ("import sys; sys.modules['pyspark'] = None; from honestlint.cli import run; "
            f"sys.argv = ['honestlint', 'spark', {os.path.join(ROOT, 'examples', 'listing.json')!r}, "
            f"{str(tmp_path / 'out.parquet')!r}]; run()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 5
    assert done.stderr.strip() == "honestlint: error: honestlint spark needs the spark extra: pip install 'honestlint[spark]'"
