from __future__ import annotations

from typing import Any

from mockios.config_model import ChainCert
from mockios.log import read_session_log
from mockios.render_config import der_hex_lines, type7_encode

Cli = Any
HEX = "config-pki-hexmode"

TRUSTPOINT = [
    "crypto pki trustpoint CA1",
    "enrollment mode ra",
    "enrollment retry period 5",
    "enrollment retry count 10",
    "enrollment url http://ca.lab:80/cgi-bin",
    "serial-number none",
    "fqdn r1.lab.example",
    "ip-address GigabitEthernet0/0",
    "password s3cret",
    "fingerprint 12EF53FA 355CD23E 12EF53FA 355CD23E",
    "subject-name CN=r1, OU=Spiral Dept., O=example.com",
    "subject-alt-name r1.lab.example",
    "usage ike",
    "source interface GigabitEthernet0/0",
    "vrf MGMT",
    "revocation-check crl none",
    "ocsp url http://ocsp.lab:8080/",
    "rsakeypair CA1 2048 1024",
    "storage nvram:",
    "hash sha256",
    "auto-enroll 70 regenerate",
    "regenerate",
]


def _configure(cli: Cli, lines: list[str]) -> None:
    cli.run("configure terminal")
    for line in lines:
        out = cli.run(line)
        assert out == "", f"{line!r} -> {out!r}"
    cli.run("end")


def test_trustpoint_attributes_render_in_ios_order(cli: Cli) -> None:
    _configure(cli, TRUSTPOINT)
    tp = cli.device.running.trustpoints["CA1"]
    assert tp.rsakeypair == ("CA1", 2048, 1024)
    assert tp.auto_enroll == (70, True)
    assert tp.serial_number == "none" and tp.revocation_check == ["crl", "none"]
    assert tp.password == "s3cret"
    assert cli.run("show running-config | section crypto pki trustpoint").split("\r\n") == [
        "crypto pki trustpoint CA1",
        " enrollment mode ra",
        " enrollment retry period 5",
        " enrollment retry count 10",
        " enrollment url http://ca.lab:80/cgi-bin",
        " serial-number none",
        " fqdn r1.lab.example",
        " ip-address GigabitEthernet0/0",
        f" password 7 {type7_encode('s3cret')}",
        " fingerprint 12EF53FA 355CD23E 12EF53FA 355CD23E",
        " subject-name CN=r1, OU=Spiral Dept., O=example.com",
        " subject-alt-name r1.lab.example",
        " usage ike",
        " source interface GigabitEthernet0/0",
        " vrf MGMT",
        " revocation-check crl none",
        " ocsp url http://ocsp.lab:8080/",
        " rsakeypair CA1 2048 1024",
        " storage nvram:",
        " hash sha256",
        " auto-enroll 70 regenerate",
        " regenerate",
        "",
    ]


def test_no_forms_clear_attributes(cli: Cli) -> None:
    _configure(cli, TRUSTPOINT)
    _configure(
        cli,
        [
            "crypto pki trustpoint CA1",
            "no enrollment url",
            "no serial-number",
            "no auto-enroll",
            "no revocation-check",
            "no rsakeypair",
            "no regenerate",
            "no enrollment mode ra",
            "no ocsp url",
        ],
    )
    tp = cli.device.running.trustpoints["CA1"]
    assert tp.ocsp_url is None
    assert tp.enrollment_url is None and tp.serial_number is None and tp.auto_enroll is None
    assert tp.revocation_check == [] and tp.rsakeypair is None
    assert tp.regenerate is False and tp.enrollment_mode_ra is False


def test_enrollment_methods_exclude_each_other(cli: Cli) -> None:
    _configure(
        cli, ["crypto pki trustpoint T", "enrollment url http://x", "enrollment terminal pem"]
    )
    tp = cli.device.running.trustpoints["T"]
    assert tp.enrollment_terminal and tp.enrollment_pem and tp.enrollment_url is None
    _configure(cli, ["crypto pki trustpoint T", "enrollment selfsigned", "serial-number"])
    assert not tp.enrollment_terminal and tp.enrollment_selfsigned and tp.serial_number == ""
    section = cli.run("show running-config | section trustpoint T")
    assert section == "crypto pki trustpoint T\r\n enrollment selfsigned\r\n serial-number\r\n"


def test_enrollment_profile(cli: Cli) -> None:
    _configure(
        cli,
        [
            "crypto pki profile enrollment E",
            "authentication url http://entrust:81",
            "authentication command GET /certs/cacert.der",
            "enrollment url http://entrust:81/cda-cgi/clientcgi.exe",
            "enrollment command POST reference_number=$P2&authcode=$P1",
            "enrollment credential Entrust",
            "parameter 2 value 5001",
            "parameter 1 value aaaa-bbbb-cccc",
        ],
    )
    assert cli.run("show running-config | section profile").split("\r\n") == [
        "crypto pki profile enrollment E",
        " authentication url http://entrust:81",
        " authentication command GET /certs/cacert.der",
        " enrollment url http://entrust:81/cda-cgi/clientcgi.exe",
        " enrollment command POST reference_number=$P2&authcode=$P1",
        " enrollment credential Entrust",
        " parameter 1 value aaaa-bbbb-cccc",
        " parameter 2 value 5001",
        "",
    ]
    _configure(cli, ["crypto pki profile enrollment E", "no parameter 2", "no enrollment command"])
    profile = cli.device.running.profiles["E"]
    assert profile.parameters == {1: "aaaa-bbbb-cccc"} and profile.enrollment_command is None


def test_certificate_chain_hex_mode(cli: Cli) -> None:
    der = bytes(range(70))
    hex_lines = der_hex_lines(der)
    assert (
        hex_lines[0] == "  00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F "
    )
    assert hex_lines[-1] == "  40414243 4445 "
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    cli.run("crypto pki certificate chain TP")
    assert cli.session.prompt == "R1(config-cert-chain)#"
    cli.run("certificate ca 01")
    assert cli.session.prompt == "R1(config-pki-hexmode)#"
    for line in hex_lines:
        assert cli.run(line.strip()) == ""
    assert "% Invalid input" in cli.run("zz not hex")
    cli.run("quit")
    assert cli.session.prompt == "R1(config-cert-chain)#"
    cli.run("end")
    assert cli.device.running.chains["TP"] == [ChainCert("ca", "01", der)]
    section = cli.run("show running-config | section chain")
    assert section.split("\r\n") == [
        "crypto pki certificate chain TP",
        " certificate ca 01",
        *hex_lines,
        "  \tquit",
        "",
    ]
    _configure(cli, ["crypto pki certificate chain TP", "no certificate ca 01"])
    assert cli.device.running.chains["TP"] == []


def test_global_ip_commands(cli: Cli) -> None:
    _configure(
        cli,
        [
            "ip domain-name lab.example",
            "crypto pki trustpoint TP",
            "ip http secure-server",
            "ip http secure-trustpoint TP",
            "interface Loopback0",
            "ip address 192.0.2.1 255.255.255.255",
        ],
    )
    assert cli.device.domain_name == "lab.example"
    text = cli.run("show running-config")
    assert "ip http secure-server\r\nip http secure-trustpoint TP\r\n" in text
    assert "interface Loopback0\r\n ip address 192.0.2.1 255.255.255.255\r\n" in text
    _configure(cli, ["no ip domain name", "no ip http secure-trustpoint"])
    assert cli.device.domain_name is None and cli.device.running.http_secure_trustpoint is None


def _hex_entry(cli: Cli) -> None:
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    cli.run("crypto pki certificate chain TP")
    cli.run("certificate ca 01")


def test_chain_hex_entry_reads_lines_like_a_mode(cli: Cli) -> None:
    """The hex lines are read by a dialog, but keys and the log treat them as a mode's."""
    _hex_entry(cli)
    assert cli.session.feed("0a0b\x03") == "0a0b^C\r\nR1(config-pki-hexmode)#"  # not aborted
    assert cli.run("zz12") == " " * len("R1(config-pki-hexmode)#") + (
        "^\r\n% Invalid input detected at '^' marker.\r\n\r\n"
    )
    assert cli.run("abc") == ""
    assert cli.run("quit") == "% Invalid certificate data (odd number of hex digits)\r\n"
    assert cli.session.prompt == "R1(config-cert-chain)#"
    cli.run("certificate ca 02")
    cli.run("0a0b")
    assert cli.session.feed("\x1a") == "^Z\r\nR1#"  # leaves config mode; nothing is stored
    assert cli.device.running.chains["TP"] == []
    entries = [e for e in read_session_log(cli.device.log.path) if e.get("mode") == HEX]
    assert [(e["line"], e["command"]) for e in entries] == [
        ("zz12", ""),
        ("abc", ""),
        ("quit", ""),
        ("0a0b", ""),
        ("^Z", "end"),
    ]


def test_a_session_closed_in_hex_entry_was_left_in_that_mode_not_in_a_dialog(cli: Cli) -> None:
    _hex_entry(cli)
    cli.session.close()
    ended = read_session_log(cli.device.log.path)[-1]
    assert ended["event"] == "disconnect"
    assert (ended["mode"], ended["in_dialog"]) == (HEX, False)
