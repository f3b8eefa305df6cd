# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.audit_report (shared by the module and its action)."""

from __future__ import annotations

ARGUMENT_SPEC = dict(
    results=dict(type="dict"),
    slice_reports=dict(type="list", elements="path"),
    dest=dict(type="path", default="reports"),
    basename=dict(type="str", default="pki-audit"),
    expiring_within_days=dict(type="int", default=30),
    title=dict(type="str", default="PKI audit"),
    expected_ca_fingerprints=dict(type="dict"),
    timeline_days=dict(type="int"),
)
# A slice's report was judged by its own run: its pins are not applied again.
MUTUALLY_EXCLUSIVE = [["results", "slice_reports"], ["slice_reports", "expected_ca_fingerprints"]]
REQUIRED_ONE_OF = [["results", "slice_reports"]]
