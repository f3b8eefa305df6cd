#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fleet_audit
short_description: Audit the PKI of every router of the play from one task (JSON, CSV, HTML)
version_added: 0.2.0
description:
  - Reads every router of the play in one process, with the code of M(netpki.ios.pki_info)
    (the same show commands, parsers and facts, one SSH session per router), O(concurrency)
    routers at a time, and writes the report M(netpki.ios.audit_report) writes, without an
    Ansible worker per router.
  - Every kind of M(netpki.ios.pki_info) is gathered, the IOS certificate servers
    (C(show crypto pki server)) included, so each server is a C(ca_server) row with its CA's
    expiry and its pending requests.
  - The routers are the play's hosts that are left (C(ansible_play_hosts)), so C(--limit) and
    hosts failed earlier in the play are honoured. Each is reached with its own host
    variables, exactly as its own M(netpki.ios.pki_info) task would be (credentials,
    C(-u)/C(-k)/C(-K), password files, C(ANSIBLE_NET_*), host-key checking, bastions).
  - The other routers' variables are read through C(hostvars), which holds inventory (host and
    group) variables, facts and extra vars but not the play's or the task's C(vars); set
    connection variables in the inventory or as extra vars, not under the play's C(vars).
  - A router that cannot be read (unreachable, refused login, unknown host key, unparsable
    output) is an C(error) row with its message, and is listed in RV(failed_hosts); the others
    are still read. The task fails only on bad options.
  - Each router's facts are turned into report rows as soon as they are read and then
    dropped, so the controller's memory follows the report, not the facts. Use
    M(netpki.ios.pki_info) when you want the facts on each host.
  - 'Must run once (C(run_once: true)); it refuses to run otherwise, since every host would
    then audit the whole play. Runs on the controller (C(connection: local)).'
  - O(expected_ca_fingerprints) is checked by each router's C(pki_info) read (every pin
    length) and by the report.
  - Each router's CRLs are read too (V(crls) of M(netpki.ios.pki_info)), so revoked
    certificates and stale CRLs are flagged; a CRL is downloaded on the controller from its
    distribution point once a minute at most, whatever the number of routers naming it.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  check_mode:
    support: full
    description: The routers are read as always (it only reads); no file is written.
  diff_mode:
    support: none
    description: No diff.
options:
  concurrency:
    description:
      - How many routers are read at once (1 to 1000). Default the play's C(--forks).
    type: int
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.audit_files
  - netpki.ios.connection
"""

EXAMPLES = r"""
# In a play over the routers (hosts: routers, connection: local, gather_facts: false).
- name: Write reports/pki-audit.{json,csv,html}, reading 50 routers at a time
  netpki.ios.fleet_audit:
    concurrency: 50
    expiring_within_days: 30
  run_once: true
  check_mode: false
  register: audit

- name: Routers that could not be read
  ansible.builtin.debug:
    var: audit.failed_hosts
  run_once: true
"""

RETURN = r"""
summary:
  description: The counts at the top of the report.
  returned: always
  type: dict
  sample: {routers: 5, routers_failed: 0, trustpoints: 6, certificates: 7, expired: 1,
           expiring: 1, expiring_within_days: 30, pending: 1, without_ca: 1, unknown: 0,
           unexpected_ca: 0, revoked: 0, stale_crls: 0, rollover_pending: 0,
           rollover_missed: 0, flagged: 4}
flagged:
  description: The rows whose state is not C(valid).
  returned: always
  type: list
  elements: dict
  sample:
    - {router: r2, trustpoint: LAB, kind: router, subject_cn: r2.lab.example,
       issuer_cn: netpki Lab Issuing CA, serial: "11", not_after: "2026-12-07T11:38:34Z",
       days_remaining: 9, state: expiring, detail: expires in 9 day(s), key_type: RSA,
       key_size: 2048, signature_algorithm: SHA256 with RSA Encryption,
       sha256: 1B4FAD96 DC3FD65A CEE2479F 2839C34A A71B93A4 D60AA739 A28A3072 2815DF5B,
       sha1: C56600EC 75FA4180 3D4379BE 43AB8A12 B3EFF825, flagged: true}
files:
  description: The files written (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [reports/pki-audit.json, reports/pki-audit.csv, reports/pki-audit.html]
failed_hosts:
  description: The routers that could not be read, with why; each is an C(error) row too.
  returned: always
  type: list
  elements: dict
  sample: [{host: r7, msg: "cannot reach 192.0.2.7:22: timed out"}]
"""

from ansible_collections.netpki.ios.plugins.module_utils import fleet_audit_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("fleet_audit", fleet_audit_argspec)


if __name__ == "__main__":
    main()
