"""dialog_text: the cleaned views the engine matches on; and the masker the engine uses."""

from __future__ import annotations

import re

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.text import (
    clean_view,
    normalize_newlines,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.masking import (
    MASK,
    Masker,
    wrap_tolerant,
)

SYSLOG = "*Nov 29 20:51:13.067: %PKI-6-CERTRET: Certificate received from Certificate Authority"


def test_newlines_like_netmiko():
    assert normalize_newlines("a\r\nb\r\r\nc\n\rd\re") == "a\nb\nc\nd\ne"


def test_syslog_glued_to_an_echoed_answer_keeps_the_answer():
    view = clean_view(f"question: yes{SYSLOG}\n% Certificate request sent\n")
    assert view.text == "question: yes\n% Certificate request sent\n"


def test_syslog_lines_of_their_own_vanish_with_their_line_break():
    raw = (
        "before\n"
        f"{SYSLOG}\n"
        "000123: *Nov 29 20:51:13.267 UTC: %CRYPTO-6-AUTOGEN: Generated new 512 bit key pair\n"
        "%SSH-5-ENABLED: SSH 1.99 has been enabled\n"
        "after"
    )
    assert clean_view(raw).text == "before\nafter"


def test_multi_line_syslog_goes_whole():
    raw = (
        "MIIBxx\n"
        "*Nov 29 20:51:12.001: %PKI-6-CSR_FINGERPRINT:\n"
        " CSR Fingerprint MD5 : 0123456789ABCDEF0123456789ABCDEF\n"
        " CSR Fingerprint SHA1: 0123456789ABCDEF0123456789ABCDEF01234567\n"
        "MIICyy\n"
    )
    assert clean_view(raw).text == "MIIBxx\nMIICyy\n"


def test_dialog_percent_lines_are_not_syslog():
    raw = "% Do you accept this certificate? [yes/no]: "
    assert clean_view(raw).text == raw


def test_pager_marks_and_backspaces_are_removed():
    raw = "line one\n --More-- " + "\x08" * 9 + " " * 9 + "\x08" * 9 + "line two"
    assert clean_view(raw).text == "line one\nline two"


def test_wraps_joined_only_at_the_exact_width_and_indexes_point_into_raw():
    question = "% Include the router serial number in the subject name? [yes/no]: "
    raw = question[:30] + "\n" + question[30:60] + "\n" + question[60:]
    view = clean_view(raw, wrap_width=30)
    assert view.text == question
    match = re.search(r"serial number", view.text)
    assert raw[view.raw_start(match.start()) : view.raw_end(match.end())] == "serial nu\nmber"
    assert clean_view("short\nline", wrap_width=30).text == "short\nline"


# Both subject-name lines as IOS-XE prints them; the DN line is exactly 80 columns.
DN_LINE = "% The subject name in the certificate will include: CN=rt1.example.com,O=Example"
HOSTNAME_LINE = "% The subject name in the certificate will include: r1.example.com"


def test_a_line_of_exactly_the_width_keeps_its_break_before_a_new_message():
    assert len(DN_LINE) == 80
    raw = DN_LINE + "\n" + HOSTNAME_LINE + "\n"
    assert clean_view(raw, wrap_width=80).text == raw


def test_a_line_of_exactly_the_width_still_joins_its_continuation():
    assert len(DN_LINE) == 80
    raw = DN_LINE + "\n,C=US\n" + HOSTNAME_LINE + "\n"
    expected = DN_LINE + ",C=US\n" + HOSTNAME_LINE + "\n"
    assert clean_view(raw, wrap_width=80).text == expected


def test_wrapped_syslog_is_removed_whole_when_joined():
    glued = f"yes{SYSLOG}"
    raw = glued[:40] + "\n" + glued[40:80] + "\n" + glued[80:] + "\nnext"
    assert clean_view(raw, wrap_width=40).text == "yes\nnext"


def test_wrap_tolerant_regex():
    assert re.search(wrap_tolerant("crypto pki enroll"), "crypto pk\ni enroll")
    assert not re.search(wrap_tolerant("crypto pki enroll"), "crypto pk\n\ni enroll")


def test_masker_hides_secrets_also_when_wrapped_and_each_line_of_blocks():
    mask = Masker(["Ch4llenge-Pw", "-----BEGIN KEY-----\nAAAABBBB\nCCCCDDDD\n", ""])
    text = "pw Ch4llen\nge-Pw and AAAABBBB then CCCCDDDD"
    assert mask(text) == f"pw {MASK} and {MASK} then {MASK}"
    assert Masker([])("nothing to hide") == "nothing to hide"
