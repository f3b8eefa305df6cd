"""The states of a block resource module (trustpoints, enrollment profiles), end to end.

One show command answers every question: ``show running-config | section crypto pki`` holds
the trustpoints, the profiles and the certificate chains (which tell whether removing a
trustpoint will ask for confirmation). A run with nothing to change costs one SSH session and
that one show command.
"""

from __future__ import annotations

from typing import Any

from . import parse
from ._action_module import Task
from .config_blocks import BlockResource, commands, expected_after, plan
from .errors import DeviceError
from .masking import mask_no_log_options
from .shape import prune

GATHER_COMMAND = "show running-config | section crypto pki"
_CHAIN_COMMAND = "show running-config | section crypto pki certificate chain"


def run_block_task(task: Task, resource: BlockResource) -> dict[str, Any]:
    state = task.params["state"]
    want = task.params.get("config") or []
    if state == "rendered":
        return {"rendered": commands(plan(resource, "merged", want, [])), "changed": False}
    if state == "parsed":
        parsed = resource.parse(task.params["running_config"])
        return {"parsed": _public(resource, parsed), "changed": False}

    text = task.session.show(GATHER_COMMAND)
    have = resource.parse(text)
    if state == "gathered":
        return {"gathered": _public(resource, have), "changed": False}

    steps = plan(resource, state, want, have, certificate_holders(text))
    result: dict[str, Any] = {
        "before": _public(resource, have),
        "commands": commands(steps),
        "changed": bool(steps),
    }
    if steps and not task.check_mode:
        task.session.configure(steps)
        after = resource.parse(task.session.show(GATHER_COMMAND))
        _verify(resource, state, want, after, task)
    elif steps:
        after = expected_after(state, want, have, resource.builtin)
    else:
        after = have
    if _should_save(task, bool(steps)):
        task.session.save()
    result["after"] = _public(resource, after)
    result["diff"] = {
        "before": _config_text(resource, have),
        "after": _config_text(resource, after),
    }
    return result


def certificate_holders(text: str) -> frozenset[str]:
    """Trustpoints with certificates installed (their removal asks for confirmation)."""
    if "crypto pki certificate chain" not in text:
        return frozenset()
    records = parse.parse_output(_CHAIN_COMMAND, text)
    return frozenset(r["CHAIN"] for r in records if r.get("CHAIN"))


def _verify(resource: BlockResource, state: str, want: list, after: list, task: Task) -> None:
    remaining = commands(plan(resource, state, want, after))
    if remaining:
        raise DeviceError(
            f"the router accepted the commands but its {resource.noun} configuration still "
            f"differs; still needed: {remaining}",
            task.transcript_tail(),
        )


def _should_save(task: Task, changed: bool) -> bool:
    save_when = task.params.get("save_when", "modified")
    if task.check_mode or save_when == "never":
        return False
    return save_when == "always" or changed


def _public(resource: BlockResource, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Blocks as returned to the user: sparse, secrets masked."""
    return [mask_no_log_options(prune(block), resource.options) for block in blocks]


def _config_text(resource: BlockResource, blocks: list[dict[str, Any]]) -> str:
    masked = _public(resource, blocks)
    return "".join("\n".join(resource.render(block)) + "\n!\n" for block in masked)
