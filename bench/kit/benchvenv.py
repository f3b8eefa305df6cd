"""The bench environment: a venv of its own holding the PyPI ``ansible`` package.

``ansible`` bundles cisco.ios and ansible.netcommon, which the baseline playbook needs; it
never goes into .venv or the project's dependencies. Our collection runs in the same venv
(same ansible-core) from build/collections, with the packages of requirements.txt.
``network_cli`` runs over ansible-pylibssh, its default transport when installed (a PyPI wheel
that bundles libssh; about 20% faster here than its deprecated paramiko transport), so
nothing outside PyPI is needed. paramiko stays for netmiko.

tests/integration/test_galaxy_install.py uses the same venv as a Galaxy user's controller:
PyPI's ``ansible`` brings community.crypto, which Galaxy would, and requirements.txt the rest.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .playbook import REPO

VENV = REPO / "build" / "bench-venv"
PINS = ["ansible==12.3.0", "ansible-core==2.19.14", "ansible-pylibssh==1.4.0", "paramiko==5.1.0"]
_STAMP = VENV / ".netpki-bench-installed"


def _wanted() -> str:
    return "\n".join(PINS) + "\n" + (REPO / "requirements.txt").read_text()


def ensure_bench_venv() -> Path:
    """Create or refresh build/bench-venv; returns its bin directory."""
    bin_dir = VENV / "bin"
    if _STAMP.exists() and _STAMP.read_text() == _wanted():
        return bin_dir
    print(f"bench venv: installing {' '.join(PINS)} into {VENV}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    pip.append("--disable-pip-version-check")
    subprocess.run(pip + PINS + ["-r", str(REPO / "requirements.txt")], check=True)
    _STAMP.write_text(_wanted())
    return bin_dir


def bundled_collections() -> Path:
    """The folder holding ``ansible_collections`` of PyPI's ``ansible`` in the bench venv
    (community.crypto, cisco.ios...): a collections path for tools run offline."""
    ensure_bench_venv()
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return VENV / "lib" / python / "site-packages"


def venv_bin() -> Path:
    """The project's own .venv (ansible-core only): where the scaling bench runs ours."""
    return Path(sys.executable).parent
