"""Concurrency and load over real SSH: many sessions on one device, parallel playbooks, a fleet.

- 50 netmiko sessions open at once on one simulated device, each configuring its own
  trustpoint: no failure, and all 50 trustpoints are in the running config afterwards.
- Two ansible-playbook processes at the same time, each editing a different trustpoint of
  the same device: both land.
- A 100-router fleet at forks 50 running a ``trustpoints`` merged playbook: no failure, then
  a second run changes nothing. This is the slow one: 20 s for both runs on two idle cores,
  up to about 80 s when the machine is busy (it prints the first run's time: pytest -s).
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import netmiko
from ansible_run import run_playbook, write_playbook
from device_helpers import device_show, play, write_inventory
from mockios_proc import DeviceParams, start_mockios

SECTION = "show running-config | section crypto pki trustpoint"
SESSIONS = 50
FLEET = 100
FORKS = 50
# Generous: 50 SSH handshakes at once share two cores with the rest of the suite.
_SLOW_SSH = {"conn_timeout": 60, "auth_timeout": 60, "banner_timeout": 60, "timeout": 120}


def _configure_own_trustpoint(device: DeviceParams, index: int, start: threading.Barrier) -> str:
    with netmiko.ConnectHandler(**device.netmiko(**_SLOW_SSH)) as conn:
        conn.enable()
        start.wait(timeout=120)  # every session is open before any of them configures
        conn.send_command("show running-config | section crypto pki", read_timeout=60)
        conn.send_config_set(
            [f"crypto pki trustpoint LOAD-{index:02d}", " revocation-check none"],
            read_timeout=60,
        )
        return conn.find_prompt()


def test_fifty_concurrent_sessions_on_one_device(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios") as run:
        device = run.device
        start = threading.Barrier(SESSIONS)
        with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
            futures = [
                pool.submit(_configure_own_trustpoint, device, i, start) for i in range(SESSIONS)
            ]
            failures, prompts = [], []
            for future in futures:
                try:
                    prompts.append(future.result(timeout=300))
                except Exception as error:  # every failure is counted and shown
                    failures.append(f"{type(error).__name__}: {error}")
        assert failures == [], failures
        assert set(prompts) == {"R1#"}  # each session ended back in exec mode
        running = device_show(device, SECTION).splitlines()
        for index in range(SESSIONS):
            assert f"crypto pki trustpoint LOAD-{index:02d}" in running


def _trustpoint_play(name: str, url: str) -> dict:
    task = {
        "name": "trustpoint",
        "netpki.ios.trustpoints": {
            "state": "merged",
            "config": [{"name": name, "enrollment": {"url": url}, "revocation_check": ["none"]}],
        },
    }
    return play([task])


def test_two_playbooks_editing_different_trustpoints_at_once_both_land(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios") as run:
        device = run.device
        inventory = write_inventory(tmp_path / "inventory.yml", [device])
        playbooks = {
            name: write_playbook(tmp_path / f"{name}.yml", _trustpoint_play(name, url))
            for name, url in (
                ("PARALLEL-A", "http://ca-a.example.com:80"),
                ("PARALLEL-B", "http://ca-b.example.com:80"),
            )
        }
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = dict(
                zip(
                    playbooks,
                    pool.map(lambda p: run_playbook(p, inventory, timeout=180), playbooks.values()),
                    strict=True,
                )
            )
        for name, outcome in runs.items():
            assert outcome.rc == 0, outcome.output
            assert outcome.result("trustpoint")["changed"] is True, name
        running = device_show(device, SECTION).splitlines()
        for name, url in (("A", "ca-a"), ("B", "ca-b")):
            block = running.index(f"crypto pki trustpoint PARALLEL-{name}")
            assert f" enrollment url http://{url}.example.com:80" in running[block:]


def test_hundred_router_fleet_at_forks_fifty_converges(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", count=FLEET) as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        playbook = write_playbook(
            tmp_path / "fleet.yml", _trustpoint_play("FLEET-CA", "http://ca.example.com:80")
        )
        started = time.monotonic()
        first = run_playbook(playbook, inventory, forks=FORKS, timeout=600)
        first_seconds = time.monotonic() - started
        assert first.rc == 0, first.output[-5000:]
        assert len(first.results) == FLEET
        assert first.failed == 0
        assert first.changed == FLEET

        second = run_playbook(playbook, inventory, forks=FORKS, timeout=600)
        assert second.rc == 0, second.output[-5000:]
        assert len(second.results) == FLEET
        assert (second.failed, second.changed) == (0, 0)
        print(f"fleet of {FLEET} at forks {FORKS}: first run {first_seconds:.1f} s")
        for device in (run.devices[0], run.devices[-1]):
            assert "crypto pki trustpoint FLEET-CA" in device_show(device, SECTION)
