"""IOS-XE 17 routers ship SLA-TrustPoint and TP-self-signed-<n>; IOS 15 routers ship none."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mockios.cli import build_parser
from mockios.device import Device
from mockios.pki.device_certs import find_cert
from mockios.pki.trustpoint_keys import self_signed_number


def _section(cli, what: str) -> list[str]:
    return cli.type(f"show running-config | section {what}").splitlines()[1:-1]


def test_iosxe17_ships_sla_and_self_signed_trustpoints(make_router):
    cli = make_router(flavor="iosxe17", domain=None)
    number = self_signed_number(cli.device)
    assert _section(cli, "crypto pki trustpoint") == [
        "crypto pki trustpoint SLA-TrustPoint",
        " enrollment pkcs12",
        " revocation-check crl",
        f"crypto pki trustpoint TP-self-signed-{number}",
        " enrollment selfsigned",
        f" subject-name cn=IOS-Self-Signed-Certificate-{number}",
        " revocation-check none",
        f" rsakeypair TP-self-signed-{number}",
    ]
    chains = _section(cli, "crypto pki certificate chain")
    assert chains[:2] == ["crypto pki certificate chain SLA-TrustPoint", " certificate ca 01"]
    assert f"crypto pki certificate chain TP-self-signed-{number}" in chains
    assert " certificate self-signed 01" in chains
    assert cli.device.startup == cli.device.running  # shipped, so already saved


def test_shipped_certificates_are_real(make_router):
    device = make_router(flavor="iosxe17", domain=None).device
    name = f"TP-self-signed-{self_signed_number(device)}"
    sla = find_cert(device, "SLA-TrustPoint", "ca")
    assert sla.subject.rfc4514_string() == "CN=Cisco Licensing Root CA,O=Cisco"
    assert sla.serial_number == 1 and sla.issuer == sla.subject
    mine = find_cert(device, name, "self-signed")
    number = self_signed_number(device)
    assert mine.subject.rfc4514_string() == f"CN=IOS-Self-Signed-Certificate-{number}"
    public = mine.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    assert device.keys[name].public_der == public
    assert device.keys[name].size == 2048


def test_a_fleet_shares_one_licensing_root(state_dir):
    first = Device("R1", "iosxe17", state_dir)
    second = Device("R2", "iosxe17", state_dir)
    assert find_cert(first, "SLA-TrustPoint", "ca") == find_cert(second, "SLA-TrustPoint", "ca")
    assert self_signed_number(first) != self_signed_number(second)


def test_ios15_and_empty_iosxe17_ship_nothing(make_router):
    for cli in (
        make_router("R1", "ios15", domain=None),
        make_router("R2", "iosxe17", domain=None, factory_defaults=False),
    ):
        assert cli.device.running.trustpoints == {}
        assert cli.device.keys == {}
        assert cli.type("show crypto pki certificates").strip() == cli.session.prompt


def test_a_restored_router_keeps_what_was_removed(make_router, state_dir):
    cli = make_router(flavor="iosxe17", domain=None)
    name = f"TP-self-signed-{self_signed_number(cli.device)}"
    cli.config(f"no crypto pki trustpoint {name}", "yes", "end")
    cli.type("write memory")
    cli.device.shutdown()
    again = Device("R1", "iosxe17", state_dir)
    assert list(again.running.trustpoints) == ["SLA-TrustPoint"]


def test_self_signed_enrollment_asks_to_replace_the_shipped_certificate(make_router):
    cli = make_router(flavor="iosxe17")
    cli.config("crypto pki trustpoint SS", "enrollment selfsigned", "exit")
    number = self_signed_number(cli.device)
    out = cli.type("crypto pki enroll SS")
    assert f"(trustpoint TP-self-signed-{number})" in out
    assert out.endswith("% Do you really want to replace it? [yes/no]: ")


def test_command_line_empty_switch():
    parser, _ = build_parser()
    assert parser.parse_args(["serve", "--port", "0", "--empty"]).empty is True
    assert (
        parser.parse_args(["fleet", "--count", "1", "--base-port", "0", "--inventory", "i"]).empty
        is False
    )
