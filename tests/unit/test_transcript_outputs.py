"""Every real output in the transcript corpus is read by its parser and by pki_info: nothing
dropped, serials as printed (issue 11 fact 7), timers attached to their trustpoints (fact 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import cert_server, parse
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info
from corpus import load_corpus

NOW = dt.datetime(2026, 12, 7, 12, 0, 0, tzinfo=dt.UTC)
OUTPUTS = [case for case in load_corpus() if case.kind == "output"]


def _records(case) -> list[dict]:  # noqa: ANN001
    return parse.parse_output(case.command, case.quote)


REQUEST_TABLE = "cisco_ios_show_crypto_pki_server_requests.textfsm"


def _facts(case) -> dict:  # noqa: ANN001
    kind = info.output_kind(case.command)
    assert kind is not None, f"pki_info reads no output of {case.command!r}"
    return info.build_facts({kind: case.quote}, [kind], now=NOW)


@pytest.mark.parametrize("case", OUTPUTS, ids=lambda case: case.id)
def test_the_named_parser_reads_the_output(case) -> None:  # noqa: ANN001
    index = parse._index()
    row = index.GetRowMatch({"Command": case.command, "Platform": parse.PLATFORM})
    assert index.index[row]["Template"] == case.parser
    assert _records(case), "no record"


@pytest.mark.parametrize("case", OUTPUTS, ids=lambda case: case.id)
def test_pki_info_keeps_everything_the_output_shows(case) -> None:  # noqa: ANN001
    if case.parser == REQUEST_TABLE:  # a certificate server's requests: pki_info reads it live
        rows = cert_server.requests(case.quote)
        assert [(r["id"], r["state"]) for r in rows] == [
            (int(r["REQUEST_ID"]), r["STATE"]) for r in _records(case)
        ]
        return
    records, facts = _records(case), _facts(case)
    if case.data.get("compare") == "block":
        # An excerpt ends on the next block's header: only that block may be called cut short.
        last = case.quote.rstrip().splitlines()[-1].strip().removeprefix("Trustpoint ").rstrip(":")
        assert [w for w in facts["warnings"] if f"trustpoint {last}: " not in w] == []
    else:
        assert facts["warnings"] == []
    kind = info.output_kind(case.command)
    if kind == "certificates":
        assert len(facts["certificates"]) == len(records)
        for record, cert in zip(records, facts["certificates"], strict=True):
            printed = record["SERIAL_NUMBER"]
            assert printed, "every block shows a serial"
            assert cert["serial"].lstrip("0") == printed.upper().lstrip("0")
            for name in record["ASSOCIATED_TRUSTPOINTS"]:
                if name != "Trustpool":
                    assert (
                        cert
                        in facts["trustpoints"][name]["certificates"]
                        + [facts["trustpoints"][name]["ca_certificate"]]
                        + facts["trustpoints"][name]["ra_certificates"]
                    )
    elif kind == "keys":
        assert [k["name"] for k in facts["keys"]] == [r["KEY_NAME"] for r in records]
        assert all(k["size"] for k in facts["keys"]), "every key's size is known"
    elif kind == "timers":
        assert len(facts["timers"]) == len(records)
        for timer in facts["timers"]:
            assert timer["countdown_seconds"] is not None and timer["expires_at"]
            if timer["trustpoint"]:
                assert timer in facts["trustpoints"][timer["trustpoint"]]["timers"]
    else:
        assert kind == "trustpoints"
        assert set(facts["trustpoints"]) >= {r["TRUSTPOINT"] for r in records}


def test_edited_serials_are_kept_as_printed() -> None:
    (case,) = [c for c in OUTPUTS if c.id == "show/certificates_edited_serial"]
    serials = [cert["serial"] for cert in _facts(case)["certificates"]]
    assert serials == ["1234567890ABCDEFGHIJK", "ABCDEFGHIJK1234567890", "12345ABCDEFGHIJK67890"]


def test_timers_kind_target_countdown_and_trustpoint() -> None:
    (case,) = [c for c in OUTPUTS if c.id == "show/timers_detail_csr8kv"]
    facts = _facts(case)
    by_kind = {(t["timer"], t["target"]): t for t in facts["timers"]}
    assert by_kind[("ID", "client")]["countdown_seconds"] == 26351921.613
    assert by_kind[("ID", "client")]["expires_at"] == "2022-11-16T08:52:28Z"
    assert by_kind[("CRL UPDATE", "*cn=root")]["section"] == "CRL Timers"
    assert by_kind[("CONNECT RETRY", "estclient")]["trustpoint"] == "estclient"
    assert by_kind[("CS", "root")]["trustpoint"] == "root"
    assert by_kind[("SESSION CLEANUP", None)]["countdown_seconds"] == 48.241
    assert {t["timer"] for t in facts["trustpoints"]["client"]["timers"]} == {
        "POLL",
        "SHADOW",
        "RENEW",
        "ID",
    }
    sections = [t["section"] for t in facts["timers"]]
    assert list(dict.fromkeys(sections)) == [
        "PKI Timers",
        "Expiry Alert Timers",
        "CRL Timers",
        "Trustpool Timers",
        "CS Timers",
    ]


def test_a_countdown_without_a_printed_time_gives_the_time_from_now() -> None:
    text = "PKI Timers\n|       8:34.417\n|    4d23:19:58.417  RENEW BRANCH\n"
    (timer,) = info.build_facts({"timers": text}, ["timers"], now=NOW)["timers"]
    assert timer["expires_at"] == "2026-12-12T11:19:58Z"
    assert timer["expires_at_printed"] is False


@pytest.mark.parametrize(
    ("case_id", "label", "expected"),
    [
        # `EC KEYS      p521 curve`, `Usage: Signature Key` (IOS-XE 17, newer form)
        ("show/mypubkey_ec_label", "test_ec", ("ec", 521, "general")),
        # `EC KEYS` without the curve (older IOS-XE 17): the size comes from the key data
        ("show/mypubkey_ec", "test1", ("ec", 256, "general")),
        ("show/mypubkey_ec_384_exportable_iosxe16", "EC-SSH-Key", ("ec", 384, "general")),
        # `RSA KEYS` without the size (older IOS-XE 17)
        ("show/mypubkey_rsa_label", "test", ("rsa", 4096, "general")),
        ("show/mypubkey_rsa_label_2048", "test_rsa", ("rsa", 2048, "general")),
        (
            "show/mypubkey_rsa_4096_exportable_fresh_iosxe16",
            "RSA-SSH-Key",
            ("rsa", 4096, "general"),
        ),
        # the EC key among RSA keys of `show crypto key mypubkey all`
        ("show/mypubkey_all", "test1", ("ec", 256, "general")),
    ],
)
def test_crypto_keys_reads_real_key_listings(case_id: str, label: str, expected: tuple) -> None:
    """A real EC key is listed as a lone `Usage: Signature Key`: that is the general-purpose
    EC key (IOS has no EC usage keys), else `type: ec` would be replaced on every run."""
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import crypto_keys as keys

    (case,) = [c for c in OUTPUTS if c.id == case_id]
    pair = keys.key_pairs(case.quote)[label]
    assert (pair.type, pair.size, pair.usage) == expected


def test_a_real_ec_key_is_summarised_as_general_purpose() -> None:
    """The derived trustpoint status words for a real EC key (a lone `Signature Key`)."""
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.records import (
        key_fact,
        key_summary,
    )

    (case,) = [c for c in OUTPUTS if c.id == "show/mypubkey_ec_384_exportable_iosxe16"]
    pairs = [key_fact(r) for r in parse.parse_output(case.command, case.quote)]
    assert [p["usage"] for p in pairs] == ["Signature Key"]  # the fact as IOS prints it
    assert key_summary(pairs) == "General Purpose, exportable"
