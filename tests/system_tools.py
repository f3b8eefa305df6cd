"""Find an outside tool a test needs (from tests/system-packages.txt).

Locally a missing tool skips the test with the command that installs it; in CI (``CI=true``) it
fails, so a test never passes there by not running.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

INSTALL = "make system-deps (or: sudo apt-get install -y {package})"


def require_tool(command: str, package: str) -> str:
    """Return the path of ``command``; skip (locally) or fail (CI) when it is not installed."""
    path = shutil.which(command)
    if path:
        return path
    unavailable(f"{command} is not installed: {INSTALL.format(package=package)}")


def unavailable(message: str) -> NoReturn:
    """A test cannot run here: it fails under ``CI=true``, it skips locally."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)
