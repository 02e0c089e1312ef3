"""honestlint on Apache Spark: lint a catalog held in a DataFrame, on a cluster, with the same
findings as the command line gives for the same listings (`pip install 'honestlint[spark]'`).

    from honestlint.spark import lint_dataframe
    findings = lint_dataframe(listings_df, config="honestlint.toml", as_of=date(2026, 11, 23))

Two stages, because a copied review is a fact about the whole catalog, not about a partition:

1. Each partition's listings are linted (mapPartitions) by a BatchLinter (run/batch.py), which
   gives the per-listing findings and, for every long text a `duplicate` rule compares (the
   reviews), a record (digest, rule id, key, row) as engine/catalog.py describes.
2. The records are shuffled by digest, so every copy of a text meets in one group wherever its
   listings were, and `catalog.copied_findings` (the function the command line's
   Linter.finish uses) turns each text's group into findings.

The settings (selection, --as-of, the configuration, and the bytes of the user's rule files,
which executors may not have on disk) travel to the executors once, as a broadcast LintSpec;
each Python worker compiles it once and keeps it (`_compiled`, keyed by the spec's hash), so a
partition costs its listings only.

A listing's place: a DataFrame with a string column `json` (each listing's JSON text) and
optional `file` and `line` columns is linted as those lines of that file (what
`read_json_lines` gives, so findings point where the command line points); any other DataFrame
is taken as listings in columns, each row written as one line of JSON, its line the row's
number. `honestlint spark INPUT OUTPUT` (cli.py) is `run_command` here.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import os
import pickle
import sys
import tempfile
import time
from typing import Iterable, Iterator, Mapping

from .core.finding import Finding
from .engine.catalog import copied_findings, records_by_text
from .input import Record
from .run import config as cfgmod
from .run.batch import BatchLinter
from .run.options import Options, UsageError

# What a user is told when pyspark (or the JVM it runs on) is not there.
NEEDS_EXTRA = "honestlint spark needs the spark extra: pip install 'honestlint[spark]'"
NEEDS_JAVA = "honestlint spark needs Java 17 or later (java on PATH or JAVA_HOME), which Spark runs on"
# Records linted per BatchLinter call in a partition (as the command line's chunks).
CHUNK = 400
# Findings columns: Finding's fields in order, as `honestlint --format json` names them.
COLUMNS = [f.name for f in dataclasses.fields(Finding)]

# Tags of what stage 1 emits.
_FINDING, _RECORD, _ERROR = 0, 1, 2


class SparkUnavailable(Exception):
    """pyspark is not installed or Spark cannot start (no Java): the message says which."""


def _pyspark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(NEEDS_EXTRA) from None
    return SparkSession


def findings_schema():
    """The Spark schema of findings: `honestlint --format json`'s fields, fix as a struct."""
    from pyspark.sql.types import (ArrayType, LongType, StringType, StructField, StructType)

    edit = StructType([StructField(name, LongType() if name in ("offset", "end_offset", "line", "column", "end_line",
                                                                "end_column") else StringType())
                       for name in ("offset", "end_offset", "content", "line", "column", "end_line", "end_column",
                                    "raw")])
    fix = StructType([StructField("applicability", StringType()), StructField("message", StringType()),
                      StructField("edits", ArrayType(edit))])
    numbers = {"line", "column", "end_line", "end_column", "fact_line", "fact_column", "offset", "end_offset"}
    return StructType([StructField(name, fix if name == "fix" else LongType() if name in numbers else StringType(),
                                   nullable=True) for name in COLUMNS])


# --- the settings executors compile ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LintSpec:
    """Everything an executor needs to compile the driver's linter, with no file of the
    driver's: the options, the configuration (its `rules` emptied), and the user's rule files
    as bytes (directory number, path inside it, content)."""

    options: tuple           # (select, ignore, extend_select, as_of, lang, default_lang)
    config: cfgmod.Config
    rule_files: tuple        # ((directory number, relative path, bytes), ...)
    ignored: tuple           # the input's per-file ignores

    @property
    def key(self) -> str:
        return hashlib.blake2b(pickle.dumps(self, protocol=4), digest_size=16).hexdigest()

    @classmethod
    def build(cls, options: Options, cfg: cfgmod.Config, input_name: str) -> "LintSpec":
        from .ruleset.load import rule_files

        dirs = [d if os.path.isabs(d) else os.path.join(cfg.root, d) for d in cfg.rules] + list(options.rule_dirs)
        files = []
        for number, directory in enumerate(dirs):
            for path in rule_files(directory):  # raises RuleError for a missing directory
                rel = os.path.basename(path) if os.path.isfile(directory) else os.path.relpath(path, directory)
                with open(path, "rb") as fh:
                    files.append((number, rel, fh.read()))
        shipped = dataclasses.replace(cfg, rules=[])
        return cls((options.select, tuple(options.ignore), tuple(options.extend_select), options.as_of, options.lang,
                    options.default_lang), shipped, tuple(files), tuple(cfg.ignores_for(input_name)))

    def compile(self) -> BatchLinter:
        """The BatchLinter of this spec, its rule files written to a directory of this process."""
        select, ignore, extend_select, as_of, lang, default_lang = self.options
        rule_dirs = []
        if self.rule_files:
            root = tempfile.mkdtemp(prefix="honestlint-rules-")
            for number, rel, content in self.rule_files:
                path = os.path.join(root, str(number), rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as fh:
                    fh.write(content)
            rule_dirs = [os.path.join(root, str(n)) for n in sorted({n for n, _, _ in self.rule_files})]
        options = Options(select=list(select) if select is not None else None, ignore=list(ignore),
                          extend_select=list(extend_select), rule_dirs=rule_dirs, as_of=as_of, lang=lang,
                          default_lang=default_lang)
        return BatchLinter(options, self.config)


# Compiled linters of this Python process (an executor's worker, reused across its tasks), by
# LintSpec.key: compiled once per process, not once per partition.
_compiled: dict[str, BatchLinter] = {}


def compiled(spec: LintSpec) -> BatchLinter:
    key = spec.key
    batch = _compiled.get(key)
    if batch is None:
        batch = _compiled[key] = spec.compile()
    return batch


# --- the two stages -----------------------------------------------------------------------------


def _lint_partition(spec_broadcast, rows: Iterable) -> Iterator[tuple]:
    """Stage 1 on one partition of (file, line, number, json) rows: (tag, item) for every
    finding row, duplicate record and input error."""
    spec = spec_broadcast.value
    batch = compiled(spec)
    chunk: list[Record] = []

    def lint(chunk):
        result = batch.lint_records(chunk, list(spec.ignored))
        for finding in result.findings:
            yield _FINDING, finding.as_row()
        for record in result.catalog_state or ():
            yield _RECORD, record
        for error in result.errors:
            yield _ERROR, str(error)

    for file, line, number, text in rows:
        if text is None or not text.strip():
            continue
        chunk.append(Record(file, text, line, 1, number))
        if len(chunk) >= CHUNK:
            yield from lint(chunk)
            chunk = []
    if chunk:
        yield from lint(chunk)


def _copied(records: Iterable[tuple]) -> Iterator[tuple]:
    """Stage 2 on one digest's records: the findings rows of its copied texts."""
    for rows in records_by_text(records):
        for finding in copied_findings(rows):
            yield finding.as_row()


def _listing_rows(df):
    """(file, line, number, json) rows of a DataFrame of listings (see the module's docstring)."""
    from pyspark.sql import functions as F

    if "json" in df.columns and dict(df.dtypes)["json"] == "string":
        file = F.col("file") if "file" in df.columns else F.lit("<spark>")
        if "line" in df.columns:
            line = F.col("line").cast("long")
            number = F.col("number").cast("long") if "number" in df.columns else line
            return df.select(file, line, number, F.col("json")).rdd.map(tuple)
        jsons = df.select(file, F.col("json")).rdd
    else:
        jsons = df.select(F.lit("<spark>"), F.to_json(F.struct(*[F.col(c) for c in df.columns]))).rdd
    # Rows numbered in order, as the lines of one JSON Lines file.
    return jsons.zipWithIndex().map(lambda pair: (pair[0][0], pair[1] + 1, pair[1] + 1, pair[0][1]))


def lint_rows(spark, rows, spec: LintSpec, errors: list | None = None):
    """The findings DataFrame of an RDD of (file, line, number, json) rows: stage 1, then the
    copied texts grouped by digest (stage 2). `errors` collects the input errors' messages."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    spec_broadcast = sc.broadcast(spec)
    linted = rows.mapPartitions(lambda part: _lint_partition(spec_broadcast, part))
    # Stage 1 feeds both the findings and the shuffle: kept, not linted twice.
    linted.persist(StorageLevel.MEMORY_AND_DISK)
    if errors is not None:
        errors.extend(item for tag, item in linted.filter(lambda t: t[0] == _ERROR).collect())
    findings = linted.filter(lambda t: t[0] == _FINDING).map(lambda t: t[1])
    partitions = max(1, min(rows.getNumPartitions(), int(spark.conf.get("spark.sql.shuffle.partitions", "200"))))
    copied = (linted.filter(lambda t: t[0] == _RECORD)
              .map(lambda t: (int.from_bytes(t[1][0], "big"), t[1]))   # an int: hashed alike in every worker
              .groupByKey(partitions)
              .flatMap(lambda pair: _copied(pair[1])))
    # The rows are Finding.as_row() in schema order: not verified again one by one.
    return spark.createDataFrame(findings.union(copied), findings_schema(), verifySchema=False), linted


def lint_dataframe(df, config: "cfgmod.Config | Mapping | str | None" = None, *, select: Iterable[str] | None = None,
                   ignore: Iterable[str] | None = None, as_of: _dt.date | None = None,
                   rules: Iterable[str] | None = None, fields: Mapping | None = None, lang: str | None = None):
    """The findings of a DataFrame of listings, as a DataFrame with the columns of
    `honestlint --format json` (COLUMNS). `config` is a Config, a `[tool.honestlint]`-style
    mapping or a TOML file's path; `fields` a field map as `[tool.honestlint.fields]` (it
    replaces the configuration's). Copied reviews are found across the whole DataFrame."""
    options, cfg = api_options(config, select, ignore, as_of, rules, fields, lang)
    spec = LintSpec.build(options, cfg, "<spark>")
    compiled(spec)  # a bad selection or rule file fails here, on the driver, not in a task
    found, _ = lint_rows(df.sparkSession, _listing_rows(df), spec)
    return found


def api_options(config, select, ignore, as_of, rules, fields=None, lang=None) -> tuple[Options, cfgmod.Config]:
    options = Options(select=list(select) if select else None, ignore=list(ignore or ()), rule_dirs=list(rules or ()),
                      as_of=as_of or _dt.date.today(), lang=lang)
    if config is None:
        cfg = cfgmod.Config()
    elif isinstance(config, cfgmod.Config):
        cfg = config
    elif isinstance(config, Mapping):
        cfg = cfgmod.parse("<config>", "", dict(config))
    else:
        cfg = cfgmod.load_config_file(str(config)) or cfgmod.Config(path=str(config))
    if fields is not None:
        cfg = dataclasses.replace(cfg, fields=dict(fields))
    return options, cfg


# --- reading and writing files --------------------------------------------------------------------


def read_json_lines(spark, path: str, partitions: int | None = None):
    """A JSON Lines file as (file, line, number, json) rows, numbered as the command line
    numbers them (line: the line in the file; number: the non-blank line's count, for ids of
    listings that have none), so that findings point at the same places."""
    sc = spark.sparkContext
    lines = sc.textFile(path, minPartitions=partitions or sc.defaultMinPartitions)
    # One pass counts each partition's lines and non-blank lines; the second numbers them.
    counts = lines.mapPartitions(lambda part: [_count(part)]).collect()
    starts, line, number = [], 0, 0
    for total, filled in counts:
        starts.append((line, number))
        line, number = line + total, number + filled
    name = "<stdin>" if path == "-" else path

    def number_partition(index, part):
        line, number = starts[index]
        for text in part:
            line += 1
            if line == 1 and text.startswith("\ufeff"):
                text = text[1:]
            text = text.rstrip("\r")
            if text.strip():
                number += 1
                yield name, line, number, text

    return lines.mapPartitionsWithIndex(number_partition)


def _count(part) -> tuple[int, int]:
    total = filled = 0
    for text in part:
        total += 1
        filled += bool(text.strip())
    return total, filled


def format_of(path: str, given: str | None) -> str:
    """parquet or jsonl: `given`, else by the path's extension."""
    if given:
        return given
    base = path.rstrip("/").lower()
    if base.endswith(".parquet"):
        return "parquet"
    if base.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise UsageError(f"cannot tell the format of {path!r} from its extension; give --format parquet or jsonl")


def start_session(master: str, app_name: str = "honestlint"):
    """A SparkSession (local[*] by default) set up for linting: the workers run this Python."""
    SparkSession = _pyspark()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        spark = (SparkSession.builder.master(master).appName(app_name)
                 .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                 .config("spark.python.worker.reuse", "true")
                 .getOrCreate())
    except Exception as exc:  # the JVM did not start: no java, or a broken JAVA_HOME
        if "JAVA" in str(exc).upper():
            raise SparkUnavailable(NEEDS_JAVA) from None
        raise SparkUnavailable(f"Spark did not start: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@dataclasses.dataclass
class SparkRun:
    """What `honestlint spark` did: findings per category, input errors, and the times."""

    categories: dict[str, int]
    errors: list[str]
    session_seconds: float
    job_seconds: float

    @property
    def findings(self) -> int:
        return sum(self.categories.values())


def run_command(input_path: str, output_path: str, options: Options, master: str = "local[*]",
                input_format: str | None = None, output_format: str | None = None, partitions: int | None = None,
                overwrite: bool = False) -> SparkRun:
    """`honestlint spark INPUT OUTPUT`: read listings (JSON Lines or Parquet), lint them in two
    stages, write the findings (Parquet or JSON Lines, a Spark output directory) and count them
    by category. Raises UsageError, RuleError or SparkUnavailable with a one-line message."""
    from .run.rulesets import config_for

    _pyspark()
    reads, writes = format_of(input_path, input_format), format_of(output_path, output_format)
    local = lambda path: "://" not in path  # noqa: E731 - a URI (s3a://, hdfs://) is Spark's to read
    if local(input_path) and not os.path.exists(input_path):
        raise UsageError(f"{input_path}: no such file or directory")
    if local(output_path) and os.path.exists(output_path) and not overwrite:
        raise UsageError(f"{output_path}: exists; remove it or give --overwrite")
    if options.as_of is None:
        options.as_of = _dt.date.today()
    try:
        cfg = config_for(input_path, options)
    except cfgmod.ConfigError as exc:
        raise UsageError(str(exc)) from None
    spec = LintSpec.build(options, cfg, input_path)
    compiled(spec)  # a bad selection or rule file fails before Spark starts
    started = time.perf_counter()
    spark = start_session(master)
    session_seconds = time.perf_counter() - started
    started = time.perf_counter()
    if reads == "jsonl":
        rows = read_json_lines(spark, input_path, partitions)
    else:
        frame = spark.read.parquet(input_path)
        if partitions:
            frame = frame.repartition(partitions)
        rows = _listing_rows(frame)
        if "file" not in frame.columns:  # findings name the Parquet input
            rows = rows.map(lambda r: (input_path, r[1], r[2], r[3]))
    errors: list[str] = []
    found, linted = lint_rows(spark, rows, spec, errors)
    found = found.persist()
    writer = found.write.mode("overwrite" if overwrite else "errorifexists")
    if writes == "parquet":
        writer.parquet(output_path)
    else:
        writer.json(output_path)
    categories = {row["category"]: row["count"] for row in found.groupBy("category").count().collect()}
    found.unpersist()
    linted.unpersist()
    return SparkRun(dict(sorted(categories.items())), errors, session_seconds, time.perf_counter() - started)


def summary(run: SparkRun, output_path: str) -> list[str]:
    """The lines `honestlint spark` prints: findings by category, errors, where, how long."""
    lines = [f"{category:<24} {count:>9,}" for category, count in run.categories.items()]
    lines.append(f"{'total':<24} {run.findings:>9,}")
    if run.errors:
        lines.append(f"{len(run.errors):,} input error(s), the first: {run.errors[0]}")
    lines.append(f"findings written to {output_path} (session start {run.session_seconds:.1f} s, "
                 f"job {run.job_seconds:.1f} s)")
    return lines

