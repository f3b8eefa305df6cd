"""A failed task says what it did to the router, over real SSH against mockios.

Either it put everything back and says so (``changed: false``, "rolled back" in the message),
or it reports ``changed: true`` with the ``commands`` the router took:

- an enroll whose certificate was installed, then a show timed out (``slow_show`` fault);
- a trustpoints run that lost a race with another administrator on the same block after
  sending ``subject-name`` (``concurrent_edit`` fault): the verify fails and the block is
  rolled back; when the rollback itself is refused, the run reports the change;
- a deletion that fails half way: the removed trustpoint's lines come back, its certificates
  cannot, so the run reports the change;
- an ``http_proxy`` value that would be written but never read back (``| include x``) is
  refused before connecting, naming the field;
- a key generation that outlasts the task's timeout after the router accepted it
  (``keygen_delay`` fault): the router finishes it, so the run reports the command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from device_helpers import LogWindow, device_show, run_tasks, write_inventory

SECTION = "show running-config | section crypto pki trustpoint"
RACE = "^ *subject-name => subject-name CN=other.example.com"


@pytest.fixture
def device(mockios_device):
    return mockios_device.device


def _trustpoints(config: list[dict]) -> dict:
    return {"name": "tp", "netpki.ios.trustpoints": {"config": config}}


def _failed(run, task: str) -> dict:
    (record,) = run.for_task(task)
    assert record["status"] == "failed", run.output[-3000:]
    return record["result"]


def test_enroll_that_times_out_after_installing_reports_the_change(
    tmp_path: Path, mockios_device, device
) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device], ansible_command_timeout=5)
    trustpoint = {
        "name": "SS",
        "enrollment": {"selfsigned": True},
        "subject_name": "CN=r1.netpki.lab",
        "rsakeypair": {"label": "SS-KEY", "modulus": 2048},
        "revocation_check": ["none"],
    }
    assert run_tasks(tmp_path, inventory, [_trustpoints([trustpoint])]).rc == 0
    # Once the session has configured, its next look at the trustpoint answers far too late.
    mockios_device.fault(device.name, slow_show="section crypto pki", slow_show_delay=300)
    enroll = {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "SS"}}
    result = _failed(run_tasks(tmp_path, inventory, [enroll]), "enroll")
    assert "did not complete within 5" in result["msg"]
    assert result["changed"] is True
    assert result["commands"] == ["crypto pki enroll SS"]

    mockios_device.fault(device.name, slow_show="", slow_show_delay=0)
    assert "Certificate" in device_show(device, "show crypto pki certificates SS")
    again = run_tasks(tmp_path, inventory, [enroll])
    assert again.result("enroll")["changed"] is False  # the certificate was there all along


# The fault makes the 4096-bit generation take KEYGEN_DELAY seconds: far beyond the task's
# 1 s timeout, well within that timeout plus the dialog engine's 5 s wait for the prompt.
KEYGEN_DELAY = 3.0


def test_key_generation_that_times_out_once_accepted_reports_the_change(
    tmp_path: Path, mockios_device, device
) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    mockios_device.fault(device.name, keygen_delay=KEYGEN_DELAY)
    keys = {"label": "BIG", "size": 4096}
    task = {"name": "keys", "netpki.ios.crypto_keys": {**keys, "timeout": 1}}
    result = _failed(run_tasks(tmp_path, inventory, [task]), "keys")
    assert "after the router accepted the command; it may have applied it" in result["msg"]
    assert result["changed"] is True
    assert result["commands"] == ["crypto key generate rsa general-keys label BIG modulus 4096"]

    # The router did finish: the next run finds the key and changes nothing.
    assert "Key name: BIG" in device_show(device, "show crypto key mypubkey rsa BIG")
    again = {"name": "again", "netpki.ios.crypto_keys": {**keys, "timeout": 30}}
    assert run_tasks(tmp_path, inventory, [again]).result("again")["changed"] is False


def test_lost_race_after_subject_name_rolls_the_block_back_and_says_so(
    tmp_path: Path, mockios_device, device
) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    original = {"name": "RACE", "subject_name": "CN=orig.example.com"}
    assert run_tasks(tmp_path, inventory, [_trustpoints([original])]).rc == 0
    mockios_device.fault(device.name, concurrent_edit=RACE)
    wanted = {"name": "RACE", "subject_name": "CN=new.example.com"}
    result = _failed(run_tasks(tmp_path, inventory, [_trustpoints([wanted])]), "tp")
    assert "still differs" in result["msg"]
    assert "rolled back" in result["msg"]
    assert result["changed"] is False
    assert "subject-name CN=new.example.com" in result["commands"]  # what it sent, then undid
    assert result["commands"][-1] == "subject-name CN=orig.example.com"
    running = device_show(device, SECTION).splitlines()
    assert " subject-name CN=orig.example.com" in running


def test_lost_race_whose_rollback_is_refused_reports_changed_with_commands(
    tmp_path: Path, mockios_device, device
) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    mockios_device.fault(
        device.name, concurrent_edit=RACE, reject_config="^no crypto pki trustpoint"
    )
    wanted = {"name": "RACE", "subject_name": "CN=new.example.com", "password": "Race-Pw-1"}
    run = run_tasks(tmp_path, inventory, [_trustpoints([wanted])])
    result = _failed(run, "tp")
    assert "still differs" in result["msg"]
    assert "failed too" in result["msg"]
    assert result["changed"] is True
    assert result["commands"] == [
        "crypto pki trustpoint RACE",
        "password ********",  # the commands it reports keep secrets masked
        "subject-name CN=new.example.com",
    ]
    assert "Race-Pw-1" not in run.output
    assert "crypto pki trustpoint RACE" in device_show(device, SECTION)


def test_value_that_cannot_read_back_is_refused_before_connecting(tmp_path: Path, device) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    window = LogWindow(device)
    proxy = {"name": "PROXY", "enrollment": {"http_proxy": "proxy.netpki.lab 8080 | include x"}}
    result = _failed(run_tasks(tmp_path, inventory, [_trustpoints([proxy])]), "tp")
    assert result["msg"].startswith("config[0].enrollment.http_proxy: ")
    assert "would not read back" in result["msg"]
    assert result["changed"] is False and "commands" not in result
    assert window.sessions == 0  # nothing reached the router


def test_rollback_that_cannot_bring_certificates_back_reports_changed(
    tmp_path: Path, mockios_device, device
) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    selfsigned = {"name": "SS", "enrollment": {"selfsigned": True}, "revocation_check": ["none"]}
    setup = [
        _trustpoints([selfsigned, {"name": "OTHER", "revocation_check": ["none"]}]),
        {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "SS"}},
    ]
    assert run_tasks(tmp_path, inventory, setup, name="setup.yml").rc == 0
    mockios_device.fault(device.name, reject_config="^no crypto pki trustpoint OTHER")
    task = {
        "name": "tp",
        "netpki.ios.trustpoints": {
            "state": "deleted",
            "config": [{"name": "SS"}, {"name": "OTHER"}],
        },
    }
    result = _failed(run_tasks(tmp_path, inventory, [task]), "tp")
    assert "the router refused the command" in result["msg"]
    assert "the certificates of SS were removed and cannot be put back" in result["msg"]
    assert result["changed"] is True
    assert result["commands"][0] == "no crypto pki trustpoint SS"
    running = device_show(device, "show running-config | section crypto pki")
    assert "crypto pki trustpoint SS" in running  # its configuration is back
    assert "crypto pki certificate chain SS" not in running  # its certificate is not
