"""The visual self-assessment report: one self-contained HTML file for the board.

``build_report`` turns an organisation, the rule book and an assessment (and,
optionally, the previous assessment) into plain data, all geometry computed:
the ranked first steps ("Det viktigaste att göra nu", from
:mod:`samosa.plan.priority`), what changed since last time per area and unit,
a summary per area, a units × areas heatmap, the demands with the things they
concern named in Swedish, the action-plan graph, a deadline timeline and signal
charts with the rules' thresholds, the previous value and the figures' year.
``render_report`` pours that data into ``templates/report.html.j2`` through a
sandboxed, autoescaping Jinja2 environment. Nothing here reads the clock or the
network, so the same input gives the same bytes.

The page speaks to the board and the skyddsombud: things are named by what
they are (:mod:`samosa.documents.objects`, :mod:`samosa.models.words`), never
by internal id or code, and numbers are Swedish ("11,2 %"). Rule ids, keys
and ``file:line:col`` are in the appendix ("Bilaga"), for the person who edits
the file.

The auditor's scale (Ja / I huvudsak / Delvis / Nej, as in the municipal audit
of seed 001) has one definition, ``engine.verdicts.scale``: over what the file
shows, never "Ja" while something is not shown, and a finding that could not
be evaluated (``error``) makes the whole cell "Kan inte bedömas" — it is never
read as compliant. What the file does not show is listed as information to
supply ("Uppgifter som behöver kompletteras"); the key to fill in is in the appendix.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from samosa.documents.objects import describe_missing, join_objects, name_object, name_rules
from samosa.documents.phrasebook import fill, load_phrasebook
from samosa.documents.swedish import join_sv, sv_date, sv_number, units_phrase
from samosa.documents.templating import environment
from samosa.engine.findings import STATUSES, Assessment, Change, Finding
from samosa.engine.identity import path_of, subject_check, subject_object
from samosa.engine.verdicts import SCALE_LABELS, STATUS_LABELS, MissingFact, count, missing_facts, scale_of_findings
from samosa.models.loading import LoadedOrg
from samosa.models.words import ACTION_STATUSES
from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, RuleBook
from samosa.rulebook.references import join_citations

if TYPE_CHECKING:
    from samosa.engine.baseline import Baseline
    from samosa.plan.graph import PlanReport
    from samosa.plan.priority import Priority

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
ACTION_STATUS_LABELS = ACTION_STATUSES
ORG_ROW = "Hela verksamheten (gemensamma krav)"
#: How many ranked steps open the report ("three to five", issue 17).
FIRST_STEPS = 5


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
    key: str  # "organisation" or the unit id (an attribute, never shown)
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
    scope: str
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
    evidence: list[EvidenceView]  # for the appendix
    objects: str = ""  # the things at fault, named ("händelsen den 22 januari 2024 (hot)")
    missing: list[str] = field(default_factory=list)  # what is not stated, named
    heading: str = ""  # "Krav 3", for the appendix


@dataclass
class StepView:
    """One of "Det viktigaste att göra nu": what, why, who and when, in Swedish."""

    number: int
    tier: str
    tier_label: str
    title: str
    where: str  # the units it concerns, or "" for the whole organisation
    objects: str
    actions: list[str]
    why: str
    who: str
    when: str


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
    problems: list[EvidenceView]  # positioned, for the appendix
    renderer: str = "samosa.plan_svg"
    problem_texts: list[str] = field(default_factory=list)  # in words, for the page
    completion_estimated: bool = False


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
    value: Optional[float]  # None: "uppgift saknas"
    previous: Optional[float]
    y: int
    w: int
    prev_w: Optional[int]
    value_text: str
    previous_text: str = ""


@dataclass
class Threshold:
    label: str
    value: float
    x: int


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
    thresholds: list[Threshold] = field(default_factory=list)
    period: str = ""
    warning: str = ""
    previous_note: str = ""


@dataclass
class ChangeView:
    kind: str
    label: str
    title: str
    what: str  # the thing it concerns, named; "" for the requirement as a whole
    then: str
    now: str


@dataclass
class ChangeGroup:
    area: str
    area_title: str
    scope_label: str
    counts: dict[str, int]
    changes: list[ChangeView]


@dataclass
class Since:
    """What changed since the previous assessment, per area and unit."""

    file: str
    date: str
    sentence: str
    counts: dict[str, int]
    groups: list[ChangeGroup]
    notes: list[str]


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
    first_steps: list[StepView] = field(default_factory=list)
    more_steps: int = 0
    since: Optional[Since] = None
    missing_texts: list[tuple[str, str]] = field(default_factory=list)  # (what is not stated, needed for)
    signal_notes: list[str] = field(default_factory=list)  # signals without any figure
    signal_warning: str = ""  # the figures' period is older than the assessment, or not stated


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
    return unit_names.get(uid, uid)


class _Namer:
    """Names the things findings point at, in this file and, for what is gone, in the previous one."""

    def __init__(self, org: LoadedOrg, previous: Optional[LoadedOrg] = None, book: Optional[RuleBook] = None):
        self.rule_titles = {r.id: r.title for r in book} if book is not None else {}
        self.root = org.model.model_dump(mode="python")
        self.unit_names = {u.id: u.name for u in org.model.units}
        self.previous = previous.model.model_dump(mode="python") if previous is not None else None
        self.previous_units = {u.id: u.name for u in previous.model.units} if previous is not None else {}

    def subject(self, subject: str) -> Any:
        """The named object of a subject (``NamedObject``), or ``None`` (the scope as a whole, or gone)."""
        key = subject_object(subject)
        if not key:
            return None
        path = path_of(self.root, key)
        if path is not None:
            return name_object(self.root, path, self.unit_names)
        if self.previous is not None:
            path = path_of(self.previous, key)
            if path is not None:
                return name_object(self.previous, path, {**self.previous_units, **self.unit_names})
        return None

    def risk(self, risk_id: str) -> str:
        """``risken ”…”`` for a risk id an action answers, or ``""`` (a rule id, or a risk that is gone)."""
        for a, ra in enumerate(self.root.get("risk_assessments") or []):
            for r, risk in enumerate(ra.get("risks") or []):
                if risk.get("id") == risk_id:
                    obj = name_object(self.root, f"risk_assessments[{a}].risks[{r}]", self.unit_names)
                    return obj.text if obj is not None else ""
        return ""

    def subjects(self, subjects: list[str], check: Optional[str] = None) -> list[Any]:
        out, seen = [], set()
        for s in subjects:
            if check is not None and subject_check(s) != check:
                continue
            obj = self.subject(s)
            if obj is not None and obj.key not in seen:
                seen.add(obj.key)
                out.append(obj)
        return out


def _finding_view(n: int, f: Finding, book: RuleBook, namer: _Namer, heading: str = "") -> FindingView:
    unit_names = namer.unit_names
    scope_id = f.scope.removeprefix("unit:") if f.scope != "organisation" else "org"
    objects = namer.subjects(f.subjects)
    missing = []
    for e in f.evidence:
        if e.fact == "not_stated" and e.path:
            text = describe_missing(namer.root, e.path, unit_names)
            if text not in missing:
                missing.append(text)
    return FindingView(
        number=n,
        anchor=f"{f.rule}--{scope_id}",
        rule=f.rule,
        title=f.title,
        area=f.area,
        area_title=AREA_TITLES.get(f.area, f.area),
        scope=f.scope,
        scope_label=_scope_label(f.scope, unit_names),
        unit_name=None if f.scope == "organisation" else unit_names.get(scope_id, scope_id),
        status=f.status,
        status_label=STATUS_LABELS[f.status],
        severity=f.severity,
        severity_label=SEVERITY_TITLES.get(f.severity, f.severity),
        references=join_citations(f.references, book.references) if f.references else "",
        explanation=name_rules(f.explanation, namer.rule_titles),
        demand=name_rules(f.demand, namer.rule_titles) if f.demand else None,
        reply_weeks=f.reply_weeks,
        evidence=[EvidenceView(where=f"{e.file}:{e.line}:{e.column}", note=e.note) for e in f.evidence],
        objects=join_objects(objects) if objects else "",
        missing=missing,
        heading=f"{heading} {n}" if heading else "",
    )


def _area_key(areas: list[str]):
    return lambda f: (areas.index(f.area) if f.area in areas else len(areas), f.rule, f.scope)


# ------------------------------------------------------------ action graph


def analysed_plan(org: LoadedOrg, book: RuleBook, assessment: Assessment) -> PlanReport:
    """The action plan merged with the unmet demands and analysed on the assessment date."""
    from samosa.plan.graph import analyse, build_action_graph

    ag = build_action_graph(org, assessment, book)
    return analyse(
        ag,
        assessment.assessment_date,
        date_source=assessment.date_source,
        organisation=assessment.organisation,
        profile=assessment.profile,
    )


def plan_picture(
    org: LoadedOrg, book: RuleBook, assessment: Assessment, plan: Optional[PlanReport] = None
) -> Optional[PlanPicture]:
    """The action plan merged with the unmet demands, drawn by the planner (samosa.plan_svg).

    Embedded as a ``data:`` image rather than inline: the planner's SVG carries
    its own stylesheet, which inline would restyle this page (and vice versa).
    It is drawn with names, not ids, and its content is repeated in words
    (``alt``, caption, the problems named on the page, positioned in the appendix).
    """
    from samosa.plan.plain import item_text, problem_text
    from samosa.plan.svg import render_svg

    plan = plan if plan is not None else analysed_plan(org, book, assessment)
    if not plan.items:
        return None
    svg = render_svg(plan, names=True)
    size = re.search(r'<svg[^>]* width="(\d+)" height="(\d+)"', svg)
    width, height = (int(size[1]), int(size[2])) if size else (800, 400)
    actions = sum(i.kind == "action" for i in plan.items)
    unplanned = sum(i.kind == "demand" for i in plan.items)
    by_id = {i.id: i for i in plan.items}
    path = [item_text(by_id[n], plan) for n in plan.critical_path]
    alt = (
        f"Handlingsplanen som beroendegraf: {actions} åtgärder och {unplanned} krav utan åtgärd, "
        f"{len(plan.edges)} beroenden. Pilarna går från det som måste vara klart först."
    )
    if path:
        alt += " Kritisk linje: " + " → ".join(path) + "."
    if plan.completion:
        guess = " (uppskattat: alla längder framgår inte)" if plan.completion_estimated else ""
        alt += f" Allt klart tidigast {sv_date(plan.completion)}{guess}."
    if plan.problems:
        alt += f" {len(plan.problems)} problem i planen, listade under bilden."
    texts: list[str] = []
    for p in plan.problems:
        t = problem_text(p, plan, sv_date)
        if t not in texts:
            texts.append(t)
    return PlanPicture(
        data_uri="data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
        width=width,
        height=height,
        alt=alt,
        actions=actions,
        unplanned_demands=unplanned,
        edges=len(plan.edges),
        critical_path=path,
        completion=plan.completion.isoformat() if plan.completion else None,
        problems=[EvidenceView(where=f"{p.file}:{p.line}:{p.column}", note=p.message) for p in plan.problems],
        problem_texts=texts,
        completion_estimated=plan.completion_estimated,
    )


# --------------------------------------------------------------- first steps

TIER_LABELS = {"immediate": "Omedelbart", "overdue": "Försenad", "planned": "Planera", "advice": "Råd"}
WHO_TEXT = {
    "action_plan": "{who} (enligt handlingsplanen)",
    "unit_manager": "{who} (enhetschef)",
    "delegation": "{who} (enligt uppgiftsfördelningen)",
    "board": "{who} som arbetsgivare (ingen uppgiftsfördelning anger vem)",
    "not_stated": "Framgår inte – utse en ansvarig",
}


def _instruction(text: str) -> str:
    """A letter's "Ni ska se till att …" as an item on one's own list: "Se till att …"."""
    text = " ".join(text.split())
    text = re.sub(r"^Ni ska\s+", "", text)
    return text[:1].upper() + text[1:]


def _actions(findings: list[Finding], book: RuleBook, namer: _Namer) -> list[str]:
    """What to do for each failed check, in the phrasebook's words with the things named."""
    phrases = load_phrasebook()
    out: list[str] = []
    for f in findings:
        rp = phrases.for_rule(f.rule)
        unit = f.scope.removeprefix("unit:") if f.scope != "organisation" else None
        in_units = "i " + units_phrase([namer.unit_names.get(unit, unit)]) if unit else ""
        for c in f.checks:
            if c.outcome != "fail":
                continue
            phrase = rp.phrase(c.id) if rp else None
            objects = namer.subjects(f.subjects, c.id)
            if phrase is None:
                text = f.demand or (book.get(f.rule).demand if f.rule in book.rules else c.message)
            elif "{objects}" in phrase.do and not objects:
                text = phrase.none or (book.get(f.rule).demand if f.rule in book.rules else c.message)
            else:
                text = phrase.do
            text = fill(text, objects=join_objects(objects), in_units=in_units, plural=len(objects) > 1)
            text = _instruction(re.sub(r"^Arbetsgivaren ska\s+", "", text))
            if text not in out:
                out.append(text)
    return out


def _step_view(p: Priority, findings: dict[str, Finding], book: RuleBook, namer: _Namer) -> StepView:

    fs = [findings[k] for k in p.findings if k in findings]
    names = [namer.unit_names.get(u, u) for u in p.units]
    refs: list[str] = []
    for f in fs:
        refs += [r for r in f.references if r not in refs]
    cite = join_citations(refs, book.references) if refs else ""
    why: list[str] = []
    if p.immediate:
        why.append(p.immediate[:1].upper() + p.immediate[1:] + ".")
    elif p.severity != "legal":
        why.append(
            ("Allmänna råd" if p.severity == "advice" else "God praxis") + ": inget krav, men värt att överväga."
        )
    if p.kind == "action" and not fs:
        risks = [namer.risk(a) for a in p.answers]
        named = [r for r in risks if r]
        why.append(
            ("Åtgärd i handlingsplanen mot " + join_sv(named) + "." if named else "Åtgärd i handlingsplanen.")
            + " Åtgärder som inte görs omedelbart ska genomföras enligt handlingsplanens tidpunkt."
        )
    if p.kind == "action" and fs:
        titles = list(dict.fromkeys(f.title for f in fs))
        why.append(
            "Besvarar " + ("kravet" if len(titles) == 1 else "kraven") + " " + join_sv([f"”{t}”" for t in titles]) + "."
        )
    if p.tier == "overdue" and p.deadline:
        why.append(f"Tidpunkten i handlingsplanen, {sv_date(p.deadline)}, har passerats.")
    if p.critical and not p.immediate:
        if p.waiting > 1:
            why.append(f"Ligger på den kritiska linjen: {p.waiting} andra åtgärder väntar på den.")
        elif p.waiting == 1:
            why.append("Ligger på den kritiska linjen: en annan åtgärd väntar på den.")
        else:
            why.append("Ligger på den kritiska linjen: den avgör när allt kan vara klart.")
    if cite:
        why.append(f"Stöd: {cite}.")
    if p.immediate_rule:
        words = {rule: im.when for (rule, _), im in book.immediate().items()}
        when = "Nu – " + words.get(p.immediate_rule or "", "omedelbart")
        if p.deadline:
            when += f" (handlingsplanen anger {sv_date(p.deadline)})"
    elif p.deadline:
        when = f"Senast {sv_date(p.deadline)} enligt handlingsplanen"
        if p.slack_days is not None and p.slack_days < 0 and p.earliest_finish:
            when += f" – hinns inte: tidigast klar {sv_date(p.earliest_finish)}" + (
                " (uppskattat)" if p.estimated else ""
            )
        elif p.slack_days is not None and p.slack_basis == "deadline" and p.tier != "overdue":
            guess = ", uppskattat" if p.estimated else ""
            when += f" (marginal {p.slack_days} arbetsdagar mot den egna tidpunkten{guess})"
    else:
        when = "Ingen tidpunkt är beslutad"
        if p.earliest_finish:
            when += (
                f"; tidigast klar omkring {sv_date(p.earliest_finish)} (uppskattat)"
                if p.estimated
                else f"; tidigast klar {sv_date(p.earliest_finish)}"
            )
    objects = namer.subjects(p.subjects)
    return StepView(
        number=p.rank,
        tier=p.tier,
        tier_label=TIER_LABELS[p.tier],
        title=" ".join(p.title.split()),
        where=join_sv(names) if names else "",
        objects=join_objects(objects) if objects else "",
        actions=_actions(fs, book, namer) if p.kind == "demand" else [],
        why=" ".join(why),
        who=WHO_TEXT[p.who_basis].format(who=p.who or ""),
        when=when,
    )


def first_steps(
    plan: PlanReport, assessment: Assessment, book: RuleBook, namer: _Namer, n: int = FIRST_STEPS
) -> list[StepView]:
    """The first ``n`` ranked steps of the plan (samosa/plan/priority.py), worded for the board."""
    findings = {f"{f.rule}|{f.scope}": f for f in assessment.findings}
    return [_step_view(p, findings, book, namer) for p in plan.priorities[:n]]


# ------------------------------------------------------------- since last time

CHANGE_LABELS = {
    "new": "Ny brist",
    "worse": "Sämre",
    "unclear": "Framgår inte längre",
    "improved": "Bättre",
    "resolved": "Åtgärdad",
}
STATUS_THEN: dict[Optional[str], str] = {None: "bedömdes inte", **{k: v.lower() for k, v in STATUS_LABELS.items()}}


def since_last_time(baseline: Baseline, assessment: Assessment, namer: _Namer) -> Since:
    """The changes since ``baseline``, grouped per area and unit, with the things named."""
    from samosa.engine.baseline import change_counts, compare, counts_sentence, new_advice

    changes: list[Change] = (
        assessment.baseline.changes if assessment.baseline is not None else compare(baseline, assessment)
    )
    order = list(AREA_TITLES)
    groups: dict[tuple[str, str], list[Change]] = {}
    for ch in changes:
        groups.setdefault((ch.area, ch.scope), []).append(ch)
    names = {**namer.previous_units, **namer.unit_names}
    out = []
    for area, scope in sorted(
        groups, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1] != "organisation", k[1])
    ):
        views = []
        for ch in groups[(area, scope)]:
            obj = namer.subject(ch.subject) if ch.subject else None
            views.append(
                ChangeView(
                    kind=ch.kind,
                    label="Nytt råd" if ch.kind == "new" and ch.severity != "legal" else CHANGE_LABELS[ch.kind],
                    title=ch.title,
                    what=obj.text if obj is not None else "",
                    then=STATUS_THEN.get(ch.before, ch.before or ""),
                    now=STATUS_THEN.get(ch.now, ch.now or ""),
                )
            )
        out.append(
            ChangeGroup(
                area=area,
                area_title=AREA_TITLES.get(area, area),
                scope_label=_scope_label(scope, names).capitalize()
                if scope == "organisation"
                else _scope_label(scope, names),
                counts=change_counts(groups[(area, scope)]),
                changes=views,
            )
        )
    counts = change_counts(changes)
    return Since(
        file=baseline.file,
        date=sv_date(baseline.date) if baseline.date else "",
        sentence=counts_sentence(counts, new_advice(changes)),
        counts=counts,
        groups=out,
        notes=list(baseline.notes),
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
        status = item.status or "unknown"
        overdue = item.deadline is not None and item.deadline < on and status in ("planned", "in_progress")
        row = TimelineRow(
            label=" ".join(item.measure.split()),
            detail=f"ansvarig: {item.responsible}" if item.responsible else "ansvarig framgår inte",
            date=item.deadline,
            kind="action",
            status=status,
            status_label=ACTION_STATUS_LABELS.get(status, "läge okänt") + (", försenad" if overdue else ""),
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
        if r.date is None:  # the undated rows were set apart above
            raise RuntimeError(f"the timeline row {r.label!r} has no date")
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
MISSING = "uppgift saknas"


def _num(v: float, unit: str) -> str:
    return f"{sv_number(v)} {unit}".rstrip()


#: The signals charted: (id, title, unit, field, field of the previous period or None).
SIGNALS = (
    ("turnover", "Personalomsättning", "%", "staff_turnover_percent", "staff_turnover_previous_percent"),
    ("sickleave", "Sjukfrånvaro", "%", "sick_leave_percent", "sick_leave_previous_percent"),
    ("caseload", "Ärenden per handläggare", "", "cases_per_caseworker", None),
    (
        "workload",
        "Andel som anser arbetsbelastningen rimlig (medarbetarenkät)",
        "%",
        "survey_workload_ok_percent",
        None,
    ),
)


def signal_thresholds(book: RuleBook, attr: str, unit: str) -> list[tuple[str, float]]:
    """The fixed limits the rule pack's signal triggers use for ``signals.<attr>`` (organisation or unit).

    Read from the rules, so a chart draws the line the assessment actually used.
    """
    out: list[tuple[str, float]] = []
    for rule in book:
        for cond in rule.triggers:
            if cond.field not in (f"signals.{attr}", f"unit.signals.{attr}"):
                continue
            if cond.operator not in ("above", "below"):
                continue
            value = float(cond.operand)
            word = "över" if cond.operator == "above" else "under"
            label = f"signal {word} {_num(value, unit)}"
            if (label, value) not in out:
                out.append((label, value))
    return sorted(out, key=lambda t: t[1])


def _years(period: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", period)]


def period_warning(period: Optional[str], on: dt.date) -> str:
    """A warning when the figures are older than the year before the assessment, or their period is not stated."""
    if not period:
        return "Det framgår inte vilken period siffrorna avser."
    years = _years(period)
    if years and max(years) < on.year - 1:
        return (
            f"Siffrorna avser {period}, mer än ett år före bedömningsdagen {sv_date(on)}. "
            f"Ta fram siffror för {on.year - 1} eller senare."
        )
    return ""


def bar_chart(
    cid: str,
    title: str,
    unit: str,
    rows: list[tuple[str, Optional[float], Optional[float]]],
    thresholds: Sequence[tuple[str, float]] = (),
    previous_label: str = "föregående period",
) -> Optional[Chart]:
    """A horizontal bar chart (SVG data for the templates): one bar per row, last period's value and the rules' thresholds drawn."""
    if not any(v is not None for _, v, _ in rows):
        return None
    top = max(
        [v for _, v, _ in rows if v is not None] + [p for _, _, p in rows if p is not None] + [t for _, t in thresholds]
    )
    scale_max = max(10.0, float(-(-top // 10) * 10))
    bars, y = [], 8 + (16 if thresholds else 0)
    for label, value, prev in rows:
        w = round(value / scale_max * CH_PLOT) if value is not None else 0
        pw = round(prev / scale_max * CH_PLOT) if prev is not None else None
        text = _num(value, unit) if value is not None else MISSING
        prev_text = f"{previous_label}: {_num(prev, unit)}" if prev is not None else ""
        if prev is not None:
            text += f" (före: {_num(prev, unit)})"
        bars.append(
            Bar(label=label, value=value, previous=prev, y=y, w=w, prev_w=pw, value_text=text, previous_text=prev_text)
        )
        y += 34 if prev is not None else 24
    lines = [Threshold(label=t, value=v, x=CH_LABEL + round(v / scale_max * CH_PLOT)) for t, v in thresholds]
    parts = [f"{b.label}: {b.value_text}" for b in bars]
    desc = f"{title}. " + "; ".join(parts) + "."
    if lines:
        desc += " Signalgränser i reglerna: " + ", ".join(t.label for t in lines) + "."
    return Chart(
        id=cid,
        title=title,
        description=desc,
        unit=unit,
        width=CH_WIDTH,
        height=y + 10,
        label_w=CH_LABEL,
        bars=bars,
        thresholds=lines,
    )


def signal_charts(
    org: LoadedOrg, book: Optional[RuleBook] = None, on: Optional[dt.date] = None, previous: Optional[LoadedOrg] = None
) -> list[Chart]:
    """Bar charts of the signals AV and auditors look at first: every unit (without figures:
    "uppgift saknas"), the thresholds the rules use, the previous value where there is one
    (the file's own previous-period field, else the previous assessment's figure), and the year."""
    m = org.model
    units = sorted(m.units, key=lambda u: u.id)
    s = m.signals
    before = {u.id: u for u in previous.model.units} if previous is not None else {}
    charts = []
    for cid, title, unit, attr, prev_attr in SIGNALS:
        rows: list[tuple[str, Optional[float], Optional[float]]] = []
        from_previous = False

        def prev_of(own: Any, old: Any, attr: str = attr, prev_attr: Optional[str] = prev_attr) -> Optional[float]:
            """The file's own previous-period figure, else the previous assessment's figure."""
            nonlocal from_previous
            if prev_attr and getattr(own, prev_attr, None) is not None:
                return getattr(own, prev_attr)
            if old is not None and getattr(old, attr, None) is not None:
                from_previous = True
                return getattr(old, attr)
            return None

        old_org = previous.model.signals if previous is not None else None
        rows.append(("Hela verksamheten", getattr(s, attr), prev_of(s, old_org)))
        for u in units:
            old = before[u.id].signals if u.id in before else None
            rows.append((u.name, getattr(u.signals, attr), prev_of(u.signals, old)))
        thresholds = signal_thresholds(book, attr, unit) if book is not None else []
        full = f"{title} ({s.period})" if s.period else title
        chart = bar_chart(cid, full, unit, rows, thresholds)
        if chart is None:
            continue
        chart.period = s.period or ""
        chart.warning = period_warning(s.period, on) if on is not None else ""
        if from_previous and previous is not None:
            when = previous.model.organisation.assessment_date
            chart.previous_note = "Ljusare stapel: föregående bedömning" + (f" ({sv_date(when)})" if when else "") + "."
        charts.append(chart)
    return charts


def _any_signal(org: LoadedOrg) -> bool:
    return any(
        getattr(org.model.signals, attr) is not None
        or any(getattr(u.signals, attr) is not None for u in org.model.units)
        for _cid, _title, _unit, attr, _prev in SIGNALS
    )


def _signals_without_figures(org: LoadedOrg) -> list[str]:
    """The signals the file gives no figure for at all (their chart would be empty)."""
    out = []
    for _cid, title, _unit, attr, _prev in SIGNALS:
        if getattr(org.model.signals, attr) is None and all(getattr(u.signals, attr) is None for u in org.model.units):
            out.append(f"{title}: {MISSING} för hela verksamheten och alla enheter.")
    return out


# ------------------------------------------------------------------ report


def build_report(org: LoadedOrg, book: RuleBook, assessment: Assessment, baseline: Optional[Baseline] = None) -> Report:
    """Everything the template shows, computed and ordered here so the template only draws."""
    from samosa._version import __version__

    areas = _areas(assessment)
    on = assessment.assessment_date
    namer = _Namer(org, baseline.org if baseline is not None else None, book)
    unit_names = namer.unit_names
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
                detail=f"{u.employees} arbetstagare",
                cells=[_heat_cell(a, [f for f in by_area[a] if f.scope == scope]) for a in areas],
            )
        )

    ordered = sorted(assessment.findings, key=_area_key(areas))
    demands: list[Finding] = []
    advice: list[Finding] = []
    errors: list[Finding] = []
    passed: list[Finding] = []
    na: list[Finding] = []
    not_shown: list[Finding] = []
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

    def views(fs: list[Finding], start: int = 1, heading: str = "") -> list[FindingView]:
        return [_finding_view(start + i, f, book, namer, heading) for i, f in enumerate(fs)]

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
    plan = analysed_plan(org, book, assessment)
    missing = missing_facts(assessment.findings)
    titles = {f.rule: f.title for f in assessment.findings}
    missing_texts = [
        (
            describe_missing(namer.root, m.path, unit_names),
            join_sv(list(dict.fromkeys(titles.get(r, r) for r in m.rules))),
        )
        for m in missing
    ]
    profile = assessment.profile
    if profile and profile in book.profiles:
        profile = book.profiles[profile].title
    return Report(
        organisation=organisation,
        assessment_date=on.isoformat(),
        date_source={
            "argument": "angiven vid körningen",
            "org_file": "från organisationsfilen",
            "today": "dagens datum",
        }[assessment.date_source],
        profile=profile,
        rule_count=len(book.for_evaluation(assessment.profile)),
        areas=areas,
        area_titles={a: AREA_TITLES.get(a, a) for a in areas},
        area_short={a: AREA_SHORT.get(a, a) for a in areas},
        summary=summary,
        totals=count_statuses(assessment.findings),
        counts=count(assessment.findings),
        not_shown=views(not_shown, heading="Framgår inte"),
        missing=missing,
        missing_texts=missing_texts,
        overall=overall,
        overall_label=VERDICT_LABELS[overall],
        heatmap=heatmap,
        demands=views(demands, heading="Krav"),
        advice=views(advice, len(demands) + 1, heading="Rekommendation"),
        errors=views(errors, heading="Fel"),
        passed=views(passed),
        not_applicable=views(na),
        graph=plan_picture(org, book, assessment, plan),
        timeline=timeline(org, on),
        charts=signal_charts(org, book, on, baseline.org if baseline is not None else None),
        signal_notes=_signals_without_figures(org),
        signal_warning=period_warning(org.model.signals.period, on)
        if org.model.signals.period or _any_signal(org)
        else "",
        version=__version__,
        first_steps=first_steps(plan, assessment, book, namer),
        more_steps=max(0, len(plan.priorities) - FIRST_STEPS),
        since=since_last_time(baseline, assessment, namer) if baseline is not None else None,
    )


def render_report(report: Report, templates: Path | None = None) -> str:
    """The report as one self-contained HTML document (no scripts, no external resources)."""
    env = environment(html=True, templates=templates)  # org files are user input and end up in the page
    return env.get_template(TEMPLATE).render(r=report)


def report_html(org: LoadedOrg, book: RuleBook, assessment: Assessment, baseline: Optional[Baseline] = None) -> str:
    """Convenience: build and render in one call."""
    return render_report(build_report(org, book, assessment, baseline))
