"""RETURN docs held to values: the check shared by tests/sanity/test_return_docs.py (fact
builders on real outputs) and tests/integration/test_return_docs_live.py (modules run against
mockios).

A value is held to a RETURN entry recursively: a key returned but not documented, a key
documented as always returned but missing, another type, or null where the description does
not say when, is a problem. ``seen`` collects the paths that came with a value, so a test can
also tell which documented keys nothing returned.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import generate_return_docs as generator  # noqa: E402

TYPES: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, float),
    "bool": lambda v: isinstance(v, bool),
    "dict": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
    "raw": lambda v: True,
}
# A dict documented with `contains` that describes each of its values (keyed by a name).
KEYED_BY_NAME = {("pki_info", "trustpoints")}


@cache
def schema() -> dict[str, Any]:
    return generator.load_schema()


@cache
def shapes() -> dict[tuple[str, str], str]:
    """(module, path) -> structure, for the paths documented "in the shape of" a structure
    rather than holding a copy (the schema's `referred_by`)."""
    return {
        (module, path): name
        for name, structure in schema().items()
        for module, paths in (structure.get("referred_by") or {}).items()
        for path in paths
    }


def module_text(module: str) -> str:
    return (REPO / "plugins" / "modules" / f"{module}.py").read_text()


@cache
def return_doc(module: str) -> dict[str, Any]:
    """The module's RETURN as ansible-doc reads it: the literal string, never imported."""
    tree = ast.parse(module_text(module))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "RETURN":
            return yaml.safe_load(node.value.value) or {}
    raise AssertionError(f"{module} has no RETURN")


def modules() -> list[str]:
    return sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py"))


# ---------------------------------------------------------------- the check


class Checker:
    """Values held to RETURN entries; records problems and the paths seen with a value."""

    def __init__(self, module: str | None = None, *, partial: bool = False) -> None:
        self.module = module
        self.partial = partial  # a sample: may leave keys out and hold nulls
        self.problems: set[str] = set()
        self.seen: set[str] = set()
        # Top-level dicts documented by a sample only: the keys returned, and the entry.
        self.record_keys: dict[str, set[str]] = {}
        self.records: dict[str, dict[str, Any]] = {}

    def contains(self, entries: dict[str, Any], value: dict[str, Any], path: str) -> None:
        for key in value:
            if key not in entries:
                self.problems.add(f"{path}{key}: returned but not documented")
        for key, entry in entries.items():
            if key in value:
                self.entry(entry, value[key], f"{path}{key}")
            elif entry.get("returned", "always") == "always" and not self.partial:
                self.problems.add(f"{path}{key}: documented as always returned, missing")

    def entry(self, entry: dict[str, Any], value: Any, path: str) -> None:
        if value is None:
            if not self.partial and "null" not in _text(entry.get("description")).lower():
                self.problems.add(f"{path}: returned null, the description does not say when")
            return
        self.seen.add(path)
        kind = entry.get("type", "str")
        if not TYPES[kind](value):
            self.problems.add(f"{path}: documented {kind}, returned {type(value).__name__}")
            return
        entries = self.shape_of(entry, path)
        if entries is None and "." not in path:
            self._record(entry, value, path)
        if kind == "list":
            element = entry.get("elements")
            for item in value:
                if element and item is not None and not TYPES[element](item):
                    self.problems.add(f"{path}[]: documented {element}, returned {item!r}")
                elif entries is not None and isinstance(item, dict):
                    self.contains(entries, item, f"{path}[].")
        elif kind == "dict" and entries is not None:
            if (self.module, path) in KEYED_BY_NAME:
                for item in value.values():
                    self.contains(entries, item, f"{path}.*.")
            else:
                self.contains(entries, value, f"{path}.")

    def _record(self, entry: dict[str, Any], value: Any, path: str) -> None:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                self.record_keys.setdefault(path, set()).update(item)
                self.records[path] = entry

    def sample_keys_not_returned(self) -> list[str]:
        """Keys in the sample of a top-level dict (or list of dicts) documented by its sample
        only that no result returned: a sample must not show keys the module never sends."""
        found = []
        for path, entry in self.records.items():
            sample = entry.get("sample")
            items = sample if isinstance(sample, list) else [sample]
            keys = {k for item in items if isinstance(item, dict) for k in item}
            found += [f"{path}: sample key {k}" for k in sorted(keys - self.record_keys[path])]
        return found

    def shape_of(self, entry: dict[str, Any], path: str) -> dict[str, Any] | None:
        if "contains" in entry:
            return entry["contains"]
        shape = shapes().get((self.module, path))
        return schema()[shape]["contains"] if shape else None


def _text(description: Any) -> str:
    return " ".join(description) if isinstance(description, list) else str(description or "")


def documented_paths(module: str | None, entries: dict[str, Any], path: str = "") -> Iterator[str]:
    for key, entry in entries.items():
        yield f"{path}{key}"
        if "contains" in entry:
            if (module, f"{path}{key}") in KEYED_BY_NAME:
                below = ".*."
            else:
                below = "[]." if entry.get("type") == "list" else "."
            yield from documented_paths(module, entry["contains"], f"{path}{key}{below}")
