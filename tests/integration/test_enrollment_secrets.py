"""No secret in any output of the enrollment operations at -vvv with --diff: not the login
password, the enable secret, the SCEP challenge password, PEM and PKCS#12 passphrases, nor a
line of private-key material. Failing tasks (with their transcripts) are included."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from ansible_run import run_playbook, write_playbook
from device_helpers import play, write_inventory
from enrollment_helpers import lab_ca, lab_fingerprint
from lab_material import issue
from mockios_proc import start_mockios

LOGIN_PASSWORD = "Login-Pass-4411"
ENABLE_SECRET = "Enable-Secret-9922"
CHALLENGE = "Challenge-Pw-3377"
PEM_PASSPHRASE = "Pem-Passphrase-5533"
P12_PASSPHRASE = "P12-Passphrase-6644"


def _trustpoint(name: str, **enrollment) -> dict:
    return {
        "name": name,
        "enrollment": enrollment,
        "subject_name": f"CN={name.lower()}.netpki.lab",
        "revocation_check": ["none"],
        "rsakeypair": {"label": name},
    }


def test_no_secret_in_any_output(tmp_path: Path):
    with start_mockios(tmp_path / "m", password=LOGIN_PASSWORD, secret=ENABLE_SECRET) as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        bundle = issue(run.state_dir, "bundle.netpki.lab")
        p12 = issue(run.state_dir, "p12.netpki.lab")
        flash = run.state_dir / run.device.name / "flash"
        flash.mkdir(parents=True, exist_ok=True)
        (flash / "router.p12").write_bytes(p12.pkcs12(P12_PASSPHRASE))
        ca_pem = lab_ca(run.state_dir, "cert")
        # Secrets come from a vars file, as from a vault: Ansible shows the task's source
        # lines when a task fails, and a secret typed into the playbook would be shown there.
        secret_vars = {
            "challenge": CHALLENGE,
            "pem_passphrase": PEM_PASSPHRASE,
            "pem_wrong_passphrase": PEM_PASSPHRASE + "x",
            "p12_passphrase": P12_PASSPHRASE,
            "pem_key": bundle.encrypted_key_pem(PEM_PASSPHRASE),
        }
        vars_file = tmp_path / "secrets.vars.yml"
        vars_file.write_text(yaml.safe_dump(secret_vars))
        pem = {
            "ca_certificate": ca_pem,
            "private_key": "{{ pem_key }}",
            "certificate": bundle.certificate_pem,
            "passphrase": "{{ pem_passphrase }}",
        }
        tasks = [
            {
                "name": "trustpoints",
                "netpki.ios.trustpoints": {
                    "config": [
                        _trustpoint("SCEP", url="http://ca.netpki.lab/scep"),
                        _trustpoint("BUNDLE", terminal=True, pem=True),
                        _trustpoint("P12", terminal=True, pem=True),
                    ]
                },
            },
            {
                "name": "authenticate",
                "netpki.ios.ca_authenticate": {
                    "trustpoint": "SCEP",
                    "fingerprint": lab_fingerprint(run.state_dir),
                },
            },
            {
                "name": "enroll",
                "netpki.ios.enroll": {
                    "trustpoint": "SCEP",
                    "challenge_password": "{{ challenge }}",
                },
            },
            {
                "name": "enroll forced",
                "netpki.ios.enroll": {
                    "trustpoint": "SCEP",
                    "challenge_password": "{{ challenge }}",
                    "force": True,
                },
            },
            {"name": "pem", "netpki.ios.certificate_import": {"trustpoint": "BUNDLE", "pem": pem}},
            {
                "name": "pkcs12",
                "netpki.ios.certificate_import": {
                    "trustpoint": "P12",
                    "pkcs12": {"url": "flash:router.p12", "passphrase": "{{ p12_passphrase }}"},
                },
            },
            {
                "name": "pem wrong passphrase",
                "netpki.ios.certificate_import": {
                    "trustpoint": "BUNDLE",
                    "pem": {**pem, "passphrase": "{{ pem_wrong_passphrase }}"},
                    "force": True,
                },
                "ignore_errors": True,
            },
            {
                "name": "pkcs12 missing file",
                "netpki.ios.certificate_import": {
                    "trustpoint": "P12",
                    "pkcs12": {"url": "flash:missing.p12", "passphrase": "{{ p12_passphrase }}"},
                    "force": True,
                },
                "ignore_errors": True,
            },
        ]
        playbook = write_playbook(
            tmp_path / "secrets.yml", {**play(tasks), "vars_files": [str(vars_file)]}
        )
        outcome = run_playbook(playbook, inventory, verbosity=3, diff=True)
        results = json.dumps(outcome.results)

    assert outcome.rc == 0, outcome.output[-4000:]
    statuses = {r["task"]: r["status"] for r in outcome.results}
    assert statuses["pkcs12 missing file"] == "failed"
    assert outcome.result("pem")["changed"] and outcome.result("pkcs12")["changed"]
    secrets = [
        LOGIN_PASSWORD,
        ENABLE_SECRET,
        CHALLENGE,
        PEM_PASSPHRASE,
        P12_PASSPHRASE,
        *bundle.key_body_lines(),
        *p12.key_body_lines(),
    ]
    encrypted_body = [
        line for line in pem["private_key"].splitlines() if line and not line.startswith("-----")
    ]
    for secret in [*secrets, *encrypted_body]:
        assert secret not in outcome.output, f"secret found in the output: {secret[:12]}..."
        assert secret not in results, f"secret found in the results: {secret[:12]}..."
    assert "task path:" in outcome.output.lower()  # the run really was verbose
