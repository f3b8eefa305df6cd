"""One simulated IOS device: configuration, fault switches, syslog, timers, persistence.

Extension points (keep these names):
- ``device.name``: the device id given at start (R1); names its state folder.
- ``device.hostname`` / ``device.domain_name``: from the running config.
- ``device.serial``, ``device.flavor`` ("ios15" | "iosxe17"), ``device.state_dir`` (the
  device's own folder ``<state-dir>/<name>`` or None), ``device.running``/``device.startup``
  (``mockios.config_model.RunningConfig``), ``device.keys`` (dict, owned by the PKI code),
  ``device.pki`` (slot for the PKI code), ``device.faults`` (``mockios.faults.Faults``).
- ``device.notify(text)``: a syslog line, delivered to sessions with ``terminal monitor`` and
  kept for ``show logging``. A leading ``*timestamp: `` is added when text starts with ``%``.
- ``device.call_later(seconds, fn)``: run ``fn()`` later on the event loop. Without a loop
  (unit tests) calls wait in ``device.pending_timers`` until ``device.run_pending_timers()``.
- ``device.restored``: the state was loaded from ``--state-dir``; ``device.factory_defaults``:
  a new device gets its flavor's built-ins (False for ``--empty``).
- ``add_device_hook(fn)``: ``fn(device)`` runs at the end of every ``Device.__init__``;
  ``device.start_hooks`` run when the device starts serving (``device.start(loop)``, called
  by the SSH transport; tests without SSH may call ``device.start(None)``);
  ``device.shutdown_hooks`` run (before the state is saved) when the device stops.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import pickle
import time
from collections.abc import Callable
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from mockios import clock
from mockios.config_model import Interface, RunningConfig
from mockios.faults import Faults, faults_for_device, faults_path, write_faults
from mockios.log import SessionLog

FLAVORS = ("ios15", "iosxe17")
_DEVICE_HOOKS: list[Callable[[Device], None]] = []
LOG_BUFFER_LINES = 500


class Listener(Protocol):
    """A CLI session as the device sees it: it may want the syslog lines."""

    def deliver_async(self, line: str) -> None: ...


def add_device_hook(fn: Callable[[Device], None]) -> None:
    """Run ``fn(device)`` for every device created from now on (PKI state set-up)."""
    _DEVICE_HOOKS.append(fn)


def make_serial(name: str) -> str:
    """A stable, distinct, IOS-looking board serial per device name."""
    digest = hashlib.sha1(name.encode()).hexdigest().upper()
    return f"FTX{int(digest[:8], 16) % 10000:04d}{digest[8:12]}"


def syslog_timestamp(now: float | None = None) -> str:
    stamp = datetime.fromtimestamp(now if now is not None else clock.timestamp(), UTC)
    return "*" + stamp.strftime("%b %d %H:%M:%S.") + f"{stamp.microsecond // 1000:03d}"


def _default_interface(flavor: str, index: int) -> Interface:
    name = "GigabitEthernet1" if flavor == "iosxe17" else "GigabitEthernet0/0"
    return Interface(name, f"10.{(index >> 8) & 255}.{index & 255}.1 255.255.255.0")


class Device:
    def __init__(
        self,
        name: str = "R1",
        flavor: str = "ios15",
        state_dir: str | Path | None = None,
        username: str = "admin",
        password: str = "admin",
        secret: str = "cisco",
        index: int = 1,
        faults: dict[str, Any] | None = None,
        factory_defaults: bool = True,
    ) -> None:
        if flavor not in FLAVORS:
            raise ValueError(f"flavor must be one of {FLAVORS}")
        self.name = name
        self.flavor = flavor
        self.serial = make_serial(name)
        self.username = username
        self.password = password
        self.secret = secret
        self.state_dir = Path(state_dir) / name if state_dir else None
        self.running = RunningConfig(hostname=name)
        iface = _default_interface(flavor, index)
        self.running.interfaces[iface.name] = iface
        self.startup = deepcopy(self.running)
        self.keys: dict[str, Any] = {}
        self.pki: Any = None
        self.faults = Faults.from_dict(faults_for_device(faults or {}, name))
        self._faults_mtime: float | None = None
        self.log = SessionLog(self.state_dir / "session.log" if self.state_dir else None)
        self.logging_buffer: list[str] = []
        self.sessions: set[Listener] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.pending_timers: list[tuple[float, Callable[[], Any]]] = []
        self.shutdown_hooks: list[Callable[[], Any]] = []
        self.start_hooks: list[Callable[[], Any]] = []
        self.boot_time = time.time()
        self.changed_at = self._stamp()
        self._next_session = 0
        # A device seen for the first time gets what its flavor ships with (IOS-XE 17:
        # SLA-TrustPoint, TP-self-signed-<n>); a restored one keeps its saved state.
        self.factory_defaults = factory_defaults
        self.restored = False
        self._load_state()
        if self.state_dir and faults:
            write_faults(faults_path(self.state_dir.parent, name), self.faults.to_dict())
        for hook in _DEVICE_HOOKS:
            hook(self)

    # --- identity ---------------------------------------------------------------------
    @property
    def hostname(self) -> str:
        return self.running.hostname

    @property
    def domain_name(self) -> str | None:
        return self.running.domain_name

    def new_session_id(self) -> int:
        self._next_session += 1
        return self._next_session

    # --- syslog and timers ------------------------------------------------------------
    def notify(self, text: str) -> None:
        line = f"{syslog_timestamp()}: {text}" if text.startswith("%") else text
        self.logging_buffer.append(line)
        del self.logging_buffer[:-LOG_BUFFER_LINES]
        for session in list(self.sessions):
            session.deliver_async(line)

    def call_later(self, seconds: float, fn: Callable[[], Any]) -> Any:
        if self.loop is not None:
            return self.loop.call_later(seconds, fn)
        self.pending_timers.append((seconds, fn))
        return None

    def start(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """The device starts serving: timers now run on ``loop``; ``start_hooks`` resume
        background work restored from the state dir (auto-enroll, pending requests)."""
        self.loop = loop
        for hook in self.start_hooks:
            hook()

    def run_pending_timers(self) -> int:
        """Run the timers queued without an event loop; returns how many ran."""
        timers, self.pending_timers = self.pending_timers, []
        for _, fn in sorted(timers, key=lambda t: t[0]):
            fn()
        return len(timers)

    # --- faults -----------------------------------------------------------------------
    def refresh_faults(self) -> Faults:
        """Re-read faults.json when it changed (cheap stat per command)."""
        if self.state_dir is None:
            return self.faults
        path = self.state_dir / "faults.json"
        try:
            mtime = path.stat().st_mtime_ns
        except FileNotFoundError:
            return self.faults
        if mtime != self._faults_mtime:
            self._faults_mtime = mtime
            try:
                self.faults = Faults.from_dict(json.loads(path.read_text() or "{}"))
            except (ValueError, OSError):
                pass  # half-written or bad file: keep the last good faults
        return self.faults

    # --- configuration and persistence ------------------------------------------------
    def _stamp(self) -> str:
        return clock.now().strftime("%H:%M:%S UTC %a %b %d %Y")

    def mark_changed(self) -> None:
        self.changed_at = self._stamp()

    def write_memory(self) -> None:
        self.startup = deepcopy(self.running)
        self.save_state()

    def _state_file(self) -> Path | None:
        return self.state_dir / "config.pickle" if self.state_dir else None

    def save_state(self) -> None:
        path = self._state_file()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps({"running": self.running, "startup": self.startup}))
        tmp.replace(path)

    def _load_state(self) -> None:
        path = self._state_file()
        if path is None or not path.exists():
            return
        state = pickle.loads(path.read_bytes())
        self.running, self.startup = state["running"], state["startup"]
        self.restored = True

    def shutdown(self) -> None:
        for hook in self.shutdown_hooks:
            hook()
        self.save_state()
