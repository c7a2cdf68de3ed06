"""Each sample's report in a real browser: what a person would see.

Debian's headless Chromium, driven by selenium through Debian's chromedriver
(no driver download). The page must load without console errors, show the
ranked first steps ("Det viktigaste att göra nu") above the fold, the summary
table and the heatmap with the right counts and a visible action-plan graph,
show no internal id or code outside its appendix, fit the window width, and
hide the navigation when printed.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest

from samosa import evaluate, load_org
from samosa.report.html import build_report, render_report

from .test_samples import EXPECTED, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")

MISSING = not CHROMIUM.exists() or not CHROMEDRIVER.exists()
#: CI sets this (.ci/run), so that a browser that failed to install fails the run instead of skipping it.
REQUIRED = os.environ.get("SAMOSA_REQUIRE_BROWSER") == "1"
pytestmark = pytest.mark.skipif(
    MISSING and not REQUIRED,
    reason="needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does this)",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
]


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if MISSING:
        pytest.fail(f"SAMOSA_REQUIRE_BROWSER=1, but {CHROMIUM} or {CHROMEDRIVER} is missing")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, rulebook):
    """Every documented sample rendered once: name -> (html file, Report, LoadedOrg)."""
    out = tmp_path_factory.mktemp("reports")
    rendered = {}
    for name in sorted(EXPECTED):
        org = load_org(SAMPLES / name)
        report = build_report(org, rulebook, evaluate(org, rulebook))
        path = out / (Path(name).stem + ".html")
        path.write_text(render_report(report), encoding="utf-8")
        rendered[name] = (path, report, org)
    return rendered


def _open(driver, path: Path):
    driver.get_log("browser")  # drop anything left from the previous page
    driver.get(path.resolve().as_uri())
    return driver


def _by_css(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_in_browser(name, driver, pages):
    path, report, org = pages[name]
    _open(driver, path)
    assert driver.execute_script("return document.readyState") == "complete"
    assert report.organisation["name"] in driver.title
    assert driver.execute_script("return document.documentElement.lang") == "sv"

    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []

    # summary table: one row per area, the verdict and the counts a person reads
    rows = _by_css(driver, "#summary tbody tr")
    assert len(rows) == len(report.areas)
    for row, expected in zip(rows, report.summary, strict=False):
        cells = row.find_elements("css selector", "th, td")
        assert cells[0].text == expected.title
        assert cells[1].text == expected.label
        shown = [int(c.text) for c in cells[2:8]]
        statuses = ("pass", "partial", "fail", "not_shown", "error", "not_applicable")
        assert shown == [expected.counts[s] for s in statuses]
    total = _by_css(driver, "#summary tfoot td.num")
    assert sum(int(c.text) for c in total) == sum(report.totals.values())

    # heatmap: the organisation row plus one row per unit, one visible cell per area
    hrows = _by_css(driver, "#heatmap tbody tr")
    assert len(hrows) == len(org.model.units) + 1
    for hrow, expected in zip(hrows, report.heatmap, strict=False):
        tds = hrow.find_elements("css selector", "td")
        assert len(tds) == len(report.areas)
        for td, cell in zip(tds, expected.cells, strict=False):
            assert td.is_displayed()
            assert td.text.splitlines()[0] == cell.label

    # the action-plan graph (the planner's SVG) is decoded, drawn and visible
    graph = _by_css(driver, "img#action-graph")
    assert len(graph) == 1 and graph[0].is_displayed()
    assert driver.execute_script(
        "const i = document.getElementById('action-graph'); return i.complete && i.naturalWidth > 0"
    )
    assert graph[0].size["width"] > 200 and graph[0].size["height"] > 50
    assert graph[0].get_attribute("alt").startswith("Handlingsplanen som beroendegraf")

    # signals and the timeline are drawn
    assert len(_by_css(driver, "figure.chart svg")) == len(report.charts) > 0
    assert len(_by_css(driver, "svg#timeline circle.tl-dot")) == len(report.timeline.rows)

    # reads at this width: nothing sticks out sideways
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_report_prints(driver, pages):
    path, report, _ = pages["mellanby_ifo.yaml"]
    _open(driver, path)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not _by_css(driver, "nav.toc")[0].is_displayed()
        assert _by_css(driver, "#summary")[0].is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"])
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_first_steps_are_above_the_fold(name, driver, pages):
    """What to do first is the first thing a reader sees: every step, with why and who, in the first screen."""
    path, report, _ = pages[name]
    _open(driver, path)
    driver.execute_script("window.scrollTo(0, 0)")
    fold = driver.execute_script("return window.innerHeight")
    heading = _by_css(driver, "#h-forst")[0]
    assert heading.text == "Det viktigaste att göra nu"
    steps = _by_css(driver, "#forst ol.steps > li")
    assert 3 <= len(steps) == len(report.first_steps) <= 5
    for step, expected in zip(steps, report.first_steps, strict=True):
        assert step.is_displayed()
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", step)
        assert 0 <= box[0] and box[1] <= fold, f"step {expected.number} of {name} is below the fold: {box} > {fold}"
        text = step.text
        assert expected.title in text and "Varför" in text and "Vem" in text and "När" in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_internal_id_in_the_visible_text(name, driver, pages):
    """What a person reads names things; ids, codes and rule ids are only in the appendix for the file's editor."""
    from .test_swedish_text import CODE_RE, id_hits, internal_ids

    path, _, org = pages[name]
    _open(driver, path)
    appendix = driver.execute_script("return document.getElementById('bilaga').innerText")
    assert f"{org.file}:" in appendix
    text = driver.execute_script(
        "document.getElementById('bilaga').style.display = 'none'; return document.body.innerText"
    )
    from samosa import load_rules

    rule_ids = set(load_rules().rules)
    assert id_hits(text, internal_ids(org), rule_ids) == []
    assert CODE_RE.findall(text) == []
