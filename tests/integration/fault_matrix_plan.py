"""The fault matrix as data: operations, the faults that apply to each, and their playbooks.

Each cell is one operation under one mockios fault, run on a device of its own, so the whole
matrix runs as one fleet: one setup playbook brings every device to the state its operation
starts from, one playbook runs every cell's operation at once (each host runs the task of its
``op`` host variable), and the same playbook runs again without faults to show convergence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# No path: IOS requests /cgi-bin/pkiclient.exe itself (docs/scep-wire.md).
SCEP_URL = "http://ca.netpki.lab"
# The challenge password the lab CA checks (the fleet reads it from a file), and the wrong one
# the wrong_challenge cell's faulted run gives.
CHALLENGE = "Fault-Chall-1"
WRONG_CHALLENGE = "Not-The-Chall-2"
# Host variables of single cells (see test_fault_matrix._inventory) override these.
_TRUSTPOINT_URL = "{{ cell_scep_url | default('" + SCEP_URL + "') }}"
_ENROLL_CHALLENGE = "{{ cell_challenge | default('" + CHALLENGE + "') }}"
# 1 s per output line on the operations whose shows are short; the ones that read certificate
# chains and key data (dozens of hex lines per show) get 0.2 s, or a single show would take
# longer than the command timeout and the matrix several minutes.
LATENCY = {"trustpoints": 1.0, "crypto_keys": 1.0}
DEFAULT_LATENCY = 0.2


_PASTE_STEPS = {"cert_paste", "ca_paste", "pem_ca", "pem_key", "pem_cert"}


@dataclass(frozen=True)
class Operation:
    name: str
    dialog_steps: tuple[str, ...]  # mockios dialog steps the operation goes through
    rejected_line: str  # regex of a config line the reject_config fault refuses
    extra_faults: tuple[str, ...] = ()
    idempotent: bool = True  # a second run reports no change
    only_extra: bool = False  # only the extra_faults cells (the generic ones run elsewhere)


OPERATIONS = (
    Operation("trustpoints", (), r"^\s*subject-name", ("concurrent_edit",)),
    Operation("crypto_keys", ("replace_keys",), r"^\s*crypto key generate"),
    Operation("ca_authenticate", ("accept_ca",), r"^\s*crypto pki authenticate", ("mitm_ca",)),
    Operation(
        "ca_authenticate_terminal", ("ca_paste", "accept_ca"), r"^\s*crypto pki authenticate"
    ),
    # Impostor CA with a SHA-256 pin: the engine verifies the pin on the CA's GetCACert
    # (micromdm scepserver at scep_url) and compares the router's MD5/SHA1 with it.
    Operation(
        "ca_authenticate_sha256",
        ("accept_ca",),
        r"^\s*crypto pki authenticate",
        ("mitm_ca",),
        only_extra=True,
    ),
    Operation(
        "enroll_scep",
        (
            "challenge_password",
            "challenge_password_confirm",
            "include_serial",
            "include_ip",
            "request_cert",
        ),
        r"^\s*crypto pki enroll",
        ("scep_reject", "scep_pending", "wrong_challenge", "ca_away"),
    ),
    Operation(
        "enroll_terminal",
        (  # no challenge password: cut-and-paste enrollment asks none (issue 11 fact 2)
            "include_serial",
            "include_ip",
            "display_request",
            "redisplay",
        ),
        r"^\s*crypto pki enroll",
        idempotent=False,  # each run prints a new CSR until the certificate is imported
    ),
    Operation(
        "enroll_selfsigned",
        ("include_serial", "include_ip", "generate_selfsigned"),
        r"^\s*crypto pki enroll",
    ),
    Operation("certificate_import", ("cert_paste",), r"^\s*crypto pki import"),
    Operation(
        "certificate_import_pem", ("pem_ca", "pem_key", "pem_cert"), r"^\s*crypto pki import"
    ),
)


@dataclass(frozen=True)
class Cell:
    op: Operation
    fault: str
    detail: str = ""
    settings: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    # A fault on the controller's side rather than the router's: the faulted run checks the
    # router's host key against an empty known_hosts file.
    unknown_host_key: bool = False
    # The faulted run gives the enroll task a challenge password the CA does not take.
    wrong_challenge: bool = False
    # The router enrolls with a SCEP server of its own (`mockios ca serve` on the lab CA),
    # which stops once the router polls (GetCertInitial) and is back before the rerun.
    ca_away: bool = False

    @property
    def scep(self) -> bool:
        """A cell about the CA's answer: the report shows what the router shows after it."""
        return self.fault in ("scep_reject", "scep_pending", "wrong_challenge", "ca_away")

    @property
    def id(self) -> str:
        return f"{self.op.name}:{self.fault}" + (f"@{self.detail}" if self.detail else "")


def cells() -> list[Cell]:
    found = []
    for op in OPERATIONS:
        if op.only_extra:
            if "mitm_ca" in op.extra_faults:
                found.append(Cell(op, "mitm_ca", "", {"mitm_ca": True}))
            continue
        for step in op.dialog_steps:
            found.append(Cell(op, "disconnect", step, {"disconnect_at": step}))
        latency = LATENCY.get(op.name, DEFAULT_LATENCY)
        found.append(Cell(op, "latency", f"{latency:g}s/line", {"latency": latency}))
        found.append(Cell(op, "pager", "", {"pager": True}))
        found.append(Cell(op, "syslog", "", {"syslog_inject": True}))
        found.append(Cell(op, "wrap80", "", {"wrap80": True}))
        found.append(
            Cell(
                op,
                "reject_config",
                op.rejected_line.removeprefix(r"^\s*"),
                {"reject_config": op.rejected_line},
            )
        )
        if "scep_reject" in op.extra_faults:
            found.append(Cell(op, "scep_reject", "", {"scep_grant": "reject"}))
        if "scep_pending" in op.extra_faults:
            delayed = {"scep_grant": "delay", "scep_grant_delay": 3}  # the task waits 12 s
            found.append(Cell(op, "scep_pending", "granted while waiting", delayed))
            found.append(Cell(op, "scep_pending", "past wait_timeout", {"scep_grant": "pending"}))
        if "wrong_challenge" in op.extra_faults:
            found.append(Cell(op, "wrong_challenge", "", wrong_challenge=True))
        if "ca_away" in op.extra_faults:
            away = {"scep_grant": "pending"}
            found.append(Cell(op, "ca_away", "mid-poll", away, ca_away=True))
        if "concurrent_edit" in op.extra_faults:  # another administrator, same block
            edit = r"^\s*subject-name => subject-name CN=other.fault.lab"
            found.append(Cell(op, "concurrent_edit", "subject-name", {"concurrent_edit": edit}))
        if "mitm_ca" in op.extra_faults:
            found.append(Cell(op, "mitm_ca", "", {"mitm_ca": True}))
        if set(op.dialog_steps) - _PASTE_STEPS:  # the extra question comes before a question
            found.append(Cell(op, "extra_prompt", "", {"extra_prompt": True}))
        # The router presents another SSH host key than the fleet's known_hosts holds, or the
        # controller's known_hosts has no key for it: the task must fail before logging in.
        found.append(Cell(op, "host_key_changed", "", {"ssh_host_key": "changed"}))
        found.append(Cell(op, "host_key_unknown", "", unknown_host_key=True))
    return found


# --- playbooks -------------------------------------------------------------------------------


def _when(*ops: str) -> str:
    return f"op in {list(ops)}"


def setup_tasks() -> list[dict]:
    """Bring each device to where its operation starts (run once, without faults)."""
    key_ops = [o.name for o in OPERATIONS if o.name != "trustpoints"]
    terminal = ("enroll_terminal", "certificate_import")  # with the CA authenticated
    return [
        {
            "name": "key",
            "netpki.ios.crypto_keys": {
                "label": "FM-KEY",
                "size": "{{ 1024 if op == 'crypto_keys' else 2048 }}",
            },
            "when": _when(*key_ops),
        },
        {
            "name": "scep trustpoint",
            "netpki.ios.trustpoints": {
                "config": [
                    {
                        "name": "FM-TP",
                        "enrollment": {"url": _TRUSTPOINT_URL},
                        "subject_name": "CN={{ inventory_hostname }}.fault.lab, O=netpki",
                        "revocation_check": ["none"],
                        "rsakeypair": {"label": "FM-KEY"},
                    }
                ]
            },
            "when": _when("ca_authenticate", "enroll_scep"),
        },
        {
            "name": "scep trustpoint served by a real SCEP server",
            "netpki.ios.trustpoints": {
                "config": [
                    {
                        "name": "FM-TP",
                        "enrollment": {"url": "{{ scep_url }}"},
                        "revocation_check": ["none"],
                    }
                ]
            },
            "when": _when("ca_authenticate_sha256"),
        },
        {
            "name": "terminal trustpoint",
            "netpki.ios.trustpoints": {
                "config": [
                    {
                        "name": "FM-TERM",
                        "enrollment": {"terminal": True, "pem": True},
                        "subject_name": "CN={{ inventory_hostname }}.fault.lab, O=netpki",
                        "revocation_check": ["none"],
                        "rsakeypair": {"label": "FM-KEY"},
                    }
                ]
            },
            "when": _when(*terminal, "ca_authenticate_terminal"),
        },
        {
            "name": "trustpoint for a PEM bundle",
            "netpki.ios.trustpoints": {
                "config": [
                    {
                        "name": "FM-PEM",
                        "enrollment": {"terminal": True},
                        "revocation_check": ["none"],
                    }
                ]
            },
            "when": _when("certificate_import_pem"),
        },
        {
            "name": "self-signed trustpoint",
            "netpki.ios.trustpoints": {
                "config": [
                    {
                        "name": "FM-SS",
                        "enrollment": {"selfsigned": True},
                        "subject_name": "CN={{ inventory_hostname }}.fault.lab",
                        "revocation_check": ["none"],
                        "rsakeypair": {"label": "FM-KEY"},
                    }
                ]
            },
            "when": _when("enroll_selfsigned"),
        },
        {
            "name": "authenticate scep CA",
            "netpki.ios.ca_authenticate": {"trustpoint": "FM-TP", "fingerprint": "{{ ca_sha1 }}"},
            "when": _when("enroll_scep"),
        },
        {
            "name": "authenticate terminal CA",
            "netpki.ios.ca_authenticate": {
                "trustpoint": "FM-TERM",
                "ca_certificate": "{{ ca_pem }}",
            },
            "when": _when(*terminal),
        },
        {
            "name": "terminal enrollment to import later",
            "netpki.ios.enroll": {"trustpoint": "FM-TERM"},
            "register": "request",
            "when": _when("certificate_import"),
        },
        {
            "name": "keep the request",
            "ansible.builtin.copy": {
                "content": "{{ request.csr }}",
                "dest": "{{ work_dir }}/{{ inventory_hostname }}.csr",
            },
            "delegate_to": "localhost",
            "when": _when("certificate_import"),
        },
        {
            "name": "the lab CA signs it",
            "ansible.builtin.command": {
                "argv": [
                    "{{ ansible_playbook_python }}",
                    "-m",
                    "mockios",
                    "ca",
                    "--state-dir",
                    "{{ lab_state_dir }}",
                    "sign",
                    "--csr",
                    "{{ work_dir }}/{{ inventory_hostname }}.csr",
                ],
                "chdir": "{{ repo }}",
            },
            "register": "signed",
            "delegate_to": "localhost",
            "when": _when("certificate_import"),
        },
        {
            "name": "keep the certificate",
            "ansible.builtin.copy": {
                "content": "{{ signed.stdout }}",
                "dest": "{{ work_dir }}/{{ inventory_hostname }}.crt",
            },
            "delegate_to": "localhost",
            "when": _when("certificate_import"),
        },
    ]


OPERATION_TASK = "operation"


def operation_tasks() -> list[dict]:
    """Each host runs the task of its operation; every task is named ``operation``."""
    tasks = {
        "trustpoints": {
            "netpki.ios.trustpoints": {
                "config": [
                    {
                        "name": "FM-TP",
                        "enrollment": {"url": SCEP_URL, "retry_period": 2},
                        "subject_name": "CN={{ inventory_hostname }}.fault.lab, O=netpki",
                        "fqdn": "{{ inventory_hostname }}.fault.lab",
                        "revocation_check": ["none"],
                        "rsakeypair": {"label": "FM-KEY"},
                        "auto_enroll": {"percent": 80},
                    }
                ]
            }
        },
        "crypto_keys": {"netpki.ios.crypto_keys": {"label": "FM-KEY", "size": 2048}},
        "ca_authenticate": {
            "netpki.ios.ca_authenticate": {"trustpoint": "FM-TP", "fingerprint": "{{ ca_sha1 }}"}
        },
        "ca_authenticate_sha256": {
            "netpki.ios.ca_authenticate": {"trustpoint": "FM-TP", "fingerprint": "{{ ca_sha256 }}"}
        },
        "ca_authenticate_terminal": {
            "netpki.ios.ca_authenticate": {
                "trustpoint": "FM-TERM",
                "ca_certificate": "{{ ca_pem }}",
            }
        },
        "enroll_scep": {
            "netpki.ios.enroll": {
                "trustpoint": "FM-TP",
                "challenge_password": _ENROLL_CHALLENGE,
                "wait_timeout": 12,
                "poll_interval": 2,
            }
        },
        "enroll_terminal": {"netpki.ios.enroll": {"trustpoint": "FM-TERM"}},
        "enroll_selfsigned": {"netpki.ios.enroll": {"trustpoint": "FM-SS"}},
        "certificate_import": {
            "netpki.ios.certificate_import": {
                "trustpoint": "FM-TERM",
                "certificate": "{{ lookup('file', work_dir + '/' + inventory_hostname + '.crt') }}",
            }
        },
        "certificate_import_pem": {
            "netpki.ios.certificate_import": {
                "trustpoint": "FM-PEM",
                "pem": {
                    "ca_certificate": "{{ ca_pem }}",
                    "certificate": "{{ bundle_certificate }}",
                    "private_key": "{{ bundle_private_key }}",
                    "passphrase": "{{ bundle_passphrase }}",
                },
            }
        },
    }
    return [{"name": OPERATION_TASK, **task, "when": f"op == '{op}'"} for op, task in tasks.items()]
