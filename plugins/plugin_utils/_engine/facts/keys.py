"""The router's key pairs, read once from ``show crypto key mypubkey all`` for every user:
``crypto_keys`` (what is there), the trustpoint operations (the key a trustpoint signs with)
and ``pki_info`` (the keys as facts). Also the one answer to "which key does this trustpoint
use", as IOS chooses it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ValidationError
from ..x509.certs import key_description, load_public_key
from . import parse

KEYS_COMMAND = "show crypto key mypubkey all"
SELF_SIGNED_PREFIX = "TP-self-signed-"  # the label IOS gives a self-signed trustpoint's key


@dataclass(frozen=True)
class KeyRecord:
    """One printed key (a label with usage keys prints two: signature and encryption)."""

    label: str
    type: str  # "rsa", "ec" ("" when not printed)
    size: int | None  # printed (IOS-XE), else from the curve or the public key itself
    curve: str | None
    usage: str | None  # as printed: "General Purpose Key", "Signature Key", "Encryption Key"
    exportable: bool | None  # None: not printed
    storage: str | None  # as printed
    redundancy: bool
    temporary: bool
    generated_at: str | None  # as printed
    key_data: tuple[str, ...]  # the DER SubjectPublicKeyInfo in hex lines

    def public_key(self) -> Any:
        """The public key (``ValidationError`` when the hex is not one)."""
        return load_public_key("\n".join(self.key_data), f"key {self.label}")


def read_keys(text: str) -> list[KeyRecord]:
    """Every key the output lists (none when it lists no ``Key name``)."""
    if "Key name" not in text:
        return []
    return [key_record(record) for record in parse.parse_output(KEYS_COMMAND, text)]


def key_record(record: Mapping[str, Any]) -> KeyRecord:
    """One parsed record of ``show crypto key mypubkey`` as a ``KeyRecord``."""
    exportable = (record.get("EXPORTABLE") or "").strip().lower()
    key = KeyRecord(
        label=record["KEY_NAME"],
        type=(record.get("KEY_TYPE") or "").lower(),
        size=None,
        curve=record.get("EC_CURVE") or None,
        usage=record.get("USAGE") or None,
        exportable=(exportable == "exportable") if exportable else None,
        storage=record.get("STORAGE_DEVICE") or None,
        redundancy=bool(record.get("REDUNDANCY")),
        temporary=bool(record.get("TEMPORARY")),
        generated_at=record.get("GENERATED_AT") or None,
        key_data=tuple(record.get("KEY_DATA") or ()),
    )
    return _with_size(key, record.get("KEY_SIZE"))


def _with_size(key: KeyRecord, printed: str | None) -> KeyRecord:
    # IOS-XE prints the size (`RSA KEYS 2048 bits`, `EC KEYS p384 curve`); IOS 15 does not,
    # so the public key itself tells (None when it cannot be read).
    size = None
    if printed:
        size = int(printed)
    elif key.curve:
        size = int("".join(c for c in key.curve if c.isdigit()))
    elif key.key_data:
        try:
            size = key_description(key.public_key())[1]
        except ValidationError:
            size = None
    return KeyRecord(**{**key.__dict__, "size": size})


def trustpoint_key_label(
    name: str,
    config: Mapping[str, Any] | None,
    labels: Iterable[str],
    hostname: str | None,
    domain: str | None = None,
    certificate_label: str | None = None,
) -> str | None:
    """The label of the key pair trustpoint ``name`` signs with, as IOS chooses it (None: it
    cannot be told).

    The configured ``rsakeypair``/``eckeypair``; else the key its certificate names; a
    self-signed trustpoint's own ``TP-self-signed-`` key; else the router's default key,
    ``<hostname>.<domain>`` (when the domain is not known: the one key so labelled, or a key
    named as the trustpoint).
    """
    if config is None:  # not configured, or its config not gathered: what its certificate says
        return certificate_label or (name if name.startswith(SELF_SIGNED_PREFIX) else None)
    labels = list(labels)
    if config.get("rsakeypair"):
        return config["rsakeypair"]["label"]
    if config.get("eckeypair"):
        return config["eckeypair"]
    if certificate_label:
        return certificate_label
    if name.startswith(SELF_SIGNED_PREFIX):
        return name
    if (config.get("enrollment") or {}).get("selfsigned"):
        own = [label for label in labels if label.startswith(SELF_SIGNED_PREFIX)]
        return own[0] if len(own) == 1 else None
    if hostname and domain:
        return f"{hostname}.{domain}"
    if hostname:
        prefix = hostname.lower() + "."
        defaults = [label for label in labels if label.lower().startswith(prefix)]
        if defaults:
            return defaults[0]
    return name if name in labels else None
