# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.enrollment_profiles (shared by the module and its action)."""

from __future__ import annotations

STATES = ["merged", "replaced", "overridden", "deleted", "gathered", "rendered", "parsed"]

PROFILE_OPTIONS = dict(
    name=dict(type="str", required=True),
    authentication=dict(
        type="dict",
        options=dict(
            url=dict(type="str"),
            command=dict(type="str"),
            terminal=dict(type="bool"),
        ),
        mutually_exclusive=[["url", "terminal"]],
    ),
    enrollment=dict(
        type="dict",
        options=dict(
            url=dict(type="str"),
            command=dict(type="str"),
            terminal=dict(type="bool"),
            credential=dict(type="str"),
        ),
        mutually_exclusive=[["url", "terminal"]],
    ),
    parameters=dict(
        type="list",
        elements="dict",
        options=dict(
            number=dict(type="int", required=True),
            value=dict(type="str", required=True),
        ),
    ),
)

ARGUMENT_SPEC = dict(
    config=dict(type="list", elements="dict", options=PROFILE_OPTIONS),
    running_config=dict(type="str"),
    state=dict(type="str", default="merged", choices=STATES),
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)

REQUIRED_IF = [
    ["state", "merged", ["config"]],
    ["state", "replaced", ["config"]],
    ["state", "overridden", ["config"]],
    ["state", "rendered", ["config"]],
    ["state", "parsed", ["running_config"]],
]

MUTUALLY_EXCLUSIVE = [["config", "running_config"]]
