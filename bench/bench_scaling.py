"""Benchmark: how SCEP enrollment of a fleet scales, 10, 50 and 100 routers.

For each size, a fresh simulated fleet is enrolled with ``playbooks/enroll_scep.yml`` (forks
20, the fingerprint pinned), then the playbook runs again and changes nothing. Reports wall
time, time per router, and the controller's peak memory: the peak, over the run, of the sum
over the ``ansible-playbook`` process tree (main process and forked workers), both as RSS
(shared pages counted in every process) and PSS (shared pages split; what the tree costs).

    .venv/bin/python bench/bench_scaling.py [--sizes 10 50 100] [--forks 20]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.kit.benchvenv import venv_bin  # noqa: E402
from bench.kit.fleet import fleet  # noqa: E402
from bench.kit.playbook import (  # noqa: E402
    REPO,
    Timed,
    ansible_env,
    playbook_command,
    run_measured,
)
from bench.kit.report import Section, fleet_arguments, reproduce, table  # noqa: E402
from demo.lab_vars import playbook_vars  # noqa: E402

PLAYBOOK = REPO / "playbooks" / "enroll_scep.yml"


def _measure(size: int, forks: int) -> tuple[Timed, Timed]:
    with tempfile.TemporaryDirectory(prefix="netpki-bench-") as tmp:
        with fleet(Path(tmp) / "mockios", size) as run:
            command = playbook_command(
                venv_bin(),
                PLAYBOOK,
                run.inventory,
                forks=forks,
                extra_vars=playbook_vars(run.state_dir),
            )
            first = run_measured(command, ansible_env(), exclude={run.process.pid})
            first.require(size, changed=True)
            again = run_measured(command, ansible_env(), exclude={run.process.pid})
            again.require(size, changed=False)
    return first, again


def main() -> int:
    parser = fleet_arguments(__doc__, forks=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 100])
    args = parser.parse_args()
    rows = []
    per_router = {}
    for size in args.sizes:
        first, again = _measure(size, args.forks)
        per_router[size] = first.wall / size
        print(f"  {size} routers: {first.wall:.1f} s, rerun {again.wall:.1f} s", flush=True)
        rows.append(
            [
                size,
                first.wall,
                first.wall / size,
                again.wall,
                again.wall / size,
                round(first.peak_pss_mib),
                first.peak_pss_mib / size,
                round(first.peak_rss_mib),
                first.peak_processes,
            ]
        )
    section = Section(f"Scaling: SCEP enrollment at {', '.join(map(str, args.sizes))} routers")
    section.add(
        table(
            [
                "routers",
                "enroll wall s",
                "s/router",
                "no-change rerun s",
                "rerun s/router",
                "peak PSS MiB",
                "PSS MiB/router",
                "peak RSS sum MiB",
                "peak processes",
            ],
            rows,
        )
    )
    largest, smallest = max(args.sizes), min(args.sizes)
    section.add(
        f"Time per router from {smallest} to {largest} routers: "
        f"{per_router[smallest]:.2f} s → {per_router[largest]:.2f} s. Peak memory is bounded "
        f"by forks ({args.forks} workers at most), not by the fleet size. The RSS sum counts "
        f"pages shared between processes once per process (an upper bound); PSS splits them "
        f"between all their users, other programs on the machine included, so it moves with "
        f"whatever else runs.\n\n"
        f"Command: `{reproduce()}`; each size runs `.venv/bin/ansible-playbook -i INVENTORY "
        f"--forks {args.forks} playbooks/enroll_scep.yml -e ca_fingerprint=... -e scep_url=...` "
        f"twice on a "
        f"fresh `python -m mockios fleet --count N`."
    )
    section.emit(args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
