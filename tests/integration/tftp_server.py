"""A real TFTP server (tftpd-hpa's in.tftpd) on loopback for the routers' `tftp:` reads
(and, with `create=True`, their writes of new files, as a file enrollment's `PATH.req`).

mockios talks to the port in `$MOCKIOS_TFTP_PORT` instead of 69; the fixture that uses this
sets it before mockios starts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from system_tools import require_tool, unavailable

IN_TFTPD = shutil.which("in.tftpd") or "/usr/sbin/in.tftpd"
START_SECONDS = 5.0


@dataclass(frozen=True)
class TftpServer:
    root: Path
    port: int
    host: str = "127.0.0.1"


def require_tftpd() -> None:
    """Fail on CI, skip elsewhere, when tftpd-hpa is missing or cannot run here."""
    require_tool(IN_TFTPD, "tftpd-hpa")
    if os.geteuid() != 0:
        unavailable("in.tftpd --secure needs root to chroot into the served folder")


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    """Whether the server replies to a read request (an error for a missing file will do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        sock.sendto(b"\x00\x01probe-missing\x00octet\x00", ("127.0.0.1", port))
        try:
            sock.recvfrom(600)
        except OSError:
            return False
    return True


@contextmanager
def start_tftpd(root: Path, create: bool = False) -> Iterator[TftpServer]:
    require_tftpd()
    root.mkdir(parents=True, exist_ok=True)
    port = _free_udp_port()
    command = [IN_TFTPD, "--foreground", "--address", f"127.0.0.1:{port}"]
    command += ["--secure", "--user", "root", *(["--create"] if create else []), str(root)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                process.terminate()
                raise RuntimeError(f"in.tftpd did not start: {process.communicate(timeout=5)[1]}")
        yield TftpServer(root, port)
    finally:
        if process.poll() is None:
            process.terminate()
            process.communicate(timeout=5)
