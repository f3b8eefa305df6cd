"""The certificates a device holds, read from its running config's certificate chains."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cryptography import x509

from .cert_facts import load_der

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device


@dataclass
class HeldCert:
    """One certificate and the trustpoints it belongs to (a CA may serve several)."""

    kind: str  # "ca" | "router" | "self-signed" | "ra-sign" | "ra-encrypt"
    der: bytes
    cert: x509.Certificate
    trustpoints: list[str] = field(default_factory=list)


def trustpoint_names(device: Device, only: str | None = None) -> list[str]:
    names = list(device.running.trustpoints)
    return [name for name in names if only is None or name == only]


def chain_of(device: Device, trustpoint: str) -> list:
    return list(device.running.chains.get(trustpoint, []))


def held_certs(device: Device, only: str | None = None) -> list[HeldCert]:
    """RA certificates first (as the one RA listing in tests/parsers has them), router and
    self-signed certificates, then CA certificates, each DER once."""
    by_der: dict[bytes, HeldCert] = {}
    for name in trustpoint_names(device, only):
        for entry in chain_of(device, name):
            held = by_der.get(entry.der)
            if held is None:
                held = by_der[entry.der] = HeldCert(entry.kind, entry.der, load_der(entry.der))
            held.trustpoints.append(name)
    order = {"ra-encrypt": 0, "ra-sign": 1, "router": 2, "self-signed": 3, "ca": 4}
    return sorted(by_der.values(), key=lambda held: order.get(held.kind, 5))


def find_cert(device: Device, trustpoint: str, kind: str) -> x509.Certificate | None:
    for entry in chain_of(device, trustpoint):
        if entry.kind == kind:
            return load_der(entry.der)
    return None


def ca_cert(device: Device, trustpoint: str) -> x509.Certificate | None:
    return find_cert(device, trustpoint, "ca")


def identity_cert(device: Device, trustpoint: str) -> x509.Certificate | None:
    """The router's own certificate: CA-issued or self-signed."""
    return find_cert(device, trustpoint, "router") or find_cert(device, trustpoint, "self-signed")


def renew_moment(trustpoint: Trustpoint, cert: x509.Certificate) -> datetime | None:
    """When `auto-enroll [P]` renews: P% into the lifetime (at expiry without P)."""
    auto_enroll = getattr(trustpoint, "auto_enroll", None)
    if not auto_enroll:
        return None
    percent = auto_enroll[0]
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if percent is None:
        return end
    return start + timedelta(seconds=(end - start).total_seconds() * percent / 100)
