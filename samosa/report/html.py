"""The visual self-assessment report: one self-contained HTML file for the board.

``build_report`` turns an organisation, the rule book and an assessment into
plain data (summary per area, a units × areas heatmap, demands with evidence,
the action-plan graph, a deadline timeline and signal charts, all with their
geometry already computed); ``render_report`` pours that data into
``templates/report.html.j2`` through a sandboxed, autoescaping Jinja2
environment. Nothing here reads the clock or the network, so the same input
gives the same bytes.

The auditor's scale (Ja / I huvudsak / Delvis / Nej, as in the municipal audit
of seed 001) has one definition, ``engine.verdicts.scale``: over what the file
shows, never "Ja" while something is not shown, and a finding that could not
be evaluated (``error``) makes the whole cell "Kan inte bedömas" — it is never
read as compliant. What the file does not show is listed as information to
supply ("Uppgifter som behöver kompletteras"), with the key to fill in.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from samosa.engine.findings import STATUSES, Assessment, Finding
from samosa.engine.verdicts import SCALE_LABELS, STATUS_LABELS, MissingFact, count, missing_facts, scale_of_findings
from samosa.models.loading import LoadedOrg
from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, RuleBook
from samosa.rulebook.references import join_citations
from samosa.source.resources import require_resource_dir

TEMPLATE = "report.html.j2"

#: Columns of the summary and the heatmap; "general" is added only when a rule uses it.
MAIN_AREAS = ("sam", "osa", "violence", "crisis", "premises")
AREA_SHORT = {
    "sam": "SAM",
    "osa": "OSA",
    "violence": "Våld och hot",
    "crisis": "Krisstöd",
    "premises": "Lokaler",
    "general": "Allmänt",
}
VERDICT_LABELS = SCALE_LABELS
ACTION_STATUS_LABELS = {
    "planned": "planerad",
    "in_progress": "pågår",
    "done": "genomförd",
    "cancelled": "avbruten",
}
ORG_ROW = "Hela verksamheten (gemensamma krav)"


# ------------------------------------------------------------------ verdicts


def verdict(findings: list[Finding]) -> str:
    """The auditor's answer for a group of findings (``engine.verdicts.scale``)."""
    return scale_of_findings(findings)


def count_statuses(findings: list[Finding]) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for f in findings:
        counts[f.status] += 1
    return counts


# --------------------------------------------------------------- data model


@dataclass
class AreaRow:
    area: str
    title: str
    verdict: str
    label: str
    counts: dict[str, int]
    comment: str


@dataclass
class HeatCell:
    area: str
    verdict: str
    label: str
    counts: dict[str, int]
    text: str


@dataclass
class HeatRow:
    key: str  # "organisation" or the unit id
    label: str
    detail: str
    cells: list[HeatCell]


@dataclass
class EvidenceView:
    where: str
    note: str


@dataclass
class FindingView:
    number: int
    anchor: str
    rule: str
    title: str
    area: str
    area_title: str
    scope_label: str
    unit_name: Optional[str]
    status: str
    status_label: str
    severity: str
    severity_label: str
    references: str
    explanation: str
    demand: Optional[str]
    reply_weeks: Optional[int]
    evidence: list[EvidenceView]


@dataclass
class PlanPicture:
    """The planner's SVG (``samosa plan --format svg``) as an image, with what it shows in words."""

    data_uri: str
    width: int
    height: int
    alt: str
    actions: int
    unplanned_demands: int
    edges: int
    critical_path: list[str]
    completion: Optional[str]
    problems: list[EvidenceView]
    renderer: str = "samosa.plan_svg"


@dataclass
class TimelineRow:
    label: str
    detail: str
    date: Optional[dt.date]
    kind: str  # "action", "followup"
    status: str
    status_label: str
    overdue: bool
    x: Optional[int]
    y: int


@dataclass
class Tick:
    x: int
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    left: int
    right: int
    rows: list[TimelineRow]
    ticks: list[Tick]
    today_x: Optional[int]
    undated: list[TimelineRow]
    description: str


@dataclass
class Bar:
    label: str
    value: float
    previous: Optional[float]
    y: int
    w: int
    prev_w: Optional[int]
    value_text: str


@dataclass
class Chart:
    id: str
    title: str
    description: str
    unit: str
    width: int
    height: int
    label_w: int
    bars: list[Bar]
    reference: Optional[tuple[str, float, int]] = None  # label, value, x


@dataclass
class Report:
    organisation: dict
    assessment_date: str
    date_source: str
    profile: Optional[str]
    rule_count: int
    areas: list[str]
    area_titles: dict[str, str]
    area_short: dict[str, str]
    summary: list[AreaRow]
    totals: dict[str, int]
    overall: str
    overall_label: str
    heatmap: list[HeatRow]
    demands: list[FindingView]
    advice: list[FindingView]
    errors: list[FindingView]
    passed: list[FindingView]
    not_applicable: list[FindingView]
    graph: Optional[PlanPicture]
    timeline: Optional[Timeline]
    charts: list[Chart]
    version: str
    counts: object = None  # engine.verdicts.Counts: the one count every output shows
    not_shown: list[FindingView] = field(default_factory=list)
    missing: list[MissingFact] = field(default_factory=list)
    verdict_labels: dict[str, str] = field(default_factory=lambda: dict(VERDICT_LABELS))
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))


# ------------------------------------------------------------------ builders


def _areas(assessment: Assessment) -> list[str]:
    used = {f.area for f in assessment.findings}
    extra = [a for a in AREA_TITLES if a not in MAIN_AREAS and a in used]
    return list(MAIN_AREAS) + extra


def _comment(findings: list[Finding]) -> str:
    applicable = [f for f in findings if f.status != "not_applicable"]
    if not findings:
        return "Inga regler inom området ingick i bedömningen."
    if not applicable:
        return "Inget av kraven inom området är tillämpligt på verksamheten."
    passed = sum(f.status == "pass" for f in applicable)
    parts = [f"{passed} av {len(applicable)} bedömda krav är uppfyllda."]
    names: dict[str, list[str]] = {"error": [], "fail": [], "partial": [], "not_shown": []}
    for f in applicable:
        if f.status in names and f.title not in names[f.status]:
            names[f.status].append(f.title)
    for status, lead in (
        ("error", "Kunde inte bedömas"),
        ("fail", "Brister"),
        ("partial", "Delvis uppfyllt"),
        ("not_shown", "Framgår inte av underlaget"),
    ):
        if names[status]:
            parts.append(f"{lead}: {_first(names[status])}.")
    return " ".join(parts)


def _first(titles: list[str], n: int = 3) -> str:
    """At most ``n`` titles, then how many more: the table must stay readable for a board."""
    if len(titles) <= n:
        return ", ".join(titles)
    return ", ".join(titles[:n]) + f" och {len(titles) - n} till"


def _cell_text(counts: dict[str, int]) -> str:
    applicable = counts["pass"] + counts["partial"] + counts["fail"] + counts["error"] + counts["not_shown"]
    if applicable == 0:
        return "inga krav" if counts["not_applicable"] == 0 else "ej tillämpligt"
    text = f"{counts['pass']} av {applicable} uppfyllda"
    if counts["not_shown"]:
        text += f", {counts['not_shown']} framgår inte"
    return text


def _heat_cell(area: str, findings: list[Finding]) -> HeatCell:
    v = verdict(findings)
    counts = count_statuses(findings)
    return HeatCell(area=area, verdict=v, label=VERDICT_LABELS[v], counts=counts, text=_cell_text(counts))


def _scope_label(scope: str, unit_names: dict[str, str]) -> str:
    if scope == "organisation":
        return "hela verksamheten"
    uid = scope.removeprefix("unit:")
    return f"{unit_names.get(uid, uid)} ({uid})"


def _finding_view(n: int, f: Finding, book: RuleBook, unit_names: dict[str, str]) -> FindingView:
    scope_id = f.scope.removeprefix("unit:") if f.scope != "organisation" else "org"
    return FindingView(
        number=n,
        anchor=f"{f.rule}--{scope_id}",
        rule=f.rule,
        title=f.title,
        area=f.area,
        area_title=AREA_TITLES.get(f.area, f.area),
        scope_label=_scope_label(f.scope, unit_names),
        unit_name=None if f.scope == "organisation" else unit_names.get(scope_id, scope_id),
        status=f.status,
        status_label=STATUS_LABELS[f.status],
        severity=f.severity,
        severity_label=SEVERITY_TITLES.get(f.severity, f.severity),
        references=join_citations(f.references, book.references) if f.references else "",
        explanation=f.explanation,
        demand=f.demand,
        reply_weeks=f.reply_weeks,
        evidence=[EvidenceView(where=f"{e.file}:{e.line}:{e.column}", note=e.note) for e in f.evidence],
    )


def _area_key(areas: list[str]):
    return lambda f: (areas.index(f.area) if f.area in areas else len(areas), f.rule, f.scope)


# ------------------------------------------------------------ action graph


def plan_picture(org: LoadedOrg, book: RuleBook, assessment: Assessment) -> Optional[PlanPicture]:
    """The action plan merged with the unmet demands, drawn by the planner (samosa.plan_svg).

    Embedded as a ``data:`` image rather than inline: the planner's SVG carries
    its own stylesheet, which inline would restyle this page (and vice versa).
    The picture's content is repeated in words (``alt``, caption, problem list).
    """
    from samosa.plan.graph import analyse, build_action_graph
    from samosa.plan.svg import render_svg

    ag = build_action_graph(org, assessment, book)
    plan = analyse(
        ag,
        assessment.assessment_date,
        date_source=assessment.date_source,
        organisation=assessment.organisation,
        profile=assessment.profile,
    )
    if not plan.items:
        return None
    svg = render_svg(plan)
    size = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', svg)
    width, height = (int(size[1]), int(size[2])) if size else (800, 400)
    actions = sum(i.kind == "action" for i in plan.items)
    unplanned = sum(i.kind == "demand" for i in plan.items)
    alt = (
        f"Handlingsplanen som beroendegraf: {actions} åtgärder och {unplanned} krav utan åtgärd, "
        f"{len(plan.edges)} beroenden. Pilarna går från det som måste vara klart först."
    )
    if plan.critical_path:
        alt += " Kritisk linje: " + " → ".join(plan.critical_path) + "."
    if plan.completion:
        alt += f" Allt klart tidigast {plan.completion.isoformat()}."
    if plan.problems:
        alt += f" {len(plan.problems)} problem i planen, listade under bilden."
    return PlanPicture(
        data_uri="data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
        width=width,
        height=height,
        alt=alt,
        actions=actions,
        unplanned_demands=unplanned,
        edges=len(plan.edges),
        critical_path=list(plan.critical_path),
        completion=plan.completion.isoformat() if plan.completion else None,
        problems=[EvidenceView(where=f"{p.file}:{p.line}:{p.column}", note=p.message) for p in plan.problems],
    )


# ----------------------------------------------------------------- timeline

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TL_WIDTH, TL_LEFT, TL_RIGHT, TL_ROW, TL_TOP = 800, 250, 760, 26, 34


def _add_year(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def timeline(org: LoadedOrg, on: dt.date) -> Optional[Timeline]:
    """Deadlines of the action plan and the next annual follow-up, on one dated axis."""
    rows: list[TimelineRow] = []
    undated: list[TimelineRow] = []
    for item in org.model.action_plan:
        overdue = item.deadline is not None and item.deadline < on and item.status in ("planned", "in_progress")
        row = TimelineRow(
            label=item.id,
            detail=item.measure,
            date=item.deadline,
            kind="action",
            status=item.status,
            status_label=ACTION_STATUS_LABELS[item.status] + (", försenad" if overdue else ""),
            overdue=overdue,
            x=None,
            y=0,
        )
        (rows if item.deadline else undated).append(row)
    followups = org.model.annual_followups
    if followups:
        last = max(f.date for f in followups)
        due = _add_year(last)
        overdue = due < on
        rows.append(
            TimelineRow(
                label="Årlig uppföljning",
                detail=f"nästa uppföljning senast (föregående {last.isoformat()})",
                date=due,
                kind="followup",
                status="planned",
                status_label="försenad" if overdue else "kommande",
                overdue=overdue,
                x=None,
                y=0,
            )
        )
    if not rows and not undated:
        return None
    rows.sort(key=lambda r: (r.date, r.kind, r.label))
    dates = [r.date for r in rows if r.date] + [on]
    start, end = min(dates), max(dates)
    start = dt.date(start.year, start.month, 1)
    end_month = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    span = max((end_month - start).days, 1)

    def xpos(d: dt.date) -> int:
        return TL_LEFT + round((d - start).days * (TL_RIGHT - TL_LEFT) / span)

    months = (end_month.year - start.year) * 12 + end_month.month - start.month
    step = 1 if months <= 8 else 3 if months <= 30 else 12
    ticks = []
    y, m = start.year, start.month
    while dt.date(y, m, 1) <= end_month:
        if (m - 1) % step == 0:
            ticks.append(Tick(x=xpos(dt.date(y, m, 1)), label=f"{MONTHS[m - 1]} {y}" if step < 12 else str(y)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    for i, r in enumerate(rows):
        r.x = xpos(r.date)
        r.y = TL_TOP + i * TL_ROW
    height = TL_TOP + len(rows) * TL_ROW + 10
    desc = (
        f"Tidslinje från {start.isoformat()} till {end_month.isoformat()} med {len(rows)} datum; "
        f"bedömningsdagen {on.isoformat()} är markerad. "
        + (
            f"{sum(r.overdue for r in rows)} tidpunkter har passerats utan att åtgärden är klar."
            if any(r.overdue for r in rows)
            else "Ingen tidpunkt har passerats utan att åtgärden är klar."
        )
    )
    return Timeline(
        width=TL_WIDTH,
        height=height,
        left=TL_LEFT,
        right=TL_RIGHT,
        rows=rows,
        ticks=ticks,
        today_x=xpos(on),
        undated=undated,
        description=desc,
    )


# ------------------------------------------------------------------- charts

CH_WIDTH, CH_LABEL, CH_PLOT = 560, 190, 300


def _num(v: float, unit: str) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}".rstrip()


def _chart(
    cid: str,
    title: str,
    unit: str,
    rows: list[tuple[str, float, Optional[float]]],
    reference: Optional[tuple[str, float]] = None,
) -> Optional[Chart]:
    if not rows:
        return None
    top = max(
        [v for _, v, _ in rows] + [p for _, _, p in rows if p is not None] + ([reference[1]] if reference else [])
    )
    scale_max = max(10.0, float(-(-top // 10) * 10))
    bars, y = [], 8
    for label, value, prev in rows:
        w = round(value / scale_max * CH_PLOT)
        pw = round(prev / scale_max * CH_PLOT) if prev is not None else None
        text = _num(value, unit) + (f" (före: {_num(prev, unit)})" if prev is not None else "")
        bars.append(Bar(label=label, value=value, previous=prev, y=y, w=w, prev_w=pw, value_text=text))
        y += 34 if prev is not None else 24
    ref = None
    if reference:
        ref = (reference[0], reference[1], CH_LABEL + round(reference[1] / scale_max * CH_PLOT))
    parts = [f"{b.label}: {b.value_text}" for b in bars]
    desc = (
        f"{title}. "
        + "; ".join(parts)
        + "."
        + (f" Jämförelse: {reference[0]} {_num(reference[1], unit)}." if reference else "")
    )
    return Chart(
        id=cid,
        title=title,
        description=desc,
        unit=unit,
        width=CH_WIDTH,
        height=y + 10 + (14 if ref else 0),
        label_w=CH_LABEL,
        bars=bars,
        reference=ref,
    )


def signal_charts(org: LoadedOrg) -> list[Chart]:
    """Small bar charts of the signals AV and auditors look at first."""
    m = org.model
    units = sorted(m.units, key=lambda u: u.id)
    s = m.signals
    charts = []
    specs = [
        (
            "turnover",
            "Personalomsättning",
            "%",
            "staff_turnover_percent",
            s.staff_turnover_percent,
            s.staff_turnover_previous_percent,
            None,
        ),
        (
            "sickleave",
            "Sjukfrånvaro",
            "%",
            "sick_leave_percent",
            s.sick_leave_percent,
            s.sick_leave_previous_percent,
            "sick_leave_previous_percent",
        ),
        ("caseload", "Ärenden per handläggare", "", "cases_per_caseworker", s.cases_per_caseworker, None, None),
        (
            "workload",
            "Andel som anser arbetsbelastningen rimlig (medarbetarenkät)",
            "%",
            "survey_workload_ok_percent",
            s.survey_workload_ok_percent,
            None,
            None,
        ),
    ]
    for cid, title, unit, attr, org_value, org_prev, unit_prev_attr in specs:
        rows: list[tuple[str, float, Optional[float]]] = []
        if org_value is not None:
            rows.append(("Hela verksamheten", org_value, org_prev))
        for u in units:
            value = getattr(u.signals, attr)
            if value is not None:
                prev = getattr(u.signals, unit_prev_attr) if unit_prev_attr else None
                rows.append((u.name, value, prev))
        if s.period and rows:
            title_full = f"{title} ({s.period})"
        else:
            title_full = title
        chart = _chart(cid, title_full, unit, rows)
        if chart:
            charts.append(chart)
    return charts


# ------------------------------------------------------------------ report


def build_report(org: LoadedOrg, book: RuleBook, assessment: Assessment) -> Report:
    """Everything the template shows, computed and ordered here so the template only draws."""
    from samosa._version import __version__

    areas = _areas(assessment)
    on = assessment.assessment_date
    unit_names = {u.id: u.name for u in org.model.units}
    by_area: dict[str, list[Finding]] = {a: [] for a in areas}
    for f in assessment.findings:
        by_area.setdefault(f.area, []).append(f)
    summary = []
    for a in areas:
        v = verdict(by_area[a])
        summary.append(
            AreaRow(
                area=a,
                title=AREA_TITLES.get(a, a),
                verdict=v,
                label=VERDICT_LABELS[v],
                counts=count_statuses(by_area[a]),
                comment=_comment(by_area[a]),
            )
        )
    overall = verdict(assessment.findings)

    heatmap = [
        HeatRow(
            key="organisation",
            label=ORG_ROW,
            detail=f"{org.model.organisation.employees} arbetstagare",
            cells=[_heat_cell(a, [f for f in by_area[a] if f.scope == "organisation"]) for a in areas],
        )
    ]
    for u in sorted(org.model.units, key=lambda u: u.id):
        scope = f"unit:{u.id}"
        heatmap.append(
            HeatRow(
                key=u.id,
                label=u.name,
                detail=f"{u.id} · {u.employees} arbetstagare",
                cells=[_heat_cell(a, [f for f in by_area[a] if f.scope == scope]) for a in areas],
            )
        )

    ordered = sorted(assessment.findings, key=_area_key(areas))
    demands, advice, errors, passed, na, not_shown = [], [], [], [], [], []
    for f in ordered:
        if f.status == "error":
            errors.append(f)
        elif f.status == "not_shown":
            not_shown.append(f)
        elif f.status in ("fail", "partial"):
            (demands if f.severity == "legal" else advice).append(f)
        elif f.status == "pass":
            passed.append(f)
        else:
            na.append(f)

    def views(fs: list[Finding], start: int = 1) -> list[FindingView]:
        return [_finding_view(start + i, f, book, unit_names) for i, f in enumerate(fs)]

    o = org.model.organisation
    organisation = {
        "name": o.name,
        "org_number": o.org_number,
        "municipality": o.municipality,
        "board": o.board,
        "administration": o.administration,
        "employees": o.employees,
        "units": len(org.model.units),
        "safety_representatives": o.safety_representatives,
        "file": org.file,
    }
    return Report(
        organisation=organisation,
        assessment_date=on.isoformat(),
        date_source={
            "argument": "angiven vid körningen",
            "org_file": "från organisationsfilen",
            "today": "dagens datum",
        }[assessment.date_source],
        profile=assessment.profile,
        rule_count=len(book.for_evaluation(assessment.profile)),
        areas=areas,
        area_titles={a: AREA_TITLES.get(a, a) for a in areas},
        area_short={a: AREA_SHORT.get(a, a) for a in areas},
        summary=summary,
        totals=count_statuses(assessment.findings),
        counts=count(assessment.findings),
        not_shown=views(not_shown),
        missing=missing_facts(assessment.findings),
        overall=overall,
        overall_label=VERDICT_LABELS[overall],
        heatmap=heatmap,
        demands=views(demands),
        advice=views(advice, len(demands) + 1),
        errors=views(errors),
        passed=views(passed),
        not_applicable=views(na),
        graph=plan_picture(org, book, assessment),
        timeline=timeline(org, on),
        charts=signal_charts(org),
        version=__version__,
    )


def _environment(templates: Path) -> SandboxedEnvironment:
    """Sandboxed and autoescaping: org files are user input and end up in the page."""
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_report(report: Report, templates: Path | None = None) -> str:
    """The report as one self-contained HTML document (no scripts, no external resources)."""
    env = _environment(templates or require_resource_dir("templates"))
    return env.get_template(TEMPLATE).render(r=report)


def report_html(org: LoadedOrg, book: RuleBook, assessment: Assessment) -> str:
    """Convenience: build and render in one call."""
    return render_report(build_report(org, book, assessment))
