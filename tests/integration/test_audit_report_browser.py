"""The audit report in a real browser: Debian's Chromium driven through chromedriver (selenium).

A mockios fleet in mixed states (``audit_fleet``) is audited by ``playbooks/audit.yml``; the
test then types in the report's search box, clicks a state filter and a column header, picks a
router, and checks the rows shown, the counts and the timeline against the JSON file. It saves
screenshots at 1280 px (full page, filtered) and Chromium's PDF of the page under ``reports/``
for people to look at, and reads the PDF back with ``pdftotext``.
"""

from __future__ import annotations

import base64
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.html import COLUMNS
from ansible_run import run_playbook
from audit_fleet import STATES, audit_fleet
from audit_schema import schema_errors
from chromium import QUIET_FLAGS, run_chromium
from mockios_proc import REPO
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from system_tools import require_tool

SHOTS = REPO / "reports"
WIDTH = 1280
WAIT = 5  # seconds for the page's script to show a change


@pytest.fixture(scope="module")
def audit(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("browser")
    with audit_fleet(tmp / "mockios") as run:
        outcome = run_playbook(
            REPO / "playbooks" / "audit.yml",
            run.inventory,
            extra_vars={"report_dir": str(tmp / "reports"), "expiring_within_days": 30},
        )
    assert outcome.rc == 0, outcome.output
    report = json.loads((tmp / "reports" / "pki-audit.json").read_text())
    assert schema_errors(report) == []
    return tmp / "reports" / "pki-audit.html", report


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = require_tool("chromium", "chromium")
    for argument in (*QUIET_FLAGS, f"--window-size={WIDTH},900", f"--user-data-dir={tmp_path}/p"):
        options.add_argument(argument)
    service = Service(require_tool("chromedriver", "chromium-driver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _shown(driver) -> list[dict]:
    """The rows the page shows, top to bottom: their data attributes and cells' sort keys."""
    return driver.execute_script(
        """return Array.from(document.querySelectorAll('#pki-audit tbody tr'))
             .filter(function (tr) { return !tr.hidden; })
             .map(function (tr) {
               return {router: tr.dataset.router, state: tr.dataset.state,
                       cells: Array.from(tr.cells).map(function (td) { return td.dataset.sort; })};
             });"""
    )


def _wait_shown(driver, count: int, total: int) -> None:
    wanted = f"Showing {count} of {total} rows"
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "shown").text.startswith(wanted)
    )


def _card(driver, key: str) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, f"#summary-{key} .n").text)


def _bars(driver) -> dict[str, str]:
    return driver.execute_script(
        """var found = {};
           document.querySelectorAll('#timeline g.bar').forEach(function (g) {
             found[g.dataset.week] = g.querySelector('text.n').textContent; });
           return found;"""
    )


def _column(name: str) -> int:
    return [column for column, _heading in COLUMNS].index(name)


def _expected_cells(row: dict) -> list[str]:
    return [
        str(row["router"]),
        row["trustpoint"] or "",
        row["state"],
        "-99999999" if row["days_remaining"] is None else str(row["days_remaining"]),
    ]


def _cells(shown: dict) -> list[str]:
    picked = ("router", "trustpoint", "state", "days_remaining")
    return [shown["cells"][_column(name)] for name in picked]


def _full_page_shot(driver, path: Path) -> None:
    """The whole page at the window's width (a window taller than the screen is cut)."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000


def test_search_filter_and_sort_in_chromium(audit, browser) -> None:
    page, report = audit
    rows = report["rows"]
    total = len(rows)
    assert {(r["router"], r["state"]) for r in rows if r["flagged"]} == {
        (router, state) for router, state in STATES.items() if state != "valid"
    }
    browser.get(page.resolve().as_uri())
    _wait_shown(browser, total, total)
    assert [_cells(r) for r in _shown(browser)] == [_expected_cells(r) for r in rows]

    # Every column fits 1280 px: nothing scrolls sideways, every header is on screen.
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert width <= WIDTH
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    rights = browser.execute_script(
        "return Array.from(document.querySelectorAll('#pki-audit th'))"
        ".map(function (th) { return th.getBoundingClientRect().right; });"
    )
    assert len(rights) == len(COLUMNS) and max(rights) <= width
    SHOTS.mkdir(exist_ok=True)
    _full_page_shot(browser, SHOTS / "pki-audit-browser-full.png")

    # The search box: every word must appear in the row.
    browser.find_element(By.ID, "search").send_keys("r2")
    r2 = [r for r in rows if r["router"] == "R2"]
    _wait_shown(browser, len(r2), total)
    assert [_cells(r) for r in _shown(browser)] == [_expected_cells(r) for r in r2]
    assert (_card(browser, "routers"), _card(browser, "certificates")) == (1, 2)
    assert (_card(browser, "expiring"), _card(browser, "expired")) == (1, 0)
    expiring_week = str(next(r["days_remaining"] for r in r2 if r["state"] == "expiring") // 7)
    assert {week: n for week, n in _bars(browser).items() if n} == {expiring_week: "1"}
    browser.find_element(By.ID, "clear-filters").click()
    _wait_shown(browser, total, total)

    # A state filter, then a second one: the rows of either state.
    browser.find_element(By.CSS_SELECTOR, "#state-filters button[data-state='expired']").click()
    expired = [r for r in rows if r["state"] == "expired"]
    _wait_shown(browser, len(expired), total)
    assert [_cells(r) for r in _shown(browser)] == [_expected_cells(r) for r in expired]
    assert {week: n for week, n in _bars(browser).items() if n} == {"-1": "1"}
    assert (_card(browser, "expired"), _card(browser, "routers")) == (1, 1)
    browser.find_element(By.CSS_SELECTOR, "#state-filters button[data-state='pending']").click()
    either = [r for r in rows if r["state"] in ("expired", "pending")]
    _wait_shown(browser, len(either), total)
    assert sorted(r["router"] for r in _shown(browser)) == ["R3", "R4"]
    assert "state expired, pending" in browser.find_element(By.ID, "shown").text
    _full_page_shot(browser, SHOTS / "pki-audit-browser-filtered.png")
    browser.find_element(By.ID, "clear-filters").click()
    _wait_shown(browser, total, total)

    # A column header sorts (ascending, then descending); unknown days sort first.
    header = browser.find_element(By.CSS_SELECTOR, "th[data-column='days_remaining']")
    header.click()
    by_days = sorted(
        rows, key=lambda r: -99999999 if r["days_remaining"] is None else r["days_remaining"]
    )
    assert [_cells(r) for r in _shown(browser)] == [_expected_cells(r) for r in by_days]
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    days = [int(_cells(r)[3]) for r in _shown(browser)]
    assert days == sorted(days, reverse=True) and header.get_attribute("aria-sort") == "descending"

    # A router from the list, with the sort kept.
    Select(browser.find_element(By.ID, "filter-router")).select_by_visible_text("R4")
    r4 = [r for r in rows if r["router"] == "R4"]
    _wait_shown(browser, len(r4), total)
    assert {r["state"] for r in _shown(browser)} == {r["state"] for r in r4} == {"valid", "pending"}
    assert _card(browser, "pending") == 1 and _card(browser, "routers") == 1


def test_chromium_pdf_shows_every_column(audit, tmp_path: Path) -> None:
    page, report = audit
    pdftotext = require_tool("pdftotext", "poppler-utils")
    SHOTS.mkdir(exist_ok=True)
    pdf = SHOTS / "pki-audit-print.pdf"
    pdf.unlink(missing_ok=True)
    printed = run_chromium(
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
        profile=tmp_path / "p",
    )
    assert printed.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-", printed.stderr[-2000:]
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, timeout=30, check=True
    ).stdout.replace("\xa0", " ")
    missing = [heading for _column, heading in COLUMNS if heading not in text]
    assert missing == []
    longest = next(r for r in report["rows"] if r["router"] == "R1" and r["kind"] == "router")
    groups = longest["sha256"].split()
    assert len(groups) == 8
    pairs = [" ".join(groups[i : i + 2]) for i in range(0, 8, 2)]  # printed two groups a line
    assert [pair for pair in pairs if pair not in text] == []
    assert longest["signature_algorithm"].split()[0] in text
    for row in report["rows"]:
        assert row["detail"] is None or " ".join(row["detail"].split()[:2]) in " ".join(
            text.split()
        )
