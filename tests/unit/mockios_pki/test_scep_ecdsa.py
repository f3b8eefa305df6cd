"""The ECDSA lab CA (Suite-B) and SCEP with EC keys: a P-384 CA serving SCEP through its RSA
RA (GetCACert's CA/RA chain, requests enveloped for the RA, CertReps signed by it), an EC
requester signing with ECDSA and receiving its certificate by ECDH key agreement, and a
lab CA that keeps the key type it was created with."""

from __future__ import annotations

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AttributeOID, NameOID, SignatureAlgorithmOID

from mockios.pki.keypool import generate_key
from mockios.pki.lab_ca import LabCA
from mockios.scep import ca_certs, envelope, messages, signed
from mockios.scep.attributes import PkiStatus
from mockios.scep.client import requester_certificate
from mockios.scep.responder import Responder


@pytest.fixture(scope="module")
def ec_lab(tmp_path_factory: pytest.TempPathFactory) -> LabCA:
    return LabCA(tmp_path_factory.mktemp("ecdsa") / "ca").init_keys("ec", 384)


def _csr(key, name: str):
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    builder = builder.add_attribute(AttributeOID.CHALLENGE_PASSWORD, b"lab-challenge")
    return builder.sign(key, hashes.SHA256())


def test_the_ecdsa_lab_is_p384_signed_with_sha384_and_has_an_rsa_ra(ec_lab):
    for identity in (ec_lab.root, ec_lab.issuing):
        assert isinstance(identity.key, ec.EllipticCurvePrivateKey)
        assert identity.key.curve.key_size == 384
        assert identity.cert.signature_algorithm_oid == SignatureAlgorithmOID.ECDSA_WITH_SHA384
    ra_sign, ra_encrypt = ec_lab.ra
    for identity in ec_lab.ra:
        assert isinstance(identity.key, rsa.RSAPrivateKey)
        identity.cert.verify_directly_issued_by(ec_lab.issuing.cert)
    assert ra_sign.cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    usage = ra_encrypt.cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_encipherment and not usage.digital_signature


def test_an_rsa_lab_has_no_ra_and_keeps_its_key_type(tmp_path):
    lab = LabCA(tmp_path / "ca").ensure()
    assert lab.ra is None and isinstance(lab.issuing.key, rsa.RSAPrivateKey)
    with pytest.raises(ValueError, match="already exists"):
        lab.init_keys("ec", 256)
    lab.init_keys("rsa")  # the same type again is no change
    with pytest.raises(ValueError, match="curve"):
        LabCA(tmp_path / "other").init_keys("ec", 521)


def test_get_ca_cert_is_the_ca_ra_chain_and_the_recipient_is_the_ra(ec_lab):
    body, content_type = Responder(ec_lab).ca_certificates()
    assert content_type == ca_certs.CA_RA_CHAIN
    chain = ca_certs.read(body, content_type)
    assert ca_certs.issuing_ca(chain) == ec_lab.issuing.cert  # the CA is pinned, not the RA
    assert ca_certs.recipient(chain) == ec_lab.ra[1].cert
    roles = dict(ca_certs.ra_certificates(chain))
    assert roles == {"ra-sign": ec_lab.ra[0].cert, "ra-encrypt": ec_lab.ra[1].cert}


@pytest.mark.parametrize("curve", [256, 384])
def test_an_ec_requester_enrolls_through_the_ra(ec_lab, curve):
    key = generate_key("ec", curve)
    csr = _csr(key, f"ec-{curve}")
    signer = requester_certificate(key, csr.subject)
    body, content_type = Responder(ec_lab).ca_certificates()
    chain = ca_certs.read(body, content_type)
    sent = messages.pkcs_req(csr, key, signer, ca_certs.recipient(chain))

    # The PKCSReq is signed with the EC key itself (ECDSA).
    signer_info = cms.ContentInfo.load(sent.der)["content"]["signer_infos"][0]
    assert signer_info["signature_algorithm"]["algorithm"].native == "sha256_ecdsa"

    der = Responder(ec_lab, "lab-challenge").pki_operation(sent.der, "unit test")
    answer = messages.read_cert_rep(der, sent, key, chain)
    assert answer.status is PkiStatus.SUCCESS
    (issued,) = answer.certificates
    issued.verify_directly_issued_by(ec_lab.issuing.cert)
    assert issued.signature_algorithm_oid == SignatureAlgorithmOID.ECDSA_WITH_SHA384
    assert issued.public_key() == key.public_key()
    # The RA signed the CertRep; the certificate came by ECDH key agreement.
    message = signed.read(der)
    assert message.signer_certificate(chain) == ec_lab.ra[0].cert
    recipient = cms.ContentInfo.load(message.content)["content"]["recipient_infos"][0]
    assert recipient.name == "kari"


def test_an_envelope_for_an_ec_key_opens_with_that_key_only():
    key = generate_key("ec", 256)
    cert = requester_certificate(key, x509.Name([]))
    der = envelope.envelop(b"issued certificate", [cert], "AES256")
    assert envelope.open_envelope(der, cert, key) == (b"issued certificate", "AES256")
    other = generate_key("ec", 256)
    with pytest.raises(envelope.EnvelopeError):
        envelope.open_envelope(der, cert, other)
    with pytest.raises(envelope.EnvelopeError, match="AES or 3DES"):
        envelope.envelop(b"x", [cert], "DES")  # a DES key is too short to wrap
