"""Benchmark: the fleet audit several ways, on the same enrolled simulated fleet, per size.

- ours, one task: ``playbooks/fleet_audit.yml`` (``netpki.ios.fleet_audit``, concurrency =
  forks): every router read from the controller's own process, on threads;
- ours, per host: ``playbooks/audit.yml`` (``pki_info`` in a forked worker per router, then
  ``audit_report``), the same forks;
- netmiko threads: ``bench/kit/netmiko_audit.py``, the hand-written script: the same six show
  commands per router over one netmiko session each, parsed with the same TextFSM templates,
  as many threads as forks;
- asyncssh: ``bench/kit/asyncssh_audit.py``, the same script written with asyncssh (one event
  loop, as many sessions at once as forks, host keys checked against the fleet's known_hosts);
- cisco.ios network_cli + cli_parse: ``bench/baseline/audit_cli_parse.yml``, what a cisco.ios
  user writes: ``ansible.utils.cli_parse`` with ``ansible.utils.textfsm`` and the same templates
  over ``network_cli``, from the bench venv (PyPI ``ansible``); only up to ``--cisco-ios-max``
  routers, it takes minutes per hundred;
- Ansible alone: ``bench/kit/hostvars_once.yml``, a run-once task that reads a variable of
  every host through ``hostvars`` and does nothing else: the memory Ansible itself takes for
  the inventory and a worker that reads it, which fleet_audit cannot do without.

The three baselines each print the number of TextFSM records they parsed; the bench checks
they agree, so they did the same work. Each router holds one trustpoint with its CA and router
certificate (``playbooks/enroll_scep.yml`` enrolls the fleet first), or, with ``--factory``,
what a new IOS-XE 17 router ships with (``SLA-TrustPoint`` and its CA certificate,
``TP-self-signed-*`` and its self-signed one), which needs no enrollment and so suits fleets of
a thousand. Rounds alternate the runs; the table gives medians and ranges, the controller's
peak memory (PSS of the measured process tree) and the simulator's share of the machine's CPU
during each run. Beside the ``--markdown`` fragment goes a ``.json`` one with the figures
(``bench/kit/headline.py`` reads it).

The inventory is the YAML file ``mockios fleet`` writes, or with ``--inventory-format ini`` the
same hosts and variables as an INI file: ansible-core 2.19 tags every value it loads from YAML
with its origin (file, line, column), which costs Ansible itself about 40 KiB per host, so
the memory figures are given for both (the cisco.ios baseline keeps its YAML inventory).

    .venv/bin/python bench/bench_fleet_audit.py [--sizes 100 300] [--forks 20] [--rounds 3]
        [--factory] [--inventory-format yaml|ini] [--no-per-host] [--cisco-ios-max 100]
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kit.benchvenv import ensure_bench_venv, venv_bin  # noqa: E402
from bench.kit.fleet import MockiosRun, fleet, network_cli_inventory  # noqa: E402
from bench.kit.playbook import REPO, ansible_env, playbook_command, run_measured  # noqa: E402
from bench.kit.proctree import (  # noqa: E402
    TreeMemory,
    become_subreaper,
    end_adopted,
    tree_cpu_seconds,
)
from bench.kit.report import (  # noqa: E402
    Section,
    emit_figures,
    fleet_arguments,
    reproduce,
    spread,
    table,
)
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
CISCO_IOS = "cisco.ios network_cli + cli_parse"
SCRIPTS = {
    "netmiko threads": REPO / "bench" / "kit" / "netmiko_audit.py",
    "asyncssh": REPO / "bench" / "kit" / "asyncssh_audit.py",
}
PLAYBOOKS = {
    "ours, one task": REPO / "playbooks" / "fleet_audit.yml",
    "ours, per host": REPO / "playbooks" / "audit.yml",
    CISCO_IOS: REPO / "bench" / "baseline" / "audit_cli_parse.yml",
    "Ansible alone": REPO / "bench" / "kit" / "hostvars_once.yml",
}
RUNS = ("ours, one task", "ours, per host", "netmiko threads", "asyncssh", CISCO_IOS,
        "Ansible alone")  # fmt: skip
_RECORDS = re.compile(r"(\d+) records parsed")
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


def _records(name: str, output: str) -> int:
    """The record count a baseline printed last."""
    found = _RECORDS.findall(output)
    if not found:
        raise RuntimeError(f"{name} printed no record count:\n{output[-3000:]}")
    return int(found[-1])


def _playbook(
    name: str, bin_dir: Path, run: MockiosRun, inventory: Path, size: int, forks: int, tmp: Path
) -> tuple[float, float, int | None]:
    """Wall seconds, peak PSS MiB and (for the cisco.ios baseline) records parsed."""
    command = playbook_command(
        bin_dir,
        PLAYBOOKS[name],
        inventory,
        forks=forks,
        extra_vars={"report_dir": str(tmp / "reports"), "concurrency": forks},
    )
    timed = run_measured(command, ansible_env(), exclude={run.process.pid})
    # network_cli's daemons outlive the play: they would count in the next run's memory, and
    # the next round of this one would reuse their open sessions.
    end_adopted(keep={run.process.pid})
    if timed.rc != 0:
        raise RuntimeError(f"{name} failed:\n{timed.output[-3000:]}")
    if name == CISCO_IOS:
        timed.require(size)
        return timed.wall, timed.peak_pss_mib, _records(name, timed.output)
    if name == "Ansible alone":
        return timed.wall, timed.peak_pss_mib, None
    report = json.loads((tmp / "reports" / "pki-audit.json").read_text())
    if report["summary"]["routers"] != size or report["summary"]["routers_failed"]:
        failed = [row for row in report.get("rows", []) if row.get("state") == "error"]
        raise RuntimeError(f"{name}: {report['summary']}; failed: {failed}")
    return timed.wall, timed.peak_pss_mib, None


def _script(name: str, run: MockiosRun, forks: int) -> tuple[float, float, int]:
    """Wall seconds, peak PSS MiB and records parsed of a hand-written script."""
    hosts = [
        {"host": d.host, "port": d.port, "username": d.username, "password": d.password,
         "secret": d.secret}
        for d in run.devices
    ]  # fmt: skip
    plan = {"workers": forks, "commands": COMMANDS, "known_hosts": str(run.device.known_hosts),
            "hosts": hosts}  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(SCRIPTS[name])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO,
    )
    # The simulator is our child too: without the exclusion it counts as adopted.
    memory = TreeMemory(process.pid, exclude={run.process.pid}).start()
    output, _ = process.communicate(json.dumps(plan))
    memory.stop()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{output[-3000:]}")
    return wall, memory.peak_pss_kib / 1024, _records(name, output)


def _measure(size: int, args, runs: tuple, cli_bin: Path | None) -> dict[str, list[tuple]]:
    """(wall s, peak PSS MiB, simulator CPU share, records or None) of each run, per round."""
    found: dict[str, list[tuple]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="netpki-bench-") as tmp:
        flavor = "iosxe17" if args.factory else "ios15"
        with fleet(Path(tmp) / "mockios", size, flavor) as run:
            if not args.factory:
                setup = playbook_command(
                    venv_bin(), ENROLL, run.inventory, forks=args.forks,
                    extra_vars=playbook_vars(run.state_dir),
                )  # fmt: skip
                run_measured(setup, ansible_env(), exclude={run.process.pid}).require(size)
            inventory = (
                run.inventory if args.inventory_format == "yaml" else ini_inventory(run.inventory)
            )
            # The cisco.ios baseline: its own inventory (network_cli) and Ansible (bench venv).
            cli_inventory = network_cli_inventory(run.inventory, Path(tmp) / "network_cli.yml")
            where = {CISCO_IOS: (cli_bin, cli_inventory)}
            for number in range(args.rounds):
                for name in runs:
                    scratch = Path(tmp) / f"{number}-{RUNS.index(name)}"
                    if name in SCRIPTS:
                        measure = lambda n=name: _script(n, run, args.forks)  # noqa: E731
                    else:
                        bin_dir, hosts = where.get(name, (venv_bin(), inventory))
                        measure = lambda n=name, b=bin_dir, h=hosts, s=scratch: _playbook(  # noqa: E731
                            n, b, run, h, size, args.forks, s
                        )
                    (wall, pss, records), share = _simulator_share(run, measure)
                    found[name].append((wall, pss, share, records))
                    print(
                        f"  {size} routers, {name} ({number + 1}/{args.rounds}): {wall:.2f} s, "
                        f"PSS {pss:.0f} MiB, simulator {share:.0%} of the CPU",
                        flush=True,
                    )
    return found


def _records_agree(found: dict[str, list[tuple]]) -> int:
    """The one record count every baseline printed in every round (the same work done)."""
    counts = {name: {r for *_, r in rows} for name, rows in found.items() if rows[0][3] is not None}
    if len(set().union(*counts.values())) != 1:
        raise RuntimeError(f"the baselines parsed different numbers of records: {counts}")
    return next(iter(next(iter(counts.values()))))


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
    parser.add_argument(
        "--cisco-ios-max", type=int, default=100,
        help="largest fleet the cisco.ios baseline runs on (about 300 s per 100 routers)",
    )  # fmt: skip
    args = parser.parse_args()
    # network_cli's ansible-connection daemons double-fork: adopt them so their memory counts.
    become_subreaper()
    cli_bin = ensure_bench_venv() if min(args.sizes) <= args.cisco_ios_max else None
    state = "IOS-XE 17 as shipped" if args.factory else "enrolled"
    figures = {"kind": "fleet_audit", "state": state, "forks": args.forks, "rounds": args.rounds,
               "inventory_format": args.inventory_format, "commands": COMMANDS,
               "command": reproduce(), "sizes": {}}  # fmt: skip
    rows = []
    verdicts = []
    peaks = {}
    ansible_peaks = {}
    for size in args.sizes:
        runs = tuple(
            name
            for name in RUNS
            if not (args.no_per_host and name == "ours, per host")
            and not (name == CISCO_IOS and size > args.cisco_ios_max)
        )
        found = _measure(size, args, runs, cli_bin)
        records = _records_agree(found)
        script = _median([w for w, *_ in found["netmiko threads"]])
        figures["sizes"][str(size)] = {"records": records}
        for name in runs:
            walls = [w for w, *_ in found[name]]
            pss = _median([p for _, p, *_ in found[name]])
            share = max(s for _, _, s, _ in found[name])
            rows.append([size, name, _median(walls), f"{min(walls):.2f}-{max(walls):.2f}",
                         _median(walls) / script, round(pss), f"{share:.0%}"])  # fmt: skip
            figures["sizes"][str(size)][name] = {"wall": spread(walls), "peak_pss_mib": pss}
        ratio = _median([w for w, *_ in found["ours, one task"]]) / script
        verdicts.append(
            f"{size} routers: fleet_audit / netmiko threads **{ratio:.2f}** "
            f"(goal ≤ {GOAL}: {'met' if ratio <= GOAL else 'missed'}); each baseline parsed "
            f"{records} TextFSM records in every round"
        )
        peaks[size] = _median([p for _, p, *_ in found["ours, one task"]])
        ansible_peaks[size] = _median([p for _, p, *_ in found["Ansible alone"]])
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
    memory = ""
    if large > small:
        growth = peaks[large] / peaks[small]
        memory = (
            f"\n- fleet_audit's peak PSS at {large} routers is {growth:.2f}× the figure at "
            f"{small} (goal ≤ 1.2: {'met' if growth <= 1.2 else 'missed'}): "
            f"{peaks[small]:.0f} → {peaks[large]:.0f} MiB; Ansible alone (a run-once task "
            f"reading every host's hostvars) {ansible_peaks[small]:.0f} → "
            f"{ansible_peaks[large]:.0f} MiB, so fleet_audit's own part is "
            f"{peaks[small] - ansible_peaks[small]:.0f} → "
            f"{peaks[large] - ansible_peaks[large]:.0f} MiB"
        )
    section.add(
        "\n".join(f"- {line}" for line in verdicts)
        + memory
        + "\n\nPSS is that of the measured process tree (ansible-playbook and its workers, "
        "network_cli's ansible-connection daemons, or the script). The simulator's share is "
        f"its CPU time over the run's wall time, divided by the machine's {os.cpu_count()} "
        f"cores. {_cisco_ios_scope(args.cisco_ios_max)}\n\n"
        f"Command: `{reproduce()}`."
    )
    section.emit(args.markdown)
    emit_figures(args.markdown, figures)
    return 0


def _cisco_ios_scope(largest: int) -> str:
    if largest <= 0:
        return f"{CISCO_IOS} was not run here."
    return (
        f"{CISCO_IOS} runs only up to {largest} routers, from `build/bench-venv` (PyPI "
        "ansible 12.3.0)."
    )


if __name__ == "__main__":
    sys.exit(main())
