"""Each IOS PKI dialog table against the router's own words (IOS 15 and IOS-XE), with real
certificates, keys and CSRs from cryptography, syslog noise, wrapping and faults."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.checks import (
    accept_unverified,
    ca_pins,
    displayed_fingerprints,
    fingerprint_check,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.engine import run_dialog
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.tables import (
    CA_AUTHENTICATE,
    ENROLL,
    IMPORT_CERTIFICATE,
    IMPORT_PEM,
    IMPORT_PKCS12,
    KEY_GENERATE,
    KEY_GENERATE_EC,
    KEY_ZEROIZE,
    TRUSTPOINT_REMOVE,
    enroll_answers,
    key_generate_answers,
    pkcs12_answers,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    DeviceError,
    DialogError,
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.masking import MASK
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from test_dialogs import CONFIG, FAST, ScriptedChannel, Step, paste_steps

SYSLOG = "*Nov 29 20:51:13.067: %PKI-6-CERTRET: Certificate received from Certificate Authority"
CSR_SYSLOG = (
    "*Nov 29 20:51:12.001: %PKI-6-CSR_FINGERPRINT:\n"
    " CSR Fingerprint MD5 : 0123456789ABCDEF0123456789ABCDEF\n"
    " CSR Fingerprint SHA1: 0123456789ABCDEF0123456789ABCDEF01234567\n"
)


def wrap(text: str, width: int) -> str:
    """Hard-wrap every line at ``width`` columns, mid-word, like a narrow terminal."""
    lines = []
    for line in text.split("\n"):
        lines.extend([line[i : i + width] for i in range(0, len(line), width)] or [""])
    return "\n".join(lines)


@pytest.fixture(scope="module")
def lab():
    now = dt.datetime.now(dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Lab Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    rogue_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rogue = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(rogue_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(rogue_key, hashes.SHA256())
    )
    router_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "R1.lab")]))
        .sign(router_key, hashes.SHA256())
    )
    return {
        "ca": ca,
        "ca_pem": certs.certificate_to_pem(ca),
        "rogue": rogue,
        "router_key": router_key,
        "csr_pem": csr.public_bytes(serialization.Encoding.PEM).decode(),
    }


def shown_fingerprints(cert, trailing: str = " ") -> str:
    prints = certs.certificate_fingerprints(cert)
    return (
        "Certificate has the following attributes:\n"
        f"       Fingerprint MD5: {prints['md5']}{trailing}\n"
        f"      Fingerprint SHA1: {prints['sha1']}{trailing}\n"
        "\n"
        "% Do you accept this certificate? [yes/no]: "
    )


# ---------------------------------------------------------------------- authenticate


def _auth(channel, pins, **kwargs):
    return run_dialog(
        channel,
        CA_AUTHENTICATE,
        "crypto pki authenticate LAB",
        checks={"fingerprint": fingerprint_check(pins)},
        prompt="R1",
        **{**FAST, **kwargs},
    )


@pytest.mark.parametrize("trailing", [" ", ""])
def test_authenticate_url_accepts_the_pinned_ca(lab, trailing):
    pin = certs.certificate_fingerprints(lab["ca"])["sha1"].lower().replace(" ", ":")
    channel = ScriptedChannel(
        [
            Step("crypto pki authenticate LAB\n", shown_fingerprints(lab["ca"], trailing)),
            Step("yes\n", "Trustpoint CA certificate accepted.\n" + CONFIG),
        ]
    )
    result = _auth(channel, ca_pins(pin, None))
    assert channel.writes == ["crypto pki authenticate LAB\n", "yes\n"]
    assert result.successes == ["Trustpoint CA certificate accepted."]
    assert result.captures["fingerprint_sha1"] == certs.certificate_fingerprints(lab["ca"])["sha1"]


def test_authenticate_mitm_ca_is_refused_naming_both_fingerprints(lab):
    channel = ScriptedChannel(
        [Step("crypto pki authenticate LAB\n", shown_fingerprints(lab["rogue"]))],
        recovery={"no\n": "no\r\n% Certificate not accepted.\r\n" + CONFIG},
    )
    with pytest.raises(VerificationError) as info:
        _auth(channel, ca_pins(None, lab["ca_pem"]))
    assert channel.writes == ["crypto pki authenticate LAB\n", "no\n", "end\n"]
    good = certs.certificate_fingerprints(lab["ca"])["md5"]
    bad = certs.certificate_fingerprints(lab["rogue"])["md5"]
    assert f"the router shows MD5 {bad}, expected MD5 {good}" in info.value.msg
    assert "nothing installed" in info.value.msg
    assert "Do you accept this certificate?" in info.value.transcript_tail


def test_authenticate_cannot_compare_sha256_with_ios15_display(lab):
    pin = certs.certificate_fingerprints(lab["ca"])["sha256"]
    channel = ScriptedChannel(
        [Step("crypto pki authenticate LAB\n", shown_fingerprints(lab["ca"]))]
    )
    with pytest.raises(VerificationError, match="displayed MD5, SHA1 .* pinned one is SHA256"):
        _auth(channel, ca_pins(pin, None))
    assert channel.writes[1] == "no\n"


def test_authenticate_terminal_paste_iosxe_with_blank_lines_and_syslog(lab):
    pem = lab["ca_pem"]
    steps = [
        Step(
            "crypto pki authenticate TERM\n",
            "\nEnter the base 64 encoded CA certificate.\n"
            'End with a blank line or the word "quit" on a line by itself\n\n',
        ),
        *paste_steps(pem),
        Step(
            "quit\n",
            f"{SYSLOG}\n" + shown_fingerprints(lab["ca"]),
        ),
        Step(
            "yes\n",
            "Trustpoint CA certificate accepted.\n% Certificate successfully imported\n\n" + CONFIG,
        ),
    ]
    channel = ScriptedChannel(steps)
    result = run_dialog(
        channel,
        CA_AUTHENTICATE,
        "crypto pki authenticate TERM",
        answers={"ca_certificate": pem},
        checks={"fingerprint": fingerprint_check(ca_pins(None, pem))},
        **FAST,
    )
    pasted = [line + "\n" for line in pem.strip().splitlines()]
    assert channel.writes == ["crypto pki authenticate TERM\n", *pasted, "quit\n", "yes\n"]
    assert "\n" not in channel.writes  # no blank line ever
    assert len(result.successes) == 2


def test_authenticate_pinned_in_trustpoint_asks_nothing_iosxe26(lab):
    sha1 = certs.certificate_fingerprints(lab["ca"])["sha1"].replace(" ", "")
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki authenticate LAB\n",
                f"Trustpoint Fingerprint: {sha1}\n"
                "Certificate validated - fingerprints matched.\n"
                "Trustpoint CA certificate accepted.\n" + CONFIG,
            )
        ]
    )
    result = _auth(channel, ca_pins(sha1, None))
    assert channel.writes == ["crypto pki authenticate LAB\n"]
    assert result.captures["trustpoint_fingerprint"] == sha1


def test_authenticate_iosxe26_without_pin_is_rejected(lab):
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki authenticate LAB\n",
                "Trustpoint fingerprint must be supplied.\n"
                "Trustpoint CA certificate is rejected. Abort.\n"
                "% Error in saving certificate: status = FAIL\n" + CONFIG,
            )
        ]
    )
    with pytest.raises(DeviceError, match="requires a pinned CA"):
        _auth(channel, ca_pins(None, lab["ca_pem"]))
    assert channel.writes == ["crypto pki authenticate LAB\n", "end\n"]


@pytest.mark.parametrize(
    "reply, reason",
    [
        ("% Please delete your existing CA certificate first.\n", "already installed"),
        (
            "% Error in receiving Certificate Authority certificate: status = FAIL, "
            "cert length = 0\n",
            "status = FAIL, cert length = 0",
        ),
        ("% Failed to authenticate the Certificate Authority\n", "Failed to authenticate"),
    ],
)
def test_authenticate_router_errors(lab, reply, reason):
    channel = ScriptedChannel([Step("crypto pki authenticate LAB\n", reply + CONFIG)])
    with pytest.raises(DeviceError, match=reason):
        _auth(channel, ca_pins(None, lab["ca_pem"]))


def test_fingerprints_split_by_narrow_wrapping(lab):
    channel = ScriptedChannel(
        [
            Step("crypto pki authenticate LAB\n", wrap(shown_fingerprints(lab["ca"]), 30)),
            Step("yes\n", "Trustpoint CA certificate accepted.\n" + CONFIG),
        ]
    )
    _auth(channel, ca_pins(None, lab["ca_pem"]), wrap_width=30)
    assert channel.writes[-1] == "yes\n"


def test_displayed_fingerprints_ignore_csr_syslog_and_take_the_last():
    text = (
        "CSR Fingerprint MD5 : FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\n"
        "Fingerprint MD5: 1461A5DC 22012AE8 76AF3058 EB7AF17C\n"
        "Fingerprint SHA1:CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31 \n"
    )
    assert displayed_fingerprints(text) == {
        "md5": "1461A5DC22012AE876AF3058EB7AF17C",
        "sha1": "CC594608A263E8E2FC43F9C3D784785DFFB3EE31",
    }
    assert accept_unverified(text)["fingerprint_md5"] == "1461A5DC 22012AE8 76AF3058 EB7AF17C"


# IOS 12.2 (the guide's cut-and-paste example) names no algorithm: the bare value is the MD5.
BARE_MD5 = (
    "Certificate has the following attributes:\n"
    "Fingerprint: D6C12961 CD78808A 4E02193C 0790082A\n"
    "% Do you accept this certificate? [yes/no]: "
)


def test_a_bare_fingerprint_is_read_as_md5_only_when_it_has_32_hex_digits():
    assert displayed_fingerprints(BARE_MD5) == {"md5": "D6C12961CD78808A4E02193C0790082A"}
    forty = "Fingerprint: CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31\n% Do you accept"
    assert displayed_fingerprints(forty) == {}  # not MD5, and no name to say what it is
    assert displayed_fingerprints("Trustpoint Fingerprint: " + "AB" * 16 + "\n") == {}


def test_a_bare_md5_matches_an_md5_pin_and_refuses_another_md5():
    matched = fingerprint_check([certs.normalize_fingerprint("D6C12961CD78808A4E02193C0790082A")])
    assert matched(BARE_MD5) == {"fingerprint_md5": "D6C12961 CD78808A 4E02193C 0790082A"}
    other = fingerprint_check([certs.normalize_fingerprint("D6C12961CD78808A4E02193C0790082B")])
    with pytest.raises(VerificationError, match="fingerprint mismatch: the router shows MD5"):
        other(BARE_MD5)


@pytest.mark.parametrize("digits", [40, 64, 96, 128])
def test_a_bare_md5_never_matches_a_pin_of_another_algorithm(digits: int):
    check = fingerprint_check([certs.normalize_fingerprint("D6" * (digits // 2))])
    with pytest.raises(VerificationError, match="displayed MD5 fingerprints, the pinned one is"):
        check(BARE_MD5)


def test_ca_pins_refuses_nothing_to_verify_with():
    with pytest.raises(ValidationError, match="fingerprint or ca_certificate is required"):
        ca_pins(None, None)
    with pytest.raises(ValidationError, match="^fingerprint: "):
        ca_pins("12:34", None)


# ---------------------------------------------------------------------- enroll

SCEP_START = (
    "%\n% Start certificate enrollment .. \n"
    "% Create a challenge password. You will need to verbally provide this\n"
    "   password to the CA Administrator in order to revoke your certificate.\n"
    "   For security reasons your password will not be saved in the configuration.\n"
    "   Please make a note of it.\n\nPassword: "
)


def test_enroll_scep_with_challenge_password_glued_syslog_and_masking():
    secret = "Ch4llenge-Pw"
    channel = ScriptedChannel(
        [
            Step("crypto pki enroll LAB\n", SCEP_START),
            Step(secret + "\n", "\nRe-enter password: ", echo=False),
            Step(
                secret + "\n",
                "\n% The subject name in the certificate will include: CN=R1.lab\n"
                "% The subject name in the certificate will include: R1.lab\n"
                "% Include the router serial number in the subject name? [yes/no]: ",
                echo=False,
            ),
            Step("no\n", "% Include an IP address in the subject name? [no]: "),
            Step("no\n", "Request certificate from CA? [yes/no]: "),
            Step(
                "yes\n",
                f"yes{SYSLOG}\n"
                "% Certificate request sent to Certificate Authority\n"
                "% The 'show crypto pki certificate verbose LAB' commandwill show the "
                "fingerprint.\n" + CONFIG,
                echo=False,
            ),
        ]
    )
    result = run_dialog(
        channel,
        ENROLL,
        "crypto pki enroll LAB",
        answers=enroll_answers(challenge_password=secret),
        prompt="R1",
        **FAST,
    )
    assert channel.writes == [
        "crypto pki enroll LAB\n",
        secret + "\n",
        secret + "\n",
        "no\n",
        "no\n",
        "yes\n",
    ]
    assert result.sent == ["crypto pki enroll LAB", MASK, MASK, "no", "no", "yes"]
    assert result.successes == ["% Certificate request sent to Certificate Authority"]
    assert result.captures["subject_name"] == "CN=R1.lab"  # the DN line, not the host name's
    assert result.captures["subject_hostname"] == "R1.lab"


def test_enroll_scep_password_in_trustpoint_iosxe_ip_configured():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                "% Start certificate enrollment .. \n\n"
                "% The subject name in the certificate will include: CN=R1.lab\n"
                "% The IP address in the certificate is 10.0.0.1\n"
                "% Include the router serial number in the subject name? [yes/no]:",
            ),
            Step(
                "yes\n",
                "% The serial number in the certificate will be: 9XVYC51FMT6\n"
                "Request certificate from CA? [yes/no]:",
            ),
            Step("yes\n", "% Certificate request sent to Certificate Authority\n" + CONFIG),
        ]
    )
    result = run_dialog(
        channel,
        ENROLL,
        "crypto pki enroll LAB",
        answers=enroll_answers(include_serial=True),
        **FAST,
    )
    assert channel.writes == ["crypto pki enroll LAB\n", "yes\n", "yes\n"]
    assert result.captures["ip_address"] == "10.0.0.1"
    assert result.captures["serial_number"] == "9XVYC51FMT6"


def test_enroll_bad_interface_aborts_with_ctrl_c():
    channel = ScriptedChannel(
        [
            Step("crypto pki enroll LAB\n", "% Include an IP address in the subject name? [no]: "),
            Step("yes\n", "Enter Interface name or IP Address[]: "),
            Step(
                "Gi9/9\n",
                "% Bad interface or address. Try again.\nEnter Interface name or IP Address[]: ",
            ),
        ]
    )
    with pytest.raises(DeviceError, match="refused the IP address: % Bad interface or address"):
        run_dialog(
            channel,
            ENROLL,
            "crypto pki enroll LAB",
            answers=enroll_answers(ip_address="Gi9/9"),
            **FAST,
        )
    assert channel.writes[-2:] == ["\x03", "end\n"]


def test_enroll_serial_question_without_an_answer_aborts():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                "% Include the router serial number in the subject name? [yes/no]: ",
            )
        ]
    )
    with pytest.raises(DialogError, match="no answer for it \\(include_serial\\)"):
        run_dialog(
            channel,
            ENROLL,
            "crypto pki enroll LAB",
            answers=enroll_answers(include_serial=None),
            **FAST,
        )
    assert channel.writes == ["crypto pki enroll LAB\n", "no\n", "end\n"]


@pytest.mark.parametrize("pem_armor", [False, True])
@pytest.mark.parametrize("width", [None, 40])
def test_enroll_terminal_captures_the_csr(lab, pem_armor, width):
    body = lab["csr_pem"].strip().splitlines()
    if not pem_armor:
        body = body[1:-1]
    half = len(body) // 2
    listing = "\n".join(body[:half]) + "\n" + CSR_SYSLOG + "\n".join(body[half:])
    display = (
        "Certificate Request follows:\n\n" + listing + "\n\n"
        "---End - This line not part of the certificate request---\n\n"
        "Redisplay enrollment request? [yes/no]: "
    )
    intro = (
        "% Start certificate enrollment .. \n\n"
        "% The subject name in the certificate will include: CN=R1.lab\n"
        "% Include the router serial number in the subject name? [yes/no]: "
    )
    shape = (lambda text: wrap(text, width)) if width else (lambda text: text)
    channel = ScriptedChannel(
        [
            Step("crypto pki enroll TERM\n", shape(intro)),
            Step("no\n", shape("% Include an IP address in the subject name? [no]: ")),
            Step("no\n", shape("Display Certificate Request to terminal? [yes/no]: ")),
            Step("yes\n", shape(display)),
            Step("no\n", CONFIG),
        ]
    )
    result = run_dialog(
        channel,
        ENROLL,
        "crypto pki enroll TERM",
        answers=enroll_answers(),
        wrap_width=width,
        **FAST,
    )
    # No challenge password is asked in terminal enrollment, and none is needed.
    assert channel.writes == ["crypto pki enroll TERM\n", "no\n", "no\n", "yes\n", "no\n"]
    assert certs.normalize_csr_pem(result.captures["csr"]) == lab["csr_pem"]
    assert result.successes == ["Certificate Request follows:"]


def test_reenroll_continue_question():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                "Trustpoint LAB has already enrolled and has a router cert issued to it.\n"
                "If you successfully re-enroll this trustpoint,the existing certificate will be "
                "replaced.\n\nDo you want to continue with re-enrollment? [yes/no]: ",
            ),
            Step(
                "yes\n",
                "% Start certificate enrollment .. \nRequest certificate from CA? [yes/no]: ",
            ),
            Step("yes\n", "% Certificate request sent to Certificate Authority\n" + CONFIG),
        ]
    )
    result = run_dialog(
        channel, ENROLL, "crypto pki enroll LAB", answers=enroll_answers(reenroll=True), **FAST
    )
    assert channel.writes == ["crypto pki enroll LAB\n", "yes\n", "yes\n"]
    assert result.captures["enrolled_trustpoint"] == "LAB"


def test_reenroll_refused_when_not_asked_for():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                "Do you want to continue with re-enrollment? [yes/no]: ",
            ),
            Step("no\n", CONFIG),
        ]
    )
    with pytest.raises(DialogError, match="without confirming success"):
        run_dialog(channel, ENROLL, "crypto pki enroll LAB", answers=enroll_answers(), **FAST)
    assert channel.writes == ["crypto pki enroll LAB\n", "no\n", "end\n"]


def test_self_signed_enroll_with_interface():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll local\n",
                "*Nov 29 20:51:13.067: %SSH-5-ENABLED: SSH 1.99 has been enabled\n"
                "*Nov 29 20:51:13.267: %CRYPTO-6-AUTOGEN: Generated new 512 bit key pair\n"
                "% Include the router serial number in the subject name? [yes/no]: ",
            ),
            Step("yes\n", "% Include an IP address in the subject name? [no]: "),
            Step("yes\n", "Enter Interface name or IP Address[]: "),
            Step("ethernet 0\n", "Generate Self Signed Router Certificate? [yes/no]: "),
            Step("yes\n", "\nRouter Self Signed Certificate successfully created\n" + CONFIG),
        ]
    )
    run_dialog(
        channel,
        ENROLL,
        "crypto pki enroll local",
        answers=enroll_answers(include_serial=True, ip_address="ethernet 0"),
        **FAST,
    )
    assert channel.writes == [
        "crypto pki enroll local\n",
        "yes\n",
        "yes\n",
        "ethernet 0\n",
        "yes\n",
    ]


def test_self_signed_replace_question():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll local\n",
                "% You already have a Router Self Signed certificate.\n"
                "% Do you want to replace it? [yes/no]: ",
            ),
            Step("yes\n", "Generate Self Signed Router Certificate? [yes/no]: "),
            Step("yes\n", "Router Self Signed Certificate successfully created\n" + CONFIG),
        ]
    )
    answers = enroll_answers(include_serial=False, replace=True)
    run_dialog(channel, ENROLL, "crypto pki enroll local", answers=answers, **FAST)
    assert channel.writes == ["crypto pki enroll local\n", "yes\n", "yes\n"]


def test_enroll_before_authenticate():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                "% You must authenticate the Certificate Authority before you can enroll with "
                "it.\n" + CONFIG,
            )
        ]
    )
    with pytest.raises(DeviceError, match="CA not authenticated"):
        run_dialog(channel, ENROLL, "crypto pki enroll LAB", answers=enroll_answers(), **FAST)
    # That message is exactly 80 columns: the prompt after it must still be recognised.
    assert channel.writes == ["crypto pki enroll LAB\n", "end\n"]


# ---------------------------------------------------------------------- keys

KEY_INTRO = (
    "The name for the keys will be: R1.key\n"
    "Choose the size of the key modulus in the range of 360 to 4096 for your\n"
    "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
    "  a few minutes.\n\n"
    "How many bits in the modulus [512]: "
)


def test_key_generate_ios15_replace_then_modulus():
    channel = ScriptedChannel(
        [
            Step(
                "crypto key generate rsa label R1.key\n",
                "% You already have RSA keys defined named R1.key.\n"
                "% Do you really want to replace them? [yes/no]: ",
            ),
            Step("yes\n", KEY_INTRO),
            Step(
                "2048\n",
                "% Generating 2048 bit RSA keys, keys will be non-exportable...\n"
                "[OK] (elapsed time was 3 seconds)\n\n" + CONFIG,
            ),
        ]
    )
    result = run_dialog(
        channel,
        KEY_GENERATE,
        "crypto key generate rsa label R1.key",
        answers=key_generate_answers(modulus=2048, replace=True),
        **FAST,
    )
    assert channel.writes == ["crypto key generate rsa label R1.key\n", "yes\n", "2048\n"]
    assert result.captures["existing_label"] == "R1.key"
    assert result.captures["generated_bits"] == "2048"


def test_key_generate_iosxe_replaces_without_asking():
    channel = ScriptedChannel(
        [
            Step(
                "crypto key generate rsa modulus 2048 label R1.key\n",
                "% You already have RSA keys defined named R1.key.\n% They will be replaced.\n"
                "% The key modulus size is 2048 bits\n"
                "% Generating 2048 bit RSA keys, keys will be non-exportable...\n"
                "[OK] (elapsed time was 1 seconds)\n\n" + CONFIG,  # IOS-XE: a blank line
            )
        ]
    )
    result = run_dialog(
        channel,
        KEY_GENERATE,
        "crypto key generate rsa modulus 2048 label R1.key",
        answers=key_generate_answers(),
        **FAST,
    )
    assert channel.writes == ["crypto key generate rsa modulus 2048 label R1.key\n"]
    assert result.captures["modulus_size"] == "2048"


def test_key_generate_ec_new_key_is_confirmed_by_the_prompt_alone():
    command = "crypto key generate ec keysize 256 label TP1"
    channel = ScriptedChannel(
        [Step(command + "\n", "The name for the keys will be: TP1\n\n" + CONFIG)]
    )
    result = run_dialog(channel, KEY_GENERATE_EC, command, answers=key_generate_answers(), **FAST)
    assert channel.writes == [command + "\n"]
    assert result.captures["key_name"] == "TP1" and result.prompt == CONFIG


def test_key_generate_ec_replace_returns_straight_to_the_prompt():
    command = "crypto key generate ec keysize 384 label TP1"
    channel = ScriptedChannel(
        [
            Step(
                command + "\n",
                "% You already have EC keys defined named TP1.\n"
                "% Do you really want to replace them? [yes/no]: ",
            ),
            Step("yes\n", CONFIG),
        ]
    )
    result = run_dialog(
        channel, KEY_GENERATE_EC, command, answers=key_generate_answers(replace=True), **FAST
    )
    assert channel.writes == [command + "\n", "yes\n"]
    assert result.captures["existing_label"] == "TP1"


@pytest.mark.parametrize(
    "reply",
    [
        "% Invalid input detected at '^' marker.\n\n",
        "% Please define a domain-name first.\n",
        "% EC key generation is not supported on this device\n",  # any other % message
    ],
)
def test_key_generate_ec_prompt_after_a_percent_message_is_a_failure(reply):
    command = "crypto key generate ec keysize 256 label TP1"
    channel = ScriptedChannel([Step(command + "\n", reply + CONFIG)])
    with pytest.raises(DeviceError, match=re.escape(reply.strip())):
        run_dialog(channel, KEY_GENERATE_EC, command, answers=key_generate_answers(), **FAST)


def test_key_generate_refuses_to_replace_unless_told():
    channel = ScriptedChannel(
        [
            Step(
                "crypto key generate rsa label R1.key\n",
                "% You already have RSA keys defined named R1.key.\n"
                "% Do you really want to replace them? [yes/no]: ",
            ),
            Step("no\n", CONFIG),
        ]
    )
    with pytest.raises(DialogError, match="without confirming success"):
        run_dialog(
            channel,
            KEY_GENERATE,
            "crypto key generate rsa label R1.key",
            answers=key_generate_answers(modulus=2048),
            **FAST,
        )


def test_key_generate_needs_domain_name():
    channel = ScriptedChannel(
        [
            Step(
                "crypto key generate rsa label K\n",
                "% Please define a domain-name first.\n" + CONFIG,
            )
        ]
    )
    with pytest.raises(DeviceError, match="no domain name"):
        run_dialog(channel, KEY_GENERATE, "crypto key generate rsa label K", **FAST)


def test_key_zeroize():
    channel = ScriptedChannel(
        [
            Step(
                "crypto key zeroize rsa R1.key\n",
                "% Keys to be removed are named 'R1.key'.\n"
                "% All router certs issued using these keys will also be removed.\n"
                "Do you really want to remove these keys? [yes/no]: ",
            ),
            Step("yes\n", CONFIG),
        ]
    )
    result = run_dialog(channel, KEY_ZEROIZE, "crypto key zeroize rsa R1.key", **FAST)
    assert channel.writes == ["crypto key zeroize rsa R1.key\n", "yes\n"]
    assert result.captures["removed_label"] == "R1.key"


# ---------------------------------------------------------------------- import and removal


def test_import_certificate_paste(lab):
    pem = lab["ca_pem"]
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki import TERM certificate\n",
                "% The IP address in the certificate is 10.0.0.1\n\n"
                "Enter the base 64 encoded certificate.\n"
                'End with a blank line or the word "quit" on a line by itself\n\n',
            ),
            *paste_steps(pem),
            Step("quit\n", "% Router Certificate successfully imported\n\n" + CONFIG),
        ]
    )
    result = run_dialog(
        channel,
        IMPORT_CERTIFICATE,
        "crypto pki import TERM certificate",
        answers={"certificate": pem},
        **FAST,
    )
    assert channel.writes[-1] == "quit\n"
    assert result.successes == ["% Router Certificate successfully imported"]


def test_import_pem_three_pastes_with_legacy_key_masked(lab):
    passphrase = "Pem-Passphrase-1"
    pkcs8 = (
        lab["router_key"]
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
        .decode()
    )
    key = certs.legacy_encrypted_key_pem(pkcs8, passphrase)
    key_steps = [Step(line + "\n") for line in key.strip().split("\n")]
    command = f"crypto pki import TP pem terminal password {passphrase}"
    channel = ScriptedChannel(
        [
            Step(
                command + "\n",
                '% Enter PEM-formatted CA certificate.\n% End with a blank line or "quit" on a '
                "line by itself.\n",
            ),
            *paste_steps(lab["ca_pem"]),
            Step(
                "quit\n",
                "% Enter PEM-formatted encrypted private General Purpose key.\n"
                '% End with "quit" on a line by itself.\n',
            ),
            *key_steps,
            Step(
                "quit\n",
                "% Enter PEM-formatted General Purpose certificate.\n"
                '% End with a blank line or "quit" on a line by itself.\n',
            ),
            *paste_steps(lab["ca_pem"]),
            Step("quit\n", "% PEM files import succeeded.\n" + CONFIG),
        ]
    )
    result = run_dialog(
        channel,
        IMPORT_PEM,
        command,
        answers={
            "ca_certificate": lab["ca_pem"],
            "private_key": key,
            "certificate": lab["ca_pem"],
            "passphrase": passphrase,
        },
        **FAST,
    )
    assert channel.unexpected == []
    assert channel.writes.count("\n") == 1  # the blank line inside the legacy key, on purpose
    assert result.successes == ["% PEM files import succeeded."]
    key_body = [line for line in key.splitlines()[4:-1] if line]
    for text in (result.transcript, "\n".join(result.sent)):
        assert passphrase not in text
        assert not any(line in text for line in key_body)
    assert f"crypto pki import TP pem terminal password {MASK}" in result.sent


def test_import_pem_failure_keeps_key_out_of_the_error(lab):
    key = (
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nSECRETKEYMATERIALLINE1\n"
        "-----END ENCRYPTED PRIVATE KEY-----\n"
    )
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki import TP pem terminal\n",
                "% Enter PEM-formatted encrypted private General Purpose key.\n"
                '% End with "quit" on a line by itself.\n',
            ),
            *[Step(line + "\n") for line in key.strip().split("\n")],
            Step("quit\n", "% Error: SECRETKEYMATERIALLINE1 is not a key\n" + CONFIG),
        ]
    )
    with pytest.raises(DeviceError) as info:
        run_dialog(
            channel,
            IMPORT_PEM,
            "crypto pki import TP pem terminal",
            answers={"private_key": key},
            **FAST,
        )
    assert "SECRETKEYMATERIAL" not in info.value.msg
    assert "SECRETKEYMATERIAL" not in info.value.transcript_tail
    assert MASK in info.value.transcript_tail


def test_import_pkcs12_file_questions_answered_from_the_url():
    command = "crypto pki import TP pkcs12 tftp://10.0.0.9/r1.p12 password P12-secret"
    channel = ScriptedChannel(
        [
            Step(command + "\n", "% Importing pkcs12...\nSource filename [r1.p12]? "),
            Step(
                "r1.p12\n",
                "Reading file from tftp://10.0.0.9/r1.p12\n"
                "CRYPTO_PKI: Imported PKCS12 file successfully.\n" + CONFIG,
            ),
        ]
    )
    answers = pkcs12_answers("P12-secret", "10.0.0.9", "r1.p12")
    result = run_dialog(channel, IMPORT_PKCS12, command, answers=answers, **FAST)
    assert channel.writes == [command + "\n", "r1.p12\n"]
    assert "P12-secret" not in result.transcript
    assert result.sent[0].endswith(f"password {MASK}")


def test_import_pkcs12_host_and_file_questions_of_a_tftp_copy():
    """The router's questions when the URL it gets lacks host and file, answered from the
    user's host and file (the real exchange: tests/transcripts/import/)."""
    command = "crypto pki import TP pkcs12 tftp: password P12-secret"
    channel = ScriptedChannel(
        [
            Step(command + "\n", "Address or name of remote host []? "),
            Step("10.0.0.9\n", "Source filename [TP]? "),
            Step(
                "r1.p12\n",
                "Reading file from tftp://10.0.0.9/r1.p12\n"
                "Loading r1.p12 from 10.0.0.9 (via GigabitEthernet1): !\n"
                "[OK - 2389 bytes]\n"
                "CRYPTO_PKI: Imported PKCS12 file successfully.\n" + CONFIG,
            ),
        ]
    )
    answers = pkcs12_answers("P12-secret", "10.0.0.9", "r1.p12")
    result = run_dialog(channel, IMPORT_PKCS12, command, answers=answers, **FAST)
    assert channel.writes == [command + "\n", "10.0.0.9\n", "r1.p12\n"]
    assert result.captures["bytes_read"] == "2389"


def test_import_pkcs12_host_question_for_a_file_system_path_aborts():
    command = "crypto pki import TP pkcs12 flash:r1.p12 password P12-secret"
    channel = ScriptedChannel([Step(command + "\n", "Address or name of remote host []? ")])
    answers = pkcs12_answers("P12-secret", None, "r1.p12")
    with pytest.raises(DialogError, match="no answer for it \\(remote_host\\)"):
        run_dialog(channel, IMPORT_PKCS12, command, answers=answers, **FAST)


def test_no_trustpoint_confirmation():
    channel = ScriptedChannel(
        [
            Step(
                "no crypto pki trustpoint LAB\n",
                "% Removing an enrolled trustpoint will destroy all certificates\n"
                " received from the related Certificate Authority.\n\n"
                "Are you sure you want to do this? [yes/no]: ",
            ),
            Step(
                "yes\n",
                "% Be sure to ask the CA administrator to revoke your certificates.\n" + CONFIG,
            ),
        ]
    )
    run_dialog(channel, TRUSTPOINT_REMOVE, "no crypto pki trustpoint LAB", **FAST)
    assert channel.writes == ["no crypto pki trustpoint LAB\n", "yes\n"]


def test_no_trustpoint_not_enrolled_asks_nothing():
    channel = ScriptedChannel([Step("no crypto pki trustpoint LAB\n", CONFIG)])
    run_dialog(channel, TRUSTPOINT_REMOVE, "no crypto pki trustpoint LAB", **FAST)
    assert channel.writes == ["no crypto pki trustpoint LAB\n"]


def test_invalid_input_is_a_device_error():
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll BAD NAME\n",
                "                               ^\n% Invalid input detected at '^' marker.\n\n"
                + CONFIG,
            )
        ]
    )
    with pytest.raises(DeviceError, match="refused the command: % Invalid input detected"):
        run_dialog(channel, ENROLL, "crypto pki enroll BAD NAME", answers=enroll_answers(), **FAST)


def test_whole_enroll_one_character_at_a_time():
    channel = ScriptedChannel(
        [
            Step("crypto pki enroll LAB\n", SCEP_START),
            Step("\n", "\nRe-enter password: ", echo=False),
            Step(
                "\n",
                "\n% Include the router serial number in the subject name? [yes/no]: ",
                echo=False,
            ),
            Step("no\n", "% Include an IP address in the subject name? [no]: "),
            Step("no\n", "Request certificate from CA? [yes/no]: "),
            Step(
                "yes\n",
                f"yes{SYSLOG}\n% Certificate request sent to Certificate Authority\n" + CONFIG,
                echo=False,
            ),
        ],
        chunk=3,
    )
    run_dialog(channel, ENROLL, "crypto pki enroll LAB", answers=enroll_answers(), **FAST)
    assert channel.writes == ["crypto pki enroll LAB\n", "\n", "\n", "no\n", "no\n", "yes\n"]


def test_extra_question_before_the_accept_question_never_gets_a_yes(lab):
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki authenticate LAB\n",
                shown_fingerprints(lab["ca"])
                .replace("% Do you accept", "% Unexpected question? [yes/no]: ")
                .split("% Unexpected question?")[0]
                + "% Unexpected question? [yes/no]: ",
            ),
            Step("no\n", "% Do you accept this certificate? [yes/no]: "),
            Step("no\n", CONFIG),
        ]
    )
    with pytest.raises(DialogError, match="unexpected question: '% Unexpected question"):
        _auth(channel, ca_pins(None, lab["ca_pem"]))
    assert channel.writes == ["crypto pki authenticate LAB\n", "no\n", "no\n", "end\n"]


def test_long_subject_wrapped_at_80_columns_is_captured_whole():
    subject = (
        "CN=R1.lab.example,OU=Network Operations,OU=PKI,O=Example Corporation,L=Springfield,C=US"
    )
    line = f"% The subject name in the certificate will include: {subject}"
    assert len(line) > 80
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                wrap(line, 80)
                + "\n% Include the router serial number in the subject name? [yes/no]: ",
            ),
            Step("no\n", "Request certificate from CA? [yes/no]: "),
            Step("yes\n", "% Certificate request sent to Certificate Authority\n" + CONFIG),
        ]
    )
    result = run_dialog(channel, ENROLL, "crypto pki enroll LAB", answers=enroll_answers(), **FAST)
    assert result.captures["subject_name"] == subject


def test_subject_line_of_exactly_80_columns_keeps_dn_and_hostname_apart():
    dn_line = "% The subject name in the certificate will include: CN=rt1.example.com,O=Example"
    assert len(dn_line) == 80
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki enroll LAB\n",
                "% Start certificate enrollment .. \n\n"
                + dn_line
                + "\n% The subject name in the certificate will include: r1.example.com\n"
                "% Include the router serial number in the subject name? [yes/no]: ",
            ),
            Step("no\n", "% Include an IP address in the subject name? [no]: "),
            Step("no\n", "Request certificate from CA? [yes/no]: "),
            Step("yes\n", "% Certificate request sent to Certificate Authority\n" + CONFIG),
        ]
    )
    result = run_dialog(channel, ENROLL, "crypto pki enroll LAB", answers=enroll_answers(), **FAST)
    assert result.captures["subject_name"] == "CN=rt1.example.com,O=Example"
    assert result.captures["subject_hostname"] == "r1.example.com"
    assert channel.writes == ["crypto pki enroll LAB\n", "no\n", "no\n", "yes\n"]


@pytest.mark.parametrize(
    "reply, quoted",
    [
        (
            "% PKCS #12 import failed: wrong password or bad file.\n",
            "% PKCS #12 import failed: wrong password or bad file.",
        ),
        (
            "%Error opening flash:none.p12 (No such file or directory)\n",
            "%Error opening flash:none.p12 (No such file or directory)",
        ),
    ],
)
def test_pkcs12_refusals_quote_the_router(reply, quoted):
    command = "crypto pki import P12 pkcs12 flash:r1.p12 password P12-secret"
    channel = ScriptedChannel([Step(command + "\n", "% Importing pkcs12...\n" + reply + CONFIG)])
    with pytest.raises(DeviceError) as info:
        run_dialog(channel, IMPORT_PKCS12, command, answers={"passphrase": "P12-secret"}, **FAST)
    assert info.value.msg.endswith(": " + quoted)
    assert "P12-secret" not in info.value.transcript_tail


def test_pem_refusal_quotes_every_line_of_the_message(lab):
    channel = ScriptedChannel(
        [
            Step(
                "crypto pki import TP pem terminal\n",
                '% Enter PEM-formatted CA certificate.\n% End with a blank line or "quit" on a '
                "line by itself.\n",
            ),
            *paste_steps(lab["ca_pem"]),
            Step(
                "quit\n",
                "% PEM files import failed.\n% Key decryption failed: bad password or key.\n"
                + CONFIG,
            ),
        ]
    )
    with pytest.raises(DeviceError) as info:
        run_dialog(
            channel,
            IMPORT_PEM,
            "crypto pki import TP pem terminal",
            answers={"ca_certificate": lab["ca_pem"]},
            **FAST,
        )
    assert info.value.msg == (
        "crypto pki import pem: the router reported a failure: % PEM files import failed. "
        "% Key decryption failed: bad password or key."
    )
