# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.trustpoints (shared by the module docs check and the action)."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils.block_resource_argspec import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_IF,
    STATES,
    block_argument_spec,
)

# The options of one block, from the attribute table
# (plugins/plugin_utils/_engine/config/trustpoint_attributes.py).
# BEGIN generated attributes of trustpoints (make generate)
TRUSTPOINT_OPTIONS = {
    "name": {
        "type": "str",
        "required": True,
    },
    "enrollment": {
        "type": "dict",
        "options": {
            "terminal": {
                "type": "bool",
            },
            "pem": {
                "type": "bool",
            },
            "selfsigned": {
                "type": "bool",
            },
            "pkcs12": {
                "type": "bool",
            },
            "profile": {
                "type": "str",
            },
            "mode_ra": {
                "type": "bool",
            },
            "retry_period": {
                "type": "int",
            },
            "retry_count": {
                "type": "int",
            },
            "url": {
                "type": "str",
            },
            "http_proxy": {
                "type": "str",
            },
        },
        "mutually_exclusive": [["url", "terminal", "selfsigned", "pkcs12", "profile"]],
    },
    "serial_number": {
        "type": "bool",
    },
    "fqdn": {
        "type": "str",
    },
    "ip_address": {
        "type": "str",
    },
    "password": {
        "type": "str",
        "no_log": True,
    },
    "fingerprint": {
        "type": "str",
    },
    "subject_name": {
        "type": "str",
    },
    "subject_alt_name": {
        "type": "str",
    },
    "usage": {
        "type": "list",
        "elements": "str",
        "choices": ["ike", "ssl-client", "ssl-server"],
    },
    "source_interface": {
        "type": "str",
    },
    "vrf": {
        "type": "str",
    },
    "revocation_check": {
        "type": "list",
        "elements": "str",
        "choices": ["crl", "ocsp", "none"],
    },
    "ocsp": {
        "type": "dict",
        "options": {
            "url": {
                "type": "str",
            },
        },
    },
    "rsakeypair": {
        "type": "dict",
        "options": {
            "label": {
                "type": "str",
                "required": True,
            },
            "modulus": {
                "type": "int",
            },
            "encryption_modulus": {
                "type": "int",
            },
        },
        "no_log": False,
        "required_by": {
            "encryption_modulus": ["modulus"],
        },
    },
    "eckeypair": {
        "type": "str",
        "no_log": False,
    },
    "storage": {
        "type": "str",
    },
    "hash": {
        "type": "str",
        "choices": ["md5", "sha1", "sha256", "sha384", "sha512"],
    },
    "auto_enroll": {
        "type": "dict",
        "options": {
            "enabled": {
                "type": "bool",
                "default": True,
            },
            "percent": {
                "type": "int",
            },
            "regenerate": {
                "type": "bool",
            },
        },
    },
    "regenerate": {
        "type": "bool",
    },
}
TRUSTPOINT_BLOCK_RULES = {
    "mutually_exclusive": [["rsakeypair", "eckeypair"]],
}
# END generated attributes of trustpoints

ARGUMENT_SPEC = block_argument_spec(TRUSTPOINT_OPTIONS, **TRUSTPOINT_BLOCK_RULES)

__all__ = ["ARGUMENT_SPEC", "MUTUALLY_EXCLUSIVE", "REQUIRED_IF", "STATES", "TRUSTPOINT_OPTIONS"]
