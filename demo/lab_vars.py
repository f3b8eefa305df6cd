"""What the shipped playbooks (playbooks/) need to run against the mockios lab.

The playbooks know nothing of the simulator: like an operator with a real CA, they are given
the CA pin (``ca_fingerprint``, ``ca_certificate_pem``), the SCEP URL and, for terminal
enrollment, a signing step (the ``csr_signing_tasks`` hook). Here those come from the lab CA
in a mockios state dir, and the signing step is ``python -m mockios ca sign``
(demo/sign_csr.yml). ``make demo``, the tests and the benchmarks pass these as extra
vars.
"""

from __future__ import annotations

from pathlib import Path

from mockios.pki.ios_format import fingerprints
from mockios.pki.lab_ca import LabCA
from mockios.pki.lab_url import lab_ca_dir

SIGN_CSR_TASKS = Path(__file__).resolve().parent / "sign_csr.yml"
# No path: IOS requests /cgi-bin/pkiclient.exe itself (docs/scep-wire.md); a URL ending in it
# would have IOS request .../cgi-bin/pkiclient.exe/pkiclient.exe.
LAB_SCEP_URL = "http://ca.netpki.lab"
LAB_SUBJECT = "CN={{ inventory_hostname }}.netpki.lab, O=netpki lab"


def playbook_vars(state_dir: Path | str) -> dict[str, str]:
    """Extra vars for playbooks/enroll_scep.yml and enroll_terminal.yml against this lab."""
    issuing = LabCA(lab_ca_dir(state_dir)).ensure().issuing
    return {
        "lab_state_dir": str(Path(state_dir).resolve()),
        "ca_fingerprint": fingerprints(issuing.der)["SHA1"],
        "ca_certificate_pem": issuing.pem,
        "scep_url": LAB_SCEP_URL,
        "subject_name": LAB_SUBJECT,
        "csr_signing_tasks": str(SIGN_CSR_TASKS),
    }
