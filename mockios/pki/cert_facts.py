"""Facts IOS prints about a certificate, computed from the real X.509 object."""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .ios_format import serial_hex
from .names import common_name

_KEY_USAGE_BITS = (
    ("digital_signature", "Digital Signature"),
    ("content_commitment", "Non Repudiation"),
    ("key_encipherment", "Key Encipherment"),
    ("data_encipherment", "Data Encipherment"),
    ("key_agreement", "Key Agreement"),
    ("key_cert_sign", "Key Cert Sign"),
    ("crl_sign", "CRL Signature"),
    ("encipher_only", "Encipher Only"),
    ("decipher_only", "Decipher Only"),
)


def load_der(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def key_usage(cert: x509.Certificate) -> x509.KeyUsage | None:
    try:
        return cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None


def certificate_usage(cert: x509.Certificate) -> str:
    """`General Purpose`, `Signature` or `Encryption`, as IOS classifies a certificate."""
    usage = key_usage(cert)
    if usage is None:
        return "General Purpose"
    if usage.key_cert_sign:
        return "Signature"
    if usage.digital_signature and not usage.key_encipherment:
        return "Signature"
    if usage.key_encipherment and not usage.digital_signature:
        return "Encryption"
    return "General Purpose"


def key_usage_hex_and_names(cert: x509.Certificate) -> tuple[str, list[str]] | None:
    """`A0000000` and the names of the set bits: the BIT STRING as a 32-bit word, bit 0 first."""
    usage = key_usage(cert)
    if usage is None:
        return None
    value, names = 0, []
    for position, (attribute, label) in enumerate(_KEY_USAGE_BITS):
        if _bit_set(usage, attribute):
            value |= 0x80000000 >> position
            names.append(label)
    return f"{value:08X}", names


def _bit_set(usage: x509.KeyUsage, attribute: str) -> bool:
    # cryptography refuses to read encipher/decipher_only unless key_agreement is set.
    if attribute in ("encipher_only", "decipher_only") and not usage.key_agreement:
        return False
    return bool(getattr(usage, attribute))


def crl_urls(cert: x509.Certificate) -> list[str]:
    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return []
    return [
        name.value
        for point in points
        for name in point.full_name or []
        if isinstance(name, x509.UniformResourceIdentifier)
    ]


def storage_name(cert: x509.Certificate, is_ca: bool) -> str:
    """`nvram:netpkiLabIss#10.cer`: IOS names the file after the issuer CN and the serial."""
    stem = re.sub(r"[^A-Za-z0-9-]", "", common_name(cert.issuer))[:12]
    return f"nvram:{stem}#{cert.serial_number:X}{'CA' if is_ca else ''}.cer"


def public_key_lines(cert: x509.Certificate) -> list[str]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return ["Public Key Algorithm: rsaEncryption", f"RSA Public Key: ({key.key_size} bit)"]
    if isinstance(key, ec.EllipticCurvePublicKey):
        return [
            "Public Key Algorithm: ecPublicKey",
            f"EC Public Key:  ({key.curve.key_size} bit)",
        ]
    return ["Public Key Algorithm: unknown"]


def signature_algorithm(cert: x509.Certificate) -> str:
    hash_name = cert.signature_hash_algorithm.name.upper() if cert.signature_hash_algorithm else ""
    if "ecdsa" in cert.signature_algorithm_oid._name.lower():
        return f"{hash_name} with ECDSA"
    return f"{hash_name} with RSA Encryption"


def serial_text(cert: x509.Certificate) -> str:
    return serial_hex(cert.serial_number)


def public_key_der(cert: x509.Certificate | x509.CertificateSigningRequest) -> bytes:
    """SubjectPublicKeyInfo DER, to match a certificate with a key pair."""
    return cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
