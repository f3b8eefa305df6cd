"""CMS EnvelopedData (RFC 5652 section 6) as SCEP uses it: the content encrypted with a
fresh symmetric key, that key encrypted with RSA PKCS#1 v1.5 for each recipient certificate
(or, for an EC recipient, wrapped by ECDH key agreement: `key_agreement`), recipients named
by issuer and serial number.

cryptography's PKCS7EnvelopeBuilder offers AES only and its decrypter no DES, while SCEP
peers use DES and 3DES as well (micromdm answers with DES); so the structure is built and
read here with asn1crypto.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from asn1crypto import cms, parser
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from . import key_agreement


class EnvelopeError(ValueError):
    """The envelope cannot be opened; `unsupported` when an algorithm is the reason."""

    def __init__(self, message: str, *, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


@dataclass(frozen=True)
class _Cipher:
    oid_name: str  # asn1crypto's name of the content-encryption algorithm
    key_size: int
    block_size: int

    def cipher(self, key: bytes, iv: bytes) -> Cipher:
        algorithm = TripleDES(key) if self.block_size == 8 else algorithms.AES(key)
        return Cipher(algorithm, modes.CBC(iv))


# By the names GetCACaps uses; "DES" is single DES (a 3DES key of three equal halves).
CIPHERS = {
    "AES": _Cipher("aes128_cbc", 16, 16),
    "AES256": _Cipher("aes256_cbc", 32, 16),
    "DES3": _Cipher("tripledes_3key", 24, 8),
    "DES": _Cipher("des", 8, 8),
}
_BY_OID_NAME = {spec.oid_name: spec for spec in CIPHERS.values()}


def cipher_for(capabilities: set[str]) -> str:
    """The strongest content cipher a CA's GetCACaps allows (RFC 8894 section 3.5.2)."""
    if "AES" in capabilities or "SCEPStandard" in capabilities:
        return "AES"
    return "DES3" if "DES3" in capabilities else "DES"


def issuer_and_serial(cert: x509.Certificate) -> cms.IssuerAndSerialNumber:
    return cms.IssuerAndSerialNumber(
        {
            "issuer": asn1_x509.Name.load(cert.issuer.public_bytes()),
            "serial_number": cert.serial_number,
        }
    )


def envelop(content: bytes, recipients: list[x509.Certificate], cipher: str = "AES") -> bytes:
    """A DER ContentInfo holding `content` enveloped for every certificate of `recipients`."""
    spec = CIPHERS[cipher]
    key = os.urandom(spec.key_size)
    iv = os.urandom(spec.block_size)
    padder = padding.PKCS7(spec.block_size * 8).padder()
    padded = padder.update(content) + padder.finalize()
    encryptor = spec.cipher(key, iv).encryptor()
    encrypted = encryptor.update(padded) + encryptor.finalize()
    recipient_infos = [_recipient_info(cert, key) for cert in recipients]
    # RFC 5652 section 6.1: v2 when a RecipientInfo is not v0 (key agreement is v3).
    plain = all(info.name == "ktri" for info in recipient_infos)
    enveloped = cms.EnvelopedData(
        {
            "version": "v0" if plain else "v2",
            "recipient_infos": recipient_infos,
            "encrypted_content_info": {
                "content_type": "data",
                "content_encryption_algorithm": {"algorithm": spec.oid_name, "parameters": iv},
                "encrypted_content": encrypted,
            },
        }
    )
    return cms.ContentInfo({"content_type": "enveloped_data", "content": enveloped}).dump()


def _recipient_info(cert: x509.Certificate, content_key: bytes) -> cms.RecipientInfo:
    """RSA key transport, or key agreement for an EC certificate (an EC requester)."""
    if isinstance(cert.public_key(), ec.EllipticCurvePublicKey):
        if len(content_key) < 16:
            raise EnvelopeError("an EC recipient needs an AES or 3DES key", unsupported=True)
        return key_agreement.recipient_info(cert, issuer_and_serial(cert), content_key)
    return cms.RecipientInfo(
        name="ktri",
        value={
            "version": "v0",
            "rid": cms.RecipientIdentifier(
                name="issuer_and_serial_number", value=issuer_and_serial(cert)
            ),
            "key_encryption_algorithm": {"algorithm": "rsaes_pkcs1v15"},
            "encrypted_key": _rsa_public(cert).encrypt(content_key, PKCS1v15()),
        },
    )


def open_envelope(
    der: bytes, cert: x509.Certificate, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
) -> tuple[bytes, str]:
    """The content enveloped for `cert`, and the name of the cipher it was encrypted with."""
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "enveloped_data":
            raise EnvelopeError(f"not an EnvelopedData but {info['content_type'].native}")
        enveloped = info["content"]
        recipient = _recipient_for(enveloped["recipient_infos"], cert)
        encrypted_info = enveloped["encrypted_content_info"]
        algorithm = encrypted_info["content_encryption_algorithm"]
        name = algorithm["algorithm"].native
        encrypted = _encrypted_content(encrypted_info)
    except (ValueError, TypeError, KeyError) as error:
        if isinstance(error, EnvelopeError):
            raise
        raise EnvelopeError(f"malformed EnvelopedData: {error}") from None
    spec = _BY_OID_NAME.get(name)
    if spec is None:
        raise EnvelopeError(f"unsupported content cipher {name}", unsupported=True)
    content_key = _content_key(recipient, key)
    try:
        decryptor = spec.cipher(content_key, algorithm["parameters"].native).decryptor()
        padded = decryptor.update(encrypted or b"") + decryptor.finalize()
        unpadder = padding.PKCS7(spec.block_size * 8).unpadder()
        content = unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise EnvelopeError("the envelope does not decrypt with this key") from None
    cipher = next(label for label, known in CIPHERS.items() if known is spec)
    return content, cipher


def _encrypted_content(info: cms.EncryptedContentInfo) -> bytes:
    """The ciphertext, [0] IMPLICIT OCTET STRING: primitive as DER has it, or constructed of
    OCTET STRING chunks as BER allows (Go's pkcs7, micromdm's, writes it so)."""
    for class_, method, tag, contents in _elements(info.contents):
        if class_ == 2 and tag == 0:
            if method == 0:
                return contents
            return b"".join(chunk for *_head, chunk in _elements(contents))
    return b""


def _elements(data: bytes) -> list[tuple[int, int, int, bytes]]:
    """The (class, method, tag, contents) of each element encoded one after another."""
    found, offset = [], 0
    while offset < len(data):
        size = parser.peek(data[offset:])
        class_, method, tag, _header, contents, _trailer = parser.parse(
            data[offset : offset + size]
        )
        found.append((class_, method, tag, contents))
        offset += size
    return found


def _content_key(
    recipient: tuple[cms.RecipientInfo, bytes],
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
) -> bytes:
    """The content key of `recipient` (its RecipientInfo and encrypted key), opened by `key`."""
    info, encrypted_key = recipient
    if info.name == "kari" and isinstance(key, ec.EllipticCurvePrivateKey):
        try:
            return key_agreement.content_key(info.chosen, encrypted_key, key)
        except key_agreement.KeyAgreementError as error:
            raise EnvelopeError(str(error), unsupported=error.unsupported) from None
    if info.name != "ktri" or not isinstance(key, rsa.RSAPrivateKey):
        raise EnvelopeError("the envelope's key management does not suit this key")
    if info.chosen["key_encryption_algorithm"]["algorithm"].native != "rsaes_pkcs1v15":
        raise EnvelopeError("unsupported key transport", unsupported=True)
    try:
        return key.decrypt(encrypted_key, PKCS1v15())
    except ValueError:
        raise EnvelopeError("the envelope does not decrypt with this key") from None


def _recipient_for(
    infos: cms.RecipientInfos, cert: x509.Certificate
) -> tuple[cms.RecipientInfo, bytes]:
    """The RecipientInfo naming `cert`, and the content key it carries (still encrypted)."""
    wanted = issuer_and_serial(cert)
    for info in infos:
        if info.name == "ktri":
            rid = info.chosen["rid"]
            if rid.name == "issuer_and_serial_number" and _same_id(rid.chosen, wanted):
                return info, info.chosen["encrypted_key"].native
        elif info.name == "kari":
            for encrypted in info.chosen["recipient_encrypted_keys"]:
                rid = encrypted["rid"]
                if rid.name == "issuer_and_serial_number" and _same_id(rid.chosen, wanted):
                    return info, encrypted["encrypted_key"].native
    raise EnvelopeError("no recipient of the envelope is this certificate")


def _same_id(one: cms.IssuerAndSerialNumber, other: cms.IssuerAndSerialNumber) -> bool:
    return (
        one["serial_number"].native == other["serial_number"].native
        and one["issuer"] == other["issuer"]
    )


def _rsa_public(cert: x509.Certificate) -> rsa.RSAPublicKey:
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise EnvelopeError("SCEP envelopes need an RSA recipient", unsupported=True)
    return key
