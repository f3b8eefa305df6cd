"""Which enrollment URLs reach the lab CA.

Every `http://` or `https://` URL reaches the lab, except hosts that stand for a server
that does not answer: a host containing `unknown` or `unreachable`, or ending in
`.invalid` (RFC 2606). Those fail as a router does when nothing answers SCEP.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .lab_ca import LabCA

if TYPE_CHECKING:
    from mockios.device import Device

_DEAD_MARKERS = ("unknown", "unreachable")


def url_reaches_lab(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    return not (any(marker in host for marker in _DEAD_MARKERS) or host.endswith(".invalid"))


def lab_ca_dir(state_dir: Path | str | None) -> Path:
    """`<state-dir>/ca`, or a per-user directory when the device has no state dir."""
    if state_dir is None:
        return Path.home() / ".cache" / "mockios" / "lab-ca"
    return Path(state_dir) / "ca"


def lab_for(state_dir: Path | str | None) -> LabCA:
    return LabCA(lab_ca_dir(state_dir))


def lab_for_device(device: Device) -> LabCA:
    """Devices keep their state in `<state-dir>/<name>`; the lab is `<state-dir>/ca`."""
    state_dir = getattr(device, "state_dir", None)
    return lab_for(Path(state_dir).parent if state_dir is not None else None)
