"""``python -m mockios ca serve`` as a subprocess: the lab CA as a SCEP server on a free
loopback port (``--port 0``), its URL read from the line it prints once listening, stopped
with SIGTERM."""

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
def ca_serve(state_dir: Path, challenge: str | None = None) -> Iterator[LabScepServer]:
    command = [sys.executable, "-m", "mockios", "ca", "--state-dir", str(state_dir)]
    command += ["serve", "--port", "0"]
    if challenge is not None:
        command += ["--challenge", challenge]
    log = (state_dir.parent / f"{state_dir.name}-ca-serve.log").open("w")
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=log, text=True)
    server = LabScepServer("", state_dir, process)
    try:
        line = _first_line(process)
        if not line.startswith("SCEP at "):
            raise RuntimeError(f"ca serve did not start: {line!r}")
        server.base_url = line.split()[2].removesuffix("/scep")
        yield server
    finally:
        server.stop()
        log.close()


def _first_line(process: subprocess.Popen) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=START_TIMEOUT):
            raise RuntimeError(f"ca serve printed nothing in {START_TIMEOUT:g}s")
    return process.stdout.readline()
