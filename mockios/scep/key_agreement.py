"""CMS key agreement for an EC recipient (RFC 5753 section 3.1, RFC 5652 section 6.2.2): the
content key of an EnvelopedData wrapped with a key that ephemeral-static ECDH and the ANSI
X9.63 KDF derive, so that a CA can envelope an issued certificate for a requester whose key
is ECDSA (RSA key transport needs an RSA recipient).

The scheme is dhSinglePass-stdDH-sha256kdf-scheme with AES-128 key wrap; the recipient is
named by issuer and serial number, as SCEP names its RSA recipients.
"""

from __future__ import annotations

import struct

from asn1crypto import cms, core, keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.x963kdf import X963KDF
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SCHEME = "dh_single_pass_std_dh_sha256kdf"
_SCHEME_OID = "1.3.132.1.11.1"  # dhSinglePass-stdDH-sha256kdf-scheme (SEC 1, RFC 5753)
WRAP = "aes128_wrap"
KEK_BYTES = 16

cms.KeyEncryptionAlgorithmId._map[_SCHEME_OID] = SCHEME
cms.KeyEncryptionAlgorithmId._reverse_map = None  # rebuilt from _map on next use
# The scheme's parameters name the key-wrap algorithm.
cms.KeyEncryptionAlgorithm._oid_specs = dict(cms.KeyEncryptionAlgorithm._oid_specs) | {
    SCHEME: cms.KeyEncryptionAlgorithm
}


class EccCmsSharedInfo(core.Sequence):
    """ECC-CMS-SharedInfo (RFC 5753 section 7.2): the KDF's shared info."""

    _fields = [
        ("key_info", cms.KeyEncryptionAlgorithm),
        ("entity_u_info", core.OctetString, {"explicit": 0, "optional": True}),
        ("supp_pub_info", core.OctetString, {"explicit": 2}),
    ]


class KeyAgreementError(ValueError):
    """The key agreement cannot be done or undone; `unsupported` for an unknown scheme."""

    def __init__(self, message: str, *, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


def recipient_info(
    cert: x509.Certificate, rid: cms.IssuerAndSerialNumber, content_key: bytes
) -> cms.RecipientInfo:
    """A `kari` RecipientInfo carrying `content_key` for the EC key of `cert`."""
    public = cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise KeyAgreementError("key agreement needs an EC recipient")
    ephemeral = ec.generate_private_key(public.curve)
    kek = _kek(ephemeral.exchange(ec.ECDH(), public))
    originator = keys.PublicKeyInfo.load(
        ephemeral.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    )
    return cms.RecipientInfo(
        name="kari",
        value={
            "version": "v3",
            "originator": cms.OriginatorIdentifierOrKey(name="originator_key", value=originator),
            "key_encryption_algorithm": {"algorithm": SCHEME, "parameters": {"algorithm": WRAP}},
            "recipient_encrypted_keys": [
                {
                    "rid": cms.KeyAgreementRecipientIdentifier(
                        name="issuer_and_serial_number", value=rid
                    ),
                    "encrypted_key": aes_key_wrap(kek, content_key),
                }
            ],
        },
    )


def content_key(
    info: cms.KeyAgreeRecipientInfo, encrypted_key: bytes, key: ec.EllipticCurvePrivateKey
) -> bytes:
    """The content key a `kari` RecipientInfo wrapped for `key`."""
    algorithm = info["key_encryption_algorithm"]
    if algorithm["algorithm"].native != SCHEME:
        raise KeyAgreementError(
            f"unsupported key agreement {algorithm['algorithm'].dotted}", unsupported=True
        )
    if algorithm["parameters"]["algorithm"].native != WRAP:
        raise KeyAgreementError("unsupported key wrap", unsupported=True)
    originator = info["originator"]
    if originator.name != "originator_key":
        raise KeyAgreementError("the originator's key is not in the message", unsupported=True)
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(
            key.curve, originator.chosen["public_key"].native
        )
        return aes_key_unwrap(_kek(key.exchange(ec.ECDH(), peer)), encrypted_key)
    except (ValueError, InvalidUnwrap):
        raise KeyAgreementError("the envelope does not decrypt with this key") from None


def _kek(shared_secret: bytes) -> bytes:
    shared_info = EccCmsSharedInfo(
        {
            "key_info": {"algorithm": WRAP},
            "supp_pub_info": struct.pack(">I", KEK_BYTES * 8),
        }
    ).dump()
    return X963KDF(hashes.SHA256(), KEK_BYTES, shared_info).derive(shared_secret)
