"""A self-made, deterministic SVG picture of the plan: layered columns, swimlanes per group.

No Graphviz binary can be assumed on a municipal laptop or in CI, so the layout
is done here, simply and predictably:

* **columns** are dependency depth: the longest chain of predecessors, computed
  on the condensation of the graph (each cycle collapses to one column), so
  every arrow of an acyclic plan points right;
* **swimlanes** (horizontal bands) are the groups — unit, or verksamhetsområde —
  with organisation-wide work in the first lane;
* within a lane and column, boxes are ordered by the mean row of their
  predecessors (one barycentre sweep, ties by id), which removes most crossings
  in plans of a few dozen items.

Boxes are coloured by status, the critical path has a heavy frame and heavy
arrows, arrows in a cycle are red, rule prerequisites are dashed, and a red
``!`` marks an item with a problem; hovering shows details (``<title>``).
All coordinates are integers and every loop runs over sorted data, so the same
report gives the same bytes.

``names=True`` draws the picture for people who do not edit the file (the
self-assessment report): boxes say what kind of work they are instead of
showing internal ids, and hovering shows no ids or file positions either.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import networkx as nx

from samosa.plan.graph import PlanItem, PlanReport
from samosa.plan.render import STATUS_COLOURS, STATUS_LABEL, groups, short
from samosa.source.escaping import escape_controls

MARGIN = 20
LANE_LABEL_W = 160
NODE_W = 210
NODE_H = 72
COL_GAP = 70
ROW_GAP = 16
LANE_PAD = 14
HEADER_H = 78
TITLE_CHARS = 31

_CSS = """
text { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; fill: #111; }
.title { font-size: 17px; font-weight: bold; }
.sub { font-size: 12px; fill: #444; }
.legend { font-size: 11px; }
.lane-label { font-size: 12px; font-weight: bold; fill: #333; }
.id { font-size: 12px; font-weight: bold; }
.measure { font-size: 11px; }
.meta { font-size: 10px; fill: #444; }
.edge { fill: none; stroke: #777; stroke-width: 1.4; }
.requires { stroke-dasharray: 6 4; }
.critical-edge { stroke: #111; stroke-width: 3; }
.cycle-edge { stroke: #c62828; stroke-width: 2; }
.badge { fill: #c62828; }
.badge-text { font-size: 12px; font-weight: bold; fill: #fff; }
""".strip()


def _x(text: str) -> str:
    """Text and attribute values: XML-escaped, with controls from the org file made visible
    (a NUL or ESC would make the SVG ill-formed)."""
    return escape(escape_controls(text), {'"': "&quot;"})


def _wrap(text: str, width: int, lines: int) -> list[str]:
    words = " ".join(text.split()).split(" ")
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = short(out[-1] + " …", width)
    return [short(line, width) for line in out]


def _layers(report: PlanReport) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Column of every item (longest predecessor chain over the condensation) and the cycle edges."""
    graph = nx.DiGraph()
    graph.add_nodes_from(i.id for i in report.items)
    graph.add_edges_from((e.source, e.target) for e in report.edges)
    cond = nx.condensation(graph)
    members = cond.graph["mapping"]
    depth: dict[int, int] = {}
    for c in nx.topological_sort(cond):
        depth[c] = max((depth[p] + 1 for p in cond.predecessors(c)), default=0)
    cyclic = {c for c in cond if len(cond.nodes[c]["members"]) > 1}
    cycle_edges = {(s, t) for s, t in graph.edges if s == t or (members[s] == members[t] and members[s] in cyclic)}
    return {n: depth[members[n]] for n in graph}, cycle_edges


KIND_WORDS = {"action": "Åtgärd", "demand": "Krav utan åtgärd", "advice": "Råd utan åtgärd"}


def _kind_word(item: PlanItem, advice: bool) -> str:
    return KIND_WORDS["advice" if advice else item.kind]


def render_svg(report: PlanReport, *, group_by: str = "unit", names: bool = False, **_ignored: object) -> str:
    layer, cycle_edges = _layers(report)
    lanes = groups(report, group_by)
    ncols = max(layer.values(), default=0) + 1
    preds: dict[str, list[str]] = {}
    for e in report.edges:
        preds.setdefault(e.target, []).append(e.source)

    # Lane heights from the fullest cell, then a barycentre sweep column by column.
    rows_in_lane = []
    for _, items in lanes:
        cells: dict[int, int] = {}
        for it in items:
            cells[layer[it.id]] = cells.get(layer[it.id], 0) + 1
        rows_in_lane.append(max(cells.values(), default=1))
    lane_top = []
    y = MARGIN + HEADER_H
    for rows in rows_in_lane:
        lane_top.append(y)
        y += 2 * LANE_PAD + rows * NODE_H + (rows - 1) * ROW_GAP
    height = y + MARGIN
    legend, legend_end = _legend(MARGIN, MARGIN + 52)
    width = max(MARGIN * 2 + LANE_LABEL_W + ncols * NODE_W + (ncols - 1) * COL_GAP, legend_end + MARGIN)

    pos: dict[str, tuple[int, int]] = {}
    row_of: dict[str, float] = {}
    for col in range(ncols):
        for lane_no, (_, items) in enumerate(lanes):
            cell = [it for it in items if layer[it.id] == col]

            def bary(it: PlanItem) -> tuple[float, str]:
                placed = [row_of[p] for p in preds.get(it.id, ()) if p in row_of]
                return (sum(placed) / len(placed) if placed else float("inf"), it.id)

            for slot, it in enumerate(sorted(cell, key=bary)):
                x = MARGIN + LANE_LABEL_W + col * (NODE_W + COL_GAP)
                yy = lane_top[lane_no] + LANE_PAD + slot * (NODE_H + ROW_GAP)
                pos[it.id] = (x, yy)
                row_of[it.id] = yy

    problems: dict[str, list[str]] = {}
    for p in report.problems:
        for n in p.items:
            problems.setdefault(n, []).append(
                "problem i planen" if names else f"{p.file}:{p.line}:{p.column}: {p.message}"
            )
    titles = {i.id: i.title for i in report.items}
    critical_edges = set(zip(report.critical_path, report.critical_path[1:], strict=False))

    org = report.organisation
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f"<title>{_x(f'Handlingsplan — {org.name}')}</title>",
        f"<style>\n{_CSS}\n</style>",
        "<defs>",
    ]
    for name, colour in (("arrow", "#777"), ("arrow-critical", "#111"), ("arrow-cycle", "#c62828")):
        out.append(
            f'<marker id="{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
            f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    out.append("</defs>")
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')
    title = f"Handlingsplan — {org.name}"
    sub = (
        f"Plandag {report.plan_date.isoformat()} · {len(report.items)} poster · {len(report.edges)} beroenden · "
        f"{len(report.problems)} problem"
    )
    if report.completion:
        guess = ", uppskattat" if report.completion_estimated else ""
        sub += (
            f" · allt klart tidigast {report.completion.isoformat()} ({report.critical_path_days} arbetsdagar{guess})"
        )
    out.append(f'<text class="title" x="{MARGIN}" y="{MARGIN + 16}">{_x(title)}</text>')
    out.append(f'<text class="sub" x="{MARGIN}" y="{MARGIN + 34}">{_x(sub)}</text>')
    out.extend(legend)

    for lane_no, (label, _) in enumerate(lanes):
        top = lane_top[lane_no]
        bottom = lane_top[lane_no + 1] if lane_no + 1 < len(lanes) else height - MARGIN
        fill = "#f6f7f9" if lane_no % 2 == 0 else "#ffffff"
        out.append(
            f'<rect x="{MARGIN}" y="{top}" width="{width - 2 * MARGIN}" height="{bottom - top}" '
            f'fill="{fill}" stroke="#d5d8dc"/>'
        )
        for k, line in enumerate(_wrap(label, 20, 3)):
            out.append(f'<text class="lane-label" x="{MARGIN + 8}" y="{top + 22 + 16 * k}">{_x(line)}</text>')

    for e in report.edges:
        out.append(
            _edge(
                e.source,
                e.target,
                e.kind,
                pos,
                layer,
                (e.source, e.target) in critical_edges,
                (e.source, e.target) in cycle_edges,
                tip=f"{short(titles[e.source], 60)} → {short(titles[e.target], 60)}" if names else None,
            )
        )

    advice = {d.node for d in report.demands if d.severity != "legal" and not d.covered_by}
    for _, items in lanes:
        for it in items:
            out.extend(_node(it, pos[it.id], problems.get(it.id, []), names=names, advice=it.id in advice))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(x: int, y: int) -> tuple[list[str], int]:
    out = []
    for status, (fill, stroke) in STATUS_COLOURS.items():
        out.append(f'<rect x="{x}" y="{y}" width="16" height="12" rx="3" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text class="legend" x="{x + 21}" y="{y + 10}">{_x(STATUS_LABEL[status])}</text>')
        x += 30 + 7 * len(STATUS_LABEL[status])
    x += 10
    for text, cls in (
        ("beror på", "edge"),
        ("förutsättning enligt regel", "edge requires"),
        ("kritisk linje", "edge critical-edge"),
        ("cykel", "edge cycle-edge"),
    ):
        out.append(f'<path class="{cls}" d="M{x},{y + 6} L{x + 30},{y + 6}"/>')
        out.append(f'<text class="legend" x="{x + 36}" y="{y + 10}">{_x(text)}</text>')
        x += 50 + 7 * len(text)
    out.append(f'<circle class="badge" cx="{x + 6}" cy="{y + 6}" r="7"/>')
    out.append(f'<text class="badge-text" x="{x + 3}" y="{y + 11}">!</text>')
    out.append(f'<text class="legend" x="{x + 18}" y="{y + 10}">problem</text>')
    return out, x + 70


def _edge(
    s: str, t: str, kind: str, pos: dict, layer: dict, critical: bool, cycle: bool, tip: str | None = None
) -> str:
    (sx, sy), (tx, ty) = pos[s], pos[t]
    cls = "edge" + (" requires" if kind == "requires" else "")
    marker = "arrow"
    if cycle:
        cls += " cycle-edge"
        marker = "arrow-cycle"
    elif critical:
        cls += " critical-edge"
        marker = "arrow-critical"
    half = NODE_H // 2
    if s == t:
        x0, y0 = sx + NODE_W, sy + 18
        d = f"M{x0},{y0} C{x0 + 45},{y0 - 30} {x0 + 45},{y0 + 60} {x0},{sy + NODE_H - 18}"
    elif layer[t] > layer[s]:
        x0, y0, x1, y1 = sx + NODE_W, sy + half, tx, ty + half
        dx = max(30, (x1 - x0) // 2)
        d = f"M{x0},{y0} C{x0 + dx},{y0} {x1 - dx},{y1} {x1},{y1}"
    else:
        # Same column (a cycle) or backwards: loop out to the right and come back in from the right.
        x0, y0, x1, y1 = sx + NODE_W, sy + half, tx + NODE_W, ty + half
        bulge = 40 + abs(y1 - y0) // 4
        d = f"M{x0},{y0} C{x0 + bulge},{y0} {x1 + bulge},{y1} {x1},{y1}"
    return f'<path class="{cls}" d="{d}" marker-end="url(#{marker})"><title>{_x(tip or f"{s} → {t}")}</title></path>'


def _node(
    it: PlanItem, at: tuple[int, int], problems: list[str], names: bool = False, advice: bool = False
) -> list[str]:
    x, y = at
    fill, stroke = STATUS_COLOURS[it.status]
    stroke_w = 3.5 if it.critical else 1.5
    tip = [it.title if names else f"{it.id}: {it.title}", f"status: {STATUS_LABEL[it.status]}"]
    if it.responsible:
        tip.append(f"ansvarig: {it.responsible}")
    if it.deadline:
        tip.append(f"deadline: {it.deadline.isoformat()}")
    if it.earliest_finish:
        basis = "mot deadline" if it.slack_basis == "deadline" else "mot planens slut"
        guess = ", uppskattat" if it.estimated else ""
        tip.append(
            f"klar tidigast: {it.earliest_finish.isoformat()} (marginal {it.slack_days} arbetsdagar {basis}{guess})"
        )
    if it.covers and not names:
        tip.append("besvarar krav: " + ", ".join(it.covers))
    tip.extend(dict.fromkeys(problems) if names else problems)
    meta = STATUS_LABEL[it.status]
    if it.deadline:
        meta += f" · {it.deadline.isoformat()}"
    elif it.earliest_finish:
        meta += f" · {'ca ' if it.estimated else ''}{it.earliest_finish.isoformat()}"
    if it.responsible:
        meta += f" · {it.responsible}"
    out = [
        f'<g id="{_x("item-" + it.id)}"><title>{_x(chr(10).join(tip))}</title>',
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="{stroke_w}"/>',
        f'<text class="id" x="{x + 9}" y="{y + 16}">{_x(_kind_word(it, advice) if names else short(it.id, 24))}</text>',
    ]
    for k, line in enumerate(_wrap(it.title, TITLE_CHARS, 2)):
        out.append(f'<text class="measure" x="{x + 9}" y="{y + 32 + 14 * k}">{_x(line)}</text>')
    out.append(f'<text class="meta" x="{x + 9}" y="{y + NODE_H - 8}">{_x(short(meta, 36))}</text>')
    if problems:
        out.append(f'<circle class="badge" cx="{x + NODE_W - 4}" cy="{y + 4}" r="9"/>')
        out.append(f'<text class="badge-text" x="{x + NODE_W - 7}" y="{y + 9}">!</text>')
    out.append("</g>")
    return out


__all__ = ["render_svg"]
