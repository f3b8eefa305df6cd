"""Benchmark: how long ``python -m mockios fleet --count N`` takes to be READY.

Each round starts the fleet afresh in a new state directory (the lab CA, every router's SSH
and HTTP ports, the known_hosts file and the inventory are made again), as the fleet benches
start it, and measures the time from the process start to its ``READY`` line. The last router
then has to answer over SSH (netmiko, enable, one show command), so READY means usable. The
fleet is stopped before the next round.

    .venv/bin/python bench/bench_fleet_start.py [--count 1000] [--rounds 3] [--processes P]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kit.playbook import REPO  # noqa: E402
from bench.kit.report import Section, reproduce, table  # noqa: E402
from mockios.fleet import inventory_hosts  # noqa: E402

GOAL_SECONDS = 10.0
READY_TIMEOUT = 120.0
# The fleet's parent stops its shards and waits for them to save every router's state.
STOP_TIMEOUT = 120.0


def _start(count: int, state_dir: Path, processes: int | None) -> tuple[float, Path]:
    """Seconds from the process start to READY, and the inventory; the fleet is stopped."""
    inventory = state_dir / "inventory.yml"
    command = [sys.executable, "-m", "mockios", "fleet", "--count", str(count)]
    command += ["--base-port", "0", "--inventory", str(inventory), "--state-dir", str(state_dir)]
    if processes:
        command += ["--processes", str(processes)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = ""
        while not line.startswith("READY"):
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                raise RuntimeError(f"mockios fleet ended before READY (rc {process.returncode})")
            if time.perf_counter() - started > READY_TIMEOUT:
                raise RuntimeError(f"mockios fleet not READY within {READY_TIMEOUT:.0f} s")
        ready = time.perf_counter() - started
        _check_last_router(inventory)
    finally:
        _stop(process)
    return ready, inventory


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM, and time for the shards to save 1,000 routers' state (SIGKILL after that)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _check_last_router(inventory: Path) -> None:
    """The last router of the inventory answers a show command over SSH, in enable mode."""
    from netmiko import ConnectHandler

    hosts = inventory_hosts(inventory)
    name, host = list(hosts.items())[-1]
    with ConnectHandler(
        device_type="cisco_ios",
        host=host["ansible_host"],
        port=host["ansible_port"],
        username=host["ansible_user"],
        password=host["ansible_password"],
        secret=host["ansible_become_password"],
        ssh_strict=False,
        system_host_keys=False,
    ) as conn:
        conn.enable()
        if name not in conn.send_command("show running-config | include ^hostname"):
            raise RuntimeError(f"{name} did not show its hostname")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, help="mockios fleet --processes (default: its)")
    parser.add_argument("--markdown", type=Path, help="write the result section here")
    args = parser.parse_args()
    seconds = []
    for number in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="netpki-bench-") as tmp:
            ready, _ = _start(args.count, Path(tmp) / "mockios", args.processes)
        seconds.append(ready)
        print(f"  round {number + 1}: READY after {ready:.2f} s", flush=True)
    median = statistics.median(seconds)
    verdict = "met" if median < GOAL_SECONDS else "missed"
    section = Section(f"Simulator start: {args.count} routers, median of {args.rounds} rounds")
    section.add(
        table(
            ["routers", "READY after, s (median)", "range s", "processes"],
            [
                [
                    args.count,
                    median,
                    f"{min(seconds):.2f}-{max(seconds):.2f}",
                    args.processes or "default (one per core)",
                ]
            ],
        )
    )
    section.add(
        f"- {args.count} routers READY after **{median:.2f} s** (goal < {GOAL_SECONDS:.0f} s: "
        f"{verdict}); the last router answered over SSH each time.\n\n"
        f"Command: `{reproduce()}`."
    )
    section.emit(args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
