"""Check every task value before a router is contacted.

The argspec has already checked types and choices. This walks the validated parameters next to
their argspec and applies two layers:

- every string: no control character (a newline or carriage return would inject CLI lines) and
  no ``?`` (IOS answers it with help instead of taking the line);
- per option, a check from a ``Rules`` table: names, URLs, subject names, fingerprints,
  integer ranges. A check returns the value in its canonical form. A rule keyed by a dotted
  path (``config.enrollment.url``, as the attribute tables of config/ give them) applies to
  that option only; a bare name (``trustpoint``) applies to a top-level option. So an option
  without a rule of its own never borrows another's (``config.ocsp.url`` is not
  ``config.enrollment.url``).

Errors name the option path, e.g. ``config[0].subject_name: ...``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from .errors import ValidationError

Check = Callable[[Any, str], Any]
Rules = Mapping[str, Check]

# C0 and C1 controls, and the Unicode line/paragraph separators str.splitlines() breaks on.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Longer than any IOS CLI value; also keeps a megabyte of input off the wire and the log.
MAX_VALUE_CHARS = 1024
_NAME = re.compile(r"^[A-Za-z0-9_.@-][A-Za-z0-9_.@:/-]*$")
_INTERFACE = re.compile(r"^[A-Za-z][A-Za-z-]*\s?[0-9]+(?:[/.:][0-9]+)*$")
_HOSTNAME_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_FILESYSTEM = re.compile(r"^[a-z][a-z0-9-]*:(?:[^\s]*)$")
_URL_SCHEMES = ("http", "https", "tftp", "ftp", "scp", "rcp", "ldap")
_DN_ATTRIBUTES = {
    "cn", "ou", "o", "l", "st", "c", "e", "ea", "dc", "serialnumber", "sn", "t", "title",
    "gn", "givenname", "initials", "name", "unstructuredname", "unstructuredaddress",
    "street", "postalcode", "pseudonym", "uid", "dnq", "hostname", "ipaddress",
}  # fmt: skip
_FINGERPRINT_LENGTHS = {32: "MD5", 40: "SHA1"}
_CA_FINGERPRINT_LENGTHS = {**_FINGERPRINT_LENGTHS, 64: "SHA256", 96: "SHA384", 128: "SHA512"}


def fail(path: str, reason: str) -> ValidationError:
    return ValidationError(f"{path}: {reason}")


def check_params(
    params: Mapping[str, Any],
    options: Mapping[str, Any],
    rules: Rules,
    *,
    multiline: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Return ``params`` with every value checked and canonical; raise ValidationError.

    ``multiline`` names options (by dotted path, as ``rules``) that legitimately hold several
    lines and never reach the CLI as typed text (``running_config`` for the ``parsed`` state,
    ``ca.ca_certificate``, pasted PEM).
    """
    return {
        key: _check_value(value, options.get(key, {}), rules, key, key, multiline)
        for key, value in params.items()
    }


def _check_value(
    value: Any,
    spec: Mapping[str, Any],
    rules: Rules,
    option: str,
    path: str,
    multiline: frozenset[str] = frozenset(),
) -> Any:
    """``option`` is the option's dotted path without list indices (``config.enrollment.url``),
    ``path`` the value's, with them (``config[0].enrollment.url``)."""
    if value is None or option in multiline:
        return value
    if isinstance(value, list):
        return [
            _check_value(item, spec, rules, option, f"{path}[{index}]", multiline)
            for index, item in enumerate(value)
        ]
    if isinstance(value, Mapping):
        suboptions = spec.get("options", {})
        return {
            sub: _check_value(
                item, suboptions.get(sub, {}), rules, f"{option}.{sub}", f"{path}.{sub}", multiline
            )
            for sub, item in value.items()
        }
    if isinstance(value, str):
        check_line_safe(value, path)
    check = rules.get(option)
    return check(value, path) if check else value


def check_line_safe(value: str, path: str) -> str:
    """Refuse what would break out of one CLI line."""
    if len(value) > MAX_VALUE_CHARS:
        raise fail(path, f"{len(value)} characters is longer than the {MAX_VALUE_CHARS} allowed")
    match = _CONTROL.search(value)
    if match:
        raise fail(
            path, f"control character {match.group()!r} is not allowed (it would inject CLI lines)"
        )
    if "?" in value:
        raise fail(path, "'?' is not allowed: IOS takes it as a request for help")
    return value


def file_source(value: str, path: str) -> tuple[str | None, str]:
    """Where the router reads a file from: ``(host, file)`` of a network URL
    (``tftp://192.0.2.5/r1.p12``), ``(None, file)`` of a file system path (``flash:r1.p12``).

    IOS asks for a host or file the location lacks (``tftp:`` alone prompts for both); such a
    location is refused here, so every answer comes from what the user wrote.
    """
    url(value, path)
    scheme, rest = value.partition(":")[::2]
    if scheme.lower() not in _URL_SCHEMES:  # a file system: flash:, bootflash:dir/ ...
        file = rest.lstrip("/")
        if not file or file.endswith("/"):
            raise fail(path, f"{value!r} names no file (e.g. {scheme}:r1.p12)")
        return None, file
    parts = urlsplit(value)
    if not parts.hostname:
        raise fail(path, f"{value!r} names no host (e.g. {scheme}://192.0.2.5/r1.p12)")
    file = parts.path.lstrip("/")
    if not file or file.endswith("/"):
        raise fail(path, f"{value!r} names no file (e.g. {scheme}://{parts.netloc}/r1.p12)")
    return parts.hostname, file


# --- checks for the Rules tables ------------------------------------------------------------


def ios_name(value: str, path: str) -> str:
    """Trustpoint, profile, key label and VRF names: one word of safe characters."""
    if not value or len(value) > 64 or not _NAME.match(value):
        raise fail(path, f"{value!r} is not a valid name (one word: letters, digits, _ . @ - : /)")
    return value


def url(value: str, path: str) -> str:
    """An enrollment/authentication URL: a network URL or an IOS file system location."""
    if not value or any(c.isspace() for c in value):
        raise fail(path, f"{value!r} is not a valid URL (empty or contains spaces)")
    if "://" not in value:
        if _FILESYSTEM.match(value):
            return value  # flash:, bootflash:certs/, nvram:tp.cer ...
        raise fail(path, f"{value!r} is neither a URL with a scheme nor an IOS file system path")
    try:
        parts = urlsplit(value)
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # a bad IPv6 literal or port
        raise fail(path, f"{value!r} is not a valid URL (IPv6 literal or port): {exc}") from exc
    if parts.scheme.lower() not in _URL_SCHEMES:
        raise fail(path, f"URL scheme {parts.scheme!r} is not one of {', '.join(_URL_SCHEMES)}")
    if not host:
        raise fail(path, f"{value!r} has no host")
    if "[" in parts.netloc:
        _ip(host, path, version=6)
    elif not _is_ip(host) and not _is_hostname(host):
        raise fail(path, f"{value!r}: {host!r} is not a valid host name or address")
    if port is not None and not 0 < port < 65536:
        raise fail(path, f"{value!r}: port out of range")
    return value


def url_of_scheme(*schemes: str) -> Check:
    """A URL (as ``url`` checks it) whose scheme is one of ``schemes``: ``ocsp url`` is HTTP."""

    def _check(value: str, path: str) -> str:
        url(value, path)
        scheme = value.partition(":")[0].lower()
        if "://" not in value or scheme not in schemes:
            raise fail(path, f"{value!r} is not a {' or '.join(schemes)} URL")
        return value

    return _check


def distinguished_name(value: str, path: str) -> str:
    """An X.500 subject as IOS takes it: ``CN=r1.example.com, OU=Net, O=Example, C=US``."""
    if not value.strip():
        raise fail(path, "subject name is empty")
    for rdn in _split_dn(value):
        attribute, sep, content = rdn.partition("=")
        attribute = attribute.strip()
        if not sep or not attribute or not content.strip():
            raise fail(path, f"{rdn.strip()!r} is not of the form attribute=value")
        if attribute.lower() not in _DN_ATTRIBUTES and not re.match(r"^\d+(\.\d+)+$", attribute):
            raise fail(path, f"unknown subject attribute {attribute!r}")
        if attribute.lower() == "c" and not re.match(r"^[A-Za-z]{2}$", content.strip()):
            raise fail(path, f"country must be two letters, got {content.strip()!r}")
    return value.strip()


def fingerprint(value: str, path: str) -> str:
    """A trustpoint ``fingerprint`` line: MD5 or SHA1 hex, any case, spaces or colons;
    canonical is uppercase, no spaces. IOS compares that line only against the MD5 and SHA1
    of the CA it receives (tests/transcripts/GAPS.md), so a SHA-2 value could never match."""
    digits = re.sub(r"[\s:]", "", value).upper()
    if re.fullmatch(r"[0-9A-F]+", digits) and len(digits) in (64, 96, 128):
        name = _CA_FINGERPRINT_LENGTHS[len(digits)]
        raise fail(
            path,
            f"a {name} fingerprint can never match here: IOS compares a trustpoint's "
            "fingerprint only with the CA's MD5 or SHA1. Give the MD5 or SHA1, or pin the "
            f"{name} with netpki.ios.ca_authenticate's fingerprint, which verifies it itself",
        )
    if not re.fullmatch(r"[0-9A-F]+", digits) or len(digits) not in _FINGERPRINT_LENGTHS:
        raise fail(path, f"{value!r} is not an MD5 or SHA1 fingerprint in hex")
    return digits


def ca_fingerprint(value: str, path: str) -> str:
    """A CA pin: MD5, SHA1, SHA256, SHA384 or SHA512 hex (the engine checks the long ones)."""
    digits = re.sub(r"[\s:]", "", value).upper()
    if not re.fullmatch(r"[0-9A-F]+", digits) or len(digits) not in _CA_FINGERPRINT_LENGTHS:
        raise fail(path, f"{value!r} is not an MD5, SHA1, SHA256, SHA384 or SHA512 fingerprint")
    return digits


def interface_name(value: str, path: str) -> str:
    if not _INTERFACE.match(value):
        raise fail(path, f"{value!r} is not an interface name (like GigabitEthernet0/0)")
    return value


def address_or_interface(value: str, path: str) -> str:
    """``ip-address``: an IPv4/IPv6 address, an interface, or ``none``."""
    if value == "none" or _is_ip(value) or _INTERFACE.match(value):
        return value
    raise fail(path, f"{value!r} is not an IP address, an interface name or 'none'")


def fqdn(value: str, path: str) -> str:
    if value == "none" or _is_hostname(value):
        return value
    raise fail(path, f"{value!r} is not a fully qualified domain name or 'none'")


def filesystem(value: str, path: str) -> str:
    """An IOS file system location: ``flash:``, ``nvram:``, ``usbtoken0:``, ``bootflash:certs``."""
    if not _FILESYSTEM.match(value):
        raise fail(path, f"{value!r} is not an IOS file system location (like flash: or nvram:)")
    return value


def file_name(value: str, path: str) -> str:
    """One file name on the controller: no directory part, so nothing lands outside ``dest``."""
    if not value or value in (".", "..") or "/" in value or "\\" in value:
        raise fail(path, f"{value!r} is not a plain file name (no '/', not '.' or '..')")
    return value


def cli_text(value: str, path: str) -> str:
    """Free text on one CLI line (HTTP commands, parameter values): not empty, not padded."""
    if not value.strip() or value != value.strip():
        raise fail(path, "must not be empty nor start or end with spaces")
    return value


def secret_word(value: str, path: str) -> str:
    """A password IOS takes as one word."""
    if not value or any(c.isspace() for c in value):
        raise fail(path, "must be one word without spaces")
    return value


def int_range(low: int, high: int) -> Check:
    def _check(value: int, path: str) -> int:
        if not low <= value <= high:
            raise fail(path, f"{value} is out of range {low}-{high}")
        return value

    return _check


def one_of_ints(*allowed: int) -> Check:
    def _check(value: int, path: str) -> int:
        if value not in allowed:
            raise fail(path, f"{value} is not one of {', '.join(map(str, allowed))}")
        return value

    return _check


def unique_names(blocks: Sequence[Mapping[str, Any]], noun: str) -> None:
    """Each block of a ``config`` list names a different one: a second would silently win."""
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        if block["name"] in seen:
            raise fail(f"config[{index}].name", f"{noun} {block['name']!r} is listed twice")
        seen.add(block["name"])


# --- helpers ---------------------------------------------------------------------------------


def _split_dn(value: str) -> list[str]:
    # Commas separate RDNs unless escaped with a backslash.
    return re.split(r"(?<!\\),", value)


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _ip(value: str, path: str, version: int) -> None:
    try:
        address = ipaddress.ip_address(value)
    except ValueError as exc:
        raise fail(path, f"{value!r} is not a valid IPv{version} address") from exc
    if address.version != version:
        raise fail(path, f"{value!r} is not a valid IPv{version} address")


def _is_hostname(value: str) -> bool:
    labels = value.rstrip(".").split(".")
    return len(value) <= 253 and all(_HOSTNAME_LABEL.match(label) for label in labels)
