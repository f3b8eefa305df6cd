"""The trustpoint a ``crypto pki authenticate|enroll|import NAME`` command names."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import messages

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.registry import CommandContext


def named_trustpoint(command: Callable[[CommandContext, Trustpoint], Any]):
    """The command handler, given the trustpoint its first argument names. For a trustpoint
    that does not exist, IOS says so before anything else."""

    @functools.wraps(command)
    def handler(ctx: CommandContext) -> Any:
        name = ctx.args[0]
        trustpoint = ctx.device.running.trustpoints.get(name)
        if trustpoint is None:
            return messages.trustpoint_missing(name)
        return command(ctx, trustpoint)

    return handler
