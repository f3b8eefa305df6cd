"""``crypto pki trustpoint`` blocks: the resource behind netpki.ios.trustpoints."""

from __future__ import annotations

from typing import Any

from ....module_utils.trustpoints_argspec import TRUSTPOINT_OPTIONS
from ..._action_module import Task
from .. import validate as v
from ..config.blocks import BlockResource
from ..config.task import run_block_task
from ..config.type7 import device_password
from ..dialogs.tables import TRUSTPOINT_REMOVE
from ..errors import ValidationError

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

# Checks per option name (see validate.check_params); every string is also refused any
# control character or '?'.
VALUE_RULES: v.Rules = {
    "name": v.ios_name,
    "url": v.url,
    "profile": v.ios_name,
    "http_proxy": v.cli_text,
    "retry_period": v.int_range(1, 60),
    "retry_count": v.int_range(1, 100),
    "fingerprint": v.fingerprint,
    "subject_name": v.distinguished_name,
    "subject_alt_name": v.fqdn,
    "ip_address": v.address_or_interface,
    "fqdn": v.fqdn,
    "password": v.secret_word,
    "label": v.ios_name,
    "modulus": v.int_range(360, 4096),
    "encryption_modulus": v.int_range(360, 4096),
    "eckeypair": v.ios_name,
    "percent": v.int_range(10, 100),
    "vrf": v.ios_name,
    "source_interface": v.interface_name,
    "storage": v.filesystem,
}


def check_combinations(config: list[dict[str, Any]]) -> None:
    """What the argspec cannot say: options that only make sense together."""
    v.unique_names(config, "trustpoint")
    for index, tp in enumerate(config):
        path = f"config[{index}]"
        enrollment = tp.get("enrollment") or {}
        if enrollment.get("pem") and not enrollment.get("terminal"):
            raise ValidationError(f"{path}.enrollment.pem: needs enrollment.terminal: true")


def run(task: Task) -> dict[str, Any]:
    check_combinations(task.params.get("config") or [])
    return run_block_task(task, TRUSTPOINTS)
