# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.enrollment_profiles (shared by the module and its action)."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils.block_resource_argspec import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_IF,
    STATES,
    block_argument_spec,
)

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

ARGUMENT_SPEC = block_argument_spec(PROFILE_OPTIONS)

__all__ = ["ARGUMENT_SPEC", "MUTUALLY_EXCLUSIVE", "REQUIRED_IF", "STATES", "PROFILE_OPTIONS"]
