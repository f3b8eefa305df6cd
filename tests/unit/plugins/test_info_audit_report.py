"""audit / audit_html: pki_info results of a fleet -> rows, summary, JSON, CSV and HTML.

The results are built by ``info.build_facts`` from IOS text, as the module returns them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit import report as audit
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.html import (
    COLUMNS as HTML_COLUMNS,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.html import render_html
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info
from audit_schema import schema, schema_errors

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
SAMPLES = Path(__file__).resolve().parents[2] / "parsers"


def _block(header: str, serial: str, cn: str, end: str, tp: str, status="Available") -> str:
    return (
        f"{header}\n  Status: {status}\n  Certificate Serial Number (hex): {serial}\n"
        f"  Certificate Usage: General Purpose\n  Issuer: \n    cn=Lab CA\n"
        f"  Subject:\n    cn={cn}\n  Validity Date: \n"
        f"    start date: 00:00:00 UTC Jan 1 2026\n    end   date: {end}\n"
        f"  Associated Trustpoints: {tp} \n\n"
    )


_CA = _block("CA Certificate", "01", "Lab CA", "00:00:00 UTC Jan 1 2036", "TP")


def _result(certificates: str, status: str | None = None) -> dict:
    texts = {"certificates": certificates}
    gather = ["certificates"]
    if status is not None:
        texts["trustpoints"] = status
        gather.append("trustpoints")
    facts = info.build_facts(texts, gather, now=NOW, expiring_within_days=30)
    facts.pop("warnings")
    return {"changed": False, **facts}


def _fleet() -> dict[str, dict]:
    no_ca = "Trustpoint TP:\n  State:\n    Keys generated ............. No\n" + (
        "    Issuing CA authenticated ....... No\n    Certificate request(s) ..... None\n"
    )
    return {
        "r1": _result(_CA + _block("Certificate", "0A", "r1", "12:00:00 UTC Nov 27 2027", "TP")),
        "r2": _result(_CA + _block("Certificate", "0B", "r2", "12:00:00 PST Dec 7 2026", "TP")),
        "r3": _result(_CA + _block("Certificate", "0C", "r3", "11:00:00 UTC Nov 27 2026", "TP")),
        "r4": _result(_CA + _block("Certificate", "0D", "r4", "12:00:00 XYZ Nov 27 2027", "TP")),
        "r5": _result("", no_ca),
        "r6": {"failed": True, "msg": "R6:22 is unreachable: timed out\nmore", "changed": False},
        "r7": _result(
            (SAMPLES / "show_crypto_pki_certificates" / "pending_request.raw").read_text()
        ),
    }


def test_rows_states_and_summary() -> None:
    report = audit.build_report(_fleet(), 30, now=NOW)
    states = {(row["router"], row["kind"], row["state"]) for row in report["rows"]}
    assert states == {
        ("r1", "ca", "valid"),
        ("r1", "router", "valid"),
        ("r2", "ca", "valid"),
        ("r2", "router", "expiring"),
        ("r3", "ca", "valid"),
        ("r3", "router", "expired"),
        ("r4", "ca", "valid"),
        ("r4", "router", "unknown"),
        ("r5", None, "no_ca"),
        ("r6", None, "error"),
        ("r7", "ca", "valid"),
        ("r7", "router", "pending"),
    }
    detail = {row["router"]: row["detail"] for row in report["rows"] if row["flagged"]}
    assert detail["r2"] == "expires in 10 day(s)"  # 20:00 UTC on Dec 7
    assert detail["r4"] == "unknown time zone XYZ"
    assert detail["r6"] == "R6:22 is unreachable: timed out"
    assert report["summary"] == {
        "routers": 7,
        "routers_failed": 1,
        "trustpoints": 6,
        "certificates": 9,
        "expired": 1,
        "expiring": 1,
        "expiring_within_days": 30,
        "pending": 1,
        "without_ca": 1,
        "unknown": 1,
        "unexpected_ca": 0,
        "revoked": 0,
        "stale_crls": 0,
        "rollover_pending": 0,
        "rollover_missed": 0,
        "flagged": 6,
    }
    assert report["generated_at"] == "2026-11-27T12:00:00Z"
    assert json.loads(audit.to_json(report))["summary"] == report["summary"]


def test_revoked_certificate_and_stale_crl_are_flagged() -> None:
    fleet = _fleet()
    tp = next(iter(fleet["r1"]["trustpoints"].values()))
    router_cert = dict(tp["certificates"][0], revoked=True, revoked_at="2026-11-20T10:00:00Z")
    tp = dict(tp, certificates=[router_cert])
    tp["crl"] = {"issuer": "cn=Lab CA", "next_update": "2026-11-26T00:00:00Z", "stale": True}
    fleet["r1"] = dict(fleet["r1"], trustpoints={"LAB": tp})
    report = audit.build_report({"r1": fleet["r1"]}, 30, now=NOW)
    states = [(row["kind"], row["state"], row["flagged"]) for row in report["rows"]]
    assert ("router", "revoked", True) in states
    assert (None, "stale_crl", True) in states
    revoked = next(row for row in report["rows"] if row["state"] == "revoked")
    assert "2026-11-20T10:00:00Z" in revoked["detail"]
    assert report["summary"]["revoked"] == 1 and report["summary"]["stale_crls"] == 1
    assert report["summary"]["certificates"] == 2  # the CRL row is no certificate
    page = render_html(report, "t")
    assert "data-state='revoked'" in page and "data-state='stale_crl'" in page


def test_csv_has_every_row_and_defuses_spreadsheet_formulas() -> None:
    fleet = {"=cmd|' /C calc'!A0": _fleet()["r1"]}
    report = audit.build_report(fleet, 30, now=NOW)
    rows = list(csv.DictReader(io.StringIO(audit.to_csv(report["rows"]))))
    assert len(rows) == 2
    assert rows[0]["router"].startswith("'=")
    assert rows[0]["days_remaining"] == "3321" and rows[0]["flagged"] == "False"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr" and dict(attrs).get("data-state"):
            self.rows.append(dict(attrs))
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_device_text_and_marks_flagged_rows() -> None:
    fleet = _fleet()
    fleet["<img src=x onerror=alert(1)>"] = fleet.pop("r6")
    report = audit.build_report(fleet, 30, now=NOW)
    html = render_html(report, title="Audit <Lab>")
    page = _Page()
    page.feed(html)
    assert page.scripts == 1  # only the page's own sorting script
    assert "<img" not in html and "&lt;img src=x" in html
    assert "Audit &lt;Lab&gt;" in html
    assert len(page.rows) == len(report["rows"])
    assert sum(r["data-flagged"] == "true" for r in page.rows) == report["summary"]["flagged"]
    assert {r["class"] for r in page.rows} >= {"s-valid", "s-expired", "s-pending", "s-no_ca"}


def test_files_are_written_once_and_rewritten_only_when_they_change(tmp_path: Path) -> None:
    files = {"a.json": "{}\n", "a.csv": "x\n"}
    target = tmp_path / "reports" / "new"
    assert audit.write_files(files, str(target)) is True
    assert (target / "a.json").read_text() == "{}\n"
    assert audit.write_files(files, str(target)) is False
    assert audit.write_files({**files, "a.csv": "y\n"}, str(target)) is True
    assert sorted(p.name for p in target.iterdir()) == ["a.csv", "a.json"]  # no temp files left


def _verbose_fleet() -> dict[str, dict]:
    """Real verbose outputs: key types, sizes and signature algorithms as IOS prints them."""
    folder = SAMPLES / "show_crypto_pki_certificates_verbose"
    return {path.stem: _result(path.read_text()) for path in sorted(folder.glob("*.raw"))}


def test_json_output_follows_the_shipped_schema_and_csv_has_its_columns() -> None:
    report = audit.build_report({**_fleet(), **_verbose_fleet()}, 30, now=NOW)
    written = json.loads(audit.to_json(report))
    assert schema_errors(written) == []
    header = next(csv.reader(io.StringIO(audit.to_csv(report["rows"]))))
    assert header == list(schema()["properties"]["rows"]["items"]["properties"])
    broken = {**written, "rows": [{**written["rows"][0], "state": "fine"}]}
    assert schema_errors(broken) == [
        "['rows', 0, 'state']: 'fine' is not one of " + repr(list(audit.STATES))
    ]


def test_key_and_signature_columns_come_from_the_verbose_facts() -> None:
    rows = audit.build_report(_verbose_fleet(), 30, now=NOW)["rows"]
    keys = {(r["key_type"], r["key_size"], r["signature_algorithm"]) for r in rows}
    assert {
        ("RSA", 2048, "SHA256 with RSA Encryption"),
        ("RSA", 4096, "SHA384 with RSA Encryption"),
        ("EC", 384, "SHA384 with ECDSA Encryption"),
        ("ML-DSA-65", 1952 * 8, "ML-DSA-65"),  # IOS prints this key's size in bytes
    } <= keys


def test_timeline_counts_certificates_per_week_with_the_expired_apart() -> None:
    report = audit.build_report(_fleet(), 30, now=NOW)
    timeline = report["timeline"]
    assert timeline["days"] == 91 and len(timeline["weeks"]) == 13  # 90 days, whole weeks
    assert timeline["renewal_window_days"] == 30 and timeline["expired"] == 1  # r3
    assert timeline["weeks"][0] == {"starts": "2026-11-27", "ends": "2026-12-03", "certificates": 0}
    assert [w["certificates"] for w in timeline["weeks"]] == [0, 1] + [0] * 11  # r2: 10 days
    longer = audit.build_report(_fleet(), 400, now=NOW)["timeline"]
    assert longer["days"] == 406 and longer["weeks"][52]["certificates"] == 1  # r1: 365 days
    assert audit.build_report(_fleet(), 30, now=NOW, timeline_days=7)["timeline"]["days"] == 7


def test_html_has_filters_timeline_and_every_column() -> None:
    report = audit.build_report({**_fleet(), **_verbose_fleet()}, 30, now=NOW)
    html = render_html(report)
    for column, heading in HTML_COLUMNS:
        assert f"data-column='{column}' scope='col'>{heading}</th>" in html
    assert "<svg id='timeline'" in html and "renewal window: 30 days" in html
    assert html.count("<g class='bar ") == 1 + len(report["timeline"]["weeks"])
    for control in ("id='search'", "id='filter-router'", "id='filter-trustpoint'"):
        assert control in html
    assert "<option value='Lab CA'>Lab CA</option>" in html  # an issuer to filter on
    # Revocation has its filters (the facts mark revoked certificates and stale CRLs).
    assert "data-state='revoked'" in html and "data-state='stale_crl'" in html
    assert "@media print" in html


def test_builtin_trustpoint_without_certificate_is_no_alarm() -> None:
    status = (
        SAMPLES / "show_crypto_pki_trustpoints_status" / "usage_keys_two_router_certs.raw"
    ).read_text()
    # Its certificate gone (another trustpoint's self-signed enrollment replaced it), the
    # built-in TP-self-signed-* has no CA either: that is no "CA not authenticated".
    rows = audit.build_report({"r1": _result("", status)}, 30, now=NOW)["rows"]
    states = [(r["trustpoint"], r["state"], r["flagged"]) for r in rows]
    assert states == [
        ("VPN", "no_certificate", True),
        ("TP-self-signed-2840916735", "unused", False),
        ("VPN", "unknown", True),  # the certificates output is empty: a gap
    ]


def test_slices_merge_into_the_report_of_the_whole_fleet() -> None:
    fleet = _fleet()
    whole = audit.build_report(fleet, 30, now=NOW)
    names = sorted(fleet)
    slices = [
        (f"slice{n}", audit.build_report({r: fleet[r] for r in names[n::3]}, 30, now=NOW))
        for n in range(3)
    ]
    assert audit.merge_reports(slices, now=NOW) == whole
    assert schema_errors(json.loads(audit.to_json(audit.merge_reports(slices, now=NOW)))) == []


def test_slices_that_disagree_or_overlap_are_refused() -> None:
    fleet = _fleet()
    first = audit.build_report({"r1": fleet["r1"]}, 30, now=NOW)
    other_window = audit.build_report({"r2": fleet["r2"]}, 60, now=NOW)
    with pytest.raises(ValidationError, match="different expiring_within_days"):
        audit.merge_reports([("a.json", first), ("b.json", other_window)])
    with pytest.raises(ValidationError, match="'r1' is in both a.json and b.json"):
        audit.merge_reports([("a.json", first), ("b.json", first)])


def test_a_certificate_server_is_a_row_with_its_ca_expiry_and_pending_requests() -> None:
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit import report

    server = {
        "name": "LABCS",
        "status": "enabled",
        "ca_not_after": "2027-01-01T00:00:00Z",
        "ca_days_remaining": 20,
        "pending_requests": 2,
    }
    result = {"trustpoints": {}, "servers": [server]}
    [row] = report.audit_rows({"r1": result}, within_days=30)
    assert (row["trustpoint"], row["kind"], row["state"], row["days_remaining"]) == (
        "LABCS",
        "ca_server",
        "expiring",
        20,
    )
    assert "2 request(s) pending" in row["detail"] and row["flagged"] is True
    summary = report.summarize([row], 30)
    assert summary["certificates"] == 0  # the CA certificate has its own trustpoint row
