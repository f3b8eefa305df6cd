# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.trustpoints (shared by the module docs check and the action)."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils.block_resource_argspec import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_IF,
    STATES,
    block_argument_spec,
)

TRUSTPOINT_OPTIONS = dict(
    name=dict(type="str", required=True),
    enrollment=dict(
        type="dict",
        options=dict(
            url=dict(type="str"),
            terminal=dict(type="bool"),
            pem=dict(type="bool"),
            selfsigned=dict(type="bool"),
            pkcs12=dict(type="bool"),
            profile=dict(type="str"),
            mode_ra=dict(type="bool"),
            retry_period=dict(type="int"),
            retry_count=dict(type="int"),
            http_proxy=dict(type="str"),
        ),
        mutually_exclusive=[["url", "terminal", "selfsigned", "pkcs12", "profile"]],
    ),
    fingerprint=dict(type="str"),
    subject_name=dict(type="str"),
    subject_alt_name=dict(type="str"),
    serial_number=dict(type="bool"),
    ip_address=dict(type="str"),
    fqdn=dict(type="str"),
    password=dict(type="str", no_log=True),
    usage=dict(type="list", elements="str", choices=["ike", "ssl-client", "ssl-server"]),
    rsakeypair=dict(
        type="dict",
        no_log=False,
        options=dict(
            label=dict(type="str", required=True),
            modulus=dict(type="int"),
            encryption_modulus=dict(type="int"),
        ),
        required_by=dict(encryption_modulus=["modulus"]),
    ),
    eckeypair=dict(type="str", no_log=False),
    auto_enroll=dict(
        type="dict",
        options=dict(
            enabled=dict(type="bool", default=True),
            percent=dict(type="int"),
            regenerate=dict(type="bool"),
        ),
    ),
    regenerate=dict(type="bool"),
    revocation_check=dict(type="list", elements="str", choices=["crl", "ocsp", "none"]),
    vrf=dict(type="str"),
    source_interface=dict(type="str"),
    hash=dict(type="str", choices=["md5", "sha1", "sha256", "sha384", "sha512"]),
    storage=dict(type="str"),
)

ARGUMENT_SPEC = block_argument_spec(
    TRUSTPOINT_OPTIONS, mutually_exclusive=[["rsakeypair", "eckeypair"]]
)

__all__ = ["ARGUMENT_SPEC", "MUTUALLY_EXCLUSIVE", "REQUIRED_IF", "STATES", "TRUSTPOINT_OPTIONS"]
