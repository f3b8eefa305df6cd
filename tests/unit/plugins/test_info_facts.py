"""info: show-command text -> normalized facts per trustpoint.

Certificates are real X.509 made with ``cryptography`` and printed the way IOS prints them,
in several time zones, so every fact can be checked against the certificate itself
(``certs.certificate_summary``). Other texts are the parser samples of ``tests/parsers``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.names import (
    comma_line,
    name_ordered,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
SAMPLES = Path(__file__).resolve().parents[2] / "parsers"
ALL = list(info.DEFAULT_GATHER)  # what pki_info gathers by default
# certs.py short names -> the keys IOS prints.
_IOS_KEYS = {"CN": "cn", "O": "o", "OU": "ou", "C": "c", "L": "l", "ST": "st", "DC": "dc"}
_IOS_KEYS |= {"emailAddress": "e", "unstructuredName": "hostname", "serialNumber": "serialNumber"}


# ---------------------------------------------------------------- real certificates, IOS text


def _name(*pairs: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def _certificate(
    subject, issuer, signer, *, ca: bool, start: dt.datetime, end: dt.datetime, serial: int
):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer or key, hashes.SHA256())
    )
    return cert, key


@pytest.fixture(scope="module")
def lab():
    """A CA and three router certificates: valid one year, expiring in 10 days, expired."""
    ca_name = _name((NameOID.COMMON_NAME, "Unit Lab CA"), (NameOID.ORGANIZATION_NAME, "Unit Lab"))
    ca, ca_key = _certificate(
        ca_name, ca_name, None, ca=True, start=NOW - dt.timedelta(days=30),
        end=NOW + dt.timedelta(days=3650), serial=0x1A2B,
    )  # fmt: skip

    def router(cn: str, days: float, serial: int) -> x509.Certificate:
        subject = _name(
            (NameOID.COMMON_NAME, cn),
            (NameOID.ORGANIZATIONAL_UNIT_NAME, "Ops"),
            (NameOID.ORGANIZATIONAL_UNIT_NAME, "Edge Routers"),
            (NameOID.ORGANIZATION_NAME, "Unit Lab"),
            (NameOID.UNSTRUCTURED_NAME, cn),
        )
        start = NOW - dt.timedelta(days=400) if days < 0 else NOW - dt.timedelta(days=1)
        cert, _key = _certificate(
            subject, ca_name, ca_key, ca=False, start=start,
            end=NOW + dt.timedelta(days=days), serial=serial,
        )  # fmt: skip
        return cert

    return {
        "ca": ca,
        "valid": router("r1.unit.example", 365.5, 0x0B),
        "expiring": router("r2.unit.example", 10.25, 0x0C),
        "expired": router("r3.unit.example", -0.5, 0x0D),
    }


def _ios_date(moment: dt.datetime, zone: str, hours: float) -> str:
    local = moment.astimezone(dt.UTC) + dt.timedelta(hours=hours)
    return f"{local:%H:%M:%S} {zone} {local:%b} {local.day} {local.year}"


def _dn_lines(name: x509.Name, indent: str) -> list[str]:
    return [f"{indent}{_IOS_KEYS[key]}={value}" for key, value in certs.name_ordered(name)]


def ios_block(
    cert: x509.Certificate,
    header: str,
    trustpoints: str,
    zone: tuple[str, float] = ("UTC", 0),
    key_label: str | None = None,
) -> str:
    """One block of `show crypto pki certificates verbose`, as IOS 15 prints it."""
    prints = certs.certificate_fingerprints(cert)
    lines = [
        header,
        "  Status: Available",
        "  Version: 3",
        f"  Certificate Serial Number (hex): {certs.serial_hex(cert)}",
        "  Certificate Usage: " + ("Signature" if certs.is_ca(cert) else "General Purpose"),
        "  Issuer: ",
        *_dn_lines(cert.issuer, "    "),
        "  Subject:",
        *_dn_lines(cert.subject, "    "),
        "  Validity Date: ",
        f"    start date: {_ios_date(cert.not_valid_before_utc, *zone)}",
        f"    end   date: {_ios_date(cert.not_valid_after_utc, *zone)}",
        "  Subject Key Info:",
        "    Public Key Algorithm: ecPublicKey",
        "    EC Public Key:  (256 bit)",
        "  Signature Algorithm: SHA256 with ECDSA Encryption",
        f"  Fingerprint MD5: {prints['md5']} ",
        f"  Fingerprint SHA1: {prints['sha1']} ",
        f"  Associated Trustpoints: {trustpoints} ",
    ]
    if key_label:
        lines.append(f"  Key Label: {key_label}")
    return "\n".join(lines) + "\n\n"


def _facts(texts: dict[str, str], gather=ALL, **options):
    return info.build_facts(texts, gather, now=NOW, **options)


# ---------------------------------------------------------------- certificates


@pytest.mark.parametrize("zone", [("UTC", 0), ("PDT", -7), ("EET", 2), ("IST", 5.5), ("AEST", 10)])
def test_facts_of_real_certificates_printed_in_any_zone_match_the_x509(lab, zone) -> None:
    text = ios_block(lab["valid"], "Certificate", "TP", zone, "TP.key") + ios_block(
        lab["ca"], "CA Certificate", "TP", zone
    )
    facts = _facts({"certificates": text}, ["certificates"])
    tp = facts["trustpoints"]["TP"]
    for fact, cert in ((tp["certificates"][0], lab["valid"]), (tp["ca_certificate"], lab["ca"])):
        truth = certs.certificate_summary(cert, NOW)
        for key in ("serial", "not_before", "not_after", "days_remaining", "expired"):
            assert fact[key] == truth[key], key
        assert fact["subject_ordered"] == truth["subject_ordered"]
        assert fact["issuer_ordered"] == truth["issuer_ordered"]
        assert fact["subject"] == truth["subject"]
        assert fact["fingerprints"] == {
            k: v for k, v in truth["fingerprints"].items() if k != "sha256"
        }
    assert tp["certificates"][0]["kind"] == "router"
    assert tp["certificates"][0]["key_label"] == "TP.key"
    assert tp["certificates"][0]["subject_ordered"][1:3] == [["OU", "Ops"], ["OU", "Edge Routers"]]
    assert tp["ca_certificate"]["kind"] == "ca"


def test_unknown_time_zone_is_named_and_no_date_is_invented(lab) -> None:
    text = ios_block(lab["valid"], "Certificate", "TP", ("XYZ", 3))
    facts = _facts({"certificates": text}, ["certificates"], expiring_within_days=400)
    cert = facts["certificates"][0]
    assert cert["not_before"] is None and cert["not_after"] is None
    assert cert["days_remaining"] is None and cert["expired"] is None
    assert cert["time_zone_unknown"] == "XYZ"
    assert facts["expiring"] == []
    assert facts["summary"]["time_zone_unknown"] == 1


def test_expiring_list_and_summary(lab) -> None:
    text = (
        ios_block(lab["valid"], "Certificate", "R1-TP", ("PST", -8))
        + ios_block(lab["expiring"], "Certificate", "R2-TP", ("CET", 1))
        + ios_block(lab["expired"], "Certificate", "R3-TP")
        + ios_block(lab["ca"], "CA Certificate", "R1-TP R2-TP R3-TP Trustpool")
    )
    facts = _facts({"certificates": text}, ["certificates"], expiring_within_days=30)
    assert facts["expiring"] == [
        {
            "trustpoint": "R2-TP",
            "kind": "router",
            "serial": "0C",
            "subject_cn": "r2.unit.example",
            "not_after": "2026-12-07T18:00:00Z",
            "days_remaining": 10,
        }
    ]
    assert facts["summary"] == {
        "trustpoints": 3,
        "certificates": 4,
        "expired": 1,
        "expiring": 1,
        "pending": 0,
        "rollover_pending": 0,
        "without_ca": 0,
        "time_zone_unknown": 0,
        "unreadable": 0,
    }
    assert facts["gaps"] == []
    assert list(facts["trustpoints"]) == ["R1-TP", "R2-TP", "R3-TP"]  # not the Trustpool
    expired = facts["trustpoints"]["R3-TP"]["certificates"][0]
    assert expired["expired"] is True and expired["days_remaining"] == -1
    # The shared CA sits under each trustpoint, once in the flat list.
    assert all(tp["ca_certificate"]["serial"] == "1A2B" for tp in facts["trustpoints"].values())
    assert [c["serial"] for c in facts["certificates"]] == ["0B", "0C", "0D", "1A2B"]


# ---------------------------------------------------------------- parser samples


def _sample(folder: str, name: str) -> str:
    return (SAMPLES / folder / name).read_text()


def test_pending_request_and_ist_dates_from_the_parser_sample() -> None:
    text = _sample("show_crypto_pki_certificates", "pending_request.raw")
    facts = _facts({"certificates": text}, ["certificates"])
    tp = facts["trustpoints"]["CORE-CA"]
    pending = tp["certificates"][0]
    assert pending["pending"] is True and pending["status"] == "pending"
    assert pending["not_after"] is None and pending["serial"] is None
    assert pending["subject_hostname"] == "r7.core.example.org"
    assert pending["subject_ip_address"] == "192.0.2.17"
    assert pending["request_fingerprints"]["md5"] == "5E0A19C4 77B1D2E3 0F4A6B8C 9D2E1F30"
    assert tp["ca_certificate"]["not_before"] == "2024-04-01T01:00:00Z"  # 06:30 IST
    assert facts["summary"]["pending"] == 1


def test_ra_certificates_and_multi_valued_names() -> None:
    text = _sample("show_crypto_pki_certificates", "ra_certificates_multivalued_ldap.raw")
    facts = _facts({"certificates": text}, ["certificates"])
    tp = facts["trustpoints"]["CORP-SCEP"]
    assert sorted(c["kind"] for c in tp["ra_certificates"]) == ["ra_encipherment", "ra_signature"]
    router = tp["certificates"][0]
    assert router["subject_ordered"] == [
        ["serialNumber", "9XVYC51FMT6"],
        ["unstructuredAddress", "198.51.100.9"],
        ["unstructuredName", "vpn-hub1.corp.example.com"],
    ]
    assert router["renew_at"] == "2026-10-01T06:11:35Z"  # 08:11:35 EET
    assert len(router["crl_distribution_points"]) == 1
    assert tp["ca_certificate"]["issuer"]["DC"] == "com"
    assert [v for k, v in tp["ca_certificate"]["issuer_ordered"] if k == "DC"] == [
        "corp",
        "example",
        "com",
    ]


def test_device_status_keys_and_timers_from_the_simulator_samples() -> None:
    texts = {
        "trustpoints": _sample(
            "show_crypto_pki_trustpoints_status",
            "mockios_iosxe17_enrolled_unauthenticated_selfsigned.raw",
        ),
        "certificates": _sample(
            "show_crypto_pki_certificates", "mockios_iosxe17_enrolled_and_selfsigned.raw"
        ),
        "keys": _sample("show_crypto_key_mypubkey_all", "mockios_iosxe17_two_rsa_keys.raw"),
        "timers": _sample("show_crypto_pki_timers_detail", "iosxe17_detail.raw"),
    }
    facts = _facts(texts, ["trustpoints", "certificates", "keys", "timers"])
    lab, pend, self_signed = (facts["trustpoints"][n] for n in ("LAB", "PEND", "SELF"))
    assert lab["status"]["source"] == "device"
    assert lab["status"]["keys_generated"] is True
    assert lab["status"]["ca_authenticated"] is True
    assert lab["status"]["certificate_request"] == "granted"
    assert lab["status"]["last_enrollment_status"] == "Granted"
    assert lab["status"]["ca_fingerprints"]["sha1"] == (
        "521F93F4 5F269ABE 1688CA55 B8B22B60 26EAEFA7"
    )
    assert pend["status"]["ca_authenticated"] is False
    assert pend["status"]["certificate_request"] == "none"
    assert self_signed["certificates"][0]["kind"] == "self_signed"
    assert facts["summary"]["without_ca"] == 1
    assert [k["name"] for k in facts["keys"]] == ["LAB.key", "TP-self-signed-3508085918"]
    assert facts["keys"][0]["size"] == 2048 and facts["keys"][0]["exportable"] is False
    assert facts["keys"][0]["generated_at"] == "2026-11-27T11:38:35Z"
    assert "key_data" not in facts["keys"][0]
    renew = [t for t in facts["timers"] if t["timer"] == "RENEW"]
    assert renew == [
        {
            "section": "PKI Timers",
            "timer": "RENEW",
            "target": "LAB-TP",
            "trustpoint": "LAB-TP",
            "countdown": "29d23:59:00.000",
            "countdown_seconds": 2591940.0,
            "expires_at": "2026-12-27T11:04:01Z",
            "expires_at_printed": True,
            "crl_url": None,
        }
    ]


# ---------------------------------------------------------------- config and derived status

_RUNNING = """\
hostname R9
ip domain name unit.example
crypto pki trustpoint LAB
 enrollment url http://ca.unit.example
 password 7 094F471A1A0A
 rsakeypair LAB.key 2048
crypto pki trustpoint DEFAULT-KEYS
 enrollment url http://ca.unit.example
crypto pki trustpoint NOKEY
 enrollment terminal
 rsakeypair NOKEY.key
crypto pki profile enrollment PROF
 enrollment url http://ca.unit.example/enroll
"""
_KEYS = """\
% Key pair was generated at: 10:00:00 PDT Nov 1 2026
Key name: LAB.key
Key type: RSA KEYS      2048 bits
 Storage Device: private-config
 Usage: General Purpose Key
 Key is exportable.
 Key Data:
  30 82
% Key pair was generated at: 10:00:00 XYZ Nov 1 2026
Key name: R9.unit.example
Key type: RSA KEYS      1024 bits
 Storage Device: private-config
 Usage: General Purpose Key
 Key is not exportable.
 Key Data:
  30 82
"""


def test_status_derived_from_certificates_keys_and_config(lab) -> None:
    texts = {
        "certificates": ios_block(lab["valid"], "Certificate", "LAB")
        + ios_block(lab["ca"], "CA Certificate", "LAB DEFAULT-KEYS"),
        "keys": _KEYS,
        "config": _RUNNING,
    }
    facts = _facts(texts, ALL)
    assert facts["gathered"] == ["trustpoints", "certificates", "keys", "config"]
    statuses = {name: tp["status"] for name, tp in facts["trustpoints"].items()}
    assert statuses["LAB"] == {
        "source": "derived",
        "keys_generated": True,
        "keys_detail": "General Purpose, exportable",
        "ca_authenticated": True,
        "certificate_request": "granted",
    }
    # No rsakeypair: the router's default pair, <hostname>.<domain>.
    assert facts["trustpoints"]["DEFAULT-KEYS"]["key_label"] == "R9.unit.example"
    assert statuses["DEFAULT-KEYS"]["keys_generated"] is True
    assert statuses["DEFAULT-KEYS"]["certificate_request"] == "none"
    assert statuses["NOKEY"]["keys_generated"] is False
    assert statuses["NOKEY"]["ca_authenticated"] is False
    assert facts["summary"]["without_ca"] == 1
    assert facts["hostname"] == "R9"
    assert facts["keys"][1]["time_zone_unknown"] == "XYZ"
    assert facts["keys"][1]["generated_at"] is None
    assert facts["keys"][0]["generated_at"] == "2026-11-01T17:00:00Z"
    assert facts["warnings"] == ["nothing gathered for 'timers': no output of "
                                 "'show crypto pki timers detail'"]  # fmt: skip


def test_a_certificate_kind_is_spelt_the_same_in_the_chain_and_the_certificates() -> None:
    # `certificate self-signed 01` in the chain, `Router Self-Signed Certificate` in the show.
    sample = "mockios_iosxe17_enrolled_and_selfsigned.raw"
    texts = {
        "certificates": _sample("show_crypto_pki_certificates", sample),
        "config": _RUNNING + _sample("show_running-config_crypto_pki_certificate_chain", sample),
    }
    facts = _facts(texts, ["certificates", "config"])
    for name in ("LAB", "SELF"):
        tp = facts["trustpoints"][name]
        chain = sorted((c["kind"], c["serial"]) for c in tp["chain"])
        shown = [*tp["certificates"], tp["ca_certificate"]]
        shown = sorted((c["kind"], c["serial"]) for c in shown if c)
        assert chain == shown
    assert [c["kind"] for c in facts["trustpoints"]["SELF"]["chain"]] == ["self_signed"]


def test_config_facts_mask_the_password_and_list_profiles_and_chains() -> None:
    chain = _sample(
        "show_running-config_crypto_pki_certificate_chain",
        "mockios_iosxe17_enrolled_and_selfsigned.raw",
    )
    facts = _facts({"config": _RUNNING + chain}, ["config"])
    lab = facts["trustpoints"]["LAB"]
    assert lab["config"]["password"] == "********"
    assert lab["config"]["rsakeypair"] == {"label": "LAB.key", "modulus": 2048}
    assert [(c["kind"], c["serial"]) for c in lab["chain"]] == [("router", "10"), ("ca", "02")]
    assert all(c["fingerprints_from"] == "certificate" for c in lab["chain"])
    assert all(len(c["fingerprints"]["sha256"].split()) == 8 for c in lab["chain"])
    assert facts["profiles"] == [
        {"name": "PROF", "enrollment": {"url": "http://ca.unit.example/enroll"}}
    ]
    assert "status" not in lab and "certificates" not in lab


def test_trustpoint_filter_and_unknown_names(lab) -> None:
    text = ios_block(lab["valid"], "Certificate", "A") + ios_block(
        lab["expiring"], "Certificate", "B"
    )
    facts = _facts({"certificates": text}, ["certificates"], only=["B", "NOPE"])
    assert list(facts["trustpoints"]) == ["B"]
    assert [c["serial"] for c in facts["certificates"]] == ["0C"]
    assert facts["warnings"] == ["no trustpoint named NOPE on this router"]


# ---------------------------------------------------------------- commands and outputs


def test_at_most_four_show_commands() -> None:
    everything = info.plan_commands(ALL)
    assert len(everything) == 4 and "trustpoints" not in everything
    assert list(info.plan_commands(info.GATHER_CHOICES)) == [
        *everything,
        "crls",
        "servers",
        "trustpool",
    ]
    assert info.plan_commands(["trustpoints"]) == {
        "trustpoints": "show crypto pki trustpoints status"
    }
    four = info.plan_commands(["trustpoints", "certificates", "keys", "config"])
    assert list(four) == ["trustpoints", "certificates", "keys", "config"]
    assert info.plan_commands(["timers", "timers"]) == {"timers": "show crypto pki timers detail"}


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("show crypto pki certificates", "certificates"),
        ("sh cry pki cert verbose LAB", "certificates"),
        ("show crypto ca certificates", "certificates"),
        ("show crypto pki trustpoints status", "trustpoints"),
        ("sh crypto pki tru LAB status", "trustpoints"),
        ("show crypto key mypubkey rsa", "keys"),
        ("sh cry k m all", "keys"),
        ("show crypto pki timers", "timers"),
        ("show running-config", "config"),
        ("sh run | section crypto pki", "config"),
        ("show startup-config", "config"),
        ("show crypto pki trustpool", "trustpool"),
        ("sh cry pki trustpool verbose", "trustpool"),
        ("show crypto pki trustpool policy", None),
        ("show version", None),
    ],
)
def test_output_commands_are_recognised_in_any_abbreviation(command: str, kind: str | None) -> None:
    assert info.output_kind(command) == kind


def test_outputs_that_cannot_be_read_are_refused() -> None:
    with pytest.raises(ValidationError, match="no parser for 'show version'"):
        info.texts_from_outputs({"show version": "Cisco IOS"})
    with pytest.raises(ValidationError, match="two texts answer 'certificates'"):
        info.texts_from_outputs({"sh cry pki cert": "", "show crypto pki certificates": ""})


def test_names_in_every_printed_form() -> None:
    assert name_ordered(["CN = r1.example", "OID.2.5.4.5 = FOC1", "2.5.4.45 = 01AB"]) == [
        ["CN", "r1.example"],
        ["serialNumber", "FOC1"],
        ["x500UniqueIdentifier", "01AB"],
    ]
    assert name_ordered(["ou=R&D + Test+cn=x"]) == [["OU", "R&D + Test"], ["CN", "x"]]
    assert comma_line("cn=Lab CA, Inc,o=Example") == [["CN", "Lab CA, Inc"], ["O", "Example"]]


@pytest.mark.parametrize(
    "text", ["", "PKI Timers\n\n", "PKI Timers\nExpiry Alert Timers\nTrustpool Timers\n"]
)
def test_a_router_with_no_pki_gives_empty_facts(text: str) -> None:
    facts = _facts({"timers": text, "keys": "", "certificates": "", "config": ""}, ALL)
    assert facts["trustpoints"] == {} and facts["certificates"] == [] and facts["timers"] == []
    assert facts["summary"]["certificates"] == 0 and facts["summary"]["expired"] == 0


def test_a_command_the_router_rejects_is_left_out_with_a_warning() -> None:
    warnings: list[str] = []
    rejected = "                                  ^\n% Invalid input detected at '^' marker.\n"
    texts = info.supported_outputs({"timers": rejected, "keys": ""}, warnings)
    assert texts == {"keys": ""}
    assert warnings == ["the router rejected 'show crypto pki timers detail': no timers facts"]
    facts = _facts(texts, ["timers", "keys"])
    assert facts["gathered"] == ["keys"] and "timers" not in facts


def test_certificate_servers_with_their_ca_expiry_and_pending_requests() -> None:
    status = (SAMPLES / "show_crypto_pki_server" / "genie_csr8kv_auto_rollover.raw").read_text()
    table = SAMPLES / "show_crypto_pki_server_requests" / "otus_labs_lab14_two_pending.raw"
    facts = info.build_facts(
        {"servers": status},
        ["servers"],
        now=NOW,
        server_requests={"root": table.read_text()},
    )
    [server] = facts["servers"]
    assert (server["name"], server["ca_not_after"], server["pending_requests"]) == (
        "root",
        "2025-01-04T12:58:34Z",
        2,
    )
    assert [r["id"] for r in server["requests"]] == [1, 2]
    assert facts["gathered"] == ["servers"] and facts["warnings"] == []
    assert info.output_kind("sh cry pki server root") == "servers"
    assert info.output_kind("show crypto pki server root requests") is None
