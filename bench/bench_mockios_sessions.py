"""Benchmark: concurrent netmiko sessions against a mockios fleet.

Starts ``python -m mockios fleet`` (10 devices by default), opens 50 netmiko ``cisco_ios``
sessions at once from threads (5 per device), and in each one enters enable mode, runs show
commands and a small config set. Prints failures (must be 0), connect time and per-command
time (median and p95).

    .venv/bin/python bench/bench_mockios_sessions.py [--devices 10] [--sessions 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
sys.path.insert(0, str(REPO))

from mockios_proc import DeviceParams, start_mockios  # noqa: E402
from netmiko import ConnectHandler  # noqa: E402

SHOWS = [
    "show privilege",
    "show version",
    "show running-config | section crypto pki",
    "show startup-config | include hostname",
]


def _session(device: DeviceParams, index: int, samples: dict[str, list[float]]) -> None:
    started = time.perf_counter()
    conn = ConnectHandler(**device.netmiko(timeout=30))
    connected = time.perf_counter()
    conn.enable()
    commands = []
    for command in SHOWS:
        before = time.perf_counter()
        output = conn.send_command(command)
        commands.append(time.perf_counter() - before)
        if "% Invalid" in output:
            raise RuntimeError(f"{command}: {output}")
    before = time.perf_counter()
    conn.send_config_set([f"crypto pki trustpoint BENCH{index}", "revocation-check none"])
    config_time = time.perf_counter() - before
    conn.disconnect()
    with _LOCK:
        samples["connect"].append(connected - started)
        samples["command"].extend(commands)
        samples["config_set"].append(config_time)


_LOCK = threading.Lock()


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {"connect": [], "command": [], "config_set": []}
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fleet_started = time.perf_counter()
        with start_mockios(Path(tmp), count=args.devices, fleet=True) as run:
            fleet_ready = time.perf_counter() - fleet_started
            wall = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.sessions) as pool:
                futures = [
                    pool.submit(_session, run.devices[i % len(run.devices)], i, samples)
                    for i in range(args.sessions)
                ]
                for future in futures:
                    try:
                        future.result()
                    except Exception as error:  # every failure is counted and shown
                        failures.append(f"{type(error).__name__}: {error}")
            wall = time.perf_counter() - wall
    print(f"fleet: {args.devices} devices ready in {fleet_ready:.2f} s")
    print(f"sessions: {args.sessions} concurrent, wall time {wall:.2f} s")
    print(f"{'metric':<14}{'count':>7}{'median ms':>12}{'p95 ms':>10}{'max ms':>10}")
    for name, values in samples.items():
        if values:
            print(
                f"{name:<14}{len(values):>7}{statistics.median(values) * 1000:>12.1f}"
                f"{_p95(values) * 1000:>10.1f}{max(values) * 1000:>10.1f}"
            )
    print(f"failures: {len(failures)}")
    for failure in failures[:10]:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
