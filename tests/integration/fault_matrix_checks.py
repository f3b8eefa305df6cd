"""What the fault matrix checks on a device after a cell ran, through the device's own means.

- ``snapshot``: a fresh SSH session (it must find the exec prompt) reads the PKI state: the
  running config's ``crypto pki`` section (trustpoints, certificate chains with their hex) and
  the RSA key pairs. A cell that failed must leave this state exactly as it found it.
- ``sessions_left_badly``: from the simulator's session log, every session the task opened
  must have ended at the exec prompt and outside any dialog, unless the fault itself cut it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import netmiko
from mockios_proc import DeviceParams

from mockios.log import read_session_log


@dataclass(frozen=True)
class Snapshot:
    prompt: str
    pki_config: str
    keys: str


def snapshot(device: DeviceParams) -> Snapshot:
    with netmiko.ConnectHandler(**device.netmiko(conn_timeout=30, auth_timeout=30)) as conn:
        conn.enable()
        prompt = conn.find_prompt()
        config = conn.send_command("show running-config | section crypto pki", read_timeout=60)
        keys = conn.send_command("show crypto key mypubkey rsa", read_timeout=60)
    return Snapshot(prompt, _tidy(config), _tidy(keys))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


# What changes from run to run in a message: SSH fingerprints, ports and temporary paths.
_VOLATILE = (
    (re.compile(r"SHA256:[A-Za-z0-9+/]{43}"), "SHA256:<fingerprint>"),
    (re.compile(r"(127\.0\.0\.1\]?):\d+"), r"\1:<port>"),
    (re.compile(r"/tmp/\S+"), "<tmp>"),
)


def stable_text(text: str) -> str:
    """A message with its run-specific parts replaced, for the committed report."""
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def log_length(device: DeviceParams) -> int:
    return len(read_session_log(device.log_path))


def sessions_left_badly(log_path: Path, start: int, end: int) -> list[str]:
    """Sessions that connected in log entries ``[start:end]`` and were not left cleanly."""
    entries = read_session_log(log_path)
    opened = {e["session"] for e in entries[start:end] if e.get("event") == "connect"}
    ends = {e["session"]: e for e in entries[start:] if e.get("event") == "disconnect"}
    problems = []
    for session in sorted(opened):
        end_entry = ends.get(session)
        if end_entry is None:
            problems.append(f"session {session} still open")
        elif end_entry.get("dropped"):
            continue  # the disconnect_at fault cut it: the simulator ended the dialog
        elif end_entry.get("in_dialog"):
            problems.append(f"session {session} abandoned inside a dialog")
        elif end_entry.get("mode") != "exec":
            problems.append(f"session {session} left in {end_entry.get('mode')} mode")
    return problems
