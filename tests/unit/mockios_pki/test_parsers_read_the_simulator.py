"""The collection's TextFSM parsers read what the simulator prints, with the real values."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.pki.device_certs import find_cert
from mockios.pki.ios_format import ios_date

parse = pytest.importorskip(
    "ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse"
)


def _spaced(digest: bytes) -> str:
    text = digest.hex().upper()
    return " ".join(text[i : i + 8] for i in range(0, len(text), 8))


@pytest.fixture(params=["ios15", "iosxe17"])
def enrolled(request, make_router):
    # An empty router: the records below are exactly the certificates made here.
    cli = make_router(flavor=request.param, factory_defaults=False)
    cli.config(
        "crypto pki trustpoint TP",
        "enrollment url http://ca.lab.example",
        "serial-number",
        "ip-address none",
        "password x",
        "auto-enroll 70",
        "exit",
        "crypto pki trustpoint SS",
        "enrollment selfsigned",
        "serial-number none",
        "ip-address none",
        "exit",
    )
    cli.dialog("crypto pki authenticate TP", "yes")
    cli.dialog("crypto pki enroll TP", "yes")
    cli.dialog("crypto pki enroll SS", "yes")
    cli.device.run_pending_timers()
    cli.config("crypto key generate ec keysize 256 label EC1")
    cli.type("end")
    return cli


def _run(cli, command: str) -> list[dict]:
    return parse.parse_output(command, cli.type(command).removesuffix(cli.session.prompt))


def test_certificates(enrolled):
    records = _run(enrolled, "show crypto pki certificates")
    cert = find_cert(enrolled.device, "TP", "router")
    kinds = [record["CERTIFICATE_TYPE"] for record in records]
    assert kinds == ["Certificate", "Router Self-Signed Certificate", "CA Certificate"]
    mine = records[0]
    assert mine["STATUS"] == "Available"
    assert int(mine["SERIAL_NUMBER"], 16) == cert.serial_number
    assert mine["START_DATE"] == ios_date(cert.not_valid_before_utc)
    assert mine["END_DATE"] == ios_date(cert.not_valid_after_utc)
    assert mine["SUBJECT_SERIAL_NUMBER"] == enrolled.device.serial
    assert mine["ASSOCIATED_TRUSTPOINTS"] == ["TP"]


def test_certificates_verbose_fingerprints(enrolled):
    records = _run(enrolled, "show crypto pki certificates verbose TP")
    cert = find_cert(enrolled.device, "TP", "router")
    shown = "".join(records[0]["FINGERPRINT_MD5"].split())
    assert shown == cert.fingerprint(hashes.MD5()).hex().upper()


def test_trustpoints_status(enrolled):
    (record,) = _run(enrolled, "show crypto pki trustpoints TP status")
    ca = enrolled.device.running.chains["TP"][-1]
    assert record["TRUSTPOINT"] == "TP"
    assert record["CA_FINGERPRINT_SHA1"].split() == _spaced(hashlib.sha1(ca.der).digest()).split()
    assert record["KEYS_GENERATED"] == "Yes"
    assert record["CA_AUTHENTICATED"] == "Yes"
    assert record["CERTIFICATE_REQUESTS"] == "Yes"
    plain = _run(enrolled, "show crypto pki trustpoints")
    assert [r["TRUSTPOINT"] for r in plain] == ["TP", "SS"]
    assert plain[1]["SUMMARY"] == "Persistent self-signed certificate trust point"


def test_timers(enrolled):
    records = _run(enrolled, "show crypto pki timers detail")
    found = [(r["SECTION"], r["TIMER"], r["TRUSTPOINT"]) for r in records]
    if enrolled.device.flavor == "ios15":
        assert found == [("PKI Timers", "RENEW", "TP"), ("PKI Timers", "SHADOW", "TP")]
        return
    # IOS-XE 17: session cleanup, the renew and shadow (CA rollover) timers, TP's expiry alert
    # (its router certificate ends before the lab CA) and the built-in trustpool; none for the
    # self-signed SS.
    assert sorted(found) == [
        ("Expiry Alert Timers", "ID", "TP"),
        ("PKI Timers", "RENEW", "TP"),
        ("PKI Timers", "SESSION CLEANUP", ""),
        ("PKI Timers", "SHADOW", "TP"),
        ("Trustpool Timers", "TRUSTPOOL", ""),
    ]
    assert all(r["EXPIRES_AT"] for r in records)


def test_mypubkey(enrolled):
    records = {r["KEY_NAME"]: r for r in _run(enrolled, "show crypto key mypubkey all")}
    ec_key = records["EC1"]
    assert ec_key["KEY_TYPE"] == "EC"
    data = bytes.fromhex("".join("".join(ec_key["KEY_DATA"]).split()))
    assert data == enrolled.device.keys["EC1"].public_der


def test_certificate_chain_section(enrolled):
    records = _run(enrolled, "show running-config | section crypto pki certificate chain")
    cert = find_cert(enrolled.device, "TP", "router")
    (mine,) = [r for r in records if r["CHAIN"] == "TP" and r["CERT_KIND"] == ""]
    assert int(mine["SERIAL"], 16) == cert.serial_number
    assert bytes.fromhex("".join("".join(mine["HEX"]).split())) == cert.public_bytes(Encoding.DER)
