"""Every value we write must read back: render a block, parse the lines, compare.

A value the parser cannot read back from the line it renders (``http_proxy: "p | include x"``)
would be written, then never verify: the run would fail on every attempt and leave the line
behind. ``check_reads_back`` refuses such a value before anything reaches a router, naming
the field's path (``config[0].enrollment.http_proxy``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..errors import ParseError, ValidationError
from .blocks import BlockResource
from .shape import Options


def check_reads_back(
    resource: BlockResource, config: Sequence[Mapping[str, Any]], path: str = "config"
) -> None:
    """Raise ValidationError at the first string option whose rendered line reads back as
    anything but the value itself."""
    for index, block in enumerate(config):
        lines = resource.render(block)
        try:
            parsed = resource.parse("\n".join(lines) + "\n!\n")
        except ParseError:
            parsed = []
        back = parsed[0] if len(parsed) == 1 else {}
        for where, value, got, spec in mismatches(
            block, back, resource.options, f"{path}[{index}]"
        ):
            raise ValidationError(f"{where}: {_describe(value, got, lines, spec)}")


def mismatches(
    want: Mapping[str, Any], back: Mapping[str, Any], options: Options, path: str
) -> Iterator[tuple[str, Any, Any, Mapping[str, Any]]]:
    """(path, value, value read back, option spec) of each string option that differs."""
    for key, spec in options.items():
        value = want.get(key)
        if value is None:
            continue
        got = back.get(key) if back else None
        here = f"{path}.{key}"
        kind = spec.get("type", "str")
        if kind == "dict" and spec.get("options"):
            yield from mismatches(value, got or {}, spec["options"], here)
        elif kind == "list" and spec.get("elements") == "dict":
            got = got or []
            for position, item in enumerate(value):
                read = got[position] if position < len(got) else {}
                yield from mismatches(item, read, spec["options"], f"{here}[{position}]")
        elif kind == "str" and got != value:
            yield here, value, got, spec


def _describe(value: Any, got: Any, lines: list[str], spec: Mapping[str, Any]) -> str:
    if spec.get("no_log"):
        return "this value would not read back from the router's configuration as it was given"
    line = next((line.strip() for line in lines[1:] if str(value) in line), None)
    written = f"the line {line!r}" if line else "the configuration"
    read = "nothing" if got is None else repr(got)
    return (
        f"{value!r} would not read back: {written} reads back as {read}, so the task could "
        "never verify it; give the value as IOS stores it"
    )
