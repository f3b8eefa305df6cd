"""The fleet audit: ``pki_info`` results of many routers -> rows, a summary, JSON and CSV.

One row per router, trustpoint and certificate; a trustpoint with no certificate at all gets
one row of its own, and a router whose ``pki_info`` failed gets one ``error`` row. Each row has
one state:

- ``error``: ``pki_info`` failed on the router;
- ``no_ca``: a trustpoint without an authenticated CA (and no certificate);
- ``no_certificate``: a trustpoint whose CA is authenticated but that holds no certificate;
- per certificate: ``pending``, ``expired``, ``expiring`` (within N days), ``unknown`` (a
  serial or date ``pki_info`` could not read, or no usable end date, e.g. an unknown time
  zone) or ``valid``;
- ``unknown`` too for each gap ``pki_info`` found in an output (truncated, or empty although
  the router has trustpoints), with its message as the detail: what could not be read is
  shown, never left out;
- ``revoked``: a certificate the trustpoint's CRL revokes (``pki_info`` with ``crls``
  gathered marks it, from a CRL whose signature verified with the trustpoint's CA), whatever
  its dates say;
- ``stale_crl``: a CRL the router holds whose NextUpdate has passed (one row per trustpoint
  of the CRL's CA, with no certificate columns): the router has no current revocation list;
- ``unexpected_ca``: a CA certificate matching none of the fingerprints expected for its
  trustpoint (``expected_ca_fingerprints`` here, or the ``ca_expected`` verdict pki_info
  gave), whatever its dates say;
- ``rollover_pending``: a shadow (rollover) certificate of a CA key rollover, held until its CA
  certificate expires; its detail says when it becomes active (not flagged);
- ``rollover_missed``: a CA certificate expired or expiring within N days, with no rollover
  certificate on the trustpoint, although its CA rolled over: another router of the results
  holds a later CA certificate of the same subject (its rollover or its new active one);
- ``unused``: a built-in trustpoint (``TP-self-signed-*``, ``SLA-TrustPoint``,
  ``CISCO_IDEVID_*``) that holds no certificate, as the ``TP-self-signed-*`` one whose
  certificate another trustpoint's self-signed enrollment replaced: IOS made it, nobody
  enrolls it, so it is no alarm.

Every state but ``valid`` and ``unused`` is flagged. The summary counts the rows, so the report
and its summary cannot disagree. ``timeline`` counts the certificates that end in each week of
the next N days. ``docs/schema/audit_report.schema.json`` is the JSON file's schema; the CSV
file has the rows' columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..config.resources import is_builtin
from ..errors import NetpkiError, ValidationError
from ..x509.fingerprints import ca_matches

if TYPE_CHECKING:
    from ..x509.certs import Fingerprint

FLAGGED_STATES = (
    "error",
    "revoked",
    "unexpected_ca",
    "expired",
    "no_ca",
    "pending",
    "expiring",
    "unknown",
    "no_certificate",
    "stale_crl",
    "rollover_missed",
)
STATES = ("valid", "unused", "rollover_pending", *FLAGGED_STATES)
COLUMNS = (
    "router",
    "trustpoint",
    "kind",
    "subject_cn",
    "issuer_cn",
    "serial",
    "not_after",
    "days_remaining",
    "state",
    "detail",
    "key_type",
    "key_size",
    "signature_algorithm",
    "sha256",
    "sha1",
)
BUILTIN_UNUSED = "built-in trustpoint without a certificate: nothing to renew"
# How IOS names the public key algorithms (``Public Key Algorithm:``), shortened.
_KEY_TYPES = {"rsaEncryption": "RSA", "id-ecPublicKey": "EC", "ecPublicKey": "EC"}
# The weekly expiry timeline covers at least this many days, and the renewal window, up to
# the most it draws.
TIMELINE_DAYS = 90
TIMELINE_MAX_DAYS = 3660


def audit_rows(
    results: Mapping[str, Mapping[str, Any]],
    within_days: int,
    expected: Mapping[str, list[Fingerprint]] | None = None,
) -> list[dict[str, Any]]:
    """Rows for every router's ``pki_info`` result (registered variable), router by router.

    ``expected`` (trustpoint name -> fingerprints) flags CA certificates matching none.
    """
    rows: list[dict[str, Any]] = []
    latest_ca = _latest_ca_ends(results)
    for router in sorted(results):
        result = results[router] or {}
        if result.get("failed") or result.get("unreachable") or "trustpoints" not in result:
            rows.append(_row(router, state="error", detail=_failure(result)))
            continue
        for name, tp in result["trustpoints"].items():
            found = _trustpoint_rows(router, name, tp, within_days, (expected or {}).get(name))
            _flag_missed_rollover(found, tp, within_days, latest_ca)
            rows += found + _rollover_rows(router, name, tp)
        rows += _gap_rows(router, result.get("gaps") or [])
        rows += _server_rows(router, result.get("servers") or [], within_days)
    return rows


def _server_rows(
    router: str, servers: list[Mapping[str, Any]], within_days: int
) -> list[dict[str, Any]]:
    """One ``ca_server`` row per IOS certificate server (``pki_info`` gather ``servers``): its
    CA's expiry and, in the detail, how many requests wait on it. Not a certificate row: the
    CA certificate itself is on the row of the server's trustpoint."""
    rows = []
    for server in servers:
        days = server.get("ca_days_remaining")
        if days is None:
            state, detail = "unknown", "no CA certificate expiry"
        else:
            fact = {
                "expired": days < 0,
                "days_remaining": days,
                "not_after": server["ca_not_after"],
            }
            state, detail = certificate_state(fact, within_days)
        pending = server.get("pending_requests")
        notes = [f"IOS certificate server, status {server.get('status') or 'unknown'}"]
        if pending is not None:
            notes.append(f"{pending} request(s) pending")
        rows.append(
            _row(
                router,
                server["name"],
                kind="ca_server",
                not_after=server.get("ca_not_after"),
                days_remaining=days,
                state=state,
                detail="; ".join(notes + ([detail] if detail else [])),
            )
        )
    return rows


def _ca_subject(cert: Mapping[str, Any]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(pair) for pair in cert.get("subject_ordered") or [])


def _latest_ca_ends(results: Mapping[str, Mapping[str, Any]]) -> dict[tuple, str]:
    """The latest end of every CA (by subject) that a router of the results holds, active or
    rollover: a CA that rolled over is known by its later certificate."""
    latest: dict[tuple, str] = {}
    for result in results.values():
        for tp in ((result or {}).get("trustpoints") or {}).values():
            shadow = (tp.get("rollover") or {}).get("ca_certificate")
            for cert in (tp.get("ca_certificate"), shadow):
                if cert and cert.get("not_after"):
                    subject = _ca_subject(cert)
                    latest[subject] = max(latest.get(subject, ""), cert["not_after"])
    return latest


def _flag_missed_rollover(
    rows: list[dict[str, Any]],
    tp: Mapping[str, Any],
    within_days: int,
    latest_ca: Mapping[tuple, str],
) -> None:
    """Mark the CA row of a trustpoint that missed its CA's rollover (see the states)."""
    ca = tp.get("ca_certificate")
    if not ca or tp.get("rollover") or not ca.get("not_after") or rows[0]["kind"] != "ca":
        return
    days = ca.get("days_remaining")
    ending = ca.get("expired") or (days is not None and days < within_days)
    if ending and latest_ca.get(_ca_subject(ca), "") > ca["not_after"]:
        rows[0].update(
            state="rollover_missed",
            flagged=True,
            detail=f"its CA rolled over but this trustpoint holds no rollover certificate; the "
            f"CA certificate ends {ca['not_after']}",
        )


def _rollover_rows(router: str, name: str, tp: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The shadow certificates of a CA key rollover, each with when it becomes active."""
    rollover = tp.get("rollover") or {}
    rows = []
    for cert in (rollover.get("ca_certificate"), rollover.get("certificate")):
        if cert:
            row = _certificate_row(router, name, cert, 0)
            when = cert.get("becomes_active") or rollover.get("becomes_active")
            row.update(state="rollover_pending", flagged=False, detail=f"becomes active {when}")
            rows.append(row)
    return rows


def _gap_rows(router: str, gaps: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Outputs ``pki_info`` found cut or empty (a certificate's unreadable fields are shown on
    its own row)."""
    return [
        _row(
            router,
            gap.get("trustpoint"),
            kind=gap.get("kind"),
            serial=gap.get("serial"),
            state="unknown",
            detail=gap.get("message"),
        )
        for gap in gaps
        if gap.get("field") == "output"
    ]


def _trustpoint_rows(
    router: str,
    name: str,
    tp: Mapping[str, Any],
    within_days: int,
    pins: list[Fingerprint] | None = None,
) -> list[dict[str, Any]]:
    certs = [tp["ca_certificate"]] if tp.get("ca_certificate") else []
    certs += list(tp.get("certificates") or []) + list(tp.get("ra_certificates") or [])
    status = tp.get("status") or {}
    if not certs:
        if is_builtin(name):
            return [_row(router, name, state="unused", detail=BUILTIN_UNUSED)]
        if status.get("ca_authenticated") is True:
            return [_row(router, name, state="no_certificate", detail="no certificate installed")]
        return [_row(router, name, state="no_ca", detail="CA not authenticated")]
    rows = [_certificate_row(router, name, cert, within_days) for cert in certs]
    if tp.get("ca_certificate") and _unexpected_ca(tp, pins):
        ca = rows[0]  # the CA certificate comes first
        ca.update(state="unexpected_ca", flagged=True)
        ca["detail"] = "CA certificate matches none of the expected fingerprints"
    return rows + _stale_crl_rows(router, name, tp.get("crl"))


def _stale_crl_rows(router: str, name: str, crl: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if not crl or not crl.get("stale"):
        return []
    detail = f"CRL of {crl.get('issuer')} past its NextUpdate {crl.get('next_update')}"
    return [_row(router, name, state="stale_crl", detail=detail)]


def _unexpected_ca(tp: Mapping[str, Any], pins: list[Fingerprint] | None) -> bool:
    """pki_info's verdict (it had the DER), else the fingerprints the fact carries."""
    if tp.get("ca_expected") is False:
        return True
    return bool(pins) and not ca_matches(tp["ca_certificate"], None, pins)


def _certificate_row(
    router: str, trustpoint: str, cert: Mapping[str, Any], within_days: int
) -> dict[str, Any]:
    state, detail = certificate_state(cert, within_days)
    return _row(
        router,
        trustpoint,
        kind=cert.get("kind"),
        subject_cn=cert.get("subject_cn"),
        issuer_cn=cert.get("issuer_cn"),
        serial=cert.get("serial"),
        not_after=cert.get("not_after"),
        days_remaining=cert.get("days_remaining"),
        state=state,
        detail=detail,
        key_type=_KEY_TYPES.get(cert.get("public_key_algorithm"), cert.get("public_key_algorithm")),
        key_size=_key_bits(cert),
        signature_algorithm=cert.get("signature_algorithm"),
        sha256=(cert.get("fingerprints") or {}).get("sha256"),
        sha1=(cert.get("fingerprints") or {}).get("sha1"),
    )


def _key_bits(cert: Mapping[str, Any]) -> int | None:
    """The public key's size in bits (IOS prints an ML-DSA key's in bytes)."""
    size = cert.get("public_key_size")
    if size is None:
        return None
    return size * 8 if cert.get("public_key_size_unit") == "bytes" else size


def certificate_state(cert: Mapping[str, Any], within_days: int) -> tuple[str, str]:
    if cert.get("pending"):
        return "pending", "request waiting for the CA"
    if cert.get("revoked"):
        return "revoked", f"revoked on {cert.get('revoked_at')} (in the CA's signed CRL)"
    if cert.get("expired"):
        return "expired", f"expired on {cert.get('not_after')}"
    if cert.get("unreadable"):
        return "unknown", "could not read its " + ", ".join(cert["unreadable"])
    if cert.get("days_remaining") is None:
        zone = cert.get("time_zone_unknown")
        return "unknown", f"unknown time zone {zone}" if zone else "no end date"
    if cert["days_remaining"] < within_days:
        return "expiring", f"expires in {cert['days_remaining']} day(s)"
    return "valid", ""


def _row(router: str, trustpoint: str | None = None, **values: Any) -> dict[str, Any]:
    row = dict.fromkeys(COLUMNS)
    row.update(router=router, trustpoint=trustpoint, **values)
    row["flagged"] = row["state"] in FLAGGED_STATES
    return row


def _failure(result: Mapping[str, Any]) -> str:
    message = str(result.get("msg") or "no pki_info result")
    return message.splitlines()[0] if message else message


def summarize(
    rows: list[dict[str, Any]], within_days: int, routers: int | None = None
) -> dict[str, Any]:
    """The counts on top of the report."""

    def count(state: str) -> int:
        return sum(1 for row in rows if row["state"] == state)

    installed = [r for r in rows if is_installed(r)]
    return {
        "routers": routers if routers is not None else len({r["router"] for r in rows}),
        "routers_failed": len({r["router"] for r in rows if r["state"] == "error"}),
        "trustpoints": len({(r["router"], r["trustpoint"]) for r in rows if r["trustpoint"]}),
        "certificates": len(installed),
        "expired": count("expired"),
        "expiring": count("expiring"),
        "expiring_within_days": within_days,
        "pending": count("pending"),
        "without_ca": count("no_ca"),
        "unknown": count("unknown"),
        "unexpected_ca": count("unexpected_ca"),
        "revoked": count("revoked"),
        "stale_crls": count("stale_crl"),
        "rollover_pending": len(
            {(r["router"], r["trustpoint"]) for r in rows if r["state"] == "rollover_pending"}
        ),
        "rollover_missed": count("rollover_missed"),
        "flagged": sum(1 for r in rows if r["flagged"]),
    }


def is_installed(row: Mapping[str, Any]) -> bool:
    """A row the summary counts as a certificate (not a request, not a failed router, not a
    certificate server, whose CA certificate has its own row)."""
    return row["kind"] not in (None, "ca_server") and row["state"] not in ("pending", "error")


def week_of(row: Mapping[str, Any], weeks: int) -> int | None:
    """The timeline bar of a row: -1 expired, 0.. the week it ends in, None outside."""
    days = row.get("days_remaining")
    if days is None or not is_installed(row):
        return None
    if days < 0:
        return -1
    return days // 7 if days < weeks * 7 else None


def timeline(
    rows: list[dict[str, Any]], within_days: int, days: int | None, today: dt.date
) -> dict[str, Any]:
    """Certificates ending in each week of the next ``days`` days (whole weeks; by default
    ``TIMELINE_DAYS`` or the renewal window, the longer), with those already expired."""
    days = days or min(max(TIMELINE_DAYS, within_days), TIMELINE_MAX_DAYS)
    weeks = -(-days // 7)
    counts = [0] * (weeks + 1)  # the last one: expired
    for row in rows:
        week = week_of(row, weeks)
        if week is not None:
            counts[week] += 1
    return {
        "days": weeks * 7,
        "renewal_window_days": within_days,
        "expired": counts[-1],
        "weeks": [
            {
                "starts": (today + dt.timedelta(days=7 * week)).isoformat(),
                "ends": (today + dt.timedelta(days=7 * week + 6)).isoformat(),
                "certificates": counts[week],
            }
            for week in range(weeks)
        ],
    }


def build_report(
    results: Mapping[str, Mapping[str, Any]],
    within_days: int,
    now: dt.datetime | None = None,
    expected: Mapping[str, list[Fingerprint]] | None = None,
    timeline_days: int | None = None,
) -> dict[str, Any]:
    rows = audit_rows(results, within_days, expected)
    return report_of_rows(rows, within_days, len(results), now, timeline_days)


def report_of_rows(
    rows: list[dict[str, Any]],
    within_days: int,
    routers: int,
    now: dt.datetime | None = None,
    timeline_days: int | None = None,
) -> dict[str, Any]:
    """The report of rows already built (``audit_rows``), router by router."""
    moment = now or dt.datetime.now(dt.UTC)
    return {
        "summary": summarize(rows, within_days, routers),
        "generated_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timeline": timeline(rows, within_days, timeline_days, moment.date()),
        "rows": rows,
    }


def merge_reports(
    slices: list[tuple[str, Mapping[str, Any]]],
    now: dt.datetime | None = None,
    timeline_days: int | None = None,
) -> dict[str, Any]:
    """One fleet report from the reports of its slices ((name, report) pairs, as written by
    this module), with no router read again: rows put together, counts and timeline made anew.

    The slices must have judged expiry with the same ``expiring_within_days`` and must not
    share a router (each router belongs to one slice)."""
    windows = {name: report["summary"]["expiring_within_days"] for name, report in slices}
    if len(set(windows.values())) > 1:
        raise ValidationError(
            f"slice_reports: the slices used different expiring_within_days: {windows}"
        )
    seen: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    routers = 0
    for name, report in slices:
        for router in sorted({row["router"] for row in report["rows"]}):
            if router in seen:
                raise ValidationError(
                    f"slice_reports: router {router!r} is in both {seen[router]} and {name}"
                )
            seen[router] = name
        rows += report["rows"]
        routers += report["summary"]["routers"]
    rows.sort(key=lambda row: row["router"])  # stable: each router's rows keep their order
    within = next(iter(windows.values()), 30)
    return report_of_rows(rows, within, routers, now, timeline_days)


def to_json(report: Mapping[str, Any]) -> str:
    return json.dumps(report, indent=2, sort_keys=False) + "\n"


def to_csv(rows: list[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*COLUMNS, "flagged"], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(row.get(key)) for key in writer.fieldnames})
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def write_files(files: Mapping[str, str], directory: str) -> bool:
    """Write each name -> text under ``directory`` (created), atomically; True if any changed."""
    try:
        return _write_files(files, directory)
    except OSError as exc:
        raise NetpkiError(f"dest: cannot write the report under {directory!r}: {exc}") from exc


def _write_files(files: Mapping[str, str], directory: str) -> bool:
    os.makedirs(directory, exist_ok=True)
    changed = False
    for name, text in files.items():
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as current:
                if current.read() == text:
                    continue
        except FileNotFoundError:
            pass
        handle, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        changed = True
    return changed
