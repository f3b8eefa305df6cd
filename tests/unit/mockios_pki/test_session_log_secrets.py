"""The session log never holds a secret: passwords, passphrases or private keys."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from mockios.log import MASK, PasteMasker, mask_line, read_session_log
from mockios.pki.csr import RequestContent, build_csr
from mockios.pki.device_certs import find_cert
from mockios.pki.filesystem import place_file
from mockios.pki.keypool import generate_key


def _log_text(cli) -> str:
    """The session log file as written, plus the in-memory copy."""
    path = cli.device.state_dir / "session.log"
    return path.read_text() + repr(cli.device.log.entries)


def _issued(lab):
    key = generate_key("rsa", 1024)
    return key, lab.sign(build_csr(key, RequestContent(fqdn="R1.lab.example")))


def test_import_command_passwords_are_masked(router, state_lab):
    key, cert = _issued(state_lab)
    bundle = pkcs12.serialize_key_and_certificates(
        b"r1", key, cert, [state_lab.issuing.cert], serialization.BestAvailableEncryption(b"P12x")
    )
    place_file(router.device, "flash:r1.p12", bundle)
    router.config("crypto pki trustpoint P12", "exit")
    router.type("crypto pki import P12 pkcs12 flash:r1.p12 password Sesame-1")
    router.type("cry pki imp P12 pkcs12 flash:r1.p12 pass Sesame-2")
    out = router.type("crypto pki import P12 pkcs12 flash:r1.p12 password P12x")
    assert "CRYPTO_PKI: Imported PKCS12 file successfully." in out
    router.type("crypto pki import P12 pem terminal password Sesame-3")
    router.type("\x03")
    router.type("do crypto pki import P12 pem terminal password Sesame-4")
    log = _log_text(router)
    for secret in ("Sesame-1", "Sesame-2", "Sesame-3", "Sesame-4", "P12x"):
        assert secret not in log
    entries = read_session_log(router.device.state_dir / "session.log")
    lines = [e.get("line") for e in entries]
    assert f"crypto pki import P12 pkcs12 flash:r1.p12 password {MASK}" in lines
    assert f"cry pki imp P12 pkcs12 flash:r1.p12 pass {MASK}" in lines
    assert f"do crypto pki import P12 pem terminal password {MASK}" in lines


def test_trustpoint_password_and_challenge_answers_are_masked(router):
    router.config(
        "crypto pki trustpoint TP",
        "enrollment url http://ca.lab.example",
        "pass Typed-Abbrev",
        "no password",
        "password Typed-Full",
        "no password",
        "exit",
    )
    router.dialog("crypto pki authenticate TP", "yes")
    out = router.dialog("crypto pki enroll TP", "Chall-1", "Chall-1", "no", "no", "yes")
    assert "% Certificate request sent to Certificate Authority" in out
    log = _log_text(router)
    for secret in ("Typed-Abbrev", "Typed-Full", "Chall-1"):
        assert secret not in log
    entries = read_session_log(router.device.state_dir / "session.log")
    steps = [e for e in entries if e.get("step", "").startswith("challenge_password")]
    assert [e["line"] for e in steps] == [MASK, MASK]


def test_enable_secret_is_masked(router):
    router.type("disable")
    router.type("enable")
    router.type(router.device.secret)
    assert router.device.secret not in _log_text(router)


def test_pasted_private_keys_are_masked(router, state_lab):
    key, cert = _issued(state_lab)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"Pass-Phrase"),
    ).decode()
    router.config("crypto pki trustpoint PEMTP", "exit")
    router.type("crypto pki import PEMTP pem terminal password Pass-Phrase")
    for line in [*state_lab.issuing.pem.splitlines(), "quit", *key_pem.splitlines(), "quit"]:
        router.type(line)
    for line in cert.public_bytes(serialization.Encoding.PEM).decode().splitlines():
        router.type(line)
    assert "% PEM files import succeeded." in router.type("")
    assert find_cert(router.device, "PEMTP", "router") == cert
    # A key pasted where a certificate is expected is masked too (between its markers).
    plain = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    router.type("crypto pki import PEMTP certificate")
    for line in plain.splitlines():
        router.type(line)
    router.type("")
    log = _log_text(router)
    assert "Pass-Phrase" not in log
    for line in key_pem.splitlines()[1:-1] + plain.splitlines()[1:-1]:
        assert line not in log
    assert "-----BEGIN ENCRYPTED PRIVATE KEY-----" in log  # the markers stay, for debugging
    assert state_lab.issuing.pem.splitlines()[1] in log  # certificates are not secret


def test_mask_line_rules():
    assert mask_line("password 7 0822455D0A16") == f"password {MASK}"
    assert mask_line(" pas my secret words") == f" pas {MASK}"
    assert mask_line("enable secret 5 $1$abc") == f"enable secret {MASK}"
    assert mask_line("show running-config | section crypto") == (
        "show running-config | section crypto"
    )
    words = ["crypto", "pki", "import", "TP", "pkcs12", "flash:p", "password", "x"]
    assert mask_line("cr pk im TP pk flash:p p x", words) == f"cr pk im TP pk flash:p p {MASK}"
    # Parsed words decide: `serial-number` typed as `se` is not a secret keyword.
    assert mask_line("se none", ["serial-number", "none"]) == "se none"


def test_paste_masker():
    masker = PasteMasker()
    lines = ["-----BEGIN RSA PRIVATE KEY-----", "Proc-Type: 4,ENCRYPTED", "", "QUJD"]
    lines += ["-----END RSA PRIVATE KEY-----", "TUlJQ"]
    assert [masker.mask(line) for line in lines] == [
        "-----BEGIN RSA PRIVATE KEY-----",
        MASK,
        "",
        MASK,
        "-----END RSA PRIVATE KEY-----",
        "TUlJQ",
    ]
    assert PasteMasker(secret=True).mask("QUJD") == MASK
    assert PasteMasker(secret=True).mask("quit") == "quit"
