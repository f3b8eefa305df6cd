"""Benchmark: the no-change cost per host of trustpoints + ca_authenticate + enroll.

On one simulated fleet, already enrolled by ``playbooks/enroll_scep.yml``, side by side:

- ours: the playbook's ``trustpoints``, ``ca_authenticate`` and ``enroll`` tasks, run again
  (``--start-at-task`` at the trustpoint task, fingerprint pinned), which change nothing;
- netmiko: ``bench/kit/netmiko_replay.py``, a minimal netmiko script that opens the same SSH
  sessions and sends the same show commands, as the simulator's session logs recorded them
  during our run;
- netmiko, one session: the same show commands in one SSH session per host, as a hand-written
  script would;
- ours, one task: ``playbooks/enroll_scep_one_session.yml`` run again, the whole chain
  (key pair included) as one ``netpki.ios.enrollment`` task, in one SSH session per host;
- netmiko, one session, the one task's shows: the show commands the simulator recorded during
  that run, in one SSH session per host (it reads the key pairs too).

Both run as processes (interpreter start-up counted), with the same parallelism (forks =
threads), alternating, for several rounds; the table shows medians. It also reports the SSH
sessions and show commands per host, from the simulator session logs. Beside the
``--markdown`` fragment goes a ``.json`` one with the figures (``bench/kit/headline.py`` reads
it).

    .venv/bin/python bench/bench_nochange_host.py [--routers 40] [--forks 10] [--rounds 3]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kit.benchvenv import venv_bin  # noqa: E402
from bench.kit.fleet import MockiosRun, fleet  # noqa: E402
from bench.kit.playbook import (  # noqa: E402
    REPO,
    ansible_env,
    children_cpu,
    playbook_command,
    run_measured,
)
from bench.kit.report import (  # noqa: E402
    Section,
    emit_figures,
    fleet_arguments,
    reproduce,
    spread,
    table,
)
from bench.kit.sessionlog import LogMarks  # noqa: E402
from demo.lab_vars import playbook_vars  # noqa: E402

PLAYBOOK = REPO / "playbooks" / "enroll_scep.yml"
ONE_TASK = REPO / "playbooks" / "enroll_scep_one_session.yml"
FIRST_TASK = "SCEP trustpoint with automatic renewal at 80% of the lifetime, new key each time"
REPLAY = REPO / "bench" / "kit" / "netmiko_replay.py"
TASKS_PER_HOST = 3
GOAL = 1.2


def _replay(
    devices: list, sessions: dict[str, list[list[str]]], workers: int
) -> tuple[float, float]:
    hosts = [
        {
            "host": d.host,
            "port": d.port,
            "username": d.username,
            "password": d.password,
            "secret": d.secret,
            "sessions": sessions[d.name],
        }
        for d in devices
    ]
    cpu = children_cpu()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(REPLAY)],
        input=json.dumps({"workers": workers, "hosts": hosts}),
        text=True,
        capture_output=True,
        check=True,
        cwd=REPO,
    )
    return time.perf_counter() - started, children_cpu() - cpu


def _ours(command: list[str], names: list[str], run: MockiosRun) -> tuple[float, float]:
    limited = command + ["--limit", ",".join(names)]
    outcome = run_measured(limited, ansible_env(), exclude={run.process.pid})
    outcome.require(len(names), changed=False)
    return outcome.wall, outcome.cpu


def main() -> int:
    parser = fleet_arguments(__doc__, forks=10)
    parser.add_argument("--routers", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = (args.forks, args.routers)
    names = {size: [f"R{i}" for i in range(1, size + 1)] for size in sizes}
    runs = (
        "ours",
        "netmiko",
        "netmiko, one session",
        "ours, one task",
        "netmiko, one session, the one task's shows",
    )
    # (run, hosts) -> [(wall seconds, CPU seconds) of each round]
    walls: dict[tuple[str, int], list[tuple[float, float]]] = {
        (r, n): [] for r in runs for n in sizes
    }
    with tempfile.TemporaryDirectory(prefix="netpki-bench-") as tmp:
        with fleet(Path(tmp) / "mockios", args.routers) as run:
            setup = playbook_command(
                venv_bin(),
                PLAYBOOK,
                run.inventory,
                forks=args.forks,
                extra_vars=playbook_vars(run.state_dir),
            )
            run_measured(setup, ansible_env(), exclude={run.process.pid}).require(args.routers)
            nochange = [*setup, "--start-at-task", FIRST_TASK]  # options come last
            one_task = [*setup]
            one_task[one_task.index(str(PLAYBOOK))] = str(ONE_TASK)
            marks = LogMarks(run)
            walls[("ours", args.routers)].append(_ours(nochange, names[args.routers], run))
            counts = marks.per_host()
            if counts.sessions != TASKS_PER_HOST:
                raise RuntimeError(f"expected {TASKS_PER_HOST} sessions per host: {counts}")
            sessions = {d.name: marks.show_lines_by_session(d.name) for d in run.devices}
            merged = {name: [sum(groups, [])] for name, groups in sessions.items()}
            one_marks = LogMarks(run)
            walls[("ours, one task", args.routers)].append(
                _ours(one_task, names[args.routers], run)
            )
            one_counts = one_marks.per_host()
            if one_counts.sessions != 1:
                raise RuntimeError(f"expected one session per host for one task: {one_counts}")
            one_shows = {d.name: one_marks.show_lines_by_session(d.name) for d in run.devices}
            per_run = {
                "ours": counts,
                "netmiko": counts,
                "netmiko, one session": replace(counts, sessions=1),
                "ours, one task": one_counts,
                "netmiko, one session, the one task's shows": one_counts,
            }
            replay_marks = LogMarks(run)
            _replay(run.devices, sessions, args.forks)
            replayed = replay_marks.per_host()
            if (replayed.sessions, replayed.shows) != (counts.sessions, counts.shows):
                raise RuntimeError(f"the replay differs from our run: {replayed} vs {counts}")
            for round_ in range(args.rounds):
                for size in sizes:
                    if round_ or size != args.routers:
                        walls[("ours", size)].append(_ours(nochange, names[size], run))
                    chosen = run.devices[:size]
                    walls[("netmiko", size)].append(_replay(chosen, sessions, args.forks))
                    walls[("netmiko, one session", size)].append(
                        _replay(chosen, merged, args.forks)
                    )
                    if round_ or size != args.routers:
                        walls[("ours, one task", size)].append(_ours(one_task, names[size], run))
                    walls[("netmiko, one session, the one task's shows", size)].append(
                        _replay(chosen, one_shows, args.forks)
                    )
    medians = {key: statistics.median(w for w, _ in values) for key, values in walls.items()}
    cpus = {key: statistics.median(c for _, c in values) for key, values in walls.items()}
    small, large = sizes
    per_host = {r: (medians[(r, large)] - medians[(r, small)]) / (large - small) for r in runs}
    cpu_host = {r: (cpus[(r, large)] - cpus[(r, small)]) / (large - small) for r in runs}
    rows = []
    for name in runs:
        rows.append(
            [
                name,
                medians[(name, small)],
                medians[(name, large)],
                per_host[name] * 1000,
                cpu_host[name] * 1000,
                per_run[name].sessions,
                per_run[name].shows,
                per_host["ours"] / per_host[name],
                cpu_host["ours"] / cpu_host[name],
                medians[("ours", large)] / medians[(name, large)],
            ]
        )
    section = Section(
        f"No-change cost per host: forks {args.forks}, {small} and {large} routers, "
        f"median of {args.rounds} rounds"
    )
    section.add(
        table(
            [
                "run",
                f"wall s, {small} hosts",
                f"wall s, {large} hosts",
                "wall ms per extra host",
                "CPU ms per extra host",
                "SSH sessions/host",
                "show cmds/host",
                "ours / this, wall per host",
                "ours / this, CPU per host",
                f"ours / this, {large} hosts",
            ],
            rows,
        )
    )
    ratio = per_host["ours"] / per_host["netmiko"]
    round_ratios = [
        _slope(walls, "ours", sizes, i) / _slope(walls, "netmiko", sizes, i)
        for i in range(args.rounds)
    ]
    ranges = ", ".join(
        f"{name} {min(w for w, _ in walls[(name, large)]):.2f}-"
        f"{max(w for w, _ in walls[(name, large)]):.2f} s"
        for name in runs
    )
    one_ratio = per_host["ours"] / per_host["netmiko, one session"]
    verdict = "met" if ratio <= GOAL else "MISSED"
    task_ratio = per_host["ours, one task"] / per_host["netmiko, one session"]
    task_verdict = "met" if task_ratio <= GOAL else "MISSED"
    same_shows = per_host["ours, one task"] / per_host["netmiko, one session, the one task's shows"]
    section.add(
        f"Cost per host is the slope between the two fleet sizes, so start-up costs (Python,\n"
        f"Ansible's playbook parsing) that do not grow with the fleet fall out. Ratio ours /\n"
        f"netmiko with the same sessions, per host: **{ratio:.2f}** (goal ≤ {GOAL}: {verdict});\n"
        f"against one session per host: {one_ratio:.2f}. One task (`netpki.ios.enrollment`,\n"
        f"key pair included) / netmiko, one session: **{task_ratio:.2f}** (goal ≤ {GOAL}:\n"
        f"{task_verdict}); / the same show commands as the one task, in one session:\n"
        f"{same_shows:.2f}. Range over the {args.rounds} rounds:\n"
        f"ratio per round {min(round_ratios):.2f} to {max(round_ratios):.2f}; wall at {large} "
        f"hosts {ranges}.\n"
        f"Per host, our three no-change tasks open {counts.sessions:g} SSH sessions and send\n"
        f"{counts.shows:g} show commands, no config line (simulator session logs). CPU is\n"
        f"user + system time of the whole process tree (every forked worker included).\n\n"
        f"Command: `{reproduce()}`. ours = `ansible-playbook -i INVENTORY --forks {args.forks}\n"
        f"playbooks/enroll_scep.yml --start-at-task '{FIRST_TASK}' -e ca_fingerprint=...\n"
        f"-e scep_url=...` "
        f"(.venv); netmiko = `bench/kit/netmiko_replay.py` fed the show commands the simulator\n"
        f"recorded during our run, {args.forks} threads."
    )
    section.emit(args.markdown)
    figures = {
        "kind": "nochange_host",
        "forks": args.forks,
        "rounds": args.rounds,
        "sizes": list(sizes),
        "command": reproduce(),
        "runs": {
            name: {
                "per_host": spread([_slope(walls, name, sizes, i) for i in range(args.rounds)]),
                "wall": {str(n): spread([w for w, _ in walls[(name, n)]]) for n in sizes},
            }
            for name in runs
        },
    }
    emit_figures(args.markdown, figures)
    return 0


def _slope(walls: dict, name: str, sizes: tuple[int, int], round_: int) -> float:
    """Wall seconds per extra host in one round."""
    small, large = sizes
    return (walls[(name, large)][round_][0] - walls[(name, small)][round_][0]) / (large - small)


if __name__ == "__main__":
    sys.exit(main())
