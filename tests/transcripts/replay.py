"""Replay a dialog transcript's router side into the dialog engine.

``TranscriptChannel`` plays the router of one transcript: it echoes what is typed, prints each
step's ``out`` once the engine has typed what the human typed, and the final prompt after the
last step. ``engine_call(case)`` gives the operation's real table, answers and checks, built
from the transcript's ``inputs`` the way the modules build them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs import tables as tables
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.checks import (
    accept_unverified,
    ca_pins,
    fingerprint_check,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.engine import DialogTable
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.certs import (
    certificate_to_pem,
    load_certificate,
)
from corpus import Case, Step

# IOS takes `y`/`n` for yes/no, and ends a paste on a blank line or `quit`.
_SAME = ({"y", "yes"}, {"n", "no"}, {"", "quit"})
# IOS accepts a pasted certificate with or without its PEM armour lines.
_ARMOUR = re.compile(r"^-----(?:BEGIN|END) [A-Z0-9 ]+-----$")


def same_typing(engine: str, human: str) -> bool:
    return engine == human or any({engine, human} <= pair for pair in _SAME)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@dataclass
class TranscriptChannel:
    steps: list[Step]
    command: str
    prompt: str
    writes: list[str] = field(default_factory=list)
    mismatches: list[tuple[str, str | None]] = field(default_factory=list)
    _out: str = ""
    _next: int = -1  # -1: the command is still to be typed

    def write_channel(self, out_data: str) -> None:
        self.writes.append(out_data)
        typed = out_data.removesuffix("\n")
        if self._next < 0:
            expected: str | None = self.command
        elif self._next < len(self.steps) and self.steps[self._next].send is not None:
            expected = self.steps[self._next].send
        else:
            expected = None
        step = self.steps[self._next] if 0 <= self._next < len(self.steps) else None
        echo = step is None or step.echo
        if expected is not None and same_typing(typed, expected):
            self._out += _crlf(out_data) if echo else "\r\n"
            self._next += 1
            self._print_step()
        elif expected is not None and _ARMOUR.match(typed) and not _ARMOUR.match(expected):
            self._out += _crlf(out_data)  # armour the human left out: part of the paste
        else:
            self.mismatches.append((typed, expected))
            self._out += _crlf(out_data)

    def _print_step(self) -> None:
        step = self.steps[self._next]
        self._out += _crlf(step.out)
        if step.send is None:  # the prompt starts a line of its own
            self._out += ("" if self._out.endswith("\n") else "\r\n") + self.prompt

    def read_channel(self) -> str:
        data, self._out = self._out, ""
        return data

    @property
    def finished(self) -> bool:
        return self._next == len(self.steps) - 1 and self.steps[-1].send is None


def final_prompt(case: Case) -> str:
    match = re.search(r"(?m)^([\w.-]+)(?:\([\w-]+\))?[#>]", case.quote)
    host = match.group(1) if match else "Router"
    return f"{host}(config)#" if case.mode == "config" else f"{host}#"


def _pem(inputs: dict[str, Any], key: str) -> dict[str, str]:
    # The modules paste the certificate as cryptography writes it (certificate_to_pem).
    if not inputs.get(key):
        return {}
    return {key: certificate_to_pem(load_certificate(inputs[key], key))}


def _authenticate(inputs: dict[str, Any]) -> tuple[DialogTable, dict, dict]:
    if inputs.get("accept_unverified"):
        check = accept_unverified
    else:
        check = fingerprint_check(ca_pins(inputs.get("fingerprint"), inputs.get("ca_certificate")))
    return tables.CA_AUTHENTICATE, _pem(inputs, "ca_certificate"), {"fingerprint": check}


def _enroll(inputs: dict[str, Any]) -> tuple[DialogTable, dict, dict]:
    answers = tables.enroll_answers(
        include_serial=inputs.get("include_serial", False),
        ip_address=inputs.get("ip_address", False),
        challenge_password=inputs.get("challenge_password"),
        reenroll=inputs.get("reenroll", False),
        replace=inputs.get("replace", False),
    )
    return tables.ENROLL, answers, {}


def _keygen(kind: str):
    def build(inputs: dict[str, Any]) -> tuple[DialogTable, dict, dict]:
        answers = tables.key_generate_answers(inputs.get("modulus"), inputs.get("replace", False))
        return tables.key_generate_table(kind), answers, {}

    return build


def _plain(table: DialogTable, *pem_keys: str):
    def build(inputs: dict[str, Any]) -> tuple[DialogTable, dict, dict]:
        answers = {k: v for k, v in inputs.items() if k not in pem_keys}
        for key in pem_keys:
            answers.update(_pem(inputs, key))
        return table, answers, {}

    return build


ENGINE_CALLS = {
    "keygen_rsa": _keygen("rsa"),
    "keygen_ec": _keygen("ec"),
    "zeroize": _plain(tables.KEY_ZEROIZE),
    "authenticate_url": _authenticate,
    "authenticate_terminal": _authenticate,
    "enroll_scep": _enroll,
    "enroll_terminal": _enroll,
    "enroll_selfsigned": _enroll,
    "import_certificate": _plain(tables.IMPORT_CERTIFICATE, "certificate"),
    "import_pem": _plain(tables.IMPORT_PEM, "ca_certificate", "certificate"),
    "import_pkcs12": _plain(tables.IMPORT_PKCS12),
    "remove_trustpoint": _plain(tables.TRUSTPOINT_REMOVE),
    "enable": _plain(tables.ENABLE),
    "cert_server_start": _plain(tables.CERT_SERVER_START),
}


def engine_call(case: Case) -> tuple[DialogTable, dict, dict]:
    return ENGINE_CALLS[case.operation](dict(case.inputs or {}))
