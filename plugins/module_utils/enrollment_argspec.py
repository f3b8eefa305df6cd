# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.enrollment: the single-step modules' own argspecs, one key a step.

Each step takes the options of the module it runs, from that module's argspec, without what the
composed task sets for all of them: the trustpoint's name (given once, in ``trustpoint.name``),
the key pair's and the trustpoint's ``state`` (the chain only makes them exist), and
``save_when`` (one save at the end, for the whole chain).
"""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import (
    ca_authenticate_argspec,
    crypto_keys_argspec,
    enroll_argspec,
    trustpoints_argspec,
)

SAVE_WHEN = dict(type="str", default="modified", choices=["never", "modified", "always"])

# step key -> (the module it runs, the options of that module the composed task sets itself)
STEPS = {
    "key": ("crypto_keys", ("state", "save_when")),
    "trustpoint": ("trustpoints", ()),
    "ca": ("ca_authenticate", ("trustpoint", "save_when")),
    "enroll": ("enroll", ("trustpoint", "save_when")),
}


def _options(spec: dict, left_out: tuple[str, ...]) -> dict:
    return {name: option for name, option in spec.items() if name not in left_out}


ARGUMENT_SPEC = dict(
    # one `config` item of netpki.ios.trustpoints, merged
    trustpoint=dict(
        type="dict",
        required=True,
        options=trustpoints_argspec.TRUSTPOINT_OPTIONS,
        **trustpoints_argspec.TRUSTPOINT_BLOCK_RULES,
    ),
    key=dict(
        type="dict",
        no_log=False,  # the key pair's settings (label, type, size), not a secret
        options=_options(crypto_keys_argspec.ARGUMENT_SPEC, STEPS["key"][1]),
    ),
    ca=dict(type="dict", options=_options(ca_authenticate_argspec.ARGUMENT_SPEC, STEPS["ca"][1])),
    # always runs: enrolling is what the chain is for
    enroll=dict(
        type="dict",
        options=_options(enroll_argspec.ARGUMENT_SPEC, STEPS["enroll"][1]),
        apply_defaults=True,
    ),
    save_when=SAVE_WHEN,
)

REQUIRED_IF: list = []
MUTUALLY_EXCLUSIVE: list = []
