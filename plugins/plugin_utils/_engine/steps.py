"""A planned step: one config-mode line, or an interactive command and its dialog.

Plans are lists of steps. They are what check mode returns (as ``commands``) and what the
session executes, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .dialogs.engine import Check, DialogTable


@dataclass(frozen=True)
class Step:
    """``line``, typed in config mode. With ``dialog``, the dialog engine runs it, with
    ``answers`` for the table's per-call answers and ``checks`` for its decisions (the CA
    fingerprint). ``expected_answers`` are the answers IOS is expected to ask for, listed
    after the line in ``commands``."""

    line: str
    dialog: DialogTable | None = None
    answers: Mapping[str, str] = field(default_factory=dict)
    checks: Mapping[str, Check] = field(default_factory=dict)
    expected_answers: tuple[str, ...] = ()


def commands(steps: Sequence[Step]) -> list[str]:
    """The lines as a user would type them, with the answers given to IOS questions."""
    lines: list[str] = []
    for step in steps:
        lines.append(step.line)
        lines.extend(step.expected_answers)
    return lines
