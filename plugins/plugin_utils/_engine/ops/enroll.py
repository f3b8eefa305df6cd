"""``crypto pki enroll``: get the router a certificate (SCEP, terminal, self-signed, profiles).

Decision (``needs_enrollment``): a valid router certificate outside the renewal window, issued
by the trustpoint's current CA, means no change. Otherwise the ENROLL dialog runs; what the
router prints decides the outcome, whatever the enrollment method:

- ``% Certificate request sent``: a SCEP request. With ``wait`` the task polls
  ``show crypto pki certificates TP`` until the CA's grant arrives; past ``wait_timeout`` it
  fails saying the request is still pending at the CA. A rerun finds the pending request (or
  the certificate that arrived since) and does not enroll again.
- ``Certificate Request follows``: terminal enrollment. The CSR is returned as PEM with the
  state ``pending_import``; ``certificate_import`` installs the signed certificate.
- ``Router Self Signed Certificate successfully created``: done.
- ``% Certificate request sent to file system``: file enrollment (``tftp://`` or ``flash:``
  URL). The request the router wrote to ``PATH.req`` is read back through the router
  (``more``) and returned as ``csr`` with its ``request_path``, state ``pending_import``; the
  task does not wait: ``certificate_import`` with ``from_enrollment_url`` installs
  ``PATH.crt`` once the CA has put it there.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..dialogs.engine import DialogResult
from ..dialogs.tables import ENROLL, enroll_answers, key_generate_answers, key_generate_table
from ..errors import DeviceError, ValidationError
from ..facts import kinds, parse
from ..facts.certificates import is_pending
from ..facts.enrollment_files import REQUEST_SUFFIX, file_path, file_url, read_text
from ..facts.router_clock import router_now
from ..facts.trustpoint import InstalledCertificate, TrustpointFacts, check_mode_preview, gather
from ..facts.trustpoint_key import gather_key
from ..steps import Step
from ..task import Task
from ..x509.certs import (
    certificate_summary,
    chains_to,
    days_remaining,
    is_expired,
    normalize_csr_pem,
)

CERTIFICATES_COMMAND = "show crypto pki certificates {name}"
PENDING = "pending at the CA"
PRINTED = "printed (csr), to be signed by the CA and installed with netpki.ios.certificate_import"
STATUS_COMMAND = "show crypto pki trustpoints {name} status"


def _ip_address(value: Any, path: str) -> str | bool:
    """``false`` (no address in the subject), an interface name or an IP address."""
    if isinstance(value, bool) or value is None:
        if value:
            raise v.fail(path, "give an interface name or an IP address, or false")
        return False
    text = str(value)
    if text.lower() in ("false", "no", "none", ""):
        return False
    return v.address_or_interface(text, path)


VALUE_RULES: v.Rules = {
    "trustpoint": v.ios_name,
    "challenge_password": v.secret_word,
    "ip_address": _ip_address,
    "renew_before_days": v.int_range(0, 36500),
    "renew_before_percent": v.int_range(1, 99),
    "wait_timeout": v.int_range(1, 86400),
    "poll_interval": v.int_range(1, 600),
}


@dataclass(frozen=True)
class Decision:
    reason: str | None  # None: nothing to do
    detail: str
    warning: str | None = None  # the renewal window had to be shortened


DEFAULT_RENEW_BEFORE_DAYS = 30
DEFAULT_RENEW_BEFORE_PERCENT = 20  # as IOS's `auto-enroll 80`


@dataclass(frozen=True)
class RenewalWindow:
    """When a valid certificate is renewed: in its last ``days`` days, or, with no ``days``, in
    the last ``percent`` % of its own lifetime. A certificate whose whole lifetime is no longer
    than ``days`` would be renewed on every run: then the percentage rule applies instead
    (``percent``, default 20)."""

    days: int | None
    percent: int | None

    @classmethod
    def of(cls, params: dict[str, Any]) -> RenewalWindow:
        days, percent = params.get("renew_before_days"), params.get("renew_before_percent")
        return cls(DEFAULT_RENEW_BEFORE_DAYS if days is None and percent is None else days, percent)

    def seconds_before_end(self, cert: Any, name: str) -> tuple[float, str, str | None]:
        """(renew this many seconds before the end, the rule in words, a warning or None)."""
        lifetime = (cert.not_valid_after_utc - cert.not_valid_before_utc).total_seconds()
        if self.days is not None and lifetime > self.days * 86400:
            return self.days * 86400.0, f"renew_before_days is {self.days}", None
        percent = self.percent or DEFAULT_RENEW_BEFORE_PERCENT
        window = lifetime * percent / 100
        rule = f"renewal in the last {percent}% of its lifetime ({window / 86400:.1f} days)"
        if self.days is None:
            return window, rule, None
        warning = (
            f"the certificate of {name} lasts {lifetime / 86400:.1f} days, no longer than "
            f"renew_before_days ({self.days}): it would be renewed on every run, so the "
            f"{rule} applies instead (renew_before_percent)"
        )
        return window, rule, warning


def needs_enrollment(
    facts: TrustpointFacts,
    window: RenewalWindow,
    force: bool,
    now: dt.datetime | None = None,
) -> Decision:
    """Why the trustpoint must enroll (``missing``, ``expired``, ``renewal``, ``new_ca``,
    ``forced``), or ``Decision(None, ...)`` when its certificate is fine."""
    current = facts.router
    if current is None:
        return Decision("missing", "the trustpoint has no router certificate")
    if force:
        return Decision("forced", "force: true")
    cert = current.cert
    if is_expired(cert, now):
        return Decision(
            "expired", f"the certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}"
        )
    if (
        facts.ca is not None
        and current.kind != kinds.SELF_SIGNED
        and not chains_to(cert, facts.ca.cert)
    ):
        return Decision("new_ca", "the certificate was not issued by the trustpoint's CA")
    before_end, rule, warning = window.seconds_before_end(cert, facts.name)
    left = (cert.not_valid_after_utc - (now or dt.datetime.now(dt.UTC))).total_seconds()
    remaining = days_remaining(cert, now)
    if left <= before_end:
        return Decision("renewal", f"{remaining} days left, {rule}", warning)
    return Decision(None, f"valid for {remaining} more days", warning)


def check_method(facts: TrustpointFacts) -> None:
    if facts.method is None:
        raise ValidationError(f"trustpoint {facts.name} has no enrollment method configured")
    if facts.method == "pkcs12":
        raise ValidationError(
            f"trustpoint {facts.name} uses enrollment pkcs12: use netpki.ios.certificate_import"
        )
    if facts.method != "selfsigned" and facts.ca is None:
        raise ValidationError(
            f"trustpoint {facts.name} has no CA certificate: authenticate the CA first "
            "(netpki.ios.ca_authenticate)"
        )


def run(task: Task) -> dict[str, Any]:
    params = task.params
    name = params["trustpoint"]
    facts = gather(task.session, name, reuse=True)
    ready = facts.exists and (facts.method == "selfsigned" or facts.ca is not None)
    preview = check_mode_preview(
        task, facts, f"crypto pki enroll {name}", ready, diff.ROUTER_CERTIFICATE
    )
    if preview is not None:
        return preview
    check_method(facts.require())
    # Only a held certificate is measured against the clock: the router's own, as on IOS.
    moment = router_now(task.session) if facts.router and not params["force"] else None
    decision = needs_enrollment(facts, RenewalWindow.of(params), params["force"], moment)
    if decision.warning:
        task.warnings.append(decision.warning)
    result: dict[str, Any] = {"trustpoint": name, "reason": decision.detail, "commands": []}
    before = facts.described(diff.ROUTER_CERTIFICATE)
    if decision.reason is None:
        result = _finish(task, result, facts, "enrolled", changed=False)
    elif _scep_capable(facts) and _pending(task, name):
        before += diff.described(diff.REQUEST, PENDING)
        result["reason"] = "a certificate request is already pending at the CA"
        result = _await_pending(task, result, facts, changed=False)
    else:
        result = _enroll(task, result, facts, decision)
    result["diff"] = diff.trustpoint_diff(name, before, diff_after(result, facts))
    return result


def _enroll(
    task: Task, result: dict[str, Any], facts: TrustpointFacts, decision: Decision
) -> dict[str, Any]:
    params = task.params
    command = f"crypto pki enroll {facts.name}"
    result["commands"] = [command]
    if task.check_mode:
        result.update(changed=True, state="would_enroll")
        return result
    if params["regenerate"]:
        _regenerate_key(task, facts, result)
    (dialog,) = task.session.configure(
        [Step(command, ENROLL, answers=_answers(params, facts, decision))],
        timeout=max(task.session.settings.command_timeout, 60),
    )
    return _outcome(task, result, facts, dialog)


# --- outcomes -------------------------------------------------------------------------------


def _outcome(
    task: Task, result: dict[str, Any], before: TrustpointFacts, dialog: DialogResult
) -> dict[str, Any]:
    if any("file system" in success for success in dialog.successes):
        return _written_request(task, result, before, dialog)
    csr = dialog.captures.get("csr")
    if csr:
        result["csr"] = normalize_csr_pem(csr)
        result.update(changed=True, state="pending_import")
        return result
    if any("request sent" in success for success in dialog.successes):
        return _await_pending(task, result, before, changed=True)
    after = gather(task.session, before.name)
    if _new_certificate(before.router, after.router) is None:
        raise DeviceError(
            f"the router finished enrolling {before.name} but shows no new certificate",
            task.transcript_tail(),
        )
    return _finish(task, result, after, "enrolled", changed=True)


def _written_request(
    task: Task, result: dict[str, Any], facts: TrustpointFacts, dialog: DialogResult
) -> dict[str, Any]:
    url = file_url(facts) or ""
    path = dialog.captures.get("request_path") or file_path(url, facts.name, REQUEST_SUFFIX)
    result["request_path"] = path
    result["csr"] = normalize_csr_pem(read_text(task.session, path, "request_path"))
    result.update(changed=True, state="pending_import")
    return result


def _await_pending(
    task: Task, result: dict[str, Any], before: TrustpointFacts, *, changed: bool
) -> dict[str, Any]:
    params = task.params
    if not params["wait"] or task.check_mode:
        result.update(changed=changed, state="pending")
        save_if_needed(task, changed)
        return result
    grant = f"waiting for the CA's grant of {before.name}"
    with task.progress.wait(
        grant, timeout=params["wait_timeout"], interval=params["poll_interval"]
    ):
        after = _wait_for_grant(task, before, params["wait_timeout"], params["poll_interval"])
    return _finish(task, result, after, "enrolled", changed=True)


def _wait_for_grant(
    task: Task, before: TrustpointFacts, timeout: int, interval: int
) -> TrustpointFacts:
    name = before.name
    deadline = time.monotonic() + timeout
    # An auto-granting CA answers within a second or two: look again soon, then back off
    # to the user's interval so a long manual grant costs few show commands.
    delay = min(1.0, interval)
    while True:
        if not _pending(task, name):
            after = gather(task.session, name)
            if _new_certificate(before.router, after.router) is not None:
                return after
            status = _last_status(task, name)
            # A CertRep FAILURE reaches the router as a rejection whatever its failInfo: a
            # wrong challenge password (badRequest) looks the same as an operator's refusal.
            raise DeviceError(
                f"the certificate request of {name} is no longer pending and no new certificate "
                f"arrived (last enrollment status: {status or 'unknown'}): the CA rejected it; "
                "check the challenge password, then the CA's log for its reason",
                task.transcript_tail(),
            )
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DeviceError(
                f"the certificate request of {name} is still pending at the CA after {timeout}s "
                "(not granted yet, or the CA does not answer the router's polls): have the CA "
                "grant it, then run the task again (it will not enroll again while the request "
                "is pending)",
                task.transcript_tail(),
            )
        task.progress.poll()
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, interval)


def _finish(
    task: Task, result: dict[str, Any], facts: TrustpointFacts, state: str, *, changed: bool
) -> dict[str, Any]:
    result["state"] = state
    result["changed"] = changed
    result["certificate"] = certificate_summary(facts.router.cert) if facts.router else None
    save_if_needed(task, changed)
    return result


def _new_certificate(
    old: InstalledCertificate | None, new: InstalledCertificate | None
) -> InstalledCertificate | None:
    if new is None or (old is not None and new.cert == old.cert):
        return None
    return new


def diff_after(result: dict[str, Any], before: TrustpointFacts) -> str:
    """What the trustpoint holds after the task; in check mode, what it would hold, as far as
    it can be known (the CA or the router sets the serial and the dates)."""
    state = result["state"]
    if state == "enrolled":
        return diff.certificate(diff.ROUTER_CERTIFICATE, result["certificate"])
    current = before.described(diff.ROUTER_CERTIFICATE)  # kept until a new one arrives
    if state == "pending":
        return current + diff.described(diff.REQUEST, PENDING)
    if state == "pending_import" and result.get("request_path"):
        return current + diff.described(diff.REQUEST, f"written to {result['request_path']}")
    if state == "pending_import":
        return current + diff.described(diff.REQUEST, PRINTED)
    if before.method == "selfsigned":
        planned = "a new self-signed one (the router sets its serial and dates)"
    elif file_url(before):
        path = file_path(file_url(before) or "", before.name, REQUEST_SUFFIX)
        return current + diff.described(diff.REQUEST, f"would be written to {path}")
    elif _scep_capable(before):
        planned = "a new one requested from the CA (its serial and dates are set by the CA)"
    else:
        return current + diff.described(diff.REQUEST, "would be printed for the CA to sign")
    return diff.certificate(diff.ROUTER_CERTIFICATE, planned)


# --- device questions -----------------------------------------------------------------------


def _scep_capable(facts: TrustpointFacts) -> bool:
    if facts.method == "profile":
        return not ((facts.profile or {}).get("enrollment") or {}).get("terminal")
    return facts.method == "url" and file_url(facts) is None


def _pending(task: Task, name: str) -> bool:
    text = task.session.show(CERTIFICATES_COMMAND.format(name=name))
    if "Status:" not in text:
        return False
    records = parse.parse_output(CERTIFICATES_COMMAND.format(name=name), text)
    return any(is_pending(r) for r in records)


def _last_status(task: Task, name: str) -> str:
    text = task.session.show(STATUS_COMMAND.format(name=name))
    if "Trustpoint" not in text:
        return ""
    records = parse.parse_output(STATUS_COMMAND.format(name=name), text)
    return next(
        (r["LAST_ENROLLMENT_STATUS"] for r in records if r.get("LAST_ENROLLMENT_STATUS")), ""
    )


def _answers(params: dict[str, Any], facts: TrustpointFacts, decision: Decision) -> dict[str, str]:
    answers = enroll_answers(
        include_serial=params["include_serial_number"],
        ip_address=params["ip_address"],
        challenge_password=params.get("challenge_password"),
        reenroll=True,
        replace=True,
    )
    if not (params["force"] or params["replace_selfsigned"]):
        # Only one self-signed certificate per router: replacing another trustpoint's is the
        # user's call, so the question stays unanswered and the dialog aborts clearly.
        answers.pop("replace")
    return answers


def _regenerate_key(task: Task, facts: TrustpointFacts, result: dict[str, Any]) -> None:
    key = gather_key(task.session, facts)
    if key is None:
        return  # IOS generates the key pair while enrolling
    kind = "ec" if key.kind == "ec" else "rsa"
    size_word = "keysize" if kind == "ec" else "modulus"
    line = f"crypto key generate {kind} label {key.label} {size_word} {key.size}"
    result["commands"].insert(0, line)
    task.session.configure(
        [
            Step(
                line,
                key_generate_table(kind),
                answers=key_generate_answers(key.size, replace=True),
            )
        ],
        timeout=max(task.session.settings.command_timeout, 120),
    )
