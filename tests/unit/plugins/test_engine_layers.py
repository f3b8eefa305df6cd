"""The engine's layers, read from its imports: the engine knows nothing of Ansible's plugin
classes (the action base adapts Ansible to it), only the action plugins use the operations,
and no two engine modules import each other in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[3] / "plugins"
ENGINE = PLUGINS / "plugin_utils" / "_engine"
PREFIX = "ansible_collections.netpki.ios."


def _module_name(path: Path) -> str:
    parts = path.relative_to(PLUGINS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    base = PLUGINS.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved; names in the collection
    without the ``ansible_collections.netpki.ios.`` prefix."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.removeprefix(PREFIX) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = (node.module or "").removeprefix(PREFIX)
            found.add(module)
            found.update(
                f"{module}.{alias.name}"
                for alias in node.names
                if _is_module(f"{module}.{alias.name}")
            )
    return found


ENGINE_FILES = sorted(ENGINE.rglob("*.py"))
GRAPH = {_module_name(path): _imports(path) for path in ENGINE_FILES}


def test_the_engine_has_its_layers() -> None:
    assert {path.parent.name for path in ENGINE_FILES} >= {
        "transport",
        "dialogs",
        "config",
        "x509",
        "facts",
        "ops",
        "audit",
    }


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_engine_module_imports_ansible_plugin_classes(module: str) -> None:
    adapters = ("ansible.plugins", "plugins.action", "plugins.plugin_utils._action_module")
    bad = [name for name in GRAPH[module] if name.startswith(adapters)]
    assert not bad, f"{module} imports {bad}"


def test_one_operation_per_module_named_as_the_module() -> None:
    modules = {path.stem for path in (PLUGINS / "modules").glob("*.py")}
    operations = {path.stem for path in (ENGINE / "ops").glob("*.py")} - {"__init__"}
    assert operations == modules


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if ".ops" not in m))
def test_only_the_action_plugins_use_the_operations(module: str) -> None:
    ops = "plugins.plugin_utils._engine.ops"
    assert not [name for name in GRAPH[module] if name.startswith(ops)]


def test_the_action_plugins_run_their_operation_through_the_action_base() -> None:
    for path in sorted((PLUGINS / "action").glob("*.py")):
        imported = _imports(path)
        assert f"plugins.plugin_utils._engine.ops.{path.stem}" in imported, path.name
        assert "plugins.plugin_utils._action_module" in imported, path.name


def test_no_import_cycle_in_the_engine() -> None:
    edges = {m: {n for n in names if n in GRAPH and n != m} for m, names in GRAPH.items()}
    done: set[str] = set()

    def visit(module: str, stack: list[str]) -> None:
        if module in stack:
            cycle = stack[stack.index(module) :] + [module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for name in sorted(edges[module]):
            visit(name, [*stack, module])
        done.add(module)

    for module in sorted(edges):
        visit(module, [])


_IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import ansible_collections.netpki.ios.plugins.plugin_utils._engine as engine
for info in pkgutil.walk_packages(engine.__path__, engine.__name__ + "."):
    importlib.import_module(info.name)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config import render
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import parse
print("netmiko" in sys.modules, parse._index.cache_info().currsize,
      render._environment.cache_info().currsize)
if sys.argv[1] == "warm":
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.warm import warm_up
    warm_up()
    print("netmiko" in sys.modules, parse._index.cache_info().currsize,
          render._environment.cache_info().currsize)
"""


@pytest.mark.parametrize("warm", ["cold", "warm"])
def test_importing_the_engine_does_no_work_until_the_action_base_warms_it(warm: str) -> None:
    import subprocess
    import sys

    collections = PLUGINS.parent / "build" / "collections"
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING, warm],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(collections), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    lines = run.stdout.splitlines()
    assert lines[0] == "False 0 0"  # nothing imported or compiled at import time
    if warm == "warm":
        assert lines[1] == "True 1 1"
