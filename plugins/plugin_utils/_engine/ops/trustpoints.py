"""``crypto pki trustpoint`` blocks: the resource behind netpki.ios.trustpoints."""

from __future__ import annotations

from typing import Any

from .. import validate as v
from ..config.resources import TRUSTPOINTS
from ..config.task import run_block_task
from ..config.trustpoint_attributes import TRUSTPOINT_TABLE
from ..errors import ValidationError
from ..task import Task

# Checks per option, keyed by its full path (see validate.check_params); every string is also
# refused any control character or '?'.
VALUE_RULES: v.Rules = TRUSTPOINT_TABLE.value_rules()


def check_combinations(config: list[dict[str, Any]]) -> None:
    """What the argspec cannot say: options that only make sense together."""
    v.unique_names(config, "trustpoint")
    for index, tp in enumerate(config):
        path = f"config[{index}]"
        enrollment = tp.get("enrollment") or {}
        if enrollment.get("pem") and not enrollment.get("terminal"):
            raise ValidationError(f"{path}.enrollment.pem: needs enrollment.terminal: true")


def run(task: Task) -> dict[str, Any]:
    check_combinations(task.params.get("config") or [])
    return run_block_task(task, TRUSTPOINTS)
