"""Dialog protocol for interactive IOS commands.

A command handler may return a generator instead of a string. The session drives it:

- ``yield "text"``: plain output, printed as is (``\\n`` becomes ``\\r\\n``).
- ``answer = yield Ask(step, text)``: prints ``text`` (its last line is the question, e.g.
  ``"% Do you accept this certificate? [yes/no]: "``) and waits for one line; the typed line
  (without the line ending, echo already done) is sent back. ``secret=True`` turns echo off
  and masks the answer in the session log (passwords).
- ``lines = yield Paste(step, text, end="blank_or_quit")``: prints ``text`` and collects lines
  until a blank line or ``quit`` (only ``quit`` when ``end="quit"``); the list of lines, without
  the terminator, is sent back. ``secret=True`` (a private key) masks the pasted lines in
  the session log; lines between ``BEGIN ... PRIVATE KEY`` and ``END`` are masked anyway.
- ``yield Pause(step, seconds)``: the dialog resumes after ``seconds``. Over SSH the wait
  runs on the event loop, so other sessions and devices keep answering; input typed
  meanwhile is kept and read after the pause, as IOS does. The bare core (no event loop or
  no ``on_async`` writer) simply sleeps.
- ``line = yield ModeLine(step)``: reads one line the way a configuration mode does, for a
  dialog that puts the session in a mode of its own (``ctx.session.enter_mode``): the prompt
  is the mode's, the line is logged as typed in that mode, the question faults
  (``extra_prompt``, ``syslog_inject``, ``disconnect_at``) leave it alone, Ctrl-C only
  clears the line and Ctrl-Z leaves config mode, ending the dialog. ``yield Invalid(column)``
  prints IOS's caret under that column of the line just read. Certificate-chain hex entry
  reads its lines this way.
- ``return "text"``: printed, then the normal prompt.

``step`` names a point of the dialog; the ``disconnect_at`` fault drops the connection when a
dialog reaches an Ask/Paste whose step equals it. Ctrl-C aborts a dialog (``gen.close()``).
A dialog started in a config mode returns to that mode.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

PASTE_ENDS = ("blank_or_quit", "quit")


@dataclass(frozen=True)
class Ask:
    """Print ``text`` and wait for one answer line."""

    step: str
    text: str
    secret: bool = False


@dataclass(frozen=True)
class Paste:
    """Print ``text`` and collect pasted lines until the end marker."""

    step: str
    text: str
    end: str = "blank_or_quit"
    secret: bool = False  # a private key: the session log masks its lines

    def __post_init__(self) -> None:
        if self.end not in PASTE_ENDS:
            raise ValueError(f"Paste.end must be one of {PASTE_ENDS}, not {self.end!r}")


@dataclass(frozen=True)
class Pause:
    """Wait ``seconds`` (slow hardware, e.g. a 4096-bit key) without blocking anything else."""

    step: str
    seconds: float


@dataclass(frozen=True)
class ModeLine:
    """Wait for one line typed at the prompt of the session's mode (see the module doc)."""

    step: str


@dataclass(frozen=True)
class Invalid:
    """``% Invalid input detected at '^' marker.`` under ``column`` of the line just read."""

    column: int


DialogItem = str | Ask | Paste | Pause | ModeLine | Invalid
Dialog = Generator[DialogItem, Any, "str | None"]
