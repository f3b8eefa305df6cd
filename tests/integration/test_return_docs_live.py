"""Module results, as ansible-playbook registers them over real SSH to mockios, are what the
modules' RETURN blocks document: keys, types and null values, recursively
(tests/return_docs_check.py). The unit-level twin, tests/sanity/test_return_docs.py, holds the
same docs to the fact builders run on the real outputs of tests/parsers/."""

from __future__ import annotations

from pathlib import Path

from device_helpers import run_tasks, write_inventory
from enrollment_helpers import lab_fingerprint
from mockios_proc import start_mockios
from return_docs_check import Checker, return_doc

# Keys Ansible adds to results (and `_ansible_*`); no module documents them.
ANSIBLE_KEYS = {"changed", "failed", "diff", "invocation", "warnings", "deprecations", "msg"}
PIN = object()  # the lab CA's fingerprint, known once mockios runs
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
                }
            ]
        },
    ),
    ("authenticate", "ca_authenticate", {"trustpoint": "LAB", "fingerprint": PIN}),
    ("enroll", "enroll", {"trustpoint": "LAB"}),
    ("enroll again", "enroll", {"trustpoint": "LAB"}),
    ("facts", "pki_info", {"expiring_within_days": 400}),
)


def _problems(module: str, result: dict) -> list[str]:
    checker = Checker(module)
    documented = {
        k: v for k, v in result.items() if k not in ANSIBLE_KEYS and not k.startswith("_ansible")
    }
    checker.contains(return_doc(module), documented, "")
    return sorted(checker.problems)


def test_results_are_what_the_return_blocks_document(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", flavor="iosxe17") as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        pin = lab_fingerprint(run.state_dir)
        tasks = [
            {
                "name": name,
                f"netpki.ios.{module}": {k: pin if v is PIN else v for k, v in args.items()},
            }
            for name, module, args in TASKS
        ]
        done = run_tasks(tmp_path, inventory, tasks)
    assert done.rc == 0, done.output[-3000:]
    assert done.result("enroll")["state"] == "enrolled"
    assert done.result("same key")["before"] is not None
    problems = {name: _problems(module, done.result(name)) for name, module, _ in TASKS}
    assert problems == {name: [] for name, _, _ in TASKS}
