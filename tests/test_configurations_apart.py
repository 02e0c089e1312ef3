"""Configurations linted in one process keep their own word boundaries (issue 18).

A linter adds its rule phrases to the word segmenter, so that a phrase stays one word. When
every linter added its phrases to one process-wide segmenter, a configuration's phrases moved
another configuration's word boundaries: with 皮鞋 (leather shoes) a phrase of one rule set,
新款真皮鞋 segments as 新款|真|皮鞋 and the other rule set's bounded phrase 真皮 no longer sits on
word boundaries there. The serve page, the editor server, a run over a tree with several
configurations and the Python API all build several linters in one process.

Each case runs in a fresh interpreter, so that what is checked is the process state the
linters build, not what earlier tests left behind."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

# One rule both configurations have (the same compiled object, as a run shares its loaded
# rules between configurations) and one only the first has.
RULES = """\
rules:
  - id: apart-leather
    kind: phrase
    category: absolute-claim
    severity: error
    languages: [zh]
    message: "genuine leather: '{text}'"
    phrases: [真皮]
  - id: apart-shoes
    kind: phrase
    category: absolute-claim
    severity: error
    languages: [zh]
    message: "shoes: '{text}'"
    phrases: [皮鞋]
"""

# The title repeats across listings, so the engine's memos of repeated texts take part too.
LISTINGS = [{"id": f"s{i}", "lang": "zh", "title": "新款真皮鞋", "bullets": ["纯真皮沙发 新款真皮鞋"]}
            for i in range(4)]

SCRIPT = """
import datetime, json, sys
from honestlint.engine import Linter
from honestlint.input import listings_from_objects
from honestlint.ruleset import load_file

rules = {{r.id: r for r in load_file({rules!r})}}
configurations = {{"both": [rules["apart-leather"], rules["apart-shoes"]], "leather": [rules["apart-leather"]]}}
linters = {{}}
for name in {order!r}:
    linters[name] = Linter(configurations[name], as_of=datetime.date(2026, 11, 23))
listings = json.loads({listings!r})
out = {{name: [] for name in linters}}
for round in range(2):  # each linter lints every listing twice, taking turns
    for name, linter in linters.items():
        for listing in listings_from_objects(listings, "apart.json"):
            out[name].extend([f.listing, f.rule, f.field, f.column, f.end_column] for f in linter.lint(listing))
print(json.dumps(out))
"""


def _run(tmp_path, order):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    code = textwrap.dedent(SCRIPT).format(rules=str(rules), order=list(order),
                                          listings=json.dumps(LISTINGS, ensure_ascii=False))
    env = dict(os.environ, HONESTLINT_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("apart")
    return {name: _run(tmp, [name])[name] for name in ("both", "leather")}


def test_the_configurations_draw_different_boundaries(alone):
    # The premise: alone, the two rule sets disagree about 真皮 in 新款真皮鞋 (and in 纯真皮沙发
    # only the leather rule applies in both).
    leather_titles = {tuple(f) for f in alone["leather"] if f[1] == "apart-leather" and f[2] == "title"}
    both_titles = {tuple(f) for f in alone["both"] if f[1] == "apart-leather" and f[2] == "title"}
    assert leather_titles and not both_titles
    assert any(f[1] == "apart-shoes" for f in alone["both"])


@pytest.mark.parametrize("order", [("both", "leather"), ("leather", "both")])
def test_each_linter_finds_what_it_finds_alone(tmp_path, alone, order):
    together = _run(tmp_path, order)
    assert together == alone
