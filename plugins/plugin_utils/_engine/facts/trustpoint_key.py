"""The key pair a trustpoint signs with, read from ``show crypto key mypubkey all``.

A trustpoint names its key with ``rsakeypair``/``eckeypair``; without one, IOS uses the
router's default key, labelled ``<hostname>.<domain>`` (or the trustpoint name when no domain
is set). The key data is the DER SubjectPublicKeyInfo, so the match against a certificate is
exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..x509.certs import key_description
from .keys import KEYS_COMMAND, read_keys, trustpoint_key_label
from .trustpoint import TrustpointFacts


@dataclass(frozen=True)
class RouterKey:
    label: str
    kind: str  # "rsa" or "ec"
    size: int | None
    public_key: Any


def parse_keys(text: str) -> list[RouterKey]:
    keys = []
    for record in read_keys(text):
        if not record.key_data:
            continue
        public_key = record.public_key()
        kind, size, _curve = key_description(public_key)
        keys.append(RouterKey(record.label, kind.lower(), size, public_key))
    return keys


def trustpoint_key(
    keys: list[RouterKey], facts: TrustpointFacts, hostname: str
) -> RouterKey | None:
    """The key of ``facts``' trustpoint among the router's ``keys`` (None: not generated yet)."""
    label = trustpoint_key_label(facts.name, facts.config, [key.label for key in keys], hostname)
    return next((key for key in keys if key.label == label), None)


def gather_key(session: Any, facts: TrustpointFacts) -> RouterKey | None:
    return trustpoint_key(parse_keys(session.show(KEYS_COMMAND)), facts, session.base_prompt)
