"""netpki.ios.trustpool's decisions, on real certificates and a real HTTP server: what makes a
bundle trusted (pins, the opt-out), the import it plans from the parsed trustpool, and the
policy lines, read back from mockios's own rendering."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpool import (
    trustpool_facts,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import trustpool as op
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.bundle import read_bundle
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.certs import (
    certificate_fingerprint,
    certificate_to_pem,
)
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from enrollment_pki import lab_pki

from mockios.config_model import RunningConfig, TrustpoolPolicy
from mockios.device import Device
from mockios.pki.trustpool import add_certificates, show_trustpool
from mockios.render_config import config_body


@pytest.fixture(scope="module")
def pki():
    return lab_pki()


def _sha256(cert) -> str:  # noqa: ANN001
    return certificate_fingerprint(cert, "sha256").hex


@pytest.fixture
def served(pki) -> Iterator[dict]:  # noqa: ANN001
    """A bundle over real HTTP: ``served["body"]`` is what the next GET returns."""
    state = {"body": pkcs7.serialize_certificates([pki.ca, pki.other_ca], Encoding.DER)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", str(len(state["body"])))
            self.end_headers()
            self.wfile.write(state["body"])

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/bundle.p7b"
    yield state
    server.shutdown()
    server.server_close()


def test_a_url_bundle_needs_pins_or_the_explicit_opt_out(served, pki) -> None:  # noqa: ANN001
    warnings: list[str] = []
    with pytest.raises(ValidationError, match="fingerprints: a bundle from url must be pinned"):
        op.wanted_bundle({"url": served["url"]}, warnings)
    pins = [_sha256(pki.ca), _sha256(pki.other_ca)]
    assert op.wanted_bundle({"url": served["url"], "fingerprints": pins}, warnings) == [
        pki.ca,
        pki.other_ca,
    ]
    assert warnings == []
    with pytest.raises(VerificationError, match="match none of fingerprints: CN=Other CA"):
        op.wanted_bundle({"url": served["url"], "fingerprints": pins[:1]}, warnings)
    accepted = op.wanted_bundle({"url": served["url"], "accept_unverified": True}, warnings)
    assert len(accepted) == 2 and "WITHOUT verification" in warnings[0]
    assert _sha256(pki.other_ca)[:8] in warnings[0].replace(" ", "")


def test_md5_pins_and_non_ca_certificates_are_refused(pki) -> None:  # noqa: ANN001
    md5 = certificate_fingerprint(pki.ca, "md5").hex
    with pytest.raises(ValidationError, match="MD5 cannot pin"):
        op.wanted_bundle({"url": "http://ca.lab/b.p7b", "fingerprints": [md5]}, [])
    leaf = pki.router_cert()
    with pytest.raises(VerificationError, match="ca_bundle: .* is not a CA certificate"):
        op.wanted_bundle({"ca_bundle": certificate_to_pem(leaf)}, [])


def test_bundle_forms_pem_and_der_pkcs7(pki) -> None:  # noqa: ANN001
    certs = [pki.ca, pki.other_ca]
    pem = b"".join(c.public_bytes(Encoding.PEM) for c in certs)
    assert read_bundle(pem, "url") == certs
    assert read_bundle(pkcs7.serialize_certificates(certs, Encoding.DER), "url") == certs
    assert read_bundle(pkcs7.serialize_certificates(certs, Encoding.PEM), "url") == certs
    with pytest.raises(ValidationError, match="url"):
        read_bundle(b"\x30\x03\x02\x01\x00", "url")


def _pool(*certs) -> list[dict]:  # noqa: ANN002
    """The trustpool facts of a router holding ``certs``, through mockios's real output."""
    device = Device("R1", "ios15")
    add_certificates(device, list(certs), clean=False)
    text = "\n".join(show_trustpool(device)) + "\n"
    return trustpool_facts(text, dt.datetime.now(dt.UTC))


def test_import_is_planned_only_for_missing_certificates(pki) -> None:  # noqa: ANN001
    url = {"url": "http://ca.lab/b.p7b"}
    bundle = [pki.ca, pki.other_ca]
    assert [s.line for s in op.plan_import(bundle, _pool(), url)] == [
        "crypto pki trustpool import url http://ca.lab/b.p7b"
    ]
    assert op.plan_import(bundle, _pool(pki.other_ca, pki.ca), url) == []
    # exclusive: a certificate not in the bundle is cleaned with the import
    steps = op.plan_import([pki.ca], _pool(pki.ca, pki.other_ca), {**url, "exclusive": True})
    assert [s.line for s in steps] == ["crypto pki trustpool import clean url http://ca.lab/b.p7b"]
    (step,) = op.plan_import(bundle, _pool(pki.ca), {"ca_bundle": "x"})
    assert step.line == "crypto pki trustpool import terminal"
    assert step.answers["ca_bundle"] == certificate_to_pem(pki.ca) + certificate_to_pem(
        pki.other_ca
    )


def test_policy_lines_against_the_running_config_mockios_renders() -> None:
    config = RunningConfig()
    config.trustpool_policy = TrustpoolPolicy(
        cabundle_url="http://ca.lab/b.p7b",
        revocation_check="crl none",
        match_certificates={"OLD": "", "KEEP": "allow expired-certificate"},
    )
    have = op.read_policy(config_body(config, "ios15", "now"))
    assert have == {
        "cabundle_url": "http://ca.lab/b.p7b",
        "revocation_check": ["crl", "none"],
        "match_certificates": [
            {"map": "OLD", "action": None},
            {"map": "KEEP", "action": "allow expired-certificate"},
        ],
    }
    same = {"cabundle_url": "http://ca.lab/b.p7b", "revocation_check": ["crl", "none"]}
    assert op.plan_policy(same, have) == []
    wanted = {
        "cabundle_url": "",
        "revocation_check": ["ocsp"],
        "match_certificates": [{"map": "KEEP", "action": "skip revocation-check"}],
    }
    assert op.plan_policy(wanted, have) == [
        "crypto pki trustpool policy",
        "no cabundle url",
        "revocation-check ocsp",
        "no match certificate OLD",
        "match certificate KEEP skip revocation-check",
        "exit",
    ]
