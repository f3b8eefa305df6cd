"""OpenSSH options as Ansible users write them: ``ansible_ssh_common_args`` /
``ansible_ssh_extra_args`` (``-o Key=Value``, ``-oKey=Value``, ``-o "Key Value"``, ``-J``), and
an ssh_config file read with ``paramiko.SSHConfig``.

Only what reaching the router needs is read: the jump (``ProxyCommand``, ``ProxyJump``), the
host-key settings (``StrictHostKeyChecking``, ``UserKnownHostsFile``), and from ssh_config the
``HostName``, ``Port``, ``User`` and ``IdentityFile`` of the router's entry. As with OpenSSH,
the first value given wins, and the command line comes before the file.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import ValidationError

# Values of StrictHostKeyChecking that turn checking off (OpenSSH's "no" and its synonym).
_CHECKING_OFF = frozenset({"no", "off", "false"})


def parse_ssh_args(*arg_strings: str | None, source: str = "ssh args") -> dict[str, str]:
    """``-o`` options and ``-J`` from ssh command-line strings, keys lower-cased, first wins."""
    options: dict[str, str] = {}
    for text in arg_strings:
        if not text:
            continue
        try:
            words = shlex.split(str(text))
        except ValueError as exc:
            raise ValidationError(f"{source}: cannot split {text!r}: {exc}") from exc
        for key, value in _pairs(words):
            options.setdefault(key.lower(), value)
    return options


def _pairs(words: list[str]) -> Iterable[tuple[str, str]]:
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word in ("-o", "-J") and index < len(words):
            value = words[index]
            index += 1
        elif word.startswith(("-o", "-J")) and len(word) > 2:
            value = word[2:]
        else:
            continue  # other ssh flags say nothing about how to reach the router
        if word.startswith("-J"):
            yield "proxyjump", value
        else:
            key, _sep, rest = value.replace("=", " ", 1).partition(" ")
            yield key, rest.strip()


def read_ssh_config(path: str, host: str) -> dict[str, str]:
    """The options of ``host``'s entry in an ssh_config file (keys lower-cased)."""
    from ..deps import require

    paramiko = require("paramiko")
    full = os.path.expanduser(path)
    try:
        config = paramiko.SSHConfig.from_path(full)
    except OSError as exc:
        raise ValidationError(f"netpki_ssh_config_file: cannot read {full}: {exc}") from exc
    found = config.lookup(host)
    return {k: (v[0] if isinstance(v, list) else str(v)) for k, v in found.items()}


def checking_turned_off(options: Mapping[str, str]) -> bool:
    return options.get("stricthostkeychecking", "").strip().lower() in _CHECKING_OFF


@dataclass(frozen=True)
class Jump:
    """How to reach the router: a ProxyCommand line, or ProxyJump hops."""

    command: str = ""
    hops: tuple[str, ...] = ()

    @classmethod
    def from_options(cls, options: Mapping[str, str]) -> Jump | None:
        command = options.get("proxycommand", "").strip()
        if command and command.lower() != "none":
            return cls(command=command)
        hops = options.get("proxyjump", "").strip()
        if hops and hops.lower() != "none":
            return cls(hops=tuple(h.strip() for h in hops.split(",") if h.strip()))
        return None

    def proxy_command(
        self,
        host: str,
        port: int,
        user: str,
        *,
        checking: bool,
        known_hosts_file: str | None,
        ssh_config_file: str | None,
    ) -> str:
        """The command line whose stdin/stdout carry the SSH session to ``host:port``.

        A ProxyCommand runs through the shell, as OpenSSH runs it. ProxyJump hops become one
        ``ssh -W``, which checks the jump hosts' keys as strictly as the router's (and against
        the same known_hosts file when one is named), and never prompts.
        """
        if self.command:
            line = _expand_tokens(self.command, host, port, user)
            return shlex.join(["/bin/sh", "-c", "exec " + line])
        argv = ["ssh", "-o", "BatchMode=yes"]
        argv += ["-o", f"StrictHostKeyChecking={'yes' if checking else 'no'}"]
        if not checking:  # an opt-out never adds keys to the user's file
            argv += ["-o", "UserKnownHostsFile=/dev/null"]
        elif known_hosts_file:
            argv += ["-o", f"UserKnownHostsFile={known_hosts_file}"]
        if ssh_config_file:
            argv += ["-F", os.path.expanduser(ssh_config_file)]
        if len(self.hops) > 1:
            argv += ["-J", ",".join(self.hops[:-1])]
        last_user, last_host, last_port = split_destination(self.hops[-1])
        argv += ["-W", f"{_bracketed(host)}:{port}"]
        if last_port:
            argv += ["-p", last_port]
        if last_user:
            argv += ["-l", last_user]
        argv.append(last_host)
        return shlex.join(argv)


def split_destination(hop: str) -> tuple[str, str, str]:
    """``[user@]host[:port]`` (or ``ssh://user@host:port``) into user, host, port."""
    hop = hop.removeprefix("ssh://")
    user, _sep, rest = hop.rpartition("@")
    if rest.startswith("["):  # [IPv6]:port
        host, _sep, port = rest[1:].partition("]")
        port = port.removeprefix(":")
    elif rest.count(":") == 1:
        host, _sep, port = rest.partition(":")
    else:
        host, port = rest, ""
    if not host or (port and not port.isdigit()):
        raise ValidationError(f"ProxyJump: cannot read the jump host {hop!r}")
    return user, host, port


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _expand_tokens(command: str, host: str, port: int, user: str) -> str:
    # The tokens OpenSSH expands in ProxyCommand that make sense here.
    values = {"h": host, "p": str(port), "r": user, "n": host, "%": "%"}
    out, index = [], 0
    while index < len(command):
        char = command[index]
        if char == "%" and index + 1 < len(command) and command[index + 1] in values:
            out.append(values[command[index + 1]])
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)
