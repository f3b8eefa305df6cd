from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mockios.device import Device
from mockios.hosts import write_hosts
from mockios.lab_services import start_lab_services
from mockios.pki.lab_ca import LabCA
from mockios.session import Session


@pytest.fixture(scope="session")
def lab_dir(tmp_path_factory: pytest.TempPathFactory):
    """One lab PKI per test run: creating three CA keys is the slow part."""
    directory = tmp_path_factory.mktemp("state") / "ca"
    LabCA(directory).ensure()
    return directory


@pytest.fixture
def lab(lab_dir) -> LabCA:
    ca = LabCA(lab_dir)
    ca.update_settings(mode="auto", delay_seconds=0, lifetime_seconds=None)
    ca.update_settings(crl_lifetime_seconds=None, crl_backdate_seconds=0, cdp_url=None)
    return ca


class RouterCli:
    """Types into a core Session as an SSH client would; returns what the router writes."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.session = Session(device)
        self.session.start()
        self.type("enable")
        self.type(device.secret)
        self.type("terminal length 0")

    def type(self, line: str) -> str:
        """One line and Enter; the echo of the line is dropped from the result."""
        raw = self.session.feed(line + "\r")
        return raw.replace("\r\n", "\n").removeprefix(line)

    def config(self, *lines: str) -> str:
        out = self.type("configure terminal")
        for line in lines:
            out += self.type(line)
        return out

    def dialog(self, command: str, *answers: str) -> str:
        """A command and its answers; everything the router printed, CRLF as LF."""
        out = self.type(command)
        for answer in answers:
            out += self.type(answer)
        return out


@pytest.fixture
def state_dir(tmp_path: Path, lab_dir: Path):
    """A fresh simulator state dir holding a copy of the session's lab CA, served over SCEP
    and named in hosts.json, as a fleet does."""
    history = shutil.ignore_patterns(
        "requests", "issued", "*.json", "crl.der", "crl_number", "serial"
    )
    shutil.copytree(lab_dir, tmp_path / "ca", ignore=history)  # the CA identities only
    services = start_lab_services(tmp_path)
    write_hosts(tmp_path, services.hosts)
    try:
        yield tmp_path
    finally:
        services.stop()


@pytest.fixture
def state_lab(state_dir: Path) -> LabCA:
    return LabCA(state_dir / "ca")


@pytest.fixture
def make_router(state_dir: Path):
    def make(
        name: str = "R1",
        flavor: str = "ios15",
        domain: str | None = "lab.example",
        factory_defaults: bool = True,
    ):
        device = Device(name, flavor, state_dir, factory_defaults=factory_defaults)
        cli = RouterCli(device)
        if domain:
            cli.config(f"ip domain name {domain}", "end")
        return cli

    return make


@pytest.fixture
def router(make_router) -> RouterCli:
    return make_router()
