"""The built-in lab PKI: a root CA, the issuing (subordinate) CA and a MITM impostor.

Everything is persisted as PEM under `<state-dir>/ca/`, created once and shared by every
process that points at the same state dir (the fleet and `python -m mockios ca`).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .ios_format import now

ROOT_SUBJECT = "netpki Lab Root CA"
ISSUING_SUBJECT = "netpki Lab Issuing CA"
ORGANIZATION = "netpki lab"
CRL_URL = "http://ca.netpki.lab/crl/issuing.crl"
DEFAULT_LIFETIME = timedelta(days=365)
ROLLOVER = "issuing-rollover"  # the shadow issuing CA's files, until it becomes active


@dataclass
class CaIdentity:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signs_certificates: bool) -> x509.KeyUsage:
    """A CA's key signs certificates and CRLs; a router's key signs and enciphers keys."""
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=not signs_certificates,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


def _ca_certificate(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: CaIdentity | None,
    serial: int,
    years: int,
    path_length: int | None,
    start: datetime | None = None,
) -> x509.Certificate:
    signer_key = issuer.key if issuer else key
    issuer_name = issuer.cert.subject if issuer else subject
    start = start or now() - timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(_key_usage(signs_certificates=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
    return builder.sign(signer_key, hashes.SHA256())


class LabCA:
    """The lab PKI in one directory. Cheap to construct: files are read on demand."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self._identities: dict[str, CaIdentity] = {}

    # ---- the three CA identities ------------------------------------------------------

    @property
    def root(self) -> CaIdentity:
        return self._identity("root")

    @property
    def issuing(self) -> CaIdentity:
        return self._identity("issuing")

    @property
    def mitm(self) -> CaIdentity:
        """Same subject as the issuing CA, different key: what a man in the middle serves."""
        return self._identity("mitm")

    def ensure(self) -> LabCA:
        """Create the lab once (idempotent, safe between processes)."""
        for role in ("root", "issuing", "mitm"):
            self._identity(role)
        return self

    def _identity(self, role: str) -> CaIdentity:
        if role not in self._identities:
            with self.locked():
                self._identities[role] = self._load(role) or self._create(role)
        return self._identities[role]

    def _load(self, role: str) -> CaIdentity | None:
        cert_path, key_path = self._paths(role)
        if not (cert_path.exists() and key_path.exists()):
            return None
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return CaIdentity(cert, key)

    def _create(self, role: str) -> CaIdentity:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if role == "root":
            cert = _ca_certificate(_name(ROOT_SUBJECT), key, None, 1, 20, None)
        elif role == "issuing":
            root = self._load("root") or self._create("root")
            cert = _ca_certificate(_name(ISSUING_SUBJECT), key, root, 2, 10, 0)
        else:
            cert = _ca_certificate(_name(ISSUING_SUBJECT), key, None, 2, 10, 0)
        cert_path, key_path = self._paths(role)
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_atomic(key_path, key_pem)
        write_atomic(cert_path, cert.public_bytes(serialization.Encoding.PEM))
        return CaIdentity(cert, key)

    # ---- key rollover -----------------------------------------------------------------

    def rollover_identity(self) -> CaIdentity | None:
        """The rollover (shadow) issuing CA that `roll_over` made, until it becomes active."""
        return self._load(ROLLOVER)

    def roll_over(self) -> CaIdentity:
        """Make the rollover issuing CA (once): a new key under the same subject, signed by
        the root, valid from the active issuing CA's end, when it takes over (`advance`)."""
        active, root = self.issuing, self.root
        with self.locked():
            made = self._load(ROLLOVER)
            if made is not None:
                return made
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            start = active.cert.not_valid_after_utc
            cert = _ca_certificate(_name(ISSUING_SUBJECT), key, root, 3, 10, 0, start)
            self._write(ROLLOVER, CaIdentity(cert, key))
            return CaIdentity(cert, key)

    def advance(self) -> None:
        """At the lab's time: once the active issuing CA has expired, the rollover one takes
        its place (the old one is kept as `issuing-previous`)."""
        if self.rollover_identity() is None or now() < self.issuing.cert.not_valid_after_utc:
            return
        with self.locked():
            if not self._paths(ROLLOVER)[0].exists():
                return  # another process was first
            for old, new in zip(self._paths("issuing"), self._paths(ROLLOVER), strict=True):
                os.replace(old, old.with_name(old.name.replace("issuing", "issuing-previous")))
                os.replace(new, old)
        self._identities.pop("issuing", None)

    def _write(self, role: str, identity: CaIdentity) -> None:
        cert_path, key_path = self._paths(role)
        key_pem = identity.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_atomic(key_path, key_pem)
        write_atomic(cert_path, identity.cert.public_bytes(serialization.Encoding.PEM))

    def _paths(self, role: str) -> tuple[Path, Path]:
        return self.directory / f"{role}.cert.pem", self.directory / f"{role}.key.pem"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """An exclusive lock over the CA directory (serials, requests, creation)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ---- settings ---------------------------------------------------------------------

    def settings(self) -> dict:
        path = self.directory / "settings.json"
        stored = json.loads(path.read_text()) if path.exists() else {}
        return {"mode": "auto", "delay_seconds": 0, "lifetime_seconds": None} | stored

    def update_settings(self, **changes: object) -> dict:
        with self.locked():
            merged = self.settings() | changes
            write_atomic(self.directory / "settings.json", json.dumps(merged).encode())
        return merged

    def lifetime(self) -> timedelta:
        seconds = self.settings()["lifetime_seconds"]
        return timedelta(seconds=seconds) if seconds else DEFAULT_LIFETIME

    # ---- issuance ---------------------------------------------------------------------

    def sign(
        self,
        csr: x509.CertificateSigningRequest,
        lifetime: timedelta | None = None,
        rollover: bool = False,
    ) -> x509.Certificate:
        """Issue a certificate for `csr`, carrying its subject and requested SAN over; with
        `rollover`, a shadow certificate of the rollover CA, valid from that CA's start."""
        if not csr.is_signature_valid:
            raise ValueError("the certificate request signature is not valid")
        issuer = self.rollover_identity() if rollover else self.issuing
        if issuer is None:
            raise ValueError("the lab CA has no rollover CA")
        start = issuer.cert.not_valid_before_utc if rollover else now() - timedelta(seconds=1)
        end = start + (lifetime or self.lifetime())
        end = min(end, issuer.cert.not_valid_after_utc)
        builder = (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(issuer.cert.subject)
            .public_key(csr.public_key())
            .serial_number(self._next_serial())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(signs_certificates=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(csr.public_key()), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                False,
            )
            .add_extension(
                x509.CRLDistributionPoints([_crl_point()]),
                False,
            )
        )
        try:
            san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            builder = builder.add_extension(san.value, critical=False)
        except x509.ExtensionNotFound:
            pass
        cert = builder.sign(issuer.key, hashes.SHA256())
        issued = self.directory / "issued"
        issued.mkdir(parents=True, exist_ok=True)
        write_atomic(
            issued / f"{cert.serial_number:X}.pem", cert.public_bytes(serialization.Encoding.PEM)
        )
        return cert

    def _next_serial(self) -> int:
        with self.locked():
            path = self.directory / "serial"
            # The CA certificates use serials 1 and 2; router certificates start at 0x10.
            serial = int(path.read_text()) if path.exists() else 0x10
            write_atomic(path, str(serial + 1).encode())
        return serial

    # ---- revocation -------------------------------------------------------------------

    def revoke(self, serial: int) -> x509.CertificateRevocationList:
        """Mark `serial` revoked and rewrite the CRL (`crl.der`)."""
        if not (self.directory / "issued" / f"{serial:X}.pem").exists():
            raise KeyError(f"no certificate with serial {serial:X} was issued by the lab CA")
        with self.locked():
            revoked = self.revoked()
            revoked.setdefault(f"{serial:X}", now().isoformat())
            write_atomic(self.directory / "revoked.json", json.dumps(revoked).encode())
        return self.crl()

    def revoked(self) -> dict[str, str]:
        path = self.directory / "revoked.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def is_revoked(self, serial: int) -> bool:
        return f"{serial:X}" in self.revoked()

    def crl(self) -> x509.CertificateRevocationList:
        issuer = self.issuing
        moment = now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.cert.subject)
            .last_update(moment)
            .next_update(moment + timedelta(days=1))
        )
        for serial_hex, when in self.revoked().items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(int(serial_hex, 16))
                .revocation_date(datetime.fromisoformat(when))
                .build()
            )
        crl = builder.sign(issuer.key, hashes.SHA256())
        write_atomic(self.directory / "crl.der", crl.public_bytes(serialization.Encoding.DER))
        return crl


def _crl_point() -> x509.DistributionPoint:
    return x509.DistributionPoint([x509.UniformResourceIdentifier(CRL_URL)], None, None, None)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file, so that another process never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
