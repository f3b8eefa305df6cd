"""One CLI session on a device: line editing, echo, modes, pager, dialogs, faults.

The session knows nothing of SSH. ``Session(device).start()`` returns the first output;
``feed(data)`` takes what the client typed and returns what to write back. Syslog lines for
``terminal monitor`` sessions, and the output of a dialog resumed after a ``Pause``, go to
``on_async(text)`` when set (the SSH transport sets it), else syslog lines queue until
``pull_async()``. ``closed`` says the session ended (``exit``) and
``drop`` that the connection must be cut abruptly (``disconnect_at`` fault).

Input rules: every character is echoed (not a secret answer); CR, LF and CRLF are one Enter,
also when the LF of a CRLF arrives in a later read; backspace edits; Ctrl-C aborts a dialog;
Ctrl-Z leaves config mode. Output lines end in CRLF; the prompt comes last.
"""

from __future__ import annotations

import re
import sys
import time
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mockios import output_filters
from mockios.device import syslog_timestamp
from mockios.dialog import Ask, Paste, Pause
from mockios.log import MASK, PasteMasker, mask_line
from mockios.registry import MODES, REGISTRY, CommandContext, Match, ParseFailure

if TYPE_CHECKING:
    from mockios.device import Device

HEX_MODE = "config-pki-hexmode"
MORE = " --More-- "
ERASE_MORE = "\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE)
EXTRA_QUESTION = Ask("extra_prompt", "% Unexpected question? [yes/no]: ")
WRAP_COLUMNS = 80
_ENTER = "\n"


@dataclass
class _DialogRun:
    gen: Generator
    waiting: Ask | Paste | None = None
    pasted: list[str] = field(default_factory=list)
    first_ask_seen: bool = False
    postponed: Ask | Paste | None = None  # the real question behind the extra_prompt fault
    paste_masker: PasteMasker | None = None  # hides private-key lines of the current paste


def _parent_wins(own: Match | ParseFailure, parent: Match | ParseFailure, line: str) -> bool:
    """Sub-modes see global config commands too; an exact global keyword beats a prefix
    of a sub-mode keyword (``ip http ...`` is not ``ip-address`` in ca-trustpoint)."""
    if isinstance(own, ParseFailure):
        return isinstance(parent, Match) or parent.depth > own.depth
    first = line.split()[0].lower()
    return isinstance(parent, Match) and own.words[0] != first and parent.words[0] == first


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class Session:
    def __init__(self, device: Device, peer: str = "127.0.0.1", user: str = "admin") -> None:
        self.device = device
        self.peer = peer
        self.user = user
        self.id = device.new_session_id()
        self.mode = "exec"
        self.priv = 1
        self.target: str | None = None  # trustpoint/profile/chain/interface being edited
        self.hex_entry: tuple[str, str, list[str]] | None = None  # kind, serial, hex lines
        self.term_length = 24
        self.term_width = 80
        self.monitor = False
        self.closed = False
        self.drop = False
        self.on_async: Callable[[str], None] | None = None
        self._line = ""
        self._after_cr = False
        self._dialog: _DialogRun | None = None
        self._pager: list[str] | None = None
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
        ended = {"mode": self.mode, "in_dialog": self._dialog is not None, "dropped": self.drop}
        if self._dialog is not None:
            self._dialog.gen.close()
            self._dialog = None
        if self in self.device.sessions:
            self.device.sessions.discard(self)
            self.device.log.write(self.id, "disconnect", **ended)
        self.closed = True

    # --- characters -------------------------------------------------------------------
    def _feed_char(self, char: str, out: list[str]) -> None:
        if char == "\n" and self._after_cr:
            self._after_cr = False
            return
        self._after_cr = char == "\r"
        if char in "\r\n":
            char = _ENTER
        if self._pager is not None:
            self._pager_key(char, out)
        elif char == _ENTER:
            self._enter(out)
        elif char == "\x03":
            self._ctrl_c(out)
        elif char == "\x1a":
            self._ctrl_z(out)
        elif char in "\x08\x7f":
            if self._line:
                self._line = self._line[:-1]
                if not self._secret_input():
                    out.append("\b \b")
        elif char >= " ":
            self._line += char
            if not self._secret_input():
                out.append(char)

    def _secret_input(self) -> bool:
        waiting = self._dialog.waiting if self._dialog else None
        return isinstance(waiting, Ask) and waiting.secret

    def _enter(self, out: list[str]) -> None:
        line, self._line = self._line, ""
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
        elif self.mode == HEX_MODE:
            self._hex_line(line, out)
        else:
            self._execute(line, out)

    def _ctrl_c(self, out: list[str]) -> None:
        self._line = ""
        if self._dialog is not None:
            self._dialog.gen.close()
            self._dialog = None
            self._log("^C", "dialog", "")
            out.append("^C\r\n% Aborted.\r\n" + self.prompt)
        else:
            out.append("^C\r\n" + self.prompt)

    def _ctrl_z(self, out: list[str]) -> None:
        self._line = ""
        if self._dialog is None and self.mode != "exec":
            self._log("^Z", self.mode, "end")
            self.enter_mode("exec")
            self.hex_entry = None
            out.append("^Z\r\n" + self.prompt)

    # --- commands ---------------------------------------------------------------------
    def _log(self, line: str, mode: str, command: str, **extra: str) -> None:
        self.device.log.write(self.id, "line", mode=mode, line=line, command=command, **extra)

    def _execute(self, line: str, out: list[str]) -> None:
        typed_mode = self.mode
        if not line.strip():
            self._log(line, typed_mode, "")
            out.append(self.prompt)
            return
        if typed_mode != "exec":
            pattern = self.device.faults.reject_config
            if pattern and re.search(pattern, line):
                self._log(mask_line(line), typed_mode, "")
                out.append(self._invalid(len(line) - len(line.lstrip())) + self.prompt)
                return
            do_match = re.match(r"(\s*do\s+)(\S.*)$", line, re.IGNORECASE)
            if do_match:
                self._run_exec_line(do_match.group(2), len(do_match.group(1)), line, out)
                return
            self._run_config_line(line, out)
            return
        self._run_exec_line(line, 0, line, out)

    def _run_exec_line(self, text: str, offset: int, typed: str, out: list[str]) -> None:
        typed_mode = self.mode
        command_text, filters = output_filters.split(text)
        result = REGISTRY.match("exec", command_text, 15 if typed_mode != "exec" else self.priv)
        if isinstance(result, ParseFailure):
            self._log(mask_line(typed), typed_mode, "")
            out.append(self._failure(result, text, offset) + self.prompt)
            return
        parsed = output_filters.parse(filters, len(command_text) + 1)
        typed_words = (["do"] if offset else []) + result.words  # one word per typed token
        if isinstance(parsed, int):
            self._log(mask_line(typed, typed_words), typed_mode, "")
            out.append(self._invalid(offset + parsed) + self.prompt)
            return
        command = mask_line(" ".join(result.words), result.words)
        self._log(mask_line(typed, typed_words), typed_mode, command)
        faults = self.device.faults
        if self.configured and faults.slow_show and re.search(faults.slow_show, text):
            self.output_delay = faults.slow_show_delay
        self._run(result, typed, "exec" if typed_mode == "exec" else typed_mode, out, parsed)

    def _run_config_line(self, line: str, out: list[str]) -> None:
        typed_mode = self.mode
        result = REGISTRY.match(typed_mode, line, 15)
        run_mode = typed_mode
        parent_mode = MODES[typed_mode].parent
        if parent_mode:
            parent = REGISTRY.match(parent_mode, line, 15)  # IOS falls back to global config
            if _parent_wins(result, parent, line):
                result, run_mode = parent, parent_mode
        if isinstance(result, ParseFailure):
            self._log(mask_line(line), typed_mode, "")
            out.append(self._failure(result, line, 0) + self.prompt)
            return
        command = mask_line(" ".join(result.words), result.words)
        self._log(mask_line(line, result.words), typed_mode, command)
        self.configured = True
        if run_mode != typed_mode:
            self.enter_mode(run_mode)
        self._run(result, line, run_mode, out, [])
        self._concurrent_edit(line)

    def _concurrent_edit(self, line: str) -> None:
        """The concurrent_edit fault: another administrator's line lands right after ours."""
        pattern, _, other = self.device.faults.concurrent_edit.partition("=>")
        if not pattern.strip() or not re.search(pattern.strip(), line) or self._dialog:
            return
        self.device.faults.concurrent_edit = ""  # once
        self._run_config_line(other.strip(), [])  # its output goes to the other terminal

    def _run(
        self,
        match: Match,
        line: str,
        mode: str,
        out: list[str],
        filters: list[output_filters.Filter],
    ) -> None:
        ctx = CommandContext(self.device, self, match.args, match.words, line, mode)
        try:
            result = match.spec.handler(ctx)
        except Exception:  # a broken handler must not kill the connection
            traceback.print_exc(file=sys.stderr)
            result = "% Error: internal simulator error"
        if isinstance(result, Generator):
            self._dialog = _DialogRun(result)
            self._advance(None, out)
            return
        if self.closed:
            return
        text = self._truncated(line, output_filters.apply(filters, result or ""))
        if self._emit(text, out, paged=True):
            out.append(self.prompt)

    def _truncated(self, line: str, text: str) -> str:
        """The truncate_show fault: the output loses all but its first lines."""
        faults = self.device.faults
        if not faults.truncate_show or not re.search(faults.truncate_show, line):
            return text
        kept = text.replace("\r\n", "\n").split("\n")[: int(faults.truncate_lines)]
        return "\n".join(kept) + "\n" if kept else ""

    def _failure(self, failure: ParseFailure, line: str, offset: int) -> str:
        if failure.kind == "ambiguous":
            return f'% Ambiguous command:  "{line.strip()}"\r\n'
        if failure.kind in ("incomplete", "empty"):
            return "% Incomplete command.\r\n\r\n"
        return self._invalid(offset + failure.column)

    def _invalid(self, column: int) -> str:
        caret = " " * (len(self.prompt) + column) + "^"
        return f"{caret}\r\n% Invalid input detected at '^' marker.\r\n\r\n"

    def _hex_line(self, line: str, out: list[str]) -> None:
        self._log(line, HEX_MODE, "")
        assert self.hex_entry is not None
        kind, serial, hex_lines = self.hex_entry
        if line.strip().lower() == "quit":
            from mockios.commands_pki_config import store_chain_cert

            error = store_chain_cert(self.device, self.target or "", kind, serial, hex_lines)
            self.hex_entry = None
            self.enter_mode("config-cert-chain", self.target)
            out.append(crlf(error + "\n") if error else "")
        elif line.strip() and not re.fullmatch(r"[0-9A-Fa-f\s]+", line):
            column = next(i for i, c in enumerate(line) if not re.match(r"[0-9A-Fa-f\s]", c))
            out.append(self._invalid(column))
        else:
            hex_lines.append(line)
        out.append(self.prompt)

    # --- output, pager ------------------------------------------------------------------
    def _page_length(self) -> int:
        if self.term_length == 0 and self.device.faults.pager:
            return 24
        return self.term_length

    def _lines(self, text: str) -> list[str]:
        lines = text.replace("\r\n", "\n").split("\n")
        if self.device.faults.wrap80:
            lines = [
                chunk
                for line in lines
                for chunk in ([line[i : i + WRAP_COLUMNS] for i in range(0, len(line), 80)] or [""])
            ]
        return lines

    def _emit(self, text: str, out: list[str], paged: bool = False) -> bool:
        """Write command output; returns False when the pager holds the rest back."""
        if not text:
            return True
        lines = self._lines(text[:-1] if text.endswith("\n") else text)
        length = self._page_length()
        if paged and length > 1 and len(lines) > length - 1:
            out.append("\r\n".join(lines[: length - 1]) + "\r\n" + MORE)
            self._pager = lines[length - 1 :]
            return False
        out.append("\r\n".join(lines) + "\r\n")
        return True

    def _emit_raw(self, text: str, out: list[str]) -> None:
        """Dialog text: no pager, no added newline (a question ends with its prompt)."""
        out.append("\r\n".join(self._lines(text)))

    def _pager_key(self, char: str, out: list[str]) -> None:
        assert self._pager is not None
        out.append(ERASE_MORE)
        if char == " ":
            count = max(self._page_length() - 1, 1)
        elif char == _ENTER:
            count = 1
        else:
            self._pager = None
            out.append(self.prompt)
            return
        chunk, self._pager = self._pager[:count], self._pager[count:]
        out.append("\r\n".join(chunk) + "\r\n")
        if self._pager:
            out.append(MORE)
        else:
            self._pager = None
            out.append(self.prompt)

    # --- dialogs ------------------------------------------------------------------------
    def _config_syslog(self) -> str:
        return (
            f"{syslog_timestamp()}: %SYS-5-CONFIG_I: Configured from console by "
            f"{self.user} on vty0 ({self.peer})"
        )

    def _dialog_input(self, line: str, out: list[str]) -> None:
        run = self._dialog
        assert run is not None
        waiting = run.waiting
        step = waiting.step if waiting else ""
        if isinstance(waiting, Ask):
            self._log(MASK if waiting.secret else line, "dialog", "", step=step)
            if waiting is EXTRA_QUESTION and run.postponed is not None:
                run.waiting, run.postponed = run.postponed, None
                self._show_question(run.waiting, out)
                return
            self._advance(line, out)
            return
        assert isinstance(waiting, Paste)
        if run.paste_masker is None:
            run.paste_masker = PasteMasker(waiting.secret)
        self._log(run.paste_masker.mask(line), "dialog", "", step=step)
        ends = line.strip() == "" and waiting.end == "blank_or_quit"
        if ends or line.strip().lower() == "quit":
            lines, run.pasted, run.paste_masker = run.pasted, [], None
            self._advance(lines, out)
        else:
            run.pasted.append(line)

    def _advance(self, value: object, out: list[str]) -> None:
        run = self._dialog
        assert run is not None
        while True:
            try:
                item = run.gen.send(value)
            except StopIteration as stop:
                self._dialog = None
                if not self.closed:
                    self._emit(stop.value or "", out)
                    out.append(self.prompt)
                return
            except Exception:
                traceback.print_exc(file=sys.stderr)
                self._dialog = None
                out.append("% Error: internal simulator error\r\n" + self.prompt)
                return
            value = None
            if isinstance(item, str):
                self._emit_raw(item, out)
                continue
            if self._reaches_disconnect(item):
                return
            if isinstance(item, Pause):
                if self._pause(item):
                    return  # _resume continues the dialog later
                continue
            run.waiting = item
            if self._extra_question_due(item, run.first_ask_seen):
                run.postponed, run.waiting = item, EXTRA_QUESTION
            if isinstance(item, Ask):
                run.first_ask_seen = True
            self._show_question(run.waiting, out)
            return

    def _pause(self, item: Pause) -> bool:
        """Schedule the dialog's resumption; False when it slept in place (bare core)."""
        loop = self.device.loop
        if loop is None or self.on_async is None:
            time.sleep(item.seconds)
            return False
        self._paused = True
        loop.call_later(item.seconds, self._resume)
        return True

    def _resume(self) -> None:
        self._paused = False
        if self.closed or self._dialog is None:
            return
        out: list[str] = []
        self._advance(None, out)
        typed, self._typeahead = self._typeahead, ""
        text = "".join(out) + (self.feed(typed) if typed else "")
        if self.on_async is not None:
            self.on_async(text)

    def _extra_question_due(self, item: object, first_ask_seen: bool) -> bool:
        # The extra question goes before a dialog's first question; `enable` is left alone so
        # the fault reaches the dialogs a client drives after logging in.
        return (
            isinstance(item, Ask)
            and not first_ask_seen
            and item.step != "enable_secret"
            and self.device.faults.extra_prompt
        )

    def _reaches_disconnect(self, item: Ask | Paste | Pause) -> bool:
        step = self.device.faults.disconnect_at
        if not step or item.step != step:
            return False
        self.drop = True
        self.close()
        return True

    def _show_question(self, item: Ask | Paste, out: list[str]) -> None:
        text = item.text
        if self.device.faults.syslog_inject:
            head, sep, last = text.replace("\r\n", "\n").rpartition("\n")
            text = f"{head}{sep}{self._config_syslog()}\n{last}"
        self._emit_raw(text, out)
