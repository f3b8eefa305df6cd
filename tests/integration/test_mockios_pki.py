"""Every mockios PKI dialog driven by netmiko over real SSH, with the lab CA as the CA.

Dialogs use `write_channel` / `read_until_pattern` (a bare newline would end a paste), and
the external CA is the real `python -m mockios ca` command line.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from lab_material import issue
from mockios_proc import REPO, MockiosRun, start_mockios
from netmiko import ConnectHandler
from tftp_server import start_tftpd

CONFIG_PROMPT = r"R1\([a-z-]+\)#"
ROUTER_CERT_AVAILABLE = r"^Certificate\n  Status: Available"
WAIT = 10


def _ca(run: MockiosRun, *args: str) -> str:
    """`python -m mockios ca --state-dir D ...`, as a user at a shell would run it."""
    result = subprocess.run(
        [sys.executable, "-m", "mockios", "ca", "--state-dir", str(run.state_dir), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return result.stdout


def _lab_cert(run: MockiosRun) -> x509.Certificate:
    return x509.load_pem_x509_certificate(_ca(run, "cert").encode())


def _spaced(digest: bytes) -> str:
    text = digest.hex().upper()
    return " ".join(text[i : i + 8] for i in range(0, len(text), 8))


class Channel:
    """A netmiko connection in config mode, answering one question at a time."""

    def __init__(self, conn) -> None:  # noqa: ANN001
        self.conn = conn

    def send(self, text: str, expect: str = CONFIG_PROMPT) -> str:
        self.conn.write_channel(text + "\n")
        return self.conn.read_until_pattern(pattern=expect, read_timeout=WAIT)

    def paste(self, lines: list[str], end: str, expect: str) -> str:
        self.conn.write_channel("\n".join([*lines, end]) + "\n")
        return self.conn.read_until_pattern(pattern=expect, read_timeout=WAIT)

    def show(self, command: str) -> str:
        return self.send(f"do {command}")

    def wait_for(self, command: str, pattern: str, timeout: float = WAIT) -> str:
        """Repeat a show command until `pattern` (a multi-line regex) appears in it."""
        deadline = time.monotonic() + timeout
        while True:
            out = self.show(command)
            if re.search(pattern, out, re.MULTILINE) or time.monotonic() > deadline:
                return out
            time.sleep(0.2)


@pytest.fixture
def channel(mockios_device: MockiosRun) -> Iterator[Channel]:
    with ConnectHandler(**mockios_device.device.netmiko(timeout=WAIT)) as conn:
        conn.enable()
        conn.config_mode()
        chan = Channel(conn)
        chan.send("ip domain name lab.example")
        yield chan


def _q(text: str) -> str:
    return re.escape(text)


def test_key_generation_and_mypubkey(channel: Channel) -> None:
    out = channel.send(
        "crypto key generate rsa label K1", _q("How many bits in the modulus [512]: ")
    )
    assert "Choose the size of the key modulus in the range of 360 to 4096 for your" in out
    out = channel.send("1024")
    assert "[OK] (elapsed time was" in out
    channel.send("crypto key generate rsa label K1 modulus 1024", _q("[yes/no]: "))
    channel.send("yes")
    out = channel.send("crypto key generate ec keysize 256 label E1")
    assert re.search(r"The name for the keys will be: E1\n\n" + CONFIG_PROMPT + r"$", out)
    assert "[OK]" not in out and "Generating" not in out  # as real IOS-XE: the prompt alone
    out = channel.send("crypto key generate ec keysize 256 label E1", _q("[yes/no]: "))
    assert "% You already have EC keys defined named E1.\n" in out
    assert re.fullmatch(r"yes\n" + CONFIG_PROMPT, channel.send("yes").strip())
    shown = channel.show("show crypto key mypubkey all")
    assert "Key name: K1" in shown and "Key name: E1" in shown and "Key type: EC KEYS" in shown
    channel.send(
        "crypto key zeroize rsa K1", _q("Do you really want to remove these keys? [yes/no]: ")
    )
    channel.send("yes")
    assert "Key name: K1" not in channel.show("show crypto key mypubkey rsa")


def test_url_authenticate_fingerprints_and_scep_auto_grant(
    channel: Channel, mockios_device: MockiosRun
) -> None:
    lab = _lab_cert(mockios_device)
    channel.send("crypto pki trustpoint TP")
    channel.send("enrollment url http://ca.lab.example:80")
    channel.send("exit")
    out = channel.send(
        "crypto pki authenticate TP", _q("% Do you accept this certificate? [yes/no]: ")
    )
    assert f"Fingerprint MD5: {_spaced(lab.fingerprint(hashes.MD5()))}" in out
    assert f"Fingerprint SHA1: {_spaced(lab.fingerprint(hashes.SHA1()))}" in out
    assert "Trustpoint CA certificate accepted." in channel.send("yes")
    out = channel.send("crypto pki enroll TP", _q("Password: "))
    assert "% Start certificate enrollment .. " in out
    channel.send("chall3nge", _q("Re-enter password: "))
    channel.send("chall3nge", _q("[yes/no]: "))
    channel.send("no", _q("[no]: "))
    channel.send("no", _q("Request certificate from CA? [yes/no]: "))
    assert "% Certificate request sent to Certificate Authority" in channel.send("yes")
    out = channel.wait_for("show crypto pki certificates TP", ROUTER_CERT_AVAILABLE)
    assert re.search(ROUTER_CERT_AVAILABLE, out, re.MULTILINE)
    assert "Name: R1.lab.example" in out
    out = channel.send(
        "crypto pki enroll TP", _q("Do you want to continue with re-enrollment? [yes/no]: ")
    )
    assert "has already enrolled and has a router cert issued to it." in out
    channel.send("no")
    out = channel.send(
        "no crypto pki trustpoint TP", _q("Are you sure you want to do this? [yes/no]: ")
    )
    assert "% Removing an enrolled trustpoint will destroy all certificates" in out
    assert "revoke your certificates" in channel.send("yes")
    assert "crypto pki trustpoint TP" not in channel.show("show running-config")


def test_terminal_enrollment_signed_by_mockios_ca_then_imported(
    channel: Channel, mockios_device: MockiosRun, tmp_path: Path
) -> None:
    ca_pem = _ca(mockios_device, "cert").strip().splitlines()
    for line in ("crypto pki trustpoint TT", "enrollment terminal", "serial-number none"):
        channel.send(line)
    channel.send("ip-address none")
    channel.send("subject-name CN=r1.lab.example, O=netpki")
    channel.send("exit")
    out = channel.send("crypto pki authenticate TT", _q("on a line by itself"))
    assert "Enter the base 64 encoded CA certificate." in out
    channel.paste(ca_pem[1:-1], "quit", _q("[yes/no]: "))  # no BEGIN/END lines
    assert "% Certificate successfully imported" in channel.send("yes")
    out = channel.send(
        "crypto pki enroll TT", _q("Display Certificate Request to terminal? [yes/no]: ")
    )
    assert "Password" not in out and "challenge password" not in out  # cut-and-paste: none
    out = channel.send("yes", _q("Redisplay enrollment request? [yes/no]: "))
    channel.send("no")
    shown = out.split("Certificate Request follows:")[1].split("---End")[0]
    csr_file = tmp_path / "r1.csr"
    csr_file.write_text(shown)
    signed = _ca(mockios_device, "sign", "--csr", str(csr_file), "--days", "30")
    cert = x509.load_pem_x509_certificate(signed.encode())
    channel.send("crypto pki import TT certificate", _q("on a line by itself"))
    out = channel.paste(signed.strip().splitlines(), "", CONFIG_PROMPT)
    assert "% Router Certificate successfully imported" in out
    shown = channel.show("show crypto pki certificates TT")
    block = shown.split("\n\n")[0]
    assert "Status: Available" in block
    assert "cn=r1.lab.example" in block and "o=netpki" in block
    start = f"{cert.not_valid_before_utc:%H:%M:%S} UTC {cert.not_valid_before_utc:%b} "
    assert f"start date: {start}{cert.not_valid_before_utc.day} " in block
    end = cert.not_valid_after_utc
    assert f"end   date: {end:%H:%M:%S} UTC {end:%b} {end.day} {end.year}" in block
    status = channel.show("show crypto pki trustpoints TT status")
    assert "Certificate request(s) ..... Yes" in status


def test_scep_manual_grant_pending_until_granted(
    channel: Channel, mockios_device: MockiosRun
) -> None:
    _ca(mockios_device, "mode", "manual")
    for line in ("crypto pki trustpoint TP", "enrollment url http://ca.lab.example"):
        channel.send(line)
    for line in ("password s3cret", "serial-number", "ip-address none", "exit"):
        channel.send(line)
    channel.send("crypto pki authenticate TP", _q("[yes/no]: "))
    channel.send("yes")
    out = channel.send("crypto pki enroll TP", _q("Request certificate from CA? [yes/no]: "))
    assert "Password:" not in out
    channel.send("yes")
    time.sleep(0.5)  # several polls happen (every 0.2 s then 1 s); none may grant
    assert "Status: Pending" in channel.show("show crypto pki certificates TP")
    assert "Certificate request(s) ..... Pending" in channel.show(
        "show crypto pki trustpoints status"
    )
    assert "R1" in _ca(mockios_device, "requests")  # the CA sees the request waiting
    granted = _ca(mockios_device, "grant")
    assert "granted" in granted
    out = channel.wait_for("show crypto pki certificates TP", ROUTER_CERT_AVAILABLE)
    assert "Status: Pending" not in out
    assert re.search(ROUTER_CERT_AVAILABLE, out, re.MULTILINE)


def test_selfsigned_and_pem_and_pkcs12_imports(
    channel: Channel, mockios_device: MockiosRun, tmp_path: Path
) -> None:
    for line in ("crypto pki trustpoint SS", "enrollment selfsigned", "exit"):
        channel.send(line)
    channel.send("crypto pki enroll SS", _q("[yes/no]: "))
    channel.send("no", _q("[no]: "))
    channel.send("no", _q("Generate Self Signed Router Certificate? [yes/no]: "))
    assert "Router Self Signed Certificate successfully created" in channel.send("yes")
    assert "Router Self-Signed Certificate" in channel.show("show crypto pki certificates SS")

    key = serialization.load_pem_private_key(_make_key_pem(), None)
    csr_file = tmp_path / "bundle.csr"
    csr = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "bundle.lab.example")])
    )
    csr_file.write_bytes(csr.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
    cert_pem = _ca(mockios_device, "sign", "--csr", str(csr_file))
    ca_pem = _ca(mockios_device, "cert")
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"bundlepass"),
    ).decode()
    channel.send("crypto pki trustpoint PEMTP")
    channel.send("exit")
    channel.send("crypto pki import PEMTP pem terminal password bundlepass", _q("by itself."))
    channel.paste(ca_pem.strip().splitlines(), "quit", _q('% End with "quit" on a line by itself.'))
    channel.paste(encrypted.strip().splitlines(), "quit", _q("on a line by itself."))
    out = channel.paste(cert_pem.strip().splitlines(), "quit", CONFIG_PROMPT)
    assert "% PEM files import succeeded." in out

    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    bundle = pkcs12.serialize_key_and_certificates(
        b"r1",
        key,
        cert,
        [x509.load_pem_x509_certificate(ca_pem.encode())],
        serialization.BestAvailableEncryption(b"p12pass"),
    )
    flash = mockios_device.state_dir / "R1" / "flash"
    flash.mkdir(parents=True, exist_ok=True)
    (flash / "r1.p12").write_bytes(bundle)
    channel.send("crypto pki trustpoint P12")
    channel.send("exit")
    out = channel.send("crypto pki import P12 pkcs12 flash:r1.p12 password p12pass")
    assert "CRYPTO_PKI: Imported PKCS12 file successfully." in out
    assert "Associated Trustpoints: P12" in channel.show("show crypto pki certificates P12")


def _make_key_pem() -> bytes:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(65537, 2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def test_faults_mitm_reject_and_disconnect(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "xe", flavor="iosxe17") as run:
        with ConnectHandler(**run.device.netmiko(timeout=WAIT)) as conn:
            conn.enable()
            conn.config_mode()
            chan = Channel(conn)
            lab = _lab_cert(run)
            for line in ("crypto pki trustpoint TP", "enrollment url http://ca.lab.example"):
                chan.send(line)
            chan.send(f"fingerprint {_spaced(lab.fingerprint(hashes.SHA1())).replace(' ', '')}")
            chan.send("password x")
            chan.send("serial-number none")
            chan.send("ip-address none")
            chan.send("exit")
            run.fault("R1", mitm_ca="true")
            out = chan.send("crypto pki authenticate TP")
            assert "Trustpoint CA certificate is rejected. Abort." in out
            run.fault("R1", mitm_ca="false", scep_grant="reject")
            out = chan.send("crypto pki authenticate TP")
            assert "Certificate validated - fingerprints matched." in out
            chan.send("crypto pki enroll TP", _q("[yes/no]: "))
            chan.send("yes")
            out = chan.wait_for("show crypto pki trustpoints TP status", "Rejected")
            assert "Last enrollment status: Rejected" in out
            run.fault("R1", scep_grant="auto", disconnect_at="request_cert")
            conn.write_channel("crypto pki enroll TP\n")
            deadline = time.monotonic() + WAIT
            while conn.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not conn.is_alive()  # dropped at the "Request certificate" question


def test_pkcs12_from_tftp_asks_for_what_the_url_lacks(tmp_path: Path, monkeypatch) -> None:
    """Over SSH against mockios, with a real tftpd: `tftp:` alone makes the router ask for the
    host and the file (the trustpoint's name by default), then report the copy."""
    with start_tftpd(tmp_path / "tftp") as server:
        monkeypatch.setenv("MOCKIOS_TFTP_PORT", str(server.port))
        with start_mockios(tmp_path / "xe", flavor="iosxe17") as run:
            data = issue(run.state_dir, "p12.lab.example").pkcs12("p12pass")
            (server.root / "r1.p12").write_bytes(data)
            with ConnectHandler(**run.device.netmiko(timeout=WAIT)) as conn:
                conn.enable()
                conn.config_mode()
                chan = Channel(conn)
                out = chan.send(
                    "crypto pki import P12 pkcs12 tftp: password p12pass",
                    _q("Address or name of remote host []? "),
                )
                assert out.endswith("% Importing pkcs12...\nAddress or name of remote host []? ")
                assert chan.send("127.0.0.1", _q("Source filename [P12]? ")).endswith(
                    "Source filename [P12]? "
                )
                out = chan.send("r1.p12")
                assert (
                    "Reading file from tftp://127.0.0.1/r1.p12\n"
                    "Loading r1.p12 from 127.0.0.1 (via GigabitEthernet1): !\n"
                    f"[OK - {len(data)} bytes]\n"
                    "CRYPTO_PKI: Imported PKCS12 file successfully.\n"
                ) in out
                assert "Associated Trustpoints: P12" in chan.show(
                    "show crypto pki certificates P12"
                )
                out = chan.send(
                    "crypto pki import P13 pkcs12 tftp://127.0.0.1 password p12pass",
                    _q("Source filename [P13]? "),
                )
                assert "Address or name" not in out  # the URL names the host
                out = chan.send("")  # Enter takes the trustpoint's name: not on the server
                assert "%Error opening tftp://127.0.0.1/P13 (No such file or directory)" in out
