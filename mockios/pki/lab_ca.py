"""The built-in lab PKI: a root CA, the issuing (subordinate) CA and a MITM impostor.

Everything is persisted as PEM under `<state-dir>/ca/`, created once and shared by every
process that points at the same state dir (the fleet and `python -m mockios ca`).

The CAs' keys are RSA unless `ca init --key-type ec --curve 256|384` chose ECDSA (Suite-B)
before the lab was created (`keys.json`). An ECDSA CA cannot open a SCEP envelope (SCEP
envelopes with RSA key transport), so it serves SCEP through a registration authority: two
RSA certificates that the issuing CA signs, one to sign CertReps, one to receive requests,
as Microsoft NDES's RA does (`RA Signature` / `RA KeyEncipher` on the routers).
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
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from .ios_format import now

ROOT_SUBJECT = "netpki Lab Root CA"
ISSUING_SUBJECT = "netpki Lab Issuing CA"
RA_SUBJECT = "netpki Lab SCEP RA"
ORGANIZATION = "netpki lab"
CRL_URL = "http://ca.netpki.lab/crl/issuing.crl"
DEFAULT_LIFETIME = timedelta(days=365)
ROLLOVER = "issuing-rollover"  # the shadow issuing CA's files, until it becomes active
# IOS's own certificate server issues a CRL every 168 hours unless told otherwise (Cisco's
# "Configuring and Managing a Cisco IOS Certificate Server", `lifetime crl`).
DEFAULT_CRL_LIFETIME = timedelta(hours=168)
EC_CURVES = {256: ec.SECP256R1, 384: ec.SECP384R1}
# The RA's two certificates (role: serial, key usage), signed by the issuing CA.
RA_ROLES = {"ra-sign": (3, "digital_signature"), "ra-encrypt": (4, "key_encipherment")}

CaKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def describe_keys(spec: dict) -> str:
    """`ECDSA P-384` or `RSA 2048`: a key spec (`LabCA.key_spec`) in words."""
    return f"ECDSA P-{spec['curve']}" if spec["type"] == "ec" else "RSA 2048"


def signing_hash(key: CaKey) -> hashes.HashAlgorithm:
    """The digest a CA key signs with: SHA-384 for P-384 (Suite-B), SHA-256 otherwise."""
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size >= 384:
        return hashes.SHA384()
    return hashes.SHA256()


@dataclass
class CaIdentity:
    cert: x509.Certificate
    key: CaKey

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
    key: CaKey,
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
    return builder.sign(signer_key, signing_hash(signer_key))


def _ra_certificate(key: rsa.RSAPrivateKey, issuer: CaIdentity, role: str) -> x509.Certificate:
    """One of the RA's certificates: an end entity with the one key usage of its role."""
    serial, usage = RA_ROLES[role]
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment")
    names += ("key_agreement", "key_cert_sign", "crl_sign")
    usages = {name: name == usage for name in names}
    start = now() - timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(RA_SUBJECT))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(min(start + timedelta(days=365 * 5), issuer.cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(**usages, encipher_only=False, decipher_only=False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), False
        )
    )
    return builder.sign(issuer.key, signing_hash(issuer.key))


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

    @property
    def ra(self) -> tuple[CaIdentity, CaIdentity] | None:
        """The RA's signing and encryption identities, when the CA serves SCEP through one
        (an ECDSA CA); None when the issuing CA answers SCEP itself."""
        if not self.uses_ra():
            return None
        return self._identity("ra-sign"), self._identity("ra-encrypt")

    def uses_ra(self) -> bool:
        return self.key_spec()["type"] == "ec"

    def key_spec(self) -> dict:
        """The CAs' key type: `{"type": "rsa"}` or `{"type": "ec", "curve": 256|384}`."""
        path = self.directory / "keys.json"
        return json.loads(path.read_text()) if path.exists() else {"type": "rsa"}

    def init_keys(self, key_type: str = "rsa", curve: int | None = None) -> LabCA:
        """Choose the CAs' key type before the lab is created; ValueError when the lab
        already exists with another one."""
        spec = {"type": "rsa"} if key_type == "rsa" else {"type": "ec", "curve": curve or 256}
        if spec["type"] == "ec" and spec["curve"] not in EC_CURVES:
            raise ValueError(f"curve: {curve} is none of {sorted(EC_CURVES)}")
        with self.locked():
            exists = self._paths("root")[0].exists()
            if exists and self.key_spec() != spec:
                raise ValueError(
                    f"the lab CA in {self.directory} already exists, with "
                    f"{describe_keys(self.key_spec())} keys"
                )
            if not exists:
                write_atomic(self.directory / "keys.json", json.dumps(spec).encode())
        return self.ensure()

    def ensure(self) -> LabCA:
        """Create the lab once (idempotent, safe between processes)."""
        for role in ("root", "issuing", "mitm"):
            self._identity(role)
        self.ra  # noqa: B018  (created with the CA it serves)
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

    def _new_key(self, role: str) -> CaKey:
        spec = self.key_spec()
        if spec["type"] == "ec" and role not in RA_ROLES:
            return ec.generate_private_key(EC_CURVES[spec["curve"]]())
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def _create(self, role: str) -> CaIdentity:
        key = self._new_key(role)
        if role in RA_ROLES:
            issuing = self._load("issuing") or self._create("issuing")
            cert = _ra_certificate(key, issuing, role)
        elif role == "root":
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
            key = self._new_key("issuing")  # the lab's key type (RSA, or ECDSA)
            start = active.cert.not_valid_after_utc
            # Serial 5: the root, issuing CA and RA certificates have 1 to 4.
            cert = _ca_certificate(_name(ISSUING_SUBJECT), key, root, 5, 10, 0, start)
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
        defaults = {"mode": "auto", "delay_seconds": 0, "lifetime_seconds": None}
        crl = {"crl_lifetime_seconds": None, "crl_backdate_seconds": 0, "cdp_url": None}
        return defaults | crl | stored

    def update_settings(self, **changes: object) -> dict:
        with self.locked():
            merged = self.settings() | changes
            write_atomic(self.directory / "settings.json", json.dumps(merged).encode())
        return merged

    def lifetime(self) -> timedelta:
        seconds = self.settings()["lifetime_seconds"]
        return timedelta(seconds=seconds) if seconds else DEFAULT_LIFETIME

    def crl_lifetime(self) -> timedelta:
        seconds = self.settings()["crl_lifetime_seconds"]
        return timedelta(seconds=seconds) if seconds else DEFAULT_CRL_LIFETIME

    def cdp_url(self) -> str:
        """The CRL distribution point written into the certificates issued from now on."""
        return self.settings()["cdp_url"] or CRL_URL

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
                x509.CRLDistributionPoints([_crl_point(self.cdp_url())]),
                False,
            )
        )
        try:
            san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            builder = builder.add_extension(san.value, critical=False)
        except x509.ExtensionNotFound:
            pass
        cert = builder.sign(issuer.key, signing_hash(issuer.key))
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
        """Mark `serial` revoked and issue a new CRL (`crl.der`, the next CRL number)."""
        if not (self.directory / "issued" / f"{serial:X}.pem").exists():
            raise KeyError(f"no certificate with serial {serial:X} was issued by the lab CA")
        with self.locked():
            revoked = self.revoked()
            revoked.setdefault(f"{serial:X}", now().isoformat())
            write_atomic(self.directory / "revoked.json", json.dumps(revoked).encode())
        return self.issue_crl()

    def revoked(self) -> dict[str, str]:
        path = self.directory / "revoked.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def is_revoked(self, serial: int) -> bool:
        return f"{serial:X}" in self.revoked()

    def crl(self) -> x509.CertificateRevocationList:
        """The current CRL: the one last issued, or a new one once its nextUpdate has come
        (as a CA publishes on schedule). A CRL whose nextUpdate has passed is what a router
        that fetched it earlier holds: stale."""
        path = self.directory / "crl.der"
        if path.exists():
            crl = x509.load_der_x509_crl(path.read_bytes())
            if crl.next_update_utc and crl.next_update_utc > now():
                return crl
        return self.issue_crl()

    def issue_crl(self) -> x509.CertificateRevocationList:
        """Sign a new CRL with the next CRL number, valid for the CRL lifetime."""
        issuer = self.issuing
        with self.locked():
            number_path = self.directory / "crl_number"
            number = int(number_path.read_text()) + 1 if number_path.exists() else 1
            write_atomic(number_path, str(number).encode())
        # A backdated CRL (`ca crl-lifetime D --backdate B`, B > D) is stale when issued: what
        # a router holds when its CA stopped publishing, without waiting for it.
        moment = now() - timedelta(seconds=self.settings()["crl_backdate_seconds"] or 0)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.cert.subject)
            .last_update(moment)
            .next_update(moment + self.crl_lifetime())
            .add_extension(x509.CRLNumber(number), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                critical=False,
            )
        )
        for serial_hex, when in self.revoked().items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(int(serial_hex, 16))
                .revocation_date(datetime.fromisoformat(when))
                .build()
            )
        crl = builder.sign(issuer.key, signing_hash(issuer.key))
        write_atomic(self.directory / "crl.der", crl.public_bytes(serialization.Encoding.DER))
        return crl


def _crl_point(url: str) -> x509.DistributionPoint:
    return x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file, so that another process never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
