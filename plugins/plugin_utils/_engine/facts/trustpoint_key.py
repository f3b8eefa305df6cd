"""The key pair a trustpoint signs with, read from ``show crypto key mypubkey all``.

A trustpoint names its key with ``rsakeypair``/``eckeypair``; without one, IOS uses the
router's default key, labelled ``<hostname>.<domain>`` (or the trustpoint name when no domain
is set). The key data is the DER SubjectPublicKeyInfo, so the match against a certificate is
exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..x509.certs import key_description, load_public_key
from . import parse
from .trustpoint import TrustpointFacts

KEYS_COMMAND = "show crypto key mypubkey all"


@dataclass(frozen=True)
class RouterKey:
    label: str
    kind: str  # "rsa" or "ec"
    size: int | None
    public_key: Any


def parse_keys(text: str) -> list[RouterKey]:
    if "Key name:" not in text:
        return []
    keys = []
    for record in parse.parse_output(KEYS_COMMAND, text):
        if not record.get("KEY_DATA"):
            continue
        public_key = load_public_key("\n".join(record["KEY_DATA"]), f"key {record['KEY_NAME']}")
        kind, size, _curve = key_description(public_key)
        keys.append(RouterKey(record["KEY_NAME"], kind.lower(), size, public_key))
    return keys


def trustpoint_key(
    keys: list[RouterKey], facts: TrustpointFacts, hostname: str
) -> RouterKey | None:
    """The key of ``facts``' trustpoint among the router's ``keys`` (None: not generated yet)."""
    by_label = {key.label: key for key in keys}
    if facts.key_label:
        return by_label.get(facts.key_label)
    if facts.method == "selfsigned":
        found = [key for key in keys if key.label.startswith("TP-self-signed-")]
        if found:
            return found[0]
    defaults = [key for key in keys if key.label.lower().startswith(hostname.lower() + ".")]
    return defaults[0] if defaults else by_label.get(facts.name)


def gather_key(session: Any, facts: TrustpointFacts) -> RouterKey | None:
    return trustpoint_key(parse_keys(session.show(KEYS_COMMAND)), facts, session.base_prompt)
