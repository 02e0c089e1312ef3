"""The engine switch: --engine, HONESTLINT_ENGINE, --version, and honestlint without the core.

Runs honestlint in subprocesses, some with the extension made unimportable
(sys.modules["honestlint._native"] = None), which is what a checkout without a build sees.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from honestlint.core import native

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "listing.json")
NO_CORE = "import sys; sys.modules['honestlint._native'] = None; "


def _run(args, env_engine=None, without_core=False):
    env = dict(os.environ)
    env.pop(native.ENV, None)
    if env_engine:
        env[native.ENV] = env_engine
    code = (NO_CORE if without_core else "") + "import sys; from honestlint.cli import run; sys.argv = ['honestlint'] + sys.argv[1:]; run()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)


def _core_built() -> bool:
    return native.unavailable_reason() is None


needs_core = pytest.mark.skipif(not _core_built() and os.environ.get("HONESTLINT_ALLOW_NO_CORE") == "1"
                                and not os.environ.get("CI"), reason="HONESTLINT_ALLOW_NO_CORE=1")


@needs_core
def test_version_names_the_core():
    out = _run(["--version"])
    assert out.returncode == 0
    assert out.stdout.strip() == f"honestlint 0.1.0 (engine: core, honestlint._native {native.module().__version__})"


def test_version_names_the_python_engine():
    assert _run(["--version"], env_engine="python").stdout.strip() == "honestlint 0.1.0 (engine: python)"
    assert _run(["--engine", "python", "--version"]).stdout.strip() == "honestlint 0.1.0 (engine: python)"


def test_without_the_core_python_runs():
    out = _run(["--version"], without_core=True)
    assert out.stdout.startswith("honestlint 0.1.0 (engine: python; core not available: honestlint._native is not built")
    lint = _run(["--no-cache", "--as-of", "2026-11-23", "--format", "json", EXAMPLE], without_core=True)
    assert lint.returncode == 1 and '"spec-colour"' in lint.stdout


@pytest.mark.parametrize("args,env", [(["--engine", "core"], None), ([], "core"), (["check", "--engine=core"], None)])
def test_core_asked_without_the_core_is_a_one_line_error(args, env):
    out = _run(args + ["--no-cache", EXAMPLE], env_engine=env, without_core=True)
    assert out.returncode == 4
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("honestlint: error: the core engine cannot run: honestlint._native is not built")


def test_an_unknown_engine_in_the_environment():
    out = _run(["--no-cache", EXAMPLE], env_engine="fast")
    assert out.returncode == 4 and "HONESTLINT_ENGINE='fast'" in out.stderr


@needs_core
def test_both_engines_give_the_same_report():
    args = ["--no-cache", "--as-of", "2026-11-23", "--format", "json", EXAMPLE]
    core = _run(["--engine", "core"] + args)
    python = _run(["--engine", "python"] + args)
    assert core.returncode == python.returncode == 1
    assert core.stdout == python.stdout
    # the option is taken after the command and after the files too
    assert _run(["check"] + args + ["--engine", "core"]).stdout == core.stdout
