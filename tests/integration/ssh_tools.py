"""Real OpenSSH parts for connection tests, each started by the test and stopped after.

- ``require_tool`` (tests/system_tools.py): a missing tool fails under ``CI=true`` and skips
  locally, naming the apt package to install.
- ``keypair``: an ed25519 key made by ``ssh-keygen`` (optionally with a passphrase).
- ``ssh_agent``: a real ``ssh-agent`` in the foreground on a socket in tmp, holding given keys.
- ``jump_host``: a real ``/usr/sbin/sshd`` on a loopback port with its own sshd_config, host
  key and authorized_keys in tmp (``-D -e``), as a bastion that only forwards TCP.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mockios_proc import stop_process
from system_tools import require_tool

SSHD = "/usr/sbin/sshd"
START_TIMEOUT = 20.0


def keypair(folder: Path, name: str = "id_ed25519", passphrase: str = "") -> Path:
    """The private key's path; the public key is beside it with ``.pub``."""
    require_tool("ssh-keygen", "openssh-client")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", str(path)],
        check=True,
        timeout=30,
    )
    return path


@contextlib.contextmanager
def ssh_agent(folder: Path, *keys: Path) -> Iterator[dict[str, str]]:
    """Yields the environment that points at the agent (``SSH_AUTH_SOCK``)."""
    require_tool("ssh-agent", "openssh-client")
    socket_path = folder / "agent.sock"
    process = subprocess.Popen(
        ["ssh-agent", "-D", "-a", str(socket_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        env = {"SSH_AUTH_SOCK": str(socket_path)}
        # The socket file appears at bind(), before the agent listens: ask it until it answers
        # (ssh-add -l exits 2 while nothing listens, 1 or 0 once the agent does).
        while not _agent_answers(env):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("ssh-agent did not start")
            time.sleep(0.05)
        for key in keys:
            subprocess.run(
                ["ssh-add", str(key)],
                env={**os.environ, **env},
                check=True,
                capture_output=True,
                timeout=30,
            )
        yield env
    finally:
        stop_process(process)


def _agent_answers(env: dict[str, str]) -> bool:
    listing = subprocess.run(
        ["ssh-add", "-l"], env={**os.environ, **env}, capture_output=True, timeout=30
    )
    return listing.returncode != 2


@dataclass
class JumpHost:
    host: str
    port: int
    user: str
    host_key_line: str  # the jump host's entry for a known_hosts file

    @property
    def destination(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"


@contextlib.contextmanager
def jump_host(folder: Path, client_key: Path) -> Iterator[JumpHost]:
    """A real sshd on 127.0.0.1 that lets ``client_key`` in and forwards TCP (ProxyJump)."""
    require_tool(SSHD, "openssh-server")
    folder.mkdir(parents=True, exist_ok=True)
    host_key = folder / "ssh_host_ed25519_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)],
        check=True,
        timeout=30,
    )
    authorized = folder / "authorized_keys"
    authorized.write_text(client_key.with_suffix(".pub").read_text())
    port = _free_port()
    user = getpass.getuser()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"PidFile {folder / 'sshd.pid'}",
                f"AuthorizedKeysFile {authorized}",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                f"AllowUsers {user}",
                "AllowTcpForwarding yes",
                "PermitTTY no",
                "X11Forwarding no",
                "LogLevel DEBUG1",  # logs each forward (direct-tcpip) with its target
                "",
            ]
        )
    )
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation dir
    log = folder / "sshd.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [SSHD, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        _wait_listening(process, log, port)
        public = host_key.with_suffix(".pub").read_text().split()
        yield JumpHost("127.0.0.1", port, user, f"[127.0.0.1]:{port} {public[0]} {public[1]}")
    finally:
        stop_process(process)


def _wait_listening(process: subprocess.Popen, log: Path, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if f"Server listening on 127.0.0.1 port {port}" in log.read_text():
            return
        if process.poll() is not None:
            break
        time.sleep(0.05)
    stop_process(process)
    raise RuntimeError(f"sshd did not start: {log.read_text()[-2000:]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
