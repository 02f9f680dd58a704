"""The extractor's layout: short functions, and rules kept as data in their own modules."""

import ast
from pathlib import Path

import helpers.extract

EXTRACT = Path(helpers.extract.__file__).parent
MAX_LINES = 80
#: Modules exempt from the length limit.
EXEMPT = {"temporal.py"}
#: Modules that hold the rules as data: tables and patterns, no functions.
RULE_MODULES = {
    "lexicon.py",
    "actor_rules.py",
    "claim_rules.py",
    "dating_rules.py",
    "event_rules.py",
    "relation_rules.py",
    "text_rules.py",
}
#: The layers: they use the named patterns of the rule modules, never compile or match their own.
LAYER_MODULES = {
    "pipeline.py",
    "actors.py",
    "claims.py",
    "relations.py",
    "triggers.py",
    "events.py",
    "text.py",
    "dating.py",
}
RE_CALLS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "split"}


def _tree(name: str) -> ast.Module:
    return ast.parse((EXTRACT / name).read_text(encoding="utf-8"))


def _functions(tree: ast.Module):
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_function_in_extract_is_over_80_lines():
    long = []
    for path in sorted(EXTRACT.glob("*.py")):
        if path.name in EXEMPT:
            continue
        for node in _functions(_tree(path.name)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                long.append(f"{path.name}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def test_the_extractor_is_split_by_layer():
    present = {p.name for p in EXTRACT.glob("*.py")}
    assert RULE_MODULES | LAYER_MODULES | {"context.py"} <= present
    assert "extraction.py" not in present  # the entry points live in pipeline.py


def test_rule_modules_are_data():
    for name in sorted(RULE_MODULES):
        assert _functions(_tree(name)) == [], f"{name} defines functions"


def test_layers_use_named_patterns():
    inline = []
    for name in sorted(LAYER_MODULES):
        for node in ast.walk(_tree(name)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in RE_CALLS
            ):
                inline.append(f"{name}:{node.lineno} re.{node.func.attr}")
    assert inline == []


def test_public_entry_points_are_exported():
    from helpers.extract import pipeline

    for name in ("build_nlp", "dump_facts", "extract_document", "extract_to", "summary_table"):
        assert getattr(helpers.extract, name) is getattr(pipeline, name)
