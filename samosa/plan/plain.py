"""The plan in words for people who do not edit the file: items named by what they are, never by id.

``samosa plan`` speaks to the person who keeps ``org.yaml`` and names items by
id with ``file:line:col``; a board reading the self-assessment needs "Åtgärden
”Införa ärendetak …” har ingen ansvarig". Dates are written by ``date_text``
(the report passes Swedish running-text dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from samosa.plan.graph import PlanItem, PlanProblem, PlanReport

DateText = Callable[[dt.date], str]


def _iso(d: dt.date) -> str:
    return d.isoformat()


def item_text(item: PlanItem, report: PlanReport | None = None) -> str:
    """``åtgärden ”Införa ärendetak”``, ``kravet ”Uppgiftsfördelning …” (Ekonomiskt bistånd)`` or ``rådet ”…”``."""
    title = " ".join(item.title.split())
    if item.kind == "action":
        return f"åtgärden ”{title}”"
    unit = f" ({item.unit_name or item.unit})" if item.unit else ""
    legal = report is None or any(d.severity == "legal" for d in report.demands if d.node == item.id)
    return f"{'kravet' if legal else 'rådet'} ”{title}”{unit}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(texts: list[str]) -> str:
    if len(texts) <= 1:
        return "".join(texts)
    return ", ".join(texts[:-1]) + " och " + texts[-1]


def problem_text(p: PlanProblem, report: PlanReport, date_text: DateText = _iso) -> str:
    """One problem of the plan as a sentence naming its items."""
    by_id = {i.id: i for i in report.items}
    named = [item_text(by_id[n], report) for n in p.items if n in by_id]
    first = named[0] if named else "en åtgärd"
    items = [by_id[n] for n in p.items if n in by_id]
    if p.kind == "cycle":
        return _cap(f"{_join(named)} väntar på varandra i en cirkel; ingen av dem kan påbörjas.")
    if p.kind == "unknown_reference":
        return _cap(f"{first} hänvisar till något som varken är en risk eller ett krav.")
    if p.kind == "cancelled_dependency" and len(named) == 2:
        return _cap(f"{named[1]} väntar på {named[0]}, som är struken.")
    if p.kind == "date_order" and len(named) == 2:
        return _cap(f"{named[1]} ska vara klar före {named[0]}, som den väntar på.")
    if p.kind == "no_responsible":
        return _cap(
            f"Det framgår inte vem som ansvarar för {first}."
            if "framgår inte" in p.message
            else f"{first} har ingen ansvarig."
        )
    if p.kind == "no_deadline":
        return _cap(
            f"Det framgår inte när {first} ska vara genomförd."
            if "framgår inte" in p.message
            else f"{first} har ingen tidpunkt."
        )
    if p.kind == "status_not_stated":
        return f"Det framgår inte om {first} är planerad, påbörjad eller genomförd."
    if p.kind == "overdue" and items and items[0].deadline:
        return _cap(f"{first} skulle ha varit klar {date_text(items[0].deadline)}.")
    if p.kind == "deadline_unreachable" and items:
        it = items[0]
        due, finish = it.deadline, it.earliest_finish
        if due is not None and finish is not None:
            guess = " (uppskattat)" if it.estimated else ""
            return _cap(f"{first} ska vara klar {date_text(due)} men kan bli klar tidigast {date_text(finish)}{guess}.")
    if p.kind == "unanswered":
        node = next((by_id[n] for n in p.items if n in by_id), None)
        what = item_text(node, report) if node is not None else "ett krav"
        return _cap(f"{what} besvaras inte av någon planerad åtgärd.")
    if p.kind == "unevaluable":
        return "Ett krav kunde inte bedömas, så planen kan inte avgöra om en åtgärd behövs."
    return _cap(f"{first}: ett problem i planen.")


__all__ = ["item_text", "problem_text"]
