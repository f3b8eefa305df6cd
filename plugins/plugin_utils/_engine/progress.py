"""Progress of long steps: a line per host at ``-v``, and how long each wait took.

Action plugins run on the controller, so Ansible's ``Display`` reaches the terminal from the
worker process while the task still runs: the user sees what a task waits for (a CA's grant,
key generation) instead of a silent task. Each wait is recorded as ``{step, seconds}``; the
action base returns the list as the result's ``waits``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

Show = Callable[[str, "str | None"], None]


def _verbose(message: str, host: str | None) -> None:
    from ansible.utils.display import Display

    Display().v(message, host=host)


@dataclass
class _Wait:
    step: str
    started: float
    timeout: float | None
    interval: float | None
    last_line: float


class Progress:
    """One task's progress on one host; silent unless told where to show lines."""

    def __init__(self, host: str | None = None, show: Show | None = None) -> None:
        self.host = host
        self._show = show
        self.waits: list[dict[str, Any]] = []
        self._current: _Wait | None = None

    @classmethod
    def at_verbose(cls, host: str | None) -> Progress:
        """Lines go to Ansible's display at -v and above."""
        return cls(host, _verbose)

    def say(self, message: str) -> None:
        if self._show is not None:
            self._show(message, self.host)

    @contextmanager
    def wait(
        self, step: str, *, timeout: float | None = None, interval: float | None = None
    ) -> Iterator[None]:
        """Time ``step``, recorded even when it fails; with ``interval``, ``poll`` reports."""
        details = [f"up to {timeout:g}s"] if timeout else []
        details += [f"checking every {interval:g}s"] if interval else []
        self.say(step + (f" ({', '.join(details)})" if details else ""))
        started = time.monotonic()
        self._current = _Wait(step, started, timeout, interval, started)
        try:
            yield
            self.say(f"{step}: done after {time.monotonic() - started:.0f}s")
        finally:
            self._current = None
            self.waits.append({"step": step, "seconds": round(time.monotonic() - started, 1)})

    def poll(self) -> None:
        """Called at each look of a polling wait: one line every ``interval`` seconds."""
        wait = self._current
        if wait is None or not wait.interval:
            return
        now = time.monotonic()
        if now - wait.last_line < wait.interval:
            return
        wait.last_line = now
        elapsed = now - wait.started
        left = f", {max(wait.timeout - elapsed, 0):.0f}s left" if wait.timeout else ""
        self.say(f"{wait.step}: {elapsed:.0f}s elapsed{left}")
