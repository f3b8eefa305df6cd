from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.faults import faults_path, update_faults_file
from mockios.pki.device_certs import ca_cert
from mockios.pki.ios_format import fingerprint

ACCEPT = "% Do you accept this certificate? [yes/no]: "


def _url_trustpoint(cli, *extra: str) -> None:
    cli.config(
        "crypto pki trustpoint TP", "enrollment url http://ca.lab.example:80", *extra, "exit"
    )


def _spaced(cert, algorithm) -> str:
    digest = cert.fingerprint(algorithm).hex().upper()
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


def test_url_fingerprints_are_the_lab_ca_ones(router, state_lab):
    _url_trustpoint(router)
    out = router.type("crypto pki authenticate TP")
    cert = state_lab.issuing.cert
    assert out.endswith(
        "Certificate has the following attributes:\n"
        f"       Fingerprint MD5: {_spaced(cert, hashes.MD5())} \n"
        f"      Fingerprint SHA1: {_spaced(cert, hashes.SHA1())} \n\n" + ACCEPT
    )
    out = router.type("yes")
    assert "Trustpoint CA certificate accepted.\n" in out
    assert ca_cert(router.device, "TP") == cert
    again = router.type("crypto pki authenticate TP")
    assert "% Please delete your existing CA certificate first.\n" in again


def test_answer_no_installs_nothing(router):
    _url_trustpoint(router)
    router.dialog("crypto pki authenticate TP", "no")
    assert ca_cert(router.device, "TP") is None


def test_unknown_url_fails_like_ios(router):
    router.config("crypto pki trustpoint TP", "enrollment url http://unknown.example", "exit")
    out = router.type("crypto pki authenticate TP")
    assert (
        "% Error in receiving Certificate Authority certificate: status = FAIL, cert length = 0\n"
        in out
    )


def test_pinned_fingerprint_skips_or_rejects(make_router, state_lab):
    der = state_lab.issuing.der
    good = make_router("R2")
    _url_trustpoint(good, f"fingerprint {fingerprint(der, 'SHA1').replace(' ', '')}")
    out = good.type("crypto pki authenticate TP")
    assert ACCEPT not in out and "Trustpoint CA certificate accepted." in out
    bad = make_router("R3", flavor="iosxe17")
    _url_trustpoint(bad, "fingerprint 00112233445566778899AABBCCDDEEFF")
    out = bad.type("crypto pki authenticate TP")
    assert "Trustpoint CA certificate is rejected. Abort." in out
    assert ca_cert(bad.device, "TP") is None


def test_sha256_pin_matches_on_no_flavor(make_router, state_lab):
    """IOS compares a pin with MD5 or SHA1 only: the genuine CA's SHA-256 is rejected."""
    sha256 = fingerprint(state_lab.issuing.der, "SHA256").replace(" ", "")
    for index, flavor in enumerate(("ios15", "iosxe17")):
        cli = make_router(f"R{index + 5}", flavor=flavor)
        _url_trustpoint(cli, f"fingerprint {sha256}")
        out = cli.type("crypto pki authenticate TP")
        assert "Fingerprint SHA256" not in out and ACCEPT not in out
        assert "Trustpoint CA certificate is rejected. Abort." in out
        assert ca_cert(cli.device, "TP") is None


def test_mitm_fault_offers_a_different_certificate(router, state_dir, state_lab):
    update_faults_file(faults_path(state_dir, "R1"), ["mitm_ca=true"])
    _url_trustpoint(router)
    out = router.type("crypto pki authenticate TP")
    assert fingerprint(state_lab.mitm.der, "SHA1") in out
    assert fingerprint(state_lab.issuing.der, "SHA1") not in out


def _terminal_paste(cli, lines: list[str], end: str) -> str:
    cli.config("crypto pki trustpoint TT", "enrollment terminal", "exit")
    out = cli.type("crypto pki authenticate TT")
    assert out.rstrip("\n").endswith(
        'Enter the base 64 encoded CA certificate.\nEnd with a blank line or the word "quit"'
        " on a line by itself"
    )
    for line in lines:
        cli.type(line)
    return cli.type(end)


def test_terminal_paste_with_pem_framing_and_blank_line(router, state_lab):
    pem = state_lab.issuing.pem.strip().splitlines()
    out = _terminal_paste(router, pem, "")
    assert out.endswith(ACCEPT)
    out = router.type("yes")
    assert "Trustpoint CA certificate accepted.\n% Certificate successfully imported\n" in out
    assert ca_cert(router.device, "TT").public_bytes(Encoding.DER) == state_lab.issuing.der


def test_terminal_paste_without_framing_ending_in_quit(make_router, state_lab):
    cli = make_router(flavor="iosxe17")
    body = state_lab.root.pem.strip().splitlines()[1:-1]
    out = _terminal_paste(cli, body, "quit")
    assert fingerprint(state_lab.root.der, "MD5") in out
    cli.type("y")
    assert ca_cert(cli.device, "TT") == state_lab.root.cert


def test_garbage_paste_fails(router):
    out = _terminal_paste(router, ["not base64 at all"], "quit")
    assert "% Failed to authenticate the Certificate Authority" in out
