"""SCEP with a CA that grants by hand: the enroll task waits for the grant, fails clearly when
the grant takes longer than ``wait_timeout``, and a rerun after the grant does not enroll again."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from device_helpers import LogWindow, device_show, run_tasks, write_inventory
from enrollment_helpers import lab_ca, lab_fingerprint, typed

TRUSTPOINT = {
    "name": "TP",
    "enrollment": {"url": "http://ca.netpki.lab/scep"},
    "subject_name": "CN=r1.netpki.lab",
    "revocation_check": ["none"],
}


@pytest.fixture
def manual_ca_router(mockios_device, tmp_path: Path):
    """A router with its CA authenticated, whose CA keeps requests pending until granted."""
    run = mockios_device
    inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
    setup = [
        {"name": "tp", "netpki.ios.trustpoints": {"config": [TRUSTPOINT]}},
        {
            "name": "auth",
            "netpki.ios.ca_authenticate": {
                "trustpoint": "TP",
                "fingerprint": lab_fingerprint(run.state_dir),
            },
        },
    ]
    done = run_tasks(tmp_path, inventory, setup, name="setup.yml")
    assert done.rc == 0, done.output[-2000:]
    lab_ca(run.state_dir, "mode", "manual")
    return run, inventory


def _enroll(tmp_path, inventory, **options):
    task = {
        "name": "enroll",
        "netpki.ios.enroll": {"trustpoint": "TP", "poll_interval": 1, **options},
    }
    return run_tasks(tmp_path, inventory, [task], name="enroll.yml")


def _grant_when_requested(state_dir: Path, deadline: float = 60.0) -> threading.Thread:
    """Like a CA officer: wait for the request to show up, then grant it."""

    def officer() -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if lab_ca(state_dir, "requests").strip():
                time.sleep(1.5)  # the task is polling by now
                lab_ca(state_dir, "grant")
                return
            time.sleep(0.3)

    thread = threading.Thread(target=officer, daemon=True)
    thread.start()
    return thread


def test_wait_succeeds_once_the_ca_grants(manual_ca_router, tmp_path):
    run, inventory = manual_ca_router
    officer = _grant_when_requested(run.state_dir)
    outcome = _enroll(tmp_path, inventory, wait_timeout=60)
    officer.join(timeout=5)
    assert outcome.rc == 0, outcome.output[-3000:]
    result = outcome.result("enroll")
    assert result["changed"] is True
    assert result["state"] == "enrolled"
    assert result["certificate"]["issuer"]["CN"] == "netpki Lab Issuing CA"
    assert "Status: Available" in device_show(run.device, "show crypto pki certificates TP")


def test_timeout_fails_clearly_and_rerun_after_grant_does_not_enroll_again(
    manual_ca_router, tmp_path
):
    run, inventory = manual_ca_router
    pending = _enroll(tmp_path, inventory, wait_timeout=3)
    assert pending.rc != 0
    message = pending.result("enroll")["msg"]
    assert "still pending at the CA" in message and "after 3s" in message
    assert "Status: Pending" in device_show(run.device, "show crypto pki certificates TP")

    assert "granted" in lab_ca(run.state_dir, "grant")
    window = LogWindow(run.device)
    rerun = _enroll(tmp_path, inventory, wait_timeout=30)
    assert rerun.rc == 0, rerun.output[-3000:]
    assert rerun.result("enroll")["state"] == "enrolled"
    assert typed(window, "crypto pki enroll") == []  # no second request
    again = _enroll(tmp_path, inventory)
    assert again.result("enroll")["changed"] is False


def test_no_wait_reports_pending_then_rerun_waits(manual_ca_router, tmp_path):
    run, inventory = manual_ca_router
    first = _enroll(tmp_path, inventory, wait=False)
    assert first.rc == 0, first.output[-2000:]
    assert first.result("enroll")["state"] == "pending"
    window = LogWindow(run.device)
    still = _enroll(tmp_path, inventory, wait=False)
    assert still.result("enroll")["state"] == "pending"
    assert still.result("enroll")["changed"] is False
    assert typed(window, "crypto pki enroll") == []
