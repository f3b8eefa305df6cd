"""The states of a block resource module (trustpoints, enrollment profiles), end to end.

One show command answers every question: ``show running-config | section crypto pki`` holds
the trustpoints, the profiles and the certificate chains (which tell whether removing a
trustpoint will ask for confirmation). A run with nothing to change costs one SSH session and
that one show command.
"""

from __future__ import annotations

from typing import Any

from .. import diff
from ..errors import DeviceError, DialogError, NetpkiError, ParseError
from ..facts.chains import chain_entries
from ..facts.trustpoint import WHOLE_SECTION
from ..masking import mask_no_log_options
from ..task import Task
from .blocks import BlockResource, Step, commands, expected_after, plan
from .readback import check_reads_back
from .saving import save_if_needed
from .shape import prune

GATHER_COMMAND = WHOLE_SECTION


def run_block_task(task: Task, resource: BlockResource) -> dict[str, Any]:
    state = task.params["state"]
    want = task.params.get("config") or []
    check_reads_back(resource, want)  # before connecting: a value that cannot verify is refused
    if state == "rendered":
        return {"rendered": commands(plan(resource, "merged", want, [])), "changed": False}
    if state == "parsed":
        parsed = resource.parse(task.params["running_config"])
        return {"parsed": _public(resource, parsed), "changed": False}

    text = task.session.show(GATHER_COMMAND)
    have = resource.parse(text)
    if state == "gathered":
        return {"gathered": _public(resource, have), "changed": False}

    holders = certificate_holders(text)
    steps = plan(resource, state, want, have, holders)
    result: dict[str, Any] = {
        "before": _public(resource, have),
        "commands": commands(steps),
        "changed": bool(steps),
    }
    if steps and not task.check_mode:
        try:
            task.session.configure(steps)
            after = resource.parse(task.session.show(GATHER_COMMAND))
            _verify(resource, state, want, after, task)
        except (DeviceError, DialogError, ParseError) as error:
            # A refused line, or a block that does not read back as sent: undo the run.
            raise _rolled_back(task, resource, have, holders, steps, error) from error
    elif steps:
        after = expected_after(state, want, have, resource.builtin)
    else:
        after = have
    save_if_needed(task, bool(steps))
    result["after"] = _public(resource, after)
    result["diff"] = diff.diff(
        f"running-config: {resource.header_keyword}",
        _config_text(resource, have),
        _config_text(resource, after),
    )
    return result


def certificate_holders(text: str) -> frozenset[str]:
    """Trustpoints with certificates installed (their removal asks for confirmation)."""
    return frozenset(entry.trustpoint for entry in chain_entries(text) if entry.trustpoint)


def _rolled_back(
    task: Task,
    resource: BlockResource,
    have: list,
    holders: frozenset[str],
    steps: list[Step],
    error: NetpkiError,
) -> NetpkiError:
    """A refused line or a failed verify stops a run: put the blocks this run touched back as
    they were (a new block is removed), read them again, and say in the error whether the
    router is as the run found it (``holders``: the trustpoints that held certificates)."""
    rolled_back = False
    try:
        undo = _remaining_undo(task, resource, have, steps)[0]
        task.session.configure(undo)
        left, holders_now = _remaining_undo(task, resource, have, steps)
    except NetpkiError as failure:
        note = f"; putting the {resource.noun}s back as they were failed too: {failure.msg}"
    else:
        # A removed trustpoint's certificates went with it: its lines alone cannot bring them back.
        lost = sorted((holders & _named(resource, steps)) - holders_now)
        rolled_back = not left and not lost
        if left:
            note = f"; rolling back did not restore them, still differing: {commands(left)}"
        else:
            note = f"; rolled back: {commands(undo)}" if undo else "; nothing was changed"
        if lost:
            note += f"; the certificates of {', '.join(lost)} were removed and cannot be put back"
    reported = type(error)(error.msg + note, error.transcript_tail)
    reported.rolled_back = rolled_back
    return reported


def _remaining_undo(
    task: Task, resource: BlockResource, have: list, steps: list[Step]
) -> tuple[list[Step], frozenset[str]]:
    """The steps that would still put the touched blocks back, and who holds certificates."""
    text = task.session.show(GATHER_COMMAND)
    holders = certificate_holders(text)
    return _undo_steps(resource, have, resource.parse(text), steps, holders), holders


def _named(resource: BlockResource, steps: list[Step]) -> set[str]:
    return {_block_name(resource, step.line) for step in steps} - {None}


def _undo_steps(
    resource: BlockResource,
    have: list,
    current: list,
    steps: list[Step],
    with_certificates: frozenset[str],
) -> list[Step]:
    # Only the blocks the run's own steps named: another session may be editing the others.
    named = _named(resource, steps)
    before = {block["name"]: block for block in have}
    now = {block["name"]: block for block in current}
    touched = [
        name
        for name in sorted(named)
        if (name in before) != (name in now)
        or (name in before and resource.body(before[name]) != resource.body(now[name]))
    ]
    undo = plan(resource, "replaced", [before[n] for n in touched if n in before], current)
    added = [{"name": n} for n in touched if n not in before]
    if added:  # (an empty list would mean "delete them all")
        undo += plan(resource, "deleted", added, current, with_certificates)
    return undo


def _block_name(resource: BlockResource, line: str) -> str | None:
    words = line.removeprefix("no ").strip()
    prefix = resource.header_keyword + " "
    return words[len(prefix) :].strip() if words.startswith(prefix) else None


def _verify(resource: BlockResource, state: str, want: list, after: list, task: Task) -> None:
    remaining = commands(plan(resource, state, want, after))
    if remaining:
        raise DeviceError(
            f"the router accepted the commands but its {resource.noun} configuration still "
            f"differs; still needed: {remaining}",
            task.transcript_tail(),
        )


def _public(resource: BlockResource, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks as returned to the user: sparse, secrets masked."""
    return [mask_no_log_options(prune(block), resource.options) for block in blocks]


def _config_text(resource: BlockResource, blocks: list[dict[str, Any]]) -> str:
    masked = _public(resource, blocks)
    return "".join("\n".join(resource.render(block)) + "\n!\n" for block in masked)
