"""Render a PlanReport as text, JSON, Mermaid or Graphviz DOT (SVG: :mod:`samosa.plan_svg`).

Renderers only read the report; they never analyse. Every list they print is
already sorted in the report, and nothing here adds timestamps, so the same
input gives the same bytes. Control, bidi and separator characters from the org
file are made visible in text, Mermaid and DOT and escaped in JSON
(:mod:`samosa.source.escaping`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Optional

from samosa.models.words import ACTION_STATUSES
from samosa.plan.graph import AREA_TITLES, DEFAULT_DURATION_DAYS, ORG_WIDE, PlanItem, PlanReport
from samosa.plan.priority import TIER_WORDS
from samosa.source.escaping import escape_controls, json_safe

#: The action statuses' Swedish words, plus the planner's own two.
STATUS_LABEL = {**ACTION_STATUSES, "unplanned": "ej planerad", "unknown": "läge okänt"}
SLACK_BASIS = {"deadline": "deadline", "completion": "planen"}
#: How many ranked steps the text shows first (the JSON has them all).
FIRST_STEPS = 5
# (fill, stroke) per status; shared by Mermaid, DOT and SVG so the pictures agree.
STATUS_COLOURS = {
    "planned": ("#fff4c2", "#9a7b00"),
    "in_progress": ("#d6e6ff", "#1f5fbf"),
    "done": ("#d9f2d9", "#2e7d32"),
    "cancelled": ("#eeeeee", "#808080"),
    "unplanned": ("#ffdcdc", "#c62828"),
    "unknown": ("#eef1f6", "#3b4a6b"),
}
DATE_SOURCE = {"argument": "angivet med --date", "org_file": "från organisationsfilen", "today": "dagens datum"}
GROUP_BY = ("unit", "area")


def group_of(item: PlanItem, by: str) -> tuple[str, str]:
    """(sort key, Swedish label) of the swimlane/cluster ``item`` belongs to."""
    if by == "area":
        if item.area is None:
            return ("", ORG_WIDE)
        return (item.area, AREA_TITLES.get(item.area, item.area))
    if item.unit is None:
        return ("", ORG_WIDE)
    return (item.unit, item.unit_name or item.unit)


def groups(report: PlanReport, by: str) -> list[tuple[str, list[PlanItem]]]:
    """Items per group, groups ordered organisation-wide first then by key, items by id."""
    out: dict[tuple[str, str], list[PlanItem]] = {}
    for item in report.items:
        out.setdefault(group_of(item, by), []).append(item)
    return [(label, out[(key, label)]) for key, label in sorted(out)]


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ text


def render_text(report: PlanReport, **_: object) -> str:
    r = report
    org = r.organisation
    by_id = {i.id: i for i in r.items}
    actions = [i for i in r.items if i.kind == "action"]
    unplanned = [i for i in r.items if i.kind == "demand"]
    covered = sum(1 for d in r.demands if d.covered_by)
    out = [
        f"Handlingsplan — {org.name}" + (f" ({org.org_number})" if org.org_number else ""),
        f"Plandag: {r.plan_date.isoformat()} ({DATE_SOURCE[r.date_source]})"
        + (f"   Profil: {r.profile}" if r.profile else ""),
        f"{len(actions)} åtgärder i handlingsplanen, {len(unplanned)} krav utan planerad åtgärd, "
        f"{len(r.edges)} beroenden; {covered} av {len(r.demands)} krav besvaras av planen.",
        "",
    ]
    out += _first_steps(r)
    out.append(f"Problem ({len(r.problems)})")
    out += [f"  {p.file}:{p.line}:{p.column}  {p.message}" for p in r.problems] or ["  inga"]
    out.append("")
    out.append(f"Krav från bedömningen ({len(r.demands)})")
    w = min(max([len(d.key) for d in r.demands] + [12]), 48)
    for d in r.demands:
        who = ", ".join(d.covered_by) if d.covered_by else "EJ PLANERAD"
        out.append(f"  {d.key:<{w}} {short(d.title, 48):<48}  → {who}")
    if not r.demands:
        out.append("  inga")
    out.append("")
    if r.information:
        out.append(
            f"Uppgifter att komplettera ({len(r.information)}) — framgår inte av filen; inga åtgärder planeras för dem"
        )
        out += [f"  {m.file}:{m.line}:{m.column}  {m.note}  [{', '.join(m.rules)}]" for m in r.information]
        out.append("")
    out.append(f"Kan påbörjas nu ({len(r.start_now)})")
    w = min(max([len(n) for n in r.start_now] + [12]), 48)
    out += [f"  {n:<{w}} {short(by_id[n].title, 60)}" for n in r.start_now] or ["  inget"]
    out.append("")
    out.append(f"Parallella nivåer ({len(r.levels)})")
    out += [f"  {k}: {', '.join(level)}" for k, level in enumerate(r.levels, 1)] or ["  inga öppna åtgärder"]
    out.append("")
    if r.completion is not None:  # set exactly when there is open work, as the critical path is
        out.append(f"Kritisk linje: {r.critical_path_days} arbetsdagar, allt klart tidigast {r.completion.isoformat()}")
        out.append("  " + " → ".join(r.critical_path))
    else:
        out.append("Kritisk linje: ingen öppen åtgärd")
    out.append("")
    out.append("Tidplan (tidigast möjliga, svenska arbetsdagar)")
    w = min(max([len(i.id) for i in r.items] + [12]), 48)
    header = (
        f"  {'nivå':>4}  {'id':<{w}} {'status':<12} {'dagar':>5}  {'start':<11}  {'klar':<11}  {'deadline':<10}  "
        f"{'marginal':>8} {'mot':<8}  ansvarig"
    )
    out.append(header)
    rows = sorted(r.items, key=lambda i: (i.level is None, i.level or 0, i.id))
    for i in rows:
        days = f"{i.duration_days}{'*' if i.duration_assumed else ''}"
        status = STATUS_LABEL[i.status] + (" (cykel)" if i.blocked_by_cycle else "")
        guess = "~" if i.estimated else ""
        start = guess + _d(i.earliest_start) if i.earliest_start else "-"
        finish = guess + _d(i.earliest_finish) if i.earliest_finish else "-"
        basis = SLACK_BASIS[i.slack_basis] if i.slack_basis else ""
        out.append(
            f"  {i.level if i.level is not None else '-':>4}  {i.id:<{w}} {status:<12} {days:>5}  "
            f"{start:<11}  {finish:<11}  {_d(i.deadline):<10}  "
            f"{'' if i.slack_days is None else i.slack_days:>8} {basis:<8}  {i.responsible or '-'}"
            + ("  [kritisk]" if i.critical else "")
        )
    if any(i.duration_assumed for i in r.items):
        out.append(
            f"  * uppskattning: filen anger ingen längd (duration_days), {DEFAULT_DURATION_DAYS} arbetsdagar antas; "
            "~ datum som bygger på en uppskattning"
        )
    out.append(
        "  marginal mot deadline: arbetsdagar mellan tidigast klar och åtgärdens egen deadline (negativ: hinns inte); "
        "mot planen: hur länge den kan skjutas utan att allt blir senare klart"
    )
    return escape_controls("\n".join(out)) + "\n"


def _first_steps(r: PlanReport) -> list[str]:
    """The ranked work, first steps first (samosa/plan/priority.py)."""
    steps = r.priorities[:FIRST_STEPS]
    out = [f"Det viktigaste att göra nu ({len(steps)} av {len(r.priorities)})"]
    for p in steps:
        where = f" [{', '.join(p.units)}]" if p.units else ""
        out.append(f"  {p.rank}. [{TIER_WORDS[p.tier]}] {short(p.title, 70)}{where} ({', '.join(p.nodes)})")
        out.append(f"     Ansvarig: {p.who or 'framgår inte av filen'}")
        if p.why:
            out.append(f"     Varför: {p.why}")
    if not steps:
        out.append("  inget öppet arbete")
    out.append("")
    return out


def _d(value) -> str:
    return value.isoformat() if value is not None else "-"


# ------------------------------------------------------------------ json


def render_json(report: PlanReport, **_: object) -> str:
    data = report.model_dump(mode="json")
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"


# ------------------------------------------------------------------ mermaid


def _mermaid_text(text: str) -> str:
    text = escape_controls(text.replace("\n", " "))
    return text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def node_label(item: PlanItem, width: int = 40) -> list[str]:
    """Lines shown in a node: id, the measure, then status and dates."""
    meta = STATUS_LABEL[item.status]
    if item.deadline:
        meta += f" · deadline {item.deadline.isoformat()}"
    elif item.earliest_finish:
        meta += f" · klar tidigast {'ca ' if item.estimated else ''}{item.earliest_finish.isoformat()}"
        meta += " (uppskattat)" if item.estimated else ""
    return [item.id, short(item.title, width), meta]


def render_mermaid(report: PlanReport, *, group_by: str = "unit", **_: object) -> str:
    ids = {item.id: f"n{k}" for k, item in enumerate(report.items)}
    out = ["flowchart LR"]
    for g, (label, items) in enumerate(groups(report, group_by)):
        out.append(f'  subgraph g{g}["{_mermaid_text(label)}"]')
        out.append("    direction TB")
        for item in items:
            text = "<br/>".join(_mermaid_text(line) for line in node_label(item))
            out.append(f'    {ids[item.id]}["{text}"]')
        out.append("  end")
    critical = set(zip(report.critical_path, report.critical_path[1:], strict=False))
    for e in report.edges:
        arrow = "-.->" if e.kind == "requires" else "-->"
        if (e.source, e.target) in critical:
            arrow = "==>"
        label = f"|{_mermaid_text(e.rule)}|" if e.kind == "requires" and e.rule else ""
        out.append(f"  {ids[e.source]} {arrow}{label} {ids[e.target]}")
    for status, (fill, stroke) in STATUS_COLOURS.items():
        out.append(f"  classDef {status} fill:{fill},stroke:{stroke},color:#111")
    for status in STATUS_COLOURS:
        members = [ids[i.id] for i in report.items if i.status == status]
        if members:
            out.append(f"  class {','.join(members)} {status}")
    crit_nodes = [ids[n] for n in report.critical_path]
    if crit_nodes:
        out.append("  classDef critical stroke-width:3px")
        out.append(f"  class {','.join(crit_nodes)} critical")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ dot


def _dot_quote(text: str) -> str:
    text = escape_controls(text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(report: PlanReport, *, group_by: str = "unit", **_: object) -> str:
    org = report.organisation
    title = f"Handlingsplan — {org.name} ({report.plan_date.isoformat()})"
    out = [
        "digraph plan {",
        f'  graph [rankdir=LR, fontname="Helvetica", labelloc=t, label={_dot_quote(title)}];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [color="#555555"];',
    ]
    for g, (label, items) in enumerate(groups(report, group_by)):
        out.append(f"  subgraph cluster_{g} {{")
        out.append(f'    label={_dot_quote(label)}; style="rounded"; color="#bbbbbb";')
        for item in items:
            fill, stroke = STATUS_COLOURS[item.status]
            width = ", penwidth=3" if item.critical else ""
            out.append(
                f"    {_dot_quote(item.id)} [label={_dot_quote(chr(10).join(node_label(item, 32)))}, "
                f'fillcolor="{fill}", color="{stroke}"{width}];'
            )
        out.append("  }")
    critical = set(zip(report.critical_path, report.critical_path[1:], strict=False))
    for e in report.edges:
        attrs = []
        if e.kind == "requires":
            attrs.append("style=dashed")
            if e.rule:
                attrs.append(f"label={_dot_quote(e.rule)}, fontsize=8")
        if (e.source, e.target) in critical:
            attrs.append("penwidth=3")
        tail = f" [{', '.join(attrs)}]" if attrs else ""
        out.append(f"  {_dot_quote(e.source)} -> {_dot_quote(e.target)}{tail};")
    out.append("}")
    return "\n".join(out) + "\n"


def _svg(report: PlanReport, **kw: Any) -> str:  # render_svg's own options, passed through
    from samosa.plan.svg import render_svg

    return render_svg(report, **kw)


FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "mermaid": render_mermaid,
    "dot": render_dot,
    "svg": _svg,
}


def render(report: PlanReport, fmt: str, *, group_by: Optional[str] = None) -> str:
    """Render ``report`` in ``fmt`` (one of :data:`FORMATS`)."""
    return FORMATS[fmt](report, group_by=group_by or "unit")


__all__ = [
    "FORMATS",
    "GROUP_BY",
    "STATUS_COLOURS",
    "STATUS_LABEL",
    "groups",
    "render",
    "render_dot",
    "render_json",
    "render_mermaid",
    "render_text",
]
