"""Benchmark: the fleet audit three ways, on the same enrolled simulated fleet, per size.

- ours, one task: ``playbooks/fleet_audit.yml`` (``netpki.ios.fleet_audit``, concurrency =
  forks): every router read from the controller's own process, on threads;
- ours, per host: ``playbooks/audit.yml`` (``pki_info`` in a forked worker per router, then
  ``audit_report``), the same forks;
- netmiko threads: ``bench/kit/netmiko_audit.py``, the hand-written script: the same four show
  commands per router over one netmiko session each, parsed with the same TextFSM templates,
  as many threads as forks;
- Ansible alone: ``bench/kit/hostvars_once.yml``, a run-once task that reads a variable of
  every host through ``hostvars`` and does nothing else: the memory Ansible itself takes for
  the inventory and a worker that reads it, which fleet_audit cannot do without.

Each router holds one trustpoint with its CA and router certificate (``playbooks/enroll_scep.yml``
enrolls the fleet first), or, with ``--factory``, what a new IOS-XE 17 router ships with
(``SLA-TrustPoint`` and its CA certificate, ``TP-self-signed-*`` and its self-signed one), which
needs no enrollment and so suits fleets of a thousand. Rounds alternate the three; the table
gives medians and ranges, the controller's peak memory (PSS of the measured process tree) and
the simulator's share of the machine's CPU during each run.

The inventory is the YAML file ``mockios fleet`` writes, or with ``--inventory-format ini`` the
same hosts and variables as an INI file: ansible-core 2.19 tags every value it loads from YAML
with its origin (file, line, column), which costs Ansible itself about 40 KiB per host, so
the memory figures are given for both.

    .venv/bin/python bench/bench_fleet_audit.py [--sizes 100 300] [--forks 20] [--rounds 3]
        [--factory] [--inventory-format yaml|ini]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kit.benchvenv import venv_bin  # noqa: E402
from bench.kit.fleet import MockiosRun, fleet  # noqa: E402
from bench.kit.playbook import REPO, ansible_env, playbook_command, run_measured  # noqa: E402
from bench.kit.proctree import TreeMemory, tree_cpu_seconds  # noqa: E402
from bench.kit.report import Section, fleet_arguments, reproduce, table  # noqa: E402
from demo.lab_vars import playbook_vars  # noqa: E402

ENROLL = REPO / "playbooks" / "enroll_scep.yml"
COMMANDS = [
    "show crypto pki certificates verbose",
    "show crypto key mypubkey all",
    "show crypto pki timers detail",
    "show running-config | section crypto pki|^hostname|^ip domain",
    # fleet_audit asks for the CRLs and the IOS certificate servers too (pki_info.AUDIT_GATHER)
    "show crypto pki crls",
    "show crypto pki server",
]
SCRIPT = REPO / "bench" / "kit" / "netmiko_audit.py"
RUNS = ("ours, one task", "ours, per host", "netmiko threads", "Ansible alone")
HOSTVARS_ONCE = REPO / "bench" / "kit" / "hostvars_once.yml"
GOAL = 1.3


def _simulator_share(run: MockiosRun, measure) -> tuple[object, float]:
    """What ``measure()`` returns, and the simulator's CPU over the run's wall time, as a
    fraction of all the machine's cores."""
    cpu = tree_cpu_seconds(run.process.pid)
    started = time.perf_counter()
    outcome = measure()
    wall = time.perf_counter() - started
    used = tree_cpu_seconds(run.process.pid) - cpu
    return outcome, used / wall / (os.cpu_count() or 1)


def ini_inventory(inventory: Path) -> Path:
    """The fleet's YAML inventory written again as INI (same hosts, same group and host
    variables)."""
    routers = yaml.safe_load(inventory.read_text())["all"]["children"]["routers"]
    lines = ["[routers]"]
    for name, host_vars in routers["hosts"].items():
        lines.append(" ".join([name, *(f"{key}={value}" for key, value in host_vars.items())]))
    lines.append("[routers:vars]")
    lines += [f"{key}={value}" for key, value in routers.get("vars", {}).items()]
    path = inventory.with_suffix(".ini")
    path.write_text("\n".join(lines) + "\n")
    return path


def _ours(
    playbook: Path, run: MockiosRun, inventory: Path, size: int, forks: int, tmp: Path
) -> tuple:
    command = playbook_command(
        venv_bin(),
        playbook,
        inventory,
        forks=forks,
        extra_vars={"report_dir": str(tmp / "reports"), "concurrency": forks},
    )
    timed = run_measured(command, ansible_env(), exclude={run.process.pid})
    if timed.rc != 0:
        raise RuntimeError(f"{playbook.name} failed:\n{timed.output[-3000:]}")
    if playbook == HOSTVARS_ONCE:
        return timed.wall, timed.cpu, timed.peak_pss_mib
    report = json.loads((tmp / "reports" / "pki-audit.json").read_text())
    if report["summary"]["routers"] != size or report["summary"]["routers_failed"]:
        failed = [row for row in report.get("rows", []) if row.get("state") == "error"]
        raise RuntimeError(f"{playbook.name}: {report['summary']}; failed: {failed}")
    return timed.wall, timed.cpu, timed.peak_pss_mib


def _script(run: MockiosRun, forks: int) -> tuple:
    hosts = [
        {"host": d.host, "port": d.port, "username": d.username, "password": d.password,
         "secret": d.secret}
        for d in run.devices
    ]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
    )
    memory = TreeMemory(process.pid).start()
    output, _ = process.communicate(json.dumps({"workers": forks, "commands": COMMANDS,
                                                "hosts": hosts}))  # fmt: skip
    memory.stop()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"netmiko_audit failed:\n{output[-3000:]}")
    return wall, None, memory.peak_pss_kib / 1024


def _measure(
    size: int, forks: int, rounds: int, factory: bool, inventory_format: str, runs: tuple
) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="netpki-bench-") as tmp:
        flavor = "iosxe17" if factory else "ios15"
        with fleet(Path(tmp) / "mockios", size, flavor) as run:
            if not factory:
                setup = playbook_command(
                    venv_bin(), ENROLL, run.inventory, forks=forks,
                    extra_vars=playbook_vars(run.state_dir),
                )  # fmt: skip
                run_measured(setup, ansible_env(), exclude={run.process.pid}).require(size)
            inventory = (
                run.inventory if inventory_format == "yaml" else ini_inventory(run.inventory)
            )
            for number in range(rounds):
                for name in runs:
                    scratch = Path(tmp) / f"{number}-{RUNS.index(name)}"
                    if name == "netmiko threads":
                        measure = lambda: _script(run, forks)  # noqa: E731
                    else:
                        playbook = {
                            "ours, one task": REPO / "playbooks" / "fleet_audit.yml",
                            "ours, per host": REPO / "playbooks" / "audit.yml",
                            "Ansible alone": HOSTVARS_ONCE,
                        }[name]
                        measure = lambda p=playbook, s=scratch: _ours(  # noqa: E731
                            p, run, inventory, size, forks, s
                        )
                    (wall, cpu, pss), share = _simulator_share(run, measure)
                    found[name].append((wall, pss, share))
                    print(f"  {size} routers, {name}: {wall:.2f} s, PSS {pss:.0f} MiB, "
                          f"simulator {share:.0%} of the CPU", flush=True)  # fmt: skip
    return found


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = fleet_arguments(__doc__, forks=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--factory", action="store_true", help="IOS-XE 17 routers as shipped")
    parser.add_argument("--inventory-format", choices=("yaml", "ini"), default="yaml")
    parser.add_argument(
        "--no-per-host", action="store_true", help="skip playbooks/audit.yml (slow at 1,000)"
    )
    args = parser.parse_args()
    rows = []
    verdicts = []
    peaks = {}
    ansible_peaks = {}
    for size in args.sizes:
        runs = tuple(name for name in RUNS if not (args.no_per_host and name == "ours, per host"))
        found = _measure(size, args.forks, args.rounds, args.factory, args.inventory_format, runs)
        script = _median([w for w, _, _ in found["netmiko threads"]])
        for name in runs:
            walls = [w for w, _, _ in found[name]]
            pss = _median([p for _, p, _ in found[name]])
            share = max(s for _, _, s in found[name])
            rows.append([size, name, _median(walls), f"{min(walls):.2f}-{max(walls):.2f}",
                         _median(walls) / script, round(pss), f"{share:.0%}"])  # fmt: skip
        ratio = _median([w for w, _, _ in found["ours, one task"]]) / script
        verdicts.append(
            f"{size} routers: fleet_audit / netmiko threads **{ratio:.2f}** "
            f"(goal ≤ {GOAL}: {'met' if ratio <= GOAL else 'missed'})"
        )
        peaks[size] = _median([p for _, p, _ in found["ours, one task"]])
        ansible_peaks[size] = _median([p for _, p, _ in found["Ansible alone"]])
    state = "IOS-XE 17 as shipped" if args.factory else "enrolled"
    section = Section(
        f"Fleet audit: {', '.join(map(str, args.sizes))} routers ({state}), forks/threads "
        f"{args.forks}, {args.inventory_format.upper()} inventory, median of {args.rounds} rounds"
    )
    section.add(
        table(
            [
                "routers",
                "run",
                "wall s (median)",
                "range s",
                "÷ netmiko threads",
                "peak PSS MiB",
                "simulator CPU share (max)",
            ],
            rows,
        )  # fmt: skip
    )
    small, large = min(args.sizes), max(args.sizes)
    growth = peaks[large] / peaks[small]
    section.add(
        "\n".join(f"- {line}" for line in verdicts)
        + f"\n- fleet_audit's peak PSS at {large} routers is {growth:.2f}× the figure at {small} "
        f"(goal ≤ 1.2: {'met' if growth <= 1.2 else 'missed'}): "
        f"{peaks[small]:.0f} → {peaks[large]:.0f} MiB; Ansible alone (a run-once task reading "
        f"every host's hostvars) {ansible_peaks[small]:.0f} → {ansible_peaks[large]:.0f} MiB, "
        f"so fleet_audit's own part is {peaks[small] - ansible_peaks[small]:.0f} → "
        f"{peaks[large] - ansible_peaks[large]:.0f} MiB\n\n"
        f"PSS is that of the measured process tree (ansible-playbook and its workers, or the "
        f"script). The simulator's share is its CPU time over the run's wall time, divided by "
        f"the machine's {os.cpu_count()} cores.\n\n"
        f"Command: `{reproduce()}`."
    )
    section.emit(args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
