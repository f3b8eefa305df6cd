"""Run a playbook as AWX runs it: through ansible-runner, the library AWX uses, with the
credentials given the way AWX gives them.

- A machine credential with "prompt on launch" passwords: ``--ask-pass --ask-become-pass`` on
  the command line, answered by runner's ``passwords`` map with AWX's own prompt patterns.
- A network credential: the ``ANSIBLE_NET_*`` environment variables AWX injects.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import ansible_runner
import pytest
import yaml
from ansible_run import BIN, REPO
from device_helpers import LogWindow, play, write_inventory
from mockios_proc import MockiosRun, start_mockios
from ssh_tools import keypair

PASSWORD = "Awx-Conn-5q"
SECRET = "Awx-Enable-8w"
GATHER = [{"name": "gather", "netpki.ios.pki_info": {"gather": ["keys"]}, "register": "facts"}]
# The prompt patterns AWX puts in its runner ``passwords`` map for a machine credential.
AWX_PROMPTS = {"ssh": r"SSH password:\s*?$", "become": r"BECOME password.*:\s*?$"}


@pytest.fixture
def router(tmp_path: Path) -> Iterator[MockiosRun]:
    key = keypair(tmp_path / "keys")
    authorized = ["--authorized-keys", str(key.with_suffix(".pub"))]
    with start_mockios(
        tmp_path / "mockios", password=PASSWORD, secret=SECRET, extra_args=authorized
    ) as run:
        run.extra["key"] = key
        yield run


def _run(tmp_path: Path, router: MockiosRun, **options) -> ansible_runner.Runner:
    private = tmp_path / "runner"
    (private / "project").mkdir(parents=True)
    (private / "inventory").mkdir()
    (private / "project" / "play.yml").write_text(yaml.safe_dump([play(GATHER)]))
    write_inventory(
        private / "inventory" / "hosts.yml",
        router.devices,
        ansible_user=None,
        ansible_password=None,
        ansible_become_password=None,
    )
    envvars = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / "build" / "collections"),
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "SSH_AUTH_SOCK": "",
        **options.pop("envvars", {}),
    }
    return ansible_runner.run(
        private_data_dir=str(private),
        playbook="play.yml",
        envvars=envvars,
        quiet=True,
        timeout=300,
        **options,
    )


def _assert_gathered(runner: ansible_runner.Runner, router: MockiosRun) -> str:
    stdout = runner.stdout.read()
    assert runner.status == "successful" and runner.rc == 0, stdout
    assert router.device.name in runner.stats["ok"], runner.stats
    results = [
        e["event_data"]["res"]
        for e in runner.events
        if e.get("event") == "runner_on_ok" and e["event_data"].get("task") == "gather"
    ]
    assert len(results) == 1 and results[0]["keys"] is not None
    return stdout


def test_prompted_passwords_answered_by_the_passwords_map(tmp_path: Path, router) -> None:
    window = LogWindow(router.device)
    runner = _run(
        tmp_path,
        router,
        cmdline=f"--ask-pass --ask-become-pass -u {router.device.username}",
        passwords={AWX_PROMPTS["ssh"]: PASSWORD, AWX_PROMPTS["become"]: SECRET},
    )
    stdout = _assert_gathered(runner, router)
    assert window.sessions == 1
    assert PASSWORD not in stdout and SECRET not in stdout


def test_network_credential_environment(tmp_path: Path, router) -> None:
    window = LogWindow(router.device)
    runner = _run(
        tmp_path,
        router,
        envvars={
            "ANSIBLE_NET_USERNAME": router.device.username,
            "ANSIBLE_NET_PASSWORD": PASSWORD,
            "ANSIBLE_NET_AUTHORIZE": "1",
            "ANSIBLE_NET_AUTH_PASS": SECRET,
        },
    )
    stdout = _assert_gathered(runner, router)
    assert window.sessions == 1
    assert PASSWORD not in stdout and SECRET not in stdout


def test_network_credential_with_an_ssh_key(tmp_path: Path, router) -> None:
    """AWX writes the credential's key to a file and names it in ANSIBLE_NET_SSH_KEYFILE."""
    runner = _run(
        tmp_path,
        router,
        envvars={
            "ANSIBLE_NET_USERNAME": router.device.username,
            "ANSIBLE_NET_SSH_KEYFILE": str(router.extra["key"]),
            "ANSIBLE_NET_AUTHORIZE": "1",
            "ANSIBLE_NET_AUTH_PASS": SECRET,
        },
    )
    assert SECRET not in _assert_gathered(runner, router)
