"""mockios's PKI trustpool: import from the lab CA's bundle over HTTP (PEM and PKCS #7),
paste, clean, the policy sub-mode and its running-config lines, and a restart."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding

from mockios.device import Device
from mockios.pki.ios_format import serial_hex
from mockios.pki.lab_ca import LabCA

BUNDLE = "http://ca.netpki.lab/trustpool/ca_bundle"


def _serials(text: str) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if "Certificate Serial Number (hex):" in line
    ]


def _lab_serials(lab: LabCA) -> list[str]:
    return [serial_hex(lab.root.cert.serial_number), serial_hex(lab.issuing.cert.serial_number)]


def test_import_url_reads_the_lab_bundle_as_the_capture_prints_it(router, state_lab) -> None:
    out = router.config(f"crypto pki trustpool import url {BUNDLE}.p7b", "end")
    assert f"Reading file from {BUNDLE}.p7b\nLoading {BUNDLE}.p7b\n" in out
    assert "% PEM files import succeeded." in out
    shown = router.type("show crypto pki trustpool")
    assert _serials(shown) == _lab_serials(state_lab)
    assert "  Associated Trustpoints: Trustpool \n  Trustpool: Downloaded\n" in shown
    # a second import adds nothing twice
    router.config(f"crypto pki trustpool import url {BUNDLE}.pem", "end")
    assert _serials(router.type("show crypto pki trustpool")) == _lab_serials(state_lab)


def test_clean_import_replaces_and_bare_clean_empties(router, state_lab) -> None:
    pem = state_lab.mitm.cert.public_bytes(Encoding.PEM).decode()
    out = router.config("crypto pki trustpool import terminal", *pem.splitlines(), "", "end")
    assert '% End with a blank line or "quit" on a line by itself.' in out
    assert "% PEM files import succeeded." in out
    router.config(f"crypto pki trustpool import clean url {BUNDLE}.pem", "end")
    assert _serials(router.type("show crypto pki trustpool")) == _lab_serials(state_lab)
    router.config("crypto pki trustpool import clean", "end")
    assert router.type("show crypto pki trustpool").strip() == "R1#"


def test_unknown_host_and_missing_file_fail_as_ios(router) -> None:
    out = router.config("crypto pki trustpool import url http://nowhere.invalid/b.p7b", "end")
    assert "%Error opening http://nowhere.invalid/b.p7b (Host name lookup failed)" in out
    out = router.config("crypto pki trustpool import url http://ca.netpki.lab/none.p7b", "end")
    assert "(No such file or directory)" in out


def test_policy_mode_lines_survive_a_restart(router, state_dir) -> None:
    out = router.config(
        "crypto pki trustpool policy",
        f"cabundle url {BUNDLE}.p7b",
        "revocation-check crl none",
        "match certificate MAP1 allow expired-certificate",
        "chain-validation",
        "end",
    )
    assert "R1(ca-trustpool)#" in out
    running = router.type("show running-config")
    block = (
        "crypto pki trustpool policy\n"
        f" cabundle url {BUNDLE}.p7b\n"
        " chain-validation\n"
        " match certificate MAP1 allow expired-certificate\n"
        " revocation-check crl none\n!\n"
    )
    assert block in running
    router.config("crypto pki trustpool import ca-bundle", "end")
    router.type("write memory")
    restarted = Device("R1", "ios15", state_dir)
    again = _cli(restarted)
    assert block in again.type("show running-config")
    assert len(_serials(again.type("show crypto pki trustpool"))) == 2
    assert "CA bundle download url:" in again.type("show crypto pki trustpool policy")


def _cli(device: Device):
    from conftest import RouterCli

    return RouterCli(device)
