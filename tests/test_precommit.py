"""The published pre-commit hook, run by the real pre-commit tool against this checkout."""
import json
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRE_COMMIT = shutil.which("pre-commit") or os.path.join(os.path.dirname(sys.executable), "pre-commit")

pytestmark = pytest.mark.skipif(not os.path.exists(PRE_COMMIT) or not os.path.isdir(os.path.join(ROOT, ".git")),
                                reason="needs pre-commit (the test extra) and a git checkout")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})


def test_hook_blocks_a_dishonest_listing_and_passes_an_honest_one(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    repo = tmp_path / "catalog"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: honestlint\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def commit(name, listing):
        (repo / name).write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
        git(repo, "add", name, ".pre-commit-config.yaml")
        return subprocess.run([PRE_COMMIT, "run", "--files", name], cwd=repo, capture_output=True, text=True,
                              env=env, timeout=900)

    honest = commit("honest.json", {"id": "h", "title": "保温杯 500ml", "specs": {"容量": "500ml"}})
    assert honest.returncode == 0, honest.stdout + honest.stderr
    dishonest = commit("dishonest.json", {"id": "d", "title": "保温杯", "description": "包邮", "shipping": {"fee": 8}})
    assert dishonest.returncode == 1, dishonest.stdout + dishonest.stderr
    assert "shipping-free-fee" in dishonest.stdout
