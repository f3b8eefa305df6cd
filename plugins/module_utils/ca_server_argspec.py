# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.ca_server (shared by the module docs and the action)."""

_REQUEST_SELECTOR = dict(
    type="dict",
    options=dict(
        ids=dict(type="list", elements="int"),
        subject=dict(type="str"),
        all=dict(type="bool", default=False),
    ),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="started", choices=["started", "stopped", "absent"]),
    issuer_name=dict(type="str"),
    grant_mode=dict(type="str", choices=["auto", "none", "manual"]),
    lifetime=dict(
        type="dict",
        options=dict(certificate=dict(type="int"), ca_certificate=dict(type="int")),
    ),
    database=dict(
        type="dict",
        options=dict(
            url=dict(type="str"),
            level=dict(type="str", choices=["minimum", "names", "complete"]),
        ),
    ),
    auto_rollover=dict(type="int"),
    passphrase=dict(type="str", no_log=True),
    grant=_REQUEST_SELECTOR,
    reject=_REQUEST_SELECTOR,
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)
