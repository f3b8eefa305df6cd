"""Fault switches, one set per device.

Sources, merged in this order: ``serve/fleet --faults FILE`` at start, then
``<state-dir>/<hostname>/faults.json`` (re-read whenever its mtime changes, checked at each
command), which ``python -m mockios fault --state-dir D --device R1 key=value ...`` writes.

Transport-level faults are applied by the core session (see ``mockios.session``):
latency, disconnect_at, pager, syslog_inject, wrap80, reject_config, extra_prompt, slow_show,
concurrent_edit, truncate_show.
``mitm_ca``, ``scep_grant`` and ``keygen_delay`` are read by the PKI code, ``ssh_host_key``
by the SSH server when it accepts a connection.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

SCEP_GRANTS = ("auto", "pending", "reject", "delay")
SSH_HOST_KEYS = ("", "changed", "new_type")


@dataclass
class Faults:
    latency: float = 0.0  # seconds per output line
    disconnect_at: str = ""  # dialog step name
    mitm_ca: bool = False
    scep_grant: str = "auto"
    scep_grant_delay: float = 3.0  # under scep_grant=delay: granted at the first poll after it
    pager: bool = False
    syslog_inject: bool = False
    wrap80: bool = False
    reject_config: str = ""  # regex
    extra_prompt: bool = False
    keygen_delay: float = 0.0  # seconds per 4096-bit RSA key (slow hardware), non-blocking
    # A router busy after a change: once a session has typed a config-mode line, the output of
    # its exec commands matching this regex waits slow_show_delay seconds.
    slow_show: str = ""  # regex
    slow_show_delay: float = 0.0
    # Another administrator editing the same block: "REGEX => LINE". The first config line
    # matching REGEX is followed, once, by LINE applied in the same mode (the fault then clears).
    concurrent_edit: str = ""
    # A transport that loses the end of an output: exec commands matching truncate_show keep
    # their first truncate_lines lines, then the prompt follows as usual.
    truncate_show: str = ""  # regex
    truncate_lines: int = 0
    # New connections get another SSH host key: "changed" (ed25519, like the device's own),
    # "new_type" (ECDSA, a type the fleet's known_hosts has no entry of).
    ssh_host_key: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Faults:
        faults = cls()
        for key, value in data.items():
            faults.set(key, value)
        return faults

    def set(self, key: str, value: Any) -> None:
        """Set one field, converting strings from the command line to the field's type."""
        kinds = {f.name: f.type for f in fields(self)}
        if key not in kinds:
            raise ValueError(f"unknown fault {key!r}; known: {', '.join(kinds)}")
        setattr(self, key, _convert(kinds[key], value, key))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _convert(kind: Any, value: Any, key: str) -> Any:
    kind = kind if isinstance(kind, str) else kind.__name__
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"fault {key}: not a boolean: {value!r}")
    if kind == "float":
        return float(value or 0)
    if kind == "int":
        return int(value or 0)
    text = "" if value is None else str(value)
    if key == "concurrent_edit" and text and "=>" not in text:
        raise ValueError("fault concurrent_edit must read 'REGEX => LINE'")
    if key == "scep_grant" and text not in SCEP_GRANTS:
        raise ValueError(f"fault scep_grant must be one of {SCEP_GRANTS}")
    if key == "ssh_host_key" and text not in SSH_HOST_KEYS:
        raise ValueError(f"fault ssh_host_key must be one of {SSH_HOST_KEYS}")
    return text


def faults_path(state_dir: str | os.PathLike[str], device: str) -> Path:
    return Path(state_dir) / device / "faults.json"


def write_faults(path: Path, data: dict[str, Any]) -> None:
    """Write atomically so a device never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    os.replace(tmp, path)


def update_faults_file(path: Path, assignments: list[str], clear: bool = False) -> dict[str, Any]:
    """Apply ``key=value`` assignments to a faults.json file and return its new content."""
    current: dict[str, Any] = {}
    if path.exists() and not clear:
        current = json.loads(path.read_text() or "{}")
    faults = Faults.from_dict(current)
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected key=value, got {item!r}")
        faults.set(key.strip(), value)
    data = faults.to_dict()
    write_faults(path, data)
    return data


def faults_for_device(spec: dict[str, Any], device: str) -> dict[str, Any]:
    """A --faults file is either flat (all devices) or keyed by device name."""
    known = {f.name for f in fields(Faults)}
    if all(key in known for key in spec):
        return dict(spec)
    return dict(spec.get(device, {}))
