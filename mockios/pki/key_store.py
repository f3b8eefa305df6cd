"""Key pairs survive a device restart: `<state-dir>/<device>/keys.json` (PEM inside).

IOS keeps keys in private NVRAM; the simulator keeps them next to the device config.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from .keypool import PrivateKey, shared_pool
from .keys import KeyPair

if TYPE_CHECKING:
    from mockios.device import Device


def _path(device: Device) -> Path | None:
    state_dir = getattr(device, "state_dir", None)
    return Path(state_dir) / "keys.json" if state_dir is not None else None


def _pem(key: PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _load_key(pem: str) -> PrivateKey:
    # mockios's own saved state, written by cryptography: skip the ~50 ms RSA check per key.
    return serialization.load_pem_private_key(
        pem.encode(), password=None, unsafe_skip_rsa_key_validation=True
    )


def pair_record(pair: KeyPair) -> dict[str, Any]:
    """A key pair as JSON-ready data (private keys as unencrypted PKCS#8 PEM)."""
    return {
        "label": pair.label,
        "kind": pair.kind,
        "size": pair.size,
        "exportable": pair.exportable,
        "storage": pair.storage,
        "generated_at": pair.generated_at.isoformat(),
        "key": _pem(pair.key),
        "encryption_key": _pem(pair.encryption_key) if pair.encryption_key else None,
    }


def pair_from_record(record: dict[str, Any]) -> KeyPair:
    return KeyPair(
        label=record["label"],
        kind=record["kind"],
        size=record["size"],
        key=_load_key(record["key"]),
        exportable=record["exportable"],
        encryption_key=_load_key(record["encryption_key"]) if record["encryption_key"] else None,
        storage=record["storage"],
        generated_at=datetime.fromisoformat(record["generated_at"]),
    )


def write_private(path: Path, text: str) -> None:
    """Atomically, readable by the owner only: the file holds private keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def save_keys(device: Device) -> None:
    path = _path(device)
    if path is None:
        return
    write_private(path, json.dumps([pair_record(pair) for pair in device.keys.values()]))


def load_keys(device: Device) -> None:
    path = _path(device)
    if path is None or not path.exists():
        return
    for record in json.loads(path.read_text()):
        pair = pair_from_record(record)
        for key in filter(None, (pair.key, pair.encryption_key)):
            shared_pool().claim(key)  # the pool must not hand these to another label
        device.keys[record["label"]] = pair
