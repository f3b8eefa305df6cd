"""playbooks/trustpoint_profile.yml on a mockios fleet: the first run changes, the second not."""

from __future__ import annotations

from ansible_run import REPO, run_playbook
from device_helpers import LogWindow, device_show

PLAYBOOK = REPO / "playbooks" / "trustpoint_profile.yml"


def test_playbook_runs_twice_idempotently(mockios_fleet) -> None:
    inventory = mockios_fleet.inventory
    first = run_playbook(PLAYBOOK, inventory, verbosity=3)
    assert first.rc == 0, first.output
    assert first.changed == 3 * len(mockios_fleet.devices)
    for device in mockios_fleet.devices:
        running = device_show(device, "show running-config | section crypto pki")
        assert f"subject-name CN={device.name}.example.com, O=Example, C=US" in running
        assert "enrollment profile HTTP-CA" in running
        assert " parameter 2 value 5001" in running

    windows = [LogWindow(device) for device in mockios_fleet.devices]
    second = run_playbook(PLAYBOOK, inventory, verbosity=3)
    assert second.rc == 0, second.output
    assert second.changed == 0
    for window in windows:
        assert window.config_lines == []
        assert window.sessions == 3  # one per task

    # The enable secret and the login password never show, even at -vvv.
    device = mockios_fleet.device
    for secret in (device.secret, device.password):
        for run in (first, second):
            assert f"'{secret}'" not in run.output and f'"{secret}"' not in run.output
