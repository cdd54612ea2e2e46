"""A component kind and a fault kind each live in one module: nothing else in src/ tests a kind
by its name or by isinstance. The rest of the program asks the kind (its facts and hooks)."""

from __future__ import annotations

import ast
from pathlib import Path

import playground
from playground.faults import FAULTS
from playground.kinds import KINDS

SRC = Path(playground.__file__).resolve().parent
HOMES = ("kinds", "faults")  # each kind's own module, and the registries that list them
NAMES = set(KINDS) | set(FAULTS)


def kind_classes() -> set[str]:
    """Names of the classes the kind modules define (models and engine nodes)."""
    names = set()
    for home in HOMES:
        for path in (SRC / home).glob("*.py"):
            if path.stem in ("__init__", "base"):
                continue
            names |= {n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ClassDef)}
    return names


def named_kinds(node: ast.AST) -> set[str]:
    """Kind names written as string constants in an expression (or a tuple/list/set of them)."""
    items = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    return {i.value for i in items if isinstance(i, ast.Constant) and i.value in NAMES}


def violations(tree: ast.AST, classes: set[str]) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                found += [f"line {node.lineno}: compares with the kind {k!r}" for k in named_kinds(side)]
        elif isinstance(node, ast.Dict):
            found += [f"line {node.lineno}: a table keyed by the kind {k!r}"
                      for key in node.keys if key is not None for k in named_kinds(key)]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("isinstance", "issubclass"):
            kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
            found += [f"line {node.lineno}: isinstance of the kind's class {getattr(k, 'id', '?')}"
                      for k in kinds if getattr(k, "id", None) in classes]
    return found


def test_no_module_outside_a_kinds_home_tests_a_kind_by_name_or_class():
    classes = kind_classes()
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).parts[0] in HOMES:
            continue
        found = violations(ast.parse(path.read_text()), classes)
        if found:
            offenders[str(path.relative_to(SRC))] = found
    assert not offenders, offenders


def test_the_check_finds_what_it_is_for():
    """The checker itself: each way of testing a kind by name or class is caught."""
    code = '''
if c.kind == "cache": pass
if kind in ("shard", "database"): pass
SHAPES = {"queue": "cds"}
if isinstance(node, Replica): pass
if fault.kind != "hang": pass
'''
    found = violations(ast.parse(code), {"Replica"})
    assert len(found) == 6, found
