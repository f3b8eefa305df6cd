"""Host keys are checked by default, against the known_hosts file mockios writes.

A changed or unknown key fails the task naming which, the SHA-256 fingerprint the router
presented and the file checked, and the router's session log shows that no session was opened
(nothing sent). Only an explicit opt-out connects anyway, and it warns on every task.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import asyncssh
import pytest
from device_helpers import LogWindow, run_tasks, write_inventory
from mockios_proc import DeviceParams

from mockios.fleet import inventory_hosts

GATHER = [{"name": "gather", "netpki.ios.pki_info": {"gather": ["keys"]}}]


def _fingerprint(known_hosts_line: str) -> str:
    blob = base64.b64decode(known_hosts_line.split()[2])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def _entry(device: DeviceParams) -> str:
    (line,) = [ln for ln in device.known_hosts.read_text().splitlines() if f":{device.port} " in ln]
    return line


def _other_key_line(device: DeviceParams, algorithm: str = "ssh-ed25519") -> str:
    key = asyncssh.generate_private_key(algorithm)
    public = key.export_public_key("openssh").decode().split()
    return f"[{device.host}]:{device.port} {public[0]} {public[1]}\n"


def _failed_without_session(tmp_path: Path, device: DeviceParams, **host_vars) -> dict:
    inventory = write_inventory(tmp_path / "inventory.yml", [device], **host_vars)
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, GATHER)
    assert run.rc != 0, run.output
    (record,) = run.for_task("gather")
    assert record["status"] == "failed", record  # a clear failure, not "unreachable"
    result = record["result"]
    assert window.sessions == 0 and window.entries == [], window.entries
    return result


def test_fleet_known_hosts_match_what_openssh_sees(mockios_fleet) -> None:
    """The file the fleet wrote agrees with ssh-keyscan, and its inventory points at it."""
    if shutil.which("ssh-keyscan") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ssh-keyscan is missing (apt-get install openssh-client)")
        pytest.skip("needs ssh-keyscan: apt-get install openssh-client")
    hosts = inventory_hosts(mockios_fleet.inventory)
    for device in mockios_fleet.devices:
        assert hosts[device.name]["netpki_known_hosts_file"] == str(device.known_hosts.resolve())
        scanned = subprocess.run(
            ["ssh-keyscan", "-t", "ed25519", "-p", str(device.port), device.host],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.split()
        assert scanned == _entry(device).split()
        assert scanned[0] == f"[{device.host}]:{device.port}"


def test_fleet_inventory_runs_with_checking_on(tmp_path: Path, mockios_fleet) -> None:
    from ansible_run import run_playbook, write_playbook
    from device_helpers import play

    playbook = write_playbook(tmp_path / "play.yml", play(GATHER))
    run = run_playbook(playbook, mockios_fleet.inventory)
    assert run.rc == 0, run.output
    for device in mockios_fleet.devices:
        assert not run.result("gather", device.name).get("warnings")


def test_changed_host_key_fails_naming_it_and_sends_nothing(tmp_path: Path, mockios_device):
    device = mockios_device.device
    genuine = _entry(device)
    stale = _other_key_line(device)
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(stale)
    result = _failed_without_session(tmp_path, device, netpki_known_hosts_file=str(known_hosts))
    message = result["msg"]
    assert "has CHANGED" in message and "unknown" not in message, message
    assert _fingerprint(genuine) in message  # what the router presented
    assert _fingerprint(stale) in message  # what the file holds
    assert str(known_hosts) in message


def test_host_key_of_another_type_counts_as_changed(tmp_path: Path, mockios_device) -> None:
    device = mockios_device.device
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(_other_key_line(device, "ecdsa-sha2-nistp256"))
    message = _failed_without_session(tmp_path, device, netpki_known_hosts_file=str(known_hosts))[
        "msg"
    ]
    assert "has CHANGED" in message and _fingerprint(_entry(device)) in message, message


def test_unknown_host_key_fails_naming_it_and_sends_nothing(tmp_path: Path, mockios_device):
    device = mockios_device.device
    known_hosts = tmp_path / "known_hosts"
    key = " ".join(_entry(device).split()[1:])
    known_hosts.write_text(f"[{device.host}]:{device.port + 1} {key}\n")  # another router's
    result = _failed_without_session(tmp_path, device, netpki_known_hosts_file=str(known_hosts))
    message = result["msg"]
    assert "is unknown" in message and "CHANGED" not in message, message
    assert _fingerprint(_entry(device)) in message and str(known_hosts) in message


def test_default_known_hosts_is_the_users(tmp_path: Path, mockios_device) -> None:
    """Without netpki_known_hosts_file, ~/.ssh/known_hosts is read (and a missing one said)."""
    device = mockios_device.device
    home = tmp_path / "home"
    home.mkdir()
    inventory = write_inventory(tmp_path / "inventory.yml", [device], netpki_known_hosts_file=None)
    run = run_tasks(tmp_path, inventory, GATHER, env={"HOME": str(home)})
    message = run.result("gather")["msg"]
    assert "is unknown" in message and "does not exist" in message, message
    assert str(home / ".ssh" / "known_hosts") in message
    (home / ".ssh").mkdir()
    (home / ".ssh" / "known_hosts").write_text(_entry(device) + "\n")
    run = run_tasks(tmp_path, inventory, GATHER, env={"HOME": str(home)})
    assert run.rc == 0, run.output


@pytest.mark.parametrize(
    ("opt_out", "named"),
    [
        ({"ansible_host_key_checking": False}, "ansible_host_key_checking: false"),
        (
            {"ansible_ssh_common_args": "-o StrictHostKeyChecking=no"},
            "StrictHostKeyChecking=no",
        ),
        ({"ansible_ssh_extra_args": "-oStrictHostKeyChecking=no"}, "StrictHostKeyChecking=no"),
    ],
)
def test_explicit_opt_out_connects_and_warns_on_every_task(
    tmp_path: Path, mockios_device, opt_out: dict, named: str
) -> None:
    device = mockios_device.device
    known_hosts = tmp_path / "known_hosts"
    stale = _other_key_line(device)  # a changed key: only the opt-out gets through
    known_hosts.write_text(stale)
    inventory = write_inventory(
        tmp_path / "inventory.yml", [device], netpki_known_hosts_file=str(known_hosts), **opt_out
    )
    tasks = GATHER + [{"name": "again", "netpki.ios.pki_info": {"gather": ["keys"]}}]
    run = run_tasks(tmp_path, inventory, tasks)
    assert run.rc == 0, run.output
    for task in ("gather", "again"):
        warnings = run.result(task).get("warnings") or []
        assert any("host key checking is off" in w and named in w for w in warnings), warnings
    assert known_hosts.read_text() == stale  # an opt-out never writes the user's file


@pytest.mark.parametrize(
    ("fault", "said"), [("changed", "has CHANGED"), ("new_type", "has CHANGED")]
)
def test_router_that_presents_a_new_key_is_refused_until_it_is_back(
    tmp_path: Path, mockios_device, fault: str, said: str
) -> None:
    """mockios's ssh_host_key fault: the router itself presents another key (re-keyed,
    replaced, or an impostor at its address), against the fleet's own known_hosts."""
    device = mockios_device.device
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    mockios_device.fault(device.name, ssh_host_key=fault)
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, GATHER)
    message = run.result("gather")["msg"]
    assert said in message and _fingerprint(_entry(device)) in message, message
    assert window.entries == []
    mockios_device.fault(device.name, ssh_host_key="")
    assert run_tasks(tmp_path, inventory, GATHER).rc == 0
