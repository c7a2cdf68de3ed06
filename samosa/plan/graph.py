"""The action plan as a dependency graph: what to do first, and what is wrong with the plan.

Two sources meet in one ``networkx.DiGraph`` (an edge ``a → b`` means *a must be
finished before b*):

* the organisation's own ``action_plan`` in ``org.yaml`` — items with
  ``depends_on`` (edges) and ``answers`` (risk ids or rule ids);
* the assessment — every ``fail``/``partial`` finding is a **demand** (krav), and a
  rule's ``requires`` makes the prerequisite demand an edge into it.

Merge: an open (planned or in progress) item *covers* a demand when its
``answers`` names the demand's rule id (for a per-unit demand, the item must
have no ``unit`` or the same unit) or names a risk that the finding's evidence
points at (the risk itself or a value inside it). A covered demand is not a
node of its own: the covering items stand for it, and its rule prerequisites
become edges between the items that cover them. An uncovered demand becomes a
node with status ``unplanned`` — and a problem. A done or cancelled item never
covers a demand that still fails: the measure evidently did not meet it.

Analysis is linear in items + edges: strongly connected components (not
``simple_cycles``) find cycles, one ``find_cycle`` per component names one
whole cycle, Kahn's algorithm gives the parallel levels and one forward and one
backward pass give earliest dates, slack and the critical path. Durations and
dates are Swedish working days (:mod:`samosa.workdays`).

Per-node and per-edge results are plain dataclasses (pydantic serialises them
inside :class:`PlanReport`): their fields come from already validated input,
and validating 100 000 edges would cost more than the whole analysis. Everything here returns data; rendering lives in :mod:`samosa.plan_render` and
:mod:`samosa.plan_svg`.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal, Optional

import networkx as nx
from pydantic import BaseModel, Field

from samosa.engine.evaluate import GROUND_PREFIX, SIGNAL_PREFIX, evaluate
from samosa.engine.findings import Assessment, Finding, OrganisationRef
from samosa.engine.verdicts import MissingFact, missing_facts
from samosa.models.loading import RULE_ID_RE, LoadedOrg
from samosa.models.words import AREAS
from samosa.models.workdays import count_working_days, working_days
from samosa.plan.priority import OPEN_STATUSES, Priority, rank
from samosa.rulebook.model import RuleBook
from samosa.rulebook.vocabulary import Immediate
from samosa.source.positions import PathT, format_path
from samosa.source.problems import Problem

SCHEMA_VERSION = "2.0"
DEFAULT_DURATION_DAYS = 5
DEMAND_PREFIX = "krav:"
ORG_WIDE = "Hela verksamheten"

#: ``unknown``: the file does not state whether the item is planned, under way or done. It is
#: treated as not done (what depends on it waits for it) and reported as a problem.
ItemStatus = Literal["planned", "in_progress", "done", "cancelled", "unplanned", "unknown"]
DateSource = Literal["argument", "org_file", "today"]  # as Assessment.date_source
ProblemKind = Literal[
    "cycle",
    "unknown_reference",
    "cancelled_dependency",
    "date_order",
    "status_not_stated",
    "no_responsible",
    "no_deadline",
    "overdue",
    "deadline_unreachable",
    "unanswered",
    "unevaluable",
]

#: Verksamhetsområden by their Swedish names (one vocabulary: models/words.py).
AREA_TITLES = AREAS


@dataclass(frozen=True, kw_only=True)
class PlanProblem(Problem):
    """A ``Problem`` with the plan: its kind, and the plan items (node ids) it concerns."""

    kind: ProblemKind
    items: list[str] = field(default_factory=list)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.kind, self.message)


class Demand(BaseModel):
    """A failing finding seen as something the employer must do."""

    key: str = Field(description="Rule id, or '<rule>:<unit>' for a per-unit finding.")
    rule: str
    unit: Optional[str] = None
    title: str
    severity: str
    status: str = Field(description="The finding's status: fail or partial.")
    demand: Optional[str] = None
    covered_by: list[str] = Field(default_factory=list, description="Open plan items that answer it.")
    node: str = Field(description="The graph node standing for it: an item id, or 'krav:<key>' if unplanned.")


@dataclass(slots=True)
class PlanItem:
    """One node of the plan with its analysis (dates and slack only for open, unblocked work)."""

    id: str
    kind: Literal["action", "demand"]
    title: str
    status: ItemStatus
    responsible: Optional[str]
    deadline: Optional[dt.date]
    unit: Optional[str]
    unit_name: Optional[str]
    area: Optional[str]  # the unit's verksamhetsområde; None for organisation-wide items
    duration_days: int
    duration_assumed: bool  # no duration_days in the file: an estimate (the default), never a fact
    depends_on: list[str]  # direct predecessors, both edge kinds
    answers: list[str]
    covers: list[str]  # demand keys this item covers
    level: Optional[int]  # parallel level of open work, 1 = can run first
    earliest_start: Optional[dt.date]
    earliest_finish: Optional[dt.date]
    #: Working days the item can slip: against its own deadline when it has one (negative: it
    #: cannot be ready in time), else against the plan's completion (``slack_basis`` says which).
    slack_days: Optional[int]
    slack_basis: Optional[Literal["deadline", "completion"]]
    float_days: Optional[int]  # against the plan's completion (total float): 0 on the critical path
    estimated: bool  # its dates rest on an estimated duration (its own or a predecessor's)
    critical: bool
    can_start_now: bool
    blocked_by_cycle: bool
    file: str
    line: int
    column: int


@dataclass(slots=True)
class PlanEdge:
    source: str
    target: str
    kind: Literal["depends_on", "requires"]
    rule: Optional[str] = None  # for 'requires' edges: the rule whose prerequisite it is


class PlanReport(BaseModel):
    """Everything ``samosa plan`` shows, in a stable order (see docs/plan.md)."""

    schema_version: str = SCHEMA_VERSION
    plan_date: dt.date
    date_source: DateSource
    organisation: OrganisationRef
    profile: Optional[str] = None
    items: list[PlanItem]
    edges: list[PlanEdge]
    demands: list[Demand]
    problems: list[PlanProblem]
    start_now: list[str]
    levels: list[list[str]]
    critical_path: list[str]
    critical_path_days: int
    completion: Optional[dt.date] = Field(None, description="Earliest date all open, unblocked work is done.")
    completion_estimated: bool = Field(
        False, description="The completion date rests on estimated durations (items without duration_days)."
    )
    priorities: list[Priority] = Field(
        default_factory=list,
        description="The open work ranked: what the law says must be done at once, then legal duties by the "
        "critical path and deadlines, then advice (samosa/plan/priority.py).",
    )
    information: list[MissingFact] = Field(
        default_factory=list,
        description="Facts the file does not state that a verdict needs: information to supply, never a measure.",
    )


@dataclass
class ActionGraph:
    """The merged graph plus what building it found.

    Node attributes: ``kind``, ``title``, ``status``, ``responsible``, ``deadline``,
    ``unit``, ``area``, ``duration``, ``duration_assumed``, ``answers``, ``covers``,
    ``path`` (in the org file). Edge attributes: ``kind`` and, for ``requires``
    edges, ``rule``; ``depends_on`` edges carry the ``path`` of their entry.
    """

    graph: nx.DiGraph
    org: LoadedOrg
    demands: list[Demand]
    problems: list[PlanProblem] = field(default_factory=list)
    #: What the file does not state that a legal verdict needs: to supply, not to schedule.
    information: list[MissingFact] = field(default_factory=list)
    #: The failing findings by (rule, scope): what each demand rests on (for ranking the work).
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    #: The rule book's checks whose failure is work to do at once (``RuleBook.immediate``).
    immediate: dict[tuple[str, str], Immediate] = field(default_factory=dict)


@dataclass
class Plan:
    graph: ActionGraph
    report: PlanReport


# ------------------------------------------------------------------ building


def _problem(org: LoadedOrg, kind: ProblemKind, path: PathT, message: str, items: list[str]) -> PlanProblem:
    line, col = org.source.position(path)
    return PlanProblem(
        kind=kind, file=org.file, line=line, column=col, message=message, path=format_path(path), items=sorted(items)
    )


def _demand_key(f: Finding) -> tuple[str, Optional[str]]:
    unit = f.scope.removeprefix("unit:") if f.scope.startswith("unit:") else None
    return (f.rule if unit is None else f"{f.rule}:{unit}"), unit


def _position_index(org: LoadedOrg) -> dict[tuple[int, int], list[PathT]]:
    index: dict[tuple[int, int], list[PathT]] = {}
    for path, pos in org.source.values.items():
        index.setdefault(pos, []).append(path)
    return index


def _evidence_risks(f: Finding, org: LoadedOrg, index: dict, risk_paths: dict[str, PathT]) -> set[str]:
    """Risk ids whose entry (or a value inside it) the finding's evidence points at."""
    out: set[str] = set()
    for ev in f.evidence:
        if ev.file != org.file or ev.fact != "stated" or ev.note.startswith((GROUND_PREFIX, SIGNAL_PREFIX)):
            continue  # why the rule applies, or what is not stated, is not what a measure answers
        for path in index.get((ev.line, ev.column), ()):
            for risk, rpath in risk_paths.items():
                if path[: len(rpath)] == rpath:
                    out.add(risk)
    return out


def build_action_graph(org: LoadedOrg, assessment: Assessment, book: RuleBook) -> ActionGraph:
    """Merge the org's action plan with the assessment's demands into one graph."""
    return _build(org, assessment, book)


def _build(org: LoadedOrg, assessment: Assessment, book: RuleBook) -> ActionGraph:
    model = org.model
    graph = nx.DiGraph()
    problems: list[PlanProblem] = []
    units = {u.id: u for u in model.units}

    for i, item in enumerate(model.action_plan):
        u = units.get(item.unit) if item.unit else None
        graph.add_node(
            item.id,
            kind="action",
            title=item.measure,
            status=item.status or "unknown",
            responsible=item.responsible,
            responsible_stated="responsible" in item.model_fields_set,
            deadline_stated="deadline" in item.model_fields_set,
            deadline=item.deadline,
            unit=item.unit,
            area=u.area if u else None,
            duration=item.duration_days if item.duration_days is not None else DEFAULT_DURATION_DAYS,
            duration_assumed=item.duration_days is None,
            answers=list(item.answers),
            covers=[],
            path=("action_plan", i),
        )
    edges = []
    for i, item in enumerate(model.action_plan):
        for j, dep in enumerate(item.depends_on):
            path = ("action_plan", i, "depends_on", j)
            if dep not in graph:
                problems.append(
                    _problem(
                        org,
                        "unknown_reference",
                        path,
                        f"{item.id} beror på {dep!r}, som inte finns i handlingsplanen",
                        [item.id],
                    )
                )
                continue
            edges.append((dep, item.id, {"kind": "depends_on", "path": path, "rule": None}))
    graph.add_edges_from(edges)
    risk_ids = {r.id for ra in model.risk_assessments for r in ra.risks}
    for i, item in enumerate(model.action_plan):
        for j, ans in enumerate(item.answers):
            if RULE_ID_RE.match(ans) and ans not in book.rules and ans not in risk_ids:
                problems.append(
                    _problem(
                        org,
                        "unknown_reference",
                        ("action_plan", i, "answers", j),
                        f"{item.id} besvarar {ans!r}, som varken är en risk eller en regel",
                        [item.id],
                    )
                )

    # Demands and what covers them.
    risk_paths = {
        risk.id: ("risk_assessments", a, "risks", r)
        for a, ra in enumerate(model.risk_assessments)
        for r, risk in enumerate(ra.risks)
    }
    index = _position_index(org)
    answered_by: dict[str, list[str]] = {}
    for item in model.action_plan:
        for ans in item.answers:
            answered_by.setdefault(ans, []).append(item.id)
    demands: list[Demand] = []
    for f in assessment.findings:
        if f.status == "error":
            src = book.sources.get(f.rule)
            line, col = src.position(("id",)) if src else (1, 1)
            problems.append(
                PlanProblem(
                    kind="unevaluable",
                    file=src.file if src else org.file,
                    line=line,
                    column=col,
                    path="id",
                    items=[],
                    message=f"regeln {f.rule} ({f.scope}) kunde inte utvärderas; planen kan inte avgöra "
                    "om en åtgärd behövs",
                )
            )
            continue
        if f.status not in ("fail", "partial"):
            continue
        key, unit = _demand_key(f)
        candidates = {i for i in answered_by.get(f.rule, ()) if unit is None or graph.nodes[i]["unit"] in (None, unit)}
        for risk in _evidence_risks(f, org, index, risk_paths):
            candidates.update(answered_by.get(risk, ()))
        covering = sorted(c for c in candidates if graph.nodes[c]["status"] in ("planned", "in_progress"))
        stale = sorted(candidates - set(covering))
        node = covering[0] if covering else DEMAND_PREFIX + key
        demand = Demand(
            key=key,
            rule=f.rule,
            unit=unit,
            title=f.title,
            severity=f.severity,
            status=f.status,
            demand=f.demand,
            covered_by=covering,
            node=node,
        )
        demands.append(demand)
        for c in covering:
            graph.nodes[c]["covers"].append(key)
        if not covering:
            u = units.get(unit) if unit else None
            graph.add_node(
                node,
                kind="demand",
                title=f.title,
                status="unplanned",
                responsible=None,
                deadline=None,
                unit=unit,
                area=u.area if u else None,
                duration=DEFAULT_DURATION_DAYS,
                duration_assumed=True,
                answers=[],
                covers=[key],
                path=("action_plan",),
                finding=f,
            )
            problems.append(_unanswered(org, f, key, node, stale, index))

    # Rule prerequisites become edges between whatever stands for each demand.
    by_rule: dict[str, list[Demand]] = {}
    for d in demands:
        by_rule.setdefault(d.rule, []).append(d)
    for d in demands:
        targets = d.covered_by or [d.node]
        for req in book.rules[d.rule].requires if d.rule in book.rules else ():
            for q in by_rule.get(req, ()):
                if d.unit is not None and q.unit is not None and q.unit != d.unit:
                    continue
                for s in q.covered_by or [q.node]:
                    for t in targets:
                        if s != t and not graph.has_edge(s, t):
                            graph.add_edge(s, t, kind="requires", rule=d.rule, path=None)

    problems.extend(_static_problems(graph, org))
    information = missing_facts(f for f in assessment.findings if f.severity == "legal")
    return ActionGraph(
        graph=graph,
        org=org,
        demands=sorted(demands, key=lambda d: d.key),
        problems=problems,
        information=information,
        findings={(f.rule, f.scope): f for f in assessment.findings if f.status in ("fail", "partial")},
        immediate=book.immediate(),
    )


def _unanswered(org: LoadedOrg, f: Finding, key: str, node: str, stale: list[str], index: dict) -> PlanProblem:
    # a råd is never a brist or a krav (engine/verdicts.py): it is "rådet", and it is followed, not met
    what, met = ("kravet", "uppfyllt") if f.severity == "legal" else ("rådet", "följt")
    msg = f"{what} {key} ({f.title}) besvaras inte av någon planerad åtgärd"
    if stale:
        msg += f"; {', '.join(stale)} besvarar det men är avslutad eller struken och {what} är ändå inte {met}"
    if f.evidence:
        ev = f.evidence[0]
        paths = sorted(index.get((ev.line, ev.column), []), key=len)
        return PlanProblem(
            kind="unanswered",
            file=ev.file,
            line=ev.line,
            column=ev.column,
            message=msg,
            path=format_path(paths[0]) if paths else "",
            items=[node],
        )
    return _problem(org, "unanswered", ("action_plan",), msg, [node])


def _static_problems(graph: nx.DiGraph, org: LoadedOrg) -> list[PlanProblem]:
    """Problems that do not depend on the plan date."""
    out: list[PlanProblem] = []
    nodes = graph.nodes
    for n, a in nodes(data=True):
        if a["kind"] == "action" and a["status"] == "unknown":
            out.append(
                _problem(
                    org,
                    "status_not_stated",
                    a["path"],
                    f"det framgår inte om {n} är planerad, påbörjad eller genomförd (status)",
                    [n],
                )
            )
        if a["kind"] != "action" or a["status"] not in ("planned", "in_progress"):
            continue
        if not a["responsible"]:
            said = (
                f"{n} har ingen ansvarig" if a["responsible_stated"] else f"det framgår inte vem som ansvarar för {n}"
            )
            out.append(_problem(org, "no_responsible", a["path"], said, [n]))
        if a["deadline"] is None:
            said = (
                f"{n} har ingen tidpunkt (deadline)"
                if a["deadline_stated"]
                else f"det framgår inte när {n} ska vara genomförd (deadline)"
            )
            out.append(_problem(org, "no_deadline", a["path"], said, [n]))
    for s, t, e in graph.edges(data=True):
        src, dst = nodes[s], nodes[t]
        if dst["status"] not in OPEN_STATUSES:
            continue
        where = e["path"] or dst["path"]
        why = "" if e["kind"] == "depends_on" else f" (regeln {e['rule']} förutsätter det)"
        if src["status"] == "cancelled":
            out.append(
                _problem(
                    org,
                    "cancelled_dependency",
                    where,
                    f"{t} beror på {s}, som är struken; {t} kan inte påbörjas{why}",
                    [s, t],
                )
            )
        elif src["status"] != "done" and src["deadline"] and dst["deadline"] and dst["deadline"] < src["deadline"]:
            path = dst["path"] + ("deadline",) if dst["kind"] == "action" else where
            out.append(
                _problem(
                    org,
                    "date_order",
                    path,
                    f"{t} ska vara klar {dst['deadline'].isoformat()}, före {s} "
                    f"({src['deadline'].isoformat()}) som den beror på{why}",
                    [s, t],
                )
            )
    return out


# ------------------------------------------------------------------ analysis


def _cycle_problems(graph: nx.DiGraph, org: LoadedOrg) -> tuple[list[PlanProblem], set[str]]:
    """One problem per strongly connected component that contains a cycle."""
    problems: list[PlanProblem] = []
    cyclic: set[str] = set()
    for scc in nx.strongly_connected_components(graph):
        if len(scc) == 1:
            (only,) = scc
            if not graph.has_edge(only, only):
                continue
        cyclic |= scc
        start = min(scc)
        edges = nx.find_cycle(graph.subgraph(scc), source=start)
        cycle = [u for u, _ in edges]
        low = cycle.index(min(cycle))
        cycle = cycle[low:] + cycle[:low]
        first, closing = cycle[0], cycle[-1]
        e = graph.edges[closing, first]
        path = e["path"] or graph.nodes[first]["path"]
        msg = "beroendecykel: " + " → ".join(cycle + [first])
        if len(scc) > len(cycle):
            rest = sorted(scc - set(cycle))
            shown = ", ".join(rest[:10]) + (f" och {len(rest) - 10} till" if len(rest) > 10 else "")
            msg += f" (fler åtgärder hänger ihop med cykeln: {shown})"
        problems.append(_problem(org, "cycle", path, msg, sorted(scc)))
    return problems, cyclic


def _descendants(graph: nx.DiGraph, sources: set[str]) -> set[str]:
    seen = set(sources)
    queue = deque(sources)
    succ = graph._succ
    while queue:
        for m in succ[queue.popleft()]:
            if m not in seen:
                seen.add(m)
                queue.append(m)
    return seen


def analyse(
    ag: ActionGraph,
    date: dt.date,
    *,
    date_source: DateSource = "argument",
    organisation: Optional[OrganisationRef] = None,
    profile: Optional[str] = None,
) -> PlanReport:
    """Validate and schedule the plan as seen on ``date``."""
    return _analyse(ag, date, date_source, organisation, profile)


def _analyse(
    ag: ActionGraph,
    date: dt.date,
    date_source: DateSource,
    organisation: Optional[OrganisationRef],
    profile: Optional[str],
) -> PlanReport:
    graph, org = ag.graph, ag.org
    nodes = graph.nodes
    pred, succ = graph._pred, graph._succ
    problems = list(ag.problems)
    cycle_problems, cyclic = _cycle_problems(graph, org)
    problems += cycle_problems
    blocked = _descendants(graph, cyclic) if cyclic else set()

    status = {n: a["status"] for n, a in nodes(data=True)}
    open_nodes = [n for n in graph if status[n] in OPEN_STATUSES and n not in blocked]
    is_open = set(open_nodes)

    # Kahn's algorithm over open, unblocked work: levels and a topological order.
    indeg = {n: sum(1 for p in pred[n] if p in is_open) for n in open_nodes}
    level_of: dict[str, int] = {}
    levels: list[list[str]] = []
    current = sorted(n for n in open_nodes if indeg[n] == 0)
    while current:
        levels.append(current)
        nxt = []
        for n in current:
            level_of[n] = len(levels)
            for m in succ[n]:
                if m in is_open:
                    indeg[m] -= 1
                    if indeg[m] == 0:
                        nxt.append(m)
        current = sorted(nxt)
    order = [n for lvl in levels for n in lvl]

    duration = {n: nodes[n]["duration"] for n in open_nodes}
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    for n in order:
        es[n] = max((ef[p] for p in pred[n] if p in is_open), default=0)
        ef[n] = es[n] + duration[n]
    project = max(ef.values(), default=0)
    lf: dict[str, int] = {}
    for n in reversed(order):
        lf[n] = min((lf[m] - duration[m] for m in succ[n] if m in is_open), default=project)
    slack = {n: lf[n] - ef[n] for n in order}
    estimated: dict[str, bool] = {}
    for n in order:
        estimated[n] = nodes[n]["duration_assumed"] or any(estimated.get(p, False) for p in pred[n] if p in is_open)

    critical_path: list[str] = []
    if order:
        n = min((n for n in order if ef[n] == project), key=lambda x: x)
        critical_path.append(n)
        while True:
            cands = sorted(p for p in pred[n] if p in is_open and ef[p] == es[n] and slack[p] == 0)
            if not cands:
                break
            n = cands[0]
            critical_path.append(n)
        critical_path.reverse()

    days = list(islice(working_days(date), project + 1))

    def start_date(n: str) -> dt.date:
        return days[es[n]] if duration[n] else days[max(es[n] - 1, 0)]

    def finish_date(n: str) -> dt.date:
        return days[max(ef[n] - 1, 0)]

    start_now = sorted(
        n
        for n in graph
        if status[n] in ("planned", "unplanned") and n not in blocked and all(status[p] == "done" for p in pred[n])
    )
    start_set = set(start_now)
    critical_set = set(critical_path)

    unit_names = {u.id: u.name for u in org.model.units}
    items: list[PlanItem] = []
    for n in sorted(graph):
        a = nodes[n]
        line, col = org.source.position(a["path"])
        open_ = n in is_open
        finish = finish_date(n) if open_ else None
        own_slack = count_working_days(finish, a["deadline"]) if finish and a["deadline"] else None
        item = PlanItem(
            id=n,
            kind=a["kind"],
            title=a["title"],
            status=a["status"],
            responsible=a["responsible"],
            deadline=a["deadline"],
            unit=a["unit"],
            unit_name=unit_names.get(a["unit"]),
            area=a["area"],
            duration_days=a["duration"],
            duration_assumed=a["duration_assumed"],
            depends_on=sorted(pred[n]),
            answers=a["answers"],
            covers=sorted(a["covers"]),
            level=level_of.get(n),
            earliest_start=start_date(n) if open_ else None,
            earliest_finish=finish,
            slack_days=own_slack if own_slack is not None else (slack[n] if open_ else None),
            slack_basis=("deadline" if own_slack is not None else "completion") if open_ else None,
            float_days=slack[n] if open_ else None,
            estimated=estimated.get(n, False),
            critical=n in critical_set,
            can_start_now=n in start_set,
            blocked_by_cycle=n in blocked,
            file=org.file,
            line=line,
            column=col,
        )
        items.append(item)
        if a["kind"] != "action" or a["status"] not in ("planned", "in_progress") or a["deadline"] is None:
            continue
        if a["deadline"] < date:
            problems.append(
                _problem(
                    org,
                    "overdue",
                    a["path"] + ("deadline",),
                    f"{n} skulle ha varit klar {a['deadline'].isoformat()} men är "
                    f"{'påbörjad' if a['status'] == 'in_progress' else 'inte påbörjad'} "
                    f"({date.isoformat()})",
                    [n],
                )
            )
        elif open_ and item.earliest_finish and item.earliest_finish > a["deadline"]:
            guess = " (uppskattat: någon längd framgår inte av filen)" if item.estimated else ""
            problems.append(
                _problem(
                    org,
                    "deadline_unreachable",
                    a["path"] + ("deadline",),
                    f"{n} ska vara klar {a['deadline'].isoformat()} men kan bli klar tidigast "
                    f"{item.earliest_finish.isoformat()}{guess}",
                    [n],
                )
            )

    edges = [
        PlanEdge(s, t, e["kind"], e["rule"])
        for s, t, e in sorted((s, t, e) for s, nbrs in succ.items() for t, e in nbrs.items())
    ]
    if organisation is None:
        o = org.model.organisation
        organisation = OrganisationRef(name=o.name, org_number=o.org_number, file=org.file, employees=o.employees)
    return PlanReport.model_construct(
        plan_date=date,
        date_source=date_source,
        organisation=organisation,
        profile=profile,
        items=items,
        edges=edges,
        demands=ag.demands,
        problems=_sorted_problems(problems),
        start_now=start_now,
        levels=levels,
        critical_path=critical_path,
        critical_path_days=project,
        completion=finish_date(critical_path[-1]) if critical_path else None,  # 0-day work, too, ends on a day
        completion_estimated=bool(critical_path) and estimated.get(critical_path[-1], False),
        information=ag.information,
        priorities=rank(items, ag.demands, ag.findings, org.model, date, ag.immediate),
    )


def _sorted_problems(problems: list[PlanProblem]) -> list[PlanProblem]:
    seen: set[tuple] = set()
    out = []
    for p in sorted(problems, key=lambda p: p.sort_key() + (p.path, tuple(p.items))):
        key = p.sort_key() + (p.path,)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def make_plan(org: LoadedOrg, book: RuleBook, date: Optional[dt.date] = None, profile: Optional[str] = None) -> Plan:
    """Evaluate ``org``, merge the demands with its action plan and analyse it on ``date``."""
    assessment = evaluate(org, book, date=date, profile=profile)
    ag = build_action_graph(org, assessment, book)
    report = analyse(
        ag,
        assessment.assessment_date,
        date_source=assessment.date_source,
        organisation=assessment.organisation,
        profile=profile,
    )
    return Plan(graph=ag, report=report)


__all__ = [
    "ActionGraph",
    "DEFAULT_DURATION_DAYS",
    "Demand",
    "Plan",
    "PlanEdge",
    "PlanItem",
    "PlanProblem",
    "PlanReport",
    "analyse",
    "build_action_graph",
    "make_plan",
]
