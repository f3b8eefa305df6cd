"""One SSH session per task: inventory variables -> netmiko ``cisco_ios``, in enable mode.

The session offers what the engine needs and no more: ``show`` (with the prompt known, so no
extra prompt discovery), ``configure`` (plain lines, and lines whose questions a dialog table
answers), ``dialog``, ``save``, and the raw channel (``write_channel``, ``read_channel``,
``read_until_pattern``) for the dialog engine. Everything read is kept in a transcript whose
secrets are masked.

netmiko opens the SSH session and reads the channel (``read_channel``: line ends, escape
codes, session log); the waits are ours. netmiko's reads poll at a fixed tick (10 ms in
``read_until_pattern``, 25 ms in ``send_command``, 100 ms sleeps in ``clear_buffer`` and its
prompt discovery); here every read waits on the SSH channel (``select``, as the dialog engine
does) and goes on as soon as the router's answer arrives.
"""

from __future__ import annotations

import functools
import io
import os
import re
import select
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

from ..deps import require
from ..dialogs.engine import DialogResult, DialogTable, run_dialog, wait_readable
from ..dialogs.tables import ENABLE
from ..errors import DeviceConnectionError, DeviceError, DialogError, NetpkiError
from ..ios_errors import CONFIG_ERROR_LINE
from ..masking import Masker
from ..steps import Step
from .host_keys import (
    HostKeyError,
    accepting_policy,
    changed_key,
    known_keys,
    lookup_name,
    strict_policy,
)
from .settings import ConnectionSettings


def import_netmiko() -> None:
    """Import netmiko and paramiko ahead of the first session (see ``warm.warm_up``), and fill
    ``re``'s cache with the patterns netmiko builds from literals on every read: it cleans each
    read with about 40 ``re.sub`` calls, and a worker Ansible forks would otherwise compile them
    all again. Without netmiko this does nothing; ``require`` gives the clear error at use."""
    try:
        base = require("netmiko.base_connection").BaseConnection
    except NetpkiError:
        return
    # Both methods read only these attributes of the connection.
    plain = SimpleNamespace(RETURN="\n", RESPONSE_RETURN="\n")
    base.strip_ansi_escape_codes(plain, "\x1b[K")
    base.normalize_linefeeds(plain, "\r\n")


@functools.cache
def _checked_cisco_ios() -> type:
    """netmiko's ``cisco_ios`` session, given the router's known host keys (``known``) instead
    of reading a known_hosts file itself: paramiko still checks them as it does its own (the
    type on file asked first, any other key refused as changed)."""
    base = require("netmiko.cisco").CiscoIosSSH

    class CheckedCiscoIos(base):
        known: list[tuple[str, str, Any]] = []

        def _build_ssh_client(self) -> Any:
            client = super()._build_ssh_client()
            for name, key_type, key in self.known:
                client.get_host_keys().add(name, key_type, key)
            return client

        def cleanup(self, command: str = "exit") -> None:
            # netmiko first sends a RETURN and reads the prompt to see whether it is in
            # config mode; the session always leaves config mode itself (``configure``).
            if self.session_log:
                self.session_log.fin = True
            self.write_channel(command + self.RETURN)

        def paramiko_cleanup(self) -> None:
            client = self.remote_conn_pre
            transport = client.get_transport() if client is not None else None
            if transport is not None:
                _stop_reader(transport)
            super().paramiko_cleanup()

    return CheckedCiscoIos


def _stop_reader(transport: Any) -> None:
    """Stop paramiko's reader thread before netmiko closes the channel.

    A read that waits on the channel with ``select`` gives it a pipe, which the reader thread
    wakes by writing one byte (``*``) to the pipe's raw descriptor as data arrives. netmiko
    closes the channel, and that pipe, while the thread may still be handing it the router's
    last bytes: the descriptor number, closed meanwhile, can already belong to another
    session's new socket, and the byte lands at the start of that router's SSH handshake
    ("Unsupported SSH version": about one session in a thousand at 50 threads). With the
    thread stopped first, nothing writes to the pipe any more when it closes. Shutting the
    socket down first ends the thread's wait for data at once."""
    shutdown = getattr(transport.sock, "shutdown", None)  # not on a ProxyCommand
    if shutdown is not None:
        try:
            shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    transport.close()
    transport.join(_READER_STOP_SECONDS)


_TAIL_CHARS = 2000
_MORE = "--More--"
# The longest wait on the channel before the deadline and a closed channel are looked at again.
_READ_TICK = 0.1
# How long closing a session waits for paramiko's reader thread to end (it ends at once).
_READER_STOP_SECONDS = 2.0
# netmiko's ``cisco_ios`` session set-up, in this order.
_SETUP_COMMANDS = ("terminal width 511", "terminal length 0")
# IOS shortens the prompt to 20 characters in config mode: netmiko keeps 16 of the hostname.
_BASE_PROMPT_CHARS = 16
# The pager mark and the backspaces/spaces IOS sends to erase it once a key was pressed.
_PAGER_MARK = re.compile(r"[ \t]*--More--[ \t]*(?:\x08+[ \t]*\x08*)?")


class DeviceSession:
    """An open, privileged SSH session to one router."""

    def __init__(self, settings: ConnectionSettings, masker: Masker | None = None) -> None:
        self.settings = settings
        self.masker = masker or Masker()
        self.masker.add(settings.password, settings.enable_secret, settings.key_passphrase)
        self._buffer = io.BytesIO()
        self._conn: Any = None
        self._proxy_process: Any = None
        self.base_prompt = ""
        self._exec_prompt_re: re.Pattern[str] | None = None
        self._privileged = False
        # Config lines the router took and dialogs it finished: what a failed task changed.
        self.applied: list[str] = []
        # What each show command printed since the router was last sent anything else (a
        # config line, a dialog, an exec command): the steps of one task read it once.
        self._shown: dict[str, str] = {}

    # --- lifecycle ------------------------------------------------------------------------

    def open(self) -> DeviceSession:
        exceptions = require("netmiko.exceptions")
        paramiko = require("paramiko")
        settings = self.settings
        log = require("netmiko.session_log").SessionLog(
            buffered_io=self._buffer, no_log={str(i): s for i, s in enumerate(self.masker.secrets)}
        )
        where = settings.where
        try:
            self._connect(log)
        except exceptions.NetmikoAuthenticationException as exc:
            raise DeviceConnectionError(
                f"login refused by {where} for user {settings.username!r}: check "
                f"ansible_user / ansible_password / ansible_private_key_file"
                + (" / netpki_private_key_passphrase" if settings.key_file else ""),
                self.transcript_tail(),
            ) from exc
        except exceptions.NetmikoTimeoutException as exc:
            first_line = next((ln for ln in str(exc).splitlines() if ln.strip()), "")
            raise DeviceConnectionError(
                f"{where} is unreachable: {self.masker.text(first_line.strip())}" + self._through(),
                self.transcript_tail(),
            ) from exc
        except exceptions.ReadTimeout as exc:  # the session set-up's reads (``_start``)
            raise DeviceConnectionError(
                f"{where} did not show its prompt within {settings.command_timeout}s of login",
                self.transcript_tail(),
            ) from exc
        except paramiko.SSHException as exc:
            raise DeviceConnectionError(
                f"SSH to {where} failed: {self.masker.text(str(exc))}{self._through()}",
                self.transcript_tail(),
            ) from exc
        except (OSError, EOFError) as exc:
            # paramiko raises a bare EOFError when the router closes the connection mid-handshake.
            reason = str(exc) or f"{type(exc).__name__} (the router closed the connection)"
            message = f"{where} is unreachable: {reason}{self._through()}"
            raise DeviceConnectionError(message) from exc
        self._enable()
        return self

    def _connect(self, log: Any) -> None:
        """netmiko's SSH session, host keys checked as the settings say; a host-key refusal
        comes out as HostKeyError whatever netmiko made of it."""
        settings = self.settings
        where = settings.where
        try:
            self._conn = _checked_cisco_ios()(
                host=settings.host,
                port=settings.port,
                username=settings.username,
                password=settings.password or "",
                secret=settings.enable_secret or "",
                pkey=_private_key(settings),
                use_keys=False,  # the key file is loaded above, with a clear error
                allow_agent=settings.allow_agent,
                # Only the named known_hosts file is read (never written), through the
                # process's parsed copy (``known_keys``); our policy decides about a key it
                # does not hold.
                ssh_strict=True,
                system_host_keys=False,
                alt_host_keys=False,
                sock=self._proxy(),
                conn_timeout=min(settings.command_timeout, 15),
                auth_timeout=settings.command_timeout,
                banner_timeout=settings.command_timeout,
                read_timeout_override=None,
                session_log=log,
                auto_connect=False,
            )
            if settings.host_key_checking:
                self._conn.known = known_keys(
                    settings.known_hosts_file, settings.host, settings.port
                )
                self._conn.key_policy = strict_policy(where, settings.known_hosts_file)
            else:
                self._conn.key_policy = accepting_policy()
            self._start(self._conn)
        except Exception as exc:
            host_key_error = self._host_key_error(exc)
            if host_key_error is None:
                raise
            raise host_key_error from exc

    def _host_key_error(self, exc: BaseException) -> HostKeyError | None:
        """The host-key refusal behind ``exc``: netmiko re-raises paramiko's errors as its own
        (keeping the original as the context), our policy's error passes through as it is."""
        paramiko = require("paramiko")
        seen: BaseException | None = exc
        while seen is not None:
            if isinstance(seen, HostKeyError):
                return HostKeyError(seen.msg, self.transcript_tail())
            if isinstance(seen, paramiko.BadHostKeyException):
                name = lookup_name(self.settings.host, self.settings.port)
                return changed_key(
                    self.settings.where,
                    name,
                    seen.key,
                    [seen.expected_key],
                    self.settings.known_hosts_file,
                )
            seen = seen.__cause__ or seen.__context__
        return None

    def _proxy(self) -> Any:
        """The jump host's channel (a ProxyCommand process), or None for a direct TCP session."""
        if not self.settings.proxy_command:
            return None
        proxy = require("paramiko").ProxyCommand(self.settings.proxy_command)
        self._proxy_process = proxy.process
        return proxy

    def _through(self) -> str:
        """Which proxy command the session went through, and what it said when it failed (the
        jump host's refusals: an unknown host key, a denied login, a closed forward)."""
        if not self.settings.proxy_command:
            return ""
        said = _stderr_of(self._proxy_process) if self._proxy_process is not None else ""
        said = f"; it said: {self.masker.text(said)}" if said else ""
        return f" (through the proxy command {self.settings.proxy_command}{said})"

    def _start(self, conn: Any) -> None:
        """What netmiko's connect and ``cisco_ios`` session set-up do (the same commands), with
        no fixed sleep: each command's answer is read as it arrives, and the prompt after the
        last one is the router's prompt, so finding it costs no extra RETURN."""
        try:
            conn.establish_connection()
            conn.write_channel(conn.RETURN)
            prompt = ""
            for command in _SETUP_COMMANDS:
                prompt = self._prompt_after(command, self.settings.command_timeout)
        except Exception:
            conn.disconnect()
            raise
        self._set_prompt(prompt)

    def _set_prompt(self, prompt: str) -> None:
        """The router's prompt (``R1>`` or ``R1#``) gives the base prompt, as netmiko sets it
        (its own config mode and session end use it), and whether the session is privileged."""
        self.base_prompt = prompt[:-1][:_BASE_PROMPT_CHARS]
        self._conn.base_prompt = self.base_prompt
        self._exec_prompt_re = re.compile(self.exec_prompt)
        self._privileged = prompt.endswith("#")

    def _prompt_after(self, command: str, timeout: float) -> str:
        """Type a command and return the prompt that follows its echo (any mode)."""
        self.write_channel(command + "\n")
        text = self._read(lambda text: _prompt_after_echo(text, command) is not None, timeout)
        return _prompt_after_echo(text, command) or ""

    def _enable(self) -> None:
        if self._privileged:
            return
        if not self.settings.enable_secret:
            self.close()
            raise DeviceConnectionError(
                f"{self.settings.host} logs in at user EXEC ('{self.base_prompt}>'): set "
                "ansible_become_password to the enable secret"
            )
        # Our own dialog rather than netmiko's enable(): a wrong secret is re-asked, which
        # enable() only notices when its read times out.
        try:
            result = self.dialog(
                ENABLE,
                "enable",
                answers={"secret": self.settings.enable_secret},
                timeout=self.settings.command_timeout,
            )
        except NetpkiError as exc:
            self.close()
            if isinstance(exc, DeviceConnectionError):  # the table's rejection rules
                raise DeviceConnectionError(
                    f"enable secret rejected by {self.settings.host}: check "
                    "ansible_become_password",
                    exc.transcript_tail,
                ) from exc
            raise DeviceConnectionError(
                f"enable on {self.settings.host} did not reach the privileged prompt: {exc.msg}",
                exc.transcript_tail,
            ) from exc
        if not result.prompt.endswith("#"):
            tail = self.transcript_tail()
            self.close()
            raise DeviceConnectionError(
                f"enable on {self.settings.host} did not reach the privileged prompt", tail
            )

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.disconnect()
            except Exception:  # noqa: BLE001 - closing a dead session must not hide the error
                pass
            self._conn = None

    def __enter__(self) -> DeviceSession:
        return self.open()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- transcript -----------------------------------------------------------------------

    def transcript(self) -> str:
        if self._conn is not None and self._conn.session_log is not None:
            self._conn.session_log.flush()
        return self.masker.text(self._buffer.getvalue().decode("utf-8", "replace"))

    def transcript_tail(self, chars: int = _TAIL_CHARS) -> str:
        return self.transcript()[-chars:]

    # --- prompts --------------------------------------------------------------------------

    @property
    def exec_prompt(self) -> str:
        return re.escape(self.base_prompt) + r"#\s*$"

    @property
    def any_prompt(self) -> str:
        """Privileged or any configuration mode prompt."""
        return re.escape(self.base_prompt) + r"(?:\([\w.-]+\))?#\s*$"

    # --- commands -------------------------------------------------------------------------

    def show(self, command: str, timeout: float | None = None, *, reuse: bool = False) -> str:
        """Run an exec command and return its output (no echo, no prompt).

        ``reuse``: the output this session already read for the same show command, if the
        router was sent nothing else since (no config line, dialog or other exec command).

        A router whose pager stays on despite ``terminal length 0`` stops at ``--More--``: a
        space gets each next page, and the marks are taken out of the output.
        """
        if reuse and command in self._shown:
            return self._shown[command]
        exceptions = require("netmiko.exceptions")
        wait = timeout or self.settings.command_timeout
        self.write_channel(command + "\n")
        try:
            text = self._read(lambda text: self._answered(text, command), wait)
            while text.rstrip().endswith(_MORE):
                self.write_channel(" ")
                text += self._read(lambda more: self._answered(more, ""), wait)
        except exceptions.ReadTimeout as exc:
            raise DeviceError(
                f"'{command}' did not complete within {wait}s", self.transcript_tail()
            ) from exc
        output = _output_of(text, command, self._exec_prompt_re)
        if command.startswith("show "):
            self._shown[command] = output
        else:
            self._shown.clear()
        return output

    def shown(self, command: str) -> str | None:
        """What ``command`` printed in this session, if the router was sent nothing else since."""
        return self._shown.get(command)

    def _answered(self, text: str, echo: str) -> bool:
        """Whether ``text`` holds the echo and then the privileged prompt or a pager mark."""
        start = text.find(echo)
        if start < 0:
            return False
        start = text.find("\n", start)
        if start < 0:
            return False
        if text.rstrip().endswith(_MORE):
            return True
        if self._exec_prompt_re is None:  # set when the session opened
            raise AssertionError("the router's prompt is not known yet")
        return self._exec_prompt_re.search(text, start) is not None

    def _read(self, done: Callable[[str], bool], timeout: float) -> str:
        """Read until ``done(text)``, waiting on the SSH channel (``select``) between reads, so
        the router's answer is taken when it arrives rather than at netmiko's next fixed tick.
        netmiko's ``ReadTimeout`` after ``timeout`` seconds, as its own reads raise it."""
        deadline = time.monotonic() + timeout
        text = ""
        while True:
            text += self._conn.read_channel()
            if done(text):
                return text
            left = deadline - time.monotonic()
            if left <= 0:
                raise require("netmiko.exceptions").ReadTimeout(f"no answer within {timeout}s")
            remote = self._conn.remote_conn
            if remote is None or remote.closed or remote.eof_received:
                time.sleep(min(left, _READ_TICK))  # nothing more will come: wait out the time
            else:
                wait_readable(self._conn, min(left, _READ_TICK))

    def configure(self, steps: Sequence[Step], timeout: float | None = None) -> list[DialogResult]:
        """Enter config mode, send each step's line (or run its dialog), then ``end``.

        A line that IOS rejects stops the run: the session leaves config mode and DeviceError
        carries the device's message. A step with a dialog table is run by the dialog engine,
        which answers the questions IOS asks after it (with the step's answers and checks).
        Returns the results of the dialog steps, in order.
        """
        if not steps:
            return []
        wait = timeout or self.settings.command_timeout
        results: list[DialogResult] = []
        self._shown.clear()
        self._config_mode(wait)
        try:
            for step in steps:
                if step.dialog is None:
                    self._config_line(step.line, wait)
                else:
                    try:
                        result = self.dialog(
                            step.dialog,
                            step.line,
                            answers=step.answers,
                            checks=step.checks,
                            timeout=wait,
                        )
                    except NetpkiError as error:
                        if error.may_have_applied:
                            self.applied.append(step.line)  # the router may finish it alone
                        raise
                    results.append(result)
                self.applied.append(step.line)
        finally:
            self._leave_config()
        return results

    def dialog(self, table: DialogTable, command: str, **options: Any) -> DialogResult:
        """Run an interactive command through the dialog engine, secrets masked."""
        self._shown.clear()
        return run_dialog(
            self, table, command, prompt=self.base_prompt, secrets=self.masker.secrets, **options
        )

    def _config_line(self, line: str, timeout: float) -> None:
        exceptions = require("netmiko.exceptions")
        self.write_channel(line + "\n")
        try:
            output = self.read_until_pattern(self.any_prompt, timeout)
        except exceptions.ReadTimeout as exc:
            raise DialogError(
                f"no prompt after '{self.masker.text(line)}' within {timeout}s",
                self.transcript_tail(),
            ) from exc
        error = CONFIG_ERROR_LINE.search(output)
        if error:
            raise DeviceError(
                f"the router rejected '{self.masker.text(line)}': {error.group().strip()}",
                self.transcript_tail(),
            )

    def _config_mode(self, timeout: float) -> None:
        """``configure terminal``, checking the router's prompt shows a config mode."""
        exceptions = require("netmiko.exceptions")
        try:
            prompt = self._prompt_after("configure terminal", timeout)
        except exceptions.ReadTimeout as exc:
            raise DialogError(
                f"no prompt after 'configure terminal' within {timeout}s", self.transcript_tail()
            ) from exc
        if "(config" not in prompt:
            raise DeviceError(
                f"'configure terminal' did not enter config mode (prompt {prompt!r})",
                self.transcript_tail(),
            )

    def _leave_config(self) -> None:
        """``end``, back at the privileged prompt (best effort: the task is failing or done)."""
        try:
            self._prompt_after("end", min(self.settings.command_timeout, 10))
        except Exception:  # noqa: BLE001 - best effort: the task is failing or done anyway
            pass

    def save(self) -> None:
        """``write memory``, checking the router confirms it."""
        output = self.show("write memory")
        if "[OK]" not in output and "%" in output:
            raise DeviceError(f"write memory failed: {output.strip()}", self.transcript_tail())

    # --- raw channel for dialogs ----------------------------------------------------------

    def write_channel(self, data: str) -> None:
        self._conn.write_channel(data)

    def read_channel(self) -> str:
        return self._conn.read_channel()

    def read_until_pattern(self, pattern: str, timeout: float | None = None) -> str:
        """Everything read until ``pattern`` matches it (netmiko's ``ReadTimeout`` if not)."""
        regex = re.compile(pattern)
        return self._read(
            lambda text: regex.search(text) is not None,
            timeout or self.settings.command_timeout,
        )

    @property
    def remote_conn(self) -> Any:
        # The dialog engine reads ``remote_conn.closed`` to notice a dropped connection at
        # once instead of waiting out the step's timeout.
        return self._conn.remote_conn


def _prompt_after_echo(text: str, echo: str) -> str | None:
    """The prompt (``R1#``, ``R1(config)#``) ending ``text`` after the echo of ``echo``."""
    start = text.find(echo)
    if start < 0 or text.find("\n", start) < 0:
        return None
    last = text[text.rfind("\n") + 1 :].strip()
    return last if last[-1:] in ("#", ">") else None


def _output_of(text: str, command: str, prompt: re.Pattern[str] | None) -> str:
    """A command's output as netmiko's ``send_command`` gives it: from the line after the
    echo to the line before the prompt, pager marks taken out."""
    start = text.find("\n", text.find(command)) + 1
    body = text[start:]
    if _MORE in body:
        body = _PAGER_MARK.sub("", body)
    found = prompt.search(body) if prompt is not None else None
    if found is not None:
        body = body[: found.start()]
    return body[:-1] if body.endswith("\n") else body


def _stderr_of(process: Any) -> str:
    """What a proxy command that ended printed on stderr (nothing while it still runs: then
    the failure lies beyond the jump host)."""
    try:
        process.wait(timeout=1)
    except subprocess.TimeoutExpired:
        return ""
    readable = select.select([process.stderr], [], [], 0)[0]
    if not readable:
        return ""
    data = os.read(process.stderr.fileno(), 4000)
    return " ".join(data.decode("utf-8", "replace").split())


def _private_key(settings: ConnectionSettings) -> Any:
    """The key file's key, decrypted with netpki_private_key_passphrase (None without a file).

    Loaded here rather than by paramiko, so a missing passphrase, a wrong one and an unreadable
    file each fail clearly, before the router is contacted.
    """
    if not settings.key_file:
        return None
    paramiko = require("paramiko")
    path = settings.key_file
    passphrase = settings.key_passphrase.encode() if settings.key_passphrase else None
    try:
        return paramiko.PKey.from_path(path, password=passphrase)
    except OSError as exc:
        raise DeviceConnectionError(f"cannot read the private key {path}: {exc}") from exc
    except (paramiko.SSHException, ValueError, TypeError) as exc:
        # cryptography says TypeError for an encrypted key without a passphrase
        if passphrase is None and isinstance(exc, (paramiko.PasswordRequiredException, TypeError)):
            raise DeviceConnectionError(
                f"the private key {path} is protected by a passphrase: set "
                "netpki_private_key_passphrase"
            ) from exc
        raise DeviceConnectionError(
            f"cannot load the private key {path}: check netpki_private_key_passphrase "
            "(a wrong passphrase, or not a private key)"
        ) from exc
