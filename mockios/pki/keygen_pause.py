"""Slow key generation, emulated without blocking: dialogs yield a `Pause`.

Real hardware takes tens of seconds for a 4096-bit RSA key. The delay per 4096-bit key
is the device's `keygen_delay` fault, else `MOCKIOS_SLOW_4096` (`keys.SLOW_4096_SECONDS`).
Smaller keys and EC keys are instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockios.dialog import Dialog, Pause

from . import keys
from .trustpoint_keys import default_modulus, key_label

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device

SLOW_BITS = 4096


def keygen_seconds(device: Device, kind: str, sizes: tuple[int, ...]) -> float:
    per_key = device.refresh_faults().keygen_delay or keys.SLOW_4096_SECONDS
    slow_keys = sum(1 for size in sizes if kind == "rsa" and size >= SLOW_BITS)
    return per_key * slow_keys


def keygen_pause(device: Device, kind: str, *sizes: int) -> Dialog:
    """`yield from` this where a dialog generates keys of these sizes."""
    seconds = keygen_seconds(device, kind, sizes)
    if seconds > 0:
        yield Pause("keygen", seconds)
    return None


def autogen_pause(device: Device, trustpoint: Trustpoint) -> Dialog:
    """The pause of `trustpoint_keys.autogen_key` when it is about to make an RSA key."""
    missing = key_label(device, trustpoint) not in device.keys
    uses_ec = bool(trustpoint.eckeypair and not trustpoint.rsakeypair)
    if missing and not uses_ec:
        yield from keygen_pause(device, "rsa", default_modulus(device, trustpoint))
    return None
