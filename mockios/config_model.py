"""The configuration of a device, as plain dataclasses.

``device.running`` and ``device.startup`` are ``RunningConfig`` objects.
Extension points used by the PKI code (keep these names):

- ``config.trustpoints: dict[str, Trustpoint]`` in creation order. Trustpoint attributes are
  the IOS keywords in snake_case (see ``Trustpoint``).
- ``config.profiles: dict[str, EnrollmentProfile]``.
- ``config.chains: dict[str, list[ChainCert]]``: installed certificates per trustpoint, as IOS
  keeps them (``crypto pki certificate chain NAME``). PKI code adds and removes entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Trustpoint:
    name: str
    enrollment_url: str | None = None
    enrollment_terminal: bool = False
    enrollment_pem: bool = False  # with enrollment_terminal: `enrollment terminal pem`
    enrollment_selfsigned: bool = False
    enrollment_pkcs12: bool = False
    enrollment_profile: str | None = None
    enrollment_mode_ra: bool = False
    enrollment_retry_period: int | None = None
    enrollment_retry_count: int | None = None
    enrollment_http_proxy: str | None = None
    fingerprint: str | None = None
    subject_name: str | None = None  # "" means plain `subject-name`
    subject_alt_name: str | None = None
    serial_number: str | None = None  # None | "" (plain `serial-number`) | "none"
    ip_address: str | None = None  # address, interface or "none"
    fqdn: str | None = None
    password: str | None = None
    usage: str | None = None
    rsakeypair: tuple[str, int | None, int | None] | None = None
    eckeypair: str | None = None
    auto_enroll: tuple[int | None, bool] | None = None  # (percent, regenerate)
    regenerate: bool = False
    revocation_check: list[str] = field(default_factory=list)
    source_interface: str | None = None
    vrf: str | None = None
    hash: str | None = None
    storage: str | None = None
    on: str | None = None

    def clear_enrollment_method(self) -> None:
        """url, terminal, selfsigned, pkcs12 and profile exclude each other, as on IOS."""
        self.enrollment_url = None
        self.enrollment_terminal = False
        self.enrollment_pem = False
        self.enrollment_selfsigned = False
        self.enrollment_pkcs12 = False
        self.enrollment_profile = None


@dataclass
class EnrollmentProfile:
    name: str
    authentication_url: str | None = None
    authentication_command: str | None = None
    authentication_terminal: bool = False
    enrollment_url: str | None = None
    enrollment_command: str | None = None
    enrollment_terminal: bool = False
    enrollment_credential: str | None = None
    parameters: dict[int, str] = field(default_factory=dict)


@dataclass
class ChainCert:
    kind: str  # "ca" | "router" | "self-signed"
    serial_hex: str
    der: bytes


@dataclass
class Interface:
    name: str
    ip_address: str | None = None  # "A.B.C.D MASK"
    description: str | None = None
    shutdown: bool = False


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
