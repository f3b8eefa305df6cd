"""A mockios fleet in mixed PKI states, made through the simulator's own IOS dialogs over SSH
and its lab CA, for the pki_info and audit report tests:

R1 valid (one-year certificate), R2 expiring (10-day lifetime), R3 expired (2-second lifetime),
R4 pending (manual grant mode), R5 no CA (trustpoint never authenticated).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import netmiko
from mockios_proc import REPO, MockiosRun, start_mockios

STATES = {"R1": "valid", "R2": "expiring", "R3": "expired", "R4": "pending", "R5": "no_ca"}


def lab_ca(run: MockiosRun, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "mockios", "ca", "--state-dir", str(run.state_dir), *args],
        check=True,
        capture_output=True,
        cwd=REPO,
        timeout=30,
    )


def add_trustpoint(conn, name: str) -> None:
    conn.send_config_set(
        [
            "ip domain name lab.example",
            f"crypto pki trustpoint {name}",
            "enrollment url http://ca.lab.example",
            f"subject-name CN={conn.base_prompt}.lab.example, O=Netpki Lab",
            "serial-number none",
            "ip-address none",
            "password Chall3nge-Pw",
            f"rsakeypair {name}.key 1024",
            "revocation-check none",
        ]
    )


def enroll(conn, name: str) -> None:
    """`crypto pki authenticate` and `crypto pki enroll`, answering as an operator would."""
    conn.config_mode()
    conn.send_command(f"crypto pki authenticate {name}", expect_string=r"\[yes/no\]:")
    conn.send_command("yes", expect_string=r"#")
    conn.send_command(f"crypto pki enroll {name}", expect_string=r"\[yes/no\]:")
    conn.send_command("yes", expect_string=r"#")
    conn.exit_config_mode()


def wait_for(conn, name: str, text: str, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while True:
        shown = conn.send_command(f"show crypto pki certificates {name}")
        if text in shown or time.monotonic() > deadline:
            return shown
        time.sleep(0.2)


def build_states(run: MockiosRun) -> None:
    by_name = {d.name: d for d in run.devices}
    steps = [
        ("R1", ["lifetime", "365d"], "Status: Available"),
        ("R2", ["lifetime", "10d"], "Status: Available"),
        ("R3", ["lifetime", "2s"], "Status: Available"),
        ("R4", ["mode", "manual"], "Status: Pending"),
    ]
    for device, ca_setting, expected in steps:
        lab_ca(run, *ca_setting)
        with netmiko.ConnectHandler(**by_name[device].netmiko()) as conn:
            conn.enable()
            add_trustpoint(conn, "LAB")
            enroll(conn, "LAB")
            assert expected in wait_for(conn, "LAB", expected), device
    with netmiko.ConnectHandler(**by_name["R5"].netmiko()) as conn:
        conn.enable()
        add_trustpoint(conn, "LAB")  # configured, never authenticated
    time.sleep(2.5)  # R3's two-second certificate runs out


@contextmanager
def audit_fleet(state_dir: Path) -> Iterator[MockiosRun]:
    """Five routers in the states of ``STATES``."""
    with start_mockios(state_dir, count=len(STATES)) as run:
        build_states(run)
        yield run
