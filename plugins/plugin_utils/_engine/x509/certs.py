"""X.509 helpers on the controller: load, convert, fingerprint, summarise and check certificates.

Everything here uses ``cryptography`` for real parsing and signature checks. Input that comes
from users or routers is size-limited and validated; every problem raises ``ValidationError``
(bad input) or ``VerificationError`` (a check that did not hold), naming the field concerned.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import functools
import hashlib
import os
import re
from dataclasses import dataclass

from ..errors import NetpkiError, ValidationError, VerificationError
from .names import name_dict

try:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    from cryptography.hazmat.primitives import padding, serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
    from cryptography.hazmat.primitives.ciphers import Cipher, modes
except ImportError as error:  # the sanity import test loads plugins without it
    CRYPTOGRAPHY_IMPORT_ERROR: ImportError | None = error
else:
    CRYPTOGRAPHY_IMPORT_ERROR = None

MAX_PEM_BYTES = 64 * 1024
FINGERPRINT_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}
_HASHES = {
    "md5": hashlib.md5,
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
_REPORTED = ("md5", "sha1", "sha256")  # what results show; longer pins are only compared

_PEM_BLOCK = re.compile(
    r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----",
    re.DOTALL,
)
_BASE64_BODY = re.compile(r"^[A-Za-z0-9+/=\s]+$")
_HEX_BODY = re.compile(r"^[0-9A-Fa-f\s]+$")
_FINGERPRINT_SEPARATORS = re.compile(r"[\s:]+")
_CSR_END_MARKER = re.compile(r"-+\s*End\s*-\s*This line not part of the certificate request\s*-+")
# Short names as routers and OpenSSL print them, for OIDs cryptography leaves dotted.
_EXTRA_NAMES = {
    "1.2.840.113549.1.9.1": "emailAddress",
    "2.5.4.5": "serialNumber",
    "1.2.840.113549.1.9.2": "unstructuredName",
    "2.5.4.45": "x500UniqueIdentifier",
}


# ---------------------------------------------------------------- input guards


def _need_cryptography() -> None:
    """Loaders call this first: no object reaches the other helpers without cryptography."""
    if CRYPTOGRAPHY_IMPORT_ERROR is not None:
        raise NetpkiError(
            "netpki.ios needs the Python package 'cryptography' (43 or later) on the controller "
            f"(pip install cryptography): {CRYPTOGRAPHY_IMPORT_ERROR}"
        )


def _as_text(data: str | bytes, field: str) -> str:
    if isinstance(data, bytes):
        try:
            data = data.decode("ascii")
        except UnicodeDecodeError as exc:
            raise ValidationError(f"{field}: not ASCII text") from exc
    if not isinstance(data, str):
        raise ValidationError(f"{field}: expected text, got {type(data).__name__}")
    _check_size(data, field)
    return data


def _check_size(data: str | bytes, field: str) -> None:
    if len(data) > MAX_PEM_BYTES:
        raise ValidationError(
            f"{field}: {len(data)} bytes is larger than the {MAX_PEM_BYTES} byte limit"
        )


def _decode_base64(body: str, field: str) -> bytes:
    compact = "".join(body.split())
    if not compact or not _BASE64_BODY.match(compact):
        raise ValidationError(f"{field}: not valid base64")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as exc:
        raise ValidationError(f"{field}: not valid base64 ({exc})") from exc


# ---------------------------------------------------------------- certificates


def load_certificates(data: str | bytes, field: str = "certificate") -> list[x509.Certificate]:
    """Every certificate in ``data``: PEM (one or more blocks, or bare base64), DER or IOS hex."""
    _need_cryptography()
    if isinstance(data, bytes) and data[:1] == b"\x30":
        _check_size(data, field)
        return [_load_der(data, field)]
    text = _as_text(data, field)
    blocks = _PEM_BLOCK.findall(text)
    if blocks:
        certs = [
            _load_der(_decode_base64(body, field), field)
            for label, body in blocks
            if label in ("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE")
        ]
        if not certs:
            raise ValidationError(f"{field}: PEM holds no CERTIFICATE block")
        return certs
    if "-----" in text:
        raise ValidationError(f"{field}: malformed PEM (BEGIN/END lines do not pair up)")
    stripped = text.strip()
    if stripped and _HEX_BODY.match(stripped) and _looks_like_ios_hex(stripped):
        return [_load_der(ios_hex_to_der(stripped, field), field)]
    return [_load_der(_decode_base64(stripped, field), field)]


def load_certificate(data: str | bytes, field: str = "certificate") -> x509.Certificate:
    """Exactly one certificate from ``data`` (any format ``load_certificates`` reads)."""
    certs = load_certificates(data, field)
    if len(certs) != 1:
        raise ValidationError(f"{field}: expected one certificate, found {len(certs)}")
    return certs[0]


def _looks_like_ios_hex(text: str) -> bool:
    # IOS hex starts with the DER SEQUENCE tag; base64 of a certificate starts with "MII".
    return text[:2] == "30"


def _load_der(der: bytes, field: str) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise ValidationError(f"{field}: not a valid X.509 certificate ({exc})") from exc


def certificate_to_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def certificate_to_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------- IOS hex


def der_to_ios_hex(der: bytes, indent: str = "  ", groups_per_line: int = 8) -> str:
    """DER as ``crypto pki certificate chain`` prints it: uppercase 8-hex groups, 8 a line."""
    hexed = der.hex().upper()
    groups = [hexed[i : i + 8] for i in range(0, len(hexed), 8)]
    lines = [
        indent + " ".join(groups[i : i + groups_per_line])
        for i in range(0, len(groups), groups_per_line)
    ]
    return "\n".join(lines)


def ios_hex_to_der(text: str, field: str = "certificate") -> bytes:
    """Bytes from IOS hex lines (8-hex groups, any spacing; a closing ``quit`` is ignored)."""
    text = _as_text(text, field)
    lines = [line for line in text.splitlines() if line.strip().lower() != "quit"]
    compact = "".join("".join(lines).split())
    if not compact or not _HEX_BODY.match(compact) or len(compact) % 2:
        raise ValidationError(f"{field}: not valid IOS hex (8-hex groups)")
    return bytes.fromhex(compact)


def certificate_to_ios_hex(cert: x509.Certificate, indent: str = "  ") -> str:
    return der_to_ios_hex(certificate_to_der(cert), indent=indent)


# ---------------------------------------------------------------- fingerprints


@dataclass(frozen=True)
class Fingerprint:
    """A fingerprint reduced to its algorithm and uppercase hex digits."""

    algorithm: str
    hex: str

    @property
    def ios(self) -> str:
        return format_ios_fingerprint(self.hex)

    def __str__(self) -> str:
        return f"{self.algorithm.upper()} {self.ios}"


def format_ios_fingerprint(hex_digits: str) -> str:
    """``1461A5DC 22012AE8 ...``: uppercase 8-hex groups separated by spaces."""
    digits = hex_digits.upper()
    return " ".join(digits[i : i + 8] for i in range(0, len(digits), 8))


def certificate_fingerprint(cert: x509.Certificate, algorithm: str = "sha1") -> Fingerprint:
    if algorithm not in _HASHES:
        raise ValidationError(f"unknown fingerprint algorithm {algorithm!r}")
    digest = _HASHES[algorithm](certificate_to_der(cert)).hexdigest().upper()
    return Fingerprint(algorithm, digest)


def certificate_fingerprints(cert: x509.Certificate) -> dict[str, str]:
    """``{"md5": ..., "sha1": ..., "sha256": ...}`` in IOS format."""
    return {alg: certificate_fingerprint(cert, alg).ios for alg in _REPORTED}


def normalize_fingerprint(value: str, field: str = "fingerprint") -> Fingerprint:
    """Read a fingerprint in any usual spelling; the length tells the algorithm."""
    if not isinstance(value, str):
        raise ValidationError(f"{field}: expected a string of hex digits")
    if len(value) > 256:
        raise ValidationError(f"{field}: too long to be a fingerprint")
    compact = _FINGERPRINT_SEPARATORS.sub("", value)
    if not compact or not re.fullmatch(r"[0-9A-Fa-f]+", compact):
        raise ValidationError(
            f"{field}: must be hex digits, optionally separated by spaces or colons"
        )
    algorithm = FINGERPRINT_LENGTHS.get(len(compact))
    if algorithm is None:
        raise ValidationError(
            f"{field}: {len(compact)} hex digits is no known fingerprint "
            "(MD5 has 32, SHA1 40, SHA256 64, SHA384 96, SHA512 128)"
        )
    return Fingerprint(algorithm, compact.upper())


def fingerprints_match(displayed: str, pinned: str | Fingerprint) -> bool:
    """Whether a fingerprint a router displayed equals the pinned one (same algorithm)."""
    shown = normalize_fingerprint(displayed, "displayed fingerprint")
    wanted = pinned if isinstance(pinned, Fingerprint) else normalize_fingerprint(pinned)
    return shown == wanted


def certificate_matches_fingerprint(cert: x509.Certificate, pinned: str | Fingerprint) -> bool:
    wanted = pinned if isinstance(pinned, Fingerprint) else normalize_fingerprint(pinned)
    return certificate_fingerprint(cert, wanted.algorithm) == wanted


# ---------------------------------------------------------------- summary


def _name_short(attr: x509.NameAttribute) -> str:
    return _EXTRA_NAMES.get(attr.oid.dotted_string) or attr.rfc4514_attribute_name


def name_ordered(name: x509.Name) -> list[list[str]]:
    """``[["CN", "R1"], ["OU", "a"], ["OU", "b"]]`` in certificate order."""
    return [[_name_short(attr), str(attr.value)] for attr in name]


def serial_hex(cert: x509.Certificate) -> str:
    digits = format(cert.serial_number, "X")
    return digits.zfill(len(digits) + len(digits) % 2)


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else dt.datetime.now(dt.UTC)


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def is_expired(cert: x509.Certificate, now: dt.datetime | None = None) -> bool:
    return _now(now) > cert.not_valid_after_utc


def days_remaining(cert: x509.Certificate, now: dt.datetime | None = None) -> int:
    """Whole days until ``notAfter`` (negative once expired)."""
    return (cert.not_valid_after_utc - _now(now)).days


def key_description(public_key: object) -> tuple[str, int | None, str | None]:
    """(type, size in bits, curve name) of a public key."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA", public_key.key_size, None
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "EC", public_key.curve.key_size, public_key.curve.name
    if isinstance(public_key, dsa.DSAPublicKey):
        return "DSA", public_key.key_size, None
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return "Ed25519", 256, None
    if isinstance(public_key, ed448.Ed448PublicKey):
        return "Ed448", 456, None
    return type(public_key).__name__, None, None


def certificate_summary(cert: x509.Certificate, now: dt.datetime | None = None) -> dict:
    """The facts modules return about a certificate (no secrets in a certificate)."""
    summary = copy.deepcopy(_fixed_summary(cert))
    summary["days_remaining"] = days_remaining(cert, now)
    summary["expired"] = is_expired(cert, now)
    return summary


# The steps of one task summarise the same certificates (equal certificates hash alike): what
# does not depend on the clock is worked out once.
@functools.lru_cache(maxsize=64)
def _fixed_summary(cert: x509.Certificate) -> dict:
    key_type, key_size, curve = key_description(cert.public_key())
    sig_hash = cert.signature_hash_algorithm
    return {
        "subject": name_dict(name_ordered(cert.subject)),
        "subject_ordered": name_ordered(cert.subject),
        "subject_string": cert.subject.rfc4514_string(),
        "issuer": name_dict(name_ordered(cert.issuer)),
        "issuer_ordered": name_ordered(cert.issuer),
        "issuer_string": cert.issuer.rfc4514_string(),
        "serial": serial_hex(cert),
        "not_before": _iso(cert.not_valid_before_utc),
        "not_after": _iso(cert.not_valid_after_utc),
        "days_remaining": None,
        "expired": None,
        "is_ca": is_ca(cert),
        "self_signed": cert.issuer == cert.subject,
        "key_type": key_type,
        "key_size": key_size,
        "key_curve": curve,
        "signature_hash": sig_hash.name if sig_hash is not None else None,
        "fingerprints": certificate_fingerprints(cert),
    }


# ---------------------------------------------------------------- checks


def require_ca(
    cert: x509.Certificate, field: str = "ca_certificate", now: dt.datetime | None = None
) -> None:
    """A usable CA certificate: basicConstraints CA:TRUE and not expired."""
    if not is_ca(cert):
        raise VerificationError(
            f"{field}: {cert.subject.rfc4514_string()} is not a CA certificate "
            "(basicConstraints CA:TRUE missing)"
        )
    if is_expired(cert, now):
        raise VerificationError(
            f"{field}: CA certificate {cert.subject.rfc4514_string()} expired on "
            f"{_iso(cert.not_valid_after_utc)}"
        )


def load_public_key(data: str | bytes, field: str = "public_key") -> object:
    """A public key from ``show crypto key mypubkey`` hex (DER SubjectPublicKeyInfo) or PEM."""
    _need_cryptography()
    if isinstance(data, bytes) and data[:1] == b"\x30":
        der = data
    else:
        text = _as_text(data, field)
        if "-----BEGIN" in text:
            try:
                return serialization.load_pem_public_key(text.encode("ascii"))
            except ValueError as exc:
                raise ValidationError(f"{field}: not a valid PEM public key ({exc})") from exc
        der = ios_hex_to_der(text, field)
    try:
        return serialization.load_der_public_key(der)
    except ValueError as exc:
        raise ValidationError(f"{field}: not a valid public key ({exc})") from exc


def _spki(public_key: object) -> bytes:
    return public_key.public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_key_matches(cert: x509.Certificate, public_key: object) -> bool:
    """Whether the certificate certifies this key (``public_key``: key object, hex or PEM)."""
    if isinstance(public_key, str | bytes):
        public_key = load_public_key(public_key)
    return _spki(cert.public_key()) == _spki(public_key)


def require_key_match(
    cert: x509.Certificate, public_key: object, field: str = "certificate"
) -> None:
    if not public_key_matches(cert, public_key):
        raise VerificationError(
            f"{field}: the certificate's public key does not match the trustpoint's key pair"
        )


def chains_to(cert: x509.Certificate, ca_cert: x509.Certificate) -> bool:
    """Whether ``ca_cert`` issued ``cert``: issuer name matches and the signature verifies."""
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def require_chain(
    cert: x509.Certificate, ca_cert: x509.Certificate, field: str = "certificate"
) -> None:
    if not chains_to(cert, ca_cert):
        raise VerificationError(
            f"{field}: {cert.subject.rfc4514_string()} was not issued by the trustpoint's CA "
            f"{ca_cert.subject.rfc4514_string()} (issuer or signature does not match)"
        )


# ---------------------------------------------------------------- CSR


def normalize_csr_pem(text: str, field: str = "csr") -> str:
    """Proper PEM for a CSR as a router printed it, with or without BEGIN/END lines."""
    _need_cryptography()
    text = _as_text(text, field)
    text = _CSR_END_MARKER.sub("", text)
    text = re.sub(r"-----(BEGIN|END) (NEW )?CERTIFICATE REQUEST-----", "", text)
    der = _decode_base64(text, field)
    try:
        csr = x509.load_der_x509_csr(der)
    except ValueError as exc:
        raise ValidationError(f"{field}: not a valid certificate request ({exc})") from exc
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


# ---------------------------------------------------------------- private keys


_PRIVATE_KEY_LABELS = ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")


def load_private_key(
    key_pem: str | bytes,
    passphrase: str,
    field: str = "pem.private_key",
    certificate: x509.Certificate | None = None,
) -> object:
    """The key in exactly one PEM private-key block, readable with ``passphrase``.

    Nothing but whitespace may surround the block: the text is pasted to the router, where a
    stray ``quit`` or blank line ends the paste and what follows would run as commands. With
    ``certificate``, the key must be the one that certificate certifies.
    """
    text = _as_text(key_pem, field)
    blocks = list(_PEM_BLOCK.finditer(text))
    if len(blocks) != 1 or blocks[0].group(1) not in _PRIVATE_KEY_LABELS:
        raise ValidationError(f"{field}: expected exactly one PEM private key block")
    if (text[: blocks[0].start()] + text[blocks[0].end() :]).strip():
        raise ValidationError(f"{field}: only the PEM block is allowed, found text around it")
    try:
        key = serialization.load_pem_private_key(
            blocks[0].group(0).encode("ascii"), password=passphrase.encode("utf-8") or None
        )
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            f"{field}: cannot read the private key with the given passphrase"
        ) from exc
    if certificate is not None and _spki(key.public_key()) != _spki(certificate.public_key()):
        raise VerificationError(
            f"{field}: the private key does not match the certificate "
            f"{certificate.subject.rfc4514_string()}"
        )
    return key


def legacy_encrypted_key_pem(key_pem: str | bytes, passphrase: str, field: str = "pem.key") -> str:
    """Re-encrypt a (PKCS#8 or traditional) PEM key as legacy DES3 traditional PEM.

    Older IOS ``crypto pki import pem`` reads only ``Proc-Type: 4,ENCRYPTED`` /
    ``DEK-Info: DES-EDE3-CBC`` keys; cryptography writes AES there, so the envelope is built
    here the way OpenSSL does it (EVP_BytesToKey with MD5, one iteration).
    """
    _need_cryptography()
    text = _as_text(key_pem, field)
    password = passphrase.encode("utf-8")
    try:
        key = serialization.load_pem_private_key(text.encode("ascii"), password=password or None)
    except (ValueError, TypeError) as exc:
        raise ValidationError(
            f"{field}: cannot read the private key with the given passphrase"
        ) from exc
    if isinstance(key, rsa.RSAPrivateKey):
        label = "RSA PRIVATE KEY"
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        label = "EC PRIVATE KEY"
    else:
        raise ValidationError(f"{field}: only RSA and EC keys can be converted for IOS")
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    iv = os.urandom(8)
    cipher_key = _evp_bytes_to_key(password, iv[:8], 24)
    padder = padding.PKCS7(64).padder()
    padded = padder.update(der) + padder.finalize()
    encryptor = Cipher(TripleDES(cipher_key), modes.CBC(iv)).encryptor()
    body = base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")
    return (
        f"-----BEGIN {label}-----\n"
        "Proc-Type: 4,ENCRYPTED\n"
        f"DEK-Info: DES-EDE3-CBC,{iv.hex().upper()}\n"
        "\n"
        f"{_wrap64(body)}\n"
        f"-----END {label}-----\n"
    )


def _wrap64(body: str) -> str:
    compact = "".join(body.split())
    return "\n".join(compact[i : i + 64] for i in range(0, len(compact), 64))


def _evp_bytes_to_key(password: bytes, salt: bytes, length: int) -> bytes:
    derived = b""
    block = b""
    while len(derived) < length:
        block = hashlib.md5(block + password + salt).digest()
        derived += block
    return derived[:length]


__all__ = [
    "MAX_PEM_BYTES",
    "Fingerprint",
    "certificate_fingerprint",
    "certificate_fingerprints",
    "certificate_matches_fingerprint",
    "certificate_summary",
    "certificate_to_der",
    "certificate_to_ios_hex",
    "certificate_to_pem",
    "chains_to",
    "days_remaining",
    "der_to_ios_hex",
    "fingerprints_match",
    "format_ios_fingerprint",
    "ios_hex_to_der",
    "is_ca",
    "is_expired",
    "key_description",
    "legacy_encrypted_key_pem",
    "load_certificate",
    "load_certificates",
    "load_private_key",
    "load_public_key",
    "name_ordered",
    "normalize_csr_pem",
    "normalize_fingerprint",
    "public_key_matches",
    "require_ca",
    "require_chain",
    "require_key_match",
    "serial_hex",
]
