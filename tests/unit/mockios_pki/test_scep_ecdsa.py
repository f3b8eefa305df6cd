"""The ECDSA lab CA (Suite-B) and SCEP with EC keys: a P-384 CA serving SCEP through its RSA
RA (GetCACert's CA/RA chain, requests enveloped for the RA, CertReps signed by it), an EC
requester signing with ECDSA and receiving its certificate by ECDH key agreement, and a
lab CA that keeps the key type it was created with."""

from __future__ import annotations

import shutil

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import AttributeOID, NameOID, SignatureAlgorithmOID

from mockios.device import Device
from mockios.hosts import write_hosts
from mockios.lab_services import start_lab_services
from mockios.pki.device_certs import find_cert
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


# ---- a router with an EC key and the ECDSA lab, through the core ----------------------


@pytest.fixture
def state_dir(tmp_path, ec_lab):
    """(This module's) a state dir whose lab CA is the ECDSA one, served over SCEP by name:
    `make_router` builds its routers there."""
    shutil.copytree(ec_lab.directory, tmp_path / "ca")
    services = start_lab_services(tmp_path)
    write_hosts(tmp_path, services.hosts)
    try:
        yield tmp_path
    finally:
        services.stop()


def test_a_router_with_an_ec_key_enrolls_and_keeps_the_ra_certificates(
    make_router, state_dir, ec_lab
):
    cli = make_router(flavor="iosxe17")
    cli.config(
        "crypto key generate ec keysize 256 label EC-KEY",
        "crypto pki trustpoint TP",
        "enrollment url http://ca.netpki.lab",
        "eckeypair EC-KEY",
        "serial-number none",
        "ip-address none",
        "password lab-challenge",
        "revocation-check none",
        "exit",
    )
    shown = cli.dialog("crypto pki authenticate TP", "yes")
    assert ec_lab.issuing.cert.fingerprint(hashes.SHA1()).hex().upper()[:8] in shown
    assert "% Certificate request sent" in cli.dialog("crypto pki enroll TP", "yes")
    cli.device.run_pending_timers()  # the poll that receives the certificate
    cli.type("end")

    cert = find_cert(cli.device, "TP", "router")
    cert.verify_directly_issued_by(ec_lab.issuing.cert)
    assert (
        cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        == cli.device.keys["EC-KEY"].public_der
    )
    headings = [line for line in cli.type("show crypto pki certificates TP").splitlines()]
    assert headings.count("RA Signature Certificate") == 1
    assert headings.count("RA KeyEncipher Certificate") == 1
    chain = cli.type("show running-config | section certificate chain TP")
    assert " certificate ra-sign 03" in chain and " certificate ra-encrypt 04" in chain

    # The RA's certificates come back with the configuration after a restart.
    cli.type("write memory")
    cli.session.close()
    cli.device.shutdown()
    again = Device("R1", "iosxe17", state_dir)
    assert find_cert(again, "TP", "ra-sign") == ec_lab.ra[0].cert
    assert find_cert(again, "TP", "ra-encrypt") == ec_lab.ra[1].cert
