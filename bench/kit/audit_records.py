"""How the hand-written audit scripts parse what the routers print: the collection's TextFSM
templates (``parsers/``), chosen through TextFSM's CliTable as ntc-templates does, counting
the records. Shared by ``netmiko_audit.py`` and ``asyncssh_audit.py``, which import it from
beside them."""

from __future__ import annotations

from pathlib import Path

from textfsm import clitable

PARSERS = str(Path(__file__).resolve().parents[2] / "parsers")

# The PKI section of the running-config holds three kinds of block, one template each.
_PARSED_AS = {
    "show running-config | section crypto pki|^hostname|^ip domain": [
        "show running-config | section trustpoint",
        "show running-config | section profile enrollment",
        "show running-config | section certificate chain",
    ]
}


def cli_table() -> clitable.CliTable:
    """A parser for ``count_records``; it holds state, so one per thread."""
    return clitable.CliTable("index", PARSERS)


def count_records(table: clitable.CliTable, command: str, text: str) -> int:
    """The records ``command``'s output ``text`` holds, by its template(s)."""
    records = 0
    for key in _PARSED_AS.get(command, [command]):
        table.ParseCmd(text, {"Command": key, "Platform": "cisco_ios"})
        records += table.size
    return records
