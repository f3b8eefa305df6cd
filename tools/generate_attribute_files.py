"""Write what Ansible and ntc need literal from the attribute tables of the block resources.

Each attribute of trustpoints and enrollment profiles is declared once, in
plugins/plugin_utils/_engine/config/{trustpoint,profile}_attributes.py. Ansible reads a
module's DOCUMENTATION and its argspec without running the engine, the TextFSM template and the
Jinja template are files, and the parser test fixtures list every field of a record; all of
them are written here:

- the DOCUMENTATION suboptions of ``config``, between ``# BEGIN generated attributes of
  <module> (make generate)`` and ``# END generated attributes of <module>``;
- the ``*_OPTIONS`` literal of plugins/module_utils/<module>_argspec.py, between the same
  markers;
- templates/<template>.j2 and parsers/<template>.textfsm, whole;
- the field lists of tests/parsers/<command>/*.yml (the values are the fixture's own; a new
  field comes in empty, a removed one goes).

``--check`` writes nothing and exits 1 when a file is stale (tests/sanity/test_attribute_files.py
runs the same check).
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from fixture_yaml import fixture_text
from generated_files import stale, write_or_check

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build" / "collections"))  # `make collection-link`

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config import (  # noqa: E402
    attributes,
    profile_attributes,
    trustpoint_attributes,
)

Table = attributes.Table
TRUSTPOINT_TABLE = trustpoint_attributes.TRUSTPOINT_TABLE
PROFILE_TABLE = profile_attributes.PROFILE_TABLE

LINE_LENGTH = 100


@dataclass(frozen=True)
class Resource:
    module: str
    table: Table
    options_name: str  # the argspec literal
    template: str  # templates/<template>.j2
    parser: str  # parsers/<parser>.textfsm
    fixtures: str  # tests/parsers/<fixtures>/


RESOURCES = (
    Resource(
        "trustpoints",
        TRUSTPOINT_TABLE,
        "TRUSTPOINT_OPTIONS",
        "trustpoint",
        "cisco_ios_show_running-config_crypto_pki_trustpoint",
        "show_running-config_crypto_pki_trustpoint",
    ),
    Resource(
        "enrollment_profiles",
        PROFILE_TABLE,
        "PROFILE_OPTIONS",
        "enrollment_profile",
        "cisco_ios_show_running-config_crypto_pki_profile_enrollment",
        "show_running-config_crypto_pki_profile_enrollment",
    ),
)


class MarkerError(Exception):
    pass


def between_markers(text: str, module: str, block: list[str], where: str) -> str:
    """``text`` with the lines between the markers of ``module`` replaced by ``block``
    (indented as the BEGIN marker is)."""
    begin = re.compile(
        rf"^(?P<indent> *)# BEGIN generated attributes of {module} \(make generate\)$"
    )
    end = re.compile(rf"^ *# END generated attributes of {module}$")
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if begin.match(line)]
    ends = [i for i, line in enumerate(lines) if end.match(line)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise MarkerError(f"{where}: needs one BEGIN and one END marker of {module}, in order")
    indent = begin.match(lines[starts[0]])["indent"]
    body = [indent + line if line else line for line in block]
    out = lines[: starts[0] + 1] + body + lines[ends[0] :]
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


# ---------------------------------------------------------------- the pieces


def documentation(table: Table, indent: int) -> list[str]:
    """The suboptions as YAML lines (without ``indent``), wrapped as the hand-written docs
    are; refused when they would not load back as the table's docs."""
    return options_yaml(table.docs(), indent)


def options_yaml(docs: dict[str, Any], indent: int) -> list[str]:
    """Documented options as YAML lines (without ``indent``), wrapped as the hand-written
    docs are; refused when they would not load back as ``docs``."""
    lines = _yaml_options(docs, indent)
    loaded = yaml.safe_load("\n".join(lines))
    if _as_lists(loaded) != _as_lists(docs):
        raise MarkerError("the generated DOCUMENTATION does not load back as the docs")
    return lines


def _as_lists(docs: Any) -> Any:
    """Docs with every description a list (a long one is written as one)."""
    if isinstance(docs, dict):
        return {
            k: [v] if k == "description" and isinstance(v, str) else _as_lists(v)
            for k, v in docs.items()
        }
    return docs


def _yaml_options(options: dict[str, Any], indent: int) -> list[str]:
    out: list[str] = []
    for name, entry in options.items():
        out.append(f"{name}:")
        out += ["  " + line for line in _yaml_entry(entry, indent + 2)]
    return out


def _yaml_entry(entry: dict[str, Any], indent: int) -> list[str]:
    out: list[str] = []
    for key, value in entry.items():
        if key == "description":
            out += _yaml_description(value, indent)
        elif key == "suboptions":
            out.append("suboptions:")
            out += ["  " + line for line in _yaml_options(value, indent + 2)]
        elif isinstance(value, list):
            out.append(f"{key}: [{', '.join(value)}]")
        elif isinstance(value, bool):
            out.append(f"{key}: {str(value).lower()}")
        else:
            out.append(f"{key}: {value}")
    return out


def _yaml_description(text: str | list[str], indent: int) -> list[str]:
    room = LINE_LENGTH - indent
    if isinstance(text, str) and len("description: ") + len(text) <= room:
        return [f"description: {text}"]
    out = ["description:"]
    for paragraph in [text] if isinstance(text, str) else text:
        out += textwrap.wrap(
            paragraph,
            room - 2,
            initial_indent="  - ",
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


def python_literal(value: Any, indent: int = 0) -> str:
    """``value`` as ruff formats it: a dict or a list that does not fit on its line is one
    item a line with a trailing comma; every dict is one item a line."""
    pad = " " * (indent + 4)
    if isinstance(value, dict) and value:
        items = [
            f"{pad}{json.dumps(k)}: {python_literal(v, indent + 4)}," for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(value, list):
        flat = "[" + ", ".join(python_literal(v, indent + 4) for v in value) + "]"
        if "\n" not in flat and indent + len(flat) + 8 <= LINE_LENGTH:
            return flat
        items = [f"{pad}{python_literal(v, indent + 4)}," for v in value]
        return "[\n" + "\n".join(items) + "\n" + " " * indent + "]"
    if isinstance(value, str | dict):
        return json.dumps(value)
    return repr(value)


def argspec(resource: Resource) -> list[str]:
    literal = python_literal(resource.table.options())
    return [f"{resource.options_name} = {literal}"] + [
        f"{resource.options_name.removesuffix('_OPTIONS')}_BLOCK_RULES = "
        + python_literal(resource.table.block_rules)
    ]


def fixture(text: str, table: Table) -> str:
    """A parser fixture with each record's fields in the table's order."""
    records = yaml.safe_load(text)["parsed_sample"]
    fields = table.fields()
    ordered = [
        {name: record.get(name, table.empty_field(name)) for name in fields} for record in records
    ]
    return fixture_text(ordered)


# ---------------------------------------------------------------- the files


def expected_files() -> dict[Path, str]:
    """Every generated file and the text it must hold."""
    files: dict[Path, str] = {}
    for resource in RESOURCES:
        module = REPO / "plugins" / "modules" / f"{resource.module}.py"
        text = module.read_text()
        marker = re.search(rf"^( *)# BEGIN generated attributes of {resource.module} ", text, re.M)
        indent = len(marker.group(1)) if marker else 0
        files[module] = between_markers(
            text, resource.module, documentation(resource.table, indent), module.name
        )
        spec = REPO / "plugins" / "module_utils" / f"{resource.module}_argspec.py"
        files[spec] = between_markers(
            spec.read_text(), resource.module, argspec(resource), spec.name
        )
        files[REPO / "templates" / f"{resource.template}.j2"] = resource.table.jinja()
        files[REPO / "parsers" / f"{resource.parser}.textfsm"] = resource.table.textfsm()
        for sample in sorted((REPO / "tests" / "parsers" / resource.fixtures).glob("*.yml")):
            files[sample] = fixture(sample.read_text(), resource.table)
    return files


def stale_files() -> list[Path]:
    return stale(expected_files())


def main(argv: list[str] | None = None) -> int:
    return write_or_check(__doc__.splitlines()[0], expected_files, argv)


if __name__ == "__main__":
    sys.exit(main())
