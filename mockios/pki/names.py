"""Distinguished names: IOS `subject-name` strings in, IOS show lines out."""

from __future__ import annotations

import ipaddress

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier

UNSTRUCTURED_ADDRESS = ObjectIdentifier("1.2.840.113549.1.9.8")

# Keywords accepted in `subject-name`, and the names IOS uses when it shows them.
_KEYWORDS: dict[str, ObjectIdentifier] = {
    "CN": NameOID.COMMON_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "O": NameOID.ORGANIZATION_NAME,
    "L": NameOID.LOCALITY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "C": NameOID.COUNTRY_NAME,
    "E": NameOID.EMAIL_ADDRESS,
    "EA": NameOID.EMAIL_ADDRESS,
    "EMAIL": NameOID.EMAIL_ADDRESS,
    "DC": NameOID.DOMAIN_COMPONENT,
    "SERIALNUMBER": NameOID.SERIAL_NUMBER,
    "UNSTRUCTUREDNAME": NameOID.UNSTRUCTURED_NAME,
    "HOSTNAME": NameOID.UNSTRUCTURED_NAME,
    "IPADDRESS": UNSTRUCTURED_ADDRESS,
}
_SHOWN_AS: dict[ObjectIdentifier, str] = {
    NameOID.COMMON_NAME: "cn",
    NameOID.ORGANIZATIONAL_UNIT_NAME: "ou",
    NameOID.ORGANIZATION_NAME: "o",
    NameOID.LOCALITY_NAME: "l",
    NameOID.STATE_OR_PROVINCE_NAME: "st",
    NameOID.COUNTRY_NAME: "c",
    NameOID.EMAIL_ADDRESS: "e",
    NameOID.DOMAIN_COMPONENT: "dc",
    NameOID.SERIAL_NUMBER: "serialNumber",
    NameOID.UNSTRUCTURED_NAME: "hostname",
    UNSTRUCTURED_ADDRESS: "ipaddress",
}


class SubjectError(ValueError):
    """A `subject-name` the router cannot turn into a distinguished name."""


def parse_subject(text: str) -> list[x509.NameAttribute]:
    """`CN=R1, OU=Ops, O=Lab` into attributes, in the order typed."""
    attributes = []
    for part in _split_unescaped(text):
        key, sep, value = part.partition("=")
        oid = _KEYWORDS.get(key.strip().upper())
        if not sep or oid is None or not value.strip():
            raise SubjectError(f"bad subject name element {part.strip()!r}")
        attributes.append(x509.NameAttribute(oid, value.strip()))
    return attributes


def build_name(
    subject_name: str | None,
    fqdn: str | None,
    serial: str | None,
    ip: str | None,
) -> x509.Name:
    """The subject IOS puts in a request: the configured DN plus hostname/serial/IP.

    The typed DN is most-specific first (RFC 4514), so the DER order is its reverse;
    the router's own attributes come last when read back, as IOS shows them.
    """
    typed = parse_subject(subject_name) if subject_name else []
    extras = []
    if fqdn:
        extras.append(x509.NameAttribute(NameOID.UNSTRUCTURED_NAME, fqdn))
    if serial:
        extras.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    if ip:
        extras.append(x509.NameAttribute(UNSTRUCTURED_ADDRESS, ip))
    ordered = list(reversed(extras)) + list(reversed(typed))
    return x509.Name([x509.RelativeDistinguishedName([a]) for a in ordered])


def shown_attributes(name: x509.Name) -> list[tuple[str, str]]:
    """(keyword, value) pairs in the order IOS prints them (reverse of DER order)."""
    pairs = []
    for rdn in reversed(list(name.rdns)):
        for attribute in rdn:
            keyword = _SHOWN_AS.get(attribute.oid, f"OID.{attribute.oid.dotted_string}")
            pairs.append((keyword, str(attribute.value)))
    return pairs


def subject_lines(name: x509.Name, name_from_cn: bool = False) -> list[str]:
    """Lines under `Subject:`: the `Name:`/`IP Address:`/`Serial Number:` summary, then DN.

    `Name:` shows the hostname attribute; with ``name_from_cn`` (an installed router or
    self-signed certificate) a subject without one shows its CN there, as in Cisco's
    `Name: IOS-Self-Signed-Certificate-3326000105` example.
    """
    pairs = shown_attributes(name)
    summary = []
    for keyword, label in (
        ("hostname", "Name"),
        ("ipaddress", "IP Address"),
        ("serialNumber", "Serial Number"),
    ):
        summary += [f"{label}: {value}" for key, value in pairs if key == keyword]
    cns = [value for key, value in pairs if key == "cn"]
    if name_from_cn and cns and not any(key == "hostname" for key, _ in pairs):
        summary.insert(0, f"Name: {cns[0]}")
    return summary + [f"{key}={value}" for key, value in pairs]


def dn_lines(name: x509.Name) -> list[str]:
    return [f"{key}={value}" for key, value in shown_attributes(name)]


def one_line(name: x509.Name) -> str:
    """`cn=Lab Issuing CA,o=netpki lab`: the comma-joined DN of trustpoint shows."""
    return ",".join(f"{key}={value}" for key, value in shown_attributes(name))


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if values:
        return str(values[0].value)
    fallback = name.get_attributes_for_oid(NameOID.UNSTRUCTURED_NAME)
    return str(fallback[0].value) if fallback else ""


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _split_unescaped(text: str) -> list[str]:
    parts, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            parts.append(current)
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current)
    return parts
