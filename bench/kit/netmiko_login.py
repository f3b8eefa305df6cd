"""The netmiko session the hand-written baseline scripts open: ``cisco_ios``, then enable."""

from __future__ import annotations

from netmiko import ConnectHandler


def login(spec: dict) -> ConnectHandler:
    """An enabled session to ``spec``'s router (``host``, ``port``, ``username``, ``password``,
    ``secret``); use it as a context manager to close it."""
    conn = ConnectHandler(
        device_type="cisco_ios",
        host=spec["host"],
        port=spec["port"],
        username=spec["username"],
        password=spec["password"],
        secret=spec["secret"],
    )
    conn.enable()
    return conn
