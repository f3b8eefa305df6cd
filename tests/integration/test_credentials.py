"""Credentials reach the router the way Ansible passes them, over real SSH to mockios.

Inventory variables under each of their names, ``-k``/``-K`` answered at the real prompts
(pexpect), the password files, AWX's network-credential environment, keys from a real
``ssh-agent`` and a key file with a passphrase. Secrets never show in the output. And an
``ansible_network_os`` that is not IOS fails before any session is opened.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from ansible_run import BIN, REPO, write_playbook
from device_helpers import LogWindow, play, run_tasks, write_inventory
from mockios_proc import MockiosRun, start_mockios
from ssh_tools import keypair, ssh_agent

PASSWORD = "Conn-Pass-7x"
SECRET = "Enable-Sec-9y"
PASSPHRASE = "Key-Phrase-3z"
GATHER = [{"name": "gather", "netpki.ios.pki_info": {"gather": ["keys"]}}]
NO_CREDENTIALS = {"ansible_password": None, "ansible_become_password": None}
NO_AGENT = {"SSH_AUTH_SOCK": ""}


@pytest.fixture
def router(tmp_path: Path) -> Iterator[MockiosRun]:
    with start_mockios(tmp_path / "mockios", password=PASSWORD, secret=SECRET) as run:
        yield run


def _assert_ok(run, *secrets: str) -> None:
    assert run.rc == 0, run.output
    assert run.result("gather").get("keys") is not None
    for secret in secrets:
        assert secret not in run.output


@pytest.mark.parametrize(
    "names",
    [
        {"ansible_ssh_pass": PASSWORD, "ansible_become_pass": SECRET},
        {"ansible_password": PASSWORD, "ansible_become_password": SECRET},
    ],
    ids=["ssh_pass+become_pass", "password+become_password"],
)
def test_inventory_variables_under_each_name(tmp_path: Path, router, names: dict) -> None:
    inventory = write_inventory(
        tmp_path / "inventory.yml", router.devices, **{**NO_CREDENTIALS, **names}
    )
    _assert_ok(run_tasks(tmp_path, inventory, GATHER, verbosity=3, env=NO_AGENT))


def test_password_files_from_the_command_line(tmp_path: Path, router) -> None:
    inventory = write_inventory(
        tmp_path / "inventory.yml", router.devices, **NO_CREDENTIALS, ansible_user=None
    )
    (tmp_path / "conn").write_text(PASSWORD + "\n")
    (tmp_path / "become").write_text(SECRET + "\n")
    args = ["-u", router.device.username, "--connection-password-file", str(tmp_path / "conn")]
    args += ["--become-password-file", str(tmp_path / "become")]
    run = run_tasks(tmp_path, inventory, GATHER, verbosity=3, env=NO_AGENT, args=args)
    _assert_ok(run, PASSWORD, SECRET)


def test_ask_pass_and_ask_become_pass_at_the_prompts(tmp_path: Path, router) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", router.devices, **NO_CREDENTIALS)
    playbook = write_playbook(tmp_path / "play.yml", play(GATHER))
    env = {
        **os.environ,
        **NO_AGENT,
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / "build" / "collections"),
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
    }
    child = pexpect.spawn(
        str(BIN / "ansible-playbook"),
        ["-i", str(inventory), str(playbook), "-k", "-K", "-vvv"],
        env=env,
        encoding="utf-8",
        timeout=120,
    )
    child.expect("SSH password:")
    child.sendline(PASSWORD)
    child.expect("BECOME password")
    child.sendline(SECRET)
    child.expect(pexpect.EOF)
    child.close()
    output = child.before
    assert child.exitstatus == 0, output
    assert "ok=1" in output and "failed=0" in output, output
    assert PASSWORD not in output and SECRET not in output


def test_network_credential_environment(tmp_path: Path, router) -> None:
    inventory = write_inventory(
        tmp_path / "inventory.yml", router.devices, **NO_CREDENTIALS, ansible_user=None
    )
    env = {
        **NO_AGENT,
        "ANSIBLE_NET_USERNAME": router.device.username,
        "ANSIBLE_NET_PASSWORD": PASSWORD,
        "ANSIBLE_NET_AUTHORIZE": "1",
        "ANSIBLE_NET_AUTH_PASS": SECRET,
    }
    _assert_ok(run_tasks(tmp_path, inventory, GATHER, verbosity=3, env=env), PASSWORD, SECRET)


def test_network_credential_without_authorize_gives_no_enable_secret(tmp_path: Path, router):
    inventory = write_inventory(
        tmp_path / "inventory.yml", router.devices, **NO_CREDENTIALS, ansible_user=None
    )
    env = {
        **NO_AGENT,
        "ANSIBLE_NET_USERNAME": router.device.username,
        "ANSIBLE_NET_PASSWORD": PASSWORD,
        "ANSIBLE_NET_AUTHORIZE": "0",
        "ANSIBLE_NET_AUTH_PASS": SECRET,
    }
    run = run_tasks(tmp_path, inventory, GATHER, env=env)
    assert run.rc != 0
    assert "set ansible_become_password" in run.result("gather")["msg"]


def test_keys_from_a_running_ssh_agent(tmp_path: Path) -> None:
    key = keypair(tmp_path / "keys")
    authorized = ["--authorized-keys", str(key.with_suffix(".pub"))]
    with (
        start_mockios(tmp_path / "mockios", secret=SECRET, extra_args=authorized) as run,
        ssh_agent(tmp_path, key) as agent,
    ):
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices, ansible_password=None)
        _assert_ok(run_tasks(tmp_path, inventory, GATHER, env=agent))
        without = run_tasks(tmp_path, inventory, GATHER, env=NO_AGENT)
        assert without.rc != 0
        assert "missing credential" in without.result("gather")["msg"]


def test_key_file_with_a_passphrase(tmp_path: Path) -> None:
    key = keypair(tmp_path / "keys", passphrase=PASSPHRASE)
    authorized = ["--authorized-keys", str(key.with_suffix(".pub"))]
    with start_mockios(tmp_path / "mockios", secret=SECRET, extra_args=authorized) as run:
        keyed = {"ansible_password": None, "ansible_private_key_file": str(key)}
        inventory = write_inventory(
            tmp_path / "inventory.yml",
            run.devices,
            **keyed,
            netpki_private_key_passphrase=PASSPHRASE,
        )
        _assert_ok(run_tasks(tmp_path, inventory, GATHER, verbosity=3, env=NO_AGENT), PASSPHRASE)
        wrong = write_inventory(
            tmp_path / "wrong.yml", run.devices, **keyed, netpki_private_key_passphrase="Nope-1"
        )
        window = LogWindow(run.device)
        failed = run_tasks(tmp_path, wrong, GATHER, verbosity=3, env=NO_AGENT)
        assert failed.rc != 0
        assert "netpki_private_key_passphrase" in failed.result("gather")["msg"]
        assert "Nope-1" not in failed.output and window.sessions == 0
        missing = write_inventory(tmp_path / "missing.yml", run.devices, **keyed)
        failed = run_tasks(tmp_path, missing, GATHER, env=NO_AGENT)
        assert "protected by a passphrase" in failed.result("gather")["msg"]
        assert window.entries == []  # refused before the router was contacted


@pytest.mark.parametrize("network_os", ["arista.eos.eos", "cisco.nxos.nxos", "junos"])
def test_network_os_other_than_ios_fails_before_connecting(
    tmp_path: Path, router, network_os: str
) -> None:
    inventory = write_inventory(
        tmp_path / "inventory.yml", router.devices, ansible_network_os=network_os
    )
    window = LogWindow(router.device)
    run = run_tasks(tmp_path, inventory, GATHER)
    assert run.rc != 0
    message = run.result("gather")["msg"]
    assert "ansible_network_os" in message and network_os in message, message
    assert window.entries == []


@pytest.mark.parametrize("network_os", ["cisco.ios.ios", "ios"])
def test_network_os_of_ios_is_accepted(tmp_path: Path, router, network_os: str):
    inventory = write_inventory(
        tmp_path / "inventory.yml", router.devices, ansible_network_os=network_os
    )
    _assert_ok(run_tasks(tmp_path, inventory, GATHER))


def test_password_login_with_an_agent_holding_other_keys(tmp_path: Path, router) -> None:
    """paramiko offers the agent's keys first; a router that refuses them takes the password."""
    key = keypair(tmp_path / "keys")
    inventory = write_inventory(tmp_path / "inventory.yml", router.devices)
    with ssh_agent(tmp_path, key) as agent:
        _assert_ok(run_tasks(tmp_path, inventory, GATHER, env=agent), PASSWORD, SECRET)
