"""The dialog engine's wait between reads: woken by data on the SSH channel, else one tick."""

from __future__ import annotations

import socket
import time
from types import SimpleNamespace

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs import engine as dialogs

# Far longer than any wake-up takes: an early return can only come from the data.
_LONG = 5.0


def test_returns_as_soon_as_the_channel_has_data() -> None:
    router, controller = socket.socketpair()
    with router, controller:
        router.sendall(b"R1#")
        started = time.monotonic()
        dialogs.wait_readable(SimpleNamespace(remote_conn=controller), _LONG)
        assert time.monotonic() - started < _LONG / 2
        assert controller.recv(16) == b"R1#"  # waiting consumed nothing


def test_waits_the_tick_when_nothing_arrives() -> None:
    router, controller = socket.socketpair()
    with router, controller:
        started = time.monotonic()
        dialogs.wait_readable(SimpleNamespace(remote_conn=controller), 0.05)
        assert time.monotonic() - started >= 0.045


def test_sleeps_without_a_pollable_channel(monkeypatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(dialogs.time, "sleep", slept.append)
    dialogs.wait_readable(SimpleNamespace(), 0.02)  # a scripted channel: no remote_conn
    closed = socket.socket()
    closed.close()  # fileno() is -1: select() refuses it
    dialogs.wait_readable(SimpleNamespace(remote_conn=closed), 0.02)
    assert slept == [0.02, 0.02]
