"""Which key pair a trustpoint uses, and making it when IOS would make it on its own."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .keys import KeyPair, new_keypair

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device


def self_signed_number(device: Device) -> str:
    """The decimal that names `TP-self-signed-<n>`: stable per router, like IOS's."""
    digest = hashlib.sha1(str(device.serial).encode()).digest()
    return str(int.from_bytes(digest[:4], "big"))


def default_key_label(device: Device) -> str | None:
    """`<hostname>.<domain>`, or None when no `ip domain name` is configured."""
    domain = device.domain_name
    return f"{device.hostname}.{domain}" if domain else None


def key_label(device: Device, trustpoint: Trustpoint) -> str:
    """The label the trustpoint signs with: rsakeypair, eckeypair, or the router default."""
    if trustpoint.rsakeypair:
        return trustpoint.rsakeypair[0]
    if trustpoint.eckeypair:
        return trustpoint.eckeypair
    if trustpoint.enrollment_selfsigned:
        return f"TP-self-signed-{self_signed_number(device)}"
    return default_key_label(device) or trustpoint.name


def default_modulus(device: Device, trustpoint: Trustpoint) -> int:
    rsakeypair = trustpoint.rsakeypair
    if rsakeypair and rsakeypair[1]:
        return rsakeypair[1]
    return 2048 if device.flavor == "iosxe17" else 1024


def autogen_key(device: Device, trustpoint: Trustpoint, regenerate: bool = False) -> KeyPair:
    """The trustpoint's key pair, generated (with `%CRYPTO-6-AUTOGEN`) when missing or
    when `regenerate` asks for a fresh one."""
    label = key_label(device, trustpoint)
    keys = device.keys
    existing = keys.get(label)
    if existing is not None and not regenerate:
        return existing
    if trustpoint.eckeypair and not trustpoint.rsakeypair:
        size = existing.size if existing else 256
        pair = new_keypair(label, "ec", size, replacing=existing)
        device.notify(f"%CRYPTO-6-AUTOGEN: Generated new {size} bit EC key pair")
    else:
        modulus = default_modulus(device, trustpoint)
        pair = new_keypair(label, "rsa", modulus, replacing=existing)
        device.notify(f"%CRYPTO-6-AUTOGEN: Generated new {modulus} bit key pair")
    keys[label] = pair
    return pair
