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
    O(expected_ca_fingerprints), or flagged so by C(pki_info)), C(revoked) (a certificate
    the trustpoint''s CRL revokes, as C(pki_info) with C(crls) gathered marks it from a CRL
    whose signature verified), C(stale_crl) (a CRL the router holds past its NextUpdate, one
    row per trustpoint of its CA), C(unused) (a built-in
    trustpoint, C(TP-self-signed-*), C(SLA-TrustPoint) or C(CISCO_IDEVID_*), that holds no
    certificate, such as the C(TP-self-signed-*) whose certificate another trustpoint''s
    self-signed enrollment replaced) or C(error). Every state but C(valid), C(unused) and
    C(rollover_pending) is flagged.'
  - 'CA key rollover: each shadow (rollover) certificate a router holds has a row in state
    C(rollover_pending), its detail saying when it becomes active. A CA certificate that is
    expired or ends within O(expiring_within_days) days is C(rollover_missed) when its
    trustpoint holds no rollover certificate although its CA rolled over: another router of
    the results holds a later CA certificate of the same subject. Added in version 0.2.0.'
  - Each certificate row carries the key type and size (C(key_type), C(key_size) in bits) and
    the C(signature_algorithm) as C(show crypto pki certificates verbose) prints them, and the
    C(sha256) and C(sha1) that C(pki_info) computed from the certificate in the running
    configuration.
  - Each gap that M(netpki.ios.pki_info) found in an output (RV(netpki.ios.pki_info#module:gaps)
    with C(field=output), an output cut mid-block or empty although the router has trustpoints)
    gets an C(unknown) row of its own, its message as the detail, so nothing unread is left
    out of the counts.
  - The JSON file holds C(summary), C(generated_at), C(timeline) (certificates ending per week
    of the next O(timeline_days) days, and those already expired) and C(rows); the CSV file
    holds the rows, one column per row key. The JSON Schema of the JSON file ships with the
    collection as C(docs/schema/audit_report.schema.json); it documents every key.
  - The HTML page is one self-contained file (inline CSS, JavaScript and SVG; nothing is
    loaded from the network). On top, the summary cards and the expiry timeline, a bar per
    week with the renewal window (O(expiring_within_days)) shaded. Below, a search box, state
    filters with their counts, router, trustpoint and issuer filters, and one table sortable
    by any column (click a header), coloured by state; the cards and the timeline count the
    rows the filters show. Every column fits a 1280 px wide window (long values wrap), and a
    print stylesheet lays the table on landscape pages, so a PDF printed from the browser
    has every column.
  - Revocation shows only for results of M(netpki.ios.pki_info) that gathered V(crls); the
    C(revoked) and C(stale_crl) states have their filters and summary cards like the others.
  - O(expected_ca_fingerprints) is compared with the fingerprints in the C(pki_info) results
    (MD5, SHA1, SHA256); a SHA384 or SHA512 pin can only be checked by C(pki_info) itself (its
    own O(netpki.ios.pki_info#module:expected_ca_fingerprints)), so give those there.
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
      - One of O(results) and O(slice_reports) is required.
    type: dict
  slice_reports:
    description:
      - The JSON reports (C(<basename>.json)) of the slices of one fleet, written by
        M(netpki.ios.fleet_audit) or by this module in each slice of a sliced job (AWX/AAP job
        slicing), merged into one fleet report without reading any router again.
      - Their rows are put together and the counts and timeline made anew. The slices must
        have used the same O(expiring_within_days), which the merged report keeps (this
        module's own value is not applied again), and no router may be in two slices.
    type: list
    elements: path
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.audit_files
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

- name: One fleet report from the reports of the slices of a sliced job
  netpki.ios.audit_report:
    slice_reports:
      - slices/1/pki-audit.json
      - slices/2/pki-audit.json
    dest: reports
  run_once: true
  delegate_to: localhost
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
"""

from ansible_collections.netpki.ios.plugins.module_utils import audit_report_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("audit_report", audit_report_argspec)


if __name__ == "__main__":
    main()
