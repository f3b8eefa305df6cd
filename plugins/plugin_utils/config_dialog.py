"""Interactive PKI commands (authenticate, enroll, import) run in global configuration mode.

``DeviceSession.configure`` runs dialog tables without per-call answers; the enrollment
operations need answers (passwords, pastes) and checks (the CA fingerprint). This enters
config mode through the session's public channel calls, runs one dialog, and returns to the
exec prompt. On a dialog error the engine has already aborted and left config mode.
"""

from __future__ import annotations

from typing import Any

from .dialogs import DialogResult, DialogTable
from .errors import DialogError


def run_config_dialog(
    session: Any, table: DialogTable, command: str, **options: Any
) -> DialogResult:
    """Type ``command`` in config mode, see its dialog through, and go back to exec mode."""
    _send(session, "configure terminal", session.any_prompt)
    result = session.dialog(table, command, **options)
    if "(" in result.prompt:  # a config-mode prompt: R1(config)#
        _send(session, "end", session.exec_prompt)
    return result


def _send(session: Any, line: str, prompt: str) -> None:
    session.write_channel(line + "\n")
    try:
        session.read_until_pattern(prompt)
    except Exception as exc:  # netmiko ReadTimeout: the router never showed its prompt
        raise DialogError(
            f"no prompt after '{line}' ({type(exc).__name__})", session.transcript_tail()
        ) from exc
