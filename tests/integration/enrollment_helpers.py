"""Helpers for the enrollment operation tests: the lab CA's command line and the session log.

The lab CA is driven the way an operator drives an external CA, with
``python -m mockios ca --state-dir D ...`` in a separate process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from device_helpers import LogWindow

REPO = Path(__file__).resolve().parents[2]
PLAYBOOKS = REPO / "playbooks"


def lab_ca(state_dir: Path, *args: str, stdin: str | None = None) -> str:
    """Run one ``mockios ca`` command and return its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "mockios", "ca", "--state-dir", str(state_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    return done.stdout


def lab_fingerprint(state_dir: Path, algorithm: str = "SHA1") -> str:
    for line in lab_ca(state_dir, "fingerprints").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == algorithm:
            return value.strip()
    raise AssertionError(f"no {algorithm} fingerprint from the lab CA")


def dialog_entries(window: LogWindow) -> list[dict]:
    """Answers typed into dialogs (the enable secret excepted) and PKI dialog commands."""
    found = []
    for entry in window.entries:
        if entry.get("event") != "line":
            continue
        if entry["mode"] == "dialog" and entry.get("step") != "enable_secret":
            found.append(entry)
        elif entry["line"].strip().startswith(("crypto pki authenticate", "crypto pki enroll")):
            found.append(entry)
        elif entry["line"].strip().startswith(("crypto pki import", "crypto key generate")):
            found.append(entry)
    return found


def typed(window: LogWindow, prefix: str) -> list[str]:
    """Lines typed (in any mode) that start with ``prefix``."""
    return [
        e["line"]
        for e in window.entries
        if e.get("event") == "line" and e["line"].strip().startswith(prefix)
    ]
