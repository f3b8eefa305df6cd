"""The simulator's names: the loopback address and port that stand for a host name.

`python -m mockios fleet` (and `serve` given a state dir) writes `<state-dir>/hosts.json`
before it prints its ready line:

    {"ca.netpki.lab":   {"address": "127.0.0.1", "http_port": 40123},
     "ca.lab.example":  {"address": "127.0.0.1", "http_port": 40123},
     "mitm.netpki.lab": {"address": "127.0.0.1", "http_port": 40124},
     "R1":              {"address": "127.0.0.1", "ssh_port": 40001}}

The simulated routers resolve the host of an enrollment URL through it, as a router asks its
name server: a name listed with an `http_port` is reached there (that port replaces the
URL's, since the lab's services share loopback); an IP address is reached as written; any
other name (an `.invalid` one, one not listed) does not resolve, and the request fails as
IOS's does when nothing answers. Routers are listed with their SSH port and the port of their
HTTP server, where a router's certificate server (`crypto pki server`) answers SCEP.
"""

from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path
from typing import Any

HOSTS_FILE = "hosts.json"
# The names the lab CA answers to: the lab's own (its CRL URL's host, the playbooks' SCEP
# URL), and the one the unit and integration tests have always written.
LAB_CA_NAMES = ("ca.netpki.lab", "ca.lab.example")
IMPOSTOR_NAME = "mitm.netpki.lab"  # where a router under the mitm_ca fault is sent

_cache: dict[Path, tuple[int, dict[str, Any]]] = {}


def write_hosts(state_dir: Path, hosts: dict[str, dict[str, Any]]) -> Path:
    """Write the map atomically, so that a router never reads half of it."""
    path = Path(state_dir) / HOSTS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(hosts, indent=2, sort_keys=True) + "\n")
    tmp.replace(path)
    return path


def read_hosts(state_dir: Path | None) -> dict[str, Any]:
    """The map of `state_dir` (empty without one), read again only when the file changed."""
    if state_dir is None:
        return {}
    path = Path(state_dir) / HOSTS_FILE
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return {}
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, json.loads(path.read_text()))
        _cache[path] = cached
    return cached[1]


def http_endpoint(state_dir: Path | None, host: str, port: int) -> tuple[str, int] | None:
    """Where an HTTP request to `host`:`port` goes; None when the name does not resolve."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        wanted = host.lower().rstrip(".")  # names are case-insensitive: `http://r1` is R1
        entry = next((v for k, v in read_hosts(state_dir).items() if k.lower() == wanted), None)
        if not entry or "http_port" not in entry:
            return None
        return entry["address"], int(entry["http_port"])
    return host, port


def address(state_dir: Path | None, host: str) -> str | None:
    """The address a host name stands for (any listed name: the lab's TFTP server is on
    loopback), an IP address as written, or None when the name does not resolve."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        wanted = host.lower().rstrip(".")
        entry = next((v for k, v in read_hosts(state_dir).items() if k.lower() == wanted), None)
        return entry.get("address") if entry else None
    return host
