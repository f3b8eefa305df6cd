# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.trustpool (shared by the module docs and the action)."""

MATCH_ACTIONS = ["allow expired-certificate", "skip revocation-check", "skip authorization-check"]

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "clean"]),
    url=dict(type="str"),
    ca_bundle=dict(type="str"),
    fingerprints=dict(type="list", elements="str"),
    accept_unverified=dict(type="bool", default=False),
    exclusive=dict(type="bool", default=False),
    policy=dict(
        type="dict",
        options=dict(
            cabundle_url=dict(type="str"),
            revocation_check=dict(type="list", elements="str", choices=["crl", "ocsp", "none"]),
            match_certificates=dict(
                type="list",
                elements="dict",
                options=dict(
                    map=dict(type="str", required=True),
                    action=dict(type="str", choices=MATCH_ACTIONS),
                ),
            ),
        ),
    ),
    save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
)

MUTUALLY_EXCLUSIVE = [["url", "ca_bundle"]]
