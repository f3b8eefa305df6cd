"""Hostile input: whatever arrives, certs raises only ValidationError (never a crash)."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.checks import (
    displayed_fingerprints,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.text import clean_view
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from hypothesis import given, settings
from hypothesis import strategies as st

PEMISH = st.text(
    alphabet=st.sampled_from(list("ABCDEFabcdef0123456789+/=- \n\r\tMIIBEGNRT:%")), max_size=400
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(PEMISH, st.text(max_size=300), st.binary(max_size=300)))
def test_load_certificates_only_raises_validation_error(data):
    try:
        certs.load_certificates(data)
    except ValidationError as error:
        assert error.msg.startswith("certificate: ")


@settings(max_examples=150, deadline=None)
@given(st.one_of(PEMISH, st.text(max_size=200)))
def test_fingerprint_normalizer_refuses_cleanly(value):
    try:
        fingerprint = certs.normalize_fingerprint(value)
    except ValidationError as error:
        assert error.msg.startswith("fingerprint: ")
    else:
        assert len(fingerprint.hex) in certs.FINGERPRINT_LENGTHS


@settings(max_examples=100, deadline=None)
@given(PEMISH)
def test_csr_normalizer_and_public_key_loader_refuse_cleanly(text):
    with pytest.raises(ValidationError):
        certs.normalize_csr_pem("-----BEGIN CERTIFICATE REQUEST-----\n" + text)
    try:
        certs.load_public_key(text)
    except ValidationError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from([None, 7, 80]))
def test_views_never_crash_and_map_back_into_raw(raw, width):
    view = clean_view(raw, wrap_width=width)
    assert len(view.index) == len(view.text)
    assert all(raw[i] == char for i, char in zip(view.index, view.text, strict=True))
    assert view.index == sorted(view.index)
    displayed_fingerprints(view.text)


def test_ten_megabyte_pem_is_refused_before_parsing():
    huge = (
        "-----BEGIN CERTIFICATE-----\n" + "A" * (10 * 1024 * 1024) + "\n-----END CERTIFICATE-----"
    )
    with pytest.raises(ValidationError, match="byte limit"):
        certs.load_certificates(huge, field="ca_certificate")
    with pytest.raises(ValidationError, match="byte limit"):
        certs.normalize_csr_pem(huge)
    with pytest.raises(ValidationError, match="byte limit"):
        certs.legacy_encrypted_key_pem(huge, "x")
