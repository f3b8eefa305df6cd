"""The YAML layout of the parser fixtures (tests/parsers/<command>/*.yml): ntc-templates' own,
a list indented under its key, as ansible-lint's yaml rule (yamllint) wants it."""

from __future__ import annotations

from typing import Any

import yaml


class _IndentedListDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def fixture_text(records: list[dict[str, Any]]) -> str:
    """The text of a fixture holding these parsed records, in their own key order."""
    return "---\n" + yaml.dump(
        {"parsed_sample": records},
        Dumper=_IndentedListDumper,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
