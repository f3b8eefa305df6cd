"""What an operation sees of its Ansible task: checked parameters, modes, one SSH session.

The action base (``plugin_utils/_action_module.py``) builds it from what Ansible gives; the
engine knows nothing of Ansible's plugin classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import NetpkiError
from .masking import Masker
from .progress import Progress
from .transport.session import DeviceSession
from .transport.settings import ConnectionSettings


class Task:
    """What an operation sees: checked parameters, modes, and the device session."""

    def __init__(
        self,
        params: dict[str, Any],
        *,
        check_mode: bool,
        diff_mode: bool,
        connection_vars: Mapping[str, Any],
        connection_context: Mapping[str, Any],
        ssh_args: tuple[str | None, ...],
        masker: Masker,
        progress: Progress | None = None,
    ) -> None:
        self.params = params
        self.check_mode = check_mode
        self.diff_mode = diff_mode
        self.masker = masker
        self.warnings: list[str] = []
        # Secrets the task exists to return (an exported private key): kept out of the
        # masking that every other result field goes through; the result is then no_log.
        self.returned_secrets: dict[str, Any] = {}
        self.progress = progress or Progress()  # long steps report here (-v) and are timed
        self._connection_vars = connection_vars
        self._connection_context = connection_context
        self._ssh_args = ssh_args
        self._session: DeviceSession | None = None
        # A step of a composed task (``step``) uses the session of the task it belongs to.
        self._lender: Task | None = None
        # A task over many routers (fleet_audit): one task per router, each with its session.
        self.hosts: list[HostTask] = []

    def step(self, params: dict[str, Any]) -> Task:
        """A task for one step of a composed operation (``enrollment``): its own parameters
        and warnings; this task's modes, masking, progress and SSH session. The session is
        borrowed: opened once, by whichever uses it first, and closed by this task only, so
        every step runs in the same session and ``applied`` holds what all of them sent."""
        step = Task(
            params,
            check_mode=self.check_mode,
            diff_mode=self.diff_mode,
            connection_vars=self._connection_vars,
            connection_context=self._connection_context,
            ssh_args=self._ssh_args,
            masker=self.masker,
            progress=self.progress,
        )
        step._lender = self
        return step

    @property
    def session(self) -> DeviceSession:
        """The task's one SSH session, opened on first use."""
        if self._lender is not None:
            return self._lender.session
        if self._session is None:
            settings = ConnectionSettings.from_vars(
                self._connection_vars, self._connection_context, ssh_args=self._ssh_args
            )
            if not settings.host_key_checking:
                self.warnings.append(
                    f"host key checking is off for {settings.where} ({settings.checking_off_by}):"
                    " the router's identity was not verified before the credentials were sent"
                )
            self._session = DeviceSession(settings, self.masker).open()
        return self._session

    @property
    def _opened(self) -> DeviceSession | None:
        return self._lender._opened if self._lender is not None else self._session

    @property
    def connected(self) -> bool:
        return self._opened is not None

    def transcript_tail(self) -> str:
        return self._opened.transcript_tail() if self._opened else ""

    @property
    def applied(self) -> list[str]:
        """The config lines and dialogs the router took during this task (a step: during
        its whole composed task so far)."""
        return list(self._opened.applied) if self._opened else []

    def close(self) -> None:
        if self._session is not None:  # a step borrowed its session: the lender closes it
            self._session.close()


@dataclass
class HostTask:
    """One router of a task over many: its name, its own task, and what made it unusable
    before any connection (a missing credential, say), if anything did."""

    name: str
    task: Task
    error: NetpkiError | None = None
