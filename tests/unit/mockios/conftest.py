"""Helpers for driving the mockios core without SSH."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mockios.device import Device
from mockios.registry import REGISTRY
from mockios.session import Session


class Cli:
    """Types lines into a Session the way an SSH client would, one Enter per line."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.session = Session(device)
        self.banner = self.session.start()

    def type(self, data: str) -> str:
        return self.session.feed(data)

    def run(self, line: str) -> str:
        """Send a line; return the output without the echo and the final prompt."""
        raw = self.session.feed(line + "\r")
        head = line + "\r\n"
        assert raw.startswith(head), raw
        body = raw[len(head) :]
        prompt = self.session.prompt
        if body.endswith(prompt):
            body = body[: -len(prompt)]
        return body

    def enable(self) -> Cli:
        self.type("enable\r")
        self.type(self.device.secret + "\r")
        assert self.session.prompt.endswith("#")
        self.run("terminal length 0")
        return self


@pytest.fixture
def device(tmp_path: Path) -> Device:
    return Device("R1", "ios15", tmp_path)


@pytest.fixture
def cli(device: Device) -> Cli:
    return Cli(device).enable()


@pytest.fixture
def make_cli() -> type[Cli]:
    """The Cli class, for tests that need several sessions or devices."""
    return Cli


@pytest.fixture
def temp_command() -> Iterator[list[tuple[str, str]]]:
    """Register commands for one test and remove them afterwards."""
    added: list[tuple[str, str]] = []
    yield added
    for key in added:
        REGISTRY.specs.pop(key, None)
