"""The operator registry is complete: every `@operator("name")` written anywhere in honestlint is
in facts.OPERATORS once `honestlint.facts` is imported, and in nothing else.

An operator module that facts/__init__.py forgets to import registers nothing, and a claim rule
naming its operator then fails to load ("unknown operator"), but only in a process that has
not imported that module some other way. So the check runs in a fresh interpreter that
imports the facts package alone."""
from __future__ import annotations

import ast
import json
import pathlib
import subprocess
import sys

import honestlint

PACKAGE = pathlib.Path(honestlint.__file__).parent


def declared_operators(root: pathlib.Path = PACKAGE) -> dict[str, str]:
    """Operator name -> the module file that registers it, for each `@operator("...")` (or
    `@<module>.operator("...")`) decorator in the sources under `root`."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for decorator in node.decorator_list:
                if not isinstance(decorator, ast.Call):
                    continue
                callee = decorator.func
                name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
                if name == "operator" and decorator.args and isinstance(decorator.args[0], ast.Constant):
                    found[decorator.args[0].value] = str(path.relative_to(root.parent))
    return found


def registered_in_fresh_process() -> set[str]:
    code = "import json, honestlint.facts as F; print(json.dumps(sorted(F.OPERATORS)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


def test_importing_facts_registers_every_operator_module():
    declared = declared_operators()
    registered = registered_in_fresh_process()
    missing = {name: where for name, where in declared.items() if name not in registered}
    assert missing == {}, f"modules with operators not imported by honestlint/facts/__init__.py: {missing}"
    assert registered - set(declared) == set()


def test_the_scan_finds_operators_and_only_them(tmp_path):
    # The check above is only as good as its scan: a decorated function is found whichever way
    # the decorator is spelt, a call that merely looks alike is not.
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "extra.py").write_text(
        'from . import operators\n'
        '@operator("plain")\ndef a(c): pass\n'
        '@operators.operator("dotted", whole_list=True)\ndef b(c): pass\n'
        '@lru_cache(maxsize=8)\ndef c(x): pass\n'
        'operator("not_a_decorator")\n', encoding="utf-8")
    assert declared_operators(tmp_path / "pkg") == {"plain": "pkg/extra.py", "dotted": "pkg/extra.py"}
    assert len(declared_operators()) >= 30  # the real tree: the generic and the attribute operators
