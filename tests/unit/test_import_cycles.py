"""No import cycle inside mockios/ or plugins/, read from the source with ``ast``.

Every import counts, wherever it stands: module level, inside a function, or under
``if TYPE_CHECKING:`` (a cycle that only type hints close is still a knot to untie).
``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``.
Importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``, but those implicit edges
are left out, as import-linter and pydeps do: a package's own modules always import it.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# How plugins/ spells its own modules (Ansible's collection loader), mapped to the repo root.
ALIASES = {"ansible_collections.netpki.ios.": ""}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: str) -> dict[str, set[str]]:
    """``module -> modules it imports``, for the modules under ``REPO/package``."""
    paths = {module_name(p): p for p in (REPO / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, name, is_package)
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    targets.add(child if child in paths else base)
        graph[name] = {t for t in map(_unalias, targets) if t in paths and t != name}
    return graph


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = importer.split(".")
    anchor = parts if is_package else parts[:-1]
    anchor = anchor[: len(anchor) - (node.level - 1)]
    return ".".join([*anchor, node.module] if node.module else anchor)


def _unalias(name: str) -> str:
    for prefix, replacement in ALIASES.items():
        if name.startswith(prefix):
            return replacement + name[len(prefix) :]
    return name


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_graph_reader_sees_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_reader_reads_mockios_imports() -> None:
    graph = import_graph("mockios")
    assert "mockios.registry" in graph["mockios.commands_exec"]  # from mockios.registry import
    assert "mockios.pki.keys" in graph["mockios.pki.commands"]  # from . import keys


def test_mockios_has_no_import_cycle() -> None:
    assert cycles(import_graph("mockios")) == []


def test_plugins_have_no_import_cycle() -> None:
    assert cycles(import_graph("plugins")) == []
