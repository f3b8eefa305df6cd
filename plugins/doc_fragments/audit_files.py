# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The report options of the modules that write the fleet audit (audit_report, fleet_audit)."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
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
    type: dict
  timeline_days:
    description:
      - How many days ahead the expiry timeline of the HTML page and of C(timeline) in the JSON
        file reaches, rounded up to whole weeks (7 to 3660).
      - Default 90 days, or O(expiring_within_days) when that is longer (up to 3660), so the
        renewal window is on the chart.
    type: int
"""
