"""The lab CA's key rollover over real SCEP (HTTP on loopback): `roll_over` makes a rollover
issuing CA that GetNextCACert hands out signed by the active one, a request enveloped for it
gets a shadow certificate valid from the rollover CA's start, and once the lab's clock passes
the active CA's end the rollover CA is the one GetCACert serves."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from mockios import clock
from mockios.pki.keypool import generate_key
from mockios.pki.lab_ca import LabCA
from mockios.scep import client as scep_client
from mockios.scep.attributes import PkiStatus
from mockios.scep.messages import ScepError


@pytest.fixture
def lab_clock(state_dir):
    clock.use_state_dir(state_dir)
    yield state_dir
    clock.use_state_dir(None)


def _client(state_dir) -> scep_client.ScepClient:
    port = json.loads((state_dir / "hosts.json").read_text())["ca.netpki.lab"]["http_port"]
    return scep_client.ScepClient(f"http://127.0.0.1:{port}/scep", post=False)


def test_the_lab_ca_rolls_over(lab_clock) -> None:
    lab = LabCA(lab_clock / "ca")
    active = lab.issuing.cert
    client = _client(lab_clock)
    assert "GetNextCACert" not in client.capabilities()
    with pytest.raises(ScepError, match="HTTP 404"):
        client.next_ca_certificates(active)

    shadow = lab.roll_over().cert
    assert lab.roll_over().cert == shadow  # once
    assert "GetNextCACert" in _client(lab_clock).capabilities()
    assert client.next_ca_certificates(active) == [shadow]
    assert shadow.subject == active.subject and shadow.public_key() != active.public_key()
    assert shadow.not_valid_before_utc == active.not_valid_after_utc
    shadow.verify_directly_issued_by(lab.root.cert)

    key = generate_key("rsa", 2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "r2.lab.example")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
    enrollment = scep_client.enroll(client, csr, key, [shadow])
    assert enrollment.answer.status is PkiStatus.SUCCESS
    issued = enrollment.certificate
    assert issued is not None
    issued.verify_directly_issued_by(shadow)
    assert issued.not_valid_before_utc == shadow.not_valid_before_utc

    ahead = (active.not_valid_after_utc - datetime.now(UTC)).total_seconds() + 3600
    clock.write_offset(lab_clock, ahead)
    served = scep_client.ca_certs.issuing_ca(client.ca_certificates())
    assert served == shadow
    assert LabCA(lab_clock / "ca").issuing.cert == shadow
    assert LabCA(lab_clock / "ca").rollover_identity() is None
    assert (lab_clock / "ca" / "issuing-previous.cert.pem").exists()
