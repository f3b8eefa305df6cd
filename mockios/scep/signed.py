"""CMS SignedData (RFC 5652 section 5) with signed attributes, as every SCEP PKI message is.

cryptography's PKCS7SignatureBuilder cannot add SCEP's attributes (messageType,
transactionID, nonces, pkiStatus, failInfo), so the structure is built and read here with
asn1crypto and the signatures made and checked with cryptography: RSA PKCS#1 v1.5, or
ECDSA when the signer's key is EC (a requester with an EC key signs its PKCSReq with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.pki.ios_format import now

from . import attributes  # noqa: F401  (registers the SCEP attribute types)
from .envelope import issuer_and_serial

SigningKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey  # a SCEP signer's key

DIGESTS = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha512": hashes.SHA512}


class SignatureError(ValueError):
    """The message is not a well-formed SignedData, or its signature does not verify."""

    def __init__(self, message: str, *, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


@dataclass
class SignedMessage:
    """What a SignedData carries, once read (its signature not yet checked)."""

    content: bytes | None
    attributes: dict[str, object]
    certificates: list[x509.Certificate]
    digest: str
    signer: cms.SignerInfo = field(repr=False)

    def signer_certificate(self, candidates: list[x509.Certificate]) -> x509.Certificate | None:
        """The certificate among `candidates` named by the signer's issuer and serial."""
        sid = self.signer["sid"]
        if sid.name != "issuer_and_serial_number":
            return None
        wanted = sid.chosen
        for cert in candidates:
            named = issuer_and_serial(cert)
            if (
                named["serial_number"].native == wanted["serial_number"].native
                and named["issuer"] == wanted["issuer"]
            ):
                return cert
        return None

    def verify(self, signer_cert: x509.Certificate) -> None:
        """Check the message digest and the signature over the signed attributes."""
        hash_class = DIGESTS[self.digest]
        expected = _digest(hash_class(), self.content or b"")
        if self.attributes.get("message_digest") != expected:
            raise SignatureError("the messageDigest attribute does not match the content")
        key = signer_cert.public_key()
        signed = _attributes_as_set(self.signer["signed_attrs"])
        signature = self.signer["signature"].native
        try:
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(signature, signed, PKCS1v15(), hash_class())
            elif isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(signature, signed, ec.ECDSA(hash_class()))
            else:
                raise SignatureError("only RSA and ECDSA signers are supported", unsupported=True)
        except InvalidSignature:
            raise SignatureError("the signature does not verify") from None


def sign(
    content: bytes | None,
    scep_attributes: dict[str, object],
    signer_cert: x509.Certificate,
    signer_key: SigningKey,
    digest: str = "sha256",
    certificates: list[x509.Certificate] | None = None,
) -> bytes:
    """A DER ContentInfo: `content` (absent when None) signed with SCEP's attributes.

    `certificates` travel in the message; the signer's certificate is always among them.
    """
    hash_class = DIGESTS[digest]
    signed_attrs = [
        {"type": "content_type", "values": ["data"]},
        {"type": "signing_time", "values": [cms.Time(name="utc_time", value=now())]},
        {"type": "message_digest", "values": [_digest(hash_class(), content or b"")]},
    ] + [{"type": name, "values": [value]} for name, value in scep_attributes.items()]
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                name="issuer_and_serial_number", value=issuer_and_serial(signer_cert)
            ),
            "digest_algorithm": {"algorithm": digest},
            "signed_attrs": signed_attrs,
            "signature_algorithm": {"algorithm": _signature_algorithm(signer_key, digest)},
            "signature": b"",
        }
    )
    # Signed as they are encoded in the message, so that both sides hash the same bytes.
    to_sign = _attributes_as_set(signer_info["signed_attrs"])
    if isinstance(signer_key, ec.EllipticCurvePrivateKey):
        signer_info["signature"] = signer_key.sign(to_sign, ec.ECDSA(hash_class()))
    else:
        signer_info["signature"] = signer_key.sign(to_sign, PKCS1v15(), hash_class())
    carried = [signer_cert] + [cert for cert in certificates or [] if cert != signer_cert]
    encapsulated = {"content_type": "data"}
    if content is not None:
        encapsulated["content"] = content
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [{"algorithm": digest}],
            "encap_content_info": encapsulated,
            "certificates": [_asn1_cert(cert) for cert in carried],
            "signer_infos": [signer_info],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


def read(der: bytes) -> SignedMessage:
    """Read a SignedData ContentInfo with exactly one signer (its signature unchecked)."""
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            raise SignatureError(f"not a SignedData but {info['content_type'].native}")
        signed_data = info["content"]
        signers = signed_data["signer_infos"]
        if len(signers) != 1:
            raise SignatureError(f"expected one signer, found {len(signers)}")
        signer = signers[0]
        digest = signer["digest_algorithm"]["algorithm"].native
        content = signed_data["encap_content_info"]["content"]
        attrs = {attr["type"].native: attr["values"][0].native for attr in signer["signed_attrs"]}
        certificates = [
            x509.load_der_x509_certificate(choice.chosen.dump())
            for choice in signed_data["certificates"] or []
            if choice.name == "certificate"
        ]
    except (ValueError, TypeError, KeyError, IndexError) as error:
        if isinstance(error, SignatureError):
            raise
        raise SignatureError(f"malformed SignedData: {error}") from None
    if digest not in DIGESTS:
        raise SignatureError(f"unsupported digest {digest}", unsupported=True)
    return SignedMessage(
        content=None if content.native is None else content.native,
        attributes=attrs,
        certificates=certificates,
        digest=digest,
        signer=signer,
    )


def _signature_algorithm(key: SigningKey, digest: str) -> str:
    """asn1crypto's name of the SignerInfo's signatureAlgorithm (ecdsa-with-SHA256 and its
    kin name their digest; RSA's rsaEncryption does not)."""
    return f"{digest}_ecdsa" if isinstance(key, ec.EllipticCurvePrivateKey) else "rsassa_pkcs1v15"


def _attributes_as_set(signed: cms.CMSAttributes) -> bytes:
    """The signed attributes as signed: their DER with the universal SET tag, not [0]."""
    return b"\x31" + signed.dump()[1:]


def _digest(hash_algorithm: hashes.HashAlgorithm, data: bytes) -> bytes:
    hasher = hashes.Hash(hash_algorithm)
    hasher.update(data)
    return hasher.finalize()


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
