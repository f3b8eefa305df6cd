"""Run one or many devices in a single event loop until SIGTERM/SIGINT, with the lab's
services (the lab CA's SCEP server) beside them when they have a state dir."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
import yaml

from mockios.device import Device
from mockios.hosts import write_hosts
from mockios.lab_services import router_hosts, start_lab_services
from mockios.server import load_authorized_keys, load_host_key, serve_device


def write_known_hosts(path: Path, host_key: asyncssh.SSHKey, host: str, ports: list[int]) -> None:
    """One OpenSSH known_hosts line per router: ``[host]:port`` (``host`` on port 22) and the
    fleet's public host key, so clients check host keys against the simulator."""
    public = host_key.export_public_key("openssh").decode().split()
    key = f"{public[0]} {public[1]}"
    names = [host if port == 22 else f"[{host}]:{port}" for port in ports]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(f"{name} {key}\n" for name in names))
    tmp.replace(path)


def write_inventory(
    path: Path, names: list[str], login: Login, host: str, ports: list[int], known_hosts: Path
) -> None:
    """The fleet's Ansible inventory: the variables every router shares (address, credentials,
    known_hosts file) once, as the ``routers`` group's, as a real inventory keeps them, and each
    router's own port under its name. ansible-core tags every value it loads from YAML with its
    origin: a copy of the shared ones per router costs the controller about 40 KiB per host."""
    shared = {
        "ansible_host": host,
        "ansible_user": login.username,
        "ansible_password": login.password,
        "ansible_become_password": login.secret,
        "ansible_connection": "local",
        "netpki_known_hosts_file": str(known_hosts.resolve()),
    }
    hosts = {name: {"ansible_port": port} for name, port in zip(names, ports, strict=True)}
    inventory = {"all": {"children": {"routers": {"vars": shared, "hosts": hosts}}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(inventory, sort_keys=False))


def inventory_hosts(path: Path) -> dict[str, dict[str, Any]]:
    """Each router of an inventory ``write_inventory`` wrote, with its variables: the group's,
    then its own."""
    routers = yaml.safe_load(path.read_text())["all"]["children"]["routers"]
    shared = routers.get("vars") or {}
    return {name: {**shared, **(own or {})} for name, own in routers["hosts"].items()}


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    secret: str  # the enable secret


async def run_devices(
    devices: list[Device],
    host: str,
    base_port: int,
    state_dir: Path | None,
    inventory: Path | None = None,
    ready_line: str | None = None,
    known_hosts: Path | None = None,
    authorized_keys: Path | None = None,
    ca_challenge: str | None = None,
) -> None:
    """Serve every device (consecutive ports from base_port, or OS-chosen when 0) in this
    process until SIGTERM/SIGINT; with a state dir, the lab's services too.

    The known_hosts file goes where ``known_hosts`` says, else beside the inventory, else in
    the state dir; with none of them, none is written. ``ca_challenge`` is the challenge
    password the lab CA's SCEP server checks (none: it checks none)."""
    host_key = load_host_key(state_dir)
    services = (
        start_lab_services(state_dir, challenge=ca_challenge) if state_dir is not None else None
    )
    first = devices[0]
    login = Login(first.username, first.password, first.secret)
    where = Publication(
        host,
        host_key,
        login,
        state_dir,
        inventory,
        known_hosts,
        ready_line,
        services.hosts if services else {},
    )

    def announce(ports: list[int], http_ports: list[int | None]) -> None:
        publish(where, [device.name for device in devices], ports, http_ports)

    try:
        await serve_until_stopped(devices, host, base_port, host_key, authorized_keys, announce)
    finally:
        if services is not None:
            services.stop()


async def serve_until_stopped(
    devices: list[Device],
    host: str,
    base_port: int,
    host_key: asyncssh.SSHKey,
    authorized_keys: Path | None,
    announce: Callable[[list[int], list[int | None]], None],
) -> None:
    """Serve ``devices``, hand their SSH and HTTP ports to ``announce``, and stop on
    SIGTERM/SIGINT."""
    client_keys = load_authorized_keys(authorized_keys)
    acceptors = []
    ports = []
    for offset, device in enumerate(devices):
        acceptor = await serve_device(
            device, host, base_port + offset if base_port else 0, host_key, client_keys
        )
        acceptors.append(acceptor)
        ports.append(acceptor.get_port())
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    announce(ports, [getattr(device, "http_port", None) for device in devices])
    await stop.wait()
    for acceptor in acceptors:
        acceptor.close()
    for device in devices:
        for session in list(device.sessions):
            session.close()
        device.shutdown()


@dataclass(frozen=True)
class Publication:
    """Where a running fleet tells its clients how to reach it."""

    host: str
    host_key: asyncssh.SSHKey
    login: Login
    state_dir: Path | None
    inventory: Path | None
    known_hosts: Path | None
    ready_line: str | None
    lab_hosts: dict[str, Any]  # the lab services' names (mockios.hosts)


def publish(
    where: Publication, names: list[str], ports: list[int], http_ports: list[int | None]
) -> None:
    """Write the names map, known_hosts and the inventory, then print the ready line:
    clients wait for it."""
    if where.state_dir is not None:
        routers = router_hosts(names, where.host, ports, http_ports)
        write_hosts(where.state_dir, where.lab_hosts | routers)
    known_hosts = where.known_hosts or _default_known_hosts(where.inventory, where.state_dir)
    if known_hosts is not None:
        write_known_hosts(known_hosts, where.host_key, where.host, ports)
    if where.inventory is not None:
        assert known_hosts is not None
        write_inventory(where.inventory, names, where.login, where.host, ports, known_hosts)
    line = where.ready_line or f"READY {where.host}:{ports[0]}"
    sys.stdout.write(line.format(count=len(names), host=where.host, port=ports[0]) + "\n")
    sys.stdout.flush()


def _default_known_hosts(inventory: Path | None, state_dir: Path | None) -> Path | None:
    if inventory is not None:
        return inventory.parent / "known_hosts"
    return state_dir / "known_hosts" if state_dir is not None else None


def make_devices(
    indices: range, flavor: str, state_dir: Path | None, faults: dict[str, Any], **credentials: Any
) -> list[Device]:
    """Routers R<i> for each i of ``indices``."""
    return [
        Device(f"R{i}", flavor, state_dir, index=i, faults=faults, **credentials) for i in indices
    ]
