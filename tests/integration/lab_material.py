"""Certificates and keys for import tests, signed by the mockios lab CA like a real CA would.

A key pair and CSR are made here with ``cryptography``; the lab CA signs the CSR through its
command line (``mockios ca sign``), so the certificate chains to the CA the routers trust.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from enrollment_helpers import lab_ca


@dataclass
class IssuedBundle:
    key: rsa.RSAPrivateKey
    certificate_pem: str
    ca_pem: str

    def encrypted_key_pem(self, passphrase: str) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        ).decode()

    def key_body_lines(self) -> list[str]:
        """Lines of the unencrypted key's PEM body: they must never show up anywhere."""
        pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ).decode()
        return [line for line in pem.splitlines() if line and not line.startswith("-----")]

    def pkcs12(self, passphrase: str) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"router",
            self.key,
            x509.load_pem_x509_certificate(self.certificate_pem.encode()),
            [x509.load_pem_x509_certificate(self.ca_pem.encode())],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )


def issue(state_dir: Path, common_name: str) -> IssuedBundle:
    """A fresh 2048-bit key and a certificate for it from the lab CA."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
        .sign(key, hashes.SHA256())
    )
    pem = csr.public_bytes(serialization.Encoding.PEM).decode()
    return IssuedBundle(
        key, lab_ca(state_dir, "sign", "--csr", "-", stdin=pem), lab_ca(state_dir, "cert")
    )
