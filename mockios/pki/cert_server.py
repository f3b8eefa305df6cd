"""The IOS certificate server's CA (`crypto pki server NAME`): its key and self-signed
certificate, its enrollment request database and the certificates it issued.

`no shutdown` creates the CA (`start`); SCEP requests arrive from the router's HTTP server
thread (`file_request`) while grants and rejections come from the CLI, hence the lock. The
database lives in `<state-dir>/<router>/cert_server_<NAME>.json`, so it survives a restart
as a real server's does in its `database url` (nvram: by default).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from .ios_format import now
from .key_store import write_private

if TYPE_CHECKING:
    from mockios.config_model import CertServer
    from mockios.device import Device

_PREFIX = "cert_server_"


@dataclass
class EnrollmentRequest:
    """One row of `crypto pki server NAME info requests`."""

    id: int
    transaction_id: str
    csr: x509.CertificateSigningRequest
    state: str = "pending"  # pending | granted | rejected
    serial: int | None = None
    rollover: bool = False  # sent to the rollover (shadow) CA: signed with its key

    @property
    def fingerprint(self) -> str:
        # The request's MD5, as IOS prints it (the client's "Certificate Request Fingerprint
        # MD5" of the same request, without spaces).
        return hashlib.md5(self.csr.public_bytes(Encoding.DER)).hexdigest().upper()  # noqa: S324

    @property
    def subject(self) -> str:
        return ",".join(
            f"{rdn_text(attribute.oid)}={attribute.value}"
            for rdn in reversed(self.csr.subject.rdns)
            for attribute in rdn
        )


def rdn_text(oid: x509.ObjectIdentifier) -> str:
    names = {
        NameOID.COMMON_NAME: "cn",
        NameOID.ORGANIZATIONAL_UNIT_NAME: "ou",
        NameOID.ORGANIZATION_NAME: "o",
        NameOID.COUNTRY_NAME: "c",
        NameOID.LOCALITY_NAME: "l",
        NameOID.STATE_OR_PROVINCE_NAME: "st",
        NameOID.SERIAL_NUMBER: "serialNumber",
        NameOID.UNSTRUCTURED_NAME: "hostname",
    }
    return names.get(oid, oid.dotted_string)


@dataclass
class CertServerCA:
    name: str
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    last_serial: int = 1
    requests: list[EnrollmentRequest] = field(default_factory=list)
    issued: dict[int, x509.Certificate] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # `auto-rollover`: the shadow CA, made before the active one expires (mockios.pki.rollover)
    rollover_key: rsa.RSAPrivateKey | None = None
    rollover_cert: x509.Certificate | None = None

    def request_by_transaction(self, transaction_id: str) -> EnrollmentRequest | None:
        return next((r for r in self.requests if r.transaction_id == transaction_id), None)

    def file_request(
        self,
        settings: CertServer,
        transaction_id: str,
        csr: x509.CertificateSigningRequest,
        rollover: bool = False,
    ) -> EnrollmentRequest:
        """A new PKCSReq: granted at once under `grant auto`, rejected under `grant none`,
        pending otherwise."""
        request = EnrollmentRequest(max((r.id for r in self.requests), default=0) + 1, "", csr)
        request.transaction_id = transaction_id
        request.rollover = rollover
        self.requests.append(request)
        if settings.grant == "auto":
            self.grant(request, settings)
        elif settings.grant == "none":
            request.state = "rejected"
        return request

    def grant(self, request: EnrollmentRequest, settings: CertServer) -> None:
        self.last_serial += 1
        signer_cert, signer_key = self.cert, self.key
        start = now() - timedelta(seconds=1)
        if request.rollover and self.rollover_cert is not None and self.rollover_key:
            # A shadow certificate starts when its CA becomes active (the guide's rollover).
            signer_cert, signer_key = self.rollover_cert, self.rollover_key
            start = signer_cert.not_valid_before_utc
        # No certificate outlives its CA (the guide: "issued for less than the configured
        # validity period due to the impending expiration of the CA certificate").
        end = min(
            start + timedelta(days=settings.lifetime_certificate), signer_cert.not_valid_after_utc
        )
        issued = (
            x509.CertificateBuilder()
            .subject_name(request.csr.subject)
            .issuer_name(signer_cert.subject)
            .public_key(request.csr.public_key())
            .serial_number(self.last_serial)
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(
                x509.KeyUsage(True, False, True, False, False, False, False, False, False),
                critical=True,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()),
                critical=False,
            )
            .sign(signer_key, hashes.SHA256())
        )
        request.state, request.serial = "granted", self.last_serial
        self.issued[self.last_serial] = issued


def create(settings: CertServer, key: rsa.RSAPrivateKey) -> CertServerCA:
    """The CA certificate `no shutdown` makes: serial 1, self-signed, `issuer-name` as its
    subject, valid `lifetime ca-certificate` days."""
    return CertServerCA(settings.name, key, ca_certificate(settings, key, now(), 1))


def ca_certificate(
    settings: CertServer, key: rsa.RSAPrivateKey, start: datetime, serial: int
) -> x509.Certificate:
    """A self-signed CA certificate of the server from `start`: the first one, or the
    rollover certificate that takes over when the active one expires."""
    subject = _subject(settings.issuer_name or f"CN={settings.name}")
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=settings.lifetime_ca_certificate))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return cert


def _subject(text: str) -> x509.Name:
    """`CN=R14, O=laba, C=ru` as a Name (the first RDN printed first, as IOS writes it)."""
    oids = {
        "cn": NameOID.COMMON_NAME,
        "o": NameOID.ORGANIZATION_NAME,
        "ou": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "c": NameOID.COUNTRY_NAME,
        "l": NameOID.LOCALITY_NAME,
        "st": NameOID.STATE_OR_PROVINCE_NAME,
    }
    attributes = []
    for part in text.split(","):
        kind, _, value = part.strip().partition("=")
        if kind.strip().lower() in oids and value.strip():
            attributes.append(x509.NameAttribute(oids[kind.strip().lower()], value.strip()))
    return x509.Name(list(reversed(attributes)))


def servers(device: Device) -> dict[str, CertServerCA]:
    """The device's running certificate-server CAs, by name."""
    found = getattr(device, "cert_server_cas", None)
    if found is None:
        found = {}
        device.cert_server_cas = found
    return found


def _path(device: Device, name: str) -> Path | None:
    state_dir = getattr(device, "state_dir", None)
    return Path(state_dir) / f"{_PREFIX}{name}.json" if state_dir is not None else None


def save(device: Device, ca: CertServerCA) -> None:
    path = _path(device, ca.name)
    if path is None:
        return
    data: dict[str, Any] = {
        "key": ca.key.private_bytes(
            Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode(),
        "cert": ca.cert.public_bytes(Encoding.PEM).decode(),
        "last_serial": ca.last_serial,
        "requests": [
            {
                "id": r.id,
                "transaction_id": r.transaction_id,
                "csr": r.csr.public_bytes(Encoding.PEM).decode(),
                "state": r.state,
                "serial": r.serial,
                "rollover": r.rollover,
            }
            for r in ca.requests
        ],
        "issued": {str(s): c.public_bytes(Encoding.PEM).decode() for s, c in ca.issued.items()},
    }
    if ca.rollover_cert is not None and ca.rollover_key is not None:
        data["rollover_key"] = ca.rollover_key.private_bytes(
            Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        data["rollover_cert"] = ca.rollover_cert.public_bytes(Encoding.PEM).decode()
    write_private(path, json.dumps(data))  # the CA's private key


def forget(device: Device, name: str) -> None:
    servers(device).pop(name, None)
    path = _path(device, name)
    if path is not None:
        path.unlink(missing_ok=True)


def load_all(device: Device) -> None:
    state_dir = getattr(device, "state_dir", None)
    if state_dir is None or not Path(state_dir).is_dir():
        return
    for path in Path(state_dir).glob(f"{_PREFIX}*.json"):
        data = json.loads(path.read_text())
        key = serialization.load_pem_private_key(data["key"].encode(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        ca = CertServerCA(
            path.stem.removeprefix(_PREFIX),
            key,
            x509.load_pem_x509_certificate(data["cert"].encode()),
            data["last_serial"],
        )
        for record in data["requests"]:
            ca.requests.append(
                EnrollmentRequest(
                    record["id"],
                    record["transaction_id"],
                    x509.load_pem_x509_csr(record["csr"].encode()),
                    record["state"],
                    record["serial"],
                    record.get("rollover", False),
                )
            )
        if "rollover_cert" in data:
            ca.rollover_cert = x509.load_pem_x509_certificate(data["rollover_cert"].encode())
            ca.rollover_key = serialization.load_pem_private_key(  # type: ignore[assignment]
                data["rollover_key"].encode(), None
            )
        for serial, pem in data["issued"].items():
            ca.issued[int(serial)] = x509.load_pem_x509_certificate(pem.encode())
        servers(device)[ca.name] = ca


def expires(ca: CertServerCA) -> datetime:
    return ca.cert.not_valid_after_utc
