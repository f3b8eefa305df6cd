"""Debian's headless Chromium for the report tests, with nothing reaching out."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from system_tools import require_tool

# Headless, and no update, sync or other background traffic.
QUIET_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def run_chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    """``chromium`` with ``args`` and a profile (and HOME) of its own."""
    return subprocess.run(
        [require_tool("chromium", "chromium"), *QUIET_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HOME": str(profile)},
    )
