"""Which key pair a trustpoint uses, and making it when IOS would make it on its own."""

from __future__ import annotations

import hashlib

from .keys import KeyPair, new_keypair


def self_signed_number(device: object) -> str:
    """The decimal that names `TP-self-signed-<n>`: stable per router, like IOS's."""
    digest = hashlib.sha1(str(device.serial).encode()).digest()  # type: ignore[attr-defined]
    return str(int.from_bytes(digest[:4], "big"))


def default_key_label(device: object) -> str | None:
    """`<hostname>.<domain>`, or None when no `ip domain name` is configured."""
    domain = device.domain_name  # type: ignore[attr-defined]
    return f"{device.hostname}.{domain}" if domain else None  # type: ignore[attr-defined]


def key_label(device: object, trustpoint: object) -> str:
    """The label the trustpoint signs with: rsakeypair, eckeypair, or the router default."""
    if trustpoint.rsakeypair:  # type: ignore[attr-defined]
        return trustpoint.rsakeypair[0]  # type: ignore[attr-defined]
    if trustpoint.eckeypair:  # type: ignore[attr-defined]
        return trustpoint.eckeypair  # type: ignore[attr-defined]
    if trustpoint.enrollment_selfsigned:  # type: ignore[attr-defined]
        return f"TP-self-signed-{self_signed_number(device)}"
    return default_key_label(device) or trustpoint.name  # type: ignore[attr-defined]


def default_modulus(device: object, trustpoint: object) -> int:
    rsakeypair = trustpoint.rsakeypair  # type: ignore[attr-defined]
    if rsakeypair and rsakeypair[1]:
        return rsakeypair[1]
    return 2048 if device.flavor == "iosxe17" else 1024  # type: ignore[attr-defined]


def autogen_key(device: object, trustpoint: object, regenerate: bool = False) -> KeyPair:
    """The trustpoint's key pair, generated (with `%CRYPTO-6-AUTOGEN`) when missing or
    when `regenerate` asks for a fresh one."""
    label = key_label(device, trustpoint)
    keys = device.keys  # type: ignore[attr-defined]
    existing = keys.get(label)
    if existing is not None and not regenerate:
        return existing
    if trustpoint.eckeypair and not trustpoint.rsakeypair:  # type: ignore[attr-defined]
        size = existing.size if existing else 256
        pair = new_keypair(label, "ec", size, replacing=existing)
        device.notify(f"%CRYPTO-6-AUTOGEN: Generated new {size} bit EC key pair")  # type: ignore[attr-defined]
    else:
        modulus = default_modulus(device, trustpoint)
        pair = new_keypair(label, "rsa", modulus, replacing=existing)
        device.notify(f"%CRYPTO-6-AUTOGEN: Generated new {modulus} bit key pair")  # type: ignore[attr-defined]
    keys[label] = pair
    return pair
