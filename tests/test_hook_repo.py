"""The README's pre-commit snippet, as written but with this checkout and its HEAD, installed
with `pre-commit install` in a catalog repository that also holds package.json, tsconfig.json
and .vscode/settings.json: Passed on clean listings, Failed with the findings on a dirty one.
No network to GitHub: the repository is this checkout (pre-commit clones a local path)."""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRE_COMMIT = shutil.which("pre-commit") or os.path.join(os.path.dirname(sys.executable), "pre-commit")
UPSTREAM = "https://github.com/honestlint/honestlint"

pytestmark = pytest.mark.skipif(not os.path.exists(PRE_COMMIT) or not os.path.isdir(os.path.join(ROOT, ".git")),
                                reason="needs pre-commit (the test extra) and a git checkout")

ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def readme_snippet() -> str:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    section = readme.split("\n## pre-commit\n", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def git(cwd, *args, check=True):
    return subprocess.run(["git", *args], cwd=cwd, check=check, capture_output=True, text=True,
                          env={**os.environ, **ENV})


def test_the_readme_pins_a_revision_that_exists():
    snippet = readme_snippet()
    assert f"repo: {UPSTREAM}\n" in snippet
    rev = re.search(r"^\s*rev:\s*(\S+)", snippet, re.M).group(1)
    assert re.fullmatch(r"v\d+\.\d+\.\d+|[0-9a-f]{40}", rev), f"pin a tag or a full commit SHA, not {rev!r}"
    found = git(ROOT, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    assert found.returncode == 0, f"the README pins rev {rev}, which this repository does not have (git tag {rev})"


def test_the_readme_hook_in_a_real_catalog_repository(tmp_path):
    head = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    snippet = readme_snippet()
    rev = re.search(r"^\s*rev:\s*(\S+)", snippet, re.M).group(1)
    config = snippet.replace(f"repo: {UPSTREAM}", f"repo: {ROOT}").replace(f"rev: {rev}", f"rev: {head}")
    assert config != snippet and head in config

    repo = tmp_path / "catalog-repo"
    (repo / "listings").mkdir(parents=True)
    (repo / ".vscode").mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    # What a storefront repository holds beside its listings: none of it is a listing.
    (repo / "package.json").write_text(json.dumps({"name": "shop", "version": "1.0.0", "private": True}), encoding="utf-8")
    (repo / "tsconfig.json").write_text(json.dumps({"compilerOptions": {"strict": True}}), encoding="utf-8")
    (repo / ".vscode" / "settings.json").write_text(json.dumps({"editor.tabSize": 2}), encoding="utf-8")
    (repo / "listings" / "cup.json").write_text(json.dumps(
        {"id": "cup", "title": "保温杯 500ml", "specs": {"容量": "500ml"}}, ensure_ascii=False), encoding="utf-8")
    (repo / "listings" / "mugs.jsonl").write_text(json.dumps(
        {"id": "mug", "title": "Ceramic mug, 350 ml", "specs": {"capacity": "350 ml"}}) + "\n", encoding="utf-8")

    env = {**os.environ, **ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("HONESTLINT_RESULT_CACHE", None)
    installed = subprocess.run([PRE_COMMIT, "install"], cwd=repo, capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    def commit(message):
        git(repo, "add", "-A")
        return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, capture_output=True, text=True,
                              env=env, timeout=900)

    clean = commit("listings, and the front end's JSON")
    out = clean.stdout + clean.stderr
    assert clean.returncode == 0, out
    assert re.search(r"honestlint\.+Passed", out), out

    (repo / "listings" / "kettle.json").write_text(json.dumps(
        {"id": "kettle", "title": "电水壶", "description": "全国包邮", "shipping": {"fee": 8}}, ensure_ascii=False),
        encoding="utf-8")
    (repo / "package.json").write_text(json.dumps({"name": "shop", "version": "1.0.1", "private": True}),
                                       encoding="utf-8")
    dirty = commit("a dishonest listing")
    out = dirty.stdout + dirty.stderr
    assert dirty.returncode != 0, out
    assert re.search(r"honestlint\.+Failed", out), out
    assert "listings/kettle.json" in out and "shipping-free-fee" in out, out
    # The JSON that is not a listing was never read as one.
    assert "package.json" not in out and "listing has no title" not in out, out


# --- which files are linted: exclude, extend-exclude, force-exclude, include (as in ruff) ------

def _cli(*args, cwd):
    from click.testing import CliRunner

    from honestlint.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["--no-cache", *map(str, args)])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def _tree(root, config=""):
    listing = json.dumps({"id": "x", "title": "保温杯 全网最低价"}, ensure_ascii=False)
    for name in ("catalog/a.json", "catalog/fixtures/f.json", "node_modules/pkg/data.json", "catalog/b.draft.json"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(listing, encoding="utf-8")
    (root / "package.json").write_text('{"name": "shop"}', encoding="utf-8")
    (root / "catalog" / "tsconfig.build.json").write_text('{"extends": "./tsconfig.json"}', encoding="utf-8")
    (root / ".vscode").mkdir(exist_ok=True)
    (root / ".vscode" / "settings.json").write_text("{}", encoding="utf-8")
    (root / "honestlint.toml").write_text(config, encoding="utf-8")


def _linted(stdout):
    return sorted({f["file"] for f in json.loads(stdout)["findings"]})


def test_a_directory_walk_skips_excluded_and_non_listing_files(tmp_path):
    _tree(tmp_path, 'extend-exclude = ["fixtures", "*.draft.json"]\n')
    code, out, err = _cli("--format", "json", "-v", ".", cwd=tmp_path)
    assert code == 1, err
    assert _linted(out) == ["./catalog/a.json"]
    assert "./node_modules: skipped: excluded by 'node_modules'" in err
    assert "./catalog/fixtures: skipped: excluded by 'fixtures'" in err
    assert "./catalog/tsconfig.build.json: skipped: a well-known JSON file that is not a listing" in err
    # `exclude` replaces the defaults: node_modules is walked again.
    (tmp_path / "honestlint.toml").write_text('exclude = ["fixtures"]\n', encoding="utf-8")
    code, out, err = _cli("--format", "json", ".", cwd=tmp_path)
    assert _linted(out) == ["./catalog/a.json", "./catalog/b.draft.json", "./node_modules/pkg/data.json"]


def test_named_files_and_force_exclude(tmp_path):
    _tree(tmp_path, 'extend-exclude = ["fixtures"]\n')
    named = ["catalog/a.json", "catalog/fixtures/f.json", "package.json", ".vscode/settings.json",
             "catalog/tsconfig.build.json"]
    # Named without force-exclude: excluded files are linted, non-listing JSON is still skipped.
    code, out, err = _cli("--format", "json", *named, cwd=tmp_path)
    assert code == 1, err
    assert _linted(out) == ["catalog/a.json", "catalog/fixtures/f.json"]
    assert "listing has no title" not in err
    # With force-exclude (the hook's), from the command line or the configuration.
    code, out, err = _cli("--format", "json", "--force-exclude", *named, cwd=tmp_path)
    assert _linted(out) == ["catalog/a.json"]
    (tmp_path / "honestlint.toml").write_text('extend-exclude = ["fixtures"]\nforce-exclude = true\n', encoding="utf-8")
    code, out, err = _cli("--format", "json", *named, cwd=tmp_path)
    assert _linted(out) == ["catalog/a.json"]
    code, out, err = _cli("--format", "json", "--no-force-exclude", *named, cwd=tmp_path)
    assert _linted(out) == ["catalog/a.json", "catalog/fixtures/f.json"]
    # Only non-listing files named: nothing to lint, exit 0 (a commit touching only package.json).
    code, out, err = _cli("package.json", "catalog/tsconfig.build.json", cwd=tmp_path)
    assert code == 0 and "All clean: 0 listings checked." in out, out + err


def test_include_lints_a_file_that_would_be_skipped(tmp_path):
    _tree(tmp_path, 'include = ["package.json"]\n')
    code, out, err = _cli("--format", "json", "package.json", "catalog/a.json", cwd=tmp_path)
    assert code == 2
    assert "package.json:1:1: error: listing has no title" in err
    assert _linted(out) == ["catalog/a.json"]
