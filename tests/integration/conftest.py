"""Fixtures for integration tests against the simulator over real SSH.

- ``mockios_device``: one ``python -m mockios serve`` (hostname R1, ios15) in a temp state dir.
- ``mockios_fleet``: a fleet of 3 devices with an Ansible inventory.
- ``start_mockios`` (from ``mockios_proc``) for other shapes: flavor, count, faults.
Each yields a ``MockiosRun``: ``.device``/``.devices`` (``DeviceParams`` with ``.netmiko()``
and ``.log_path``), ``.inventory``, ``.state_dir`` and ``.fault(device, key=value)``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mockios_proc import MockiosRun, start_mockios  # noqa: E402

__all__ = ["start_mockios", "MockiosRun"]


@pytest.fixture
def mockios_device(tmp_path: Path) -> Iterator[MockiosRun]:
    with start_mockios(tmp_path / "mockios") as run:
        yield run


@pytest.fixture
def mockios_fleet(tmp_path: Path) -> Iterator[MockiosRun]:
    with start_mockios(tmp_path / "mockios", count=3) as run:
        yield run
