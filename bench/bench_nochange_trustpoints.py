"""Benchmark: a no-change ``netpki.ios.trustpoints`` run against a minimal netmiko script.

Both do the same device work: one SSH session, enable, ``show running-config | section crypto
pki``, disconnect. The module also validates, parses, plans and reports; ``ansible-playbook``
adds its own start-up. Three timings per round, on one mockios device:

- ``playbook``: wall time of ``ansible-playbook`` running the no-change task;
- ``netmiko script``: wall time of ``python -c`` doing the same show with netmiko;
- ``netmiko in-process``: the same work without interpreter start-up.

    .venv/bin/python bench/bench_nochange_trustpoints.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
sys.path.insert(0, str(REPO))

from ansible_run import run_playbook, write_playbook  # noqa: E402
from device_helpers import LogWindow, play, write_inventory  # noqa: E402
from mockios_proc import DeviceParams, start_mockios  # noqa: E402
from netmiko import ConnectHandler  # noqa: E402

SHOW = "show running-config | section crypto pki"
TRUSTPOINT = {
    "name": "CORP-CA",
    "enrollment": {"url": "http://ca.example.com:80"},
    "subject_name": "CN=r1.example.com, O=Example",
    "revocation_check": ["crl", "none"],
    "rsakeypair": {"label": "CORP-KEY", "modulus": 2048},
    "auto_enroll": {"percent": 80, "regenerate": True},
}
_SCRIPT = """
import sys
from netmiko import ConnectHandler
host, port = sys.argv[1], int(sys.argv[2])
with ConnectHandler(device_type="cisco_ios", host=host, port=port, username="admin",
                    password="admin", secret="cisco") as conn:
    conn.enable()
    conn.send_command({show!r})
"""


def _netmiko_in_process(device: DeviceParams) -> None:
    with ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        conn.send_command(SHOW)


def _netmiko_script(device: DeviceParams) -> None:
    script = _SCRIPT.format(show=SHOW)
    subprocess.run(
        [sys.executable, "-c", script, device.host, str(device.port)], check=True, cwd=REPO
    )


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, start_mockios(Path(tmp) / "mockios") as run:
        device = run.device
        inventory = write_inventory(Path(tmp) / "inventory.yml", [device])
        task = {"name": "tp", "netpki.ios.trustpoints": {"config": [TRUSTPOINT]}}
        playbook = write_playbook(Path(tmp) / "play.yml", play([task]))
        setup = run_playbook(playbook, inventory)
        assert setup.rc == 0 and setup.changed == 1, setup.output

        def _playbook() -> None:
            outcome = run_playbook(playbook, inventory)
            assert outcome.rc == 0 and outcome.changed == 0, outcome.output

        window = LogWindow(device)
        timings = {"playbook": [], "netmiko script": [], "netmiko in-process": []}
        for _ in range(args.rounds):
            timings["playbook"].append(_timed(_playbook))
            timings["netmiko script"].append(_timed(lambda: _netmiko_script(device)))
            timings["netmiko in-process"].append(_timed(lambda: _netmiko_in_process(device)))
        per_run_shows = len(window.show_commands) / (3 * args.rounds)

    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"no-change trustpoints run vs minimal netmiko ({args.rounds} rounds, median seconds)")
    for name, value in medians.items():
        print(f"  {name:<20} {value:6.3f}")
    print(f"  show commands per run: {per_run_shows:.1f} (the same for all three)")
    script_ratio = medians["playbook"] / medians["netmiko script"]
    process_ratio = medians["playbook"] / medians["netmiko in-process"]
    print(f"  ratio playbook / netmiko script:     {script_ratio:.2f}")
    print(f"  ratio playbook / netmiko in-process: {process_ratio:.2f}")


if __name__ == "__main__":
    main()
