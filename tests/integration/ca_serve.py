"""``python -m mockios ca serve`` as a subprocess: the lab CA as a SCEP server on a free
loopback port (``--port 0``), its URL read from the line it prints once listening, stopped
with SIGTERM. A challenge password goes by ``--challenge-file`` (a 0600 file beside the state
dir), so it never shows in the process list."""

from __future__ import annotations

import contextlib
import selectors
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from enrollment_helpers import lab_ca
from mockios_proc import REPO

START_TIMEOUT = 15.0


@dataclass
class LabScepServer:
    base_url: str  # http://127.0.0.1:PORT
    state_dir: Path
    process: subprocess.Popen
    log_path: Path  # the server's standard error

    @property
    def port(self) -> int:
        return int(self.base_url.rpartition(":")[2])

    @property
    def scep_url(self) -> str:
        return f"{self.base_url}/scep"

    @property
    def ios_url(self) -> str:
        """Where IOS sends SCEP when its enrollment URL has no path."""
        return f"{self.base_url}/cgi-bin/pkiclient.exe"

    def ca(self, *args: str) -> str:
        """Run ``python -m mockios ca ARGS`` on the same state dir, as an operator would."""
        return lab_ca(self.state_dir, *args)

    def stop(self) -> int:
        """SIGTERM, and the exit status (0 when it stopped cleanly)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        return self.process.returncode


@contextlib.contextmanager
def ca_serve(
    state_dir: Path, challenge: str | None = None, on_command_line: bool = False, port: int = 0
) -> Iterator[LabScepServer]:
    """``on_command_line``: the challenge by the old ``--challenge`` flag (warned about);
    ``port``: a given one (the same again, to bring a stopped server back), else a free one."""
    command = [sys.executable, "-m", "mockios", "ca", "--state-dir", str(state_dir)]
    command += ["serve", "--port", str(port)]
    if challenge is not None and on_command_line:
        command += ["--challenge", challenge]
    elif challenge is not None:
        command += ["--challenge-file", str(write_secret_file(state_dir.parent, challenge))]
    log = (state_dir.parent / f"{state_dir.name}-ca-serve.log").open("w")
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=log, text=True)
    server = LabScepServer("", state_dir, process, Path(log.name))
    try:
        line = _first_line(process)
        if not line.startswith("SCEP at "):
            raise RuntimeError(f"ca serve did not start: {line!r}")
        server.base_url = line.split()[2].removesuffix("/scep")
        yield server
    finally:
        server.stop()
        log.close()


def write_secret_file(directory: Path, secret: str, name: str = "ca-challenge") -> Path:
    """A file only its owner reads, holding ``secret`` on its first line."""
    path = directory / name
    path.touch(mode=0o600)
    path.write_text(secret + "\n")
    return path


def _first_line(process: subprocess.Popen) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=START_TIMEOUT):
            raise RuntimeError(f"ca serve printed nothing in {START_TIMEOUT:g}s")
    return process.stdout.readline()
