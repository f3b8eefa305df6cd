from __future__ import annotations

from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import AttributeOID, NameOID

from mockios.faults import faults_path, update_faults_file
from mockios.pki import scep
from mockios.pki.autoenroll import check_renewals
from mockios.pki.ca_cli import load_csr_text
from mockios.pki.device_certs import find_cert
from mockios.pki.names import UNSTRUCTURED_ADDRESS
from mockios.pki.state import pki_state

START = "%\n% Start certificate enrollment .. \n"
CHALLENGE = (
    "% Create a challenge password. You will need to verbally provide this\n"
    "   password to the CA Administrator in order to revoke your certificate.\n"
    "   For security reasons your password will not be saved in the configuration.\n"
    "   Please make a note of it.\n\n"
    "Password: "
)


def _authenticated(cli, name: str = "TP", *extra: str) -> None:
    cli.config(f"crypto pki trustpoint {name}", *extra, "exit")
    cli.dialog(f"crypto pki authenticate {name}", "yes")


def _terminal(cli, lab, name: str, *extra: str) -> None:
    cli.config(f"crypto pki trustpoint {name}", "enrollment terminal", *extra, "exit")
    cli.dialog(f"crypto pki authenticate {name}", *lab.issuing.pem.splitlines(), "", "yes")


def _scep(cli, *extra: str) -> None:
    _authenticated(cli, "TP", "enrollment url http://ca.lab.example", *extra)


def _settle(cli) -> None:
    """Run the device timers (the SCEP poll) as the event loop would."""
    cli.device.run_pending_timers()


def test_scep_full_dialog_and_csr_contents(router, state_lab):
    _scep(router, "subject-name CN=R1.lab.example, OU=Ops, O=Lab", "revocation-check none")
    out = router.type("crypto pki enroll TP")
    assert "%CRYPTO-6-AUTOGEN: Generated new 1024 bit key pair" in router.device.logging_buffer[-1]
    assert out.endswith(START + CHALLENGE)
    assert router.type("s3cret") == "\nRe-enter password: "  # not echoed
    out = router.type("s3cret")
    assert "% The subject name in the certificate will include: CN=R1.lab.example, OU=Ops" in out
    assert "% The subject name in the certificate will include: R1.lab.example\n" in out
    assert out.endswith("% Include the router serial number in the subject name? [yes/no]: ")
    out = router.type("yes")
    assert f"% The serial number in the certificate will be: {router.device.serial}\n" in out
    assert out.endswith("% Include an IP address in the subject name? [no]: ")
    assert router.type("yes").endswith("Enter Interface name or IP Address[]: ")
    out = router.type("Gi0/0")
    assert out.endswith("Request certificate from CA? [yes/no]: ")
    out = router.type("yes")
    assert "% Certificate request sent to Certificate Authority\n" in out
    assert "'show crypto pki certificate verbose TP' commandwill show the fingerprint." in out
    pending = pki_state(router.device).pending["TP"]
    csr = pending.csr
    assert csr.is_signature_valid
    assert csr.attributes.get_attribute_for_oid(AttributeOID.CHALLENGE_PASSWORD).value == b"s3cret"
    assert csr.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == (
        router.device.serial
    )
    assert csr.subject.get_attributes_for_oid(UNSTRUCTURED_ADDRESS)[0].value == "10.0.1.1"
    assert csr.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == "Ops"
    key = router.device.keys["R1.lab.example"]
    assert (
        csr.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        == key.public_der
    )
    assert "Status: Pending" in router.type("do show crypto pki certificates TP")
    _settle(router)
    assert (
        "%PKI-6-CERTRET: Certificate received from Certificate Authority"
        in (router.device.logging_buffer[-1])
    )
    cert = find_cert(router.device, "TP", "router")
    cert.verify_directly_issued_by(state_lab.issuing.cert)
    assert cert.subject == csr.subject
    assert "Status: Available" in router.type("do show crypto pki certificates TP")


def test_password_and_serial_config_skip_questions(make_router):
    cli = make_router(flavor="iosxe17")
    _scep(cli, "password cisco123", "serial-number", "ip-address 10.9.9.9")
    out = cli.type("crypto pki enroll TP")
    assert "Password:" not in out
    assert f"% The serial number in the certificate will be: {cli.device.serial}\n" in out
    assert "% The IP address in the certificate is 10.9.9.9\n" in out
    assert "Include" not in out
    assert out.endswith("Request certificate from CA? [yes/no]: ")
    cli.type("yes")
    csr = pki_state(cli.device).pending["TP"].csr
    challenge = csr.attributes.get_attribute_for_oid(AttributeOID.CHALLENGE_PASSWORD)
    assert challenge.value == b"cisco123"


def test_manual_grant_stays_pending_until_granted(router, state_lab):
    state_lab.update_settings(mode="manual")
    _scep(router, "serial-number none", "ip-address none", "password x")
    router.dialog("crypto pki enroll TP", "yes")
    for _ in range(3):
        _settle(router)
        assert "Status: Pending" in router.type("do show crypto pki certificates")
    assert "Certificate request(s) ..... Pending" in router.type(
        "do show crypto pki trustpoints status"
    )
    assert "POLL TP" in router.type("do show crypto pki timers")
    (request,) = scep.pending(state_lab)
    scep.grant(state_lab, request.id)
    _settle(router)
    out = router.type("do show crypto pki certificates")
    assert "Status: Pending" not in out and "Status: Available" in out
    assert "Last enrollment status: Granted" in router.type("do show crypto pki trustpoints status")


def test_scep_grant_reject_fault(router, state_dir):
    update_faults_file(faults_path(state_dir, "R1"), ["scep_grant=reject"])
    _scep(router, "serial-number none", "ip-address none", "password x")
    router.dialog("crypto pki enroll TP", "yes")
    _settle(router)
    assert "%PKI-6-CERTREJECT" in router.device.logging_buffer[-1]
    assert find_cert(router.device, "TP", "router") is None
    assert "Last enrollment status: Rejected" in router.type(
        "do show crypto pki trustpoints status"
    )


def test_enroll_needs_the_ca_first(router):
    router.config("crypto pki trustpoint TP", "enrollment url http://ca.lab.example", "exit")
    out = router.type("crypto pki enroll TP")
    assert "% You must authenticate the Certificate Authority before you can enroll with it." in out


def test_reenroll_asks_to_continue_and_regenerate_makes_a_new_key(router):
    _scep(router, "serial-number none", "ip-address none", "password x", "regenerate")
    router.dialog("crypto pki enroll TP", "yes")
    _settle(router)
    first = find_cert(router.device, "TP", "router")
    old_key = router.device.keys["R1.lab.example"].public_der
    out = router.type("crypto pki enroll TP")
    assert out.endswith(
        "Trustpoint TP has already enrolled and has a router cert issued to it.\n"
        "If you successfully re-enroll this trustpoint,the existing certificate will be "
        "replaced.\n\nDo you want to continue with re-enrollment? [yes/no]: "
    )
    router.dialog("yes", "yes")
    _settle(router)
    second = find_cert(router.device, "TP", "router")
    assert second.serial_number != first.serial_number
    assert router.device.keys["R1.lab.example"].public_der != old_key


def test_terminal_enrollment_sign_and_import(router, state_lab):
    _terminal(router, state_lab, "TT", "serial-number none", "ip-address none")
    out = router.type("crypto pki enroll TT")
    assert "challenge password" not in out and "Password:" not in out  # as real IOS
    assert out.endswith("Display Certificate Request to terminal? [yes/no]: ")
    out = router.type("yes")
    assert "Certificate Request follows:\n\n" in out and "BEGIN" not in out
    assert "---End - This line not part of the certificate request---\n" in out
    assert out.endswith("Redisplay enrollment request? [yes/no]: ")
    again = router.type("yes")
    assert again.count("Certificate Request follows:") == 1
    router.type("no")
    csr = load_csr_text(out.split("Certificate Request follows:")[1].split("Redisplay")[0])
    cert = state_lab.sign(csr, timedelta(days=30))
    pem = cert.public_bytes(serialization.Encoding.PEM).decode().strip().splitlines()
    out = router.type("crypto pki import TT certificate")
    assert out.endswith(
        'Enter the base 64 encoded certificate.\nEnd with a blank line or the word "quit" on a'
        " line by itself\n"
    )
    for line in pem:
        router.type(line)
    assert "% Router Certificate successfully imported\n" in router.type("")
    shown = router.type("do show crypto pki certificates TT")
    assert "Status: Available" in shown and "hostname=R1.lab.example" in shown


def test_terminal_pem_framing(router, state_lab):
    _terminal(router, state_lab, "TT", "enrollment terminal pem", "serial-number none")
    router.config("crypto pki trustpoint TT", "ip-address none", "exit")
    out = router.dialog("crypto pki enroll TT", "yes")
    assert "-----BEGIN CERTIFICATE REQUEST-----" in out
    assert "-----END CERTIFICATE REQUEST-----" in out


def test_import_refuses_foreign_key_or_foreign_ca(router, state_lab):
    from mockios.pki.csr import RequestContent, build_csr
    from mockios.pki.keypool import generate_key

    _terminal(router, state_lab, "TT")
    router.config("crypto key generate rsa modulus 1024")
    stranger = state_lab.sign(build_csr(generate_key("rsa", 1024), RequestContent(fqdn="x")))
    pem = stranger.public_bytes(serialization.Encoding.PEM).decode().splitlines()
    out = router.dialog("crypto pki import TT certificate", *pem, "")
    assert "does not match the keys of trustpoint TT" in out
    assert find_cert(router.device, "TT", "router") is None


def test_selfsigned_persistent_and_one_per_router(router):
    router.config("crypto pki trustpoint SS1", "enrollment selfsigned", "exit")
    out = router.dialog("crypto pki enroll SS1", "no", "no")
    assert out.endswith("Generate Self Signed Router Certificate? [yes/no]: ")
    assert "Router Self Signed Certificate successfully created" in router.type("yes")
    cert = find_cert(router.device, "SS1", "self-signed")
    assert cert.subject == cert.issuer
    assert cert.subject.rfc4514_string().startswith("CN=IOS-Self-Signed-Certificate-")
    shown = router.type("do show crypto pki certificates")
    assert "Router Self-Signed Certificate\n  Status: Available" in shown
    assert "Persistent self-signed certificate trust point" in router.type(
        "do show crypto pki trustpoints SS1"
    )
    router.config("crypto pki trustpoint SS2", "enrollment selfsigned", "exit")
    out = router.type("crypto pki enroll SS2")
    assert "(trustpoint SS1)" in out and out.endswith("[yes/no]: ")
    router.dialog("yes", "no", "no", "yes")
    assert find_cert(router.device, "SS1", "self-signed") is None
    assert find_cert(router.device, "SS2", "self-signed") is not None
    assert "certificate self-signed 01" in router.type("do show running-config")


def test_remove_enrolled_trustpoint_asks(router):
    _scep(router)
    out = router.type("no crypto pki trustpoint TP")
    assert out.endswith(
        "% Removing an enrolled trustpoint will destroy all certificates\n"
        " received from the related Certificate Authority.\n\n"
        "Are you sure you want to do this? [yes/no]: "
    )
    router.type("no")
    assert "TP" in router.device.running.trustpoints
    out = router.dialog("no crypto pki trustpoint TP", "yes")
    assert "% Be sure to ask the CA administrator to revoke your certificates." in out
    assert "TP" not in router.device.running.trustpoints
    assert "TP" not in router.device.running.chains


def test_auto_enroll_renews_with_a_new_key(router, state_lab):
    state_lab.update_settings(lifetime_seconds=20)
    _scep(
        router, "serial-number none", "ip-address none", "password x", "auto-enroll 90 regenerate"
    )
    router.dialog("crypto pki enroll TP", "yes")
    _settle(router)
    first = find_cert(router.device, "TP", "router")
    old_key = router.device.keys["R1.lab.example"].public_der
    assert "RENEW TP" in router.type("do show crypto pki timers")
    assert check_renewals(router.device) == []  # 90% of 20 s is still ahead
    router.config("crypto pki trustpoint TP", "auto-enroll 5 regenerate", "exit")
    assert check_renewals(router.device) == ["TP"]  # 5% of 20 s is already behind us
    assert "%PKI-6-CERTRENEWAUTO" in router.device.logging_buffer[-1]
    _settle(router)
    second = find_cert(router.device, "TP", "router")
    assert second.serial_number != first.serial_number
    assert router.device.keys["R1.lab.example"].public_der != old_key
    assert isinstance(second, x509.Certificate)


def test_scep_grant_pending_fault_waits_for_the_ca(router, state_dir, state_lab):
    update_faults_file(faults_path(state_dir, "R1"), ["scep_grant=pending"])
    _scep(router, "serial-number none", "ip-address none", "password x")
    router.dialog("crypto pki enroll TP", "yes")
    for _ in range(3):
        _settle(router)
    assert "Status: Pending" in router.type("do show crypto pki certificates TP")
    (request,) = scep.pending(state_lab)
    scep.grant(state_lab, request.id)
    _settle(router)
    assert find_cert(router.device, "TP", "router") is not None


def test_scep_grant_delay_fault_is_pending_then_granted_by_a_poll(router, state_dir, state_lab):
    update_faults_file(faults_path(state_dir, "R1"), ["scep_grant=delay", "scep_grant_delay=0"])
    assert state_lab.settings()["mode"] == "auto"  # the CA's own mode would grant at once
    _scep(router, "serial-number none", "ip-address none", "password x")
    router.dialog("crypto pki enroll TP", "yes")
    assert scep.pending(state_lab)  # filed as pending for this transaction alone
    _settle(router)
    assert find_cert(router.device, "TP", "router") is not None
    assert "%PKI-6-CERTRET" in router.device.logging_buffer[-1]


def test_delayed_grant_arrives_by_itself(router, state_lab):
    state_lab.update_settings(mode="delay", delay_seconds=0.0)
    _scep(router, "serial-number none", "ip-address none", "password x")
    router.dialog("crypto pki enroll TP", "yes")
    assert scep.pending(state_lab)  # filed as pending, granted on the device's next poll
    _settle(router)
    assert find_cert(router.device, "TP", "router") is not None
    assert not scep.pending(state_lab)


def test_import_refuses_a_certificate_from_another_ca(router, state_lab):
    from mockios.pki.csr import RequestContent
    from mockios.pki.selfsigned import make_self_signed

    _terminal(router, state_lab, "TT")
    router.config("crypto key generate rsa modulus 1024")
    pair = router.device.keys["R1.lab.example"]
    trustpoint = router.device.running.trustpoints["TT"]
    foreign = make_self_signed(router.device, trustpoint, pair.key, RequestContent())
    pem = foreign.public_bytes(serialization.Encoding.PEM).decode().splitlines()
    out = router.dialog("crypto pki import TT certificate", *pem, "")
    assert "% The certificate was not issued by the CA of trustpoint TT." in out
    assert find_cert(router.device, "TT", "router") is None
