"""``crypto pki authenticate``: install a trustpoint's CA certificate, only if it is the pinned one.

The router displays the MD5 and SHA1 of the CA certificate it received (over SCEP, or pasted
for a terminal trustpoint). The dialog answers ``yes`` only when they equal the pinned
``fingerprint`` or those computed from ``ca_certificate``; anything else is answered ``no``
and fails naming both fingerprints. Without either input the task fails before connecting,
unless ``accept_unverified`` says to trust whatever answers at the enrollment URL (with a
warning naming what was accepted).

A SHA-256/384/512 pin cannot be compared with the display: the CA certificate comes by a
second path first (``ca_certificate``, else SCEP ``GetCACert`` from the controller, see
``ca_fetch``), the strong pin is verified on it, and the router's MD5 and SHA1 must then
both belong to that certificate. An MD5-only pin is accepted with a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..dialogs.checks import accept_unverified, ca_pins, displayed_fingerprints, fingerprint_check
from ..dialogs.tables import CA_AUTHENTICATE, CHAIN_CERTIFICATE_REMOVE
from ..errors import NetpkiError, ValidationError, VerificationError
from ..facts.enrollment_files import CA_SUFFIX, file_path, file_url, read_text
from ..facts.trustpoint import InstalledCertificate, TrustpointFacts, check_mode_preview, gather
from ..steps import Step
from ..task import Task
from ..x509.ca_fetch import router_can_compare, strong_pins, verified_ca
from ..x509.certs import (
    Fingerprint,
    certificate_fingerprint,
    certificate_fingerprints,
    certificate_matches_fingerprint,
    certificate_summary,
    certificate_to_ios_hex,
    certificate_to_pem,
    format_ios_fingerprint,
    load_certificate,
    normalize_fingerprint,
    require_ca,
)

if TYPE_CHECKING:  # cryptography is imported lazily by certs (sanity import test)
    from cryptography import x509

VALUE_RULES: v.Rules = {"trustpoint": v.ios_name, "fingerprint": v.ca_fingerprint}
MD5_WARNING = (
    "the CA of {name} is pinned by MD5 only: MD5 is weak (collisions are practical); "
    "pin its SHA-256 (or SHA1) fingerprint instead"
)


def pins_from_params(params: dict[str, Any]) -> tuple[list[Fingerprint], x509.Certificate | None]:
    """The fingerprints the CA must have, and the CA certificate to paste (if given).

    Fails before any connection when nothing pins the CA and ``accept_unverified`` is false.
    """
    pem = params.get("ca_certificate")
    cert = load_certificate(pem, "ca_certificate") if pem else None
    if cert is not None:
        require_ca(cert, "ca_certificate")
    fingerprint = params.get("fingerprint")
    if cert is not None and fingerprint and not certificate_matches_fingerprint(cert, fingerprint):
        raise ValidationError(
            "fingerprint and ca_certificate disagree: the certificate's fingerprints are "
            f"{_fingerprint_text(cert)}"
        )
    if not fingerprint and cert is None:
        if params.get("accept_unverified"):
            return [], None
        ca_pins(None, None)  # raises the explanation
    return ca_pins(fingerprint, certificate_to_pem(cert) if cert else None), cert


def matches_pins(cert: x509.Certificate, pins: list[Fingerprint]) -> bool:
    return all(certificate_matches_fingerprint(cert, pin) for pin in pins)


def check_router_pin(facts: TrustpointFacts, pins: list[Fingerprint]) -> None:
    """A ``fingerprint`` configured in the trustpoint makes IOS accept without asking: it must
    be the one this task pins, or the router would decide alone."""
    configured = (facts.config or {}).get("fingerprint")
    if not configured:
        return
    router_pin = normalize_fingerprint(configured, "trustpoint fingerprint")
    if strong_pins([router_pin]):
        # IOS compares a trustpoint pin with MD5 or SHA1 only: it would reject every CA.
        raise ValidationError(
            f"trustpoint {facts.name} has a {router_pin.algorithm.upper()} fingerprint line, "
            "which IOS compares only with MD5 or SHA1 and so matches no CA: remove it "
            "(netpki.ios.trustpoints) and give the fingerprint to this module instead"
        )
    if not pins:
        return
    same_algorithm = [pin for pin in pins if pin.algorithm == router_pin.algorithm]
    if not same_algorithm:
        raise ValidationError(
            f"trustpoint {facts.name} pins {router_pin}; give the fingerprint in "
            f"{router_pin.algorithm.upper()} or give ca_certificate so the two can be compared"
        )
    for pin in same_algorithm:
        if pin != router_pin:
            raise VerificationError(
                f"trustpoint {facts.name} pins {router_pin}, this task expects {pin}: "
                "nothing sent to the router"
            )


def plan(facts: TrustpointFacts, pins: list[Fingerprint], force: bool) -> list[str]:
    """Commands that bring the pinned CA into the trustpoint (empty: already there)."""
    installed = facts.ca
    command = f"crypto pki authenticate {facts.name}"
    if installed is None:
        return [command]
    if not pins or matches_pins(installed.cert, pins):
        return []
    if not force:
        raise VerificationError(
            f"trustpoint {facts.name} already holds a different CA certificate "
            f"({_fingerprint_text(installed.cert)}; expected {', '.join(map(str, pins))}); "
            "set force: true to replace it"
        )
    return [*_removal_lines(facts.name, installed), command]


def run(task: Task) -> dict[str, Any]:
    params = task.params
    name = params["trustpoint"]
    pins, pasted = pins_from_params(params)
    facts = gather(task.session, name, reuse=True)
    preview = check_mode_preview(
        task, facts, f"crypto pki authenticate {name}", facts.exists, diff.CA_CERTIFICATE
    )
    if preview is not None:
        return preview
    facts.require()
    if facts.method in ("selfsigned", "pkcs12"):
        raise ValidationError(
            f"trustpoint {name} uses enrollment {facts.method}: there is no CA to authenticate"
        )
    check_router_pin(facts, pins)
    commands = plan(facts, pins, params["force"])
    if commands and facts.terminal and pasted is None:
        raise ValidationError(
            f"trustpoint {name} is a terminal trustpoint: give ca_certificate (PEM) to paste"
        )
    result: dict[str, Any] = {"trustpoint": name, "commands": commands, "changed": bool(commands)}
    before = facts.described(diff.CA_CERTIFICATE)
    if [pin.algorithm for pin in pins] == ["md5"]:
        task.warnings.append(MD5_WARNING.format(name=name))
    if commands and not task.check_mode:
        shown: list[dict[str, str]] = []
        _apply(task, facts, comparable_pins(facts, pins, task.session), pasted, shown)
        facts = gather(task.session, name)
        _verify(task, facts, pins)
        if not pins:
            task.warnings.append(_unverified_warning(name, shown, facts.ca))
    if commands and task.check_mode:
        result["ca"] = certificate_summary(pasted) if pasted is not None else None
    else:
        result["ca"] = certificate_summary(facts.ca.cert) if facts.ca else None
    result["fingerprints"] = (result["ca"] or {}).get("fingerprints")
    after = diff.certificate(diff.CA_CERTIFICATE, _after(result, pins))
    result["diff"] = diff.trustpoint_diff(name, before, after)
    save_if_needed(task, bool(commands))
    return result


def comparable_pins(
    facts: TrustpointFacts, pins: list[Fingerprint], session: Any = None
) -> list[Fingerprint]:
    """Pins the router's display (MD5, SHA1) can be checked against, before anything is sent.

    Only strong pins (SHA-256/384/512) and no ``ca_certificate``: the CA certificate comes by
    a second path, SCEP ``GetCACert`` fetched from the controller at the trustpoint's URL;
    it is kept only if it matches the strong pins, and its MD5 and SHA1 join the pins. See
    ``ca_fetch`` for why this is safe and why no scratch trustpoint is used.
    """
    if not pins or router_can_compare(pins):
        return pins
    if file_url(facts) and session is not None:
        cert = _file_ca(session, facts, pins)
        return [*pins, certificate_fingerprint(cert, "md5"), certificate_fingerprint(cert, "sha1")]
    url = _ca_url(facts)
    if url is None:
        raise ValidationError(
            f"trustpoint {facts.name} has no enrollment URL to fetch the CA certificate from: "
            "give ca_certificate (PEM) so the strong fingerprint can be verified"
        )
    cert = verified_ca(url, pins)
    return [*pins, certificate_fingerprint(cert, "md5"), certificate_fingerprint(cert, "sha1")]


def _file_ca(session: Any, facts: TrustpointFacts, pins: list[Fingerprint]) -> x509.Certificate:
    """File enrollment: the CA certificate at ``PATH.ca``, read through the router (``more``),
    kept only if it matches the strong pins; the router then reads the same file."""
    path = file_path(file_url(facts) or "", facts.name, CA_SUFFIX)
    cert = load_certificate(read_text(session, path, "fingerprint"), path)
    if not matches_pins(cert, pins):
        raise VerificationError(
            f"the CA certificate at {path} ({_fingerprint_text(cert)}) does not match "
            f"{', '.join(map(str, pins))}: nothing sent to the router"
        )
    return cert


def _ca_url(facts: TrustpointFacts) -> str | None:
    if facts.method == "url":
        return facts.enrollment.get("url")
    profile = facts.profile or {}
    for section in ("authentication", "enrollment"):
        url = (profile.get(section) or {}).get("url")
        if url:
            return url
    return None


# --- steps ----------------------------------------------------------------------------------


def _apply(
    task: Task,
    facts: TrustpointFacts,
    pins: list[Fingerprint],
    pasted: x509.Certificate | None,
    shown: list[dict[str, str]],
) -> None:
    replaced = facts.ca if len(plan(facts, pins, True)) > 1 else None
    if replaced is not None:
        task.session.configure(_removal_steps(facts.name, replaced))
        if facts.router is not None:
            task.warnings.append(
                f"trustpoint {facts.name} keeps a router certificate issued by the replaced CA: "
                "enroll again (netpki.ios.enroll sees it and re-enrolls)"
            )

    def unverified(dialog_text: str) -> dict[str, str]:
        """The explicit opt-out: accept, and keep what the router showed for the warning."""
        shown.append(displayed_fingerprints(dialog_text))
        return accept_unverified(dialog_text)

    checks = {"fingerprint": fingerprint_check(pins) if pins else unverified}
    answers = {"ca_certificate": certificate_to_pem(pasted)} if pasted is not None else {}
    try:
        command = f"crypto pki authenticate {facts.name}"
        task.session.configure([Step(command, CA_AUTHENTICATE, answers=answers, checks=checks)])
    except NetpkiError:
        if replaced is not None:
            _restore(task, facts.name, replaced)
        raise


def _verify(task: Task, facts: TrustpointFacts, pins: list[Fingerprint]) -> None:
    installed = facts.ca
    if installed is None:
        raise VerificationError(
            f"the router confirmed the CA of {facts.name} but shows no CA certificate",
            task.transcript_tail(),
        )
    if pins and not matches_pins(installed.cert, pins):
        task.session.configure(_removal_steps(facts.name, installed))
        raise VerificationError(
            f"the router installed a CA certificate for {facts.name} that does not match the pin "
            f"({_fingerprint_text(installed.cert)}; expected {', '.join(map(str, pins))}); "
            "it was removed again",
            task.transcript_tail(),
        )


def _removal_lines(name: str, installed: InstalledCertificate) -> list[str]:
    return [f"crypto pki certificate chain {name}", f"no certificate ca {installed.serial}"]


def _removal_steps(name: str, installed: InstalledCertificate) -> list[Step]:
    first, second = _removal_lines(name, installed)
    return [Step(first), Step(second, CHAIN_CERTIFICATE_REMOVE)]


def _restore(task: Task, name: str, installed: InstalledCertificate) -> None:
    """Put the replaced CA certificate back after a failed replacement."""
    lines = [f"crypto pki certificate chain {name}", f"certificate ca {installed.serial}"]
    lines += [line.strip() for line in certificate_to_ios_hex(installed.cert).splitlines()]
    lines.append("quit")
    try:
        task.session.configure([Step(line) for line in lines])
    except NetpkiError as exc:
        task.warnings.append(f"could not restore the previous CA certificate of {name}: {exc.msg}")


# --- results --------------------------------------------------------------------------------


def _unverified_warning(
    name: str, shown: list[dict[str, str]], installed: InstalledCertificate | None
) -> str:
    displayed = ", ".join(
        f"{alg.upper()} {format_ios_fingerprint(hx)}" for alg, hx in (shown[-1:] or [{}])[0].items()
    )
    sha256 = certificate_fingerprint(installed.cert, "sha256").ios if installed else "unknown"
    return (
        f"accept_unverified: the CA certificate of {name} was installed WITHOUT verification "
        f"(SHA256 {sha256}; the router showed {displayed or 'no fingerprint'}); check it out "
        "of band and pin it with fingerprint or ca_certificate"
    )


def _fingerprint_text(cert: x509.Certificate) -> str:
    prints = certificate_fingerprints(cert)
    return f"SHA1 {prints['sha1']}, SHA256 {prints['sha256']}"


def _after(result: dict[str, Any], pins: list[Fingerprint]) -> dict[str, Any] | str | None:
    """The CA certificate after the task; in check mode without ``ca_certificate``, the one
    the router would fetch, known only by the pins it must match."""
    if result["ca"] or not result["commands"]:
        return result["ca"]
    if not pins:
        return "whatever the enrollment URL offers (unverified)"
    return f"the one the enrollment URL offers, if it matches {', '.join(map(str, pins))}"
