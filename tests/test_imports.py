"""The package's layers run one way: no import cycle, and no import of our own modules inside a
function (which is how a cycle hides). Read from the source with ``ast``, so it cannot regress
unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "guidance"


def _ours(node: ast.AST, module: str) -> list[str]:
    """The modules of ours that an import statement names, as dotted names under guidance."""
    package = "guidance"
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = ".".join(([package] + module.split(".")[1:-1]) if module != package else [package])
            base = ".".join(base.split(".")[: len(base.split(".")) - (node.level - 1)]) if node.level > 1 else base
            target = f"{base}.{node.module}" if node.module else base
        elif node.module and (node.module == package or node.module.startswith(package + ".")):
            target = node.module
        else:
            return []
        if node.module is None or target == package:
            return [f"{target}.{alias.name}" for alias in node.names]
        return [target]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith(package + ".")]
    return []


def graph() -> tuple[dict[str, set[str]], list[str]]:
    modules = {f"guidance.{p.stem}" if p.stem != "__init__" else "guidance": p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    late: list[str] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for target in _ours(node, name):
                if target in modules and target != name:
                    edges[name].add(target)
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if [t for t in _ours(node, name) if t in modules]:
                    late.append(f"{path.name}:{node.lineno}")
    return edges, late


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_ours_imports_another_inside_a_function():
    assert graph()[1] == []


def test_the_package_has_no_import_cycle():
    assert cycles(graph()[0]) == []


def test_the_checker_sees_a_cycle_and_a_late_import():
    """The two checks above can fail: a made-up graph with a cycle is found."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse("def f():\n    from . import site\n")
    function = tree.body[0]
    assert [t for n in ast.walk(function) for t in _ours(n, "guidance.x")] == ["guidance.site"]
