"""Small helpers for module integration tests: inventories, playbooks, and looking at the device.

The device is looked at through its own means: netmiko over SSH for its running config, and
its session log (``mockios.log``) for what a task sent. ``LogWindow`` keeps the log entries
written since it was opened, so each assertion is about one playbook run only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import netmiko
import yaml
from ansible_run import PlaybookRun, run_playbook, write_playbook
from cryptography import x509
from mockios_proc import DeviceParams

from mockios.log import config_lines, read_session_log, sessions, show_commands


def write_inventory(path: Path, devices: list[DeviceParams], **extra: Any) -> Path:
    hosts = {
        d.name: {
            "ansible_host": d.host,
            "ansible_port": d.port,
            "ansible_user": d.username,
            "ansible_password": d.password,
            "ansible_become_password": d.secret,
            "netpki_known_hosts_file": str(d.known_hosts),
            **extra,
        }
        for d in devices
    }
    for host in hosts.values():  # an override of None removes the variable
        for key in [k for k, v in host.items() if v is None]:
            del host[key]
    path.write_text(
        yaml.safe_dump({"all": {"vars": {"ansible_connection": "local"}, "hosts": hosts}})
    )
    return path


def play(tasks: list[dict], hosts: str = "all") -> dict:
    return {"hosts": hosts, "gather_facts": False, "tasks": tasks}


def run_tasks(
    tmp_path: Path, inventory: Path, tasks: list[dict], name: str = "play.yml", **options: Any
) -> PlaybookRun:
    playbook = write_playbook(tmp_path / name, play(tasks))
    return run_playbook(playbook, inventory, **options)


def device_show(device: DeviceParams, command: str) -> str:
    with netmiko.ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        return conn.send_command(command)


def installed_certificates(device: DeviceParams, trustpoint: str) -> dict[str, x509.Certificate]:
    """The certificates the router holds for ``trustpoint`` (``ca``, ``router``, and an RA's
    ``ra-sign`` and ``ra-encrypt``), read with
    ``cryptography`` from the hex of its running config's certificate chain."""
    text = device_show(
        device, f"show running-config | section crypto pki certificate chain {trustpoint}$"
    )
    found: dict[str, x509.Certificate] = {}
    chain, kind, digits = None, None, []
    for line in text.splitlines():
        words = line.split()
        if words[:4] == ["crypto", "pki", "certificate", "chain"]:
            chain = words[4]
        elif chain == trustpoint and words[:1] == ["certificate"]:
            # The router's own (`certificate [self-signed] SERIAL`), else the word's kind.
            authority = words[1] in ("ca", "ra-sign", "ra-encrypt")
            kind, digits = (words[1] if authority else "router"), []
        elif kind and words == ["quit"]:
            found[kind] = x509.load_der_x509_certificate(bytes.fromhex("".join(digits)))
            kind = None
        elif kind:
            digits += words
    return found


def device_config(device: DeviceParams, lines: list[str]) -> str:
    with netmiko.ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        return conn.send_config_set(lines)


class LogWindow:
    """The session-log entries of one device written after this object was made."""

    def __init__(self, device: DeviceParams) -> None:
        self.path = device.log_path
        self.start = len(read_session_log(self.path))

    @property
    def entries(self) -> list[dict]:
        return read_session_log(self.path)[self.start :]

    @property
    def sessions(self) -> int:
        return sessions(self.entries)

    @property
    def show_commands(self) -> list[str]:
        return show_commands(self.entries)

    @property
    def config_lines(self) -> list[str]:
        return config_lines(self.entries)
