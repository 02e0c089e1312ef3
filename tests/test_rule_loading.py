"""Rule files: a malformed one is a clear error naming the file, the line and what is wrong."""
import pytest

from honestlint.ruleset import RuleError, load_file, load_rules

GOOD = """\
id: demo-rule
kind: phrase
category: absolute-claim
severity: warning
languages: [en]
message: "'{text}' is a superlative"
phrases: [unbeatable]
examples:
  fire: [unbeatable value]
  pass: [beatable]
"""


def write(tmp_path, text, name="r.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def error_of(path) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_file(path)
    return info.value


def test_a_good_rule_loads(tmp_path):
    (rule,) = load_file(write(tmp_path, GOOD))
    assert rule.id == "demo-rule" and rule.line == 1 and rule.kind == "phrase"


@pytest.mark.parametrize("change, line, words", [
    (("category: absolute-claim", "category: lies"), 3, "unknown category 'lies'"),
    (("severity: warning", "severity: fatal"), 4, "severity must be one of"),
    (("kind: phrase", "kind: magic"), 2, "unknown kind 'magic'"),
    (("phrases: [unbeatable]", "phrases: [unbeatable]\nphrase_list: [x]"), 8, "unknown key 'phrase_list'"),
    (("languages: [en]", "languages: [fr]"), 5, "unknown language 'fr'"),
    (("id: demo-rule", "id: Demo Rule"), 1, "id must be lower-case"),
    (("phrases: [unbeatable]\n", ""), 1, "missing required key 'phrases'"),
])
def test_schema_errors_name_file_line_and_key(tmp_path, change, line, words):
    path = write(tmp_path, GOOD.replace(*change))
    err = error_of(path)
    assert err.file == path and err.line == line
    assert words in str(err)
    assert str(err).startswith(f"{path}:{line}: error: ")


def test_invalid_yaml_names_the_line(tmp_path):
    err = error_of(write(tmp_path, GOOD + "  - [unclosed\n"))
    assert "invalid YAML" in str(err) and err.line is not None


def test_invalid_regex_names_the_rule(tmp_path):
    text = GOOD.replace("kind: phrase", "kind: pattern").replace("phrases: [unbeatable]", "pattern: '(unclosed'")
    err = error_of(write(tmp_path, text))
    assert "demo-rule" in str(err) and "invalid regex" in str(err)


def test_yaml_is_loaded_safely(tmp_path):
    text = GOOD.replace("message:", "evil: !!python/object/apply:os.system ['echo pwned']\nmessage:")
    err = error_of(write(tmp_path, text))
    assert "invalid YAML" in str(err)


def test_duplicate_ids_are_an_error(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path)], builtin=False)
    assert "duplicate rule id 'demo-rule'" in str(info.value)


def test_builtin_rules_load_and_cover_declared_categories():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert {"clickbait-rebate", "gift-unbacked", "spec-mismatch", "shipping-mismatch", "returns-mismatch",
            "absolute-claim"} <= {r.category for r in rules}
