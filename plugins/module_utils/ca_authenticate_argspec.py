# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.ca_authenticate (shared by the module docs and the action)."""

SAVE_WHEN = dict(type="str", default="modified", choices=["never", "modified", "always"])

ARGUMENT_SPEC = dict(
    trustpoint=dict(type="str", required=True),
    ca_certificate=dict(type="str"),
    fingerprint=dict(type="str"),
    accept_unverified=dict(type="bool", default=False),
    force=dict(type="bool", default=False),
    save_when=SAVE_WHEN,
)
