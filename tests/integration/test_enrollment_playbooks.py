"""The enrollment playbooks against a simulated fleet over real SSH: first run changes, the
second reports no change; check mode sends no dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_run import run_playbook
from device_helpers import LogWindow, device_show, write_inventory
from enrollment_helpers import PLAYBOOKS, dialog_entries
from mockios_proc import start_mockios

from demo.lab_vars import playbook_vars


def _run(run, playbook: str, **options):
    return run_playbook(
        PLAYBOOKS / playbook,
        run.inventory,
        forks=20,
        extra_vars=playbook_vars(run.state_dir),
        **options,
    )


def _changed_tasks(result) -> set[str]:
    return {r["task"] for r in result.results if r["result"].get("changed")}


@pytest.mark.parametrize(
    ("playbook", "trustpoint", "final_task"),
    [
        ("enroll_scep.yml", "NETPKI-SCEP", "Enroll over SCEP and wait for the certificate"),
        ("enroll_terminal.yml", "NETPKI-TERM", "Import the signed certificate"),
        ("selfsigned_https.yml", "NETPKI-HTTPS", "Serve HTTPS with that certificate"),
    ],
)
def test_playbook_converges_on_the_fleet(mockios_fleet, playbook, trustpoint, final_task):
    first = _run(mockios_fleet, playbook)
    assert first.rc == 0, first.output[-4000:]
    assert first.failed == 0
    for device in mockios_fleet.devices:
        assert first.result(final_task, device.name)["changed"], first.output[-3000:]
        certificates = device_show(device, f"show crypto pki certificates {trustpoint}")
        assert "Status: Available" in certificates
        assert "Status: Pending" not in certificates
        startup = device_show(device, "show startup-config | section crypto pki certificate chain")
        assert f"crypto pki certificate chain {trustpoint}" in startup  # saved

    windows = [LogWindow(device) for device in mockios_fleet.devices]
    second = _run(mockios_fleet, playbook)
    assert second.rc == 0, second.output[-4000:]
    assert _changed_tasks(second) == set(), second.output[-3000:]
    for window in windows:
        assert dialog_entries(window) == []
        assert window.config_lines == []


@pytest.mark.parametrize("flavor", ["ios15", "iosxe17"])
def test_selfsigned_https_serves_the_trustpoint(tmp_path: Path, flavor: str):
    """IOS-XE comes with a built-in self-signed certificate, which the playbook replaces."""
    with start_mockios(tmp_path / "m", flavor=flavor) as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        playbook = PLAYBOOKS / "selfsigned_https.yml"
        result = run_playbook(playbook, inventory, extra_vars={"target": "all"})
        assert result.rc == 0, result.output[-3000:]
        running = device_show(run.device, "show running-config | include ^ip http")
        assert "ip http secure-server" in running
        assert "ip http secure-trustpoint NETPKI-HTTPS" in running
        assert "Router Self-Signed Certificate" in device_show(
            run.device, "show crypto pki certificates NETPKI-HTTPS"
        )
        again = run_playbook(playbook, inventory, extra_vars={"target": "all"})
        assert again.rc == 0 and again.changed == 0, again.output[-3000:]


@pytest.mark.parametrize(
    "playbook", ["enroll_scep.yml", "enroll_terminal.yml", "selfsigned_https.yml"]
)
def test_check_mode_sends_no_dialog(mockios_fleet, playbook):
    windows = [LogWindow(device) for device in mockios_fleet.devices]
    result = _run(mockios_fleet, playbook, check=True)
    assert result.rc == 0, result.output[-3000:]
    assert result.changed > 0
    for window in windows:
        assert window.sessions > 0
        assert dialog_entries(window) == []
        assert window.config_lines == []
        assert all(command.startswith("show") for command in window.show_commands)
