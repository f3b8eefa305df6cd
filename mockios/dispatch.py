"""Dispatch: a typed line becomes a command run in the session's mode, or IOS's error.

EXEC lines match the ``exec`` commands at the session's privilege; configuration lines match
their mode's commands, then (in a sub-mode) the parent's, as IOS falls back to global config;
``do`` runs an EXEC command from any configuration mode. A handler's text goes through the
``| include``-style filters and the pager; a handler's dialog goes to the dialog runner. The
faults that act on commands live here: ``reject_config``, ``slow_show``, ``truncate_show``
and ``concurrent_edit``.

``Dispatch`` is a part of ``mockios.session.Session``: it uses the session's ``device``,
``mode``, ``priv``, ``prompt``, ``configured``, ``output_delay``, ``closed``, ``enter_mode``,
``_log``, ``_emit`` and the dialog runner's ``_start_dialog`` and ``_asking``.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Generator

from mockios import output_filters
from mockios.log import mask_line
from mockios.registry import (
    MODES,
    REGISTRY,
    CommandContext,
    Match,
    ParseFailure,
    failure_message,
    invalid_input,
)


def _parent_wins(own: Match | ParseFailure, parent: Match | ParseFailure, line: str) -> bool:
    """Sub-modes see global config commands too; an exact global keyword beats a prefix
    of a sub-mode keyword (``ip http ...`` is not ``ip-address`` in ca-trustpoint)."""
    if isinstance(own, ParseFailure):
        return isinstance(parent, Match) or parent.depth > own.depth
    first = line.split()[0].lower()
    return isinstance(parent, Match) and own.words[0] != first and parent.words[0] == first


class Dispatch:
    def _execute(self, line: str, out: list[str]) -> None:
        typed_mode = self.mode
        if not line.strip():
            self._log(line, typed_mode, "")
            out.append(self.prompt)
            return
        if MODES[typed_mode].configures:
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
        if not pattern.strip() or not re.search(pattern.strip(), line) or self._asking():
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
            self._start_dialog(result, out)
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
        return failure_message(failure, line, offset, self.prompt)

    def _invalid(self, column: int) -> str:
        return invalid_input(self.prompt, column)
