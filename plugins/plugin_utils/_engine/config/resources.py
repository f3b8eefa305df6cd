"""The config-block resources: what each is called on IOS, its template, parser and options.

The options come from the resource's attribute table (``trustpoint_attributes``,
``profile_attributes``), from which ``make generate`` also writes the template and the parser.

Shared by the operation that writes a resource (``ops/trustpoints``,
``ops/enrollment_profiles``) and by the readers of its facts (``facts/trustpoint``,
``ops/pki_info``).
"""

from __future__ import annotations

from ..dialogs.tables import TRUSTPOINT_REMOVE
from .blocks import BlockResource
from .profile_attributes import PROFILE_TABLE
from .trustpoint_attributes import TRUSTPOINT_TABLE

BUILTIN_PREFIXES = ("CISCO_IDEVID_", "TP-self-signed-")
BUILTIN_NAMES = ("SLA-TrustPoint",)


def is_builtin(name: str) -> bool:
    """Trustpoints IOS makes itself; `overridden` keeps them unless they are listed."""
    return name in BUILTIN_NAMES or name.startswith(BUILTIN_PREFIXES)


TRUSTPOINTS = BlockResource(
    noun="trustpoint",
    template="trustpoint.j2",
    template_variable="tp",
    parser_command="show running-config | section crypto pki trustpoint",
    header_keyword="crypto pki trustpoint",
    options=TRUSTPOINT_TABLE.options(),
    builtin=is_builtin,
    device_canonical=TRUSTPOINT_TABLE.from_device(),
    removal_dialog=TRUSTPOINT_REMOVE,
)

PROFILES = BlockResource(
    noun="enrollment profile",
    template="enrollment_profile.j2",
    template_variable="profile",
    parser_command="show running-config | section crypto pki profile enrollment",
    header_keyword="crypto pki profile enrollment",
    options=PROFILE_TABLE.options(),
)
