"""Where a task's SSH settings come from, read the way Ansible passes them.

Each setting is taken from the first source that has it:

1. the host's variables (``ansible_password``, ``ansible_become_pass``, ...), templated;
2. the play context / connection options: what ``-u``, ``-k``, ``-K``, ``--private-key``,
   ``--connection-password-file`` and ``--become-password-file`` gave;
3. the environment variables of AWX's network credential type (``ANSIBLE_NET_USERNAME``,
   ``ANSIBLE_NET_PASSWORD``, ``ANSIBLE_NET_SSH_KEYFILE``, ``ANSIBLE_NET_AUTHORIZE`` /
   ``ANSIBLE_NET_AUTH_PASS``);
4. the router's entry in ``netpki_ssh_config_file`` (``User``, ``Port``, ``IdentityFile``).

Host keys are checked unless the host opts out explicitly: ``ansible_host_key_checking: false``
or ``StrictHostKeyChecking=no`` in ``ansible_ssh_common_args`` / ``ansible_ssh_extra_args``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import DeviceConnectionError, ValidationError
from .host_keys import DEFAULT_KNOWN_HOSTS
from .ssh_options import Jump, checking_turned_off, parse_ssh_args, read_ssh_config

# The host variables read (templated by the action base), in order of preference per setting.
HOST_VARS = {
    "user": ("ansible_user", "ansible_ssh_user"),
    "password": ("ansible_password", "ansible_ssh_pass", "ansible_ssh_password"),
    "key_file": ("ansible_private_key_file", "ansible_ssh_private_key_file"),
    "become_pass": ("ansible_become_password", "ansible_become_pass"),
    "port": ("ansible_port", "ansible_ssh_port"),
    "host_key_checking": ("ansible_host_key_checking", "ansible_ssh_host_key_checking"),
}
OTHER_VARS = (
    "ansible_host",
    "inventory_hostname",
    "ansible_command_timeout",
    "ansible_network_os",
    "ansible_ssh_common_args",
    "ansible_ssh_extra_args",
    "netpki_known_hosts_file",
    "netpki_ssh_config_file",
    "netpki_private_key_passphrase",
)
CONNECTION_VARS = tuple(n for names in HOST_VARS.values() for n in names) + OTHER_VARS
# Play-context attributes (or connection options of the same name) per setting.
CONTEXT_ATTRS = {
    "user": "remote_user",
    "password": "password",
    "key_file": "private_key_file",
    "become_pass": "become_pass",
    "port": "port",
}
SECRET_VARS = (
    *HOST_VARS["password"],
    *HOST_VARS["become_pass"],
    "netpki_private_key_passphrase",
)
SECRET_ENV = ("ANSIBLE_NET_PASSWORD", "ANSIBLE_NET_AUTH_PASS")

# ansible_network_os values that name IOS / IOS-XE (cisco.ios serves both).
NETWORK_OS = ("cisco.ios.ios", "ios")


@dataclass(frozen=True)
class ConnectionSettings:
    """What netmiko needs to reach one router."""

    host: str
    username: str
    port: int = 22
    password: str | None = field(default=None, repr=False)
    key_file: str | None = None
    key_passphrase: str | None = field(default=None, repr=False)
    enable_secret: str | None = field(default=None, repr=False)
    command_timeout: float = 30.0
    host_key_checking: bool = True
    checking_off_by: str = ""  # the opt-out that turned checking off, for the warning
    known_hosts_file: str = DEFAULT_KNOWN_HOSTS
    proxy_command: str | None = None
    allow_agent: bool = True  # as with OpenSSH: keys offered by a running agent are tried

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def from_vars(
        cls,
        variables: Mapping[str, Any],
        context: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        ssh_args: tuple[str | None, ...] = (),
    ) -> ConnectionSettings:
        """Build from templated host variables, the play context and the environment.

        ``ssh_args`` are ssh argument strings from outside the host's variables (Ansible's
        ``ssh_common_args`` / ``ssh_extra_args`` settings); the host's variables come first.
        A missing credential fails clearly.
        """
        sources = _Sources(variables, context or {}, os.environ if environ is None else environ)
        inventory_host = variables.get("ansible_host") or variables.get("inventory_hostname")
        if not inventory_host:
            raise DeviceConnectionError("missing credential: no ansible_host for this host")
        options = parse_ssh_args(
            variables.get("ansible_ssh_common_args"),
            variables.get("ansible_ssh_extra_args"),
            *ssh_args,
            source="ansible_ssh_common_args / ansible_ssh_extra_args",
        )
        config_file = _optional_str(variables.get("netpki_ssh_config_file"))
        config = read_ssh_config(config_file, str(inventory_host)) if config_file else {}
        host = config.get("hostname") or str(inventory_host)
        user = sources.first("user", env="ANSIBLE_NET_USERNAME") or config.get("user")
        password = sources.first("password", env="ANSIBLE_NET_PASSWORD")
        key_file = sources.first("key_file", env="ANSIBLE_NET_SSH_KEYFILE")
        key_file = key_file or config.get("identityfile")
        port = _port(sources.first("port") or config.get("port") or 22)
        if not user:
            raise DeviceConnectionError(f"missing credential: set ansible_user for {host}")
        agent = bool(sources.environ.get("SSH_AUTH_SOCK"))
        if not password and not key_file and not agent:
            raise DeviceConnectionError(
                f"missing credential: set ansible_password (or ansible_ssh_pass, or -k), "
                f"ansible_private_key_file, or run an SSH agent, for {host}"
            )
        checking, off_by = _host_key_checking(variables, options)
        known_hosts = (
            _optional_str(variables.get("netpki_known_hosts_file"))
            or options.get("userknownhostsfile")
            or DEFAULT_KNOWN_HOSTS
        )
        jump = Jump.from_options(options) or Jump.from_options(config)
        proxy = None
        if jump is not None:
            proxy = jump.proxy_command(
                host,
                port,
                str(user),
                checking=checking,
                known_hosts_file=_optional_str(variables.get("netpki_known_hosts_file")),
                ssh_config_file=config_file,
            )
        return cls(
            host=host,
            username=str(user),
            port=port,
            password=password,
            key_file=os.path.expanduser(key_file) if key_file else None,
            key_passphrase=_optional_str(variables.get("netpki_private_key_passphrase")),
            enable_secret=sources.first("become_pass", env=_enable_env(sources.environ)),
            command_timeout=float(variables.get("ansible_command_timeout") or 30),
            host_key_checking=checking,
            checking_off_by=off_by,
            known_hosts_file=str(known_hosts),
            proxy_command=proxy,
        )


def check_network_os(variables: Mapping[str, Any]) -> None:
    """An inventory that says the host is not IOS / IOS-XE is refused before connecting."""
    value = variables.get("ansible_network_os")
    if value in (None, ""):
        return
    if str(value).strip().lower() not in NETWORK_OS:
        host = variables.get("inventory_hostname", "this host")
        raise ValidationError(
            f"ansible_network_os is {value!r} for {host}: netpki.ios manages Cisco IOS and "
            f"IOS-XE only ({' or '.join(NETWORK_OS)}); nothing was sent"
        )


def secrets_in(
    variables: Mapping[str, Any], context: Mapping[str, Any], environ: Mapping[str, str]
) -> list[str]:
    """Every credential value a task may meet, for masking before anything is read."""
    values = [variables.get(n) for n in SECRET_VARS]
    values += [context.get("password"), context.get("become_pass")]
    values += [environ.get(n) for n in SECRET_ENV]
    return [str(v) for v in values if v not in (None, "")]


class _Sources:
    def __init__(
        self, variables: Mapping[str, Any], context: Mapping[str, Any], environ: Mapping[str, str]
    ) -> None:
        self.variables = variables
        self.context = context
        self.environ = environ

    def first(self, setting: str, env: str | None = None) -> str | None:
        for name in HOST_VARS[setting]:
            value = _optional_str(self.variables.get(name))
            if value is not None:
                return value
        value = _optional_str(self.context.get(CONTEXT_ATTRS[setting]))
        if value is not None:
            return value
        return _optional_str(self.environ.get(env)) if env else None


def _enable_env(environ: Mapping[str, str]) -> str | None:
    # The network credential's "authorize" box: its password is the enable secret only when set.
    return "ANSIBLE_NET_AUTH_PASS" if _as_bool(environ.get("ANSIBLE_NET_AUTHORIZE", "")) else None


def _host_key_checking(
    variables: Mapping[str, Any], options: Mapping[str, str]
) -> tuple[bool, str]:
    for name in HOST_VARS["host_key_checking"]:
        if variables.get(name) not in (None, ""):
            return (True, "") if _as_bool(variables[name]) else (False, f"{name}: false")
    if checking_turned_off(options):
        return False, "StrictHostKeyChecking=no in ansible_ssh_common_args/ansible_ssh_extra_args"
    return True, ""


def _port(value: Any) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"ansible_port: not a port number: {value!r}") from None
    if not 0 < port < 65536:
        raise ValidationError(f"ansible_port: not a port number: {value!r}")
    return port


def _optional_str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
