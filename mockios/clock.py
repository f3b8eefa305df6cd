"""The lab's clock: real time moved forward or back by an offset, so that renewal and CA
rollover tests move time instead of waiting for it.

One offset holds for everything that serves one state dir: the routers (`show clock`, the
validity of certificates, `show crypto pki timers`, auto-enroll), the lab CA (notBefore and
notAfter, CRL this/next update) and the routers' certificate servers. It is set at start
(`serve|fleet|ca serve --clock-offset +9d`) and at run time
(`python -m mockios clock --state-dir D +9d`), which writes `<state-dir>/clock.json`; every
process re-reads that file whenever its mtime changes, like the fault switches.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

CLOCK_FILE = "clock.json"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_OFFSET = re.compile(r"^([+-]?)((?:\d+(?:\.\d+)?[smhdw])+|\d+(?:\.\d+)?)$")
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw]?)")

_file: Path | None = None  # the clock file of the state dir this process serves
_cached: tuple[int, float] | None = None  # (mtime_ns, offset seconds) of that file
_start_offset = 0.0  # a --clock-offset with no state dir to keep it in


def parse_offset(text: str) -> float:
    """`+9d`, `-2h`, `27d2h`, `90m`, `1.5w` or a bare number of seconds, to seconds."""
    match = _OFFSET.match(str(text).strip().lower())
    if match is None:
        raise ValueError(f"clock offset {text!r}: expected [+|-]N[s|m|h|d|w]..., e.g. +9d")
    sign, parts = match.groups()
    seconds = sum(float(n) * _UNITS[unit or "s"] for n, unit in _PART.findall(parts))
    return -seconds if sign == "-" else seconds


def clock_path(state_dir: str | os.PathLike[str]) -> Path:
    return Path(state_dir) / CLOCK_FILE


def use_state_dir(state_dir: str | os.PathLike[str] | None, offset: str | None = None) -> None:
    """Follow the clock of `state_dir`; a start `offset` (`--clock-offset`) is written there."""
    global _file, _cached, _start_offset
    _file = clock_path(state_dir) if state_dir is not None else None
    _cached = None
    if offset is None:
        return
    if _file is None:
        _start_offset = parse_offset(offset)
    else:
        write_offset(state_dir, parse_offset(offset))


def write_offset(state_dir: str | os.PathLike[str], seconds: float) -> float:
    """Set the lab's offset (atomically: a device never reads half a file)."""
    path = clock_path(state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"offset_seconds": seconds}))
    os.replace(temporary, path)
    return seconds


def read_offset(state_dir: str | os.PathLike[str]) -> float:
    path = clock_path(state_dir)
    try:
        return float(json.loads(path.read_text() or "{}").get("offset_seconds", 0.0))
    except FileNotFoundError:
        return 0.0


def offset_seconds() -> float:
    global _cached
    if _file is None:
        return _start_offset
    try:
        mtime = _file.stat().st_mtime_ns
    except FileNotFoundError:
        return _start_offset
    if _cached is None or _cached[0] != mtime:
        try:
            _cached = (mtime, float(json.loads(_file.read_text() or "{}")["offset_seconds"]))
        except (ValueError, KeyError, OSError):
            return _cached[1] if _cached else _start_offset  # half-written: keep the last
    return _cached[1]


def now() -> datetime:
    """The lab's time: real UTC time plus the offset."""
    return datetime.now(UTC) + timedelta(seconds=offset_seconds())


def timestamp() -> float:
    """The lab's time as a POSIX timestamp."""
    return now().timestamp()


def describe(seconds: float) -> str:
    """`+9d 0:00:00` style for the command line's answer."""
    sign = "-" if seconds < 0 else "+"
    return f"{sign}{timedelta(seconds=abs(seconds))}"
