"""parse: an output read by several steps of one task is parsed once, and every caller gets
records of its own."""

from __future__ import annotations

from pathlib import Path

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import parse

CHAIN_COMMAND = "show running-config | section crypto pki certificate chain"
SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "parsers"
    / "show_running-config_crypto_pki_certificate_chain"
    / "iosxe17_three_chains.raw"
)


def test_the_same_output_is_parsed_once_and_handed_out_as_copies() -> None:
    text = SAMPLE.read_text()
    parse._parsed.cache_clear()
    first = parse.parse_output(CHAIN_COMMAND, text)
    second = parse.parse_output(CHAIN_COMMAND, text)
    assert parse._parsed.cache_info().hits == 1 and parse._parsed.cache_info().misses == 1
    assert first == second and len(first) >= 3
    hex_lines = next(r for r in first if isinstance(r.get("HEX"), list) and r["HEX"])
    hex_lines["HEX"].append("00")
    hex_lines["SERIAL"] = "changed by a caller"
    third = parse.parse_output(CHAIN_COMMAND, text)
    assert third == second != first
