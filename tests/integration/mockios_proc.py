"""Start ``python -m mockios serve|fleet`` as a subprocess for tests and benchmarks.

``start_mockios(state_dir, count=1, **options)`` is a context manager: it starts one device
(``serve``) or a fleet (``count > 1``, or ``fleet=True``) on free ports, waits for the
``READY`` line, yields a ``MockiosRun`` and stops the process with SIGTERM at the end.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockios.fleet import inventory_hosts

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


@dataclass
class DeviceParams:
    name: str
    host: str
    port: int
    username: str
    password: str
    secret: str
    state_dir: Path

    @property
    def known_hosts(self) -> Path:
        """The known_hosts file mockios wrote for its routers (OpenSSH format)."""
        return self.state_dir / "known_hosts"

    @property
    def log_path(self) -> Path:
        """The device's session log (JSON lines, see ``mockios.log``)."""
        return self.state_dir / self.name / "session.log"

    def netmiko(self, **extra: Any) -> dict[str, Any]:
        """Keyword arguments for ``netmiko.ConnectHandler``."""
        return {
            "device_type": "cisco_ios",
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "password": self.password,
            "secret": self.secret,
            "fast_cli": True,
            **extra,
        }


@dataclass
class MockiosRun:
    process: subprocess.Popen[str]
    state_dir: Path
    devices: list[DeviceParams]
    inventory: Path | None = None
    stderr_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def device(self) -> DeviceParams:
        return self.devices[0]

    def fault(self, device: str, **values: Any) -> None:
        """Switch faults at run time (``python -m mockios fault``)."""
        args = [f"{key}={value}" for key, value in values.items()]
        subprocess.run(
            [sys.executable, "-m", "mockios", "fault", "--state-dir", str(self.state_dir)]
            + ["--device", device, *args],
            check=True,
            capture_output=True,
            cwd=REPO,
        )

    def clock(self, offset: str) -> None:
        """Move the lab's clock (routers and lab CA) to real time + ``offset``: ``+9d``."""
        subprocess.run(
            [sys.executable, "-m", "mockios", "clock", "--state-dir", str(self.state_dir)]
            + ["--", offset],
            check=True,
            capture_output=True,
            cwd=REPO,
        )


def _wait_ready(process: subprocess.Popen[str], stderr_path: Path) -> str:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not selector.select(timeout=0.2):
            if process.poll() is not None:
                break
            continue
        line = process.stdout.readline()
        if line.startswith("READY"):
            return line.strip()
        if not line and process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"mockios did not start: {stderr_path.read_text()[-2000:]}")


@contextlib.contextmanager
def start_mockios(
    state_dir: Path,
    count: int = 1,
    fleet: bool = False,
    flavor: str = "ios15",
    hostname: str = "R1",
    username: str = "admin",
    password: str = "admin",
    secret: str = "cisco",
    faults_file: Path | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[MockiosRun]:
    state_dir.mkdir(parents=True, exist_ok=True)
    common = ["--flavor", flavor, "--state-dir", str(state_dir)]
    common += ["--username", username, "--password", password, "--secret", secret]
    if faults_file is not None:
        common += ["--faults", str(faults_file)]
    inventory = None
    if fleet or count > 1:
        inventory = state_dir / "inventory.yml"
        command = ["fleet", "--count", str(count), "--base-port", "0"]
        command += ["--inventory", str(inventory)]
    else:
        command = ["serve", "--port", "0", "--hostname", hostname]
    stderr_path = state_dir / "mockios.stderr"
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "mockios", *command, *common, *(extra_args or [])],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        ready = _wait_ready(process, stderr_path)
        credentials = {"username": username, "password": password, "secret": secret}
        if inventory is None:
            host, _, port = ready.split()[1].rpartition(":")
            devices = [DeviceParams(hostname, host, int(port), state_dir=state_dir, **credentials)]
        else:
            hosts = inventory_hosts(inventory)
            devices = [
                DeviceParams(
                    name, v["ansible_host"], v["ansible_port"], state_dir=state_dir, **credentials
                )
                for name, v in hosts.items()
            ]
        yield MockiosRun(process, state_dir, devices, inventory, stderr_path)
    finally:
        stop_process(process)
        if process.stdout is not None:
            process.stdout.close()


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, and SIGKILL if the process has not ended 10 seconds later."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
