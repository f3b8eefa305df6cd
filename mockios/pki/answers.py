"""Reading answers the way IOS does: `y`/`ye`/`yes`, `n`/`no`, re-asking otherwise."""

from __future__ import annotations

from mockios.dialog import Ask, Dialog

_PLEASE_ANSWER = "% Please answer 'yes' or 'no'.\n"


def yes_no(step: str, text: str, default: bool | None = None) -> Dialog:
    """`yield from yes_no(...)` gives True/False; a blank line takes `default` when given."""
    while True:
        answer = ((yield Ask(step, text)) or "").strip().lower()
        if not answer and default is not None:
            return default
        if answer and "yes".startswith(answer):
            return True
        if answer and "no".startswith(answer):
            return False
        yield _PLEASE_ANSWER
