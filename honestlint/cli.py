"""The command line: `honestlint [check] FILES`, `honestlint rules`, `explain`, `test`.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error,
3 internal error (a bug: please report it), 4 the core asked for and not built, 5 `honestlint
spark` without pyspark or Java.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import sys
import textwrap

import click

from . import init as init_config
from .core import cachedir as cache
from .core.categories import CATEGORIES, SEVERITY_RANK
from .core.rule import MESSAGE_LANGUAGES, RuleError
from .core.version import __version__
from .report import REPORTERS as _REPORTERS
from .tools.fixing import fix_files
from .tools.progress import progress_bar
from .ruleset import load_rules, select_rules

REPORTER_NAMES = tuple(_REPORTERS)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_NO_ENGINE = 4  # `--engine core` (or HONESTLINT_ENGINE=core) where the core cannot run
EXIT_NO_SPARK = 5   # `honestlint spark` without the spark extra (pyspark) or without Java


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _load(rule_dirs: tuple[str, ...], no_builtin: bool = False):
    try:
        return load_rules(rule_dirs, builtin=not no_builtin)
    except RuleError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)


def _usage_error(message: str) -> None:
    """Print a usage error once prefixed: a message that already names its file and says
    `error:` (a configuration or baseline file) is printed as it is."""
    first = message.split("\n", 1)[0]
    click.echo(message if ": error: " in first else f"honestlint: error: {message}", err=True)


class _DefaultGroup(click.Group):
    """`honestlint FILE` means `honestlint check FILE`, as with ruff. A first word that is no
    command, no file and looks like a mistyped command (`explian`) is reported as such."""

    def parse_args(self, ctx, args):
        lead = []  # the group's own --engine stays before the command `check` is put in front of
        while args and (args[0] == "--engine" or args[0].startswith("--engine=")):
            n = 1 if "=" in args[0] else 2
            lead, args = lead + list(args[:n]), list(args[n:])
        if lead:
            if not args or args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
                args = ["check"] + args
            return super().parse_args(ctx, lead + args)
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            word = args[0]
            if (not word.startswith("-") and word != "-" and not os.path.exists(word)
                    and re.fullmatch(r"[a-z][a-z-]*", word)):
                import difflib

                close = difflib.get_close_matches(word, sorted(self.commands), n=1, cutoff=0.6)
                if close or len(args) == 1 or not any(os.path.exists(a) for a in args[1:]):
                    hint = f"; did you mean '{close[0]}'?" if close else \
                        f"; commands: {', '.join(sorted(self.commands))} (or give listing files)"
                    click.echo(f"honestlint: error: no such command or file '{word}'{hint}", err=True)
                    ctx.exit(EXIT_USAGE)
            args = ["check"] + list(args)
        elif not args:
            args = ["check"]
        return super().parse_args(ctx, args)


def _set_engine(ctx, param, value):
    """--engine: which engine runs (honestlint/native.py); a core that cannot run is an error."""
    if ctx.resilient_parsing:
        return
    from .core import native
    from .text import normalize

    if value is not None:
        native.select(value)
    try:
        normalize.resolve_engine()  # loads the core's tables: a reason it cannot run shows now
    except native.EngineUnavailable as exc:
        click.echo(f"honestlint: error: {exc}", err=True)
        ctx.exit(EXIT_NO_ENGINE)


_engine_option = click.option("--engine", type=click.Choice(["core", "python"]), default=None, is_eager=True,
                              expose_value=False, callback=_set_engine,
                              help="Engine: the compiled core or pure Python (default: $HONESTLINT_ENGINE, "
                                   "else the core when it is built).")


def _print_version(ctx, param, value):
    if not value or ctx.resilient_parsing:
        return
    from .core import native
    from .text import normalize

    try:
        normalize.resolve_engine()
    except native.EngineUnavailable:
        pass  # describe() says why
    click.echo(f"honestlint {__version__} ({native.describe()})")
    ctx.exit()


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, is_eager=True, expose_value=False, callback=_print_version,
              help="Show the version and the engine that runs, and exit.")
@_engine_option
def main() -> None:
    """honestlint: find dishonest claims in e-commerce listings.

    \b
    honestlint listing.json             lint files (same as `honestlint check ...`)
    honestlint rules                    list the rules
    honestlint explain RULE-ID          a rule's rationale, references and examples
    honestlint test [--rules DIR]       run every rule's own examples
    honestlint clean                    remove the result cache
    honestlint init                     write a commented configuration to start from
    honestlint server                   diagnostics in your editor (Language Server Protocol)
    honestlint serve                    a local page that lints copy as you type
    honestlint spark IN OUT             lint a catalog on Apache Spark (the spark extra)
    """


def _parse_date(ctx, param, value):
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("expected YYYY-MM-DD") from None


# Options `check` and `serve` share: what is linted and how, defined once.
_select_option = click.option("--select", multiple=True,
                              help="Only these rules: ids, id prefixes or categories (comma-separated).")
_extend_select_option = click.option("--extend-select", multiple=True, help="Add these rules to the configured selection.")
_ignore_option = click.option("--ignore", multiple=True,
                              help="Skip these rules: ids, id prefixes or categories (comma-separated).")
_rules_option = click.option("--rules", "rule_dirs", multiple=True, type=click.Path(),
                             help="Extra rule directory (repeatable).")
_config_option = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                              help="Use this configuration file instead of searching for one.")
_isolated_option = click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
_as_of_option = click.option("--as-of", callback=_parse_date, metavar="YYYY-MM-DD",
                             help="Date that price-history and deadline windows count back from (default: today).")


def _lang_option(default_help: str):
    return click.option("--lang", type=click.Choice(list(MESSAGE_LANGUAGES)), default=None,
                        help=f"Language of messages: auto follows each listing ({default_help}).")


def _options(select, extend_select, ignore, rule_dirs, config_file, isolated, as_of, lang, default_lang, **more):
    """Options for the run from the shared options, as `check` and `serve` read them."""
    from .run.options import Options

    return Options(select=_split(select) or None, ignore=_split(ignore), extend_select=_split(extend_select),
                   rule_dirs=list(rule_dirs), as_of=as_of, config_file=config_file, isolated=isolated,
                   lang=lang, default_lang=default_lang, **more)


@main.command()
@click.argument("paths", nargs=-1, type=str)
@_engine_option
@click.option("--format", "output_format", type=click.Choice(list(REPORTER_NAMES)), default="text", show_default=True,
              help="Output format.")
@_select_option
@_extend_select_option
@_ignore_option
@_rules_option
@_config_option
@_isolated_option
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: info, or the configured fail-on).")
@_as_of_option
@click.option("--statistics", is_flag=True, help="Print counts per rule and per category instead of findings (JSON with --format json).")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Report only findings not recorded in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record the current findings as a baseline.")
@click.option("--color/--no-color", "colour", default=None, help="Colour the text report (default: on a terminal).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal, for big inputs).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Write the report here.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for big inputs (default: the number of cores).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=cache.RESULTS_DIR, show_default=True,
              envvar="HONESTLINT_RESULT_CACHE",
              help="Keep each listing's result here, so the next run lints only listings that changed.")
@click.option("--no-cache", is_flag=True, envvar="HONESTLINT_NO_CACHE",
              help="Lint every listing afresh and keep no results.")
@click.option("--exclude", multiple=True, help="Files and directories not to lint (globs; replaces the configured exclude).")
@click.option("--extend-exclude", multiple=True, help="More files and directories not to lint (globs).")
@click.option("--force-exclude/--no-force-exclude", default=None,
              help="Apply exclude also to files named on the command line (as a pre-commit hook names them).")
@click.option("-v", "--verbose", is_flag=True, help="Say which files are skipped, and why.")
@_lang_option("default: the configured lang; else auto for text and html, en for machine formats")
@click.option("--fix", "apply_fixes", is_flag=True, help="Apply safe fixes (the listing's fact in place of the claim it contradicts).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply unsafe fixes (removing a claim).")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff and change nothing.")
def check(paths, output_format, select, extend_select, ignore, rule_dirs, config_file, isolated, exit_zero, fail_on,
          as_of, statistics, baseline, write_baseline, colour, progress, output, jobs, cache_dir, no_cache,
          exclude, extend_exclude, force_exclude, verbose, lang, apply_fixes, unsafe_fixes, show_diff):
    """Lint listing files (JSON, JSON Lines, Shopify JSON/CSV, directories, or - for stdin)."""
    from .report import REPORTERS, STATISTICS_FORMATS, stream_report
    from .report import statistics as stats_report
    from .run import filters
    from .run.files import default_jobs

    if not paths:
        raise click.UsageError("no input: give listing files, directories, or - for stdin")
    if statistics and output_format not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics works with --format {' or '.join(STATISTICS_FORMATS)}")
    reporter = REPORTERS[output_format]
    # Formats that show the copy (html) get the listings read; formats that only name every
    # listing (junit) get their (file, id) pairs, which stay small on any catalog.
    sources = [] if getattr(reporter, "wants_sources", False) else None
    want_ids = sources is None and getattr(reporter, "wants_listing_ids", False) and not statistics
    options = _options(
        select, extend_select, ignore, rule_dirs, config_file, isolated, as_of, lang,
        default_lang=reporter.default_lang,
        fail_on=fail_on, baseline=baseline, cache_dir=None if no_cache else cache_dir, force_exclude=force_exclude,
        exclude=_split(exclude) if exclude else None, extend_exclude=_split(extend_exclude),
    )
    if apply_fixes or show_diff:
        if "-" in paths:
            raise click.UsageError("--fix and --diff edit files; they cannot take stdin (-)")
        fixed = fix_files(_run, paths, options, jobs, unsafe_fixes, show_diff, output)
        if show_diff:
            sys.exit(EXIT_FINDINGS if fixed else EXIT_CLEAN)
    bar = progress_bar(paths, progress)
    try:
        result = _run(paths, options, on_error=lambda e: click.echo(str(e), err=True),
                            on_progress=bar.update if bar else None, jobs=jobs or default_jobs(),
                            on_listing=sources.append if sources is not None else None, listing_ids=want_ids,
                            on_note=(lambda note: click.echo(f"honestlint: {note}", err=True)) if verbose else None)
    finally:
        if bar:
            bar.close()
    with result:  # removes the run's temporary files, also if writing the report fails
        if write_baseline:
            filters.write_baseline(write_baseline, result.findings)
            click.echo(f"wrote {len(result.findings)} findings to baseline {write_baseline}", err=True)
        if colour is None:
            colour = output_format == "text" and output.isatty()
        if statistics:
            output.write(stats_report(result.findings, output_format, listings=result.listings, errors=result.errors))
        else:
            extra = {"sources": sources} if sources is not None else {}
            if want_ids:
                extra = {"sources": result.listing_ids}
            for piece in stream_report(reporter, result.findings, result.errors, result.listings, colour=colour,
                                       rules=result.rules, **extra):
                output.write(piece)
        if result.errors:
            sys.exit(EXIT_USAGE)
        threshold = SEVERITY_RANK[result.fail_on]
        # From the store's counts: no pass over the findings.
        failing = any(SEVERITY_RANK[severity] >= threshold for severity, n in result.findings.severities.items() if n)
        sys.exit(EXIT_FINDINGS if failing and not exit_zero and not write_baseline else EXIT_CLEAN)


def _run(paths, options, **kwargs):
    """pipeline.run, with its usage, rule and worker errors turned into messages and exit codes."""
    from .run import pipeline
    from .run.options import UsageError
    from .run.pool import WorkerLost

    try:
        return pipeline.run(paths, options, **kwargs)
    except RuleError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)
    except UsageError as exc:
        _usage_error(str(exc))
        sys.exit(EXIT_USAGE)
    except WorkerLost as exc:
        click.echo(f"honestlint: error: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)


@main.command()
@click.option("--cache-dir", type=click.Path(file_okay=False), default=cache.RESULTS_DIR, show_default=True,
              envvar="HONESTLINT_RESULT_CACHE", help="The result cache to remove.")
def clean(cache_dir):
    """Remove the result cache (the next run lints every listing afresh)."""
    from .run.cache import clean as clean_results

    removed = clean_results(cache_dir)
    click.echo(f"removed {removed} file{'s' if removed != 1 else ''} from {cache_dir}" if removed else
               f"no result cache in {cache_dir}")


def _interactive() -> bool:
    """Whether to ask for what `init` was not told: only when a person is at the terminal."""
    return sys.stdin.isatty()


@main.command("init")
@click.option("--jurisdiction", type=click.Choice(init_config.JURISDICTION_NAMES),
              help="Where you sell: the rules, levels and reasons written (default: the platform's home market).")
@click.option("--platform", type=click.Choice(init_config.PLATFORM_NAMES),
              help="Where your listings live: title rules, the export's field names, files to skip (default: generic).")
@click.option("--lang", type=click.Choice(list(MESSAGE_LANGUAGES)),
              help="Language of messages (default: the jurisdiction's).")
@click.option("--pyproject", "target", flag_value="pyproject", help="Add [tool.honestlint] to pyproject.toml.")
@click.option("--toml", "target", flag_value="toml", help="Write honestlint.toml.")
@click.option("--force", is_flag=True, help="Replace an existing honestlint configuration.")
@click.option("--print", "to_stdout", is_flag=True, help="Print the configuration instead of writing a file.")
def init_command(jurisdiction, platform, lang, target, force, to_stdout):
    """Write a commented configuration for your jurisdiction and platform.

    \b
    Without --pyproject or --toml: [tool.honestlint] in ./pyproject.toml if there is one,
    else ./honestlint.toml. Options not given are asked for on a terminal.
    """
    ask = _interactive()
    if platform is None:
        platform = click.prompt("Platform", type=click.Choice(init_config.PLATFORM_NAMES), err=True,
                                default=init_config.DEFAULT_PLATFORM) if ask else init_config.DEFAULT_PLATFORM
    if jurisdiction is None:
        offered = init_config.default_jurisdiction(platform)
        jurisdiction = click.prompt("Jurisdiction", type=click.Choice(init_config.JURISDICTION_NAMES), err=True,
                                    default=offered) if ask else offered
    if lang is None:
        offered = init_config.default_lang(jurisdiction)
        lang = click.prompt("Language of messages", type=click.Choice(list(MESSAGE_LANGUAGES)), err=True,
                            default=offered) if ask else offered
    choice = init_config.Choice(jurisdiction, platform, lang)
    try:
        if to_stdout:
            click.echo(init_config.render(choice, pyproject=target == "pyproject"), nl=False)
            return
        written, notes = init_config.write(os.getcwd(), choice, target, force)
    except init_config.InitError as exc:
        _usage_error(str(exc))
        sys.exit(EXIT_USAGE)
    for note in notes:
        click.echo(f"honestlint: note: {note}", err=True)
    click.echo(f"wrote {written} ({choice.jurisdiction}, {choice.platform}, messages in {choice.lang}); "
               f"run `honestlint check .` to use it")


@main.command("rules")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable).")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes or categories.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(rule_dirs, select, output_format):
    """List every rule: id, category, severity, languages, summary."""
    import json

    rules = select_rules(_load(rule_dirs), _split(select))
    if output_format == "json":
        click.echo(json.dumps([
            {"id": r.id, "kind": r.kind, "category": r.category, "severity": r.severity,
             "languages": list(r.languages), "summary": r.summary, "file": r.file}
            for r in rules], ensure_ascii=False, indent=2))
        return
    click.echo(f"{'id':34} {'category':24} {'severity':8} {'languages':14} summary")
    for r in sorted(rules, key=lambda r: (r.category, r.id)):
        click.echo(f"{r.id:34} {r.category:24} {r.severity:8} {','.join(r.languages):14} {r.summary}")
    click.echo(f"\n{len(rules)} rules in {len({r.category for r in rules})} of {len(CATEGORIES)} categories")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable).")
def explain(rule_id, rule_dirs):
    """Show a rule's rationale, references and examples."""
    rules = {r.id: r for r in _load(rule_dirs)}
    rule = rules.get(rule_id)
    if rule is None:
        close = [r for r in rules if rule_id in r]
        hint = f" Did you mean: {', '.join(sorted(close)[:5])}?" if close else " See `honestlint rules`."
        click.echo(f"error: no rule '{rule_id}'.{hint}", err=True)
        sys.exit(EXIT_USAGE)
    wrap = lambda text: textwrap.fill(" ".join(str(text).split()), 88)  # noqa: E731
    click.echo(f"{rule.id}  ({rule.category}, {rule.severity}, kind {rule.kind}, {', '.join(rule.languages)})")
    click.echo(f"defined in {rule.file}:{rule.line}\n")
    click.echo(wrap(rule.summary) + "\n")
    if rule.rationale:
        click.echo("Why\n" + textwrap.indent(wrap(rule.rationale), "  ") + "\n")
    click.echo("Message\n  " + rule.message)
    if rule.suggestion:
        click.echo("Suggestion\n  " + rule.suggestion)
    if rule.references:
        click.echo("\nReferences")
        for ref in rule.references:
            click.echo(f"  - {ref['title']}" + (f" <{ref['url']}>" if ref.get("url") else ""))
    for expectation, label in (("fire", "Fires on"), ("pass", "Does not fire on")):
        cases = rule.examples.get(expectation) or []
        if cases:
            click.echo(f"\n{label}")
            for case in cases:
                if isinstance(case, str):
                    click.echo(f"  - {case}")
                else:
                    import json

                    click.echo("  - " + json.dumps(case, ensure_ascii=False))


@main.command("test")
@_engine_option
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable).")
@click.option("--no-builtin", is_flag=True, help="Test only the rules of --rules directories.")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes or categories.")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only failures.")
def test_command(rule_dirs, no_builtin, select, verbose):
    """Run every rule's own examples: `fire:` cases must fire, `pass:` cases must not."""
    from .ruleset import builtin_dir
    from .ruleset.selftest import check_rule, check_texts

    rules = select_rules(_load(rule_dirs, no_builtin=no_builtin), _split(select))
    builtin = os.path.abspath(builtin_dir())
    total = failed = 0
    for rule in rules:
        results = check_rule(rule)
        if not results:
            click.echo(f"WARN {rule.id}: no examples")
        if os.path.abspath(rule.file).startswith(builtin + os.sep):
            results += check_texts(rule)  # the built-in packs speak every copywriter's language
        for result in results:
            total += 1
            if not result.ok:
                failed += 1
                click.echo(f"FAIL {result.describe()}")
            elif verbose:
                click.echo(f"ok   {result.describe()}")
    click.echo(f"{total - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def _parse_tcp(ctx, param, value):
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"expected HOST:PORT (e.g. 127.0.0.1:2087), not '{value}'")
    return host.strip("[]"), int(port)


@main.command()
@click.option("--tcp", callback=_parse_tcp, metavar="HOST:PORT", help="Listen on a TCP port instead of standard input and output.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True),
              help="Use this configuration file for every document instead of the nearest one.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="Extra rule directory (repeatable).")
@click.option("--lang", type=click.Choice(list(MESSAGE_LANGUAGES)), default=None,
              help="Language of messages (default: the configured lang, else each listing's own).")
@click.option("--as-of", metavar="YYYY-MM-DD", callback=lambda ctx, param, value: _parse_date(ctx, param, value) if value else None,
              help="Date that price-history and deadline windows count back from (default: each day's date).")
def server(tcp, config_file, isolated, rule_dirs, lang, as_of):
    """Editor diagnostics and fixes over the Language Server Protocol (stdio, or --tcp)."""
    from .run.options import Options

    options = Options(rule_dirs=list(rule_dirs), config_file=config_file, isolated=isolated, lang=lang,
                      as_of=as_of, default_lang="auto")
    try:
        from .lsp import serve
    except ImportError as exc:  # an install without its dependencies
        click.echo(f"honestlint: error: the server needs pygls 2 ({exc}); pip install 'pygls>=2.0'", err=True)
        sys.exit(EXIT_USAGE)
    try:
        serve(options, tcp)
    except OSError as exc:  # the TCP port is taken, or not ours to open
        click.echo(f"honestlint: error: cannot listen on {tcp[0]}:{tcp[1]}: {exc.strerror or exc}" if tcp else
                   f"honestlint: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _parse_port(ctx, param, value):
    if not 0 <= value <= 65535:
        raise click.BadParameter("expected a port number from 0 (a free one) to 65535")
    return value


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface, reachable from the network).")
@click.option("--port", type=int, default=0, callback=_parse_port, show_default=True,
              help="Port to listen on (0: a free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@_lang_option("default: the configured lang, else auto; the page can change it")
@_config_option
@_isolated_option
@_rules_option
@_select_option
@_extend_select_option
@_ignore_option
@_as_of_option
def serve(host, port, open_browser, lang, config_file, isolated, rule_dirs, select, extend_select, ignore, as_of):
    """A local page that lints a listing's copy as you type it, with fixes."""
    from .run.options import UsageError
    from .serve import serve as run_server

    # --as-of not given: each day's date, for a server left running (_parse_date gives today).
    given_date = click.get_current_context().get_parameter_source("as_of") == click.core.ParameterSource.COMMANDLINE
    options = _options(select, extend_select, ignore, rule_dirs, config_file, isolated,
                       as_of if given_date else None, lang, default_lang="auto")
    try:
        run_server(options, host, port, open_browser, echo=lambda line: click.echo(line))
    except RuleError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_USAGE)
    except UsageError as exc:
        _usage_error(str(exc))
        sys.exit(EXIT_USAGE)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        _usage_error(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("honestlint serve: stopped", err=True)


@main.command("spark")
@click.argument("input_path", metavar="INPUT")
@click.argument("output_path", metavar="OUTPUT")
@click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
@click.option("--input-format", type=click.Choice(["jsonl", "parquet"]), help="Default: by INPUT's extension.")
@click.option("--format", "output_format", type=click.Choice(["parquet", "jsonl"]), help="Default: by OUTPUT's extension.")
@click.option("--partitions", type=click.IntRange(min=1), help="Partitions of the input (default: Spark's).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@_select_option
@_extend_select_option
@_ignore_option
@_rules_option
@_config_option
@_isolated_option
@_as_of_option
@_lang_option("default: the configured lang, else en")
def spark_command(input_path, output_path, master, input_format, output_format, partitions, overwrite, select,
                  extend_select, ignore, rule_dirs, config_file, isolated, as_of, lang):
    """Lint a catalog (JSON Lines or Parquet) on Spark; write the findings (Parquet or JSON Lines)."""
    from . import spark

    options = _options(select, extend_select, ignore, rule_dirs, config_file, isolated, as_of, lang, default_lang="en")
    try:
        done = spark.run_command(input_path, output_path, options, master, input_format, output_format, partitions,
                                 overwrite)
    except spark.SparkUnavailable as exc:
        click.echo(f"honestlint: error: {exc}", err=True)
        sys.exit(EXIT_NO_SPARK)
    except (RuleError, spark.UsageError) as exc:  # a rule error names its file: printed as it is
        _usage_error(str(exc))
        sys.exit(EXIT_USAGE)
    click.echo("\n".join(spark.summary(done, output_path)))


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (a CI timeout, `kill`) unwinds the run as Ctrl-C does, so that the temporary
    files of a big run are removed; exit code 143. Forked workers, which inherit the handler,
    keep the default: the worker pool stops them with SIGTERM."""
    import os
    import signal

    owner = os.getpid()

    def handler(signum, frame):
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        pass


def run() -> None:
    """Entry point that turns an unexpected exception into a short message and exit 3."""
    _exit_cleanly_on_sigterm()
    try:
        main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - a bug by definition
        click.echo(f"honestlint: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in honestlint; please report it with the input that caused it.", err=True)
        sys.exit(EXIT_INTERNAL)
