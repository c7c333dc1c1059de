"""``domain/services/common.py`` holds only what at least two service definitions use (the rule
in its docstring): a building block no definition needs is dead, and one that a single
definition needs belongs in that definition's module."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import convenience_center.domain.services

PACKAGE = Path(convenience_center.domain.services.__file__).parent
COMMON_MODULE = "convenience_center.domain.services.common"


def _defined_names(tree: ast.Module) -> dict[str, ast.stmt]:
    """The module's top-level functions, classes and assigned names, each with its statement."""
    found: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign):
            found |= {t.id: node for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = node
    return found


def _is_definition(tree: ast.Module) -> bool:
    return "DEFINITION" in _defined_names(tree)


def _imported_from_common(tree: ast.Module) -> set[str]:
    return {alias.name for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == COMMON_MODULE
            for alias in node.names}


def unjustified(common: ast.Module, importers: dict[str, set[str]]) -> set[str]:
    """The names ``common`` defines that neither two definitions import (``importers``: name ->
    the definitions importing it) nor such a name uses, however indirectly (in its body, its
    defaults, its annotations or its bases)."""
    defined = _defined_names(common)
    uses = {name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & defined.keys()
            for name, node in defined.items()}
    justified = {name for name in defined if len(importers.get(name, ())) >= 2}
    reached = set(justified)
    while reached:
        reached = set().union(*(uses[name] for name in reached)) - justified
        justified |= reached
    return defined.keys() - justified


def test_every_building_block_serves_two_definitions():
    importers: dict[str, set[str]] = defaultdict(set)
    definitions = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _is_definition(tree):
            definitions.append(path.stem)
            for name in _imported_from_common(tree):
                importers[name].add(path.stem)
    assert len(definitions) >= 7  # the seven services are all looked at
    common = ast.parse((PACKAGE / "common.py").read_text(encoding="utf-8"))
    assert {name: sorted(importers[name]) for name in unjustified(common, importers)} == {}


def test_the_check_sees_a_dead_block_and_one_of_a_single_definition():
    common = ast.parse(
        "T = str\n"
        "UNUSED = T('x')\n"
        "ONLY_ONE = T('y')\n"
        "def _helper(): return T('z')\n"
        "def shared(): return _helper()\n"
        "def inner(): return 1\n"
        "def wrapper(x=inner): return x\n")
    importers = {"ONLY_ONE": {"a"}, "shared": {"a", "b"}, "wrapper": {"a"}, "inner": {"b"}}
    assert unjustified(common, importers) == {"UNUSED", "ONLY_ONE", "wrapper", "inner"}
