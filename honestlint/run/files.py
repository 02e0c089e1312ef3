"""The files a run lints: those named, and the listing files found in directories, less what
the configuration excludes (or knows not to be listings); and their size, which decides
whether the run forks worker processes."""
from __future__ import annotations

import copy
import os
from typing import Iterable

from ..core.listing import InputError
from ..input.formats import LISTING_SUFFIXES
from . import config as cfgmod
from .options import Options
from .rulesets import config_for


def default_jobs() -> int:
    return os.cpu_count() or 1


def input_bytes(paths: list[str]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path) if path != "-" else 0
        except OSError:
            pass
    return total


def _exclusions(cfg: cfgmod.Config, options: Options) -> cfgmod.Config:
    """`cfg` with the command line's --exclude / --extend-exclude applied."""
    if options.exclude is None and not options.extend_exclude:
        return cfg
    view = copy.copy(cfg)
    if options.exclude is not None:
        view.exclude = list(options.exclude)
    view.extend_exclude = list(cfg.extend_exclude) + list(options.extend_exclude)
    return view


def skip_reason(path: str, cfg: cfgmod.Config, options: Options, explicit: bool) -> str | None:
    """Why `path` is not linted, or None. A well-known non-listing JSON file (package.json,
    tsconfig.json, .vscode/settings.json...) is skipped wherever it comes from, unless `include`
    names it; an excluded one when found in a directory, or named with force-exclude on."""
    if path == "-":
        return None
    view = _exclusions(cfg, options)
    force = options.force_exclude if options.force_exclude is not None else cfg.force_exclude
    if not explicit or force:
        pattern = view.excluded(path)
        if pattern is not None:
            return f"excluded by '{pattern}'" + (f" ({cfg.path})" if cfg.path and options.exclude is None else "")
    pattern = cfg.not_a_listing(path)
    if pattern is not None:
        return (f"a well-known JSON file that is not a listing ('{pattern}'); name it in `include` to lint it")
    return None


def files_to_lint(paths: Iterable[str], options: Options, on_note) -> Iterable[str | InputError]:
    """The files to lint: those named (less the skipped ones) and the listing files found in
    directories, whose walk does not enter excluded directories."""
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            if path != "-" and os.path.exists(path):
                why = skip_reason(path, config_for(path, options), options, explicit=True)
                if why is not None:
                    if on_note:
                        on_note(f"{path}: skipped: {why}")
                    continue
            yield path
            continue
        def skipped(full: str) -> bool:
            """Whether the configuration excludes this file or folder of the walk (noted)."""
            why = skip_reason(full, config_for(full, options), options, explicit=False)
            if why is not None and on_note:
                on_note(f"{full}: skipped: {why}")
            return why is not None

        found = []
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in sorted(dirs) if not d.startswith(".") and not skipped(os.path.join(root, d))]
            for name in sorted(files):
                full = os.path.join(root, name)
                if name.endswith(LISTING_SUFFIXES) and not skipped(full):
                    found.append(full)
        yield from found
