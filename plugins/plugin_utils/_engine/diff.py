"""The ``--diff`` of every module that changes the router: one shape, one way to write a thing.

Ansible's standard form: ``before`` and ``after`` texts, with headers naming what they
describe; the default callback prints them as a unified diff. A thing is written as its title
and one ``  name: value`` line per field, or ``title: none``, or ``title: <note>`` when only a
sentence is honest (check mode cannot know the serial the CA will give). Only facts go in; the
action base masks every result, the diff included, and drops the diff unless ``--diff`` is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ROUTER_CERTIFICATE = "router certificate"
CA_CERTIFICATE = "CA certificate"
REQUEST = "certificate request"


def diff(header: str, before: str, after: str) -> dict[str, str]:
    return {"before_header": header, "after_header": header, "before": before, "after": after}


def described(title: str, fields: Mapping[str, Any] | str | None) -> str:
    """``title: none`` (None), ``title: note`` (a string), else the title and its fields."""
    if fields is None:
        return f"{title}: none\n"
    if isinstance(fields, str):
        return f"{title}: {fields}\n"
    return f"{title}:\n" + "".join(f"  {name}: {value}\n" for name, value in fields.items())


def certificate(title: str, summary: Mapping[str, Any] | str | None) -> str:
    """A certificate by its subject, serial, expiry and SHA-256 fingerprint, from the
    ``certificate_summary`` the module returns (or None, or a note)."""
    if isinstance(summary, Mapping):
        summary = {
            "subject": summary["subject_string"],
            "serial": summary["serial"],
            "not_after": summary["not_after"],
            "sha256": summary["fingerprints"]["sha256"],
        }
    return described(title, summary)


def trustpoint_diff(trustpoint: str, before: str, after: str) -> dict[str, str]:
    """The diff of what a trustpoint holds (its certificates, a pending request)."""
    return diff(f"trustpoint {trustpoint}", before, after)
