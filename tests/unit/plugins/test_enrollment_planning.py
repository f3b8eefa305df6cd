"""Planning of the enrollment operations, on real certificates: what ca_authenticate, enroll,
certificate_import and https_server decide from what the router holds."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import diff
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpoint import (
    check_mode_preview,
    parse_facts,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpoint_key import (
    RouterKey,
    trustpoint_key,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import (
    ca_authenticate as authenticate,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import (
    certificate_import,
    enroll,
    https_server,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.certs import (
    certificate_fingerprint,
    certificate_summary,
    certificate_to_pem,
    normalize_fingerprint,
)
from cryptography.hazmat.primitives import serialization
from diff_texts import certificate_text
from enrollment_pki import NOW, key, lab_pki, running_config

SCEP = ["enrollment url http://ca.lab/scep", "revocation-check none"]


@pytest.fixture(scope="module")
def pki():
    return lab_pki()


def _facts(pki, chain, lines=SCEP):
    return parse_facts("TP", running_config(lines, chain))


# --- trustpoint facts -----------------------------------------------------------------------


def test_facts_read_config_and_real_certificates(pki):
    router = pki.router_cert()
    facts = _facts(pki, [("", router), ("ca", pki.ca)])
    assert facts.exists and facts.method == "url" and not facts.terminal
    assert facts.ca.cert == pki.ca and facts.ca.serial == "02"
    assert facts.router.cert == router
    assert parse_facts("OTHER", running_config(SCEP, [])).exists is False
    with pytest.raises(ValidationError, match="does not exist"):
        parse_facts("OTHER", running_config(SCEP, [])).require()


def test_facts_know_terminal_and_selfsigned(pki):
    assert _facts(pki, [], ["enrollment terminal pem"]).terminal is True
    assert _facts(pki, [], ["enrollment selfsigned"]).method == "selfsigned"
    labelled = _facts(pki, [], [*SCEP, "rsakeypair TP-KEY 2048"])
    assert labelled.key_label == "TP-KEY"


# --- ca_authenticate ------------------------------------------------------------------------


def test_no_pin_is_refused_unless_accept_unverified():
    with pytest.raises(ValidationError, match="fingerprint or ca_certificate is required"):
        authenticate.pins_from_params({"accept_unverified": False})
    assert authenticate.pins_from_params({"accept_unverified": True}) == ([], None)


def test_pins_from_certificate_cover_every_algorithm(pki):
    pins, cert = authenticate.pins_from_params({"ca_certificate": certificate_to_pem(pki.ca)})
    assert cert == pki.ca
    assert {pin.algorithm for pin in pins} >= {"md5", "sha1", "sha256"}


def test_fingerprint_and_certificate_must_agree(pki):
    wrong = certificate_fingerprint(pki.other_ca, "sha1").hex
    with pytest.raises(ValidationError, match="disagree"):
        authenticate.pins_from_params(
            {"ca_certificate": certificate_to_pem(pki.ca), "fingerprint": wrong}
        )


def test_a_non_ca_certificate_is_refused(pki):
    with pytest.raises(VerificationError, match="not a CA certificate"):
        authenticate.pins_from_params({"ca_certificate": certificate_to_pem(pki.router_cert())})


def test_authenticate_plan(pki):
    pin = [certificate_fingerprint(pki.ca, "sha1")]
    command = "crypto pki authenticate TP"
    assert authenticate.plan(_facts(pki, []), pin, force=False) == [command]
    assert authenticate.plan(_facts(pki, [("ca", pki.ca)]), pin, force=False) == []
    other = _facts(pki, [("ca", pki.other_ca)])
    with pytest.raises(VerificationError, match="different CA certificate"):
        authenticate.plan(other, pin, force=False)
    assert authenticate.plan(other, pin, force=True) == [
        "crypto pki certificate chain TP",
        "no certificate ca 03",
        command,
    ]
    # accept_unverified: whatever CA is there is kept
    assert authenticate.plan(other, [], force=False) == []


def test_router_pin_must_equal_the_task_pin(pki):
    sha1 = certificate_fingerprint(pki.ca, "sha1")
    other = certificate_fingerprint(pki.other_ca, "sha1")
    pinned = _facts(pki, [], [*SCEP, f"fingerprint {sha1.hex}"])
    authenticate.check_router_pin(pinned, [sha1])
    with pytest.raises(VerificationError, match="nothing sent"):
        authenticate.check_router_pin(pinned, [other])
    with pytest.raises(ValidationError, match="so the two can be compared"):
        authenticate.check_router_pin(pinned, [certificate_fingerprint(pki.ca, "md5")])


# --- enroll ---------------------------------------------------------------------------------

DAYS_30 = enroll.RenewalWindow(30, None)


@pytest.mark.parametrize(
    ("end_days", "force", "by_other_ca", "reason"),
    [
        (355, False, False, None),
        (355, True, False, "forced"),
        (20, False, False, "renewal"),
        (-1, False, False, "expired"),
        (355, False, True, "new_ca"),
    ],
)
def test_needs_enrollment(pki, end_days, force, by_other_ca, reason):
    # A year-long certificate: the days rule applies.
    router = pki.router_cert(start_days=-365 + end_days, end_days=end_days, by_other_ca=by_other_ca)
    facts = _facts(pki, [("", router), ("ca", pki.ca)])
    assert enroll.needs_enrollment(facts, DAYS_30, force, now=NOW).reason == reason


def test_missing_certificate_needs_enrollment(pki):
    facts = _facts(pki, [("ca", pki.ca)])
    assert enroll.needs_enrollment(facts, DAYS_30, False, now=NOW).reason == "missing"


def test_renewal_window_edges(pki):
    facts = _facts(pki, [("", pki.router_cert(end_days=31)), ("ca", pki.ca)])
    assert enroll.needs_enrollment(facts, DAYS_30, False, now=NOW).reason is None
    assert (
        enroll.needs_enrollment(facts, enroll.RenewalWindow(31, None), False, now=NOW).reason
        == "renewal"
    )


@pytest.mark.parametrize(
    ("window", "start_days", "end_days", "reason", "warned"),
    [
        # A certificate no longer than renew_before_days: 20% of its lifetime instead, warned.
        (DAYS_30, -5, 10, None, True),  # 15 days long: renewed in its last 3 days
        (DAYS_30, -14, 1, "renewal", True),
        (enroll.RenewalWindow(30, 50), -5, 10, None, True),  # its own fallback: 7.5 days
        (enroll.RenewalWindow(30, 50), -8, 7, "renewal", True),
        # Longer than renew_before_days: the days rule, no warning.
        (DAYS_30, -10, 31, None, False),
        # renew_before_percent alone: a share of the certificate's own lifetime.
        (enroll.RenewalWindow(None, 50), -10, 355, None, False),
        (enroll.RenewalWindow(None, 50), -100, 50, "renewal", False),
        (enroll.RenewalWindow(None, 20), -5, 10, None, False),
    ],
)
def test_renewal_window_settles_on_short_certificates(
    pki, window, start_days, end_days, reason, warned
):
    router = pki.router_cert(start_days=start_days, end_days=end_days)
    decision = enroll.needs_enrollment(
        _facts(pki, [("", router), ("ca", pki.ca)]), window, False, now=NOW
    )
    assert decision.reason == reason
    assert (decision.warning is not None) == warned
    if warned:
        assert "no longer than renew_before_days (30)" in decision.warning


def test_renewal_window_from_the_options():
    assert enroll.RenewalWindow.of({}) == enroll.RenewalWindow(30, None)
    assert enroll.RenewalWindow.of({"renew_before_percent": 10}) == enroll.RenewalWindow(None, 10)
    both = {"renew_before_days": 60, "renew_before_percent": 10}
    assert enroll.RenewalWindow.of(both) == enroll.RenewalWindow(60, 10)


def test_enroll_needs_an_authenticated_ca_except_self_signed(pki):
    with pytest.raises(ValidationError, match="authenticate the CA first"):
        enroll.check_method(_facts(pki, []))
    enroll.check_method(_facts(pki, [], ["enrollment selfsigned"]))
    with pytest.raises(ValidationError, match="certificate_import"):
        enroll.check_method(_facts(pki, [("ca", pki.ca)], ["enrollment pkcs12"]))


@pytest.mark.parametrize("value", [False, "no", "GigabitEthernet0/0", "10.0.0.1", "2001:db8::1"])
def test_ip_address_values(value):
    assert enroll.VALUE_RULES["ip_address"](value, "ip_address") in (False, value)


@pytest.mark.parametrize("value", [True, "eth0 please", "300.1.1.1x"])
def test_ip_address_refused(value):
    with pytest.raises(ValidationError):
        enroll.VALUE_RULES["ip_address"](value, "ip_address")


# --- trustpoint keys ------------------------------------------------------------------------


def test_trustpoint_key_by_label_default_and_self_signed(pki):
    keys = [
        RouterKey("R1.lab.example", "rsa", 1024, key(2).public_key()),
        RouterKey("TP-KEY", "rsa", 1024, key(0).public_key()),
        RouterKey("TP-self-signed-123", "rsa", 1024, key(1).public_key()),
    ]
    assert (
        trustpoint_key(keys, _facts(pki, [], [*SCEP, "rsakeypair TP-KEY"]), "R1").label == "TP-KEY"
    )
    assert trustpoint_key(keys, _facts(pki, []), "R1").label == "R1.lab.example"
    selfsigned = _facts(pki, [], ["enrollment selfsigned"])
    assert trustpoint_key(keys, selfsigned, "R1").label == "TP-self-signed-123"
    assert trustpoint_key(keys, _facts(pki, [], [*SCEP, "rsakeypair NONE"]), "R1") is None


# --- certificate_import ---------------------------------------------------------------------


def _pem_bundle(pki, passphrase="Pass-Phrase-1", **changes):
    router = pki.router_cert()
    encrypted = pki.router_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    ).decode()
    bundle = {
        "ca_certificate": certificate_to_pem(pki.ca),
        "private_key": encrypted,
        "certificate": certificate_to_pem(router),
        "passphrase": passphrase,
        "legacy_key": "auto",
    }
    bundle.update(changes)
    return bundle


def test_pem_bundle_key_becomes_legacy_des3(pki):
    loaded = certificate_import.check_inputs({"pem": _pem_bundle(pki)})
    assert "DEK-Info: DES-EDE3-CBC," in loaded["private_key"]
    kept = certificate_import.check_inputs({"pem": _pem_bundle(pki, legacy_key="never")})
    assert "BEGIN ENCRYPTED PRIVATE KEY" in kept["private_key"]


def test_pem_bundle_checked_before_connecting(pki):
    with pytest.raises(ValidationError, match="passphrase"):
        certificate_import.check_inputs(
            {"pem": _pem_bundle(pki, passphrase="Pass-Phrase-1") | {"passphrase": "wrong-one"}}
        )
    foreign = certificate_to_pem(pki.router_cert(by_other_ca=True))
    with pytest.raises(VerificationError, match="not issued by"):
        certificate_import.check_inputs({"pem": _pem_bundle(pki, certificate=foreign)})
    with pytest.raises(ValidationError, match="one word"):
        certificate_import.check_inputs({"pem": _pem_bundle(pki, passphrase="two words")})


def test_pkcs12_url_and_passphrase_are_checked():
    with pytest.raises(ValidationError):
        certificate_import.check_inputs({"pkcs12": {"url": "nowhere", "passphrase": "abc-def"}})
    with pytest.raises(ValidationError):
        certificate_import.check_inputs(
            {"pkcs12": {"url": "flash:r1.p12", "passphrase": "abc def"}}
        )
    assert certificate_import.check_inputs(
        {"pkcs12": {"url": "flash:r1.p12", "passphrase": "abc-def"}}
    ) == {"pkcs12_source": (None, "r1.p12")}
    assert certificate_import.check_inputs(
        {"pkcs12": {"url": "tftp://192.0.2.5/pki/r1.p12", "passphrase": "abc-def"}}
    ) == {"pkcs12_source": ("192.0.2.5", "pki/r1.p12")}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("tftp:", "pkcs12.url: 'tftp:' names no host"),
        ("tftp:r1.p12", "pkcs12.url: 'tftp:r1.p12' names no host"),
        ("tftp://192.0.2.5", "pkcs12.url: 'tftp://192.0.2.5' names no file"),
        ("tftp://192.0.2.5/pki/", "pkcs12.url: 'tftp://192.0.2.5/pki/' names no file"),
        ("flash:", "pkcs12.url: 'flash:' names no file"),
    ],
)
def test_pkcs12_url_without_host_or_file_is_refused(url, message):
    """IOS would ask for them; the task refuses rather than answer with a guess."""
    with pytest.raises(ValidationError, match=re.escape(message)):
        certificate_import.check_inputs({"pkcs12": {"url": url, "passphrase": "abc-def"}})


# --- https_server ---------------------------------------------------------------------------


def test_https_server_plan():
    off = https_server.read_state("no ip http server\n")
    on = https_server.read_state("ip http secure-server\nip http secure-trustpoint TP\n")
    assert off == {"secure_server": False, "trustpoint": None}
    assert https_server.plan(off, "present", "TP") == [
        "ip http secure-trustpoint TP",
        "ip http secure-server",
    ]
    assert https_server.plan(on, "present", "TP") == []
    assert https_server.plan(on, "present", "NEW") == ["ip http secure-trustpoint NEW"]
    assert https_server.plan(on, "absent", None) == ["no ip http secure-server"]
    assert https_server.plan(off, "absent", None) == []


def test_fingerprint_spellings_pin_the_same_certificate(pki):
    sha1 = certificate_fingerprint(pki.ca, "sha1")
    colons = ":".join(sha1.hex[i : i + 2] for i in range(0, 40, 2)).lower()
    assert authenticate.matches_pins(pki.ca, [normalize_fingerprint(colons)])
    assert not authenticate.matches_pins(pki.other_ca, [sha1])


# --- diffs ----------------------------------------------------------------------------------


def test_certificate_diffs_are_written_from_the_parsed_chain(pki):
    router = pki.router_cert()
    facts = _facts(pki, [("", router), ("ca", pki.ca)])
    assert facts.described(diff.ROUTER_CERTIFICATE) == certificate_text(
        "router certificate", router
    )
    assert facts.described(diff.CA_CERTIFICATE) == certificate_text("CA certificate", pki.ca)
    assert _facts(pki, []).described(diff.ROUTER_CERTIFICATE) == "router certificate: none\n"
    # the summary a module returns writes the same text as the chain it came from
    summary = certificate_summary(router)
    assert diff.certificate("router certificate", summary) == certificate_text(
        "router certificate", router
    )


def test_enroll_diff_after_each_outcome(pki):
    old, new = pki.router_cert(end_days=5), pki.router_cert(end_days=400)
    facts = _facts(pki, [("", old), ("ca", pki.ca)])
    current = certificate_text("router certificate", old)
    enrolled = {"state": "enrolled", "certificate": certificate_summary(new)}
    assert enroll.diff_after(enrolled, facts) == certificate_text("router certificate", new)
    pending = enroll.diff_after({"state": "pending"}, facts)
    assert pending == current + "certificate request: pending at the CA\n"
    printed = enroll.diff_after({"state": "pending_import"}, facts)
    assert printed.startswith(current + "certificate request: printed (csr)")


def test_enroll_diff_in_check_mode_names_what_would_come(pki):
    scep = _facts(pki, [("ca", pki.ca)])
    would = {"state": "would_enroll"}
    assert enroll.diff_after(would, scep) == (
        "router certificate: a new one requested from the CA "
        "(its serial and dates are set by the CA)\n"
    )
    selfsigned = _facts(pki, [], ["enrollment selfsigned"])
    assert enroll.diff_after(would, selfsigned).startswith(
        "router certificate: a new self-signed one"
    )
    terminal = _facts(pki, [("ca", pki.ca)], ["enrollment terminal pem"])
    assert enroll.diff_after(would, terminal) == (
        "router certificate: none\ncertificate request: would be printed for the CA to sign\n"
    )


def test_check_mode_preview_of_a_trustpoint_not_ready_says_the_future_is_unknown(pki):
    facts = parse_facts("NEW", running_config(SCEP, []))
    preview = check_mode_preview(
        SimpleNamespace(check_mode=True), facts, "crypto pki enroll NEW", False, "CA certificate"
    )
    assert preview["diff"] == {
        "before_header": "trustpoint NEW",
        "after_header": "trustpoint NEW",
        "before": "CA certificate: none\n",
        "after": "CA certificate: unknown in check mode (trustpoint NEW is not ready yet)\n",
    }
