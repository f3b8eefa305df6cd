"""Where each SSH setting comes from, how ssh args and ssh_config are read, and the jump."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    DeviceConnectionError,
    ValidationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.transport.settings import (
    ConnectionSettings,
    check_network_os,
    secrets_in,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.transport.ssh_options import (
    Jump,
    parse_ssh_args,
    split_destination,
)

HOST = {"inventory_hostname": "r1", "ansible_host": "192.0.2.1"}
NO_ENV: dict[str, str] = {}


def _settings(variables=None, context=None, environ=None, **kwargs) -> ConnectionSettings:
    return ConnectionSettings.from_vars(
        {**HOST, **(variables or {})},
        context or {},
        NO_ENV if environ is None else environ,
        **kwargs,
    )


def test_host_variables_come_before_the_command_line_and_the_environment() -> None:
    context = {"remote_user": "cli", "password": "cli-pw", "become_pass": "cli-en", "port": 2022}
    environ = {"ANSIBLE_NET_USERNAME": "env", "ANSIBLE_NET_PASSWORD": "env-pw"}
    settings = _settings(
        {"ansible_user": "inv", "ansible_ssh_pass": "inv-pw", "ansible_become_pass": "inv-en"},
        context,
        environ,
    )
    assert (settings.username, settings.password, settings.enable_secret) == (
        "inv",
        "inv-pw",
        "inv-en",
    )
    assert settings.port == 2022


def test_command_line_fills_what_the_inventory_leaves_out() -> None:
    context = {"remote_user": "cli", "password": "cli-pw", "become_pass": "cli-en"}
    settings = _settings({}, context, {"ANSIBLE_NET_PASSWORD": "env-pw"})
    assert (settings.username, settings.password, settings.enable_secret) == (
        "cli",
        "cli-pw",
        "cli-en",
    )


def test_network_credential_environment() -> None:
    environ = {
        "ANSIBLE_NET_USERNAME": "env",
        "ANSIBLE_NET_PASSWORD": "env-pw",
        "ANSIBLE_NET_SSH_KEYFILE": "/keys/id",
        "ANSIBLE_NET_AUTHORIZE": "1",
        "ANSIBLE_NET_AUTH_PASS": "env-en",
    }
    settings = _settings(environ=environ)
    assert (settings.username, settings.password, settings.key_file) == (
        "env",
        "env-pw",
        "/keys/id",
    )
    assert settings.enable_secret == "env-en"
    not_authorized = _settings(environ={**environ, "ANSIBLE_NET_AUTHORIZE": "0"})
    assert not_authorized.enable_secret is None


def test_missing_credentials_fail_clearly_unless_an_agent_runs() -> None:
    with pytest.raises(DeviceConnectionError, match="set ansible_user"):
        _settings()
    with pytest.raises(DeviceConnectionError, match="ansible_password .*SSH agent"):
        _settings({"ansible_user": "u"})
    assert _settings({"ansible_user": "u"}, environ={"SSH_AUTH_SOCK": "/a"}).allow_agent


def test_secrets_are_collected_from_every_source() -> None:
    found = secrets_in(
        {"ansible_become_pass": "a", "netpki_private_key_passphrase": "b"},
        {"password": "c", "become_pass": None},
        {"ANSIBLE_NET_AUTH_PASS": "d"},
    )
    assert sorted(found) == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("variables", "checking"),
    [
        ({}, True),
        ({"ansible_host_key_checking": False}, False),
        ({"ansible_host_key_checking": "no"}, False),
        ({"ansible_ssh_host_key_checking": "false"}, False),
        ({"ansible_ssh_common_args": "-o StrictHostKeyChecking=no"}, False),
        ({"ansible_ssh_extra_args": "-o 'StrictHostKeyChecking no'"}, False),
        ({"ansible_ssh_common_args": "-o StrictHostKeyChecking=yes"}, True),
        ({"ansible_ssh_common_args": "-o StrictHostKeyChecking=accept-new"}, True),
        (
            {
                "ansible_host_key_checking": True,
                "ansible_ssh_common_args": "-o StrictHostKeyChecking=no",
            },
            True,
        ),
    ],
)
def test_only_explicit_opt_outs_turn_checking_off(variables: dict, checking: bool) -> None:
    settings = _settings({"ansible_user": "u", "ansible_password": "p", **variables})
    assert settings.host_key_checking is checking
    assert bool(settings.checking_off_by) is (not checking)


def test_known_hosts_file_default_and_override() -> None:
    base = {"ansible_user": "u", "ansible_password": "p"}
    assert _settings(base).known_hosts_file == "~/.ssh/known_hosts"
    named = _settings({**base, "netpki_known_hosts_file": "/etc/netpki/known_hosts"})
    assert named.known_hosts_file == "/etc/netpki/known_hosts"
    from_args = _settings({**base, "ansible_ssh_common_args": "-o UserKnownHostsFile=/k"})
    assert from_args.known_hosts_file == "/k"


def test_ssh_args_forms() -> None:
    options = parse_ssh_args(
        "-o ProxyCommand='ssh -W %h:%p -q bastion' -oStrictHostKeyChecking=no",
        "-J first -o ProxyJump=second -o 'User admin'",
    )
    assert options["proxycommand"] == "ssh -W %h:%p -q bastion"
    assert options["stricthostkeychecking"] == "no"
    assert options["proxyjump"] == "first"  # the first value wins, as with OpenSSH
    assert options["user"] == "admin"
    with pytest.raises(ValidationError, match="cannot split"):
        parse_ssh_args("-o 'unterminated")


def test_proxy_jump_becomes_one_strict_ssh_w() -> None:
    jump = Jump.from_options(parse_ssh_args("-J ops@b1:2200,b2"))
    argv = shlex.split(
        jump.proxy_command(
            "10.0.0.1", 22, "admin", checking=True, known_hosts_file="/kh", ssh_config_file=None
        )
    )
    assert argv[0] == "ssh" and "BatchMode=yes" in argv and "StrictHostKeyChecking=yes" in argv
    assert "UserKnownHostsFile=/kh" in argv
    assert argv[argv.index("-J") + 1] == "ops@b1:2200"
    assert argv[argv.index("-W") + 1] == "10.0.0.1:22"
    assert argv[-1] == "b2"


def test_proxy_command_tokens_and_shell() -> None:
    jump = Jump.from_options({"proxycommand": "nc -X connect -x proxy:8080 %h %p # %r %%"})
    argv = shlex.split(
        jump.proxy_command(
            "r1.lab", 2222, "admin", checking=True, known_hosts_file=None, ssh_config_file=None
        )
    )
    assert argv[:2] == ["/bin/sh", "-c"]
    assert argv[2] == "exec nc -X connect -x proxy:8080 r1.lab 2222 # admin %"
    assert Jump.from_options({"proxycommand": "none"}) is None


@pytest.mark.parametrize(
    ("hop", "parts"),
    [
        ("b1", ("", "b1", "")),
        ("ops@b1:2200", ("ops", "b1", "2200")),
        ("ssh://ops@b1:2200", ("ops", "b1", "2200")),
        ("[2001:db8::1]:22", ("", "2001:db8::1", "22")),
    ],
)
def test_jump_destinations(hop: str, parts: tuple) -> None:
    assert split_destination(hop) == parts


def test_ssh_config_file_gives_the_router_entry(tmp_path: Path) -> None:
    config = tmp_path / "ssh_config"
    config.write_text(
        "Host r1\n  HostName 10.9.9.9\n  Port 2201\n  User ops\n  IdentityFile /k/id\n"
        "  ProxyJump jump.lab\n"
    )
    # as OpenSSH does with ``ssh 192.0.2.1``, the entry is the one of the address connected to
    config.write_text(config.read_text().replace("Host r1", "Host 192.0.2.1"))
    settings = _settings(
        {"ansible_password": "p", "netpki_ssh_config_file": str(config)}, environ=NO_ENV
    )
    assert (settings.host, settings.port, settings.username) == ("10.9.9.9", 2201, "ops")
    assert settings.key_file == "/k/id"
    argv = shlex.split(settings.proxy_command or "")
    assert argv[argv.index("-F") + 1] == str(config) and argv[-1] == "jump.lab"


@pytest.mark.parametrize("value", ["arista.eos.eos", "cisco.nxos.nxos", "eos", "IOSXR"])
def test_network_os_that_is_not_ios_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="ansible_network_os"):
        check_network_os({"ansible_network_os": value, "inventory_hostname": "r1"})


@pytest.mark.parametrize("value", [None, "", "cisco.ios.ios", "ios", "IOS"])
def test_network_os_of_ios_passes(value) -> None:
    check_network_os({"ansible_network_os": value})


def test_proxy_jump_with_checking_off_writes_no_known_hosts_file() -> None:
    jump = Jump.from_options({"proxyjump": "b1"})
    argv = shlex.split(
        jump.proxy_command(
            "10.0.0.1", 22, "admin", checking=False, known_hosts_file="/kh", ssh_config_file=None
        )
    )
    assert "StrictHostKeyChecking=no" in argv and "UserKnownHostsFile=/dev/null" in argv
    assert "UserKnownHostsFile=/kh" not in argv
