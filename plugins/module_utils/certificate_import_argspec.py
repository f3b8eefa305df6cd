# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.certificate_import (shared by the module docs and the action)."""

ARGUMENT_SPEC = dict(
    trustpoint=dict(type="str", required=True),
    certificate=dict(type="str"),
    pem=dict(
        type="dict",
        options=dict(
            ca_certificate=dict(type="str", required=True),
            private_key=dict(type="str", required=True, no_log=True),
            certificate=dict(type="str", required=True),
            passphrase=dict(type="str", required=True, no_log=True),
            legacy_key=dict(type="str", default="auto", choices=["auto", "always", "never"]),
            exportable=dict(type="bool", default=False),
        ),
    ),
    pkcs12=dict(
        type="dict",
        options=dict(
            url=dict(type="str", required=True),
            passphrase=dict(type="str", required=True, no_log=True),
        ),
    ),
    from_enrollment_url=dict(type="bool"),
    force=dict(type="bool", default=False),
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)

MUTUALLY_EXCLUSIVE = [["certificate", "pem", "pkcs12", "from_enrollment_url"]]
REQUIRED_ONE_OF = [["certificate", "pem", "pkcs12", "from_enrollment_url"]]
