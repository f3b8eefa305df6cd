#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: audit_report
short_description: Write a fleet PKI audit (JSON, CSV, HTML) from netpki.ios.pki_info results
version_added: 0.1.0
description:
  - Takes the registered M(netpki.ios.pki_info) results of many routers and writes three files
    on the controller, C(<basename>.json), C(<basename>.csv) and C(<basename>.html), in O(dest).
  - The report has one row per router, trustpoint and certificate. A trustpoint without any
    certificate has one row, and a router whose C(pki_info) failed has one C(error) row.
  - 'Each row has one state: C(valid), C(expiring) (ends within O(expiring_within_days) days),
    C(expired), C(pending) (request waiting for the CA), C(no_ca) (CA not authenticated),
    C(no_certificate), C(unknown) (a serial or date that could not be read, or no usable end
    date, such as an unknown time zone), C(unexpected_ca) (a CA certificate matching none of
    O(expected_ca_fingerprints), or flagged so by C(pki_info)) or C(error). Every state but
    C(valid) is flagged.'
  - Each certificate row carries the C(sha256) and C(sha1) that C(pki_info) computed from the
    certificate read from the router.
  - Each gap that M(netpki.ios.pki_info) found in an output (RV(netpki.ios.pki_info#module:gaps)
    with C(field=output), an output cut mid-block or empty although the router has trustpoints)
    gets an C(unknown) row of its own, its message as the detail, so nothing unread is left
    out of the counts.
  - The JSON file holds C(summary), C(generated_at) and C(rows); the CSV file the rows; the HTML
    page is self-contained (inline CSS and JavaScript, no external assets), with the summary on
    top and one table sortable by any column, coloured by state.
  - Makes no connection. Use it once, on the controller (C(run_once), delegated
    to C(localhost)). See C(playbooks/audit.yml).
author:
  - netpki.ios maintainers (@netpki)
attributes:
  check_mode:
    support: full
    description: In check mode nothing is written; RV(summary) and RV(flagged) are returned.
  diff_mode:
    support: none
    description: No diff.
  platform:
    support: full
    platforms: posix
    description: The controller; no router is contacted.
options:
  results:
    description:
      - Router name to its registered M(netpki.ios.pki_info) result. Failed results are
        reported as C(error) rows with their message.
    type: dict
    required: true
  dest:
    description: Directory for the files, created when missing.
    type: path
    default: reports
  basename:
    description: File name without extension.
    type: str
    default: pki-audit
  expiring_within_days:
    description: A certificate that ends within this many days is C(expiring).
    type: int
    default: 30
  title:
    description: Title of the HTML page.
    type: str
    default: PKI audit
  expected_ca_fingerprints:
    description:
      - The CA fingerprints you expect, per trustpoint name, as a list each (MD5, SHA1,
        SHA256, SHA384 or SHA512, told apart by length). A CA certificate matching none is
        an C(unexpected_ca) row, whatever its dates.
      - Compared with the fingerprints in the C(pki_info) results (MD5, SHA1, SHA256); a
        SHA384 or SHA512 pin can only be checked by C(pki_info) itself (its own
        O(netpki.ios.pki_info#module:expected_ca_fingerprints)), so give those there.
    type: dict
extends_documentation_fragment:
  - netpki.ios.attributes
"""

EXAMPLES = r"""
- name: Gather PKI facts on every router
  netpki.ios.pki_info:
    gather: [trustpoints, certificates, config]
    expiring_within_days: 30
  register: pki
  ignore_errors: true

- name: Write reports/pki-audit.{json,csv,html}
  netpki.ios.audit_report:
    results: >-
      {{ dict(ansible_play_hosts_all
              | zip(ansible_play_hosts_all | map('extract', hostvars, 'pki'))) }}
    expiring_within_days: 30
  run_once: true
  delegate_to: localhost
  check_mode: false
"""

RETURN = r"""
summary:
  description: The counts at the top of the report.
  returned: always
  type: dict
  sample: {routers: 5, routers_failed: 0, trustpoints: 6, certificates: 7, expired: 1,
           expiring: 1, expiring_within_days: 30, pending: 1, without_ca: 1, unknown: 0,
           unexpected_ca: 0, flagged: 4}
flagged:
  description: The rows whose state is not C(valid).
  returned: always
  type: list
  elements: dict
  sample:
    - {router: r2, trustpoint: LAB, kind: router, subject_cn: r2.lab.example,
       issuer_cn: netpki Lab Issuing CA, serial: "11", not_after: "2026-12-07T11:38:34Z",
       days_remaining: 9, state: expiring, detail: expires in 9 day(s), flagged: true}
files:
  description: The files written (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: [reports/pki-audit.json, reports/pki-audit.csv, reports/pki-audit.html]
"""

from ansible_collections.netpki.ios.plugins.module_utils import audit_report_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("audit_report", audit_report_argspec)


if __name__ == "__main__":
    main()
