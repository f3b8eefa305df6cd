"""``crypto pki import``: install issued certificates (paste, PEM bundle, PKCS#12).

- ``certificate``: the router certificate signed for the trustpoint's key (after terminal
  enrollment). Idempotent by fingerprint. Before anything is pasted it must certify the
  trustpoint's key pair (``show crypto key mypubkey all``) and be issued by the trustpoint's
  CA (signature checked with ``cryptography``).
- ``pem``: CA certificate, encrypted private key and certificate as three pastes; the key is
  converted to the legacy DES3 PEM envelope older IOS releases read. Idempotent by the
  certificate's fingerprint.
- ``pkcs12``: the router fetches a PKCS#12 file from a URL. The file is not visible to the
  controller, so a trustpoint that already holds a certificate is left alone unless ``force``.
- ``from_enrollment_url``: file enrollment (``enrollment url tftp://HOST/PATH`` or
  ``flash:PATH``); the router reads the granted certificate from ``PATH.crt``. The controller
  reads the same file first, through the router (``more``), and checks it as for
  ``certificate``: idempotent by fingerprint, key and CA checked before the import.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..dialogs.tables import IMPORT_CERTIFICATE, IMPORT_PEM, IMPORT_PKCS12, pkcs12_answers
from ..errors import DeviceError, ValidationError, VerificationError
from ..facts.enrollment_files import CERTIFICATE_SUFFIX, file_path, file_url, read_text
from ..facts.trustpoint import TrustpointFacts, check_mode_preview, gather
from ..facts.trustpoint_key import gather_key
from ..steps import Step
from ..task import Task
from ..x509.certs import (
    certificate_fingerprints,
    certificate_summary,
    certificate_to_pem,
    legacy_encrypted_key_pem,
    load_certificate,
    load_private_key,
    require_ca,
    require_chain,
    require_key_match,
)

if TYPE_CHECKING:  # cryptography is imported lazily by certs (sanity import test)
    from cryptography import x509

_LEGACY_KEY = re.compile(r"Proc-Type:\s*4,ENCRYPTED.*?DEK-Info:\s*DES-EDE3-CBC", re.DOTALL)

VALUE_RULES: v.Rules = {"trustpoint": v.ios_name}


def check_inputs(params: dict[str, Any]) -> dict[str, Any]:
    """Load and check every input before connecting; returns the certificates to install."""
    loaded: dict[str, Any] = {}
    if params.get("certificate"):
        loaded["certificate"] = load_certificate(params["certificate"], "certificate")
    pem = params.get("pem")
    if pem:
        _one_word(pem["passphrase"], "pem.passphrase")
        loaded["ca"] = load_certificate(pem["ca_certificate"], "pem.ca_certificate")
        require_ca(loaded["ca"], "pem.ca_certificate")
        loaded["certificate"] = load_certificate(pem["certificate"], "pem.certificate")
        require_chain(loaded["certificate"], loaded["ca"], "pem.certificate")
        # One clean key block that belongs to the certificate: it is pasted as it is.
        load_private_key(
            pem["private_key"], pem["passphrase"], "pem.private_key", loaded["certificate"]
        )
        loaded["private_key"] = _device_key(pem)
    pkcs12 = params.get("pkcs12")
    if pkcs12:
        v.check_line_safe(pkcs12["url"], "pkcs12.url")
        loaded["pkcs12_source"] = v.file_source(pkcs12["url"], "pkcs12.url")
        _one_word(pkcs12["passphrase"], "pkcs12.passphrase")
    if params.get("from_enrollment_url") is False and not (
        pem or pkcs12 or params.get("certificate")
    ):
        raise ValidationError(
            "from_enrollment_url: false leaves nothing to import; give certificate, pem, pkcs12 "
            "or from_enrollment_url: true"
        )
    return loaded


def run(task: Task) -> dict[str, Any]:
    params = task.params
    name = params["trustpoint"]
    loaded = check_inputs(params)
    facts = gather(task.session, name)
    preview = check_mode_preview(
        task, facts, f"crypto pki import {name}", facts.exists, diff.ROUTER_CERTIFICATE
    )
    if preview is not None:
        return preview
    facts.require()
    if params.get("certificate"):
        command, dialog, answers = _certificate_step(task, facts, loaded["certificate"])
    elif params.get("pem"):
        command, dialog, answers = _pem_step(facts, params["pem"], loaded, params["force"])
    elif params.get("from_enrollment_url"):
        loaded["certificate"] = _granted_certificate(task, facts)
        command, dialog, answers = _certificate_step(task, facts, loaded["certificate"])
        answers = {}  # the router reads PATH.crt itself: nothing is pasted
    else:
        command, dialog, answers = _pkcs12_step(
            facts, params["pkcs12"], loaded["pkcs12_source"], params["force"]
        )
    result: dict[str, Any] = {"trustpoint": name, "changed": False, "commands": []}
    before = facts.described(diff.ROUTER_CERTIFICATE)
    wanted = loaded.get("certificate")
    if command is None:
        return _finish(task, result, facts, before)
    result["commands"] = [command]
    result["changed"] = True
    if task.check_mode:
        result["certificate"] = certificate_summary(wanted) if wanted is not None else None
        # A PKCS#12 file is read by the router only: its certificate is unknown until then.
        planned = result["certificate"] or "the one in the PKCS#12 file (read by the router)"
        result["diff"] = _diff(name, before, planned)
        return result
    task.session.configure(
        [Step(command, dialog, answers=answers)],
        timeout=max(task.session.settings.command_timeout, 60),
    )
    after = gather(task.session, name)
    if after.router is None or (wanted is not None and after.router.cert != wanted):
        raise DeviceError(
            f"the router reported the import into {name} as done but does not hold the certificate",
            task.transcript_tail(),
        )
    return _finish(task, result, after, before)


# --- the three ways -------------------------------------------------------------------------


def _certificate_step(task: Task, facts: TrustpointFacts, cert: x509.Certificate):
    if facts.router is not None and facts.router.cert == cert:
        return None, None, None
    if facts.ca is None:
        raise ValidationError(
            f"trustpoint {facts.name} has no CA certificate: authenticate the CA first "
            "(netpki.ios.ca_authenticate)"
        )
    require_chain(cert, facts.ca.cert, "certificate")
    key = gather_key(task.session, facts)
    if key is None:
        raise VerificationError(
            f"certificate: trustpoint {facts.name} has no key pair on the router to match it"
        )
    require_key_match(cert, key.public_key, "certificate")
    return (
        f"crypto pki import {facts.name} certificate",
        IMPORT_CERTIFICATE,
        {"certificate": certificate_to_pem(cert)},
    )


def _granted_certificate(task: Task, facts: TrustpointFacts) -> x509.Certificate:
    """The certificate the CA left at ``PATH.crt``, read through the router."""
    url = file_url(facts)
    if url is None:
        raise ValidationError(
            f"from_enrollment_url: trustpoint {facts.name} does not enroll through a file "
            "(enrollment url tftp://HOST/PATH or flash:PATH)"
        )
    path = file_path(url, facts.name, CERTIFICATE_SUFFIX)
    return load_certificate(read_text(task.session, path, "from_enrollment_url"), path)


def _pem_step(facts: TrustpointFacts, pem: dict[str, Any], loaded: dict[str, Any], force: bool):
    cert = loaded["certificate"]
    if facts.router is not None and facts.router.cert == cert and not force:
        return None, None, None
    if facts.ca is not None and facts.ca.cert != loaded["ca"]:
        raise VerificationError(
            f"trustpoint {facts.name} holds a different CA certificate "
            f"(SHA1 {certificate_fingerprints(facts.ca.cert)['sha1']}); the bundle's CA is "
            f"SHA1 {certificate_fingerprints(loaded['ca'])['sha1']}"
        )
    exportable = " exportable" if pem.get("exportable") else ""
    command = (
        f"crypto pki import {facts.name} pem{exportable} terminal password {pem['passphrase']}"
    )
    answers = {
        "ca_certificate": certificate_to_pem(loaded["ca"]),
        "private_key": loaded["private_key"],
        "certificate": certificate_to_pem(cert),
        "passphrase": pem["passphrase"],
    }
    return command, IMPORT_PEM, answers


def _pkcs12_step(
    facts: TrustpointFacts, pkcs12: dict[str, Any], source: tuple[str | None, str], force: bool
):
    if facts.router is not None and not force:
        return None, None, None
    command = (
        f"crypto pki import {facts.name} pkcs12 {pkcs12['url']} password {pkcs12['passphrase']}"
    )
    return command, IMPORT_PKCS12, pkcs12_answers(pkcs12["passphrase"], *source)


# --- helpers --------------------------------------------------------------------------------


def _device_key(pem: dict[str, Any]) -> str:
    """The private key as the router will read it (legacy DES3 PEM unless told otherwise)."""
    key = pem["private_key"]
    mode = pem.get("legacy_key", "auto")
    if mode == "never" or (mode == "auto" and _LEGACY_KEY.search(key)):
        return key
    return legacy_encrypted_key_pem(key, pem["passphrase"], "pem.private_key")


def _one_word(value: str, path: str) -> None:
    v.check_line_safe(value, path)
    v.secret_word(value, path)


def _finish(task: Task, result: dict[str, Any], facts: TrustpointFacts, before: str):
    result["certificate"] = certificate_summary(facts.router.cert) if facts.router else None
    result["diff"] = _diff(facts.name, before, result["certificate"])
    save_if_needed(task, result["changed"])
    return result


def _diff(name: str, before: str, after: dict[str, Any] | str | None) -> dict[str, str]:
    return diff.trustpoint_diff(name, before, diff.certificate(diff.ROUTER_CERTIFICATE, after))
