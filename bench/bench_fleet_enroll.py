"""Benchmark: SCEP enrollment of a fleet, netpki.ios against cisco.ios + network_cli.

On one simulated fleet (100 routers by default, forks 20), side by side:

- ours: ``playbooks/enroll_scep.yml`` (key pair, trustpoint, CA authentication that accepts
  only the pinned fingerprint, SCEP enrollment with wait, save);
- theirs: ``bench/baseline/enroll_ios_command.yml``, the same steps written with
  ``cisco.ios.ios_config`` and ``cisco.ios.ios_command`` prompt/answer over
  ``ansible.netcommon.network_cli``; it answers "yes" to any CA certificate.

Each enrolls its own trustpoint and key label, so neither finds the other's work done. Both run
from the bench venv (``build/bench-venv``: PyPI ``ansible``, created on first use), then each
runs again to show its no-change cost. Reports wall time, time per router, the ratio, SSH
sessions and lines per router (simulator session logs) and the controller's peak memory.

    .venv/bin/python bench/bench_fleet_enroll.py [--routers 100] [--forks 20]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kit.benchvenv import ensure_bench_venv  # noqa: E402
from bench.kit.fleet import fleet, network_cli_inventory  # noqa: E402
from bench.kit.playbook import (  # noqa: E402
    REPO,
    Timed,
    ansible_env,
    playbook_command,
    run_measured,
)
from bench.kit.report import Section, fleet_arguments, reproduce, table  # noqa: E402
from bench.kit.sessionlog import HostCounts, LogMarks  # noqa: E402
from demo.lab_vars import playbook_vars  # noqa: E402

OURS = REPO / "playbooks" / "enroll_scep.yml"
THEIRS = REPO / "bench" / "baseline" / "enroll_ios_command.yml"
CHALLENGE = "netpki-bench-challenge"
GOAL = 0.5


def _row(label: str, run: Timed, counts: HostCounts, routers: int, verified: str) -> list:
    return [
        label,
        run.wall,
        run.wall / routers,
        counts.sessions,
        counts.shows,
        counts.config_lines,
        counts.lines,
        round(run.peak_pss_mib),
        round(run.peak_rss_mib),
        verified,
    ]


def main() -> int:
    parser = fleet_arguments(__doc__, forks=20)
    parser.add_argument("--routers", type=int, default=100)
    args = parser.parse_args()
    bin_dir = ensure_bench_venv()
    env = ansible_env()
    rows, runs = [], {}
    with tempfile.TemporaryDirectory(prefix="netpki-bench-") as tmp:
        with fleet(Path(tmp) / "mockios", args.routers) as run:
            baseline_inventory = network_cli_inventory(run.inventory, Path(tmp) / "cli.yml")
            plays = {
                "ours": (OURS, run.inventory, "NETPKI-SCEP", "yes (pinned SHA1)"),
                "cisco.ios": (THEIRS, baseline_inventory, "BASELINE-SCEP", "no (answers yes)"),
            }
            for attempt in ("enroll", "rerun"):
                for name, (playbook, inventory, trustpoint, verified) in plays.items():
                    extra = {
                        **playbook_vars(run.state_dir),
                        "trustpoint": trustpoint,
                        "key_label": trustpoint,
                        "scep_challenge_password": CHALLENGE,
                        "render_dir": tmp,
                    }
                    command = playbook_command(
                        bin_dir, playbook, inventory, forks=args.forks, extra_vars=extra
                    )
                    marks = LogMarks(run)
                    timed = run_measured(command, env, exclude={run.process.pid})
                    timed.require(args.routers, changed=None if attempt == "enroll" else False)
                    runs[(name, attempt)] = timed
                    label = f"{name}, {'first run' if attempt == 'enroll' else 'no-change rerun'}"
                    rows.append(_row(label, timed, marks.per_host(), args.routers, verified))
                    print(f"  {label}: {timed.wall:.1f} s", flush=True)
    ratio = runs[("ours", "enroll")].wall / runs[("cisco.ios", "enroll")].wall
    rerun_ratio = runs[("ours", "rerun")].wall / runs[("cisco.ios", "rerun")].wall
    section = Section(f"Fleet enrollment: {args.routers} routers, forks {args.forks}")
    section.add(
        table(
            [
                "playbook",
                "wall s",
                "s/router",
                "SSH sessions/router",
                "show cmds/router",
                "config lines/router",
                "lines typed/router",
                "peak PSS MiB",
                "peak RSS sum MiB",
                "CA fingerprint verified",
            ],
            rows,
        )
    )
    verdict = "met" if ratio <= GOAL else "MISSED"
    section.add(
        f"Ratio ours / cisco.ios, first run: **{ratio:.2f}** (goal ≤ {GOAL}: {verdict}); "
        f"no-change rerun: {rerun_ratio:.2f}.\n\n"
        f"Command: `{reproduce()}`. ours = `playbooks/enroll_scep.yml`, cisco.ios = "
        f"`bench/baseline/enroll_ios_command.yml`, both run by "
        f"`build/bench-venv/bin/ansible-playbook` (PyPI ansible 12.3.0: ansible-core 2.19.14, "
        f"cisco.ios 11.1.1, ansible.netcommon 8.2.0; network_cli over ansible-pylibssh 1.4.0)."
    )
    section.emit(args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
