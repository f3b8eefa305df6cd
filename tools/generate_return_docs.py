"""Write the shared RETURN structures of docs/schema/return_structures.yml into the modules.

Ansible reads DOCUMENTATION and RETURN as literal YAML strings (ansible-doc and validate-modules
never import the module), so a structure several modules return is copied into each of them.
The copies are made here, from one declaration: a RETURN block marks where a structure goes,

    certificate:
      description: ...
      type: dict
      # BEGIN generated x509_certificate (make generate)
      contains:
        ...
      # END generated x509_certificate

and everything between the two markers is rewritten. ``--check`` writes nothing and exits 1
when a module is stale (tests/sanity/test_return_docs.py runs the same check).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from generated_files import stale, write_or_check

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "docs" / "schema" / "return_structures.yml"
MODULES = REPO / "plugins" / "modules"
LINE_LENGTH = 100
_BEGIN = re.compile(r"^(?P<indent> *)# BEGIN generated (?P<name>\w+) \(make generate\)$")
_END = re.compile(r"^ *# END generated (?P<name>\w+)$")


class SchemaError(Exception):
    pass


def load_schema(path: Path = SCHEMA) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


class _FlowDumper(yaml.SafeDumper):
    """Block style for the entries, flow style for a sample's lists and dicts (one line each,
    as the hand-written RETURN blocks have them)."""


class _Flow(dict):
    pass


class _FlowList(list):
    pass


_FlowDumper.add_representer(
    _Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)
_FlowDumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _flow(value: Any, room: int) -> Any:
    """``value`` in flow style when it fits in ``room`` columns on one line, else in block
    style with its items tried the same way."""
    if not isinstance(value, dict | list):
        return value
    flowed = _Flow(value) if isinstance(value, dict) else _FlowList(value)
    one_line = yaml.dump(flowed, Dumper=_FlowDumper, width=10_000, allow_unicode=True)
    if len(one_line.strip()) <= room and "\n" not in one_line.strip():
        return flowed
    if isinstance(value, dict):
        return {k: _flow(v, room - 2 - len(str(k))) for k, v in value.items()}
    return [_flow(v, room - 2) for v in value]


def _entries(contains: dict[str, Any], indent: int) -> dict[str, Any]:
    out = {}
    for key, entry in contains.items():
        entry = dict(entry)
        if "sample" in entry:
            entry["sample"] = _flow(entry["sample"], LINE_LENGTH - indent - len("  sample: "))
        if "contains" in entry:
            entry["contains"] = _entries(entry["contains"], indent + 4)
        out[key] = entry
    return out


def render(structure: dict[str, Any], indent: int) -> list[str]:
    """The ``contains:`` block of one structure, as lines indented by ``indent`` spaces."""
    text = yaml.dump(
        {"contains": _entries(structure["contains"], indent + 4)},
        Dumper=_FlowDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=LINE_LENGTH - indent - 20,
    )
    lines = [" " * indent + line if line else line for line in text.splitlines()]
    too_long = [line for line in lines if len(line) > LINE_LENGTH]
    if too_long:
        raise SchemaError(f"a generated line is longer than {LINE_LENGTH}: {too_long[0]!r}")
    return lines


def regenerate(text: str, schema: dict[str, Any], where: str = "module") -> str:
    """``text`` with every marked block rewritten from ``schema``."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        begin = _BEGIN.match(lines[i])
        out.append(lines[i])
        i += 1
        if not begin:
            continue
        name = begin["name"]
        if name not in schema:
            raise SchemaError(f"{where}: no structure {name!r} in {SCHEMA.name}")
        while i < len(lines) and not _END.match(lines[i]):
            i += 1
        if i == len(lines) or _END.match(lines[i])["name"] != name:
            raise SchemaError(f"{where}: '# BEGIN generated {name}' has no matching END")
        out += render(schema[name], len(begin["indent"]))
        out.append(lines[i])
        i += 1
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def markers(text: str) -> list[str]:
    """The structures a module's text holds copies of, in order."""
    return [m["name"] for line in text.splitlines() if (m := _BEGIN.match(line))]


def expected_modules(schema: dict[str, Any] | None = None) -> dict[Path, str]:
    schema = schema if schema is not None else load_schema()
    return {
        path: regenerate(path.read_text(), schema, path.name)
        for path in sorted(MODULES.glob("*.py"))
    }


def stale_modules(schema: dict[str, Any] | None = None) -> list[Path]:
    return stale(expected_modules(schema))


def main(argv: list[str] | None = None) -> int:
    return write_or_check(__doc__.splitlines()[0], expected_modules, argv)


if __name__ == "__main__":
    sys.exit(main())
