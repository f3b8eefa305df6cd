"""Module results, as ansible-playbook registers them over real SSH to mockios, are what the
modules' RETURN blocks document: keys, types and null values, recursively
(tests/return_docs_check.py). Every module runs, and the device modules in check mode too.
The unit-level twin, tests/sanity/test_return_docs.py, holds the same docs to the fact
builders run on the real outputs of tests/parsers/."""

from __future__ import annotations

from pathlib import Path

from device_helpers import run_tasks, write_inventory
from enrollment_helpers import lab_fingerprint
from lab_material import issue
from mockios_proc import start_mockios
from return_docs_check import Checker, return_doc

# Keys Ansible adds to results (and `_ansible_*`); no module documents them.
ANSIBLE_KEYS = {"changed", "failed", "diff", "invocation", "warnings", "deprecations", "msg"}
# Values known once mockios runs: the lab CA's fingerprint, a PEM bundle the lab CA issued.
PIN, BUNDLE, REPORTS = "<lab CA fingerprint>", "<PEM bundle>", "<report folder>"
CA_PEM = "<the bundle's CA certificate>"
PASSPHRASE = "Bundle-Passphrase-77"
TASKS = (
    ("new key", "crypto_keys", {"label": "LAB.key", "size": 2048}),
    ("same key", "crypto_keys", {"label": "LAB.key", "size": 2048}),
    (
        "trustpoint",
        "trustpoints",
        {
            "config": [
                {
                    "name": "LAB",
                    "enrollment": {"url": "http://ca.netpki.lab/scep"},
                    "rsakeypair": {"label": "LAB.key"},
                    "subject_name": "CN=r1.netpki.lab",
                    "revocation_check": ["none"],
                },
                {
                    "name": "BUNDLE",
                    "enrollment": {"terminal": True, "pem": True},
                    "rsakeypair": {"label": "BUNDLE"},
                    "revocation_check": ["none"],
                },
            ]
        },
    ),
    ("authenticate", "ca_authenticate", {"trustpoint": "LAB", "fingerprint": PIN}),
    ("enroll", "enroll", {"trustpoint": "LAB"}),
    ("enroll again", "enroll", {"trustpoint": "LAB"}),
    ("import", "certificate_import", {"trustpoint": "BUNDLE", "pem": BUNDLE}),
    ("facts", "pki_info", {"expiring_within_days": 400}),
    ("report", "audit_report", {"results": "{{ {inventory_hostname: pki} }}", "dest": REPORTS}),
    ("https", "https_server", {"trustpoint": "LAB"}),
    (
        "profiles",
        "enrollment_profiles",
        {
            "config": [
                {
                    "name": "PROF",
                    "authentication": {
                        "url": "http://ca.netpki.lab/scep",
                        "command": "GET /certs/cacert.der",
                    },
                    "enrollment": {"url": "http://ca.netpki.lab/scep"},
                    "parameters": [{"number": 1, "value": "aaaa-bbbb-cccc"}],
                }
            ]
        },
    ),
    ("trustpool", "trustpool", {"ca_bundle": CA_PEM, "policy": {"revocation_check": ["none"]}}),
    ("gathered", "trustpoints", {"state": "gathered"}),
    ("rendered", "trustpoints", {"state": "rendered", "config": [{"name": "R"}]}),
)
KEYWORDS = {"facts": {"register": "pki"}}
# Check mode against a trustpoint an earlier (pretended) task would create.
CHECK_TASKS = (
    ("check new key", "crypto_keys", {"label": "NEW.key"}),
    ("check authenticate", "ca_authenticate", {"trustpoint": "NEW", "fingerprint": PIN}),
    ("check enroll", "enroll", {"trustpoint": "NEW"}),
    ("check enroll LAB", "enroll", {"trustpoint": "LAB", "force": True}),
    ("check import", "certificate_import", {"trustpoint": "NEW", "pem": BUNDLE}),
    ("check trustpool clean", "trustpool", {"state": "clean"}),
)


def _problems(module: str, result: dict) -> list[str]:
    checker = Checker(module)
    documented = {
        k: v for k, v in result.items() if k not in ANSIBLE_KEYS and not k.startswith("_ansible")
    }
    checker.contains(return_doc(module), documented, "")
    return sorted(checker.problems) + checker.sample_keys_not_returned()


def test_results_are_what_the_return_blocks_document(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", flavor="iosxe17") as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        bundle = issue(run.state_dir, "bundle.netpki.lab")
        late = {
            PIN: lab_fingerprint(run.state_dir),
            REPORTS: str(tmp_path / "reports"),
            CA_PEM: bundle.ca_pem,
            BUNDLE: {
                "ca_certificate": bundle.ca_pem,
                "private_key": bundle.encrypted_key_pem(PASSPHRASE),
                "certificate": bundle.certificate_pem,
                "passphrase": PASSPHRASE,
            },
        }
        tasks = [
            {
                "name": name,
                f"netpki.ios.{module}": {
                    k: late.get(v, v) if isinstance(v, str) else v for k, v in args.items()
                },
                **({"check_mode": True} if (name, module, args) in CHECK_TASKS else {}),
                **KEYWORDS.get(name, {}),
            }
            for name, module, args in TASKS + CHECK_TASKS
        ]
        done = run_tasks(tmp_path, inventory, tasks)
    assert done.rc == 0, done.output[-3000:]
    assert done.result("enroll")["state"] == "enrolled"
    assert done.result("same key")["before"] is not None
    assert done.result("import")["certificate"]["subject"]["CN"] == "bundle.netpki.lab"
    assert done.result("check enroll")["state"] == "unknown_in_check_mode"
    assert done.result("check enroll LAB")["state"] == "would_enroll"
    assert done.result("https")["after"] == {"secure_server": True, "trustpoint": "LAB"}
    assert len(done.result("report")["files"]) == 3
    assert done.result("check trustpool clean")["trustpool"] == []
    assert done.result("facts")["hostname"] == "R1"  # from the config filter live, too
    every = TASKS + CHECK_TASKS
    problems = {name: _problems(module, done.result(name)) for name, module, _ in every}
    assert problems == {name: [] for name, _, _ in every}
