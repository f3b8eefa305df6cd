"""netpki.ios.enroll over real SSH: enrollment profiles, the subject questions, regenerate,
and the CSR of a terminal trustpoint without PEM framing."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from device_helpers import (
    LogWindow,
    device_show,
    installed_certificates,
    run_tasks,
    write_inventory,
)
from diff_texts import certificate_text
from enrollment_helpers import lab_ca, lab_fingerprint, typed


@pytest.fixture
def router(mockios_device, tmp_path: Path):
    run = mockios_device
    return run, write_inventory(tmp_path / "inventory.yml", run.devices)


def _setup(tmp_path, inventory, run, trustpoint: dict, profiles: list | None = None):
    tasks = []
    if profiles:
        tasks.append({"name": "profiles", "netpki.ios.enrollment_profiles": {"config": profiles}})
    tasks.append({"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}})
    if not (trustpoint.get("enrollment") or {}).get("terminal"):
        pin = lab_fingerprint(run.state_dir)
        auth = {"trustpoint": trustpoint["name"], "fingerprint": pin}
    else:
        auth = {"trustpoint": trustpoint["name"], "ca_certificate": lab_ca(run.state_dir, "cert")}
    tasks.append({"name": "auth", "netpki.ios.ca_authenticate": auth})
    done = run_tasks(tmp_path, inventory, tasks, name="setup.yml")
    assert done.rc == 0, done.output[-2000:]


def _enroll(tmp_path, inventory, *, check=False, diff=False, **options):
    task = {"name": "enroll", "netpki.ios.enroll": options}
    return run_tasks(tmp_path, inventory, [task], name="enroll.yml", check=check, diff=diff)


def test_enrollment_through_a_profile(router, tmp_path):
    run, inventory = router
    profile = {
        "name": "LAB-PROFILE",
        "authentication": {"url": "http://ca.netpki.lab/scep"},
        "enrollment": {"url": "http://ca.netpki.lab/scep"},
    }
    trustpoint = {
        "name": "PROF-TP",
        "enrollment": {"profile": "LAB-PROFILE"},
        "subject_name": "CN=r1.netpki.lab",
        "revocation_check": ["none"],
    }
    _setup(tmp_path, inventory, run, trustpoint, [profile])
    first = _enroll(tmp_path, inventory, trustpoint="PROF-TP")
    assert first.rc == 0, first.output[-2000:]
    assert first.result("enroll")["state"] == "enrolled"
    window = LogWindow(run.device)
    assert _enroll(tmp_path, inventory, trustpoint="PROF-TP").result("enroll")["changed"] is False
    # No change costs one SSH session and at most two show commands, and sends nothing else.
    assert window.sessions == 1
    assert len(window.show_commands) <= 2, window.show_commands
    assert window.config_lines == [] and typed(window, "crypto pki enroll") == []


def test_serial_number_and_ip_address_questions(router, tmp_path):
    run, inventory = router
    trustpoint = {
        "name": "TP",
        "enrollment": {"url": "http://ca.netpki.lab/scep"},
        "subject_name": "CN=r1.netpki.lab",
        "revocation_check": ["none"],
    }
    _setup(tmp_path, inventory, run, trustpoint)
    window = LogWindow(run.device)
    outcome = _enroll(
        tmp_path, inventory, trustpoint="TP", include_serial_number=True, ip_address="192.0.2.10"
    )
    assert outcome.rc == 0, outcome.output[-2000:]
    answers = {e.get("step"): e["line"] for e in window.entries if e.get("mode") == "dialog"}
    assert answers["include_serial"] == "yes"
    assert answers["include_ip"] == "yes"
    assert answers["ip_address"] == "192.0.2.10"
    assert "192.0.2.10" in outcome.result("enroll")["certificate"]["subject_string"]


def test_regenerate_makes_a_new_key(router, tmp_path):
    run, inventory = router
    trustpoint = {
        "name": "TP",
        "enrollment": {"url": "http://ca.netpki.lab/scep"},
        "subject_name": "CN=r1.netpki.lab",
        "revocation_check": ["none"],
        "rsakeypair": {"label": "TP-KEY", "modulus": 1024},
    }
    _setup(tmp_path, inventory, run, trustpoint)
    first = _enroll(tmp_path, inventory, trustpoint="TP")
    assert first.rc == 0, first.output[-2000:]
    key_before = device_show(run.device, "show crypto key mypubkey rsa TP-KEY")
    window = LogWindow(run.device)
    again = _enroll(tmp_path, inventory, trustpoint="TP", force=True, regenerate=True)
    assert again.rc == 0, again.output[-2000:]
    result = again.result("enroll")
    assert result["commands"] == [
        "crypto key generate rsa label TP-KEY modulus 1024",
        "crypto pki enroll TP",
    ]
    assert result["certificate"]["serial"] != first.result("enroll")["certificate"]["serial"]
    assert device_show(run.device, "show crypto key mypubkey rsa TP-KEY") != key_before
    assert len(typed(window, "crypto pki enroll")) == 1


def test_terminal_csr_without_pem_framing_is_returned_as_pem(router, tmp_path):
    run, inventory = router
    trustpoint = {
        "name": "TERM",
        "enrollment": {"terminal": True},
        "subject_name": "CN=term.netpki.lab",
        "revocation_check": ["none"],
    }
    _setup(tmp_path, inventory, run, trustpoint)
    outcome = _enroll(tmp_path, inventory, trustpoint="TERM", diff=True)
    assert outcome.rc == 0, outcome.output[-2000:]
    result = outcome.result("enroll")
    assert result["state"] == "pending_import"
    assert result["diff"]["before"] == "router certificate: none\n"
    assert result["diff"]["after"] == (
        "router certificate: none\ncertificate request: printed (csr), to be signed by the CA "
        "and installed with netpki.ios.certificate_import\n"
    )
    csr = x509.load_pem_x509_csr(result["csr"].encode())
    assert csr.is_signature_valid
    assert "CN=term.netpki.lab" in csr.subject.rfc4514_string()


SCEP_TP = {
    "name": "TP",
    "enrollment": {"url": "http://ca.netpki.lab/scep"},
    "subject_name": "CN=r1.netpki.lab",
    "revocation_check": ["none"],
}


def test_diff_shows_the_router_certificate_before_and_after(router, tmp_path):
    run, inventory = router
    _setup(tmp_path, inventory, run, SCEP_TP)
    headers = {"before_header": "trustpoint TP", "after_header": "trustpoint TP"}

    window = LogWindow(run.device)
    planned = _enroll(tmp_path, inventory, trustpoint="TP", check=True, diff=True)
    assert planned.rc == 0, planned.output[-2000:]
    assert planned.result("enroll")["diff"] == {
        **headers,
        "before": "router certificate: none\n",
        "after": "router certificate: a new one requested from the CA "
        "(its serial and dates are set by the CA)\n",
    }
    assert typed(window, "crypto pki enroll") == [] and window.config_lines == []
    assert "router" not in installed_certificates(run.device, "TP")

    done = _enroll(tmp_path, inventory, trustpoint="TP", diff=True)
    assert done.rc == 0, done.output[-2000:]
    held = certificate_text(
        "router certificate", installed_certificates(run.device, "TP")["router"]
    )
    assert done.result("enroll")["diff"] == {
        **headers,
        "before": "router certificate: none\n",
        "after": held,
    }
    # as the default callback prints it
    assert "--- before: trustpoint TP\n+++ after: trustpoint TP\n" in done.output
    assert "-router certificate: none\n+router certificate:\n+  subject: CN=r1.netpki.lab" in (
        done.output
    )

    again = _enroll(tmp_path, inventory, trustpoint="TP", diff=True)
    assert again.result("enroll")["changed"] is False
    assert again.result("enroll")["diff"] == {**headers, "before": held, "after": held}
    assert "--- before" not in again.output

    renewal = _enroll(tmp_path, inventory, trustpoint="TP", force=True, check=True, diff=True)
    assert renewal.result("enroll")["diff"]["before"] == held
    assert renewal.result("enroll")["diff"]["after"].startswith("router certificate: a new one")
    assert (
        certificate_text("router certificate", installed_certificates(run.device, "TP")["router"])
        == held
    )  # check mode changed nothing


def test_renewal_settles_when_the_ca_issues_short_certificates(router, tmp_path):
    """A CA whose certificates last 10 days, under the default renew_before_days (30): the
    first run enrolls, and the next ones leave the certificate alone, warning each time that
    the 20% rule applied, instead of sending a new request on every run."""
    run, inventory = router
    lab_ca(run.state_dir, "lifetime", "10d")
    trustpoint = {
        "name": "SHORT",
        "enrollment": {"url": "http://ca.netpki.lab/scep"},
        "subject_name": "CN=r1.netpki.lab",
        "revocation_check": ["none"],
    }
    _setup(tmp_path, inventory, run, trustpoint)
    first = _enroll(tmp_path, inventory, trustpoint="SHORT")
    assert first.result("enroll")["state"] == "enrolled", first.output[-2000:]
    for _ in range(2):
        window = LogWindow(run.device)
        again = _enroll(tmp_path, inventory, trustpoint="SHORT").result("enroll")
        assert again["changed"] is False and again["state"] == "enrolled"
        assert typed(window, "crypto pki enroll") == []
        (warning,) = again["warnings"]
        assert "no longer than renew_before_days (30)" in warning
        assert "last 20% of its lifetime (2.0 days)" in warning
    # renew_before_percent alone is the rule: nothing to warn about (its edges: unit tests).
    by_percent = _enroll(tmp_path, inventory, trustpoint="SHORT", renew_before_percent=50)
    assert by_percent.result("enroll")["changed"] is False
    assert "warnings" not in by_percent.result("enroll")
    # Past 80% of the lifetime by the lab's clock (routers and CA, moved instead of waited
    # for), the next run re-enrolls once, still warning; the run after it settles again.
    issued = installed_certificates(run.device, "SHORT")["router"]
    run.clock("+204h")  # 8.5 days
    window = LogWindow(run.device)
    renewal = _enroll(tmp_path, inventory, trustpoint="SHORT").result("enroll")
    assert renewal["changed"] is True and renewal["state"] == "enrolled", renewal
    assert len(typed(window, "crypto pki enroll")) == 1
    assert "last 20% of its lifetime" in renewal["warnings"][0]
    renewed = installed_certificates(run.device, "SHORT")["router"]
    moved = renewed.not_valid_before_utc - issued.not_valid_before_utc
    assert 8.4 < moved.total_seconds() / 86400 < 8.6  # the lab CA signs by the moved clock
    window = LogWindow(run.device)
    settled = _enroll(tmp_path, inventory, trustpoint="SHORT").result("enroll")
    assert settled["changed"] is False and typed(window, "crypto pki enroll") == []
    assert "last 20% of its lifetime" in settled["warnings"][0]
