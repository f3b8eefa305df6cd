from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives import hashes

from mockios.pki.ios_format import (
    fingerprint,
    fingerprints,
    hex_lines,
    ios_date,
    normalize_fingerprint,
    serial_hex,
)


def test_fingerprints_equal_what_cryptography_computes(lab):
    cert = lab.issuing.cert
    shown = fingerprints(lab.issuing.der)
    for name, algorithm in (
        ("MD5", hashes.MD5()),
        ("SHA1", hashes.SHA1()),
        ("SHA256", hashes.SHA256()),
    ):
        expected = cert.fingerprint(algorithm).hex().upper()
        assert normalize_fingerprint(shown[name]) == expected
        groups = shown[name].split(" ")
        assert all(len(group) == 8 for group in groups)
        assert len(groups) == len(expected) // 8


def test_fingerprint_groups_are_uppercase_eight_hex():
    assert fingerprint(b"abc", "MD5") == "90015098 3CD24FB0 D6963F7D 28E17F72"


def test_ios_date_has_no_zero_padded_day():
    moment = datetime(2002, 6, 7, 18, 16, 45, tzinfo=UTC)
    assert ios_date(moment) == "18:16:45 UTC Jun 7 2002"


def test_hex_lines_group_eight_words_with_short_tail():
    data = bytes(range(34))
    lines = hex_lines(data)
    assert lines[0] == "  00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F"
    assert lines[1] == "  2021"


def test_serial_hex_even_digits():
    assert serial_hex(0x10) == "10"
    assert serial_hex(0xB) == "0B"
    assert serial_hex(0x123) == "0123"


def test_normalize_fingerprint_accepts_colons_and_spaces():
    assert normalize_fingerprint("ab:cd ef-01") == "ABCDEF01"
