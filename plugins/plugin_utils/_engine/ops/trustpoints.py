"""``crypto pki trustpoint`` blocks: the resource behind netpki.ios.trustpoints."""

from __future__ import annotations

from typing import Any

from .. import validate as v
from ..config.resources import TRUSTPOINTS
from ..config.task import run_block_task
from ..errors import ValidationError
from ..task import Task

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
