"""Closing a session stops paramiko's reader thread before the channel and its wake-up pipe
close, so the thread can never write its wake-up byte into a descriptor that another
session's new socket has taken meanwhile (a stray ``*`` before another router's SSH version
line, once in about a thousand sessions at 50 threads)."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.transport.session import (
    DeviceSession,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.transport.settings import (
    ConnectionSettings,
)
from mockios_proc import MockiosRun


def test_the_reader_thread_is_gone_before_the_channel_closes(
    mockios_device: MockiosRun,
) -> None:
    device = mockios_device.devices[0]
    settings = ConnectionSettings(
        host=device.host,
        port=device.port,
        username=device.username,
        password=device.password,
        enable_secret=device.secret,
        command_timeout=10,
        known_hosts_file=str(device.known_hosts),
        allow_agent=False,
    )
    session = DeviceSession(settings).open()
    assert "Cisco IOS" in session.show("show version")
    channel = session._conn.remote_conn
    transport = channel.get_transport()
    seen: dict[str, bool] = {}
    close = channel.close

    def recording_close() -> None:
        seen["reader alive"] = transport.is_alive()
        seen["wake-up pipe open"] = channel._pipe is not None
        close()

    channel.close = recording_close
    session.close()
    assert seen == {"reader alive": False, "wake-up pipe open": True}
    assert not transport.is_alive() and channel._pipe is None
