"""A restarted device (same `--state-dir`) resumes pending SCEP requests and auto-enroll."""

from __future__ import annotations

import time

from mockios.device import Device
from mockios.pki import scep
from mockios.pki.device_certs import find_cert
from mockios.pki.state import pki_state


def _pending_enrollment(cli, *extra: str) -> None:
    cli.config(
        "crypto pki trustpoint TP",
        "enrollment url http://ca.lab.example",
        "serial-number none",
        "ip-address none",
        "password x",
        *extra,
        "exit",
    )
    cli.dialog("crypto pki authenticate TP", "yes")
    cli.dialog("crypto pki enroll TP", "yes")


def _restart(cli, state_dir) -> Device:
    """Stop the device as SIGTERM does, then start it again from its state dir."""
    cli.session.close()
    cli.device.shutdown()
    return Device(cli.device.name, cli.device.flavor, state_dir)


def test_a_pending_request_is_polled_again_after_a_restart(router, state_dir, state_lab):
    state_lab.update_settings(mode="manual")
    _pending_enrollment(router)
    (request,) = scep.pending(state_lab)
    signer = pki_state(router.device).pending["TP"].signer
    again = _restart(router, state_dir)
    # The SCEP transaction and the certificate its messages are signed with, as saved.
    assert pki_state(again).pending["TP"].request_id == request.transaction_id
    assert pki_state(again).pending["TP"].signer == signer
    assert pki_state(again).last_status["TP"] == "Pending"
    assert again.pending_timers == []  # nothing runs before the device serves
    scep.grant(state_lab, request.id)
    again.start(None)
    again.run_pending_timers()
    assert "TP" not in pki_state(again).pending
    cert = find_cert(again, "TP", "router")
    assert cert is not None
    assert (
        cert.public_key().public_numbers()
        == again.keys["R1.lab.example"].key.public_key().public_numbers()
    )
    assert "%PKI-6-CERTRET" in again.logging_buffer[-1]
    # Granted and installed: a second restart has nothing left to poll.
    third = Device("R1", "ios15", state_dir)
    third.shutdown()
    assert pki_state(Device("R1", "ios15", state_dir)).pending == {}


def test_a_regenerated_key_waits_in_the_request_across_a_restart(router, state_dir, state_lab):
    _pending_enrollment(router, "regenerate")
    router.device.run_pending_timers()  # first enrollment granted (auto mode)
    old_key = router.device.keys["R1.lab.example"].public_der
    state_lab.update_settings(mode="manual")
    router.dialog("crypto pki enroll TP", "yes", "yes")  # re-enroll: continue, request
    new_key = pki_state(router.device).pending["TP"].new_key
    assert new_key is not None and new_key.public_der != old_key
    again = _restart(router, state_dir)
    assert again.keys["R1.lab.example"].public_der == old_key  # still the old one in use
    (request,) = scep.pending(state_lab)
    scep.grant(state_lab, request.id)
    again.start(None)
    again.run_pending_timers()
    assert again.keys["R1.lab.example"].public_der == new_key.public_der


def test_auto_enroll_runs_again_once_the_device_serves(router, state_dir, state_lab):
    state_lab.update_settings(lifetime_seconds=10)
    _pending_enrollment(router, "auto-enroll 1")
    router.device.run_pending_timers()
    first = find_cert(router.device, "TP", "router")
    again = _restart(router, state_dir)
    time.sleep(0.2)  # 1% of 10 s: the renew moment passes while the device is down
    again.start(None)
    assert again.run_pending_timers() >= 1  # the auto-enroll ticker
    assert any("%PKI-6-CERTRENEWAUTO" in line for line in again.logging_buffer)
    again.run_pending_timers()  # the SCEP poll of the renewal
    second = find_cert(again, "TP", "router")
    assert second.serial_number != first.serial_number


def test_a_restart_without_auto_enroll_or_requests_arms_nothing(router, state_dir):
    again = _restart(router, state_dir)
    again.start(None)
    assert again.pending_timers == []
