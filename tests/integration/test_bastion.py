"""A router behind a bastion: a real OpenSSH server (``/usr/sbin/sshd``) as the jump host in
front of mockios, with host keys checked on both hops.

The jump host's own log shows the forward to the router's port, so each test proves the
session went through it. Under ``CI=true`` a missing sshd fails the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from device_helpers import LogWindow, run_tasks, write_inventory
from mockios_proc import MockiosRun, start_mockios
from ssh_tools import JumpHost, jump_host, keypair, ssh_agent

GATHER = [{"name": "gather", "netpki.ios.pki_info": {"gather": ["keys"]}}]


@dataclass
class Lab:
    router: MockiosRun
    jump: JumpHost
    key: Path
    known_hosts: Path  # the router's and the jump host's keys
    agent: dict[str, str]
    tmp: Path

    def forwarded(self) -> bool:
        log = (self.tmp / "sshd" / "sshd.log").read_text()
        return f"target 127.0.0.1 port {self.router.device.port}" in log

    def inventory(self, **host_vars) -> Path:
        return write_inventory(
            self.tmp / "inventory.yml",
            self.router.devices,
            netpki_known_hosts_file=str(self.known_hosts),
            **host_vars,
        )


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    key = keypair(tmp_path / "keys")
    with (
        jump_host(tmp_path / "sshd", key) as jump,
        start_mockios(tmp_path / "mockios") as router,
        ssh_agent(tmp_path, key) as agent,
    ):
        known_hosts = tmp_path / "known_hosts"
        known_hosts.write_text(router.device.known_hosts.read_text() + jump.host_key_line + "\n")
        yield Lab(router, jump, key, known_hosts, agent, tmp_path)


@pytest.mark.parametrize(
    "args",
    ["-J {jump}", "-o ProxyJump={jump}", "-o 'ProxyJump {jump}'"],
    ids=["-J", "-o ProxyJump=", "-o 'ProxyJump '"],
)
def test_proxy_jump_in_ssh_common_args(lab: Lab, args: str) -> None:
    inventory = lab.inventory(ansible_ssh_common_args=args.format(jump=lab.jump.destination))
    run = run_tasks(lab.tmp, inventory, GATHER, env=lab.agent)
    assert run.rc == 0, run.output
    assert lab.forwarded()
    assert not run.result("gather").get("warnings")


def test_proxy_jump_in_ssh_extra_args(lab: Lab) -> None:
    inventory = lab.inventory(ansible_ssh_extra_args=f"-J {lab.jump.destination}")
    run = run_tasks(lab.tmp, inventory, GATHER, env=lab.agent)
    assert run.rc == 0, run.output
    assert lab.forwarded()


def test_proxy_command(lab: Lab) -> None:
    command = (
        f"ssh -o BatchMode=yes -o UserKnownHostsFile={lab.known_hosts} -i {lab.key} "
        f"-p {lab.jump.port} -W %h:%p {lab.jump.user}@{lab.jump.host}"
    )
    inventory = lab.inventory(ansible_ssh_common_args=f'-o ProxyCommand="{command}"')
    run = run_tasks(lab.tmp, inventory, GATHER, env={"SSH_AUTH_SOCK": ""})
    assert run.rc == 0, run.output
    assert lab.forwarded()


def test_ssh_config_file_names_the_jump(lab: Lab) -> None:
    config = lab.tmp / "ssh_config"
    config.write_text(
        f"Host bastion\n  HostName {lab.jump.host}\n  Port {lab.jump.port}\n"
        f"  User {lab.jump.user}\n  IdentityFile {lab.key}\n  IdentitiesOnly yes\n"
        f"Host {lab.router.device.host}\n  ProxyJump bastion\n"
    )
    inventory = lab.inventory(netpki_ssh_config_file=str(config))
    run = run_tasks(lab.tmp, inventory, GATHER, env={"SSH_AUTH_SOCK": ""})
    assert run.rc == 0, run.output
    assert lab.forwarded()


def test_unknown_jump_host_key_fails_and_the_router_sees_nothing(lab: Lab) -> None:
    lab.known_hosts.write_text(lab.router.device.known_hosts.read_text())  # no jump host key
    inventory = lab.inventory(ansible_ssh_common_args=f"-J {lab.jump.destination}")
    window = LogWindow(lab.router.device)
    run = run_tasks(lab.tmp, inventory, GATHER, env=lab.agent)
    assert run.rc != 0
    message = run.result("gather")["msg"]
    assert "Host key verification failed" in message and "proxy command" in message, message
    assert window.entries == [] and not lab.forwarded()


def test_changed_router_key_behind_the_jump_fails_naming_it(lab: Lab) -> None:
    import asyncssh

    stale = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").split()
    device = lab.router.device
    lab.known_hosts.write_text(
        f"[{device.host}]:{device.port} {stale[0].decode()} {stale[1].decode()}\n"
        + lab.jump.host_key_line
        + "\n"
    )
    inventory = lab.inventory(ansible_ssh_common_args=f"-J {lab.jump.destination}")
    window = LogWindow(device)
    run = run_tasks(lab.tmp, inventory, GATHER, env=lab.agent)
    assert run.rc != 0
    assert "has CHANGED" in run.result("gather")["msg"]
    assert window.entries == [] and lab.forwarded()


def test_proxy_jump_from_the_command_line(lab: Lab) -> None:
    """``--ssh-common-args``, as the ssh connection plugin reads it (also env and ansible.cfg)."""
    run = run_tasks(
        lab.tmp,
        lab.inventory(),
        GATHER,
        env=lab.agent,
        args=[f"--ssh-common-args=-J {lab.jump.destination}"],
    )
    assert run.rc == 0, run.output
    assert lab.forwarded()
