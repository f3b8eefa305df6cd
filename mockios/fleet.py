"""Run one or many devices in a single event loop until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

import yaml

from mockios.device import Device
from mockios.server import load_host_key, serve_device


def write_inventory(path: Path, devices: list[Device], host: str, ports: list[int]) -> None:
    hosts = {
        device.name: {
            "ansible_host": host,
            "ansible_port": port,
            "ansible_user": device.username,
            "ansible_password": device.password,
            "ansible_become_password": device.secret,
            "ansible_connection": "local",
        }
        for device, port in zip(devices, ports, strict=True)
    }
    inventory = {"all": {"children": {"routers": {"hosts": hosts}}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))


async def run_devices(
    devices: list[Device],
    host: str,
    base_port: int,
    state_dir: Path | None,
    inventory: Path | None = None,
    ready_line: str | None = None,
) -> None:
    """Serve every device (consecutive ports from base_port, or OS-chosen when 0)."""
    host_key = load_host_key(state_dir)
    acceptors = []
    ports = []
    for offset, device in enumerate(devices):
        acceptor = await serve_device(
            device, host, base_port + offset if base_port else 0, host_key
        )
        acceptors.append(acceptor)
        ports.append(acceptor.get_port())
    if inventory is not None:
        write_inventory(inventory, devices, host, ports)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    line = ready_line or f"READY {host}:{ports[0]}"
    sys.stdout.write(line.format(count=len(devices), host=host, port=ports[0]) + "\n")
    sys.stdout.flush()
    await stop.wait()
    for acceptor in acceptors:
        acceptor.close()
    for device in devices:
        for session in list(device.sessions):
            session.close()
        device.shutdown()


def make_devices(
    count: int, flavor: str, state_dir: Path | None, faults: dict[str, Any], **credentials: Any
) -> list[Device]:
    return [
        Device(f"R{i}", flavor, state_dir, index=i, faults=faults, **credentials)
        for i in range(1, count + 1)
    ]
