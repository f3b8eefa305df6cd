"""The router's file systems (`flash:`, `bootflash:`, `nvram:`) as folders tests can fill.

`flash:x.p12` is `<state-dir>/<device>/flash/x.p12`; without a state dir, a per-device
temporary folder is used.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockios.device import Device

FILE_SYSTEMS = ("flash", "bootflash", "nvram", "disk0", "usbflash0")
_TEMP_ROOTS: dict[int, Path] = {}


class FileSystemError(ValueError):
    pass


def device_root(device: Device) -> Path:
    state_dir = getattr(device, "state_dir", None)
    if state_dir is not None:
        return Path(state_dir)
    key = id(device)
    if key not in _TEMP_ROOTS:
        _TEMP_ROOTS[key] = Path(tempfile.mkdtemp(prefix="mockios-fs-"))
    return _TEMP_ROOTS[key]


def resolve(device: Device, url: str) -> Path:
    """`flash:dir/x.p12` to its path; other schemes (tftp:, http:) are not served here."""
    system, sep, rest = url.partition(":")
    if not sep or system.lower() not in FILE_SYSTEMS:
        raise FileSystemError(f"%Error opening {url} (No such device)")
    relative = rest.lstrip("/")
    if not relative or ".." in Path(relative).parts:
        raise FileSystemError(f"%Error opening {url} (Invalid argument)")
    return device_root(device) / system.lower() / relative


def read_file(device: Device, url: str) -> bytes:
    path = resolve(device, url)
    if not path.is_file():
        raise FileSystemError(f"%Error opening {url} (No such file or directory)")
    return path.read_bytes()


def place_file(device: Device, url: str, data: bytes) -> Path:
    """Put a file on the router's file system (for tests and demos)."""
    path = resolve(device, url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
