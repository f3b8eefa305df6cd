"""The configuration of a device, as plain dataclasses.

``device.running`` and ``device.startup`` are ``RunningConfig`` objects.
Extension points used by the PKI code (keep these names):

- ``config.trustpoints: dict[str, Trustpoint]`` in creation order. Trustpoint attributes are
  the IOS keywords in snake_case, one entry each in ``mockios.pki_attributes``.
- ``config.profiles: dict[str, EnrollmentProfile]``.
- ``config.chains: dict[str, list[ChainCert]]``: installed certificates per trustpoint, as IOS
  keeps them (``crypto pki certificate chain NAME``). PKI code adds and removes entries.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, make_dataclass
from typing import Any

from mockios.pki_attributes import PROFILE_ATTRIBUTES, TRUSTPOINT_ATTRIBUTES


def _clear_enrollment_method(self) -> None:
    """url, terminal, selfsigned, pkcs12 and profile exclude each other, as on IOS."""
    for attribute in TRUSTPOINT_ATTRIBUTES:
        if attribute.method:
            for name, default in attribute.defaults.items():
                setattr(self, name, copy.copy(default))


def _block_fields(attributes) -> list[tuple[str, Any, Any]]:
    fields = [("name", str)]
    for attribute in attributes:
        for name, default in attribute.defaults.items():
            fields.append((name, Any, field(default_factory=lambda d=default: copy.copy(d))))
    return fields


# A trustpoint: its name and the fields of mockios.pki_attributes (the IOS keywords in
# snake_case: enrollment_url, rsakeypair, auto_enroll, ...).
Trustpoint = make_dataclass(
    "Trustpoint",
    _block_fields(TRUSTPOINT_ATTRIBUTES),
    namespace={"clear_enrollment_method": _clear_enrollment_method, "__module__": __name__},
)


# An enrollment profile: its name and the fields of mockios.pki_attributes
# (authentication_url, enrollment_credential, parameters: number -> value, ...).
EnrollmentProfile = make_dataclass(
    "EnrollmentProfile", _block_fields(PROFILE_ATTRIBUTES), namespace={"__module__": __name__}
)


@dataclass
class ChainCert:
    kind: str  # "ca" | "router" | "self-signed" | "ra-sign" | "ra-encrypt"
    serial_hex: str
    der: bytes


@dataclass
class Interface:
    name: str
    ip_address: str | None = None  # "A.B.C.D MASK"
    description: str | None = None
    shutdown: bool = False


@dataclass
class CertServer:
    """`crypto pki server NAME`: the IOS certificate server's settings (defaults as IOS's
    `show` in cs-server mode prints them: manual grant, 365-day certificates, a 1095-day CA)."""

    name: str
    issuer_name: str | None = None  # None: CN=<name>
    grant: str = "manual"  # "auto" | "none" | "manual" (neither `grant` line)
    lifetime_certificate: int = 365
    lifetime_ca_certificate: int = 1095
    database_url: str | None = None  # None: nvram:
    database_level: str = "minimum"  # "minimum" | "names" | "complete"
    auto_rollover: int | None = None  # overlap days
    shutdown: bool = True


@dataclass
class RunningConfig:
    hostname: str = "Router"
    domain_name: str | None = None
    http_server: bool = False
    http_secure_server: bool = False
    http_secure_trustpoint: str | None = None
    trustpoints: dict[str, Trustpoint] = field(default_factory=dict)
    profiles: dict[str, EnrollmentProfile] = field(default_factory=dict)
    chains: dict[str, list[ChainCert]] = field(default_factory=dict)
    interfaces: dict[str, Interface] = field(default_factory=dict)
    cert_servers: dict[str, CertServer] = field(default_factory=dict)
