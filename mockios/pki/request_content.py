"""What a trustpoint puts in its request: subject, FQDN, serial and IP, from config and
answers. Shared by interactive enrollment and auto-enroll."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .names import is_ip_address

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device


def fqdn_of(device: Device, trustpoint: Trustpoint) -> str | None:
    """`fqdn X`, none with `fqdn none`, else `<hostname>.<domain>` (or the bare hostname)."""
    configured = trustpoint.fqdn
    if configured:
        return None if configured.lower() == "none" else configured
    domain = device.domain_name
    hostname = device.hostname
    return f"{hostname}.{domain}" if domain else hostname


def resolve_ip(device: Device, text: str) -> str | None:
    """An IP literal, or the address of an interface named in full or abbreviated."""
    text = text.strip()
    if is_ip_address(text):
        return text
    wanted = _split_interface(text.replace(" ", "").lower())
    if wanted is None:
        return None
    for name, interface in device.running.interfaces.items():
        have = _split_interface(name.lower())
        if have and have[0].startswith(wanted[0]) and have[1] == wanted[1]:
            address = (interface.ip_address or "").split()
            return address[0] if address else None
    return None


def _split_interface(name: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"([a-z-]+)([0-9/.:]+)", name)
    return (match.group(1), match.group(2)) if match else None


def configured_ip(device: Device, trustpoint: Trustpoint) -> str | None:
    value = trustpoint.ip_address
    if not value or value.lower() == "none":
        return None
    return resolve_ip(device, value)


def alt_names(trustpoint: Trustpoint) -> list[str]:
    value = trustpoint.subject_alt_name
    return [part.strip() for part in (value or "").replace(",", " ").split() if part.strip()]
