"""Every built-in rule's own examples, through the same code as `honestlint test`."""
import pytest

from honestlint.ruleset import load_rules
from honestlint.ruleset.selftest import check_rule, run_example

RULES = load_rules()


def _cases():
    for rule in RULES:
        for expectation in ("fire", "pass"):
            for index, case in enumerate(rule.examples.get(expectation, [])):
                yield pytest.param(rule, expectation, case, id=f"{rule.id}-{expectation}{index}")


@pytest.mark.parametrize("rule, expectation, case", list(_cases()))
def test_rule_example(rule, expectation, case):
    fired = run_example(rule, case)
    if expectation == "fire":
        assert fired, f"{rule.id} did not fire on {case!r}"
        assert all(f.rule == rule.id and f.category == rule.category for f in fired)
    else:
        assert not fired, f"{rule.id} fired on {case!r}: {fired[0].message}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_enough_examples_and_references(rule):
    assert len(rule.examples["fire"]) >= 3, "a rule needs at least 3 fire: examples"
    assert len(rule.examples["pass"]) >= 3, "a rule needs at least 3 pass: examples"
    assert rule.references, "a rule needs references to the law or policy it rests on"
    assert rule.suggestion, "a rule needs a suggestion of honest wording"


def test_selftest_reports_a_broken_example(tmp_path):
    (tmp_path / "r.yaml").write_text(
        "id: demo-free\nkind: phrase\ncategory: free-misuse\nseverity: warning\nlanguages: [en]\n"
        "message: m\nphrases: [free]\nexamples:\n  fire: [costs ten dollars]\n  pass: [totally free]\n",
        encoding="utf-8")
    from honestlint.ruleset import load_file

    results = check_rule(load_file(str(tmp_path / "r.yaml"))[0])
    assert [r.ok for r in results] == [False, False]
    assert "did not fire" in results[0].detail
    assert "fired" in results[1].detail
