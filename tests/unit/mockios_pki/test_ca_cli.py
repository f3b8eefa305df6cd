from __future__ import annotations

import argparse
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from mockios.pki import ca_cli, scep
from mockios.pki.csr import RequestContent, build_csr, csr_base64_lines
from mockios.pki.ios_format import normalize_fingerprint
from mockios.pki.keypool import generate_key


def _run(capsys, *argv: str) -> str:
    parser = argparse.ArgumentParser(prog="mockios")
    ca_cli.register(parser.add_subparsers(dest="command"))
    assert ca_cli.run(parser.parse_args(list(argv))) == 0
    return capsys.readouterr().out


@pytest.fixture
def state_dir(lab_dir, lab):
    return lab_dir.parent


def test_cert_prints_issuing_pem(capsys, state_dir, lab):
    out = _run(capsys, "ca", "--state-dir", str(state_dir), "cert")
    assert x509.load_pem_x509_certificate(out.encode()) == lab.issuing.cert


def test_fingerprints_match_cryptography(capsys, state_dir, lab):
    out = _run(capsys, "ca", "--state-dir", str(state_dir), "fingerprints")
    printed = dict(line.split(":", 1) for line in out.splitlines()[1:])
    assert normalize_fingerprint(printed["SHA256"]) == (
        lab.issuing.cert.fingerprint(hashes.SHA256()).hex().upper()
    )
    assert normalize_fingerprint(printed["MD5"]) == (
        lab.issuing.cert.fingerprint(hashes.MD5()).hex().upper()
    )


def test_sign_accepts_the_ios_display_without_framing(capsys, state_dir, tmp_path, lab):
    csr = build_csr(generate_key("rsa", 1024), RequestContent(fqdn="R9.lab"))
    shown = ["Certificate Request follows:", ""] + csr_base64_lines(csr, False)
    shown.append("---End - This line not part of the certificate request---")
    path = tmp_path / "r9.csr"
    path.write_text("\n".join(shown))
    out = _run(
        capsys, "ca", "--state-dir", str(state_dir), "sign", "--csr", str(path), "--days", "2"
    )
    cert = x509.load_pem_x509_certificate(out.encode())
    assert cert.subject == csr.subject
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 2


def test_mode_grant_and_revoke(capsys, state_dir, lab):
    _run(capsys, "ca", "--state-dir", str(state_dir), "mode", "manual")
    request = scep.submit(
        lab, build_csr(generate_key("rsa", 1024), RequestContent(fqdn="R10")), "R10"
    )
    assert request.state == "pending"
    assert request.id in _run(capsys, "ca", "--state-dir", str(state_dir), "requests")
    out = _run(capsys, "ca", "--state-dir", str(state_dir), "grant", request.id)
    assert "granted" in out
    granted = scep.poll(lab, request.id)
    assert granted.state == "granted"
    _run(capsys, "ca", "--state-dir", str(state_dir), "revoke", granted.serial)
    assert lab.is_revoked(int(granted.serial, 16))


def test_lifetime_chain_root_and_reject(capsys, state_dir, lab):
    _run(capsys, "ca", "--state-dir", str(state_dir), "lifetime", "90s")
    assert lab.lifetime().total_seconds() == 90
    _run(capsys, "ca", "--state-dir", str(state_dir), "lifetime", "2d")
    assert lab.lifetime().days == 2
    chain = _run(capsys, "ca", "--state-dir", str(state_dir), "cert", "--chain")
    certs = x509.load_pem_x509_certificates(chain.encode())
    assert certs == [lab.issuing.cert, lab.root.cert]
    out = _run(capsys, "ca", "--state-dir", str(state_dir), "fingerprints", "--root")
    assert "netpki Lab Root CA" in out
    _run(capsys, "ca", "--state-dir", str(state_dir), "mode", "delay", "30")
    assert lab.settings()["mode"] == "delay" and lab.settings()["delay_seconds"] == 30
    request = scep.submit(
        lab, build_csr(generate_key("rsa", 1024), RequestContent(fqdn="R11")), "R11"
    )
    assert "rejected" in _run(capsys, "ca", "--state-dir", str(state_dir), "reject", request.id)
    assert scep.poll(lab, request.id).state == "rejected"


def test_errors_are_reported_not_raised(capsys, state_dir):
    parser = argparse.ArgumentParser(prog="mockios")
    ca_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["ca", "--state-dir", str(state_dir), "revoke", "ABCDEF"])
    assert ca_cli.run(args) == 1
    assert "no certificate with serial ABCDEF" in capsys.readouterr().err


def test_reject_without_id_rejects_every_pending_request(capsys, state_dir, lab):
    _run(capsys, "ca", "--state-dir", str(state_dir), "mode", "manual")
    requests = [
        scep.submit(lab, build_csr(generate_key("rsa", 1024), RequestContent(fqdn=name)), name)
        for name in ("R12", "R13")
    ]
    out = _run(capsys, "ca", "--state-dir", str(state_dir), "reject")
    assert out.count("rejected") == 2
    assert [scep.poll(lab, r.id).state for r in requests] == ["rejected", "rejected"]
    assert scep.pending(lab) == []


def _crl_number(crl: x509.CertificateRevocationList) -> int:
    return crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number


def test_revoke_issues_a_new_signed_crl_with_the_next_number(capsys, state_dir, lab):
    _run(capsys, "ca", "--state-dir", str(state_dir), "crl-lifetime", "90s")
    before = lab.crl()
    cert = lab.sign(build_csr(generate_key("rsa", 1024), RequestContent(fqdn="R14")))
    out = _run(capsys, "ca", "--state-dir", str(state_dir), "revoke", f"{cert.serial_number:X}")
    after = lab.crl()
    assert f"CRL number {_crl_number(after)}" in out
    assert _crl_number(after) == _crl_number(before) + 1
    assert after.is_signature_valid(lab.issuing.cert.public_key())
    assert after.get_revoked_certificate_by_serial_number(cert.serial_number) is not None
    assert (after.next_update_utc - after.last_update_utc).total_seconds() == 90
    assert lab.crl() == after  # served as issued until its nextUpdate


def test_cdp_url_goes_into_issued_certificates(capsys, state_dir, lab):
    _run(capsys, "ca", "--state-dir", str(state_dir), "cdp-url", "http://127.0.0.1:8080/c.crl")
    cert = lab.sign(build_csr(generate_key("rsa", 1024), RequestContent(fqdn="R15")))
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == "http://127.0.0.1:8080/c.crl"
    pem = _run(capsys, "ca", "--state-dir", str(state_dir), "crl")
    assert x509.load_pem_x509_crl(pem.encode()).issuer == lab.issuing.cert.subject


def test_a_backdated_crl_is_stale_when_issued(capsys, state_dir, lab):
    _run(capsys, "ca", "--state-dir", str(state_dir), "crl-lifetime", "1h", "--backdate", "2h")
    crl = x509.load_pem_x509_crl(_run(capsys, "ca", "--state-dir", str(state_dir), "crl").encode())
    assert crl.next_update_utc < dt.datetime.now(dt.UTC)
    assert crl.is_signature_valid(lab.issuing.cert.public_key())
    _run(capsys, "ca", "--state-dir", str(state_dir), "crl-lifetime", "7d")
