"""Per-device session log, JSON lines, that tests read.

File: ``<state-dir>/<hostname>/session.log``. One entry per event:

- ``{"ts", "session", "event": "connect", "peer", "user"}`` and ``{"event": "disconnect",
  "mode", "in_dialog", "dropped"}`` (where the session was left; ``dropped`` when the
  ``disconnect_at`` fault cut it);
- ``{"ts", "session", "event": "line", "mode", "line", "command"}`` for each line the client
  entered: ``mode`` is the mode it was typed in (``exec``, ``config``, ``ca-trustpoint``,
  ``ca-profile-enroll``, ``config-cert-chain``, ``config-pki-hexmode``, ``config-if``) or
  ``dialog`` for an answer to a dialog question (then ``step`` names the question).
  ``command`` is the expanded keyword form when the line parsed (``configure terminal`` for
  ``conf t``), else "".

Secrets never reach the log: answers to secret questions (enable secret, challenge
password), everything after a ``password``/``secret`` keyword on a command line (also when
abbreviated, e.g. ``crypto pki import TP pkcs12 flash:x.p12 pass P``), every line of a
private-key paste and any line pasted between ``-----BEGIN ... PRIVATE KEY-----`` and its
``-----END`` line are replaced by ``<masked>``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

MASK = "<masked>"
_TOKEN = re.compile(r"\S+")
_SECRET_KEYWORDS = ("password", "secret")
_BEGIN_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
_END_PRIVATE_KEY = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY-----")
_NOT_CONFIG = {"configure terminal", "end", "exit", "quit"}
EXEC_MODES = ("exec", "dialog")


def _is_secret_keyword(token: str, words: list[str] | None, index: int) -> bool:
    if words is not None:  # the parser expanded the keywords: trust it
        return index < len(words) and words[index].lower() in _SECRET_KEYWORDS
    # Unparsed line: any abbreviation of a secret keyword counts (over-masking is harmless).
    lowered = token.lower()
    return len(lowered) >= 2 and any(word.startswith(lowered) for word in _SECRET_KEYWORDS)


def mask_line(line: str, words: list[str] | None = None) -> str:
    """``line`` with everything after a ``password``/``secret`` keyword masked.

    ``words`` are the parser's expanded words of the line (one per typed token), when it
    parsed; without them abbreviations of the keywords are recognised."""
    tokens = list(_TOKEN.finditer(line))
    for index, token in enumerate(tokens[:-1]):
        if _is_secret_keyword(token.group(), words, index):
            return line[: tokens[index + 1].start()] + MASK
    return line


class PasteMasker:
    """Masks the secret lines of one paste: a private-key paste whole, else PEM key blocks."""

    def __init__(self, secret: bool = False) -> None:
        self.secret = secret
        self._inside_key = False

    def mask(self, line: str) -> str:
        if _BEGIN_PRIVATE_KEY.search(line):
            self._inside_key = True
            return line
        if _END_PRIVATE_KEY.search(line):
            self._inside_key = False
            return line
        if (self.secret or self._inside_key) and line.strip().lower() != "quit":
            return MASK if line.strip() else line
        return line


class SessionLog:
    """Appends JSON lines to a file (or only to memory when there is no state dir)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, session: int, event: str, **fields: Any) -> None:
        entry = {"ts": round(time.time(), 6), "session": session, "event": event, **fields}
        with self._lock:
            self.entries.append(entry)
            if len(self.entries) > 10000:  # memory copy is a convenience, keep it bounded
                del self.entries[:5000]
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(entry) + "\n")


def read_session_log(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _line_entries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if e.get("event", "line") == "line"]


def _is_do(entry: dict[str, Any]) -> bool:
    return entry["line"].strip().lower().startswith("do ")


def config_lines(entries: list[dict[str, Any]]) -> list[str]:
    """Lines typed in any config mode, without configure terminal/end/exit, blanks and ``do``."""
    result = []
    for entry in _line_entries(entries):
        line = entry["line"].strip()
        if entry["mode"] in EXEC_MODES or not line or _is_do(entry):
            continue
        if entry.get("command", "") in _NOT_CONFIG or line.lower() in _NOT_CONFIG:
            continue
        result.append(entry["line"])
    return result


def show_commands(entries: list[dict[str, Any]]) -> list[str]:
    """``show`` commands typed in exec mode, or with ``do`` in a config mode (expanded form)."""
    result = []
    for entry in _line_entries(entries):
        command = entry.get("command", "")
        if entry["mode"] == "exec" and command.startswith("show"):
            result.append(command)
        elif entry["mode"] not in EXEC_MODES and _is_do(entry) and command.startswith("show"):
            result.append(command)
    return result


def sessions(entries: list[dict[str, Any]]) -> int:
    """How many SSH sessions connected."""
    return sum(1 for e in entries if e.get("event") == "connect")
