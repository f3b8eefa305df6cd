"""A simulated fleet for the benchmarks, and the two inventories that drive it.

The fleet is ``python -m mockios fleet`` (started through the integration tests' helper). Our
collection reads the inventory the fleet writes; the cisco.ios baseline gets a copy that
speaks ``network_cli`` the way a cisco.ios user's inventory does.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from .playbook import REPO

sys.path.insert(0, str(REPO / "tests" / "integration"))
from mockios_proc import MockiosRun, start_mockios  # noqa: E402

__all__ = ["MockiosRun", "fleet", "network_cli_inventory", "lab_fingerprint"]


@contextmanager
def fleet(state_dir: Path, count: int, flavor: str = "ios15") -> Iterator[MockiosRun]:
    with start_mockios(state_dir, count=count, fleet=True, flavor=flavor) as run:
        yield run


def network_cli_inventory(fleet_inventory: Path, path: Path) -> Path:
    """The fleet's hosts under network_cli, enable through ``become``, as cisco.ios wants."""
    data = yaml.safe_load(fleet_inventory.read_text())
    routers = data["all"]["children"]["routers"]
    routers["vars"] = {
        **routers.get("vars", {}),
        "ansible_connection": "ansible.netcommon.network_cli",
        "ansible_network_os": "cisco.ios.ios",
        "ansible_become": True,
        "ansible_become_method": "enable",
        "ansible_host_key_checking": False,
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def lab_fingerprint(state_dir: Path) -> str:
    """The lab CA's SHA1 fingerprint, as an operator would read it from the CA."""
    done = subprocess.run(
        [sys.executable, "-m", "mockios", "ca", "--state-dir", str(state_dir), "fingerprints"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=60,
    )
    for line in done.stdout.splitlines():
        name, _, value = line.partition(":")
        if name.strip() == "SHA1":
            return value.strip()
    raise RuntimeError(f"no SHA1 fingerprint from the lab CA: {done.stdout}")
