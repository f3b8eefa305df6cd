"""A small engine that drives interactive IOS commands from tables of rules.

A table (see ``dialog_tables``) lists, for one IOS command, what the router may print and what
to do about it: answer, paste a block, decide through a check (the CA fingerprint), just take
note (captures, success markers) or fail. The engine writes the command, waits for its echo,
then repeatedly reads the channel and applies the rule whose text shows up first.

Reading: only netmiko's public ``write_channel`` and ``read_channel`` are used. Polling
``read_channel`` ourselves (instead of ``read_until_pattern``) keeps every byte for the
transcript when a wait times out, and lets the engine match on cleaned text: syslog lines,
pager marks and 80-column wraps removed (``dialog_text``). Nothing is written but answers
ending in one Enter each, pasted lines and the paste terminator: a stray newline would end a
paste on IOS.

Safety: an unknown question, a failure string, a refused check or a timeout aborts. The
engine answers ``no`` to an open yes/no question or sends Ctrl-C, waits for the router's
prompt, leaves config mode with ``end`` and raises with the masked transcript tail. After
any error except a lost connection the router is back at the exec prompt.
"""

from __future__ import annotations

import re
import select
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import DeviceConnectionError, DeviceError, DialogError, NetpkiError, ValidationError
from ..masking import MASK, Masker, wrap_tolerant
from .text import View, clean_view, normalize_newlines

CTRL_C = "\x03"
ENTER = "\n"
TRANSCRIPT_TAIL_CHARS = 2000
_RECOVERY_ROUNDS = 4
_FAILURE_LINES = 3  # of the router's message, quoted in the error
_YES_NO_OPEN = re.compile(r"\[yes/no\]:?[ \t]*\Z")
_QUESTION_OPEN = re.compile(r"(?:\[yes/no\]:?|\[confirm\]|\]\?|\[[^\]\n]*\]:)[ \t]*\Z")
_UNSAFE_ANSWER = re.compile(r"[\x00-\x1f\x7f]")
_ANY_PROMPT = r"[A-Za-z0-9][\w.\-]*"


class Channel(Protocol):
    """What the engine needs from a netmiko connection (or a scripted test channel)."""

    def write_channel(self, out_data: str) -> None: ...

    def read_channel(self) -> str: ...


Check = Callable[[str], "Mapping[str, str] | None"]


# ---------------------------------------------------------------- table vocabulary


@dataclass(frozen=True)
class Answer:
    """Type one line and Enter: the per-call answer ``var`` if given, else ``text``."""

    text: str | None = None
    var: str | None = None


@dataclass(frozen=True)
class Paste:
    """Paste the block held by ``var`` one line per write, then the terminator line."""

    var: str
    keep_blank_lines: bool = False  # only where the prompt says it ends with "quit" alone
    terminator: str = "quit"


@dataclass(frozen=True)
class Decide:
    """Call the check named ``check`` on the dialog text: ``yes`` if it passes; if it raises,
    answer ``no`` and fail with its error."""

    check: str
    yes: str = "yes"
    no: str = "no"


@dataclass(frozen=True)
class Note:
    """Write nothing; keep the pattern's named groups (and mark success if the rule says)."""


@dataclass(frozen=True)
class Fail:
    """The router said something that means failure."""

    reason: str
    error: type[NetpkiError] = DeviceError


Action = Answer | Paste | Decide | Note | Fail


@dataclass(frozen=True)
class Rule:
    """``pattern`` (a regex, MULTILINE) → ``action``. Rules that write fire ``times`` times
    at most (None: no limit); notes and failures always apply."""

    pattern: str
    action: Action = Note()
    success: bool = False
    times: int | None = 1
    # Compiled with the table, at import: the process that loads the plugin compiles it once
    # and every worker Ansible forks inherits it.
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.MULTILINE))


@dataclass(frozen=True)
class DialogTable:
    """All the rules for one interactive IOS command."""

    name: str
    rules: tuple[Rule, ...]
    secret_vars: frozenset[str] = frozenset()
    require_success: bool = True
    # The router carries the command out once it has accepted it, even when the dialog is
    # then abandoned (key generation): a timeout after that may have applied it.
    applies_once_accepted: bool = False


@dataclass
class DialogResult:
    captures: dict[str, str] = field(default_factory=dict)
    successes: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # masked
    transcript: str = ""  # masked
    prompt: str = ""


@dataclass(frozen=True)
class _Event:
    rule: Rule | None  # None: the router's prompt came back
    match: re.Match[str]
    raw_start: int
    raw_end: int


# ---------------------------------------------------------------- public entry


def run_dialog(
    channel: Channel,
    table: DialogTable,
    command: str,
    *,
    answers: Mapping[str, str] | None = None,
    checks: Mapping[str, Check] | None = None,
    secrets: Iterable[str] = (),
    prompt: str | None = None,
    timeout: float = 30.0,
    abort_timeout: float = 5.0,
    settle: float = 0.3,
    wrap_width: int | None = 80,
    poll_interval: float = 0.02,
    require_success: bool | None = None,
) -> DialogResult:
    """Type ``command`` and see its dialog through.

    ``answers`` fills the tables' ``var`` answers and pastes; values of the table's
    ``secret_vars`` and everything in ``secrets`` are masked in every output. ``prompt`` is the
    router's base prompt (``R1``); without it any IOS prompt ends the dialog. ``timeout`` is
    the longest wait for the next expected text (key generation wants more).
    """
    engine = _DialogRun(
        channel,
        table,
        answers=dict(answers or {}),
        checks=dict(checks or {}),
        secrets=list(secrets),
        prompt=prompt,
        timeout=timeout,
        abort_timeout=abort_timeout,
        settle=settle,
        wrap_width=wrap_width,
        poll_interval=poll_interval,
        require_success=table.require_success if require_success is None else require_success,
    )
    return engine.run(command)


def prompt_pattern(base_prompt: str | None) -> str:
    """The router's prompt in any mode, last on the screen: ``R1#``, ``R1(ca-trustpoint)#``."""
    name = re.escape(base_prompt) if base_prompt else _ANY_PROMPT
    return rf"^{name}(?P<mode>\([\w.\-]+\))?[#>]\s*\Z"


def _channel_closed(channel: Channel) -> bool:
    """Whether the SSH channel under a netmiko connection is gone.

    netmiko's ``read_channel`` returns nothing on a closed paramiko channel, so without this
    a dropped connection would look like a silent router until the timeout.
    """
    remote = getattr(channel, "remote_conn", None)
    return bool(getattr(remote, "closed", False) or getattr(remote, "eof_received", False))


def wait_readable(channel: Channel, timeout: float) -> None:
    """Sleep ``timeout`` or until data arrives on the SSH channel, whichever comes first.

    A paramiko channel can be polled with ``select``: a reply is picked up when it arrives
    instead of at the next fixed tick. Without one (a scripted channel), a plain sleep.
    """
    remote = getattr(channel, "remote_conn", None)
    if remote is not None and callable(getattr(remote, "fileno", None)):
        try:
            select.select([remote], [], [], timeout)
            return
        except (OSError, ValueError):  # no usable descriptor: fall back to the fixed tick
            pass
    time.sleep(timeout)


def _reads_on(rule: Rule) -> bool:
    """Rules that only take note (or fail) wait for text after their match."""
    return isinstance(rule.action, Note | Fail)


# ---------------------------------------------------------------- the engine


class _DialogRun:
    def __init__(
        self,
        channel: Channel,
        table: DialogTable,
        *,
        answers: dict[str, str],
        checks: dict[str, Check],
        secrets: list[str],
        prompt: str | None,
        timeout: float,
        abort_timeout: float,
        settle: float,
        wrap_width: int | None,
        poll_interval: float,
        require_success: bool,
    ) -> None:
        self.channel = channel
        self.table = table
        self.answers = answers
        self.checks = checks
        secret_values = [answers[name] for name in table.secret_vars if name in answers]
        self.mask = Masker([*secret_values, *secrets])
        self.prompt_re = re.compile(prompt_pattern(prompt), re.MULTILINE)
        self.rules = [(rule, rule.regex) for rule in table.rules]
        self.timeout = timeout
        self.abort_timeout = abort_timeout
        self.settle = settle
        self.wrap_width = wrap_width
        self.poll_interval = poll_interval
        self.require_success = require_success
        self.raw = ""
        self.pos = 0  # raw text before this index has been dealt with
        self._carry = ""  # a CR whose LF may come in the next read
        self._pager_done = 0
        self.fired: dict[int, int] = {}
        self.accepted = False  # a rule other than a failure matched after the command
        self.result = DialogResult()

    # ------------------------------------------------------------ flow

    def run(self, command: str) -> DialogResult:
        self._validate_inputs(command)
        self._write(command + ENTER)
        self._await_echo(command, "the command")
        while True:
            event = self._next_event_or_abort()
            if self._handle(event):
                self.result.transcript = self.mask(self.raw)
                return self.result

    def _next_event_or_abort(self) -> _Event:
        deadline = time.monotonic() + self.timeout
        last_data = time.monotonic()
        while True:
            if self._read():
                last_data = time.monotonic()
            event = self._next_event()
            if event is not None:
                return event
            now = time.monotonic()
            question = self._open_question(_QUESTION_OPEN)
            if question is not None and now - last_data >= self.settle:
                raise self._abort(
                    DialogError(
                        f"{self.table.name}: the router asked an unexpected question: {question!r}"
                    )
                )
            if now >= deadline:
                raise self._abort(self._timed_out())
            self._pause()

    def _timed_out(self) -> DialogError:
        waited = f"no expected output within {self.timeout:g}s"
        if not (self.table.applies_once_accepted and self.accepted):
            return DialogError(f"{self.table.name}: {waited}; last line: {self._last_line()!r}")
        error = DialogError(
            f"{self.table.name}: {waited} after the router accepted the command; it may have "
            "applied it (IOS finishes what it has started): check the router before retrying; "
            f"last line: {self._last_line()!r}"
        )
        error.may_have_applied = True
        return error

    def _handle(self, event: _Event) -> bool:
        """Apply one event; True when the dialog is over."""
        if event.rule is None:
            self.result.prompt = event.match.group().strip()
            if self.require_success and not self.result.successes:
                self.pos = event.raw_start  # recovery starts from the prompt it sees
                raise self._abort(
                    DialogError(
                        f"{self.table.name}: the router returned to its prompt without "
                        "confirming success"
                    )
                )
            self.pos = event.raw_end
            return True
        rule, match = event.rule, event.match
        self.result.captures.update(
            {key: value for key, value in match.groupdict().items() if value is not None}
        )
        action = rule.action
        if isinstance(action, Fail):
            self.pos = event.raw_start
            line = self._failure_text_at(event.raw_start)
            raise self._abort(action.error(f"{self.table.name}: {action.reason}: {line}"))
        self.accepted = True
        if rule.success:
            self.result.successes.append(match.group().strip().split("\n", 1)[0])
        self.pos = event.raw_end
        if isinstance(action, Note):
            return False
        key = id(rule)
        self.fired[key] = self.fired.get(key, 0) + 1
        if isinstance(action, Answer):
            self._answer(action, event)
        elif isinstance(action, Paste):
            self._paste(action, event)
        elif isinstance(action, Decide):
            self._decide(action, event)
        return False

    # ------------------------------------------------------------ actions

    def _answer(self, action: Answer, event: _Event) -> None:
        match = event.match
        value = self.answers.get(action.var, action.text) if action.var else action.text
        if value is None:
            self.pos = event.raw_start  # recovery must see the question still open
            raise self._abort(
                DialogError(
                    f"{self.table.name}: the router asked {match.group().strip()!r} and this "
                    f"task has no answer for it ({action.var})"
                )
            )
        self._write(value + ENTER, secret=action.var in self.table.secret_vars)

    def _paste(self, action: Paste, event: _Event) -> None:
        block = self.answers.get(action.var)
        if not block:
            self.pos = event.raw_start
            raise self._abort(
                DialogError(
                    f"{self.table.name}: the router wants {action.var} pasted, and none was given"
                )
            )
        secret = action.var in self.table.secret_vars
        for line in normalize_newlines(block).strip().split("\n"):  # no blank at the edges
            line = line.strip()
            if not line and not action.keep_blank_lines:
                continue  # a blank line would end the paste early
            self._write(line + ENTER, secret=secret)
            if line:
                self._await_echo(line, f"a line of {action.var}")
            stop = self._next_event(only_endings=True)
            if stop is not None and stop.rule is not None:
                self._handle(stop)  # a failure: raises
            if stop is not None:
                raise self._abort(
                    DialogError(f"{self.table.name}: the router left paste mode early")
                )
        self._write(action.terminator + ENTER)

    def _decide(self, action: Decide, event: _Event) -> None:
        check = self.checks.get(action.check)
        if check is None:
            self._write(action.no + ENTER)
            raise self._abort(
                DialogError(
                    f"{self.table.name}: no '{action.check}' check was given; answered {action.no}"
                )
            )
        text = self._view(0, event.raw_end, unwrap=True).text
        try:
            facts = check(text)
        except NetpkiError as error:
            self._write(action.no + ENTER)
            raise self._abort(error) from None
        self.result.captures.update(facts or {})
        self._write(action.yes + ENTER)

    # ------------------------------------------------------------ matching

    def _view(self, start: int, end: int | None = None, *, unwrap: bool) -> View:
        return clean_view(self.raw[start:end], self.wrap_width if unwrap else None)

    def _next_event(self, only_endings: bool = False) -> _Event | None:
        """The rule (or prompt) whose text starts first in the unread text."""
        line_start = self.raw.rfind("\n", 0, self.pos) + 1
        best: _Event | None = None
        # The earliest start in either view wins; on a tie the joined view, whose captures
        # hold whole lines where the plain one has a wrapped line's first part.
        for unwrap in (True, False):
            view = self._view(line_start, unwrap=unwrap)
            begin = view.first_at_or_after(self.pos - line_start)
            for rule, regex in self._candidates(only_endings):
                match = regex.search(view.text, begin)
                if match is None or match.end() == match.start():
                    continue
                if rule is not None and _reads_on(rule) and match.end() == len(view.text):
                    continue  # the line may go on in the next read: capture it whole
                start = line_start + view.raw_start(match.start())
                if best is None or start < best.raw_start:
                    end = line_start + view.raw_end(match.end())
                    best = _Event(rule, match, start, end)
        return best

    def _candidates(self, only_endings: bool) -> Iterable[tuple[Rule | None, re.Pattern[str]]]:
        for rule, regex in self.rules:
            if only_endings and not isinstance(rule.action, Fail):
                continue
            writes = isinstance(rule.action, Answer | Paste | Decide)
            if writes and rule.times is not None and self.fired.get(id(rule), 0) >= rule.times:
                continue
            yield rule, regex
        yield None, self.prompt_re

    def _tail_views(self, since: int) -> tuple[str, str]:
        """The end of the text from ``since``: as received, and with wraps joined (a genuine
        80-column line before the prompt would otherwise glue to it)."""
        start = max(since, self.raw.rfind("\n", 0, max(since, len(self.raw) - 4000)) + 1)
        return self._view(start, unwrap=False).text, self._view(start, unwrap=True).text

    def _open_question(self, shape: re.Pattern[str], since: int | None = None) -> str | None:
        for tail in self._tail_views(self.pos if since is None else since):
            last = tail.rsplit("\n", 1)[-1]
            if shape.search(last):
                return last.strip()
        return None

    def _at_prompt(self, since: int) -> re.Match[str] | None:
        for tail in self._tail_views(since):
            found = self.prompt_re.search(tail)
            if found is not None:
                return found
        return None

    def _await_echo(self, text: str, what: str) -> None:
        regex = re.compile(wrap_tolerant(text))
        deadline = time.monotonic() + self.timeout
        while True:
            self._read()
            line_start = self.raw.rfind("\n", 0, self.pos) + 1
            view = self._view(line_start, unwrap=False)
            match = regex.search(view.text, view.first_at_or_after(self.pos - line_start))
            if match is not None:
                self.pos = line_start + view.raw_end(match.end())
                return
            if time.monotonic() >= deadline:
                raise self._abort(
                    DialogError(
                        f"{self.table.name}: the router did not echo {what} "
                        f"within {self.timeout:g}s"
                    )
                )
            self._pause()

    # ------------------------------------------------------------ abort and recovery

    def _abort(self, error: NetpkiError) -> NetpkiError:
        """Bring the router back to the exec prompt; return ``error`` with the masked tail."""
        if isinstance(error, DeviceConnectionError):
            return self._masked(error)
        try:
            recovered = self._recover()
        except DeviceConnectionError as lost:
            both = DeviceConnectionError(f"{error.msg}; then {lost.msg}")
            both.may_have_applied = error.may_have_applied
            return self._masked(both)
        if not recovered:
            error = _reworded(
                error, f"{error.msg} (the router did not return to its prompt; close the session)"
            )
        return self._masked(error)

    def _recover(self) -> bool:
        since = self.pos
        for _attempt in range(_RECOVERY_ROUNDS):
            self._wait_settled(since)
            prompt = self._at_prompt(since)
            if prompt is not None:
                return self._leave_config(prompt)
            since = len(self.raw)
            if self._open_question(_YES_NO_OPEN, since=self.pos) is not None:
                self._write("no" + ENTER)
            else:
                self._write(CTRL_C)
            self.pos = since
        self._wait_settled(since)
        prompt = self._at_prompt(since)
        return prompt is not None and self._leave_config(prompt)

    def _leave_config(self, prompt: re.Match[str]) -> bool:
        if not prompt.group("mode"):
            self.pos = len(self.raw)
            return True
        since = len(self.raw)
        self._write("end" + ENTER)
        self._wait_settled(since)
        final = self._at_prompt(since)
        self.pos = len(self.raw)
        return final is not None and not final.group("mode")

    def _wait_settled(self, since: int) -> None:
        """Read until the router shows a prompt or a question, or ``abort_timeout`` passes."""
        deadline = time.monotonic() + self.abort_timeout
        while time.monotonic() < deadline:
            self._read()
            if self._at_prompt(since) or self._open_question(_QUESTION_OPEN, since=since):
                return
            self._pause()

    # ------------------------------------------------------------ channel I/O

    def _pause(self) -> None:
        """Wait ``poll_interval`` for more text, or less: until the router sends some."""
        wait_readable(self.channel, self.poll_interval)

    def _read(self) -> bool:
        try:
            data = self.channel.read_channel()
        except NetpkiError:
            raise
        except Exception as exc:  # netmiko ReadException, socket/EOF errors
            raise self._abort(self._lost(exc)) from None
        if not data:
            if _channel_closed(self.channel):
                raise self._abort(self._lost(EOFError("the router closed the channel")))
            return False
        data = self._carry + data
        self._carry = "\r" if data.endswith("\r") else ""
        self.raw += normalize_newlines(data[:-1] if self._carry else data)
        self._answer_pager()
        return True

    def _answer_pager(self) -> None:
        # A `--More--` pager wants one space, never a newline (that would be typed input).
        while (found := self.raw.find("--More--", self._pager_done)) != -1:
            self._pager_done = found + len("--More--")
            self._write(" ")

    def _write(self, text: str, *, secret: bool = False) -> None:
        shown = MASK if secret else self.mask(text.rstrip(ENTER))
        self.result.sent.append(repr(shown) if text == CTRL_C else shown)
        try:
            self.channel.write_channel(text)
        except Exception as exc:  # netmiko WriteException, socket errors
            raise self._masked(self._lost(exc)) from None

    def _lost(self, exc: Exception) -> DeviceConnectionError:
        return DeviceConnectionError(
            f"{self.table.name}: connection lost during the dialog ({type(exc).__name__}: "
            f"{self.mask(str(exc)).strip()})"
        )

    # ------------------------------------------------------------ text helpers

    def _validate_inputs(self, command: str) -> None:
        """Refuse, before anything is typed, input that would type more than one line."""
        values = [("command", command)]
        for rule in self.table.rules:
            action = rule.action
            if isinstance(action, Answer) and action.var in self.answers:
                values.append((action.var, self.answers[action.var]))
            elif isinstance(action, Paste) and action.var in self.answers:
                block = normalize_newlines(self.answers[action.var])
                values.extend((action.var, line.strip()) for line in block.split("\n"))
        for name, value in values:
            if _UNSAFE_ANSWER.search(value):
                raise ValidationError(
                    f"{self.table.name}: {name} contains a line break or control character"
                )

    def _failure_text_at(self, raw_position: int) -> str:
        """The router's failure message from ``raw_position``: its first lines up to the
        prompt or question that follows (read until one shows, or the abort wait is over)."""
        self._wait_settled(raw_position)
        view = self._view(raw_position, unwrap=True).text
        lines = [line.strip() for line in view.split("\n")]
        if len(lines) > 1:
            lines = lines[:-1]  # the prompt, the question or an unfinished line
        message = " ".join(line for line in lines[:_FAILURE_LINES] if line)
        return self.mask(message)

    def _last_line(self) -> str:
        tail = self._tail_views(self.pos)[1].rstrip("\n")
        return self.mask(tail.rsplit("\n", 1)[-1].strip())

    def _masked(self, error: NetpkiError) -> NetpkiError:
        self.result.transcript = self.mask(self.raw)
        tail = self.result.transcript[-TRANSCRIPT_TAIL_CHARS:]
        return _reworded(error, self.mask(error.msg), tail)


def _reworded(error: NetpkiError, msg: str, transcript_tail: str = "") -> NetpkiError:
    """The same kind of error with another message, keeping what it says about the router."""
    new = type(error)(msg, transcript_tail)
    new.may_have_applied = error.may_have_applied
    return new


__all__ = [
    "Answer",
    "Channel",
    "Check",
    "Decide",
    "DialogResult",
    "DialogTable",
    "Fail",
    "Note",
    "Paste",
    "Rule",
    "prompt_pattern",
    "run_dialog",
]
