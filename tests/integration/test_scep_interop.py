"""SCEP on the wire against an implementation no one here wrote, from both sides:

- micromdm's ``scepclient`` enrolls with the lab CA served by ``python -m mockios ca serve``
  (challenge checked, a wrong one refused, a manual grant seen as PENDING, then granted);
- mockios's SCEP client (the router side, called directly) enrolls with micromdm's
  ``scepserver`` running a CA of its own.
Every issued certificate is verified with ``cryptography`` against the CA that issued it.
"""

from __future__ import annotations

import base64
import os
import selectors
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from ca_serve import LabScepServer, ca_serve
from cryptography import x509
from scep_server import own_ca_scep_server
from system_tools import require_tool

from mockios.pki.csr import RequestContent, build_csr
from mockios.pki.keypool import generate_key
from mockios.pki.lab_ca import LabCA
from mockios.scep import ca_certs, client, messages
from mockios.scep.attributes import FailInfo, PkiStatus

CHALLENGE = "lab-scep-challenge"  # a lab value the test hands to both sides
PENDING_TIMEOUT = 15.0
# scepclient sleeps 30 s (hard-coded) after a PENDING before it asks again.
SCEPCLIENT_RETRY_TIMEOUT = 60.0


@pytest.fixture
def lab_server(tmp_path: Path):
    with ca_serve(tmp_path / "state", CHALLENGE) as server:
        yield server
        assert server.stop() == 0, "ca serve did not stop cleanly on SIGTERM"


def _lab(server: LabScepServer) -> LabCA:
    return LabCA(server.state_dir / "ca")


def _scepclient(url: str, workdir: Path, common_name: str, challenge: str) -> list[str]:
    binary = require_tool("scepclient", "scep")
    workdir.mkdir(parents=True)  # scepclient keeps csr.pem and self.pem beside the key
    return [
        binary,
        "-server-url",
        url,
        "-challenge",
        challenge,
        "-private-key",
        str(workdir / "key.pem"),
        "-certificate",
        str(workdir / "cert.pem"),
        "-cn",
        common_name,
    ]


def _issued(workdir: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate((workdir / "cert.pem").read_bytes())


def _assert_issued_by_lab(cert: x509.Certificate, lab: LabCA, common_name: str) -> None:
    cert.verify_directly_issued_by(lab.issuing.cert)
    lab.issuing.cert.verify_directly_issued_by(lab.root.cert)
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    assert [name.value for name in names] == [common_name]


def test_scepclient_enrolls_with_the_lab_ca(lab_server: LabScepServer, tmp_path: Path):
    workdir = tmp_path / "scepclient"
    command = _scepclient(lab_server.scep_url, workdir, "scepclient-r1", CHALLENGE)
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    cert = _issued(workdir)
    _assert_issued_by_lab(cert, _lab(lab_server), "scepclient-r1")

    # The CRL is published where the certificate's distribution point says.
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    crl_path = urllib.request.urlparse(points[0].full_name[0].value).path
    with urllib.request.urlopen(lab_server.base_url + crl_path, timeout=5) as answer:  # noqa: S310
        assert answer.headers["Content-Type"] == "application/pkix-crl"
        crl = x509.load_der_x509_crl(answer.read())
    assert crl.is_signature_valid(_lab(lab_server).issuing.cert.public_key())


def test_the_challenge_stays_out_of_the_process_list(lab_server: LabScepServer):
    command_line = Path(f"/proc/{lab_server.process.pid}/cmdline").read_bytes()
    assert b"--challenge-file" in command_line
    assert CHALLENGE.encode() not in command_line


def test_challenge_on_the_command_line_still_works_with_a_warning(tmp_path: Path):
    with ca_serve(tmp_path / "state", CHALLENGE, on_command_line=True) as server:
        for challenge, status in ((CHALLENGE, PkiStatus.SUCCESS), ("wrong", PkiStatus.FAILURE)):
            key, csr = _router_request("mockios-legacy", challenge)
            enrollment = client.enroll(client.ScepClient(server.scep_url), csr, key)
            assert enrollment.answer.status is status
        assert server.stop() == 0
    log = server.log_path.read_text()
    assert "warning: --challenge shows the challenge password in the process list" in log
    assert log.count(CHALLENGE) == 0  # the server logs the reason, never the password


def test_scepclient_with_a_wrong_challenge_is_refused(lab_server: LabScepServer, tmp_path):
    workdir = tmp_path / "wrong"
    command = _scepclient(lab_server.ios_url, workdir, "scepclient-wrong", "not-the-challenge")
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert "badRequest" in done.stdout + done.stderr
    assert not (workdir / "cert.pem").exists()


def test_scepclient_waits_for_a_manual_grant(lab_server: LabScepServer, tmp_path: Path):
    lab_server.ca("mode", "manual")
    workdir = tmp_path / "manual"
    command = _scepclient(lab_server.scep_url, workdir, "scepclient-manual", CHALLENGE)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        seen = _read_until(process, b"PENDING", PENDING_TIMEOUT)
        assert b"PENDING" in seen, seen.decode(errors="replace")
        assert "scepclient-manual" in lab_server.ca("requests")
        assert " granted " in lab_server.ca("grant")
        rest, _ = process.communicate(timeout=SCEPCLIENT_RETRY_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=5)
    assert process.returncode == 0, (seen + rest).decode(errors="replace")
    _assert_issued_by_lab(_issued(workdir), _lab(lab_server), "scepclient-manual")


def _read_until(process: subprocess.Popen, marker: bytes, timeout: float) -> bytes:
    """What the process printed until `marker` appeared (or the deadline passed)."""
    seen = b""
    deadline = time.monotonic() + timeout
    descriptor = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(descriptor, selectors.EVENT_READ)
        while marker not in seen and time.monotonic() < deadline:
            if not selector.select(timeout=deadline - time.monotonic()):
                break
            # Straight from the descriptor: a buffered readline would keep lines that came in
            # the same chunk where select no longer sees them.
            chunk = os.read(descriptor, 65536)
            if not chunk:
                break
            seen += chunk
    return seen


# ---- mockios's client side --------------------------------------------------------------


def _router_request(common_name: str, challenge: str):
    key = generate_key("rsa", 2048)
    content = RequestContent(subject_name=f"CN={common_name}", challenge_password=challenge)
    return key, build_csr(key, content)


@pytest.mark.parametrize(("post", "cipher"), [(True, None), (False, "DES3")])
def test_mockios_client_enrolls_with_micromdm_scepserver(tmp_path: Path, post, cipher):
    with own_ca_scep_server(tmp_path, CHALLENGE) as url:
        key, csr = _router_request("mockios-r1", CHALLENGE)
        enrollment = client.enroll(client.ScepClient(url, post=post), csr, key, cipher=cipher)
    assert enrollment.answer.status is PkiStatus.SUCCESS
    their_ca = x509.load_pem_x509_certificate((tmp_path / "scep-own-depot/ca.pem").read_bytes())
    assert enrollment.ca_certs == [their_ca]
    cert = enrollment.certificate
    cert.verify_directly_issued_by(their_ca)
    assert cert.subject == csr.subject


def test_mockios_client_wrong_challenge_at_micromdm_scepserver(tmp_path: Path):
    with own_ca_scep_server(tmp_path, CHALLENGE) as url:
        key, csr = _router_request("mockios-wrong", "not-the-challenge")
        enrollment = client.enroll(client.ScepClient(url), csr, key)
    assert (enrollment.answer.status, enrollment.answer.fail_info) == (
        PkiStatus.FAILURE,
        FailInfo.BAD_REQUEST,
    )
    assert enrollment.certificate is None


def test_mockios_client_polls_the_lab_ca_until_granted(lab_server: LabScepServer):
    lab_server.ca("mode", "manual")
    key, csr = _router_request("mockios-poll", CHALLENGE)
    # GET with the message in the query, at the path IOS requests: as a router does.
    scep = client.ScepClient(lab_server.ios_url, post=False)
    enrollment = client.enroll(scep, csr, key)
    assert enrollment.answer.status is PkiStatus.PENDING
    assert client.poll(enrollment).answer.status is PkiStatus.PENDING
    assert " granted " in lab_server.ca("grant")
    assert client.poll(enrollment).answer.status is PkiStatus.SUCCESS
    _assert_issued_by_lab(enrollment.certificate, _lab(lab_server), "mockios-poll")


def test_mockios_client_sees_the_lab_ca_reject(lab_server: LabScepServer):
    lab_server.ca("mode", "reject")
    key, csr = _router_request("mockios-rejected", CHALLENGE)
    enrollment = client.enroll(client.ScepClient(lab_server.scep_url), csr, key)
    assert (enrollment.answer.status, enrollment.answer.fail_info) == (
        PkiStatus.FAILURE,
        FailInfo.BAD_REQUEST,
    )


def test_lab_ca_reads_a_get_as_ios_writes_it(lab_server: LabScepServer):
    """IOS breaks its base64 into lines (sent as %0A) and leaves `+` and `/` unescaped."""
    key, csr = _router_request("mockios-ios-get", CHALLENGE)
    scep = client.ScepClient(lab_server.ios_url)
    ca_list = scep.ca_certificates("R1")
    signer = client.requester_certificate(key, csr.subject)
    sent = messages.pkcs_req(csr, key, signer, ca_certs.recipient(ca_list))
    encoded = base64.encodebytes(sent.der).decode()  # 76-character lines
    assert "+" in encoded or "/" in encoded
    url = f"{lab_server.ios_url}?operation=PKIOperation&message={encoded.replace(chr(10), '%0A')}"
    request = urllib.request.Request(url, headers={"User-Agent": client.USER_AGENT})
    with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
        assert answer.headers["Content-Type"] == "application/x-pki-message"
        reply = messages.read_cert_rep(answer.read(), sent, key, ca_list)
    assert reply.status is PkiStatus.SUCCESS
    _assert_issued_by_lab(reply.certificates[0], _lab(lab_server), "mockios-ios-get")
