"""What the fault matrix checks on a device after a cell ran, through the device's own means.

- ``snapshot``: a fresh SSH session (it must find the exec prompt) reads the PKI state: the
  running config's ``crypto pki`` section (trustpoints, certificate chains with their hex) and
  the RSA key pairs. A cell that failed must leave this state exactly as it found it.
- ``sessions_left_badly``: from the simulator's session log, every session the task opened
  must have ended at the exec prompt and outside any dialog, unless the fault itself cut it.
- ``scep_view`` / ``scep_router_problems``: after a cell about the CA's answer, what the
  router shows (its request, its timers, its PKI log messages) must be what IOS shows for
  that answer: a granted request installed and announced by ``%PKI-6-CERTRET``; a rejected
  one (a CertRep FAILURE, whatever its failInfo, as for a wrong challenge password) gone,
  announced by ``%PKI-6-CERTREJECT``; a request still pending (the CA has not decided, or
  does not answer the polls) shown ``Pending`` with its ``POLL`` timer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import netmiko
from mockios_proc import DeviceParams

from mockios.log import read_session_log

TRUSTPOINT = "FM-TP"


@dataclass(frozen=True)
class Snapshot:
    prompt: str
    pki_config: str
    keys: str


def snapshot(device: DeviceParams) -> Snapshot:
    with netmiko.ConnectHandler(**device.netmiko(conn_timeout=30, auth_timeout=30)) as conn:
        conn.enable()
        prompt = conn.find_prompt()
        config = conn.send_command("show running-config | section crypto pki", read_timeout=60)
        keys = conn.send_command("show crypto key mypubkey rsa", read_timeout=60)
    return Snapshot(prompt, _tidy(config), _tidy(keys))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


# What changes from run to run in a message: SSH fingerprints, ports and temporary paths.
_VOLATILE = (
    (re.compile(r"SHA256:[A-Za-z0-9+/]{43}"), "SHA256:<fingerprint>"),
    (re.compile(r"(127\.0\.0\.1\]?):\d+"), r"\1:<port>"),
    (re.compile(r"/tmp/\S+"), "<tmp>"),
)


def stable_text(text: str) -> str:
    """A message with its run-specific parts replaced, for the committed report."""
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def log_length(device: DeviceParams) -> int:
    return len(read_session_log(device.log_path))


def sessions_left_badly(log_path: Path, start: int, end: int) -> list[str]:
    """Sessions that connected in log entries ``[start:end]`` and were not left cleanly."""
    entries = read_session_log(log_path)
    opened = {e["session"] for e in entries[start:end] if e.get("event") == "connect"}
    ends = {e["session"]: e for e in entries[start:] if e.get("event") == "disconnect"}
    problems = []
    for session in sorted(opened):
        end_entry = ends.get(session)
        if end_entry is None:
            problems.append(f"session {session} still open")
        elif end_entry.get("dropped"):
            continue  # the disconnect_at fault cut it: the simulator ended the dialog
        elif end_entry.get("in_dialog"):
            problems.append(f"session {session} abandoned inside a dialog")
        elif end_entry.get("mode") != "exec":
            problems.append(f"session {session} left in {end_entry.get('mode')} mode")
    return problems


@dataclass(frozen=True)
class ScepView:
    certificates: str  # show crypto pki certificates FM-TP
    timers: str  # show crypto pki timers
    pki_log: list[str]  # the PKI lines of show logging

    @property
    def pending(self) -> bool:
        return "Status: Pending" in self.certificates

    @property
    def poll_timer(self) -> bool:
        return f"POLL {TRUSTPOINT}" in self.timers

    @property
    def has_certificate(self) -> bool:
        available = r"^Certificate\n\s+Status: Available"  # a pending request is "Certificate" too
        return re.search(available, self.certificates, re.MULTILINE) is not None

    def logged(self, tag: str) -> bool:
        return any(tag in line for line in self.pki_log)

    @property
    def summary(self) -> str:
        """One line for the report: request status, POLL timer, PKI log messages."""
        status = "pending" if self.pending else "no request"
        certificate = "router certificate" if self.has_certificate else "no router certificate"
        timer = "POLL timer" if self.poll_timer else "no POLL timer"
        tags = sorted({m.group(0) for line in self.pki_log for m in _PKI_TAG.finditer(line)})
        return f"{status}, {certificate}, {timer}; log: {', '.join(tags) or 'nothing'}"


_PKI_TAG = re.compile(r"%PKI-\d-[A-Z_]+")


def scep_view(device: DeviceParams) -> ScepView:
    with netmiko.ConnectHandler(**device.netmiko(conn_timeout=30, auth_timeout=30)) as conn:
        conn.enable()
        certificates = conn.send_command(f"show crypto pki certificates {TRUSTPOINT}")
        timers = conn.send_command("show crypto pki timers")
        log = conn.send_command("show logging")
    lines = [line for line in log.splitlines() if "%PKI-" in line]
    return ScepView(_tidy(certificates), _tidy(timers), lines)


def scep_router_problems(cell, status: str, message: str, view: ScepView) -> list[str]:
    """What differs from what IOS shows after the CA's answer of ``cell``."""
    problems = []

    def expect(condition: bool, what: str) -> None:
        if not condition:
            problems.append(f"{what} (router shows: {view.summary})")

    if cell.fault in ("scep_reject", "wrong_challenge"):
        expect(status == "failed" and "rejected" in message, "the task must fail: rejected")
        expect(view.logged("%PKI-6-CERTREJECT"), "%PKI-6-CERTREJECT must be logged")
        expect(not view.pending and not view.poll_timer, "no request may stay pending")
        expect(not view.has_certificate, "no router certificate may be installed")
    elif cell.detail == "granted while waiting":
        expect(status == "ok", "the task must wait for the grant and succeed")
        expect(view.logged("%PKI-6-CERTRET"), "%PKI-6-CERTRET must be logged")
        expect(view.has_certificate and not view.pending, "the certificate must be installed")
    else:  # pending past wait_timeout, or a CA gone while the router polls
        expect(status == "failed" and "still pending" in message, "the task must fail: pending")
        expect(view.pending and view.poll_timer, "the request must stay pending, polled")
        expect(not view.logged("%PKI-6-CERTREJECT"), "nothing may be rejected")
        expect(not view.has_certificate, "no router certificate may be installed")
    return problems
