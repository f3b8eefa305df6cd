# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.enrollment_profiles (shared by the module and its action)."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils.block_resource_argspec import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_IF,
    STATES,
    block_argument_spec,
)

# The options of one block, from the attribute table
# (plugins/plugin_utils/_engine/config/profile_attributes.py).
# BEGIN generated attributes of enrollment_profiles (make generate)
PROFILE_OPTIONS = {
    "name": {
        "type": "str",
        "required": True,
    },
    "authentication": {
        "type": "dict",
        "options": {
            "url": {
                "type": "str",
            },
            "command": {
                "type": "str",
            },
            "terminal": {
                "type": "bool",
            },
        },
        "mutually_exclusive": [["url", "terminal"]],
    },
    "enrollment": {
        "type": "dict",
        "options": {
            "url": {
                "type": "str",
            },
            "command": {
                "type": "str",
            },
            "terminal": {
                "type": "bool",
            },
            "credential": {
                "type": "str",
            },
        },
        "mutually_exclusive": [["url", "terminal"]],
    },
    "parameters": {
        "type": "list",
        "elements": "dict",
        "options": {
            "number": {
                "type": "int",
                "required": True,
            },
            "value": {
                "type": "str",
                "required": True,
            },
        },
    },
}
PROFILE_BLOCK_RULES = {}
# END generated attributes of enrollment_profiles

ARGUMENT_SPEC = block_argument_spec(PROFILE_OPTIONS, **PROFILE_BLOCK_RULES)

__all__ = ["ARGUMENT_SPEC", "MUTUALLY_EXCLUSIVE", "REQUIRED_IF", "STATES", "PROFILE_OPTIONS"]
