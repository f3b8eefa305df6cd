"""The allowed differences between a transcript and mockios (README.md, `allowed_differences`).

``normalise(text, allowed)`` rewrites, in both texts, only what the named kinds cover: values
that differ from router to router (dates, key data, serials, ...). Everything else, whitespace
included, must then be equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_DN_KEYS = r"(?:cn|o|ou|l|st|c|e|dc|serialNumber|hostname|ipaddress|unstructuredName|OID[\d.]+)"


def _collapse(placeholder: str, text: str) -> str:
    # A run of lines that normalise alike is one line: lengths differ with key sizes and DNs.
    out: list[str] = []
    for line in text.split("\n"):
        if placeholder in line and out and out[-1] == line:
            continue
        out.append(line)
    return "\n".join(out)


def _key_data(text: str) -> str:
    text = re.sub(r"(?m)^([ \t]+)[0-9A-F]{1,8}(?: [0-9A-F]{1,8})*( ?)$", r"\1<hex>\2", text)
    return _collapse("<hex>", text)


def _subject(text: str) -> str:
    text = re.sub(rf"(?m)^([ \t]*){_DN_KEYS}[ ]?=[ ]?[^\n]*?( ?)$", r"\1<dn>\2", text)
    text = re.sub(r"(?m)^([ \t]+Name: )[^\n]*?( ?)$", r"\1<name>\2", text)
    return _collapse("<dn>", text)


def _certificate_blob(text: str) -> str:
    text = re.sub(r"(?m)^([ \t]*)[A-Za-z0-9+/=]{40,}[ \t]*$", r"\1<base64>", text)
    return _collapse("<base64>", text)


_RULES: dict[str, Callable[[str], str]] = {
    "key_data": _key_data,
    "certificate_blob": _certificate_blob,
    "fingerprints": lambda t: re.sub(r"\b[0-9A-F]{8}(?: [0-9A-F]{8}){3,7}\b", "<fp>", t),
    "timestamps": lambda t: re.sub(
        r"\|[ \t]*(?:\d+d[ ]?)?(?:\d+:){0,2}\d+\.\d{3}",
        "|<countdown>",
        re.sub(
            r"\d{4}-\d\d-\d\dT[\d:.]+Z",
            "<iso>",
            re.sub(
                r"\d{1,2}:\d\d:\d\d(?:\.\d+)? [A-Za-z]{2,6} [A-Z][a-z]{2} \d{1,2} \d{4}",
                "<date>",
                t,
            ),
        ),
    ),
    "serials": lambda t: re.sub(r"(Serial Number(?: \(hex\))?: ?)[^\s]+", r"\1<serial>", t),
    "elapsed_time": lambda t: re.sub(r"elapsed time was \d+ seconds?", "elapsed time was N", t),
    "trustpoint_name": lambda t: re.sub(
        r"(Associated Trustpoints?: )[^\n]*?( ?)$",
        r"\1<tps>\2",
        re.sub(r"(?m)^(Trustpoint )\S+:", r"\1<tp>:", t),
        flags=re.M,
    ),
    "key_label": lambda t: re.sub(
        r"(Key name: |Using key label |The name for the keys will be: )\S+", r"\1<label>", t
    ),
    "subject": _subject,
    "hostname": lambda t: re.sub(r"(?m)^[\w.-]+(?=(?:\([\w-]+\))?[#>])", "<host>", t),
    "ip_address": lambda t: re.sub(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", "<ip>", t),
    "indentation": lambda t: re.sub(r"(?m)^[ \t]+", "", t),
}
# Applied in the order written above: the wide rewrites (key data, blobs) before the narrow
# ones that could split them.
NORMALISERS = tuple(_RULES)


def normalise(text: str, allowed: Iterable[str]) -> str:
    text = text.replace("\r\n", "\n")
    wanted = set(allowed)
    unknown = wanted - set(_RULES)
    if unknown:
        raise ValueError(f"no normaliser for {sorted(unknown)}")
    for name in NORMALISERS:
        if name in wanted:
            text = _RULES[name](text)
    return text
