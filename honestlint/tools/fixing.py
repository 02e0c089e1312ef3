"""`honestlint --fix` and `--diff`: lint, apply the chosen fixes to the files, lint again
until no fix is left (an edit that overlapped another waits a round)."""
from __future__ import annotations

import click


# --fix lints again after each round of edits (an edit that overlapped another waits a round).
FIX_ROUNDS = 10


def fix_files(run, paths, options, jobs, unsafe: bool, diff_only: bool, output) -> int:
    """Apply (or, with `diff_only`, print as a diff) the findings' fixes; the number of edits.
    `run` is the command line's pipeline.run with its errors turned into exit codes."""
    from ..run import fixfiles as fixes
    from ..run.files import default_jobs

    made_total, files, withheld = 0, set(), 0
    for _round in range(1 if diff_only else FIX_ROUNDS):
        # Errors in the input are reported by the run that follows (or here for --diff).
        result = run(paths, options, on_error=(lambda e: click.echo(str(e), err=True)) if diff_only else None,
                      jobs=jobs or default_jobs())
        with result:
            by_file: dict[str, list] = {}
            for finding in fixes.chosen(result.findings, unsafe):
                by_file.setdefault(finding.file, []).append(finding.fix)
            if _round == 0 and not unsafe:
                withheld = sum(1 for f in result.findings if f.fix is not None and f.fix.applicability == fixes.UNSAFE)
        made_round = 0
        for path in sorted(by_file):
            edits = [edit for fix in by_file[path] for edit in fix.edits]
            done = fixes.fix_file(path, edits)
            if done is None or not done[2]:
                continue
            before, after, made = done
            made_round += made
            files.add(path)
            if diff_only:
                output.write(fixes.unified_diff(path, before, after))
            else:
                fixes.write_fixed(path, after)
        made_total += made_round
        if not made_round:
            break
    verb = "would fix" if diff_only else "fixed"
    note = f"honestlint: {verb} {made_total} problem{'s' if made_total != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}"
    if withheld:
        note += f"; {withheld} more with --unsafe-fixes"
    click.echo(note, err=True)
    return made_total
