"""The audit report as one self-contained HTML page: inline CSS and JS, no external assets.

The page has the summary on top and one sortable table (click a header) with a row per router
and certificate. Each row carries ``data-state`` and ``data-flagged`` so a browser test, or a
user's script, can read the flags from the DOM.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from .report import COLUMNS

_HEADINGS = {
    "router": "Router",
    "trustpoint": "Trustpoint",
    "kind": "Certificate",
    "subject_cn": "Subject CN",
    "issuer_cn": "Issuer CN",
    "serial": "Serial",
    "not_after": "Not after (UTC)",
    "days_remaining": "Days left",
    "state": "State",
    "detail": "Detail",
    "sha256": "SHA256",
    "sha1": "SHA1",
}
_CARDS = (
    ("routers", "Routers"),
    ("certificates", "Certificates"),
    ("expired", "Expired"),
    ("expiring", "Expiring within {days} days"),
    ("pending", "Pending"),
    ("without_ca", "Trustpoints without an authenticated CA"),
    ("unexpected_ca", "CA certificates not expected"),
    ("unknown", "Unknown (unreadable or missing facts)"),
    ("routers_failed", "Routers not audited"),
)
_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#1d232a}
h1{font-size:1.4rem;margin:0 0 .2rem}
.meta{color:#5b6570;margin:0 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin-bottom:1.2rem}
.card{border:1px solid #d5dbe1;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.card .n{font-size:1.6rem;font-weight:600}
.card.alert{border-color:#c62828;background:#fdecea}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid #e3e7eb;padding:.35rem .5rem;text-align:left;white-space:nowrap}
th{background:#f2f4f6;cursor:pointer;user-select:none;position:sticky;top:0}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
td.num{text-align:right}
.state{font-weight:600;border-radius:4px;padding:.05rem .4rem}
tr.s-valid .state{background:#e6f4ea;color:#1e6b34}
tr.s-expiring .state{background:#fff4d6;color:#8a5a00}
tr.s-expired .state,tr.s-error .state,tr.s-unexpected_ca .state{background:#fdecea;color:#a11d1d}
tr.s-pending .state{background:#e3ecfb;color:#1f4f9a}
tr.s-no_ca .state,tr.s-no_certificate .state{background:#f3e5f5;color:#6a1b7a}
tr.s-unknown .state{background:#eceff1;color:#455a64}
tr.s-expired,tr.s-error{background:#fff7f7}
"""
_SCRIPT = """
function sortBy(th, ascending) {
  var table = th.closest('table'), body = table.tBodies[0], index = th.cellIndex;
  table.querySelectorAll('th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
  th.classList.add(ascending ? 'asc' : 'desc');
  var rows = Array.prototype.slice.call(body.rows);
  rows.sort(function (a, b) {
    var x = a.cells[index].dataset.sort, y = b.cells[index].dataset.sort;
    var nx = parseFloat(x), ny = parseFloat(y);
    var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
    return ascending ? order : -order;
  });
  rows.forEach(function (row) { body.appendChild(row); });
}
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () { sortBy(th, !th.classList.contains('asc')); });
});
// A link to the report can carry its order: pki-audit.html#sort=-days_remaining
var wanted = /^#sort=(-?)(\\w+)$/.exec(window.location.hash);
if (wanted) {
  var th = document.querySelector('th[data-column="' + wanted[2] + '"]');
  if (th) { sortBy(th, wanted[1] !== '-'); }
}
"""
_NUMERIC = {"days_remaining"}


def render_html(report: Mapping[str, Any], title: str = "PKI audit") -> str:
    summary = report["summary"]
    rows = report["rows"]
    return "".join(
        [
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>",
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>\n",
            f"<h1>{escape(title)}</h1>\n",
            f"<p class='meta'>Generated {escape(str(report.get('generated_at', '')))}; ",
            f"{len(rows)} rows, {summary['flagged']} flagged.</p>\n",
            _cards(summary),
            _table(rows),
            f"<script>{_SCRIPT}</script>\n</body></html>\n",
        ]
    )


def _cards(summary: Mapping[str, Any]) -> str:
    cards = []
    for key, label in _CARDS:
        value = summary.get(key)
        alert = " alert" if key not in ("routers", "certificates") and value else ""
        text = label.format(days=summary.get("expiring_within_days"))
        cards.append(
            f"<div class='card{alert}' id='summary-{key}'>"
            f"<div class='n'>{escape(str(value))}</div><div>{escape(text)}</div></div>"
        )
    return "<div class='cards'>" + "".join(cards) + "</div>\n"


def _table(rows: list[Mapping[str, Any]]) -> str:
    head = "".join(f"<th data-column='{c}'>{escape(_HEADINGS[c])}</th>" for c in COLUMNS)
    body = "".join(_table_row(row) for row in rows)
    return (
        f"<table id='pki-audit' class='sortable'><thead><tr>{head}</tr></thead>"
        f"<tbody>\n{body}</tbody></table>\n"
    )


def _table_row(row: Mapping[str, Any]) -> str:
    cells = []
    for column in COLUMNS:
        value = row.get(column)
        shown = "" if value is None else str(value)
        sort_key = shown if value is not None else ("-99999999" if column in _NUMERIC else "")
        css = " class='num'" if column in _NUMERIC else ""
        if column == "state":
            shown_html = f"<span class='state'>{escape(shown)}</span>"
        else:
            shown_html = escape(shown)
        cells.append(f"<td{css} data-sort='{escape(sort_key, quote=True)}'>{shown_html}</td>")
    state = escape(str(row["state"]), quote=True)
    flagged = "true" if row.get("flagged") else "false"
    return (
        f"<tr class='s-{state}' data-state='{state}' data-flagged='{flagged}' "
        f"data-router='{escape(row['router'], quote=True)}'>{''.join(cells)}</tr>\n"
    )
