"""One CLI session on a device: its state, and the keys that reach its parts.

The session knows nothing of SSH. ``Session(device).start()`` returns the first output;
``feed(data)`` takes what the client typed and returns what to write back. Syslog lines for
``terminal monitor`` sessions, and the output of a dialog resumed after a ``Pause``, go to
``on_async(text)`` when set (the SSH transport sets it), else syslog lines queue until
``pull_async()``. ``closed`` says the session ended (``exit``) and
``drop`` that the connection must be cut abruptly (``disconnect_at`` fault).

Its parts, one concept each: ``mockios.line_editing`` (echo, backspace, CR/LF/CRLF),
``mockios.dispatch`` (a line becomes a command in the session's mode),
``mockios.paging`` (output lines and ``--More--``), ``mockios.dialog_running`` (interactive
commands). Ctrl-C aborts a dialog; Ctrl-Z leaves config mode. Output lines end in CRLF; the
prompt comes last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mockios.dialog import Ask
from mockios.dialog_running import DialogRunning, _DialogRun
from mockios.dispatch import Dispatch
from mockios.line_editing import ENTER, LineEditor
from mockios.paging import Pager, page_length, screen_lines

if TYPE_CHECKING:
    from mockios.device import Device


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class Session(Dispatch, DialogRunning):
    def __init__(self, device: Device, peer: str = "127.0.0.1", user: str = "admin") -> None:
        self.device = device
        self.peer = peer
        self.user = user
        self.id = device.new_session_id()
        self.mode = "exec"
        self.priv = 1
        self.target: str | None = None  # trustpoint/profile/chain/interface being edited
        self.term_length = 24
        self.term_width = 80
        self.monitor = False
        self.closed = False
        self.drop = False
        self.on_async: Callable[[str], None] | None = None
        self._editor = LineEditor()
        self._dialog: _DialogRun | None = None
        self._pager = Pager()
        self._async: list[str] = []
        self._paused = False  # a dialog waits on a Pause; input is kept until it resumes
        self._typeahead = ""
        self.configured = False  # typed a config-mode line (arms the slow_show fault)
        self.output_delay = 0.0  # seconds the next output waits (slow_show fault)
        device.sessions.add(self)
        device.log.write(self.id, "connect", peer=peer, user=user)

    # --- public API -------------------------------------------------------------------
    @property
    def prompt(self) -> str:
        host = self.device.hostname
        if self.mode == "exec":
            return host + ("#" if self.priv >= 15 else ">")
        return f"{host}({self.mode})#"

    def start(self) -> str:
        return "\r\n" + self.prompt

    def feed(self, data: str) -> str:
        out: list[str] = []
        for index, char in enumerate(data):
            if self.closed:
                break
            if self._paused:  # a dialog just paused: the rest waits until it resumes
                self._typeahead += data[index:]
                break
            self._feed_char(char, out)
        return "".join(out)

    def pull_async(self) -> str:
        text, self._async = "".join(self._async), []
        return text

    def deliver_async(self, line: str) -> None:
        if not self.monitor or self.closed:
            return
        text = f"\r\n{crlf(line)}\r\n"
        if self.on_async is not None:
            self.on_async(text)
        else:
            self._async.append(text)

    def enter_mode(self, mode: str, target: str | None = None) -> None:
        self.mode = mode
        self.target = target

    def close(self) -> None:
        # Where the session was left, for tests that a client never abandons a config mode or
        # a dialog (``dropped``: the disconnect_at fault cut it).
        ended = {"mode": self.mode, "in_dialog": self._asking(), "dropped": self.drop}
        if self._dialog is not None:
            self._abort_dialog()
        if self in self.device.sessions:
            self.device.sessions.discard(self)
            self.device.log.write(self.id, "disconnect", **ended)
        self.closed = True

    # --- keys -------------------------------------------------------------------------
    def _feed_char(self, char: str, out: list[str]) -> None:
        key = self._editor.key(char)
        if key is None:
            return
        if self._pager.held is not None:
            if self._pager.key(key, out, self._page_length()):
                out.append(self.prompt)
        elif key == ENTER:
            self._enter(out)
        elif key == "\x03":
            self._ctrl_c(out)
        elif key == "\x1a":
            self._ctrl_z(out)
        else:
            out.append(self._editor.edit(key, echo=not self._secret_input()))

    def _enter(self, out: list[str]) -> None:
        line = self._editor.take()
        faults = self.device.refresh_faults()
        if (
            self._dialog is not None
            and isinstance(self._dialog.waiting, Ask)
            and faults.syslog_inject
        ):
            out.append(self._config_syslog())  # glued to the echoed answer, as IOS does
        out.append("\r\n")
        if self._dialog is not None:
            self._dialog_input(line, out)
        else:
            self._execute(line, out)

    def _ctrl_c(self, out: list[str]) -> None:
        self._editor.take()
        if self._asking():
            self._abort_dialog()
            self._log("^C", "dialog", "")
            out.append("^C\r\n% Aborted.\r\n" + self.prompt)
        else:
            out.append("^C\r\n" + self.prompt)

    def _ctrl_z(self, out: list[str]) -> None:
        self._editor.take()
        if self._reading_mode_line():  # Ctrl-Z leaves a dialog's mode like any other
            self._abort_dialog()
        if self._dialog is None and self.mode != "exec":
            self._log("^Z", self.mode, "end")
            self.enter_mode("exec")
            out.append("^Z\r\n" + self.prompt)

    # --- output -----------------------------------------------------------------------
    def _log(self, line: str, mode: str, command: str, **extra: str) -> None:
        self.device.log.write(self.id, "line", mode=mode, line=line, command=command, **extra)

    def _page_length(self) -> int:
        return page_length(self.term_length, self.device.faults.pager)

    def _emit(self, text: str, out: list[str], paged: bool = False) -> bool:
        """Write command output; returns False when the pager holds the rest back."""
        wrap80 = self.device.faults.wrap80
        return self._pager.emit(text, out, self._page_length(), wrap80, paged)

    def _emit_raw(self, text: str, out: list[str]) -> None:
        """Dialog text: no pager, no added newline (a question ends with its prompt)."""
        out.append("\r\n".join(screen_lines(text, self.device.faults.wrap80)))
