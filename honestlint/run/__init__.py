"""Stage 5: the run. Files found and excluded, listings read and linted (in worker processes
for big inputs), filtered (suppressions, per-file ignores, the baseline), cached between runs,
and fixes applied to files.

    options.py    Options, Result, UsageError: what a run is asked and what it answers
    config.py     configuration files (honestlint.config re-exports it)
    rulesets.py   the rules and compiled linter of each configuration
    files.py      the files to lint
    filters.py    suppressions, per-file ignores, the baseline
    pool.py       chunks of listings, linted in-process or in forked workers
    pipeline.py   run(): the pipeline the CLI and the Python API share (files)
    batch.py      BatchLinter: one compiled linter, batch after batch (the API, Spark)
    live.py       BufferLinter (the editor) and ListingLinter (the live page)
    store.py      a run's findings and listing ids in bounded memory
    cache.py      results of listings linted in earlier runs
    failures.py   rules that failed or timed out
    fixfiles.py   fixes applied to files

The package itself imports nothing: `honestlint.config` loads run/config.py without the
engine and its dictionaries. Import the module that holds a name."""
