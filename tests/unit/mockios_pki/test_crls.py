"""mockios fetches the CRL of its certificate's CDP from the lab CA and shows it."""

from __future__ import annotations

import re

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.pki.crls import show_crls


def _enrolled(cli, revocation: str = "crl") -> x509.Certificate:
    cli.config(
        "crypto pki trustpoint TP",
        "enrollment url http://ca.lab.example",
        f"revocation-check {revocation}",
        "exit",
    )
    cli.dialog("crypto pki authenticate TP", "yes")
    cli.dialog("crypto pki enroll TP", "s3cret", "s3cret", "no", "no", "yes")
    cli.device.run_pending_timers()  # the SCEP poll, then the CRL check of the new cert
    cli.device.run_pending_timers()
    cli.type("end")
    entry = next(e for e in cli.device.running.chains["TP"] if e.kind == "router")
    return x509.load_der_x509_certificate(entry.der)


def test_enrolled_router_fetches_and_shows_the_crl(router, state_lab):
    _enrolled(router)
    out = router.type("show crypto pki crls")
    crl = state_lab.crl()
    assert "CRL Issuer Name:\n    cn=netpki Lab Issuing CA,o=netpki lab\n" in out
    assert re.search(r"    LastUpdate: \d\d:\d\d:\d\d UTC \w{3} \d+ \d{4}\n", out)
    assert "    Retrieved from CRL Distribution Point:\n      http://ca.netpki.lab/crl/" in out
    assert f" CRL DER is {len(crl.public_bytes(Encoding.DER))} bytes\n" in out
    assert "Parsed CRL cache maximum size is 65536 bytes" in out


def test_revoked_certificate_is_reported_after_crl_request(router, state_lab):
    cert = _enrolled(router)
    state_lab.revoke(cert.serial_number)
    assert router.config("crypto pki crl request TP", "end").count("%") == 0
    logged = "\n".join(router.device.logging_buffer)
    assert f"(SN: {cert.serial_number:02X}) is revoked" in logged
    held = next(iter(router.device.pki.crls.values()))
    assert held.crl.get_revoked_certificate_by_serial_number(cert.serial_number)


def test_without_revocation_check_nothing_is_fetched(router):
    _enrolled(router, "none")
    assert show_crls(router.device) == []
    assert "% Trustpoint NOPE not found" in router.config("crypto pki crl request NOPE", "end")


def test_the_template_reads_the_cdp_form_mockios_prints(router, state_lab):
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import (
        parse_output,
    )

    _enrolled(router)
    (record,) = parse_output("show crypto pki crls", router.type("show crypto pki crls"))
    assert record["ISSUER"] == "cn=netpki Lab Issuing CA,o=netpki lab"
    assert record["CDP_URL"] == "http://ca.netpki.lab/crl/issuing.crl"
    assert record["VIA_SCEP"] == "" and int(record["DER_BYTES"]) > 0
