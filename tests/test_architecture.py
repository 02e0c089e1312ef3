"""The import contract (issue 18): packages by pipeline stage, imports one way.

Every import inside honestlint counts, at module level or inside a function (a lazy import is
still a dependency); only `if TYPE_CHECKING:` blocks are skipped."""
from __future__ import annotations

import ast
import pathlib

import honestlint

ROOT = pathlib.Path(honestlint.__file__).parent
# Layer -> the layers it may import (besides itself). Lower layers never import higher ones.
ALLOWED = {
    "_native": set(),  # the compiled core (native/, a Rust extension): imports nothing
    "core": {"_native"},  # core/native.py loads it
    "text": {"core"},
    "match": {"text", "core"},
    "facts": {"text", "core"},
    "kinds": {"match", "facts", "text", "core"},
    "engine": {"kinds", "match", "facts", "text", "core"},
    "input": {"core"},
    "ruleset": {"engine", "kinds", "input", "core"},          # selftest lints examples
    "report": {"text", "core"},
    "run": {"ruleset", "engine", "input", "core"},
    "apps": {"run", "report", "ruleset", "engine", "kinds", "input", "text", "core"},
    "shim": {"core", "run"},                                     # findings.py, config.py
}
APPS = {"cli", "__main__", "tools", "serve", "lsp", "init", "spark"}
SHIMS = {"findings", "config"}
# Modules not yet moved into their stage's package (issue 18 moves them one by one): the layer
# each belongs to. An entry goes when its module moves.
LEGACY: dict[str, str] = {}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "honestlint":
        return None
    if len(parts) == 1:
        return "root"
    head = parts[1]
    if head in APPS:
        return "apps"
    if head in LEGACY:
        return LEGACY[head]
    if head in SHIMS:
        return "shim"
    return head if head in ALLOWED else f"?{head}"


def module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: pathlib.Path):
    """(line, imported module) for every honestlint import in `path`, TYPE_CHECKING blocks skipped."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                yield from (x for n in child.orelse for x in walk_one(n))
                continue
            yield from walk_one(child)

    def walk_one(child):
        if isinstance(child, ast.Import):
            for alias in child.names:
                yield child.lineno, alias.name
        elif isinstance(child, ast.ImportFrom):
            if child.level:
                base = package.split(".")
                base = base[: len(base) - (child.level - 1)]
                target = ".".join(base + ([child.module] if child.module else []))
            else:
                target = child.module or ""
            if child.module is None or (child.level and not child.module):
                for alias in child.names:  # from . import x: x may be a module
                    yield child.lineno, f"{target}.{alias.name}"
            else:
                yield child.lineno, target
        else:
            yield from walk(child)

    yield from walk(tree)


def known_modules() -> set[str]:
    return {module_name(p) for p in ROOT.rglob("*.py")} | {"honestlint", "honestlint._native"}  # + the extension


def resolve(target: str, modules: set[str]) -> str:
    """`from honestlint.x import name` imports module honestlint.x; `from . import name` may
    import a module or a name of the package: the longest prefix that is a module."""
    while target not in modules and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def violations():
    out = []
    modules = known_modules()
    for path in sorted(ROOT.rglob("*.py")):
        source = module_name(path)
        here = layer_of(source)
        for line, target in imports(path):
            if not target.startswith("honestlint"):
                continue
            target = resolve(target, modules)
            there = layer_of(target)
            if there is None or there == here:
                continue
            if there == "root":
                out.append(f"{path.relative_to(ROOT.parent)}:{line}: {source} imports the package root ({target})")
            elif here == "root":
                continue  # the public API (honestlint/__init__.py) may import anything, lazily
            elif here not in ALLOWED or there not in ALLOWED.get(here, set()):
                out.append(f"{path.relative_to(ROOT.parent)}:{line}: {source} ({here}) imports {target} ({there})")
    return out


# Upward imports and cycles the layout still has (issue 18 removes them move by move). The
# test holds the list to the tree exactly: a new violation fails, and so does a fixed one still
# listed here, so the list only shrinks.
KNOWN_VIOLATIONS: set[str] = set()
KNOWN_CYCLES = [
]


def test_imports_run_one_way():
    found = {v.split(": ", 1)[1] for v in violations()}
    assert found - KNOWN_VIOLATIONS == set(), "imports against the layers:\n" + "\n".join(
        v for v in violations() if v.split(": ", 1)[1] not in KNOWN_VIOLATIONS)
    assert KNOWN_VIOLATIONS - found == set(), "fixed: remove from KNOWN_VIOLATIONS"


def test_every_module_is_in_a_layer():
    unplaced = {layer_of(module_name(p)) for p in ROOT.rglob("*.py")} - set(ALLOWED) - {"root", "apps", "shim"}
    assert not unplaced, f"modules outside every layer: {sorted(unplaced)}"


def import_graph() -> dict[str, set[str]]:
    modules = known_modules()
    graph: dict[str, set[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        source = module_name(path)
        graph[source] = {resolve(t, modules) for _, t in imports(path) if t.startswith("honestlint")} - {source}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
    return out


def test_no_import_cycles():
    # The package root's lazy imports (the public API) are left out: nothing imports the root.
    graph = {m: deps - {"honestlint"} for m, deps in import_graph().items() if m != "honestlint"}
    assert sorted(cycles(graph)) == sorted(KNOWN_CYCLES)


def test_the_checks_see_what_they_guard():
    # A loop of two modules and one of three are found; a chain is not a loop.
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    # Layers: an app, a shim, a package and an unplaced module.
    assert layer_of("honestlint.cli") == "apps" and layer_of("honestlint") == "root"
    assert layer_of("honestlint.core.finding") == "core" and layer_of("honestlint.report.sarif") == "report"
    assert layer_of("honestlint.newthing").startswith("?")
    assert "core" not in ALLOWED["core"] and "engine" not in ALLOWED["report"]


def test_every_subpackage_ships_in_the_wheel():
    # maturin ships the whole honestlint/ directory (python-packages), every stage package
    # with it; only the rule packs, behind the link honestlint/builtin_rules -> ../rules (which
    # maturin does not follow), must be named in `include`. .ci/run checks the wheel itself.
    import tomllib

    conf = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["maturin"]
    assert conf["python-source"] == "." and conf["python-packages"] == ["honestlint"]
    assert {"honestlint/builtin_rules/__init__.py", "honestlint/builtin_rules/**/*.yaml"} <= {
        item["path"] for item in conf["include"]}
    assert [p for p in ROOT.rglob("*") if p.is_symlink()] == [ROOT / "builtin_rules"]


def test_the_configuration_loads_without_the_engine():
    # honestlint.config (and the run stage's package) is read by tools that only want the
    # configuration (init, an editor's settings page): it must not pull in the linter, its
    # tokenizer and dictionaries (seconds of start-up).
    import subprocess
    import sys

    code = ("import honestlint.config, honestlint.run, sys; "
            "loaded = sorted(m for m in sys.modules if m.startswith(('honestlint.engine', 'honestlint.text', 'jieba'))); "
            "assert not loaded, loaded")
    subprocess.run([sys.executable, "-c", code], check=True)
