"""netpki.ios.ca_authenticate over real SSH: only the pinned CA is ever installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from device_helpers import (
    LogWindow,
    device_show,
    installed_certificates,
    run_tasks,
    write_inventory,
)
from diff_texts import certificate_text, grouped
from enrollment_helpers import lab_ca, lab_fingerprint, typed
from mockios_proc import start_mockios
from scep_proxy import scep_proxy
from scep_server import require_scepserver, scep_server

SCEP_TP = {
    "name": "TP",
    "enrollment": {"url": "http://ca.netpki.lab/scep"},
    "subject_name": "CN=r1.netpki.lab",
    "revocation_check": ["none"],
}
TERMINAL_TP = {
    "name": "TERM",
    "enrollment": {"terminal": True, "pem": True},
    "revocation_check": ["none"],
}


@pytest.fixture
def scep_router(mockios_device, tmp_path: Path):
    inventory = write_inventory(tmp_path / "inventory.yml", mockios_device.devices)
    created = run_tasks(
        tmp_path,
        inventory,
        [{"name": "tp", "netpki.ios.trustpoints": {"config": [SCEP_TP, TERMINAL_TP]}}],
        name="setup.yml",
    )
    assert created.rc == 0, created.output[-2000:]
    return mockios_device, inventory


def _authenticate(tmp_path, inventory, *, check=False, diff=False, **options):
    task = {"name": "auth", "netpki.ios.ca_authenticate": {"trustpoint": "TP", **options}}
    return run_tasks(tmp_path, inventory, [task], name="auth.yml", check=check, diff=diff)


def _no_ca_installed(device) -> None:
    assert "CA Certificate" not in device_show(device, "show crypto pki certificates TP")
    assert "certificate ca" not in device_show(
        device, "show running-config | section crypto pki certificate chain"
    )


def test_pinned_fingerprint_installs_then_is_idempotent(scep_router, tmp_path):
    run, inventory = scep_router
    sha1 = lab_fingerprint(run.state_dir, "SHA1")
    spelled = sha1.lower().replace(" ", "")
    spelled = ":".join(spelled[i : i + 2] for i in range(0, len(spelled), 2))
    first = _authenticate(tmp_path, inventory, fingerprint=sha1)
    assert first.rc == 0, first.output[-2000:]
    result = first.result("auth")
    assert result["changed"] is True
    assert result["ca"]["subject"]["CN"] == "netpki Lab Issuing CA"
    assert result["fingerprints"]["sha1"] == sha1
    assert result["ca"]["serial"] and result["ca"]["not_after"]
    window = LogWindow(run.device)
    second = _authenticate(tmp_path, inventory, fingerprint=spelled)
    assert second.rc == 0 and second.result("auth")["changed"] is False
    assert typed(window, "crypto pki authenticate") == []
    # No change costs one SSH session and one show command.
    assert window.sessions == 1
    assert window.show_commands == ["show running-config"]


def test_wrong_fingerprint_is_refused_and_nothing_installed(scep_router, tmp_path):
    run, inventory = scep_router
    wrong = "0123456789ABCDEF0123456789ABCDEF01234567"
    outcome = _authenticate(tmp_path, inventory, fingerprint=wrong)
    assert outcome.rc != 0
    message = outcome.result("auth")["msg"]
    assert "mismatch" in message
    assert "01234567 89ABCDEF" in message  # the expected one
    assert lab_fingerprint(run.state_dir, "SHA1") in message  # the one the router showed
    _no_ca_installed(run.device)
    assert "(config" not in device_show(run.device, "show clock")  # left at the exec prompt


def test_mitm_ca_is_refused_and_nothing_installed(scep_router, tmp_path):
    run, inventory = scep_router
    run.fault(run.device.name, mitm_ca=True)
    outcome = _authenticate(tmp_path, inventory, fingerprint=lab_fingerprint(run.state_dir))
    assert outcome.rc != 0
    assert "mismatch" in outcome.result("auth")["msg"]
    _no_ca_installed(run.device)


def test_no_pin_fails_before_touching_the_router(scep_router, tmp_path):
    run, inventory = scep_router
    window = LogWindow(run.device)
    outcome = _authenticate(tmp_path, inventory)
    assert outcome.rc != 0
    assert "fingerprint or ca_certificate is required" in outcome.result("auth")["msg"]
    assert window.sessions == 0


def test_accept_unverified_is_an_explicit_opt_out(scep_router, tmp_path):
    run, inventory = scep_router
    outcome = _authenticate(tmp_path, inventory, accept_unverified=True)
    assert outcome.rc == 0, outcome.output[-2000:]
    result = outcome.result("auth")
    assert result["fingerprints"]["sha1"] == lab_fingerprint(run.state_dir)
    (warning,) = [w for w in result["warnings"] if "accept_unverified" in w]
    assert "WITHOUT verification" in warning
    assert lab_fingerprint(run.state_dir, "SHA256") in warning  # read back from the router
    assert lab_fingerprint(run.state_dir, "SHA1") in warning  # as the router showed it
    assert lab_fingerprint(run.state_dir, "MD5") in warning


def test_md5_pin_is_accepted_with_a_warning(scep_router, tmp_path):
    run, inventory = scep_router
    outcome = _authenticate(tmp_path, inventory, fingerprint=lab_fingerprint(run.state_dir, "MD5"))
    assert outcome.rc == 0, outcome.output[-2000:]
    assert any("MD5 is weak" in w for w in outcome.result("auth")["warnings"])


def test_different_ca_fails_unless_forced(scep_router, tmp_path):
    run, inventory = scep_router
    mitm_pin = None
    run.fault(run.device.name, mitm_ca=True)
    taken = _authenticate(tmp_path, inventory, accept_unverified=True)
    assert taken.rc == 0, taken.output[-2000:]
    mitm_pin = taken.result("auth")["fingerprints"]["sha1"]
    run.fault(run.device.name, mitm_ca=False)
    real_pin = lab_fingerprint(run.state_dir)
    assert mitm_pin != real_pin

    refused = _authenticate(tmp_path, inventory, fingerprint=real_pin)
    assert refused.rc != 0
    assert "already holds a different CA certificate" in refused.result("auth")["msg"]

    replaced = _authenticate(tmp_path, inventory, fingerprint=real_pin, force=True)
    assert replaced.rc == 0, replaced.output[-2000:]
    assert replaced.result("auth")["fingerprints"]["sha1"] == real_pin
    status = device_show(run.device, "show crypto pki trustpoints TP status")
    assert real_pin in status and mitm_pin not in status


def test_terminal_trustpoint_pastes_the_given_pem(scep_router, tmp_path):
    run, inventory = scep_router
    pem = lab_ca(run.state_dir, "cert")
    sha1 = lab_fingerprint(run.state_dir)

    def authenticate(**options):
        task = {"name": "auth", "netpki.ios.ca_authenticate": {"trustpoint": "TERM", **options}}
        return run_tasks(tmp_path, inventory, [task], name="term.yml")

    missing = authenticate(fingerprint=sha1)
    assert "give ca_certificate" in missing.result("auth")["msg"]
    first = authenticate(ca_certificate=pem)
    assert first.rc == 0, first.output[-2000:]
    assert first.result("auth")["fingerprints"]["sha1"] == sha1
    assert authenticate(ca_certificate=pem).result("auth")["changed"] is False
    assert authenticate(fingerprint=sha1).result("auth")["changed"] is False


def test_iosxe_trustpoint_pin_must_match_the_task_pin(tmp_path):
    """IOS-XE accepts a CA matching the trustpoint's own pin without asking: the module sends
    nothing unless that pin is the task's, and checks the installed CA afterwards."""
    with start_mockios(tmp_path / "xe", flavor="iosxe17") as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        sha1 = lab_fingerprint(run.state_dir)
        pinned = {**SCEP_TP, "fingerprint": sha1.replace(" ", "")}
        setup = run_tasks(
            tmp_path,
            inventory,
            [{"name": "tp", "netpki.ios.trustpoints": {"config": [pinned]}}],
            name="setup.yml",
        )
        assert setup.rc == 0, setup.output[-2000:]
        window = LogWindow(run.device)
        refused = _authenticate(tmp_path, inventory, fingerprint="AB" * 20)
        assert "nothing sent to the router" in refused.result("auth")["msg"]
        assert typed(window, "crypto pki authenticate") == []
        accepted = _authenticate(tmp_path, inventory, fingerprint=sha1)
        assert accepted.rc == 0, accepted.output[-2000:]
        assert accepted.result("auth")["fingerprints"]["sha1"] == sha1


def test_failed_replacement_puts_the_previous_ca_back(scep_router, tmp_path):
    run, inventory = scep_router
    taken = _authenticate(tmp_path, inventory, fingerprint=lab_fingerprint(run.state_dir))
    assert taken.rc == 0, taken.output[-2000:]
    before = device_show(run.device, "show running-config | section crypto pki certificate chain")
    refused = _authenticate(tmp_path, inventory, fingerprint="CD" * 20, force=True)
    assert refused.rc != 0
    assert "mismatch" in refused.result("auth")["msg"]
    after = device_show(run.device, "show running-config | section crypto pki certificate chain")
    assert after == before
    status = device_show(run.device, "show crypto pki trustpoints TP status")
    assert lab_fingerprint(run.state_dir) in status


# --- SHA-256 pins: verified by the engine through the CA's GetCACert, on every flavor ---------


@pytest.fixture(params=["ios15", "iosxe17"])
def strong_pin_router(request, tmp_path: Path):
    """A router of each flavor whose trustpoint URL is a real SCEP server (micromdm, behind
    nginx mapping IOS's path to its /scep) serving the lab's issuing CA: the router and the
    controller both fetch it there (the router gets the impostor under mitm_ca)."""
    require_scepserver()
    with start_mockios(tmp_path / "mockios", flavor=request.param, extra_args=["--empty"]) as run:
        lab_ca(run.state_dir, "cert")  # creates the lab CA the router and scepserver share
        with (
            scep_server(run.state_dir / "ca", tmp_path) as scep_url,
            scep_proxy(scep_url, tmp_path) as url,
        ):
            inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
            tp = {**SCEP_TP, "enrollment": {"url": url}}
            created = run_tasks(
                tmp_path, inventory, [{"netpki.ios.trustpoints": {"config": [tp]}}], name="tp.yml"
            )
            assert created.rc == 0, created.output[-2000:]
            yield run, inventory


def test_sha256_pin_accepts_the_genuine_ca(strong_pin_router, tmp_path):
    run, inventory = strong_pin_router
    sha256 = lab_fingerprint(run.state_dir, "SHA256")
    outcome = _authenticate(tmp_path, inventory, fingerprint=sha256.replace(" ", ":"))
    assert outcome.rc == 0, outcome.output[-2000:]
    result = outcome.result("auth")
    assert result["changed"] is True
    assert result["fingerprints"]["sha256"] == sha256
    # The pin stays on the controller: no fingerprint line the router could not compare.
    assert sha256.split()[0] not in device_show(
        run.device, "show running-config | include fingerprint"
    )
    again = _authenticate(tmp_path, inventory, fingerprint=sha256)
    assert again.rc == 0 and again.result("auth")["changed"] is False


def test_sha256_pin_refuses_the_impostor_ca(strong_pin_router, tmp_path):
    run, inventory = strong_pin_router
    run.fault(run.device.name, mitm_ca=True)
    window = LogWindow(run.device)
    outcome = _authenticate(
        tmp_path, inventory, fingerprint=lab_fingerprint(run.state_dir, "SHA256")
    )
    assert outcome.rc != 0
    assert "mismatch" in outcome.result("auth")["msg"]
    assert [entry for entry in typed(window, "yes")] == []  # the dialog was answered no
    _no_ca_installed(run.device)


def test_sha256_pin_that_the_ca_does_not_serve_sends_nothing(strong_pin_router, tmp_path):
    run, inventory = strong_pin_router
    window = LogWindow(run.device)
    outcome = _authenticate(tmp_path, inventory, fingerprint="AB" * 32)
    assert outcome.rc != 0
    assert "does not match the pinned SHA256" in outcome.result("auth")["msg"]
    assert typed(window, "crypto pki authenticate") == []
    _no_ca_installed(run.device)


def test_an_impostor_accepted_unverified_is_found_by_pki_info_and_the_audit(scep_router, tmp_path):
    run, inventory = scep_router
    run.fault(run.device.name, mitm_ca=True)
    taken = _authenticate(tmp_path, inventory, accept_unverified=True)
    assert taken.rc == 0, taken.output[-2000:]
    impostor_sha256 = taken.result("auth")["fingerprints"]["sha256"]
    run.fault(run.device.name, mitm_ca=False)
    genuine = lab_fingerprint(run.state_dir, "SHA256")
    assert impostor_sha256 != genuine
    expected = {"TP": [genuine.replace(" ", "")]}
    tasks = [
        {"name": "facts", "netpki.ios.pki_info": {"expected_ca_fingerprints": expected},
         "register": "pki"},
        {
            "name": "audit",
            "netpki.ios.audit_report": {
                "results": "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all"
                " | map('extract', hostvars, 'pki'))) }}",
                "dest": str(tmp_path / "reports"),
            },
            "run_once": True,
            "delegate_to": "localhost",
        },
    ]  # fmt: skip
    outcome = run_tasks(tmp_path, inventory, tasks, name="audit.yml")
    assert outcome.rc == 0, outcome.output[-3000:]
    facts = outcome.result("facts")
    tp = facts["trustpoints"]["TP"]
    assert tp["ca_expected"] is False and facts["summary"]["unexpected_ca"] == 1
    assert tp["ca_certificate"]["fingerprints"]["sha256"] == impostor_sha256
    assert tp["ca_certificate"]["fingerprints_from"] == "certificate"
    assert any("matches none of expected_ca_fingerprints.TP" in w for w in facts["warnings"])
    audit = outcome.result("audit")
    (row,) = [r for r in audit["flagged"] if r["state"] == "unexpected_ca"]
    assert row["trustpoint"] == "TP" and row["kind"] == "ca"
    assert row["sha256"] == impostor_sha256
    assert audit["summary"]["unexpected_ca"] == 1


def test_diff_shows_the_ca_certificate_before_and_after(scep_router, tmp_path):
    run, inventory = scep_router
    pem = lab_ca(run.state_dir, "cert")
    ca = x509.load_pem_x509_certificate(pem.encode())
    sha1 = lab_fingerprint(run.state_dir)
    headers = {"before_header": "trustpoint TP", "after_header": "trustpoint TP"}

    window = LogWindow(run.device)
    planned = _authenticate(tmp_path, inventory, fingerprint=sha1, check=True, diff=True)
    assert planned.rc == 0, planned.output[-2000:]
    offered = f"if it matches SHA1 {grouped(ca.fingerprint(hashes.SHA1()))}"
    assert planned.result("auth")["diff"] == {
        **headers,
        "before": "CA certificate: none\n",
        "after": f"CA certificate: the one the enrollment URL offers, {offered}\n",
    }
    assert typed(window, "crypto pki authenticate") == []
    _no_ca_installed(run.device)

    done = _authenticate(tmp_path, inventory, fingerprint=sha1, diff=True)
    assert done.rc == 0, done.output[-2000:]
    held = certificate_text("CA certificate", installed_certificates(run.device, "TP")["ca"])
    assert held == certificate_text("CA certificate", ca)
    assert done.result("auth")["diff"] == {
        **headers,
        "before": "CA certificate: none\n",
        "after": held,
    }
    assert "+CA certificate:\n+  subject: " in done.output

    again = _authenticate(tmp_path, inventory, fingerprint=sha1, diff=True)
    assert again.result("auth")["changed"] is False
    assert again.result("auth")["diff"] == {**headers, "before": held, "after": held}
    assert "--- before" not in again.output

    # a terminal trustpoint in check mode: the after is the certificate that would be pasted
    task = {
        "name": "auth",
        "netpki.ios.ca_authenticate": {"trustpoint": "TERM", "ca_certificate": pem},
    }
    pasted = run_tasks(tmp_path, inventory, [task], name="term.yml", check=True, diff=True)
    assert pasted.result("auth")["diff"]["after"] == held
    assert "ca" not in installed_certificates(run.device, "TERM")
