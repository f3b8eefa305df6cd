"""`parsers/index` follows the ntc-templates rules and sends each command to the right template."""

from __future__ import annotations

from pathlib import Path

import pytest
from textfsm import clitable

PARSERS_DIR = Path(__file__).resolve().parents[2] / "parsers"
_HEADER = "Template, Hostname, Platform, Command"


def _index_rows() -> list[list[str]]:
    lines = (PARSERS_DIR / "index").read_text().splitlines()
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    assert rows[0] == _HEADER
    return [[field.strip() for field in row.split(",", 3)] for row in rows[1:]]


def _template_for(command: str) -> str | None:
    table = clitable.CliTable("index", str(PARSERS_DIR))
    row = table.index.GetRowMatch({"Command": command, "Platform": "cisco_ios"})
    return table.index.index[row]["Template"] if row else None


def test_rows_are_in_ntc_order_longest_template_name_first() -> None:
    names = [row[0] for row in _index_rows()]
    assert names == sorted(names, key=lambda name: (-len(name), name))


def test_every_row_names_an_existing_template_and_every_template_is_indexed() -> None:
    rows = _index_rows()
    indexed = {row[0] for row in rows}
    assert all(row[2] == "cisco_ios" for row in rows)
    assert indexed == {p.name for p in PARSERS_DIR.glob("*.textfsm")}


@pytest.mark.parametrize(
    ("command", "template"),
    [
        ("show crypto pki certificates", "cisco_ios_show_crypto_pki_certificates"),
        ("sh cry pki cert", "cisco_ios_show_crypto_pki_certificates"),
        ("show crypto pki certificates verbose LAB-TP", "cisco_ios_show_crypto_pki_certificates"),
        ("show crypto pki certificates LAB-TP", "cisco_ios_show_crypto_pki_certificates"),
        ("show crypto ca certificates", "cisco_ios_show_crypto_pki_certificates"),
        ("show crypto pki trustpoints", "cisco_ios_show_crypto_pki_trustpoints"),
        ("show crypto pki trustpoints status", "cisco_ios_show_crypto_pki_trustpoints"),
        ("sh crypto pki trustp LAB-TP status", "cisco_ios_show_crypto_pki_trustpoints"),
        ("show crypto pki timers", "cisco_ios_show_crypto_pki_timers"),
        ("show crypto pki timers detail", "cisco_ios_show_crypto_pki_timers"),
        ("show crypto pki server", "cisco_ios_show_crypto_pki_server"),
        ("sh cry pki ser ROOT-CA", "cisco_ios_show_crypto_pki_server"),
        ("show crypto pki server CA requests", "cisco_ios_show_crypto_pki_server_requests"),
        ("crypto pki server CA info requests", "cisco_ios_show_crypto_pki_server_requests"),
        ("show crypto key mypubkey rsa", "cisco_ios_show_crypto_key_mypubkey"),
        ("show crypto key mypubkey ec EC-TP", "cisco_ios_show_crypto_key_mypubkey"),
        ("sh cry key myp all", "cisco_ios_show_crypto_key_mypubkey"),
        (
            "show running-config | section crypto pki certificate chain",
            "cisco_ios_show_running-config_crypto_pki_certificate_chain",
        ),
        (
            "sh run | s certificate chain",
            "cisco_ios_show_running-config_crypto_pki_certificate_chain",
        ),
        (
            "show startup-config | section crypto pki certificate chain",
            "cisco_ios_show_running-config_crypto_pki_certificate_chain",
        ),
    ],
)
def test_command_resolves_to_template(command: str, template: str) -> None:
    assert _template_for(command) == f"{template}.textfsm"


@pytest.mark.parametrize(
    "command",
    ["show crypto pki trustpool", "show crypto pki session", "show crypto key storage"],
)
def test_neighbouring_commands_do_not_borrow_a_template(command: str) -> None:
    assert _template_for(command) is None


def test_folder_works_as_an_ntc_templates_template_dir() -> None:
    # DESIGN.md: the folder is usable as it is by ntc_templates' own parse_output.
    from ntc_templates.parse import parse_output as ntc_parse_output

    sample = (
        Path(__file__).resolve().parent / "show_crypto_pki_certificates" / "pending_request.raw"
    )
    records = ntc_parse_output(
        platform="cisco_ios",
        command="show crypto pki certificates",
        data=sample.read_text(),
        template_dir=str(PARSERS_DIR),
    )
    assert [r["status"] for r in records] == ["Pending", "Available"]
    assert records[0]["associated_trustpoints"] == ["CORE-CA"]
