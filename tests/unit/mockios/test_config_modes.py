from __future__ import annotations

from typing import Any

from mockios.config_model import ChainCert
from mockios.render_config import der_hex_lines, type7_encode

Cli = Any

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
        ],
    )
    tp = cli.device.running.trustpoints["CA1"]
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
