"""`no crypto pki trustpoint TP`: an enrolled trustpoint asks before destroying its certs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockios.dialog import Dialog

from .answers import yes_no
from .state import pki_state
from .state_store import save_pki_state

REMOVE_TEXT = (
    "% Removing an enrolled trustpoint will destroy all certificates\n"
    " received from the related Certificate Authority.\n\n"
)
REMOVE_QUESTION = "Are you sure you want to do this? [yes/no]: "
REVOKE_REMINDER = "% Be sure to ask the CA administrator to revoke your certificates.\n"


def removal_handler(core_handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap the core's `no crypto pki trustpoint` with the IOS confirmation dialog."""

    def handler(ctx: Any) -> Dialog | str:
        name = ctx.args[0]
        if not ctx.device.running.chains.get(name):
            _forget(ctx.device, name)
            return core_handler(ctx)
        return _confirm(ctx, name, core_handler)

    return handler


def _confirm(ctx: Any, name: str, core_handler: Callable[[Any], Any]) -> Dialog:
    yield REMOVE_TEXT
    if not (yield from yes_no("remove_trustpoint", REMOVE_QUESTION)):
        return ""
    _forget(ctx.device, name)
    output = core_handler(ctx) or ""
    return REVOKE_REMINDER + output


def _forget(device: Any, name: str) -> None:
    state = pki_state(device)
    state.pending.pop(name, None)
    state.terminal_requests.pop(name, None)
    state.last_status.pop(name, None)
    save_pki_state(device)
