"""The lab's clock offset (`mockios.clock`): `show clock`, the lab CA's dates and the CRL
follow it, set at start or moved at run time through `<state-dir>/clock.json`."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mockios import clock
from mockios.pki.lab_ca import LabCA


@pytest.fixture
def lab_clock(tmp_path):
    clock.use_state_dir(tmp_path)
    yield tmp_path
    clock.use_state_dir(None)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("+9d", 9 * 86400),
        ("-2h", -7200),
        ("90m", 5400),
        ("30", 30),
        ("1.5w", 1.5 * 604800),
        ("+27d2h", 27 * 86400 + 7200),
    ],
)
def test_offsets_read_as_the_command_line_writes_them(text, seconds) -> None:
    assert clock.parse_offset(text) == seconds


@pytest.mark.parametrize("text", ["", "9 days", "+d", "tomorrow", "2h30"])
def test_a_malformed_offset_is_refused(text) -> None:
    with pytest.raises(ValueError, match="clock offset"):
        clock.parse_offset(text)


def test_a_moved_clock_is_followed_at_once(lab_clock) -> None:
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 5
    clock.write_offset(lab_clock, 9 * 86400)
    assert abs((clock.now() - datetime.now(UTC)).total_seconds() - 9 * 86400) < 5
    clock.write_offset(lab_clock, -3600)
    assert abs((clock.now() - datetime.now(UTC)).total_seconds() + 3600) < 5


def test_show_clock_follows_the_offset(lab_clock, router) -> None:
    clock.write_offset(lab_clock, 400 * 86400)
    shown = router.type("show clock").strip().splitlines()[0]
    shown_at = datetime.strptime(shown, "*%H:%M:%S.000 UTC %a %b %d %Y").replace(tzinfo=UTC)
    assert abs((shown_at - datetime.now(UTC)).total_seconds() - 400 * 86400) < 5


def test_the_lab_ca_signs_and_publishes_by_the_moved_clock(lab_clock, lab_dir) -> None:
    lab = LabCA(lab_dir)
    clock.write_offset(lab_clock, 20 * 86400)
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "r1.lab.example")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).sign(key, hashes.SHA256())
    cert = lab.sign(csr, timedelta(days=10))
    ahead = cert.not_valid_before_utc - datetime.now(UTC)
    assert timedelta(days=19, hours=23) < ahead < timedelta(days=20, minutes=1)
    crl = lab.crl()
    assert crl.last_update_utc > datetime.now(UTC) + timedelta(days=19)


def test_the_command_line_moves_and_shows_the_clock(tmp_path) -> None:
    def mockios(*args: str) -> str:
        command = [sys.executable, "-m", "mockios", "clock", "--state-dir", str(tmp_path)]
        done = subprocess.run([*command, *args], capture_output=True, text=True, check=True)
        return done.stdout

    assert mockios("+9d").startswith("offset +9 days")
    assert mockios("--add", "--", "-1d").startswith("offset +8 days")
    assert clock.read_offset(tmp_path) == 8 * 86400
