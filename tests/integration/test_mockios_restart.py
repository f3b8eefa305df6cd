"""Over real SSH: `mockios serve` stopped and started again on the same `--state-dir`
resumes PKI work on its own: a pending SCEP request granted while the router was down
arrives without anyone typing a PKI command, and auto-enroll renews again."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from mockios_proc import REPO, MockiosRun, start_mockios
from netmiko import ConnectHandler

WAIT = 10
CHAIN = "show running-config | section crypto pki certificate chain"
ROUTER_CERT = re.compile(r"^ certificate ([0-9A-F]+)$", re.MULTILINE)


def _ca(state_dir: Path, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "mockios", "ca", "--state-dir", str(state_dir), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout


_NOT_PKI = {"", "enable", "terminal width 511", "terminal length 0", "show running-config", "exit"}


def _commands_since(run: MockiosRun, moment: float) -> set[str]:
    """Commands typed into the device since `moment` (from its session log)."""
    entries = [json.loads(line) for line in run.device.log_path.read_text().splitlines()]
    return {e["command"] for e in entries if e["event"] == "line" and e["ts"] >= moment}


def _enroll(run: MockiosRun, *extra: str) -> None:
    with ConnectHandler(**run.device.netmiko(timeout=WAIT)) as conn:
        conn.enable()
        lines = ["ip domain name lab.example", "crypto pki trustpoint TP"]
        lines += ["enrollment url http://ca.lab.example", "serial-number none"]
        lines += ["ip-address none", "password x", *extra]
        conn.send_config_set(lines)
        conn.config_mode()
        conn.write_channel("crypto pki authenticate TP\n")
        conn.read_until_pattern(r"\[yes/no\]: ", read_timeout=WAIT)
        conn.write_channel("yes\n")
        conn.read_until_pattern(r"R1\(config\)#", read_timeout=WAIT)
        conn.write_channel("crypto pki enroll TP\n")
        conn.read_until_pattern(r"Request certificate from CA\? \[yes/no\]: ", read_timeout=WAIT)
        conn.write_channel("yes\n")
        out = conn.read_until_pattern(r"R1\(config\)#", read_timeout=WAIT)
        assert "% Certificate request sent to Certificate Authority" in out


def _router_serial(run: MockiosRun, wait_for_other_than: str | None = "") -> str | None:
    """The router certificate serial in the chain, read with a non-PKI show command,
    waiting until one other than `wait_for_other_than` appears (None: no waiting)."""
    deadline = time.monotonic() + WAIT
    with ConnectHandler(**run.device.netmiko(timeout=WAIT)) as conn:
        conn.enable()
        while True:
            found = ROUTER_CERT.findall(conn.send_command(CHAIN))
            serial = found[0] if found else None
            done = wait_for_other_than is None or (serial and serial != wait_for_other_than)
            if done or time.monotonic() > deadline:
                return serial
            time.sleep(0.2)


def test_pending_request_granted_while_down_arrives_after_restart(tmp_path: Path) -> None:
    state_dir = tmp_path / "mockios"
    with start_mockios(state_dir) as run:
        run.fault("R1", scep_grant="pending")
        _enroll(run)
        assert _router_serial(run, wait_for_other_than=None) is None
    assert "R1" in _ca(state_dir, "requests")
    _ca(state_dir, "grant")
    restarted = time.time()
    with start_mockios(state_dir) as run:
        assert _router_serial(run) is not None
        assert _commands_since(run, restarted) <= _NOT_PKI


def test_auto_enroll_renews_after_restart(tmp_path: Path) -> None:
    state_dir = tmp_path / "mockios"
    with start_mockios(state_dir) as run:
        _ca(state_dir, "lifetime", "8s")
        _enroll(run, "auto-enroll 60")
        assert _router_serial(run) is not None
    restarted = time.time()
    with start_mockios(state_dir) as run:
        before = _router_serial(run, wait_for_other_than=None)
        renewed = _router_serial(run, wait_for_other_than=before)
        assert renewed is not None and renewed != before
        assert _commands_since(run, restarted) <= _NOT_PKI
