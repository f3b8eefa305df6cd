"""``make demo``: the main job, end to end, on a simulated fleet with the lab CA.

Starts a mockios fleet, runs the real playbooks against it with the lab's variables
(demo/lab_vars.py) (keys and trustpoints,
fingerprint-verified CA authentication, SCEP enrollment on most routers, terminal enrollment
signed by the external lab CA on some, a self-signed HTTPS certificate on others), audits the
fleet, reruns the enrollment to show it converged, and stops the fleet on exit (Ctrl-C too).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from demo.lab_vars import playbook_vars

REPO = Path(__file__).resolve().parents[1]
PLAYBOOKS = REPO / "playbooks"
_RECAP = re.compile(
    r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M
)


@dataclass
class Step:
    title: str
    playbook: str
    limit: str = "all"


ENROLL = [
    Step("SCEP enrollment (keys, trustpoint, verified CA, enroll)", "enroll_scep.yml", "scep"),
    Step("terminal enrollment signed by the external lab CA", "enroll_terminal.yml", "terminal"),
    Step("self-signed HTTPS certificate", "selfsigned_https.yml", "selfsigned"),
]
AUDIT = Step("fleet audit (pki_info, JSON/CSV/HTML report)", "audit.yml")


def _groups(count: int) -> dict:
    """Most routers enroll over SCEP; about a tenth each use terminal and self-signed."""
    names = [f"R{i}" for i in range(1, count + 1)]
    side = max(1, count // 10)
    terminal, selfsigned = names[-2 * side : -side], names[-side:]
    scep = names[: count - 2 * side]
    return {
        "all": {
            "children": {
                "scep": {"hosts": dict.fromkeys(scep, {})},
                "terminal": {"hosts": dict.fromkeys(terminal, {})},
                "selfsigned": {"hosts": dict.fromkeys(selfsigned, {})},
            }
        }
    }


def _start_fleet(count: int, workdir: Path) -> tuple[subprocess.Popen, Path]:
    inventory = workdir / "fleet.yml"
    cmd = [
        sys.executable,
        "-m",
        "mockios",
        "fleet",
        "--count",
        str(count),
        "--base-port",
        "0",
        "--inventory",
        str(inventory),
        "--state-dir",
        str(workdir / "state"),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        if line.startswith("READY"):
            return proc, inventory
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise SystemExit("the simulated fleet did not start")


def _run(step: Step, inventories: list[Path], workdir: Path) -> dict:
    cmd = [
        str(Path(sys.executable).parent / "ansible-playbook"),
        str(PLAYBOOKS / step.playbook),
        "--limit",
        step.limit,
        "-e",
        # The lab's CA pin, SCEP URL and signing step, as an operator gives their CA's.
        json.dumps({**playbook_vars(workdir / "state"), "report_dir": str(REPO / "reports")}),
    ]
    for inventory in inventories:
        cmd += ["-i", str(inventory)]
    env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / "build" / "collections"),
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
    }
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    recap = [tuple(map(int, m.groups()[1:])) for m in _RECAP.finditer(proc.stdout)]
    if proc.returncode != 0:
        print(proc.stdout[-4000:], proc.stderr[-2000:], sep="\n")
        raise SystemExit(f"step failed: {step.title}")
    return {
        "step": step.title,
        "hosts": len(recap),
        "ok": sum(r[0] for r in recap),
        "changed": sum(r[1] for r in recap),
        "failed": sum(r[2] + r[3] for r in recap),
        "seconds": seconds,
    }


def _table(rows: list[dict]) -> str:
    lines = [f"{'step':<58} {'hosts':>5} {'ok':>5} {'changed':>7} {'failed':>6} {'time':>7}"]
    for r in rows:
        lines.append(
            f"{r['step'][:58]:<58} {r['hosts']:>5} {r['ok']:>5} {r['changed']:>7} "
            f"{r['failed']:>6} {r['seconds']:>6.1f}s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description=__doc__)
    parser.add_argument("--count", type=int, default=20, help="routers in the fleet")
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "demo")
    args = parser.parse_args(argv)
    # Every demo starts from factory-new routers and a new lab CA.
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    groups = args.workdir / "groups.yml"
    groups.write_text(yaml.safe_dump(_groups(args.count)))
    # Ctrl-C and SIGTERM both unwind through the finally below, which stops the fleet.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    fleet, inventory = _start_fleet(args.count, args.workdir)
    started = time.monotonic()
    try:
        print(f"fleet of {args.count} simulated routers up; inventory {inventory}")
        rows = []
        for step in [*ENROLL, AUDIT]:
            rows.append(_run(step, [inventory, groups], args.workdir))
            print(_table(rows[-1:]).splitlines()[1], flush=True)
        rerun = [_run(step, [inventory, groups], args.workdir) for step in ENROLL]
        for row in rerun:
            row["step"] = "rerun: " + row["step"]
        rows += rerun
        print("\n" + _table(rows))
        summary = REPO / "reports" / "pki-audit.json"
        if summary.exists():
            totals = json.loads(summary.read_text()).get("summary", {})
            print("\naudit: " + ", ".join(f"{k}={v}" for k, v in totals.items()))
        print(f"\nsecond run: {sum(r['changed'] for r in rerun)} changed")
        print(f"total time: {time.monotonic() - started:.1f}s")
        print(f"HTML report: {REPO / 'reports' / 'pki-audit.html'}")
        return 0
    finally:
        os.killpg(fleet.pid, signal.SIGTERM)
        fleet.wait(timeout=30)
