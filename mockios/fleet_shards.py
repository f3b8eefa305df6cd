"""A fleet served by several processes: routers R1..RN cut into contiguous shards, one event
loop per process, so the simulator uses every core instead of one.

The parent forks the shards before any event loop runs, then starts the lab's services (the
lab CA's SCEP server) in threads of its own, collects each shard's ports through a pipe, and
publishes the fleet as one (names map, known_hosts, inventory, ready line) exactly as a
one-process fleet does. SIGTERM or SIGINT to the parent stops every shard; each saves its
routers' state as a one-process fleet would. A shard that dies stops the whole fleet.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from mockios.fleet import Login, Publication, make_devices, publish, serve_until_stopped
from mockios.lab_services import start_lab_services
from mockios.pki import keypool
from mockios.server import load_host_key

# Fewer routers than this per process gain nothing from another process.
MIN_ROUTERS_PER_PROCESS = 25
_START_TIMEOUT = 120.0
_STOP_TIMEOUT = 20.0


def default_processes(count: int) -> int:
    """One per core, but no process for fewer than MIN_ROUTERS_PER_PROCESS routers."""
    return max(1, min(os.cpu_count() or 1, count // MIN_ROUTERS_PER_PROCESS))


def shards(count: int, processes: int) -> list[range]:
    """R1..R<count> in ``processes`` contiguous, near-equal index ranges."""
    size, extra = divmod(count, processes)
    ranges, first = [], 1
    for number in range(processes):
        last = first + size + (1 if number < extra else 0)
        ranges.append(range(first, last))
        first = last
    return [r for r in ranges if r]


def run_sharded_fleet(
    count: int,
    processes: int,
    *,
    flavor: str,
    state_dir: Path | None,
    faults: dict[str, Any],
    login: Login,
    factory_defaults: bool,
    host: str,
    base_port: int,
    inventory: Path | None,
    known_hosts: Path | None,
    authorized_keys: Path | None,
    ready_line: str,
    ca_challenge: str | None = None,
) -> int:
    host_key = load_host_key(state_dir)  # created once, before the shards read it
    context = multiprocessing.get_context("fork")
    parts = shards(count, processes)
    children = []
    for number, indices in enumerate(parts):
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(
            target=_shard,
            name=f"mockios-shard-{number}",
            args=(indices, number, len(parts), sending),
            kwargs={
                "flavor": flavor,
                "state_dir": state_dir,
                "faults": faults,
                "credentials": {
                    "username": login.username,
                    "password": login.password,
                    "secret": login.secret,
                    "factory_defaults": factory_defaults,
                },
                "host": host,
                "base_port": base_port + indices.start - 1 if base_port else 0,
                "authorized_keys": authorized_keys,
            },
        )
        child.start()
        sending.close()
        children.append((child, receiving))
    stop = _stop_on_signals()
    services = (  # after forking
        start_lab_services(state_dir, challenge=ca_challenge) if state_dir is not None else None
    )
    try:
        ports, http_ports = _collect_ports(children)
        names = [f"R{i}" for indices in parts for i in indices]
        lab_hosts = services.hosts if services else {}
        where = Publication(
            host, host_key, login, state_dir, inventory, known_hosts, ready_line, lab_hosts
        )
        publish(where, names, ports, http_ports)
        sentinels = [child.sentinel for child, _ in children]
        while not stop.is_set():
            if wait(sentinels, timeout=0.5):
                return 1  # a shard died: the fleet is incomplete
        return 0
    finally:
        _stop_all([child for child, _ in children])
        if services is not None:
            services.stop()


def _shard(
    indices: range,
    number: int,
    total: int,
    report: Connection,
    *,
    flavor: str,
    state_dir: Path | None,
    faults: dict[str, Any],
    credentials: dict[str, Any],
    host: str,
    base_port: int,
    authorized_keys: Path | None,
) -> None:
    import asyncio

    keypool.shared_pool().use_share(number, total)
    devices = make_devices(indices, flavor, state_dir, faults, **credentials)
    host_key = load_host_key(state_dir)
    asyncio.run(
        serve_until_stopped(
            devices, host, base_port, host_key, authorized_keys, lambda *ports: report.send(ports)
        )
    )


def _collect_ports(
    children: list[tuple[multiprocessing.Process, Connection]],
) -> tuple[list[int], list[int | None]]:
    """The SSH ports and HTTP ports of every shard's routers, in order."""
    ports: list[int] = []
    http_ports: list[int | None] = []
    for child, receiving in children:
        if not receiving.poll(_START_TIMEOUT):
            raise RuntimeError(f"{child.name} did not start within {_START_TIMEOUT:.0f} s")
        try:
            ssh, http = receiving.recv()
            ports += ssh
            http_ports += http
        except EOFError:
            raise RuntimeError(
                f"{child.name} exited before serving (exit {child.exitcode})"
            ) from None
    return ports, http_ports


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def _stop_all(children: list[multiprocessing.Process]) -> None:
    for child in children:
        if child.is_alive():
            child.terminate()  # SIGTERM: the shard closes its sessions and saves state
    for child in children:
        child.join(_STOP_TIMEOUT)
        if child.is_alive():
            child.kill()
            child.join()
