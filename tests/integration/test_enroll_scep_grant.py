"""SCEP with a CA that grants by hand: the enroll task waits for the grant, fails clearly when
the grant takes longer than ``wait_timeout``, and a rerun after the grant does not enroll again."""

from __future__ import annotations

import re
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


def _enroll(tmp_path, inventory, verbosity: int = 0, diff: bool = False, **options):
    task = {
        "name": "enroll",
        "netpki.ios.enroll": {"trustpoint": "TP", "poll_interval": 1, **options},
    }
    return run_tasks(tmp_path, inventory, [task], name="enroll.yml", verbosity=verbosity, diff=diff)


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
    (wait,) = pending.result("enroll")["waits"]  # the failed wait is timed too
    assert wait["step"] == "waiting for the CA's grant of TP" and wait["seconds"] >= 3
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
    first = _enroll(tmp_path, inventory, wait=False, diff=True)
    assert first.rc == 0, first.output[-2000:]
    assert first.result("enroll")["state"] == "pending"
    pending = "router certificate: none\ncertificate request: pending at the CA\n"
    assert first.result("enroll")["diff"]["before"] == "router certificate: none\n"
    assert first.result("enroll")["diff"]["after"] == pending
    window = LogWindow(run.device)
    still = _enroll(tmp_path, inventory, wait=False, diff=True)
    assert still.result("enroll")["state"] == "pending"
    assert still.result("enroll")["changed"] is False
    assert still.result("enroll")["diff"]["before"] == still.result("enroll")["diff"]["after"]
    assert still.result("enroll")["diff"]["after"] == pending
    assert typed(window, "crypto pki enroll") == []


def _grant_after_polls(run, polls: int, deadline: float = 60.0) -> threading.Thread:
    """A CA officer who grants once the task has looked ``polls`` times at the pending request:
    the task's progress lines are due by then, whatever the machine's speed."""
    poll = f"show crypto pki certificates {TRUSTPOINT['name']}"

    def officer() -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end and not lab_ca(run.state_dir, "requests").strip():
            time.sleep(0.2)
        window = LogWindow(run.device)  # the request is at the CA: count the polls from here
        while time.monotonic() < end:
            if window.show_commands.count(poll) >= polls:
                lab_ca(run.state_dir, "grant")
                return
            time.sleep(0.2)

    thread = threading.Thread(target=officer, daemon=True)
    thread.start()
    return thread


def test_verbose_output_shows_the_grant_wait_progressing(manual_ca_router, tmp_path):
    run, inventory = manual_ca_router
    officer = _grant_after_polls(run, polls=4)
    outcome = _enroll(tmp_path, inventory, wait_timeout=60, verbosity=1)
    officer.join(timeout=5)
    assert outcome.rc == 0, outcome.output[-3000:]
    host = run.device.name
    step = "waiting for the CA's grant of TP"
    assert f"<{host}> {step} (up to 60s, checking every 1s)" in outcome.output
    ticks = [
        (int(elapsed), int(left))
        for elapsed, left in re.findall(
            rf"^<{host}> {re.escape(step)}: (\d+)s elapsed, (\d+)s left$", outcome.output, re.M
        )
    ]
    # Every look after the first is a poll_interval (1s) after the one before, and says so.
    assert len(ticks) >= 3, outcome.output[-3000:]
    assert [e for e, _ in ticks] == sorted(e for e, _ in ticks) and ticks[-1][0] >= 3
    assert all(abs(elapsed + left - 60) <= 1 for elapsed, left in ticks)
    assert re.search(rf"^<{host}> {re.escape(step)}: done after \d+s$", outcome.output, re.M)
    (wait,) = outcome.result("enroll")["waits"]
    assert wait["step"] == step and wait["seconds"] >= ticks[-1][0]


def test_quiet_by_default_but_the_result_says_how_long_the_wait_took(manual_ca_router, tmp_path):
    run, inventory = manual_ca_router
    officer = _grant_after_polls(run, polls=2)
    outcome = _enroll(tmp_path, inventory, wait_timeout=60)
    officer.join(timeout=5)
    assert outcome.rc == 0, outcome.output[-3000:]
    assert "waiting for the CA's grant" not in outcome.output
    (wait,) = outcome.result("enroll")["waits"]
    assert wait["step"] == "waiting for the CA's grant of TP" and wait["seconds"] >= 1
