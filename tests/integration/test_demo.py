"""`make demo` end to end on a small fleet: it succeeds, converges, and leaves no process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _fleets_of(workdir: Path) -> list[str]:
    found = subprocess.run(
        ["pgrep", "-af", f"mockios fleet .*{workdir}"], capture_output=True, text=True, check=False
    )
    return [line for line in found.stdout.splitlines() if "pgrep" not in line]


def test_demo_enrolls_audits_converges_and_stops_its_fleet(tmp_path: Path) -> None:
    workdir = tmp_path / "demo"
    run = subprocess.run(
        [sys.executable, "-m", "demo", "--count", "3", "--workdir", str(workdir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "second run: 0 changed" in run.stdout
    assert "audit: routers=3, routers_failed=0" in run.stdout
    assert "pki-audit.html" in run.stdout
    assert _fleets_of(workdir) == []
