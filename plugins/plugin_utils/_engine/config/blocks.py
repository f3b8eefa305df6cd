"""Named configuration blocks (``crypto pki trustpoint X``, ``crypto pki profile enrollment X``).

A ``BlockResource`` says how one kind of block is rendered (a template), read back (a parser)
and removed. ``plan`` compares want with have line by line on the rendered form, so an option
needs nothing here: it exists once it is an entry of its resource's attribute table
(``trustpoint_attributes``, ``profile_attributes``).

Rules of the plan:
- a new block is its rendered lines;
- a changed block is its header, then ``no <line>`` for each line that goes, then each line
  that comes (removals first, so a replaced value never fights its predecessor);
- a removed block is ``no <header>``, followed by the answer to the confirmation IOS asks when
  the block has certificates (``Are you sure you want to do this? [yes/no]:``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..dialogs.engine import DialogTable
from ..facts import parse
from ..steps import Step, commands
from . import render, shape

__all__ = ["BlockResource", "Step", "commands", "expected_after", "plan"]


@dataclass(frozen=True)
class BlockResource:
    noun: str
    template: str
    template_variable: str
    parser_command: str
    header_keyword: str  # "crypto pki trustpoint"
    options: shape.Options
    builtin: Callable[[str], bool] = lambda name: False
    # Turns a value read from the device into the canonical form want uses (per option name).
    device_canonical: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    removal_dialog: DialogTable | None = None
    removal_answer: str = "yes"  # what the removal dialog answers when IOS asks to confirm

    def render(self, block: Mapping[str, Any]) -> list[str]:
        complete = shape.complete(block, self.options)
        return render.render_lines(self.template, **{self.template_variable: complete})

    def body(self, block: Mapping[str, Any]) -> list[str]:
        return [line.strip() for line in self.render(block)[1:]]

    def header(self, name: str) -> str:
        return f"{self.header_keyword} {name}"

    def parse(self, text: str) -> list[dict[str, Any]]:
        """Blocks of this kind found in running-config text (any section of it, or all)."""
        if self.header_keyword not in text:
            return []  # nothing to parse; the parser would call foreign text an error
        records = parse.parse_output(self.parser_command, text)
        return [self.canonical(shape.record_to_config(r, self.options)) for r in records]

    def canonical(self, block: dict[str, Any]) -> dict[str, Any]:
        for key, convert in self.device_canonical.items():
            if block.get(key) is not None:
                block[key] = convert(block[key])
        return block


def plan(
    resource: BlockResource,
    state: str,
    want: Sequence[Mapping[str, Any]],
    have: Sequence[Mapping[str, Any]],
    with_certificates: frozenset[str] = frozenset(),
) -> list[Step]:
    """Ordered steps that take the device from ``have`` to ``want`` under ``state``."""
    have_by_name = {block["name"]: block for block in have}
    steps: list[Step] = []
    if state == "deleted":
        names = (
            [w["name"] for w in want]
            if want
            else [name for name in have_by_name if not resource.builtin(name)]
        )
        for name in dict.fromkeys(names):
            if name in have_by_name:
                steps += _removal(resource, name, name in with_certificates)
        return steps
    for block in want:
        current = have_by_name.get(block["name"])
        target = shape.merge(current, block) if state == "merged" else block
        steps += _changes(resource, current, target)
    if state == "overridden":
        listed = {w["name"] for w in want}
        for name in have_by_name:
            if name not in listed and not resource.builtin(name):
                steps += _removal(resource, name, name in with_certificates)
    return steps


def expected_after(
    state: str,
    want: Sequence[Mapping[str, Any]],
    have: Sequence[Mapping[str, Any]],
    builtin: Callable[[str], bool],
) -> list[dict[str, Any]]:
    """What ``have`` becomes once the plan is applied (used in check mode)."""
    wanted = {w["name"]: w for w in want}
    if state == "deleted":
        gone = set(wanted) if want else {h["name"] for h in have if not builtin(h["name"])}
        return [dict(h) for h in have if h["name"] not in gone]
    result = []
    for block in have:
        name = block["name"]
        if name in wanted:
            result.append(
                shape.merge(block, wanted[name]) if state == "merged" else dict(wanted[name])
            )
        elif state != "overridden" or builtin(name):
            result.append(dict(block))
    known = {h["name"] for h in have}
    result += [dict(w) for w in want if w["name"] not in known]
    return [shape.prune(block) for block in result]


def _changes(
    resource: BlockResource, current: Mapping[str, Any] | None, target: Mapping[str, Any]
) -> list[Step]:
    target_lines = resource.body(target)
    if current is None:
        return [Step(resource.header(target["name"]))] + [Step(line) for line in target_lines]
    current_lines = resource.body(current)
    going = [line for line in current_lines if line not in target_lines]
    coming = [line for line in target_lines if line not in current_lines]
    if not going and not coming:
        return []
    return (
        [Step(resource.header(target["name"]))]
        + [Step(f"no {line}") for line in going]
        + [Step(line) for line in coming]
    )


def _removal(resource: BlockResource, name: str, has_certificates: bool) -> list[Step]:
    dialog = resource.removal_dialog
    answers = (resource.removal_answer,) if dialog and has_certificates else ()
    return [Step(f"no {resource.header(name)}", dialog=dialog, expected_answers=answers)]
