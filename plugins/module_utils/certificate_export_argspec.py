# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.certificate_export (shared by the module docs and the action)."""

ARGUMENT_SPEC = dict(
    trustpoint=dict(type="str", required=True),
    include_private_key=dict(type="bool", default=False),
    passphrase=dict(type="str", no_log=True),
    key_encryption=dict(type="str", default="aes", choices=["aes", "3des"]),
    pkcs12_url=dict(type="str"),
)
