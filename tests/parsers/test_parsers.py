"""Every ``<command>/<sample>.raw`` parses to exactly its ``<sample>.yml`` (ntc-templates style).

The folder name is the command with spaces as underscores; commands with a pipe, which a
folder name cannot carry nicely, are spelled out in ``_COMMAND_OF_FOLDER``. The same samples
are also parsed after the layout changes IOS is known to make (CRLF line ends, lines padded
with hundreds of spaces, everything flush-left), and must give the same records.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import parse_output

SAMPLES_DIR = Path(__file__).resolve().parent
_COMMAND_OF_FOLDER = {
    "show_running-config_crypto_pki_certificate_chain": (
        "show running-config | section crypto pki certificate chain"
    ),
    "show_startup-config_crypto_pki_certificate_chain": (
        "show startup-config | section crypto pki certificate chain"
    ),
    "show_running-config_crypto_pki_trustpoint": (
        "show running-config | section crypto pki trustpoint"
    ),
    "show_running-config_crypto_pki_profile_enrollment": (
        "show running-config | section crypto pki profile enrollment"
    ),
    "show_crypto_pki_server_requests": "show crypto pki server CA requests",
}
_RAW_SAMPLES = sorted(SAMPLES_DIR.glob("*/*.raw"))


def _command_for(sample: Path) -> str:
    folder = sample.parent.name
    return _COMMAND_OF_FOLDER.get(folder, folder.replace("_", " "))


def _expected(sample: Path) -> list[dict]:
    parsed = yaml.safe_load(sample.with_suffix(".yml").read_text())
    return parsed["parsed_sample"]


def _parsed(sample: Path, text: str) -> list[dict]:
    # ntc-templates keeps lowercase keys in its .yml files; parse_output returns UPPERCASE.
    return [
        {key.lower(): value for key, value in record.items()}
        for record in parse_output(_command_for(sample), text)
    ]


def _sample_id(sample: Path) -> str:
    return f"{sample.parent.name}/{sample.stem}"


def test_samples_exist_for_every_template() -> None:
    templates = {p.stem for p in (SAMPLES_DIR.parents[1] / "parsers").glob("*.textfsm")}
    folders = {p.parent.name for p in _RAW_SAMPLES}
    for template in templates:
        command_part = template.removeprefix("cisco_ios_")
        assert any(f.startswith(command_part) or command_part in f for f in folders), template


@pytest.mark.parametrize("sample", _RAW_SAMPLES, ids=_sample_id)
def test_sample_parses_to_its_yml(sample: Path) -> None:
    assert sample.with_suffix(".yml").exists(), f"{sample.name} has no .yml beside it"
    expected = _expected(sample)
    assert expected, "a sample must expect at least one record"
    assert _parsed(sample, sample.read_text()) == expected


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _padded(text: str) -> str:
    return "\n".join(line + " " * 300 for line in text.split("\n"))


def _flush_left(text: str) -> str:
    return "\n".join(line.lstrip() for line in text.split("\n"))


@pytest.mark.parametrize("layout", [_crlf, _padded, _flush_left], ids=lambda f: f.__name__[1:])
@pytest.mark.parametrize("sample", _RAW_SAMPLES, ids=_sample_id)
def test_layout_variants_parse_the_same(sample: Path, layout: Callable[[str], str]) -> None:
    assert _parsed(sample, layout(sample.read_text())) == _expected(sample)
