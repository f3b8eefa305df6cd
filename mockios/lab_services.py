"""The lab's network services that a fleet runs beside its routers: the lab CA's SCEP server
(`python -m mockios ca serve`'s, and its CRL) and a man in the middle's, where the `mitm_ca`
fault sends a router's SCEP. Each listens on a free loopback port, served from a thread of
the fleet's process, and is named in `<state-dir>/hosts.json` (`mockios.hosts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockios.hosts import IMPOSTOR_NAME, LAB_CA_NAMES
from mockios.pki.lab_url import lab_for
from mockios.scep.http_server import ScepHttpServer, start_in_thread
from mockios.scep.responder import ImpostorResponder, Responder


@dataclass
class LabServices:
    servers: list[ScepHttpServer] = field(default_factory=list)
    hosts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


def start_lab_services(
    state_dir: Path, address: str = "127.0.0.1", challenge: str | None = None
) -> LabServices:
    """Start the lab CA's and the impostor's SCEP servers on free ports of `address`; the lab
    CA's checks `challenge` when given."""
    lab = lab_for(state_dir).ensure()
    services = LabServices()
    for names, responder in (
        (LAB_CA_NAMES, Responder(lab, challenge)),
        ((IMPOSTOR_NAME,), ImpostorResponder(lab)),
    ):
        server = start_in_thread(responder, address, 0)
        services.servers.append(server)
        for name in names:
            services.hosts[name] = {"address": address, "http_port": server.port}
    return services


def router_hosts(
    names: list[str], address: str, ports: list[int], http_ports: list[int | None] | None = None
) -> dict[str, dict[str, Any]]:
    """The routers' entries: their SSH port, and the port of their HTTP server (where a
    router's certificate server answers SCEP)."""
    hosts: dict[str, dict[str, Any]] = {}
    for index, (name, port) in enumerate(zip(names, ports, strict=True)):
        hosts[name] = {"address": address, "ssh_port": port}
        if http_ports and http_ports[index] is not None:
            hosts[name]["http_port"] = http_ports[index]
    return hosts
