# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.https_server (shared by the module docs and the action)."""

ARGUMENT_SPEC = dict(
    trustpoint=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)

REQUIRED_IF = [["state", "present", ["trustpoint"]]]
