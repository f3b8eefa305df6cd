"""The collection stands alone: the Galaxy tarball and requirements.txt are all a user needs.

The tarball ``ansible-galaxy collection build`` makes is installed with ``--no-deps`` into an
empty collections path, and a shipped playbook runs from there, by its collection name,
against mockios: no repository checkout, no ansible.cfg, no mockios on the playbook's side.
The Ansible side is the bench venv (bench/kit/benchvenv.py): PyPI's ``ansible`` package,
which bundles community.crypto (Galaxy itself cannot be reached here), and
``pip install -r requirements.txt``. The terminal enrollment's CSR is signed by the default
signing step, community.crypto's ``x509_certificate_pipe`` with ``provider: ownca``, holding
the lab CA's certificate and key files as a user holds their own CA's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from device_helpers import device_show, write_inventory
from mockios_proc import start_mockios

from mockios.pki.lab_ca import LabCA
from mockios.pki.lab_url import lab_ca_dir

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.kit.benchvenv import ensure_bench_venv  # noqa: E402

GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text())
TARBALL = f"{GALAXY['namespace']}-{GALAXY['name']}-{GALAXY['version']}.tar.gz"


def _run(command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 300):
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(bin dir, environment) of an Ansible that sees only the installed tarball."""
    bin_dir = ensure_bench_venv()
    work = tmp_path_factory.mktemp("galaxy")
    collections = work / "collections"
    collections.mkdir()
    # Nothing of the repository: no ansible.cfg, no build/collections link, cwd elsewhere.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env |= {"ANSIBLE_COLLECTIONS_PATH": str(collections), "ANSIBLE_NOCOLOR": "1"}
    env |= {"ANSIBLE_LOCAL_TEMP": str(work / "tmp"), "ANSIBLE_HOME": str(work / "home")}
    built = _run(
        [bin_dir / "ansible-galaxy", "collection", "build", REPO, "--output-path", work],
        work,
        env,
    )
    assert built.returncode == 0, built.stdout
    done = _run(
        [bin_dir / "ansible-galaxy", "collection", "install", "--no-deps", work / TARBALL]
        + ["--collections-path", collections],
        work,
        env,
    )
    assert done.returncode == 0, done.stdout
    listed = _run([bin_dir / "ansible-galaxy", "collection", "list", "netpki.ios"], work, env)
    assert str(collections / "ansible_collections") in listed.stdout, listed.stdout
    assert "community.crypto" not in os.listdir(collections / "ansible_collections")
    return bin_dir, env


def test_terminal_enrollment_runs_from_the_installed_tarball_signed_by_ownca(
    installed, tmp_path: Path
) -> None:
    bin_dir, env = installed
    with start_mockios(tmp_path / "mockios") as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        ca_dir = lab_ca_dir(run.state_dir)
        issuing = LabCA(ca_dir).ensure().issuing
        extra = [
            "-e",
            "target=all",
            "-e",
            f"ownca_path={ca_dir / 'issuing.cert.pem'}",
            "-e",
            f"ownca_privatekey_path={ca_dir / 'issuing.key.pem'}",
            "-e",
            f"@{_write(tmp_path / 'ca.yml', issuing.pem)}",
        ]
        command = [bin_dir / "ansible-playbook", "-i", inventory, "netpki.ios.enroll_terminal"]
        done = _run(command + extra, tmp_path, env)
        assert done.returncode == 0, done.stdout[-4000:]
        assert "Sign the request with your own CA (community.crypto, provider ownca)" in done.stdout
        certificates = device_show(run.device, "show crypto pki certificates NETPKI-TERM")
        assert "Status: Available" in certificates
        assert "cn=netpki Lab Issuing CA" in certificates
        assert f"cn={run.device.name}" in certificates


def test_shipped_playbooks_require_the_ca_pin(installed, tmp_path: Path) -> None:
    """No lab default: without the CA's pin the playbook stops before contacting a router."""
    bin_dir, env = installed
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"R1": {"ansible_host": "192.0.2.1"}}}}))
    for playbook, message in [
        ("netpki.ios.enroll_scep", "scep_url (your CA's SCEP URL) and ca_fingerprint"),
        ("netpki.ios.enroll_terminal", "ca_certificate_pem is required"),
    ]:
        command = [bin_dir / "ansible-playbook", "-i", inventory, playbook, "-e", "target=all"]
        done = _run(command, tmp_path, env, timeout=120)
        assert done.returncode != 0, done.stdout
        assert message in done.stdout, done.stdout[-3000:]
        assert "RSA key pair" not in done.stdout  # stopped at the first task


def _write(path: Path, pem: str) -> Path:
    """A vars file holding the CA certificate, as ``-e @file`` takes it."""
    path.write_text(yaml.safe_dump({"ca_certificate_pem": pem}))
    return path
