"""RSA and EC key pairs: the resource behind netpki.ios.crypto_keys.

Idempotent by label, type, size and usage: a key pair that matches is left alone (unless
``force``), one that differs is replaced. The replace and zeroize questions are answered by
the dialog engine's tables. One show command (``show crypto key mypubkey all``) tells what is
there; it is read again after a change to verify. That check is what proves an EC key was made:
IOS confirms EC generation with nothing but its prompt.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..dialogs.tables import KEY_ZEROIZE, key_generate_answers, key_generate_table
from ..errors import DeviceError, ValidationError
from ..facts.keys import KEYS_COMMAND, KeyRecord, read_keys
from ..steps import Step, commands
from ..task import Task
from ..x509.certs import format_ios_fingerprint, ios_hex_to_der

GATHER_COMMAND = KEYS_COMMAND
DEFAULT_SIZE = {"rsa": 2048, "ec": 256}
EC_SIZES = (256, 384, 521)
# RSA usage keys are two pairs under one label, `Signature Key` and `Encryption Key`. IOS has
# no EC usage keys, and real IOS-XE 16/17 lists an EC key as a lone `Usage: Signature Key`
# (tests/transcripts/show/mypubkey_ec*.yml): that is the general-purpose EC key.
_SPLIT_USAGES = {"Signature Key", "Encryption Key"}
_DEFAULT_STORAGE = {"", "private-config", "not specified"}

VALUE_RULES: v.Rules = {
    "label": v.ios_name,
    "storage": v.filesystem,
    "timeout": v.int_range(1, 3600),
}


@dataclass(frozen=True)
class KeyPair:
    label: str
    type: str  # rsa | ec
    size: int | None
    usage: str  # general | usage-keys
    exportable: bool
    storage: str | None
    # not compared: a regenerated key pair is the same one asked for, with a new public key
    public_key_sha256: str | None = field(default=None, compare=False)


def wanted(params: dict[str, Any]) -> KeyPair:
    """The key pair the task asks for, checked beyond what the argspec can say."""
    kind = params["type"]
    size = params["size"] or DEFAULT_SIZE[kind]
    if kind == "rsa":
        v.int_range(360, 4096)(size, "size")
    else:
        v.one_of_ints(*EC_SIZES)(size, "size")
        if params["usage"] != "general":
            raise ValidationError("usage: usage-keys exist for RSA only")
    return KeyPair(
        label=params["label"],
        type=kind,
        size=size,
        usage=params["usage"],
        exportable=params["exportable"],
        storage=params["storage"],
    )


def key_pairs(text: str) -> dict[str, KeyPair]:
    """Key pairs by label, from ``show crypto key mypubkey`` output."""
    by_label: dict[str, list[KeyRecord]] = {}
    for record in read_keys(text):
        by_label.setdefault(record.label, []).append(record)
    return {label: _key_pair(label, records) for label, records in by_label.items()}


def _key_pair(label: str, records: list[KeyRecord]) -> KeyPair:
    first = records[0]
    storage = first.storage or ""
    split = first.type != "ec" and {r.usage for r in records} & _SPLIT_USAGES
    return KeyPair(
        label=label,
        type=first.type,
        size=_size(first),
        usage="usage-keys" if split else "general",
        exportable=first.exportable is True,
        storage=None if storage in _DEFAULT_STORAGE else storage.split()[0],
        public_key_sha256=", ".join(filter(None, map(_public_key_sha256, records))) or None,
    )


def _public_key_sha256(record: KeyRecord) -> str | None:
    try:
        der = ios_hex_to_der("\n".join(record.key_data), f"key {record.label}")
    except ValidationError:
        return None  # no key data listed
    return format_ios_fingerprint(hashlib.sha256(der).hexdigest())


def _size(record: KeyRecord) -> int | None:
    if record.size is None and record.key_data:
        record.public_key()  # unreadable key data: say so rather than plan from a guess
    return record.size


def plan(want: KeyPair, have: KeyPair | None, state: str, force: bool) -> list[Step]:
    if state == "absent":
        return [_zeroize(have)] if have else []
    if have and not force and _same(want, have):
        return []
    steps = []
    if have and have.type != want.type:
        steps.append(_zeroize(have))  # another type under the label: IOS would keep both
        have = None
    steps.append(_generate(want, replacing=have is not None))
    return steps


def _same(want: KeyPair, have: KeyPair) -> bool:
    return (want.type, want.size, want.usage) == (have.type, have.size, have.usage)


def _generate(key: KeyPair, replacing: bool) -> Step:
    if key.type == "rsa":
        words = ["crypto key generate rsa", "general-keys" if key.usage == "general" else key.usage]
        words += ["label", key.label, "modulus", str(key.size)]
    else:
        words = ["crypto key generate ec keysize", str(key.size), "label", key.label]
    if key.exportable:
        words.append("exportable")
    if key.storage:
        words += ["on", key.storage]
    return Step(
        " ".join(words),
        dialog=key_generate_table(key.type),
        answers=key_generate_answers(modulus=key.size, replace=True),
        expected_answers=("yes",) if replacing else (),
    )


def _zeroize(key: KeyPair) -> Step:
    return Step(
        f"crypto key zeroize {key.type} {key.label}",
        dialog=KEY_ZEROIZE,
        expected_answers=("yes",),
    )


def run(task: Task) -> dict[str, Any]:
    params = task.params
    want = wanted(params)
    have = key_pairs(task.session.show(GATHER_COMMAND)).get(want.label)
    steps = plan(want, have, params["state"], params["force"])
    result: dict[str, Any] = {
        "changed": bool(steps),
        "commands": commands(steps),
        "before": _public(have),
    }
    if have and not steps and params["state"] == "present":
        _warn_unchangeable(task, want, have)
    if steps and not task.check_mode:
        with task.progress.wait(_step_name(want, params["state"]), timeout=params["timeout"]):
            task.session.configure(steps, timeout=params["timeout"])
        after = key_pairs(task.session.show(GATHER_COMMAND)).get(want.label)
        _verify(want, after, params["state"], task)
    elif steps:
        after = None if params["state"] == "absent" else want
    else:
        after = have
    save_if_needed(task, bool(steps))
    result["after"] = _public(after)
    result["diff"] = key_diff(want.label, have, after, steps, task.check_mode)
    return result


def _step_name(want: KeyPair, state: str) -> str:
    if state == "absent":
        return f"removing the key pair {want.label}"
    return f"generating {want.size}-bit {want.type.upper()} keys {want.label}"


def _verify(want: KeyPair, after: KeyPair | None, state: str, task: Task) -> None:
    if state == "absent" and after is None:
        return
    if state == "present" and after is not None and _same(want, after):
        return
    raise DeviceError(
        f"key pair {want.label!r} is not as asked after the change: the router lists "
        f"{_public(after) or 'none'}",
        task.transcript_tail(),
    )


def _warn_unchangeable(task: Task, want: KeyPair, have: KeyPair) -> None:
    if want.exportable != have.exportable or (want.storage or None) != have.storage:
        task.warnings.append(
            f"key pair {want.label!r} matches in type and size but not in exportable/storage, "
            "which IOS cannot change on an existing key: set force: true to regenerate it"
        )


def _public(key: KeyPair | None) -> dict[str, Any] | None:
    return asdict(key) if key else None


def key_diff(
    label: str, have: KeyPair | None, after: KeyPair | None, steps: list[Step], check_mode: bool
) -> dict[str, str]:
    title = f"key pair {label}"
    before = _described(title, have, "not listed")
    # check mode plans a key pair the router has not made: its public key is not known yet
    planned = "new, made by the router" if check_mode else "not listed"
    gone = "none (zeroized)" if steps else None
    return diff.diff(title, before, _described(title, after, planned, gone))


def _described(title: str, key: KeyPair | None, no_digest: str, none: str | None = None) -> str:
    if key is None:
        return diff.described(title, none)
    fields = {
        "type": key.type,
        "size": key.size,
        "usage": key.usage,
        "exportable": "yes" if key.exportable else "no",
        "storage": key.storage or "default (private-config)",
        "public key sha256": key.public_key_sha256 or no_digest,
    }
    return diff.described(title, fields)
