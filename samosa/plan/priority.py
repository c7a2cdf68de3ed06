"""What to do first: the open work of the plan, ranked.

The order a manager can defend to the board and the skyddsombud:

1. **What the law says must be done at once** (``immediate``): an
   unreported serious incident (3 kap. 3 a § arbetsmiljölagen: *utan
   dröjsmål*) and a serious risk no measure answers (3 kap. 2 a §
   arbetsmiljölagen, 10 § AFS 2001:1 / 13 § AFS 2023:1: *genast eller så snart
   det är möjligt*). The rule pack names the failed checks that mean this
   (a check's ``immediate``: the duty, and the words of the rule's summary that
   say when; ``RuleBook.immediate``), and refuses one on a check that is not legal.
2. **Legal duties past their own deadline** (``overdue``): the plan's own date
   has passed.
3. **Other legal duties** (``planned``): first what is on the critical path
   (everything else waits for it), then by slack — against the item's own
   deadline when it has one, else against the plan's completion — then by
   deadline and earliest finish.
4. **Advice and good practice** (``advice``): allmänna råd are never a krav,
   so they come after every legal duty, in the same order.

A legal duty is work that answers at least one failing legal requirement, or
an item of the organisation's own plan that answers none (its own measures
against its risks, which 3 kap. 2 a § arbetsmiljölagen asks for). Unplanned
demands of one rule in one tier are one step, listing their units. Who does it
is what the file says — the action's ``responsible``, else the unit's manager,
else whoever the organisation-wide delegation names, else the board — and
never invented: ``who`` is ``None`` when the file names nobody. Dates that
rest on an estimated duration say so (``estimated``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Optional

import networkx as nx

if TYPE_CHECKING:
    from samosa.engine.findings import Finding
    from samosa.models.org import OrgFile
    from samosa.rulebook.vocabulary import Immediate

#: Plan items still to do; an item whose status is not stated ("unknown") is never counted as done.
OPEN_STATUSES: tuple[str, ...] = ("planned", "in_progress", "unplanned", "unknown")

Tier = Literal["immediate", "overdue", "planned", "advice"]
TIERS: tuple[str, ...] = ("immediate", "overdue", "planned", "advice")
WhoBasis = Literal["action_plan", "unit_manager", "delegation", "board", "not_stated"]
Severity = Literal["legal", "advice", "good_practice"]

TIER_WORDS = {
    "immediate": "omedelbart",
    "overdue": "försenad",
    "planned": "planeras",
    "advice": "råd",
}


@dataclass(slots=True)
class Priority:
    """One step of the ranked work (``samosa plan`` JSON: ``priorities``)."""

    rank: int
    tier: Tier
    nodes: list[str]  # plan nodes: an action id, or the 'krav:…' nodes of unplanned demands
    kind: Literal["action", "demand"]
    title: str  # the action's measure, or the requirement's title
    rules: list[str]  # the rules it answers, in rule order
    findings: list[str]  # "<rule>|<scope>" of the failing findings it answers
    units: list[str]  # unit ids it concerns; empty = the whole organisation
    severity: Severity
    status: str
    why: str  # Swedish, with ISO dates
    immediate: Optional[str]  # what the law says, for an immediate step
    immediate_rule: Optional[str]  # the rule whose immediate check makes it so
    who: Optional[str]
    who_basis: WhoBasis
    deadline: Optional[dt.date]  # the action plan's own date for it
    earliest_finish: Optional[dt.date]
    estimated: bool  # earliest_finish rests on an estimated duration
    slack_days: Optional[int]
    slack_basis: Optional[Literal["deadline", "completion"]]
    critical: bool
    waiting: int  # how many open items depend on it, directly or not
    blocked_by_cycle: bool = False
    subjects: list[str] = field(default_factory=list)  # the findings' subjects (engine/identity.py)
    answers: list[str] = field(default_factory=list)  # an action's own `answers` (risk or rule ids)


def _scope_of(unit: Optional[str]) -> str:
    return "organisation" if unit is None else f"unit:{unit}"


def _who(item: Any, model: OrgFile, units: list[str]) -> tuple[Optional[str], WhoBasis]:
    """Who the file says does it, and on what basis (never invented)."""
    if item.kind == "action":
        return (item.responsible, "action_plan") if item.responsible else (None, "not_stated")
    by_id = {u.id: u for u in model.units}
    if units:
        managers = [m for u in units if u in by_id and (m := by_id[u].manager)]
        if len(managers) == len(units):
            return ", ".join(dict.fromkeys(managers)), "unit_manager"
        delegated = [d.to_role for d in model.delegations if d.unit in units]
        if delegated:
            return ", ".join(dict.fromkeys(delegated)), "delegation"
    wide = [d for d in model.delegations if d.unit is None]
    board = model.organisation.board
    if wide:
        first = next((d for d in wide if board and d.from_role == board), wide[0])
        return first.to_role, "delegation"
    if board:
        return board, "board"
    return None, "not_stated"


def _descendant_counts(items: list[Any]) -> dict[str, int]:
    """For each open item, how many other open items wait for it (directly or through others).

    Reachability sets as bitsets (Python ints, one bit per item) over the condensation of the
    dependency graph, in reverse topological order: each component ORs in what its successors
    reach, so the work is items + edges big-int ORs of ``len(items) / 64`` machine words each,
    not a walk from every item (which was quadratic: 10 s for a 4 000-item plan). Items in one
    cycle wait for each other; an item never counts itself.
    """
    index = {i.id: k for k, i in enumerate(items)}
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(items)))
    graph.add_edges_from((index[p], k) for k, i in enumerate(items) for p in i.depends_on if p in index)
    dag = nx.condensation(graph)
    members: dict[int, int] = {}
    for c, data in dag.nodes(data=True):
        mask = 0
        for k in data["members"]:
            mask |= 1 << k
        members[c] = mask
    reach: dict[int, int] = {}
    for c in reversed(list(nx.topological_sort(dag))):
        mask = 0
        for s in dag.successors(c):
            mask |= members[s] | reach[s]
        reach[c] = mask
    open_mask = 0
    for k, i in enumerate(items):
        if i.status in OPEN_STATUSES:
            open_mask |= 1 << k
    out: dict[str, int] = {}
    for k, i in enumerate(items):
        if i.status not in OPEN_STATUSES:
            continue
        c = dag.graph["mapping"][k]
        inside = members[c] if len(dag.nodes[c]["members"]) > 1 else 0
        out[i.id] = ((reach[c] | inside) & ~(1 << k) & open_mask).bit_count()
    return out


def _why(tier: str, item: Any, immediate: Optional[str], waiting: int, references: list[str], date: dt.date) -> str:
    parts: list[str] = []
    if immediate:
        parts.append(immediate[:1].upper() + immediate[1:] + ".")
        if item.deadline and item.deadline > date:
            parts.append(f"Handlingsplanen anger {item.deadline.isoformat()}, men det kan inte vänta.")
    elif tier == "overdue":
        parts.append(f"Skulle ha varit klar {item.deadline.isoformat()}; tidpunkten i handlingsplanen har passerats.")
    elif item.critical:
        parts.append(
            "Ligger på den kritiska linjen"
            + (
                f": {waiting} andra åtgärder väntar på den."
                if waiting > 1
                else ": en annan åtgärd väntar på den."
                if waiting
                else "."
            )
        )
    if item.kind == "demand":
        parts.append("Ingen åtgärd i handlingsplanen besvarar kravet: besluta åtgärd, ansvarig och tidpunkt.")
    elif not references:
        parts.append(
            f"Åtgärd i handlingsplanen mot {', '.join(item.answers)}." if item.answers else "Åtgärd i handlingsplanen."
        )
    elif not immediate and tier != "overdue" and item.deadline and item.slack_basis == "deadline":
        late = item.slack_days is not None and item.slack_days < 0
        guess = " (uppskattat)" if item.estimated else ""
        parts.append(
            f"Ska vara klar {item.deadline.isoformat()} enligt handlingsplanen; "
            + (
                f"kan bli klar tidigast {item.earliest_finish.isoformat()}{guess}, efter den egna tidpunkten."
                if late
                else f"marginal {item.slack_days} arbetsdagar mot den egna tidpunkten{guess}."
            )
        )
    if references:
        parts.append("Stöd: " + ", ".join(references) + ".")
    return " ".join(parts)


def rank(
    items: list[Any],
    demands: list[Any],
    findings: dict[tuple[str, str], Finding],
    model: OrgFile,
    date: dt.date,
    immediate: dict[tuple[str, str], Immediate],
) -> list[Priority]:
    """The open work of an analysed plan, ranked (see the module docstring).

    ``immediate`` is the rule book's (``RuleBook.immediate``): the failed checks that mean work to do at once.
    """
    immediate_order = {key: n for n, key in enumerate(immediate)}
    by_node: dict[str, list[Any]] = {}
    for d in demands:
        for n in d.covered_by or [d.node]:
            by_node.setdefault(n, []).append(d)
    waiting = _descendant_counts(items)
    rule_order = sorted({d.rule for d in demands})
    steps: list[tuple[tuple, Priority]] = []
    for item in items:
        if item.status not in OPEN_STATUSES:
            continue
        ds = sorted(by_node.get(item.id, []), key=lambda d: d.key)
        fs = [findings[(d.rule, _scope_of(d.unit))] for d in ds if (d.rule, _scope_of(d.unit)) in findings]
        legal = any(f.severity == "legal" for f in fs) or not fs
        severity: Severity = (
            "legal" if legal else ("advice" if any(f.severity == "advice" for f in fs) else "good_practice")
        )
        urgent = next(
            (
                (f.rule, c.id)
                for f in fs
                if f.severity == "legal"
                for c in f.checks
                if c.outcome == "fail" and (f.rule, c.id) in immediate
            ),
            None,
        )
        duty = immediate[urgent].duty if urgent else None
        overdue = item.deadline is not None and item.deadline < date
        tier: Tier = "immediate" if duty else "overdue" if legal and overdue else "planned" if legal else "advice"
        units = sorted({d.unit for d in ds if d.unit}) or ([item.unit] if item.unit else [])
        who, basis = _who(item, model, units)
        refs: list[str] = []
        for f in fs:
            refs += [r for r in f.references if r not in refs]
        rules = list(dict.fromkeys(d.rule for d in ds))
        step = Priority(
            rank=0,
            tier=tier,
            nodes=[item.id],
            kind=item.kind,
            title=item.title,
            rules=rules,
            findings=[f"{f.rule}|{f.scope}" for f in fs],
            units=units,
            severity=severity,
            status=item.status,
            why=_why(tier, item, duty, waiting.get(item.id, 0), refs, date),
            immediate=duty,
            immediate_rule=urgent[0] if urgent else None,
            who=who,
            who_basis=basis,
            deadline=item.deadline,
            earliest_finish=item.earliest_finish,
            estimated=item.estimated,
            slack_days=item.slack_days,
            slack_basis=item.slack_basis,
            critical=item.critical,
            waiting=waiting.get(item.id, 0),
            blocked_by_cycle=item.blocked_by_cycle,
            subjects=sorted({s for f in fs for s in f.subjects}),
            answers=list(item.answers),
        )
        first_rule = min((rule_order.index(r) for r in rules), default=len(rule_order))
        urgency = min(
            (immediate_order[(f.rule, c.id)] for f in fs for c in f.checks if (f.rule, c.id) in immediate),
            default=len(immediate),
        )
        key = (
            TIERS.index(tier),
            urgency,
            not item.critical,
            item.slack_days if item.slack_days is not None else 10**9,
            item.deadline or dt.date.max,
            item.earliest_finish or dt.date.max,
            first_rule,
            item.id,
        )
        steps.append((key, step))
    steps.sort(key=lambda ks: ks[0])
    merged: list[Priority] = []
    demand_steps: dict[tuple[str, tuple[str, ...]], Priority] = {}  # one step per rule set and tier
    for _, step in steps:
        twin = demand_steps.get((step.tier, tuple(step.rules))) if step.kind == "demand" else None
        if twin is None:
            merged.append(step)
            if step.kind == "demand":
                demand_steps[(step.tier, tuple(step.rules))] = step
            continue
        twin.nodes.append(step.nodes[0])
        twin.findings += step.findings
        twin.units = sorted(set(twin.units) | set(step.units))
        twin.subjects = sorted(set(twin.subjects) | set(step.subjects))
        if twin.who != step.who:
            who, basis = _who(twin, model, twin.units)
            twin.who, twin.who_basis = who, basis
    for n, p in enumerate(merged, 1):
        p.rank = n
    return merged


__all__ = ["Priority", "TIERS", "TIER_WORDS", "rank"]
