"""``save_when``: whether a task ends with ``write memory``."""

from __future__ import annotations

from typing import Any


def save_if_needed(task: Any, changed: bool) -> bool:
    """Save per ``save_when`` (never, modified, always); never in check mode. True if saved."""
    save_when = task.params.get("save_when", "modified")
    if task.check_mode or save_when == "never" or not (save_when == "always" or changed):
        return False
    task.session.save()
    return True
