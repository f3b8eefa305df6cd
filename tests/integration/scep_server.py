"""micromdm ``scepserver``, a SCEP server no one here wrote.

``scep_server`` serves the lab's issuing CA (its depot holds that certificate and key): the
real SCEP server the controller asks for ``GetCACert`` when a CA is pinned by SHA-256 (the
router shows only MD5/SHA1). ``own_ca_scep_server`` serves a CA that scepserver creates
itself (``scepserver ca -init``), with a challenge password, for mockios's SCEP client to
enroll against. Started by the test on a free port, stopped by its process id. scepserver
listens on every interface (it has no bind-address flag); the port is free, ephemeral and
closed when the test ends.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from system_tools import require_tool

_DEPOT_PASS = "netpki-lab-depot"  # scepserver insists on an encrypted ca.key


def require_scepserver() -> str:
    return require_tool("scepserver", "scep")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_depot(lab_dir: Path, depot: Path) -> None:
    cert = (lab_dir / "issuing.cert.pem").read_bytes()
    key = serialization.load_pem_private_key((lab_dir / "issuing.key.pem").read_bytes(), None)
    depot.mkdir(parents=True, exist_ok=True)
    (depot / "ca.pem").write_bytes(cert)
    (depot / "ca.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.BestAvailableEncryption(_DEPOT_PASS.encode()),
        )
    )


@contextlib.contextmanager
def scep_server(lab_dir: Path, work: Path, timeout: float = 10.0) -> Iterator[str]:
    """Yield the URL (``http://127.0.0.1:PORT/scep``) of a scepserver serving the lab CA."""
    depot = work / "scep-depot"
    _write_depot(lab_dir, depot)
    with _running(depot, work, ["-capass", _DEPOT_PASS], timeout) as url:
        yield url


@contextlib.contextmanager
def own_ca_scep_server(work: Path, challenge: str, timeout: float = 10.0) -> Iterator[str]:
    """Yield the URL of a scepserver with a CA of its own making, checking ``challenge``;
    its CA certificate is ``work/scep-own-depot/ca.pem``."""
    binary = require_scepserver()
    depot = work / "scep-own-depot"
    subprocess.run(
        [binary, "ca", "-init", "-depot", str(depot), "-keySize", "2048"],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    with _running(depot, work, ["-challenge", challenge], timeout) as url:
        yield url


@contextlib.contextmanager
def _running(depot: Path, work: Path, options: list[str], timeout: float) -> Iterator[str]:
    binary = require_scepserver()
    port = free_port()
    log = (work / "scepserver.log").open("w")
    command = [binary, "-depot", str(depot), "-port", str(port), *options]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/scep"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                probe = f"{url}?operation=GetCACert&message=CA"
                with urllib.request.urlopen(probe, timeout=1):  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"scepserver did not start: {(work / 'scepserver.log').read_text()}"
                    ) from None
                time.sleep(0.1)
        yield url
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process we started, SIGKILL if it has not stopped within 5 s."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
