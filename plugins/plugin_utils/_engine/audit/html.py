"""The audit report as one self-contained HTML page: inline CSS, JS and SVG, no external assets.

On top, the summary cards and the expiry timeline (certificates ending per week, the renewal
window shaded); then a search box, state, router, trustpoint and issuer filters, and one
table, sortable by any column, whose every column fits 1280 px (long values wrap) and prints
on a landscape page. The cards, the state counts and the timeline follow the filters.

Each row carries ``data-state``, ``data-flagged``, ``data-router``, ``data-trustpoint``,
``data-issuer`` and ``data-week`` (its timeline bar), so the page's script, a browser test or a
user's script reads them from the DOM.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

from .report import STATES, is_installed, week_of

# (row key, heading); the Key column shows key_type and key_size together.
COLUMNS = (
    ("router", "Router"),
    ("trustpoint", "Trustpoint"),
    ("kind", "Kind"),
    ("subject_cn", "Subject"),
    ("issuer_cn", "Issuer"),
    ("serial", "Serial"),
    ("not_after", "Not after (UTC)"),
    ("days_remaining", "Days left"),
    ("state", "State"),
    ("detail", "Detail"),
    ("key", "Key"),
    ("signature_algorithm", "Signature"),
    ("sha256", "SHA-256"),
    ("sha1", "SHA-1"),
)
_NUMERIC = {"days_remaining"}
_FINGERPRINTS = {"sha256", "sha1"}
# Filters: select id suffix, row attribute, row key, "all" label.
_FILTERS = (
    ("router", "router", "All routers"),
    ("trustpoint", "trustpoint", "All trustpoints"),
    ("issuer", "issuer_cn", "All issuers"),
)
# (summary key, label, what the script counts among the rows shown)
_CARDS = (
    ("routers", "Routers", "routers"),
    ("certificates", "Certificates", "certificates"),
    ("expired", "Expired", "state:expired"),
    ("expiring", "Expiring within {days} days", "state:expiring"),
    ("pending", "Pending", "state:pending"),
    ("without_ca", "Trustpoints without an authenticated CA", "state:no_ca"),
    ("unexpected_ca", "CA certificates not expected", "state:unexpected_ca"),
    ("revoked", "Revoked", "state:revoked"),
    ("stale_crls", "Stale CRLs", "state:stale_crl"),
    ("rollover_pending", "Trustpoints with a CA rollover pending", "state:rollover_pending"),
    ("rollover_missed", "CA rollovers missed", "state:rollover_missed"),
    ("unknown", "Unknown (unreadable or missing facts)", "state:unknown"),
    ("routers_failed", "Routers not audited", "routers_failed"),
)
_STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1rem;color:#1d232a}
h1{font-size:1.4rem;margin:0 0 .2rem}
h2{font-size:1rem;margin:1rem 0 .3rem}
.meta{color:#5b6570;margin:0 0 .8rem}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:.6rem}
.card{border:1px solid #d5dbe1;border-radius:6px;padding:.4rem .8rem;min-width:7.5rem;
 max-width:14rem;font-size:.85rem}
.card .n{font-size:1.5rem;font-weight:600}
.card.alert{border-color:#c62828;background:#fdecea}
#timeline{width:100%;max-width:1000px;height:auto;display:block}
#timeline text{font-size:11px;fill:#38424c}
#timeline .window{fill:#fff4d6}
#timeline .edge{stroke:#c88a00;stroke-dasharray:4 3}
#timeline .in-window rect{fill:#e0a100}#timeline .later rect{fill:#4a7bd0}
#timeline .expired rect{fill:#c62828}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.8rem 0 .4rem}
.controls input{flex:1 1 18rem;padding:.35rem .5rem;font-size:.9rem}
.controls select,.controls button{padding:.3rem;font-size:.85rem;max-width:16rem}
#shown{color:#5b6570;font-size:.85rem}
.chips{display:flex;flex-wrap:wrap;gap:.35rem;margin-bottom:.6rem}
.chips button{border:1px solid #b9c2cb;border-radius:1rem;background:#fff;padding:.15rem .6rem;
 font-size:.8rem;cursor:pointer}
.chips button[aria-pressed=true]{background:#1d232a;color:#fff;border-color:#1d232a}
.chips button.zero{opacity:.45}
table{border-collapse:collapse;width:100%;font-size:.78rem}
th,td{border-bottom:1px solid #e3e7eb;padding:.3rem .35rem;text-align:left;vertical-align:top}
th{background:#f2f4f6;cursor:pointer;user-select:none;position:sticky;top:0;white-space:nowrap}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
td.num{text-align:right}
td.c-trustpoint,td.c-subject_cn,td.c-issuer_cn{overflow-wrap:anywhere;min-width:7em}
td.c-detail{overflow-wrap:break-word;min-width:10em}
td.c-serial,td.c-sha256,td.c-sha1{font-family:ui-monospace,Menlo,Consolas,monospace;
 font-size:.92em}
td.c-serial{overflow-wrap:anywhere}
td.c-not_after{min-width:6.5em}
.state{font-weight:600;border-radius:4px;padding:.05rem .3rem;white-space:nowrap}
tr.s-valid .state{background:#e6f4ea;color:#1e6b34}
tr.s-expiring .state{background:#fff4d6;color:#8a5a00}
tr.s-expired .state,tr.s-error .state,tr.s-unexpected_ca .state{background:#fdecea;color:#a11d1d}
tr.s-revoked .state{background:#fdecea;color:#a11d1d}
tr.s-stale_crl .state{background:#fff4d6;color:#8a5a00}
tr.s-rollover_missed .state{background:#fdecea;color:#a11d1d}
tr.s-pending .state{background:#e3ecfb;color:#1f4f9a}
tr.s-no_ca .state,tr.s-no_certificate .state{background:#f3e5f5;color:#6a1b7a}
tr.s-unknown .state,tr.s-unused .state{background:#eceff1;color:#455a64}
tr.s-expired,tr.s-error,tr.s-revoked{background:#fff7f7}
@media print{
 @page{size:A4 landscape;margin:8mm}
 body{margin:0;font-size:9pt}
 .controls input,.controls select,.controls button,.chips{display:none}
 .card{padding:.2rem .5rem}.card .n{font-size:1.1rem}
 #timeline{max-width:190mm}
 table{font-size:6.5pt}
 th{position:static;white-space:nowrap}
 thead{display:table-header-group}
 tr{break-inside:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
_SCRIPT = """
(function () {
  var table = document.getElementById('pki-audit'), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById('search');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-field]'));
  var chips = Array.prototype.slice.call(document.querySelectorAll('#state-filters button'));
  var pressed = {};

  function sortBy(th, ascending) {
    table.querySelectorAll('th').forEach(function (h) {
      h.classList.remove('asc', 'desc'); h.removeAttribute('aria-sort');
    });
    th.classList.add(ascending ? 'asc' : 'desc');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var index = th.cellIndex, sorted = Array.prototype.slice.call(body.rows);
    sorted.sort(function (a, b) {
      var x = a.cells[index].dataset.sort, y = b.cells[index].dataset.sort;
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  // Every word of the search must appear in the row; a select keeps its value only.
  function matches(row, withState) {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var text = row.textContent.replace(/\u00a0/g, ' ').toLowerCase();
    if (words.some(function (w) { return text.indexOf(w) < 0; })) { return false; }
    var other = function (s) { return s.value && row.dataset[s.dataset.field] !== s.value; };
    if (selects.some(other)) { return false; }
    return !withState || !Object.keys(pressed).length || pressed[row.dataset.state] === true;
  }

  function distinct(list, field) {
    var seen = {};
    list.forEach(function (row) { seen[row.dataset[field]] = true; });
    return Object.keys(seen).length;
  }

  function count(list, how) {
    if (how === 'routers') { return distinct(list, 'router'); }
    if (how === 'certificates') {
      return list.filter(function (r) { return r.dataset.installed === 'true'; }).length;
    }
    if (how === 'routers_failed') {
      return distinct(list.filter(function (r) { return r.dataset.state === 'error'; }), 'router');
    }
    return list.filter(function (r) { return r.dataset.state === how.slice(6); }).length;
  }

  function describe() {
    var parts = [];
    if (search.value.trim()) { parts.push('search "' + search.value.trim() + '"'); }
    if (Object.keys(pressed).length) { parts.push('state ' + Object.keys(pressed).join(', ')); }
    selects.forEach(function (s) { if (s.value) { parts.push(s.dataset.field + ' ' + s.value); } });
    return parts.length ? ' (' + parts.join('; ') + ')' : '';
  }

  function update() {
    var shown = rows.filter(function (row) {
      var ok = matches(row, true);
      row.hidden = !ok;
      return ok;
    });
    var all = shown.length === rows.length;
    document.getElementById('shown').textContent =
      'Showing ' + shown.length + ' of ' + rows.length + ' rows' + describe();
    document.querySelectorAll('.card[data-count]').forEach(function (card) {
      var n = all ? Number(card.dataset.total) : count(shown, card.dataset.count);
      card.querySelector('.n').textContent = n;
      card.classList.toggle('alert', card.dataset.alarm === 'true' && n > 0);
    });
    var others = rows.filter(function (row) { return matches(row, false); });
    chips.forEach(function (chip) {
      var n = others.filter(function (r) { return r.dataset.state === chip.dataset.state; }).length;
      chip.querySelector('.count').textContent = n;
      chip.classList.toggle('zero', n === 0);
    });
    var svg = document.getElementById('timeline');
    if (svg) {
      var base = Number(svg.dataset.base), height = Number(svg.dataset.height);
      var most = Number(svg.dataset.max);
      svg.querySelectorAll('g.bar').forEach(function (bar) {
        var n = shown.filter(function (r) { return r.dataset.week === bar.dataset.week; }).length;
        var h = most ? n / most * height : 0, rect = bar.querySelector('rect');
        var label = bar.querySelector('text.n');
        rect.setAttribute('y', base - h);
        rect.setAttribute('height', h);
        label.setAttribute('y', base - h - 3);
        label.textContent = n ? n : '';
      });
    }
  }

  table.querySelectorAll('th').forEach(function (th) {
    th.addEventListener('click', function () { sortBy(th, !th.classList.contains('asc')); });
  });
  search.addEventListener('input', update);
  selects.forEach(function (s) { s.addEventListener('change', update); });
  chips.forEach(function (chip) {
    chip.addEventListener('click', function () {
      var on = chip.getAttribute('aria-pressed') !== 'true';
      chip.setAttribute('aria-pressed', on ? 'true' : 'false');
      if (on) { pressed[chip.dataset.state] = true; } else { delete pressed[chip.dataset.state]; }
      update();
    });
  });
  document.getElementById('clear-filters').addEventListener('click', function () {
    search.value = '';
    selects.forEach(function (s) { s.value = ''; });
    chips.forEach(function (chip) { chip.setAttribute('aria-pressed', 'false'); });
    pressed = {};
    update();
  });
  // A link to the report can carry its order: pki-audit.html#sort=-days_remaining
  var wanted = /^#sort=(-?)(\\w+)$/.exec(window.location.hash);
  if (wanted) {
    var th = document.querySelector('th[data-column="' + wanted[2] + '"]');
    if (th) { sortBy(th, wanted[1] !== '-'); }
  }
  update();
})();
"""


def render_html(report: Mapping[str, Any], title: str = "PKI audit") -> str:
    summary = report["summary"]
    rows = report["rows"]
    weeks = len(report["timeline"]["weeks"])
    return "".join(
        [
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>",
            "<meta name='viewport' content='width=device-width, initial-scale=1'>",
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>\n",
            f"<h1>{escape(title)}</h1>\n",
            f"<p class='meta'>Generated {escape(str(report.get('generated_at', '')))}; ",
            f"{len(rows)} rows, {summary['flagged']} flagged.</p>\n",
            _cards(summary),
            _timeline(report["timeline"], report.get("generated_at", "")),
            _controls(rows),
            _table(rows, weeks),
            f"<script>{_SCRIPT}</script>\n</body></html>\n",
        ]
    )


def _cards(summary: Mapping[str, Any]) -> str:
    cards = []
    for key, label, counted in _CARDS:
        value = summary.get(key)
        alarm = key not in ("routers", "certificates")
        alert = " alert" if alarm and value else ""
        text = label.format(days=summary.get("expiring_within_days"))
        cards.append(
            f"<div class='card{alert}' data-count='{counted}' data-alarm='{str(alarm).lower()}' "
            f"data-total='{escape(str(value), quote=True)}' id='summary-{key}'>"
            f"<div class='n'>{escape(str(value))}</div><div>{escape(text)}</div></div>"
        )
    return "<div class='cards'>" + "".join(cards) + "</div>\n"


# The timeline's drawing: a viewBox of _WIDTH x _HEIGHT, bars standing on _BASE.
_WIDTH, _HEIGHT, _LEFT, _BASE, _BAR_HEIGHT = 960, 190, 8, 150, 100


def _timeline(timeline: Mapping[str, Any], generated_at: str) -> str:
    weeks = timeline["weeks"]
    window = timeline["renewal_window_days"]
    counts = [timeline["expired"]] + [week["certificates"] for week in weeks]
    most = max(counts) or 1
    slot = (_WIDTH - 2 * _LEFT) / len(counts)
    every = -(-len(weeks) // 14)  # a date under every n-th bar, at most 14
    edge = _LEFT + slot * (1 + min(window, timeline["days"]) / 7)
    parts = [
        f"<rect class='window' x='{_LEFT + slot:.1f}' y='14' width='{edge - _LEFT - slot:.1f}' "
        f"height='{_BASE - 14}'/>",
        f"<line class='edge' x1='{edge:.1f}' x2='{edge:.1f}' y1='14' y2='{_BASE}'/>",
        f"<text x='{_LEFT + slot + 4:.1f}' y='11'>renewal window: {window} days</text>",
        f"<line x1='{_LEFT}' x2='{_WIDTH - _LEFT}' y1='{_BASE}' y2='{_BASE}' stroke='#8a949e'/>",
    ]
    for index, count in enumerate(counts):
        week = index - 1
        if week < 0:
            css, label = "expired", "expired"
        else:
            css = "in-window" if week * 7 < window else "later"
            label = _day_label(weeks[week]["starts"]) if week % every == 0 else ""
        height = count / most * _BAR_HEIGHT
        x = _LEFT + slot * index
        parts.append(
            f"<g class='bar {css}' data-week='{week}'>"
            f"<rect x='{x + slot * 0.15:.1f}' y='{_BASE - height:.1f}' width='{slot * 0.7:.1f}' "
            f"height='{height:.1f}'/>"
            f"<text class='n' x='{x + slot / 2:.1f}' y='{_BASE - height - 3:.1f}' "
            f"text-anchor='middle'>{count or ''}</text>"
            f"<text x='{x + slot / 2:.1f}' y='{_BASE + 14}' text-anchor='middle'>{label}</text>"
            "</g>"
        )
    caption = (
        f"Certificates ending per week, next {timeline['days']} days from "
        f"{escape(generated_at[:10])}"
    )
    return (
        f"<h2>{caption}</h2>\n"
        f"<svg id='timeline' xmlns='http://www.w3.org/2000/svg' role='img' "
        f"viewBox='0 0 {_WIDTH} {_HEIGHT}' data-base='{_BASE}' data-height='{_BAR_HEIGHT}' "
        f"data-max='{most}' aria-label='{caption}'><title>{caption}</title>"
        + "".join(parts)
        + "</svg>\n"
    )


def _day_label(iso_date: str) -> str:
    return dt.date.fromisoformat(iso_date).strftime("%b %d")


def _controls(rows: list[Mapping[str, Any]]) -> str:
    selects = []
    for field, key, everything in _FILTERS:
        values = sorted({str(row[key]) for row in rows if row.get(key)})
        options = "".join(
            f"<option value='{escape(value, quote=True)}'>{escape(value)}</option>"
            for value in values
        )
        selects.append(
            f"<select id='filter-{field}' data-field='{field}' aria-label='{everything}'>"
            f"<option value=''>{everything}</option>{options}</select>"
        )
    chips = "".join(
        f"<button type='button' data-state='{state}' aria-pressed='false'>{state} "
        f"<span class='count'>{sum(1 for row in rows if row['state'] == state)}</span></button>"
        for state in STATES
    )
    return (
        "<div class='controls' role='search'>"
        "<input type='search' id='search' aria-label='Search' "
        "placeholder='Search routers, names, serials, fingerprints...'>"
        + "".join(selects)
        + "<button type='button' id='clear-filters'>Clear filters</button>"
        f"<span id='shown'>Showing {len(rows)} of {len(rows)} rows</span></div>\n"
        f"<div class='chips' id='state-filters' aria-label='Filter by state'>{chips}</div>\n"
    )


def _table(rows: list[Mapping[str, Any]], weeks: int) -> str:
    head = "".join(
        f"<th data-column='{column}' scope='col'>{escape(heading)}</th>"
        for column, heading in COLUMNS
    )
    body = "".join(_table_row(row, weeks) for row in rows)
    return (
        f"<table id='pki-audit' class='sortable'><thead><tr>{head}</tr></thead>"
        f"<tbody>\n{body}</tbody></table>\n"
    )


def _cell_value(row: Mapping[str, Any], column: str) -> Any:
    if column == "key":
        shown = " ".join(str(row[k]) for k in ("key_type", "key_size") if row.get(k) is not None)
        return shown or None
    return row.get(column)


def _in_pairs(fingerprint: str) -> str:
    """Two 8-digit groups a line: a no-break space inside each pair, a space between pairs."""
    groups = fingerprint.split()
    return " ".join("\u00a0".join(groups[i : i + 2]) for i in range(0, len(groups), 2))


def _table_row(row: Mapping[str, Any], weeks: int) -> str:
    cells = []
    for column, _heading in COLUMNS:
        value = _cell_value(row, column)
        shown = "" if value is None else str(value)
        sort_key = shown if value is not None else ("-99999999" if column in _NUMERIC else "")
        css = f"c-{column}" + (" num" if column in _NUMERIC else "")
        if column == "state":
            shown_html = f"<span class='state'>{escape(shown)}</span>"
        elif column == "not_after":  # the date, then the time, both wrap as one
            shown_html = escape(shown.replace("T", " ").removesuffix("Z"))
        elif column in _FINGERPRINTS:
            shown_html = escape(_in_pairs(shown))
        else:
            shown_html = escape(shown)
        cells.append(
            f"<td class='{css}' data-sort='{escape(sort_key, quote=True)}'>{shown_html}</td>"
        )
    week = week_of(row, weeks)
    attributes = {
        "class": f"s-{row['state']}",
        "data-state": row["state"],
        "data-flagged": "true" if row.get("flagged") else "false",
        "data-installed": "true" if is_installed(row) else "false",
        "data-router": row["router"],
        "data-trustpoint": row.get("trustpoint") or "",
        "data-issuer": row.get("issuer_cn") or "",
        "data-week": "" if week is None else str(week),
    }
    shown_attributes = " ".join(
        f"{name}='{escape(str(value), quote=True)}'" for name, value in attributes.items()
    )
    return f"<tr {shown_attributes}>{''.join(cells)}</tr>\n"
