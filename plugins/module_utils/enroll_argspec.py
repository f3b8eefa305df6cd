# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.enroll (shared by the module docs and the action)."""

ARGUMENT_SPEC = dict(
    trustpoint=dict(type="str", required=True),
    challenge_password=dict(type="str", no_log=True),
    include_serial_number=dict(type="bool", default=False),
    ip_address=dict(type="raw", default=False),
    renew_before_days=dict(type="int"),
    renew_before_percent=dict(type="int"),
    force=dict(type="bool", default=False),
    regenerate=dict(type="bool", default=False),
    replace_selfsigned=dict(type="bool", default=False),
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
    poll_interval=dict(type="int", default=5),
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)
