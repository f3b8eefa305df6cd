"""``crypto pki profile enrollment`` blocks: the resource behind netpki.ios.enrollment_profiles."""

from __future__ import annotations

from typing import Any

from .. import validate as v
from ..config.profile_attributes import PROFILE_TABLE
from ..config.resources import PROFILES
from ..config.task import run_block_task
from ..errors import ValidationError
from ..task import Task

# Checks per option, keyed by its full path (see validate.check_params); every string is also
# refused any control character or '?'.
VALUE_RULES: v.Rules = PROFILE_TABLE.value_rules()


def check_combinations(config: list[dict[str, Any]]) -> None:
    """What the argspec cannot say: unique names, unique parameter numbers."""
    v.unique_names(config, "profile")
    for index, profile in enumerate(config):
        path = f"config[{index}]"
        numbers = [p["number"] for p in profile.get("parameters") or []]
        for position, number in enumerate(numbers):
            if number in numbers[:position]:
                raise ValidationError(
                    f"{path}.parameters[{position}].number: parameter {number} is given twice"
                )


def run(task: Task) -> dict[str, Any]:
    check_combinations(task.params.get("config") or [])
    return run_block_task(task, PROFILES)
