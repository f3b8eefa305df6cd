from __future__ import annotations

import time
from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from mockios.pki import scep
from mockios.pki.csr import RequestContent, build_csr
from mockios.pki.keypool import generate_key
from mockios.pki.lab_ca import LabCA


def _csr(**content):
    key = generate_key("rsa", 1024)
    return key, build_csr(key, RequestContent(**content))


def test_issuing_ca_is_issued_by_root_and_persisted(lab, lab_dir):
    lab.issuing.cert.verify_directly_issued_by(lab.root.cert)
    again = LabCA(lab_dir)
    assert again.issuing.der == lab.issuing.der
    assert again.root.der == lab.root.der
    assert (lab_dir / "issuing.cert.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_mitm_ca_copies_the_subject_but_not_the_key(lab):
    assert lab.mitm.cert.subject == lab.issuing.cert.subject
    assert lab.mitm.cert.fingerprint(hashes.SHA256()) != lab.issuing.cert.fingerprint(
        hashes.SHA256()
    )


def test_sign_carries_subject_serial_ip_and_san(lab):
    key, csr = _csr(subject_name="CN=R1.lab, O=Lab", fqdn="R1.lab", serial="FTX1", ip="10.1.1.1")
    cert = lab.sign(csr)
    cert.verify_directly_issued_by(lab.issuing.cert)
    assert cert.subject == csr.subject
    assert cert.public_key().public_numbers() == key.public_key().public_numbers()
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["R1.lab"]
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["10.1.1.1"]


def test_lifetime_setting_and_override(lab):
    _, csr = _csr(fqdn="R2.lab")
    lab.update_settings(lifetime_seconds=120)
    short = lab.sign(csr)
    assert short.not_valid_after_utc - short.not_valid_before_utc == timedelta(seconds=120)
    longer = lab.sign(csr, timedelta(days=10))
    assert longer.not_valid_after_utc - longer.not_valid_before_utc == timedelta(days=10)


def test_serials_increase(lab):
    _, csr = _csr(fqdn="R3.lab")
    assert lab.sign(csr).serial_number + 1 == lab.sign(csr).serial_number


def test_revoke_lists_serial_in_signed_crl(lab):
    _, csr = _csr(fqdn="R4.lab")
    cert = lab.sign(csr)
    crl = lab.revoke(cert.serial_number)
    assert crl.is_signature_valid(lab.issuing.key.public_key())
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None
    assert lab.is_revoked(cert.serial_number)
    with pytest.raises(KeyError):
        lab.revoke(0xFFFFFF)


def test_scep_auto_grants_at_once(lab):
    _, csr = _csr(fqdn="R5.lab")
    request = scep.submit(lab, csr, "R5")
    assert request.state == "granted"
    assert request.certificate(lab).subject == csr.subject


def test_scep_manual_stays_pending_until_granted_by_another_process_view(lab, lab_dir):
    lab.update_settings(mode="manual")
    _, csr = _csr(fqdn="R6.lab")
    request = scep.submit(lab, csr, "R6")
    assert scep.poll(lab, request.id).state == "pending"
    assert request.id in [pending.id for pending in scep.pending(lab)]
    scep.grant(LabCA(lab_dir), request.id)  # as `mockios ca grant` would, from its own view
    granted = scep.poll(lab, request.id)
    assert granted.state == "granted"
    assert granted.certificate(lab).subject == csr.subject


def test_scep_delay_grants_on_first_poll_after_delay(lab):
    lab.update_settings(mode="delay", delay_seconds=0.05)
    _, csr = _csr(fqdn="R7.lab")
    request = scep.submit(lab, csr, "R7")
    assert request.state == "pending"
    lab.update_settings(mode="auto")
    time.sleep(0.06)
    assert scep.poll(lab, request.id).state == "granted"


def test_scep_forced_pending_and_reject(lab):
    _, csr = _csr(fqdn="R8.lab")
    assert scep.submit(lab, csr, "R8", force="pending").state == "pending"
    assert scep.submit(lab, csr, "R8", force="reject").state == "rejected"
