"""The package's layers run one way: no import cycle, and no import of our own modules inside a
function (which is how a cycle hides). Read from the source with ``ast``, so it cannot regress
unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "guidance"


def _module_name(path: Path) -> tuple[str, bool]:
    """guidance/kinds/law.py -> ('guidance.kinds.law', False); guidance/kinds/__init__.py -> ('guidance.kinds', True)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _ours(node: ast.AST, module: str, is_package: bool = False) -> list[str]:
    """The modules of ours that an import statement names, as dotted names under guidance."""
    package = "guidance"
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        elif node.module and (node.module == package or node.module.startswith(package + ".")):
            target = node.module
        else:
            return []
        submodules = [f"{target}.{alias.name}" for alias in node.names]
        return submodules if node.module is None else [target] + submodules  # "from .. import x" imports x, not the package
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith(package + ".")]
    return []


def graph() -> tuple[dict[str, set[str]], list[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name, is_package = _module_name(path)
        modules[name] = (path, is_package)
    edges: dict[str, set[str]] = {name: set() for name in modules}
    late: list[str] = []
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for target in _ours(node, name, is_package):
                if target in modules and target != name:
                    edges[name].add(target)
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if [t for t in _ours(node, name, is_package) if t in modules]:
                    late.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
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


# The layers, top to bottom; a module may import its own layer and those below, never one above.
FOUNDATIONS = {"kind", "loader", "models", "records", "text", "paths", "pages", "sanitize", "svg", "picture", "pdf", "publish", "numbers", "contents", "claims", "readability", "usercache"}
SITE = {"site", "catalogue", "render", "handwritten", "static", "linkcheck", "finished"}


def _layer(module: str) -> int:
    if module == "guidance.kinds" or module.startswith("guidance.kinds."):
        return 1
    short = module.removeprefix("guidance.")
    if short in FOUNDATIONS:
        return 0
    if short in SITE:
        return 2
    return 3  # the engine adapter and the command line (mkdocs_hooks, __main__, the package itself)


def test_layers_import_only_downwards():
    edges = graph()[0]
    upward = [f"{a} -> {b}" for a, targets in edges.items() for b in targets
              if _layer(b) > _layer(a) and a != "guidance"]
    assert upward == []


def test_no_kind_imports_another():
    """A kind asks the catalogue for other kinds' records; only the registry imports them all."""
    edges = graph()[0]
    kinds = [m for m in edges if m.startswith("guidance.kinds.")]
    assert kinds, "the kinds live in guidance/kinds/"
    assert [f"{a} -> {b}" for a in kinds for b in edges[a] if b.startswith("guidance.kinds")] == []


def test_the_checker_sees_a_cycle_and_a_late_import():
    """The two checks above can fail: a made-up graph with a cycle is found."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse("def f():\n    from . import site\n")
    function = tree.body[0]
    assert "guidance.site" in [t for n in ast.walk(function) for t in _ours(n, "guidance.x")]
    assert "guidance.kinds.law" in _ours(ast.parse("from . import law").body[0], "guidance.kinds", is_package=True)
    assert "guidance.models" in _ours(ast.parse("from ..models import Key").body[0], "guidance.kinds.law")
