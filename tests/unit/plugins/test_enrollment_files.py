"""Where a file enrollment's files are (PATH.ca, PATH.req, PATH.crt) and which URLs name one."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.enrollment_files import (
    file_path,
    file_url,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpoint import (
    TrustpointFacts,
)


@pytest.mark.parametrize(
    ("url", "suffix", "path"),
    [
        ("tftp://192.0.2.5/pki/r1", ".req", "tftp://192.0.2.5/pki/r1.req"),
        ("tftp://ca.netpki.lab", ".ca", "tftp://ca.netpki.lab/TP.ca"),
        ("flash:certs/r1", ".crt", "flash:certs/r1.crt"),
        ("bootflash:certs/", ".req", "bootflash:certs/TP.req"),
        ("nvram:", ".ca", "nvram:TP.ca"),
    ],
)
def test_file_path(url, suffix, path):
    assert file_path(url, "TP", suffix) == path


@pytest.mark.parametrize(
    ("url", "is_file"),
    [
        ("tftp://192.0.2.5/pki/r1", True),
        ("flash:r1", True),
        ("http://ca.netpki.lab:80", False),
        ("https://ca.netpki.lab/scep", False),
        ("scp://u@h/r1", False),
    ],
)
def test_file_url_only_for_tftp_and_file_systems(url, is_file):
    facts = TrustpointFacts("TP", {"enrollment": {"url": url}})
    assert (file_url(facts) == url) is is_file
