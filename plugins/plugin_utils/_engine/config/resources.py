"""The config-block resources: what each is called on IOS, its template, parser and options.

Shared by the operation that writes a resource (``ops/trustpoints``,
``ops/enrollment_profiles``) and by the readers of its facts (``facts/trustpoint``,
``ops/pki_info``).
"""

from __future__ import annotations

from ....module_utils.enrollment_profiles_argspec import PROFILE_OPTIONS
from ....module_utils.trustpoints_argspec import TRUSTPOINT_OPTIONS
from ..dialogs.tables import TRUSTPOINT_REMOVE
from .blocks import BlockResource
from .type7 import device_password

BUILTIN_PREFIXES = ("CISCO_IDEVID_", "TP-self-signed-")
BUILTIN_NAMES = ("SLA-TrustPoint",)


def is_builtin(name: str) -> bool:
    """Trustpoints IOS makes itself; `overridden` keeps them unless they are listed."""
    return name in BUILTIN_NAMES or name.startswith(BUILTIN_PREFIXES)


def _device_fingerprint(value: str) -> str:
    return "".join(value.split()).upper()


TRUSTPOINTS = BlockResource(
    noun="trustpoint",
    template="trustpoint.j2",
    template_variable="tp",
    parser_command="show running-config | section crypto pki trustpoint",
    header_keyword="crypto pki trustpoint",
    options=TRUSTPOINT_OPTIONS,
    builtin=is_builtin,
    device_canonical={"password": device_password, "fingerprint": _device_fingerprint},
    removal_dialog=TRUSTPOINT_REMOVE,
)

PROFILES = BlockResource(
    noun="enrollment profile",
    template="enrollment_profile.j2",
    template_variable="profile",
    parser_command="show running-config | section crypto pki profile enrollment",
    header_keyword="crypto pki profile enrollment",
    options=PROFILE_OPTIONS,
)
