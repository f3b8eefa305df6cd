# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the block resource modules (trustpoints, enrollment_profiles) share in their argspec:
the states, ``running_config`` for ``parsed``, ``save_when`` and the rules between them."""

from __future__ import annotations

STATES = ["merged", "replaced", "overridden", "deleted", "gathered", "rendered", "parsed"]

REQUIRED_IF = [
    ["state", "merged", ["config"]],
    ["state", "replaced", ["config"]],
    ["state", "overridden", ["config"]],
    ["state", "rendered", ["config"]],
    ["state", "parsed", ["running_config"]],
]

MUTUALLY_EXCLUSIVE = [["config", "running_config"]]


def block_argument_spec(options: dict, **config_rules: object) -> dict:
    """The argspec of a module whose ``config`` is a list of blocks with ``options``;
    ``config_rules`` (mutually_exclusive, ...) apply inside each block."""
    return dict(
        config=dict(type="list", elements="dict", options=options, **config_rules),
        running_config=dict(type="str"),
        state=dict(type="str", default="merged", choices=STATES),
        save_when=dict(type="str", default="modified", choices=["never", "modified", "always"]),
    )
