"""The sub-commands of ca-trustpoint and ca-profile-enroll modes, one entry per attribute.

An entry says what IOS accepts (``cli``, in the registry's spec language), the fields it sets
on the ``Trustpoint`` or ``EnrollmentProfile`` and their defaults, how the typed words become
those values (``read``), and the lines ``show running-config`` prints for them (``show``).
Entries are in the order IOS prints the lines. ``config_model`` takes the fields,
``commands_pki_config`` the commands and ``render_config`` the lines from these tables, so an
attribute is one entry here. ``no <keywords>`` resets the entry's fields to their defaults.

This is the simulator's own table, written from Cisco's documentation and real captures; it
shares nothing with the collection (it is what the collection is tested against).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Words = list[str]  # the words typed; args are the words the spec's placeholders took
_TYPE7_KEY = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def type7_encode(secret: str, salt: int = 2) -> str:
    """IOS `password 7` encoding, so the running config never shows the plain value."""
    out = f"{salt:02d}"
    for index, char in enumerate(secret):
        out += f"{ord(char) ^ ord(_TYPE7_KEY[(salt + index) % len(_TYPE7_KEY)]):02X}"
    return out


@dataclass(frozen=True)
class BlockAttribute:
    cli: str  # "enrollment retry period NUM"
    defaults: Mapping[str, Any]  # the fields it sets, and their values when unset
    read: Callable[[Words, Words], Mapping[str, Any]]  # (args, words) -> field values
    show: Callable[[Any], str | list[str] | None]  # the block -> its line(s) in running-config
    method: bool = False  # an enrollment method: url, terminal, selfsigned, pkcs12, profile
    merge: bool = False  # a dict field that each command adds one item to (profile parameters)
    # The `no` form when it is not `no <keywords> ...`, and what it does then.
    no_cli: str | None = None
    clear: Callable[[Any, Words], None] | None = None

    @property
    def no(self) -> str:
        """The `no` form: ``no <keywords> LINE?`` (whatever follows the keywords is ignored)."""
        keywords = " ".join(w for w in self.cli.split() if w.islower() and not w.endswith("?"))
        return self.no_cli or f"no {keywords} LINE?"

    def lines(self, block: Any) -> list[str]:
        shown = self.show(block)
        return [shown] if isinstance(shown, str) else list(shown or [])


def _value(cli: str, field: str, convert: Callable[[str], Any] = str, method: bool = False):
    """``KEYWORDS VALUE``, printed back as typed: ``fqdn r1.example.com``."""
    keywords = " ".join(w for w in cli.split() if w.islower())
    return BlockAttribute(
        cli,
        {field: None},
        lambda args, words: {field: convert(args[0])},
        lambda tp: None if getattr(tp, field) is None else f" {keywords} {getattr(tp, field)}",
        method=method,
    )


def _flag(cli: str, field: str, method: bool = False):
    """A line that is there or not: ``enrollment selfsigned``."""
    return BlockAttribute(
        cli,
        {field: False},
        lambda args, words: {field: True},
        lambda tp: f" {cli}" if getattr(tp, field) else None,
        method=method,
    )


def _rsakeypair(args: Words, words: Words) -> dict[str, Any]:
    label, *sizes = args
    numbers = [int(s) for s in sizes] + [None, None]
    return {"rsakeypair": (label, numbers[0], numbers[1])}


def _show_rsakeypair(tp: Any) -> str | None:
    if not tp.rsakeypair:
        return None
    return " rsakeypair " + " ".join(str(p) for p in tp.rsakeypair if p is not None)


def _show_auto_enroll(tp: Any) -> str | None:
    if tp.auto_enroll is None:
        return None
    percent, regenerate = tp.auto_enroll
    parts = ["auto-enroll"] + ([str(percent)] if percent is not None else [])
    return " " + " ".join(parts + (["regenerate"] if regenerate else []))


TRUSTPOINT_ATTRIBUTES: tuple[BlockAttribute, ...] = (
    BlockAttribute(
        "enrollment terminal pem?",
        {"enrollment_terminal": False, "enrollment_pem": False},
        lambda args, words: {"enrollment_terminal": True, "enrollment_pem": words[-1] == "pem"},
        lambda tp: (" enrollment terminal pem" if tp.enrollment_pem else " enrollment terminal")
        if tp.enrollment_terminal
        else None,
        method=True,
    ),
    _flag("enrollment selfsigned", "enrollment_selfsigned", method=True),
    _flag("enrollment pkcs12", "enrollment_pkcs12", method=True),
    _value("enrollment profile WORD", "enrollment_profile", method=True),
    _flag("enrollment mode ra", "enrollment_mode_ra"),
    _value("enrollment retry period NUM", "enrollment_retry_period", int),
    _value("enrollment retry count NUM", "enrollment_retry_count", int),
    _value("enrollment url URL", "enrollment_url", method=True),
    _value("enrollment http-proxy LINE", "enrollment_http_proxy"),
    BlockAttribute(
        "serial-number none?",
        {"serial_number": None},  # None | "" (plain `serial-number`) | "none"
        lambda args, words: {"serial_number": "none" if words[-1] == "none" else ""},
        lambda tp: None
        if tp.serial_number is None
        else " serial-number none"
        if tp.serial_number == "none"
        else " serial-number",
    ),
    _value("fqdn LINE", "fqdn"),
    _value("ip-address LINE", "ip_address"),  # an address, an interface or "none"
    BlockAttribute(
        "password LINE",
        {"password": None},
        lambda args, words: {"password": args[0]},
        lambda tp: None if tp.password is None else f" password 7 {type7_encode(tp.password)}",
    ),
    _value("fingerprint LINE", "fingerprint"),
    BlockAttribute(
        "subject-name LINE?",
        {"subject_name": None},  # "" means plain `subject-name`
        lambda args, words: {"subject_name": args[0] if args else ""},
        lambda tp: None if tp.subject_name is None else f" subject-name {tp.subject_name}".rstrip(),
    ),
    _value("subject-alt-name LINE", "subject_alt_name"),
    _value("usage LINE", "usage"),
    _value("source interface LINE", "source_interface"),
    _value("vrf WORD", "vrf"),
    BlockAttribute(
        "revocation-check LINE",
        {"revocation_check": []},
        lambda args, words: {"revocation_check": args[0].split()},
        lambda tp: " revocation-check " + " ".join(tp.revocation_check)
        if tp.revocation_check
        else None,
    ),
    # `ocsp url URL` (ca-trustpoint mode): the OCSP server to ask instead of the one in the
    # certificate's AIA extension. Source: Cisco IOS Security Command Reference, "ocsp url"
    # (syntax `ocsp url http-url`, ca-trustpoint configuration mode); running-config prints
    # the line as typed, ` ocsp url http://...`. Not in the reference notes nor in a capture
    # found so far: where IOS prints it among the other lines (here after revocation-check) is
    # unconfirmed, and would move with a capture.
    _value("ocsp url URL", "ocsp_url"),
    BlockAttribute(
        "rsakeypair WORD NUM? NUM?",
        {"rsakeypair": None},  # (label, modulus, encryption modulus)
        _rsakeypair,
        _show_rsakeypair,
    ),
    _value("eckeypair WORD", "eckeypair"),
    _value("storage WORD", "storage"),
    _value("on WORD", "on"),
    _value("hash WORD", "hash"),
    BlockAttribute(
        "auto-enroll NUM? regenerate?",
        {"auto_enroll": None},  # (percent, regenerate)
        lambda args, words: {
            "auto_enroll": (int(args[0]) if args else None, words[-1] == "regenerate")
        },
        _show_auto_enroll,
    ),
    _flag("regenerate", "regenerate"),
)


def _profile_section(section: str) -> tuple[BlockAttribute, ...]:
    """``authentication`` and ``enrollment`` take the same url, command and terminal lines."""
    return (
        _value(f"{section} url URL", f"{section}_url"),
        _value(f"{section} command LINE", f"{section}_command"),
        _flag(f"{section} terminal", f"{section}_terminal"),
    )


PROFILE_ATTRIBUTES: tuple[BlockAttribute, ...] = (
    *_profile_section("authentication"),
    *_profile_section("enrollment"),
    _value("enrollment credential WORD", "enrollment_credential"),
    BlockAttribute(
        "parameter NUM value LINE",
        {"parameters": {}},  # number -> value
        lambda args, words: {"parameters": {int(args[0]): args[1]}},
        lambda profile: [
            f" parameter {number} value {value}"
            for number, value in sorted(profile.parameters.items())
        ],
        merge=True,
        no_cli="no parameter NUM LINE?",
        clear=lambda profile, args: profile.parameters.pop(int(args[0]), None),
    ),
)
