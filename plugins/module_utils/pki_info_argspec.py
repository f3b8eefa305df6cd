# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.pki_info (shared by the module and its action)."""

from __future__ import annotations

GATHER_DEFAULT = ["trustpoints", "certificates", "keys", "timers", "config"]
# Asked for by name: `crls` fetches the CRLs, `servers` reads the IOS certificate servers.
GATHER_CHOICES = GATHER_DEFAULT + ["crls", "servers"]

ARGUMENT_SPEC = dict(
    gather=dict(type="list", elements="str", choices=GATHER_CHOICES, default=GATHER_DEFAULT),
    trustpoint=dict(type="list", elements="str"),
    expiring_within_days=dict(type="int"),
    outputs=dict(type="dict"),
    expected_ca_fingerprints=dict(type="dict"),
    fetch_crls=dict(type="bool", default=True),
)
