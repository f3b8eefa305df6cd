"""Where the lab CA of a state dir lives (`<state-dir>/ca`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .lab_ca import LabCA

if TYPE_CHECKING:
    from mockios.device import Device


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
