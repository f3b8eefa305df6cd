"""Dialog running: drives a handler's dialog generator (protocol in ``mockios.dialog``).

Text is printed as is; an ``Ask`` waits for one line (echo off when secret); a ``Paste``
collects lines until its end marker, the session log masking private-key lines; a ``Pause``
resumes the dialog later on the event loop (input typed meanwhile waits), or sleeps in place
without one; a ``ModeLine`` reads a line at the prompt of the mode the dialog entered, and
``Invalid`` puts the caret under it. The faults that act on dialogs live here:
``extra_prompt`` (an unexpected question before the first one), ``disconnect_at`` (the
connection drops at a step) and ``syslog_inject`` (a syslog line inside the question).

``DialogRunning`` is a part of ``mockios.session.Session``: it uses the session's
``device``, ``mode``, ``user``, ``peer``, ``closed``, ``drop``, ``close``, ``prompt``, ``on_async``,
``feed``, ``_log``, ``_emit`` and ``_emit_raw``.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Generator
from dataclasses import dataclass, field

from mockios.device import syslog_timestamp
from mockios.dialog import Ask, Invalid, ModeLine, Paste, Pause
from mockios.log import MASK, PasteMasker
from mockios.registry import invalid_input

EXTRA_QUESTION = Ask("extra_prompt", "% Unexpected question? [yes/no]: ")


@dataclass
class _DialogRun:
    gen: Generator
    waiting: Ask | Paste | ModeLine | None = None
    pasted: list[str] = field(default_factory=list)
    first_ask_seen: bool = False
    postponed: Ask | Paste | None = None  # the real question behind the extra_prompt fault
    paste_masker: PasteMasker | None = None  # hides private-key lines of the current paste


class DialogRunning:
    def _start_dialog(self, gen: Generator, out: list[str]) -> None:
        self._dialog = _DialogRun(gen)
        self._advance(None, out)

    def _asking(self) -> bool:
        """A dialog is under way and not just reading lines in a mode of its own."""
        return self._dialog is not None and not self._reading_mode_line()

    def _reading_mode_line(self) -> bool:
        return self._dialog is not None and isinstance(self._dialog.waiting, ModeLine)

    def _abort_dialog(self) -> None:
        assert self._dialog is not None
        self._dialog.gen.close()
        self._dialog = None

    def _secret_input(self) -> bool:
        waiting = self._dialog.waiting if self._dialog else None
        return isinstance(waiting, Ask) and waiting.secret

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
        if isinstance(waiting, ModeLine):
            self._log(line, self.mode, "")
            self._advance(line, out)
            return
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
            if isinstance(item, Invalid):
                out.append(invalid_input(self.prompt, item.column))
                continue
            if isinstance(item, ModeLine):
                run.waiting = item
                out.append(self.prompt)
                return
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
