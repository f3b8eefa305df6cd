"""No secret ever leaves the engine: a playbook using every secret, run at -vvv with --diff.

One device with distinctive credentials runs every module that takes a secret: a trustpoint
with a challenge password, SCEP enrollment with a challenge password, a PEM bundle import
(encrypted key and passphrase) and a PKCS#12 import (passphrase), plus tasks that fail after
the secret was typed (a rejected config line, a wrong PKCS#12 passphrase). The playbook runs
for real and then in check mode, both at -vvv with --diff; everything ansible printed and
every recorded result (msg, commands, diff, before/after, transcript_tail) is searched for:
the SSH password, the enable secret, the challenge passwords, the passphrases, the body
lines of the private key as given, and any base64 that is not a known certificate's (the key
as the router received it, re-encrypted with a random IV).

The shipped playbooks (``playbooks/``) are run the same way, searched for the SSH password,
the enable secret and the SCEP challenge password.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from ansible_run import PlaybookRun, run_playbook, write_playbook
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from device_helpers import device_show, play, write_inventory
from enrollment_helpers import PLAYBOOKS, lab_ca, lab_fingerprint
from mockios_proc import start_mockios

from demo.lab_vars import playbook_vars

SSH_PASSWORD = "Ssh-Pa55word-Qx7v"
ENABLE_SECRET = "En4ble-Secret-Mz4k"
# Variable name -> value. Tasks refer to them as "{{ name }}" from a vars file, the way a
# playbook takes them from a vault: ansible quotes playbook source lines in its error
# reports, so a secret typed into the playbook itself would be shown by ansible, not by us.
SECRETS = {
    "trustpoint_challenge": "Tp-Chall3nge-9Wq",
    "enroll_challenge": "Enr0ll-Chall-3Zt",
    "pem_passphrase": "Pem-Pa55phrase-W8r",
    "pkcs12_passphrase": "P12-Pa55phrase-Kj2",
    "wrong_pkcs12_passphrase": "P12-Wr0ng-Pass-5Hn",
    "rejected_challenge": "Rej-Chall3nge-7Ub",
}
SCEP_URL = "http://ca.netpki.lab"  # no path: IOS requests /cgi-bin/pkiclient.exe
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{40,}")


def _key_and_certificate(state_dir: Path, tmp_path: Path) -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "secrets.netpki.lab")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    csr_file = tmp_path / "bundle.csr"
    csr_file.write_bytes(csr.public_bytes(serialization.Encoding.PEM))
    return key, lab_ca(state_dir, "sign", "--csr", str(csr_file))


def _encrypted_pem(key: rsa.RSAPrivateKey, passphrase: str) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    ).decode()


def _place_pkcs12(state_dir: Path, key, cert_pem: str, ca_pem: str) -> None:
    bundle = pkcs12.serialize_key_and_certificates(
        b"secrets",
        key,
        x509.load_pem_x509_certificate(cert_pem.encode()),
        [x509.load_pem_x509_certificate(ca_pem.encode())],
        serialization.BestAvailableEncryption(SECRETS["pkcs12_passphrase"].encode()),
    )
    flash = state_dir / "R1" / "flash"
    flash.mkdir(parents=True, exist_ok=True)
    (flash / "secrets.p12").write_bytes(bundle)


def _tasks(fingerprint: str, ca_pem: str, cert_pem: str) -> list[dict]:
    def trustpoint(name: str, **attributes: object) -> dict:
        return {
            "name": f"trustpoint {name}",
            "netpki.ios.trustpoints": {"config": [{"name": name, **attributes}]},
        }

    return [
        {"name": "key", "netpki.ios.crypto_keys": {"label": "SEC-KEY", "size": 2048}},
        trustpoint(
            "SEC-SCEP",
            enrollment={"url": SCEP_URL},
            password="{{ trustpoint_challenge }}",
            subject_name="CN=r1.netpki.lab",
            revocation_check=["none"],
            rsakeypair={"label": "SEC-KEY"},
        ),
        {
            "name": "authenticate",
            "netpki.ios.ca_authenticate": {"trustpoint": "SEC-SCEP", "fingerprint": fingerprint},
        },
        {
            "name": "enroll",
            "netpki.ios.enroll": {
                "trustpoint": "SEC-SCEP",
                "challenge_password": "{{ enroll_challenge }}",
                "wait_timeout": 60,
            },
        },
        trustpoint("SEC-PEM", enrollment={"terminal": True}, revocation_check=["none"]),
        {
            "name": "import pem",
            "netpki.ios.certificate_import": {
                "trustpoint": "SEC-PEM",
                "pem": {
                    "ca_certificate": ca_pem,
                    "certificate": cert_pem,
                    "private_key": "{{ bundle_private_key }}",
                    "passphrase": "{{ pem_passphrase }}",
                },
            },
        },
        trustpoint("SEC-P12", enrollment={"pkcs12": True}, revocation_check=["none"]),
        {
            "name": "import pkcs12",
            "netpki.ios.certificate_import": {
                "trustpoint": "SEC-P12",
                "pkcs12": {
                    "url": "flash:secrets.p12",
                    "passphrase": "{{ pkcs12_passphrase }}",
                },
            },
        },
        trustpoint("SEC-P12-BAD", enrollment={"pkcs12": True}, revocation_check=["none"]),
        {
            "name": "import pkcs12 with a wrong passphrase (fails)",
            "netpki.ios.certificate_import": {
                "trustpoint": "SEC-P12-BAD",
                "pkcs12": {
                    "url": "flash:secrets.p12",
                    "passphrase": "{{ wrong_pkcs12_passphrase }}",
                },
            },
            "ignore_errors": True,
        },
        {
            **trustpoint(
                "SEC-REJECTED",
                password="{{ rejected_challenge }}",
                fqdn="rejected.netpki.lab",
            ),
            "ignore_errors": True,
        },
    ]


def _unknown_base64(run: PlaybookRun, public_pems: list[str]) -> list[str]:
    """Runs of base64 in the output that belong to no known public certificate.

    The key the router receives is re-encrypted for it with a random IV (and the simulator's
    log masks the paste), so its lines cannot be listed: instead, no base64 may appear at all
    beyond the certificates' own.
    """
    public = [line.strip() for pem in public_pems for line in pem.splitlines()]
    text = (run.output + "\n" + json.dumps(run.results)).replace("\\n", "\n")
    return [
        token for token in _BASE64_RUN.findall(text) if not any(token in line for line in public)
    ]


def _leaks(run: PlaybookRun, forbidden: dict[str, str]) -> list[str]:
    everything = run.output + "\n" + json.dumps(run.results)
    return [label for label, secret in forbidden.items() if secret in everything]


@pytest.fixture
def lab(tmp_path: Path):
    with start_mockios(tmp_path / "mockios", password=SSH_PASSWORD, secret=ENABLE_SECRET) as run:
        yield run


def test_no_secret_in_any_output_at_vvv_with_diff(lab, tmp_path: Path) -> None:
    device = lab.device
    lab.fault(device.name, reject_config=r"^\s*fqdn rejected\.netpki\.lab")
    fingerprint = lab_fingerprint(lab.state_dir)
    ca_pem = lab_ca(lab.state_dir, "cert")
    key, cert_pem = _key_and_certificate(lab.state_dir, tmp_path)
    key_pem = _encrypted_pem(key, SECRETS["pem_passphrase"])
    _place_pkcs12(lab.state_dir, key, cert_pem, ca_pem)
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    vars_file = tmp_path / "vault.yml"
    vars_file.write_text(yaml.safe_dump({**SECRETS, "bundle_private_key": key_pem}))
    secrets_play = {**play(_tasks(fingerprint, ca_pem, cert_pem)), "vars_files": [str(vars_file)]}
    playbook = write_playbook(tmp_path / "secrets.yml", secrets_play)

    real = run_playbook(playbook, inventory, diff=True, verbosity=3, timeout=400)
    check = run_playbook(playbook, inventory, diff=True, verbosity=3, check=True, timeout=400)

    # The run did what it claims: each secret was really used on the device.
    for task in ("key", "trustpoint SEC-SCEP", "authenticate", "enroll", "import pem"):
        assert real.result(task)["changed"] is True, (task, real.output[-3000:])
    assert not real.result("import pkcs12").get("failed"), real.output[-3000:]
    for task in ("import pkcs12 with a wrong passphrase (fails)", "trustpoint SEC-REJECTED"):
        (failed,) = real.for_task(task)
        assert failed["status"] == "failed", (task, failed)
        assert failed["result"]["msg"] and failed["result"]["transcript_tail"]
    assert "Status: Available" in device_show(device, "show crypto pki certificates SEC-SCEP")
    assert "password 7 " in device_show(device, "show running-config | section SEC-SCEP")

    key_body = {
        f"private key line {i}": line
        for i, line in enumerate(key_pem.splitlines()[1:-1])
        if len(line) >= 16
    }
    forbidden = {
        "SSH password": SSH_PASSWORD,
        "enable secret": ENABLE_SECRET,
        **SECRETS,
        **key_body,
    }
    for run in (real, check):
        assert "config file = " in run.output and '"commands": [' in run.output  # full results
        assert _leaks(run, forbidden) == []
        assert "PRIVATE KEY-----" not in run.output
        assert _unknown_base64(run, [ca_pem, cert_pem]) == []


SHIPPED_PLAYBOOKS = (
    "trustpoint_profile.yml",
    "enroll_scep.yml",
    "enroll_terminal.yml",
    "selfsigned_https.yml",
)


def test_shipped_playbooks_leak_no_credential_at_vvv_with_diff(lab, tmp_path: Path) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [lab.device])
    extra = {
        "target": "all",
        **playbook_vars(lab.state_dir),
        "scep_challenge_password": SECRETS["enroll_challenge"],
    }
    forbidden = {
        "SSH password": SSH_PASSWORD,
        "enable secret": ENABLE_SECRET,
        "challenge password": SECRETS["enroll_challenge"],
    }
    for name in SHIPPED_PLAYBOOKS:
        run = run_playbook(
            PLAYBOOKS / name, inventory, diff=True, verbosity=3, extra_vars=extra, timeout=300
        )
        assert run.rc == 0 and run.changed > 0, (name, run.output[-3000:])
        assert _leaks(run, forbidden) == [], name
