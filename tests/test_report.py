"""The HTML report as data and as bytes: verdicts, counts, graph layout, escaping, determinism, CLI."""

from __future__ import annotations

import base64
import datetime as dt
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from samosa import evaluate, load_org
from samosa.engine.findings import Finding
from samosa.report.html import (
    MAIN_AREAS,
    build_report,
    plan_picture,
    render_report,
    report_html,
    timeline,
    verdict,
)

from .conftest import ROOT, deep_merge, dump_yaml, load_plain
from .test_samples import EXPECTED, SAMPLES

SAMPLE_NAMES = sorted(EXPECTED)


def _f(status: str, area: str = "sam", scope: str = "organisation") -> Finding:
    return Finding(
        rule="SAM-X",
        title="t",
        area=area,
        scope=scope,
        status=status,
        severity="legal",
        references=["8 § AFS 2001:1"],
        explanation="e",
    )


@pytest.mark.parametrize(
    "statuses,expected",
    [
        ([], "none"),
        (["not_applicable"], "none"),
        (["pass", "pass", "not_applicable"], "ja"),
        (["pass", "pass", "pass", "partial"], "i_huvudsak"),  # score 0.875
        (["pass"] * 4 + ["fail"], "i_huvudsak"),  # 0.8: mostly in place
        (["pass", "pass", "pass", "fail"], "delvis"),  # 0.75
        (["pass", "partial"], "delvis"),
        (["pass"] * 3 + ["fail"] * 7, "delvis"),  # 0.3 exactly
        (["pass"] * 2 + ["fail"] * 5, "nej"),  # 0.29
        (["fail", "fail", "fail", "partial"], "nej"),  # 0.125
        (["fail"], "nej"),
        (["pass", "pass", "error"], "error"),  # fail closed: never read as compliant
    ],
)
def test_verdict_scale(statuses, expected):
    assert verdict([_f(s) for s in statuses]) == expected


class _Collect(HTMLParser):
    """Tags with their attributes, plus the page's text, for assertions without a browser."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def _render(name: str, rulebook, **kw):
    org = load_org(SAMPLES / name)
    a = evaluate(org, rulebook, **kw)
    return org, a, report_html(org, rulebook, a)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_report_is_self_contained_and_accessible(name, rulebook):
    _, _, html = _render(name, rulebook)
    assert html.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "<script" not in html.lower()
    # no network resources: the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) <= {"http://www.w3.org/2000/svg"}
    assert not re.search(r"""(src|href)=["'](?!#|data:)""", html)
    p = _parse(html)
    for tag, attrs in p.tags:
        if tag == "svg":
            assert attrs.get("role") == "img" and attrs.get("aria-labelledby"), attrs
    assert "@media print" in html
    assert any(t == "th" and a.get("scope") == "col" for t, a in p.tags)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_report_is_deterministic(name, rulebook):
    assert _render(name, rulebook)[2] == _render(name, rulebook)[2]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_summary_and_heatmap_counts_match_the_assessment(name, rulebook):
    org, a, html = _render(name, rulebook)
    p = _parse(html)
    rows = [attrs for t, attrs in p.tags if t == "tr" and "data-area" in attrs and attrs["data-area"] != "total"]
    areas = [r["data-area"] for r in rows]
    assert areas[: len(MAIN_AREAS)] == list(MAIN_AREAS)
    report = build_report(org, rulebook, a)
    for row in report.summary:
        fs = [f for f in a.findings if f.area == row.area]
        assert row.counts["fail"] == sum(f.status == "fail" for f in fs)
        assert row.counts["pass"] == sum(f.status == "pass" for f in fs)
        assert row.verdict == verdict(fs)
    cells = [attrs for t, attrs in p.tags if t == "td" and "data-fail" in attrs]
    assert len(cells) == (len(org.model.units) + 1) * len(areas)
    assert sum(int(c["data-fail"]) for c in cells) == a.summary.by_status["fail"]
    assert sum(int(c["data-pass"]) for c in cells) == a.summary.by_status["pass"]


def test_mellanby_report_content(rulebook):
    org, a, html = _render("mellanby_ifo.yaml", rulebook)
    text = " ".join(_parse(html).text)
    assert "Mellanby kommun" in text and "2024-05-15" in text
    # the demand for the unit without delegation, with its reference; the evidence position is in the appendix
    assert 'id="SAM-UPPGIFT--ekbistand"' in html
    block = html.split('id="SAM-UPPGIFT--ekbistand"', 1)[1].split("</article>", 1)[0]
    assert "6 § AFS 2001:1" in block and "Ekonomiskt bistånd" in block
    assert "mellanby_ifo.yaml:" not in block and 'href="#b-SAM-UPPGIFT--ekbistand"' in block
    appendix = html.split('id="b-SAM-UPPGIFT--ekbistand"', 1)[1].split("</div>", 1)[0]
    assert "sample_orgs/mellanby_ifo.yaml:" in appendix and "<code>SAM-UPPGIFT</code>" in appendix
    # stale follow-up is overdue on the timeline
    assert re.search(r"Årlig uppföljning</th><td>nästa uppföljning senast[^<]*</td><td>försenad", html)
    # the action plan is drawn by the planner and embedded as an image
    assert re.search(r'<img id="action-graph" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)


def _svg_of(picture) -> str:
    return base64.b64decode(picture.data_uri.split(",", 1)[1]).decode("utf-8")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_plan_picture_shows_every_measure_and_dependency(name, rulebook):
    org = load_org(SAMPLES / name)
    a = evaluate(org, rulebook)
    pic = plan_picture(org, rulebook, a)
    svg = _svg_of(pic)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>" in svg
    for item in org.model.action_plan:
        assert f'id="item-{item.id}"' in svg
    assert pic.actions == len(org.model.action_plan)
    assert pic.edges >= sum(len(i.depends_on) for i in org.model.action_plan)
    assert pic.width > 0 and pic.height > 0
    assert str(pic.actions) in pic.alt


def test_plan_picture_reports_a_cycle(tmp_path, rulebook):
    data = load_plain(SAMPLES / "mellanby_ifo.yaml")
    for item in data["action_plan"]:
        if item["id"] == "ap-kartlaggning":
            item["depends_on"] = ["ap-mentor"]
    path = tmp_path / "cycle.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    org = load_org(path)
    pic = plan_picture(org, rulebook, evaluate(org, rulebook))
    cycle = [p for p in pic.problems if "ap-kartlaggning" in p.note and "ap-mentor" in p.note]
    assert cycle and all(p.where.startswith(str(path)) for p in cycle)
    html = report_html(org, rulebook, evaluate(org, rulebook))
    assert 'id="plan-problems"' in html


def test_timeline_marks_overdue_and_undated(rulebook):
    org = load_org(SAMPLES / "fjallmark_introduktion.yaml")
    t = timeline(org, dt.date(2023, 11, 20))
    by = {r.label: r for r in t.rows}  # rows are named by their measure, never by id
    assert by["BBIC-utbildning för alla på nivå 1 under inskolningen"].overdue  # 2023-10-31, still in progress
    assert not by["Kriterier och bedömning för nivåbyte per tjänst, i dialog med medarbetarna"].overdue  # 2023-12-31
    assert not by["Skriftlig introduktionsplan med ansvarig och uppföljning av varje punkt"].overdue  # done
    assert [r.date for r in t.rows] == sorted(r.date for r in t.rows)
    assert t.left <= min(r.x for r in t.rows) and max(r.x for r in t.rows) <= t.right
    org2 = load_org(SAMPLES / "akerby_socialjour_2025.yaml")
    t2 = timeline(org2, dt.date(2025, 9, 15))
    assert [r.label for r in t2.undated] == ["Mobila larm med positionering för jourpersonalen"]


def test_user_text_is_escaped(tmp_path, rulebook):
    data = load_plain(SAMPLES / "asby_familjeratt_liten.yaml")
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    data = deep_merge(data, {"organisation": {"name": evil}})
    data["action_plan"][0]["measure"] = evil
    data["units"][0]["name"] = "{{ 7*7 }} {% raw %}"
    path = tmp_path / "evil.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    org = load_org(path)
    html = report_html(org, rulebook, evaluate(org, rulebook))
    assert "<script" not in html and "<img src=x" not in html
    assert html.count("<img") == 1  # the action-plan picture only
    svg = _svg_of(build_report(org, rulebook, evaluate(org, rulebook)).graph)
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in re.findall(r">(\d+)<", html)


def test_signal_charts_carry_the_seed_figures(rulebook):
    org = load_org(SAMPLES / "stockholm_stadsdel_2020.yaml")
    report = build_report(org, rulebook, evaluate(org, rulebook))
    turnover = next(c for c in report.charts if c.id == "turnover")
    values = {b.label: b.value_text for b in turnover.bars}
    assert values["Enheten för barn och familj"] == "78,9 %"
    assert values["Enheten för äldre (biståndshandläggning)"] == "9,6 %"
    assert max(b.w for b in turnover.bars) <= 300
    html = render_report(report)
    assert "Personalomsättning (april 2019 – mars 2020)" in html


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args], capture_output=True, text=True, cwd=cwd
    )


def test_cli_report_writes_file(tmp_path):
    out = tmp_path / "rapport.html"
    res = run_cli("report", "sample_orgs/akerby_socialjour_2025.yaml", "--output", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and res.stderr == ""
    html = out.read_text(encoding="utf-8")
    assert "Åkerby kommun" in html and "11 § AFS 2023:1" in html


def test_cli_report_date_changes_citations(tmp_path):
    out = tmp_path / "r.html"
    res = run_cli("report", "sample_orgs/akerby_socialjour_2025.yaml", "--date", "2024-06-01", "-o", str(out))
    assert res.returncode == 0, res.stderr
    html = out.read_text(encoding="utf-8")
    # Issue 13: an advice rule in force only from 2025 names its råd when it says it does not apply yet.
    assert "8 § AFS 2001:1" in html and "11 § AFS 2023:1" not in html.replace("allmänna råd till 11 § AFS 2023:1", "")
    assert re.search(r'<time datetime="2024-06-01">2024-06-01</time> \(angiven vid körningen\)', html)


def test_cli_report_to_stdout_and_usage_errors(tmp_path):
    res = run_cli("report", "sample_orgs/mellanby_ifo.yaml")
    assert res.returncode == 0 and res.stdout.startswith("<!DOCTYPE html>")
    bad = run_cli("report", "sample_orgs/mellanby_ifo.yaml", "--date", "15/5/2024")
    assert bad.returncode == 2 and "--date expects YYYY-MM-DD" in bad.stderr
    copy = tmp_path / "org.yaml"
    copy.write_text((SAMPLES / "mellanby_ifo.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    same = run_cli("report", str(copy), "--output", str(copy))
    assert same.returncode == 2 and "refusing to write output over the input file" in same.stderr
    assert copy.read_text(encoding="utf-8") == (SAMPLES / "mellanby_ifo.yaml").read_text(encoding="utf-8")
    missing = run_cli("report", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_charts_draw_the_rules_thresholds_read_from_the_rule_pack(tmp_path, rulebook):
    import shutil

    from samosa import load_rules

    org = load_org(SAMPLES / "mellanby_ifo.yaml")
    report = build_report(org, rulebook, evaluate(org, rulebook))
    turnover = next(c for c in report.charts if c.id == "turnover")
    assert [(t.label, t.value) for t in turnover.thresholds] == [("signal över 20 %", 20.0)]
    caseload = next(c for c in report.charts if c.id == "caseload")
    assert [(t.label, t.value) for t in caseload.thresholds] == [("signal över 20", 20.0)]  # no unit: a count
    # change the limit in a copy of the rule pack: the chart follows the rules, not a constant
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    for name in ("OSA-SIGNAL.yaml", "OSA-SIGNAL-ENHET.yaml"):
        path = rules / "osa" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "staff_turnover_percent, above: 20", "staff_turnover_percent, above: 25"
            ),
            encoding="utf-8",
        )
    book = load_rules(rules)
    changed = next(c for c in build_report(org, book, evaluate(org, book)).charts if c.id == "turnover")
    assert [t.value for t in changed.thresholds] == [25.0]
    html = render_report(build_report(org, book, evaluate(org, book)))
    assert "signal över 25 %" in html and 'class="chart-threshold"' in html


def test_units_without_figures_and_the_figures_year(rulebook):
    org = load_org(SAMPLES / "mellanby_ifo.yaml")
    report = build_report(org, rulebook, evaluate(org, rulebook))
    sick = next(c for c in report.charts if c.id == "sickleave")
    rows = {b.label: b for b in sick.bars}
    assert set(rows) == {"Hela verksamheten"} | {u.name for u in org.model.units}  # no unit is dropped
    assert rows["Vuxenenheten"].value is None and rows["Vuxenenheten"].value_text == "uppgift saknas"
    assert rows["Barn och familj, utredning"].value_text == "11,2 % (före: 7,4 %)"  # the previous period drawn
    assert rows["Barn och familj, utredning"].prev_w is not None
    assert sick.period == "2022" and "(2022)" in sick.title
    # 2022's figures in an assessment of May 2024: older than the year before
    assert "Siffrorna avser 2022" in report.signal_warning and "2023 eller senare" in report.signal_warning
    html = render_report(report)
    assert 'id="signal-warning"' in html and "uppgift saknas" in html


@pytest.mark.parametrize(
    "period, on, warned",
    [
        ("2023", dt.date(2024, 5, 15), False),
        ("2022", dt.date(2024, 5, 15), True),
        ("april 2019 – mars 2020", dt.date(2020, 3, 15), False),
        (None, dt.date(2024, 1, 1), True),
    ],
)
def test_period_warning(period, on, warned):
    from samosa.report.html import period_warning

    assert bool(period_warning(period, on)) is warned


def test_previous_value_from_last_years_file(tmp_path, rulebook):
    from samosa.engine.baseline import load_baseline

    data = load_plain(SAMPLES / "mellanby_ifo.yaml")
    data["signals"]["staff_turnover_percent"] = 24.5  # this year; last year's file said 29
    data["organisation"]["assessment_date"] = "2025-05-15"
    path = tmp_path / "now.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    org = load_org(path)
    previous = load_baseline(SAMPLES / "mellanby_ifo.yaml", rulebook)
    report = build_report(org, rulebook, evaluate(org, rulebook), previous)
    turnover = next(c for c in report.charts if c.id == "turnover")
    whole = next(b for b in turnover.bars if b.label == "Hela verksamheten")
    assert (whole.value, whole.previous) == (24.5, 29.0) and "15 maj 2024" in turnover.previous_note
