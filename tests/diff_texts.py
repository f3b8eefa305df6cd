"""The ``--diff`` texts tests expect, written from ``cryptography``'s own reading of a
certificate or key (not with the engine's code), so the engine is checked against it."""

from __future__ import annotations

import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes


def grouped(digest: bytes) -> str:
    """IOS's fingerprint spelling: uppercase hex in groups of eight."""
    text = digest.hex().upper()
    return " ".join(text[i : i + 8] for i in range(0, len(text), 8))


def certificate_text(title: str, cert: x509.Certificate) -> str:
    serial = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8, "big")
    return (
        f"{title}:\n"
        f"  subject: {cert.subject.rfc4514_string()}\n"
        f"  serial: {serial.hex().upper()}\n"
        f"  not_after: {cert.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ}\n"
        f"  sha256: {grouped(cert.fingerprint(hashes.SHA256()))}\n"
    )


def public_key_sha256(der: bytes) -> str:
    """The SHA-256 of a DER SubjectPublicKeyInfo, as the key pair diff shows it."""
    return grouped(hashlib.sha256(der).digest())
