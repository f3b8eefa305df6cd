"""What a trustpoint puts in its request: subject, FQDN, serial and IP, from config and
answers. Shared by interactive enrollment and auto-enroll."""

from __future__ import annotations

import re

from .names import is_ip_address


def fqdn_of(device: object, trustpoint: object) -> str | None:
    """`fqdn X`, none with `fqdn none`, else `<hostname>.<domain>` (or the bare hostname)."""
    configured = trustpoint.fqdn  # type: ignore[attr-defined]
    if configured:
        return None if configured.lower() == "none" else configured
    domain = device.domain_name  # type: ignore[attr-defined]
    hostname = device.hostname  # type: ignore[attr-defined]
    return f"{hostname}.{domain}" if domain else hostname


def resolve_ip(device: object, text: str) -> str | None:
    """An IP literal, or the address of an interface named in full or abbreviated."""
    text = text.strip()
    if is_ip_address(text):
        return text
    wanted = _split_interface(text.replace(" ", "").lower())
    if wanted is None:
        return None
    for name, interface in device.running.interfaces.items():  # type: ignore[attr-defined]
        have = _split_interface(name.lower())
        if have and have[0].startswith(wanted[0]) and have[1] == wanted[1]:
            address = (interface.ip_address or "").split()
            return address[0] if address else None
    return None


def _split_interface(name: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"([a-z-]+)([0-9/.:]+)", name)
    return (match.group(1), match.group(2)) if match else None


def configured_ip(device: object, trustpoint: object) -> str | None:
    value = trustpoint.ip_address  # type: ignore[attr-defined]
    if not value or value.lower() == "none":
        return None
    return resolve_ip(device, value)


def alt_names(trustpoint: object) -> list[str]:
    value = trustpoint.subject_alt_name  # type: ignore[attr-defined]
    return [part.strip() for part in (value or "").replace(",", " ").split() if part.strip()]
