"""Run a command with ANSIBLE_COLLECTIONS_PATH holding this collection (build/collections) and
the collections of PyPI's ``ansible`` package (bench venv, bench/kit/benchvenv.py): Galaxy is
out of reach, and ansible-lint and antsibull-docs' linter need community.crypto (the
playbooks' signing step) and cisco.ios (the bench baseline playbook).

    python tools/with_collections.py ansible-lint --offline --profile production
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.kit.benchvenv import bundled_collections  # noqa: E402


def collections_path() -> str:
    return os.pathsep.join([str(REPO / "build" / "collections"), str(bundled_collections())])


def main(argv: list[str]) -> int:
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path())
    # The tools of this venv first (ansible-lint runs ansible-playbook, antsibull-docs ansible-doc).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(argv, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
