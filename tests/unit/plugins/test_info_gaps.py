"""pki_info says what it could not read; the audit shows it as ``unknown``.

The outputs are real captures from ``tests/parsers``, damaged the way a router or a transport
damages them: a date or serial IOS printed unreadably, an output cut in the middle of a block,
an output that came back empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit import report as audit
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.html import render_html
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
SAMPLES = Path(__file__).resolve().parents[2] / "parsers"
VERBOSE = SAMPLES / "show_crypto_pki_certificates_verbose" / "iosxe17_enrolled_trustpoint.raw"
STATUS = SAMPLES / "show_crypto_pki_trustpoints_status" / "enrolled_pending_and_no_ca.raw"
ROUTER_END = "end   date: 12:00:01 UTC Jun 1 2027"
ROUTER_SERIAL = "Certificate Serial Number (hex): 2A\n"


def _facts(texts: dict[str, str], gather: list[str] | None = None) -> dict:
    return info.build_facts(texts, gather or list(texts), now=NOW, expiring_within_days=30)


def _damaged(old: str, new: str) -> str:
    text = VERBOSE.read_text()
    assert old in text
    return text.replace(old, new, 1)


def _report(facts: dict) -> dict:
    facts = dict(facts)
    facts.pop("warnings")
    return audit.build_report({"r1": {"changed": False, **facts}}, 30, now=NOW)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (ROUTER_END, "end   date: 12:00:01 UTC Jun 31 2027", "not_after"),  # no such day
        (ROUTER_END, "end   date: soon", "not_after"),
        ("start date: 12:00:01 UTC Jun 1 2026", "start date:", "not_before"),
        (ROUTER_SERIAL, "", "serial"),
    ],
)
def test_an_unreadable_date_or_serial_warns_naming_trustpoint_and_field(old, new, field) -> None:
    facts = _facts({"certificates": _damaged(old, new)})
    (router,) = facts["trustpoints"]["LAB-TP"]["certificates"]
    assert router["unreadable"] == [field]
    (gap,) = facts["gaps"]
    assert (gap["trustpoint"], gap["field"], gap["kind"]) == ("LAB-TP", field, "router")
    assert gap["message"].startswith("trustpoint LAB-TP: the router certificate")
    assert f"no readable {field}" in gap["message"]
    assert gap["message"] in facts["warnings"]
    assert facts["summary"]["unreadable"] == 1

    report = _report(facts)
    (row,) = [r for r in report["rows"] if r["kind"] == "router"]
    assert (row["state"], row["detail"]) == ("unknown", f"could not read its {field}")
    assert row["flagged"] is True
    assert report["summary"]["unknown"] == 1


def test_a_date_in_an_unknown_zone_is_not_called_unreadable() -> None:
    facts = _facts({"certificates": _damaged(ROUTER_END, "end   date: 12:00:01 XYZ Jun 1 2027")})
    (router,) = facts["trustpoints"]["LAB-TP"]["certificates"]
    assert "unreadable" not in router and router["time_zone_unknown"] == "XYZ"
    assert facts["gaps"] == []  # the zone is named in time_zone_unknown (and counted there)


def test_certificates_cut_mid_block_warn_and_the_cut_certificate_is_counted_unknown() -> None:
    text = VERBOSE.read_text()
    cut = text[: text.rindex("  Associated Trustpoints: LAB-TP")]  # inside the CA block
    facts = _facts({"certificates": cut})
    (gap,) = facts["gaps"]
    assert gap["field"] == "output" and gap["trustpoint"] is None
    assert (gap["kind"], gap["serial"]) == ("ca", "6B2F09D14E3A7C58")
    assert "ends in the middle of a ca certificate block" in gap["message"]
    assert "truncated" in gap["message"] and gap["message"] in facts["warnings"]

    report = _report(facts)
    (row,) = [r for r in report["rows"] if r["kind"] == "ca"]
    assert (row["state"], row["serial"], row["detail"]) == (
        "unknown",
        gap["serial"],
        gap["message"],
    )
    assert report["summary"]["unknown"] == 1
    assert report["summary"]["certificates"] == 2  # the router certificate and the cut CA


def test_trustpoint_status_cut_mid_block_warns_naming_the_trustpoint() -> None:
    text = STATUS.read_text()
    cut = text[: text.rindex("    Certificate request(s) ..... None")]
    facts = _facts({"trustpoints": cut})
    (gap,) = facts["gaps"]
    assert (gap["trustpoint"], gap["field"]) == ("NO-CA", "output")
    assert gap["message"].startswith("trustpoint NO-CA: the output of ")
    assert "truncated" in gap["message"]


def test_certificate_chain_cut_before_quit_warns_naming_the_trustpoint() -> None:
    chains = SAMPLES / "show_running-config_crypto_pki_certificate_chain"
    text = (chains / "section_crypto_pki_with_trustpoints_and_truncated_chain.raw").read_text()
    facts = _facts({"config": text})
    (gap,) = facts["gaps"]
    assert (gap["trustpoint"], gap["field"]) == ("TRUNCATED", "output")
    assert "no 'quit'" in gap["message"]


def test_empty_outputs_warn_for_each_trustpoint_they_should_list() -> None:
    facts = _facts({"trustpoints": STATUS.read_text(), "certificates": "", "config": ""})
    found = {(g["trustpoint"], g["command"]) for g in facts["gaps"]}
    config = info.COMMANDS["config"]
    certificates = info.COMMANDS["certificates"]
    # Every trustpoint is in the running config; only those with a CA hold certificates.
    assert found == {
        ("LAB-TP", config),
        ("CORE-CA", config),
        ("NO-CA", config),
        ("LAB-TP", certificates),
        ("CORE-CA", certificates),
    }
    assert all(
        "is empty although the router has this trustpoint" in g["message"] for g in facts["gaps"]
    )

    report = _report(facts)
    unknown = [r for r in report["rows"] if r["state"] == "unknown"]
    assert len(unknown) == 5 and report["summary"]["unknown"] == 5
    assert {r["trustpoint"] for r in unknown} == {"LAB-TP", "CORE-CA", "NO-CA"}


def test_a_router_without_trustpoints_may_print_nothing() -> None:
    assert _facts({"trustpoints": "", "certificates": "", "keys": "", "config": ""})["gaps"] == []


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted(SAMPLES.glob("show_*/*.raw"))
        if "truncated" not in p.name
        and info.output_kind(p.parent.name.replace("_", " ")) is not None
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_whole_real_captures_have_no_gaps(path: Path) -> None:
    kind = info.output_kind(path.parent.name.replace("_", " "))
    assert _facts({kind: path.read_text()})["gaps"] == []


def test_unknown_rows_reach_json_csv_and_html() -> None:
    facts = _facts({"certificates": _damaged(ROUTER_SERIAL, "")})
    report = _report(facts)
    as_json = json.loads(audit.to_json(report))
    assert as_json["summary"]["unknown"] == 1
    assert [r["state"] for r in as_json["rows"] if r["kind"] == "router"] == ["unknown"]
    rows = list(csv.DictReader(io.StringIO(audit.to_csv(report["rows"]))))
    assert [(r["state"], r["detail"]) for r in rows if r["kind"] == "router"] == [
        ("unknown", "could not read its serial")
    ]
    html = render_html(report)
    assert "data-state='unknown'" in html and "could not read its serial" in html
    assert "id='summary-unknown'><div class='n'>1</div>" in html
