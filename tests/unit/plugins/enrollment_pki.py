"""A small real PKI for the enrollment planning tests: a CA, a router key, certificates with
chosen lifetimes, and the running-config text a router would show for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.certs import (
    certificate_to_ios_hex,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
_KEYS: list[rsa.RSAPrivateKey] = []


def key(index: int) -> rsa.RSAPrivateKey:
    """Keys are slow to make: a few, made once, shared by every test."""
    while len(_KEYS) <= index:
        _KEYS.append(rsa.generate_private_key(public_exponent=65537, key_size=1024))
    return _KEYS[index]


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(
    subject: str,
    public_key,
    signer,
    issuer: str,
    *,
    ca: bool = False,
    start_days: int = -10,
    end_days: int = 355,
    serial: int = 0x11,
) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(NOW + dt.timedelta(days=start_days))
        .not_valid_after(NOW + dt.timedelta(days=end_days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer, hashes.SHA256())
    )


@dataclass
class LabPki:
    ca: x509.Certificate
    other_ca: x509.Certificate
    router_key: rsa.RSAPrivateKey

    def router_cert(
        self, *, end_days: int = 355, by_other_ca: bool = False, start_days: int = -10
    ) -> x509.Certificate:
        signer = key(1) if by_other_ca else key(0)
        issuer = "Other CA" if by_other_ca else "Lab CA"
        return certificate(
            "r1.lab",
            self.router_key.public_key(),
            signer,
            issuer,
            start_days=start_days,
            end_days=end_days,
        )


def lab_pki() -> LabPki:
    ca = certificate(
        "Lab CA", key(0).public_key(), key(0), "Lab CA", ca=True, end_days=3650, serial=2
    )
    other = certificate(
        "Other CA", key(1).public_key(), key(1), "Other CA", ca=True, end_days=3650, serial=3
    )
    return LabPki(ca, other, key(2))


def running_config(trustpoint_lines: list[str], chain: list[tuple[str, x509.Certificate]]) -> str:
    """``show running-config | section crypto pki`` for one trustpoint ``TP`` and its chain."""
    lines = ["crypto pki trustpoint TP", *(f" {line}" for line in trustpoint_lines)]
    if chain:
        lines.append("crypto pki certificate chain TP")
        for kind, cert in chain:
            serial = format(cert.serial_number, "02X")
            lines.append(f" certificate {kind + ' ' if kind else ''}{serial}")
            lines.extend(certificate_to_ios_hex(cert, indent="  ").splitlines())
            lines.append("  \tquit")
    return "\n".join(lines) + "\n"
