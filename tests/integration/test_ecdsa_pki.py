"""An ECDSA PKI end to end (Suite-B): a mockios fleet whose lab CA has ECDSA P-384 keys
(`mockios fleet --ca-key-type ec --ca-curve 384`) serves SCEP through its RSA RA; a router
with an EC P-256 key (`eckeypair`) enrolls through the collection's modules only:
``crypto_keys``, ``trustpoints``, ``ca_authenticate`` pinned to the CA's SHA-256, ``enroll``.
Its certificate verifies with ``cryptography`` against the CA (an ECDSA signature), the router
holds the RA's two certificates beside the CA's, and ``pki_info`` reports the signature
algorithm of each.
"""

from __future__ import annotations

import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from device_helpers import device_show, installed_certificates, run_tasks, write_inventory
from enrollment_helpers import lab_ca
from mockios_proc import start_mockios

CHALLENGE = "suite-b-lab-challenge"  # a lab value; the fleet's lab CA checks none
TRUSTPOINT = "SUITEB"


def test_ec_router_enrolls_with_the_ecdsa_ca_through_its_rsa_ra(tmp_path: Path):
    state = tmp_path / "mockios"
    extra = ["--ca-key-type", "ec", "--ca-curve", "384"]
    with start_mockios(state, count=2, flavor="iosxe17", extra_args=extra) as run:
        ca = x509.load_pem_x509_certificate(lab_ca(state, "cert").encode())
        assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
        assert ca.public_key().curve.key_size == 384
        ra_sign, ra_encrypt = x509.load_pem_x509_certificates(
            lab_ca(state, "cert", "--ra").encode()
        )
        pin = ca.fingerprint(hashes.SHA256()).hex(":").upper()
        # By address, so that the controller reaches it too (names resolve on the routers).
        lab = json.loads((state / "hosts.json").read_text())["ca.netpki.lab"]
        url = f"http://{lab['address']}:{lab['http_port']}"
        router = run.devices[0]
        inventory = write_inventory(tmp_path / "inventory.yml", [router])
        trustpoint = {
            "name": TRUSTPOINT,
            "enrollment": {"url": url},
            "subject_name": "CN={{ inventory_hostname }}.suiteb.lab",
            "eckeypair": "SUITEB-KEY",
            "revocation_check": ["none"],
        }
        tasks = [
            {
                "name": "key",
                "netpki.ios.crypto_keys": {"label": "SUITEB-KEY", "type": "ec", "size": 256},
            },
            {"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}},
            {
                "name": "auth",
                "netpki.ios.ca_authenticate": {"trustpoint": TRUSTPOINT, "fingerprint": pin},
            },
            {
                "name": "enroll",
                "netpki.ios.enroll": {"trustpoint": TRUSTPOINT, "challenge_password": CHALLENGE},
            },
            {
                "name": "info",
                "netpki.ios.pki_info": {"trustpoint": TRUSTPOINT},
            },
        ]
        outcome = run_tasks(tmp_path, inventory, tasks, name="suite_b.yml")
        assert outcome.rc == 0, outcome.output[-3000:]
        assert outcome.result("enroll", host=router.name)["state"] == "enrolled"

        held = installed_certificates(router, TRUSTPOINT)
        assert held["ca"] == ca  # the CA is pinned and stored, not its RA
        cert = held["router"]
        cert.verify_directly_issued_by(ca)  # an ECDSA signature by the P-384 CA
        assert cert.signature_algorithm_oid == x509.SignatureAlgorithmOID.ECDSA_WITH_SHA384
        key = cert.public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size == 256
        (common_name,) = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        assert common_name.value == f"{router.name}.suiteb.lab"
        for ra_cert in (ra_sign, ra_encrypt):
            assert isinstance(ra_cert.public_key(), rsa.RSAPublicKey)
            ra_cert.verify_directly_issued_by(ca)

        shown = device_show(router, f"show crypto pki certificates {TRUSTPOINT}")
        for heading in ("RA Signature Certificate", "RA KeyEncipher Certificate"):
            assert heading in shown.splitlines(), shown

        facts = outcome.result("info", host=router.name)["trustpoints"][TRUSTPOINT]
        assert facts["ca_certificate"]["signature_algorithm"] == "SHA384 with ECDSA"
        (own,) = facts["certificates"]
        assert own["signature_algorithm"] == "SHA384 with ECDSA"
        ra_facts = {c["kind"]: c for c in facts["ra_certificates"]}
        assert set(ra_facts) == {"ra_signature", "ra_encipherment"}
        assert {c["signature_algorithm"] for c in ra_facts.values()} == {"SHA384 with ECDSA"}
        chain = {entry["kind"]: entry for entry in facts["chain"]}
        assert chain["router"]["signature_algorithm"] == "ecdsa-with-SHA384"
        assert chain["ca"]["signature_algorithm"] == "ecdsa-with-SHA384"
