"""`crypto key generate rsa|ec` and `crypto key zeroize`."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from mockios.dialog import Ask, Dialog

from . import keys
from .answers import yes_no
from .cli_options import OptionError, Options, error_text, parse_options
from .install import remove_certs_of_keys
from .key_store import save_keys
from .keygen_pause import keygen_pause
from .trustpoint_keys import default_key_label

if TYPE_CHECKING:
    from mockios.device import Device
    from mockios.registry import CommandContext

EC_SIZES = (256, 384, 521)
REPLACE_QUESTION = "% Do you really want to replace them? [yes/no]: "
ZEROIZE_QUESTION = "Do you really want to remove these keys? [yes/no]: "


def _modulus_range(flavor: str) -> tuple[int, int]:
    """(minimum, default) as each release proposes them."""
    return (512, 2048) if flavor == "iosxe17" else (360, 512)


def _modulus_question(flavor: str, purpose: str) -> str:
    low, default = _modulus_range(flavor)
    return (
        f"Choose the size of the key modulus in the range of {low} to 4096 for your\n"
        f"  {purpose} Keys. Choosing a key modulus greater than 512 may take\n"
        "  a few minutes.\n\n"
        f"How many bits in the modulus [{default}]: "
    )


def _ask_modulus(flavor: str, purpose: str) -> Dialog:
    low, default = _modulus_range(flavor)
    while True:
        answer = ((yield Ask("modulus", _modulus_question(flavor, purpose))) or "").strip()
        if not answer:
            return default
        if answer.isdigit() and low <= int(answer) <= 4096:
            return int(answer)
        yield f"% Invalid modulus size. Please use a value between {low} and 4096.\n"


def _rest_offset(ctx: CommandContext, rest: str | None) -> int:
    line = ctx.line
    return line.rfind(rest) if rest else len(line)


def generate_rsa(ctx: CommandContext) -> Dialog | str:
    rest = ctx.args[0] if ctx.args else None
    try:
        options = parse_options(
            rest,
            ("general-keys", "usage-keys", "exportable", "redundancy"),
            {"label": "word", "modulus": "num", "on": "word"},
        )
    except OptionError as error:
        return error_text(ctx, error, _rest_offset(ctx, rest))
    low = _modulus_range(ctx.device.flavor)[0]
    if "modulus" in options.values and not low <= int(options.values["modulus"]) <= 4096:
        bad = OptionError(options.columns["modulus"])  # the parser knows the range
        return error_text(ctx, bad, _rest_offset(ctx, rest))
    return _generate(ctx, "rsa", options.values.get("label"), options)


def generate_ec(ctx: CommandContext) -> Dialog | str:
    rest = ctx.args[0] if ctx.args else None
    try:
        options = parse_options(
            rest, ("exportable", "redundancy"), {"keysize": "num", "label": "word", "on": "word"}
        )
    except OptionError as error:
        return error_text(ctx, error, _rest_offset(ctx, rest))
    if "keysize" not in options.values:
        return "% Incomplete command.\n\n"
    size = int(options.values["keysize"])
    if size not in EC_SIZES:
        bad = OptionError(options.columns["keysize"])
        return error_text(ctx, bad, _rest_offset(ctx, rest))
    options.values["modulus"] = str(size)
    return _generate(ctx, "ec", options.values.get("label"), options)


def _generate(ctx: CommandContext, kind: str, label: str | None, options: Options) -> Dialog | str:
    device = ctx.device
    label = label or default_key_label(device)
    if label is None:
        return "% Please define a domain-name first.\n"
    return _generate_dialog(device, kind, label, options)


def _generate_dialog(device: Device, kind: str, label: str, options: Options) -> Dialog:
    if kind == "ec":
        return (yield from _generate_ec(device, label, options))
    return (yield from _generate_rsa(device, label, options))


def _generate_ec(device: Device, label: str, options: Options) -> Dialog:
    """Real IOS-XE prints the name (or asks to replace) and returns to the prompt: no
    `% Generating` line, no `[OK]` (issue 11 fact 1; tests/transcripts/keys/)."""
    existing = device.keys.get(label)
    if existing is not None:
        yield f"% You already have EC keys defined named {label}.\n"
        if not (yield from yes_no("replace_keys", REPLACE_QUESTION)):
            return ""
    else:
        yield f"The name for the keys will be: {label}\n\n"
    size = int(options.values["modulus"])
    yield from keygen_pause(device, "ec", size)
    _store(device, existing, keys.new_keypair(label, "ec", size, **_stored_as(options, existing)))
    return ""


def _generate_rsa(device: Device, label: str, options: Options) -> Dialog:
    flavor = device.flavor
    values, flags = options.values, options.flags
    existing = device.keys.get(label)
    given = values.get("modulus")
    if existing is not None:
        # It names the keys it replaces: `EC keys` over an EC pair (real IOS-XE 17,
        # tests/transcripts/keys/genielibs_rsa_4096_exportable_replaces_ec.yml).
        yield f"% You already have {existing.kind.upper()} keys defined named {label}.\n"
        if flavor == "iosxe17" and given:
            yield "% They will be replaced.\n"
        elif not (yield from yes_no("replace_keys", REPLACE_QUESTION)):
            return ""
    else:
        yield f"The name for the keys will be: {label}\n"
    usage_keys = "usage-keys" in flags
    if given:
        size = encryption_size = int(given)
        yield f"\n% The key modulus size is {size} bits\n"
    else:
        purposes = ("Signature", "Encryption") if usage_keys else ("General Purpose",)
        sizes = []
        for purpose in purposes:
            sizes.append((yield from _ask_modulus(flavor, purpose)))
        size = sizes[0]
        encryption_size = sizes[-1]
    state = "exportable" if "exportable" in flags else "non-exportable"
    started = time.monotonic()
    sizes = (size, encryption_size) if usage_keys else (size,)
    for bits in sizes:
        yield f"% Generating {bits} bit RSA keys, keys will be {state}...\n"
    yield from keygen_pause(device, "rsa", *sizes)
    pair = keys.new_keypair(
        label,
        "rsa",
        size,
        usage_keys=usage_keys,
        encryption_size=encryption_size,
        **_stored_as(options, existing),
    )
    _store(device, existing, pair)
    elapsed = int(time.monotonic() - started)
    # IOS-XE leaves a blank line between `[OK]` and the prompt (tests/transcripts/keys/).
    blank = "" if flavor == "ios15" else "\n"
    return f"[OK] (elapsed time was {elapsed} seconds)\n{blank}"


def _stored_as(options: Options, existing: keys.KeyPair | None) -> dict:
    """How the new pair is kept, from the command's options (`new_keypair` keywords)."""
    return {
        "exportable": "exportable" in options.flags,
        "storage": options.values.get("on"),
        "replacing": existing,
    }


def _store(device: Device, existing: keys.KeyPair | None, pair: keys.KeyPair) -> None:
    """The pair replaces the label's old one, whose certificates go with it."""
    device.keys[pair.label] = pair
    if existing is not None:
        remove_certs_of_keys(device, existing.public_ders())
    save_keys(device)


def zeroize(ctx: CommandContext) -> Dialog | str:
    """`crypto key zeroize [rsa|ec] [LABEL]`."""
    device = ctx.device
    words = ctx.args[0].split() if ctx.args else []
    kind = None
    if words and words[0].lower() in ("rsa", "ec"):
        kind = words.pop(0).lower()
    label = words[0] if words else None
    chosen = {
        name: pair
        for name, pair in device.keys.items()
        if (kind is None or pair.kind == kind) and (label is None or name == label)
    }
    if not chosen:
        if label:
            return f"% {(kind or 'rsa').upper()} keypair {label} does not exist.\n"
        return f"% No Signature {(kind or 'rsa').upper()} Keys found in configuration.\n"
    return _zeroize_dialog(device, chosen, kind, label)


def _zeroize_dialog(device: Device, chosen: dict, kind: str | None, label: str | None) -> Dialog:
    if label:
        yield f"% Keys to be removed are named '{label}'.\n"
    else:
        yield f"% All {kind.upper() + ' ' if kind else ''}keys will be removed.\n"
    yield "% All router certs issued using these keys will also be removed.\n"
    if not (yield from yes_no("zeroize_confirm", ZEROIZE_QUESTION)):
        return ""
    ders: set[bytes] = set()
    for name, pair in chosen.items():
        ders |= pair.public_ders()
        del device.keys[name]
    remove_certs_of_keys(device, ders)
    save_keys(device)
    return ""
