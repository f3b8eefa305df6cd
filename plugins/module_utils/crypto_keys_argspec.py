# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.crypto_keys (shared by the module and its action)."""

from __future__ import annotations

ARGUMENT_SPEC = dict(
    label=dict(type="str", required=True),
    type=dict(type="str", default="rsa", choices=["rsa", "ec"]),
    size=dict(type="int"),
    usage=dict(type="str", default="general", choices=["general", "usage-keys"]),
    exportable=dict(type="bool", default=False),
    storage=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    force=dict(type="bool", default=False),
    timeout=dict(type="int", default=120),
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)

REQUIRED_IF: list = []
MUTUALLY_EXCLUSIVE: list = []
