"""Certificate signing requests as the router builds them, signed by the trustpoint key."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AttributeOID

from .keypool import PrivateKey
from .names import build_name

_HASHES = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@dataclass
class RequestContent:
    """What goes in the request, as decided by the trustpoint config and the dialog."""

    subject_name: str | None = None
    fqdn: str | None = None
    serial: str | None = None
    ip: str | None = None
    alt_names: list[str] = field(default_factory=list)
    challenge_password: str | None = None
    hash_name: str | None = None


def build_csr(key: PrivateKey, content: RequestContent) -> x509.CertificateSigningRequest:
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        build_name(content.subject_name, content.fqdn, content.serial, content.ip)
    )
    general_names = _general_names(content)
    if general_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(general_names), False)
    if content.challenge_password:
        builder = builder.add_attribute(
            AttributeOID.CHALLENGE_PASSWORD, content.challenge_password.encode()
        )
    return builder.sign(key, _hash_for(key, content.hash_name))


def _general_names(content: RequestContent) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    dns = [content.fqdn] if content.fqdn else []
    for alt in content.alt_names:
        if alt and alt not in dns:
            dns.append(alt)
    names += [x509.DNSName(name) for name in dns]
    if content.ip:
        names.append(x509.IPAddress(ipaddress.ip_address(content.ip)))
    return names


def _hash_for(key: PrivateKey, hash_name: str | None) -> hashes.HashAlgorithm:
    if hash_name and hash_name.lower() in _HASHES:
        return _HASHES[hash_name.lower()]()
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < 512:
        return hashes.MD5()  # SHA-1/SHA-256 digests do not fit a sub-512-bit modulus
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size > 256:
        return hashes.SHA384() if key.curve.key_size == 384 else hashes.SHA512()
    return hashes.SHA256()


def csr_base64_lines(csr: x509.CertificateSigningRequest, pem_framing: bool) -> list[str]:
    """The request as IOS displays it: 64-column base64, framed only with `terminal pem`."""
    lines = csr.public_bytes(serialization.Encoding.PEM).decode().strip().splitlines()
    return lines if pem_framing else lines[1:-1]
