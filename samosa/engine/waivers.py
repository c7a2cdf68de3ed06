"""Applying waivers to an assessment, and the CI gate that respects them.

A waiver never changes a finding's status: it is attached to the finding
(``AppliedWaiver``) with its state on the assessment date — active, expired,
or an overdue planned action — and only an active waiver keeps a failing
finding from failing a CI run. Errors are never waived. The file model and
its loader are in ``models/waivers.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from samosa.engine.findings import (
    AppliedWaiver,
    Assessment,
    Finding,
    UnusedWaiver,
    WaiverReport,
)
from samosa.models.loading import LoadedOrg
from samosa.models.waivers import LoadedWaivers, Waiver
from samosa.source.problems import InputError, Problem


def _matches(w: Waiver, f: Finding) -> bool:
    scopes = w.scopes
    return w.rule == f.rule and (scopes is None or f.scope in scopes)


def _day(d: dt.date | None) -> str:
    """The kind's required dates are checked when the waivers file is loaded; never None here."""
    return d.isoformat() if d is not None else "(datum saknas)"


def _what(f: Finding) -> tuple[str, str]:
    """What a waiver covers, in the one vocabulary (a brist, a råd or a fact not shown), and its remedy."""
    if f.status == "not_shown":
        return "uppgiften som inte framgår", "skriv in uppgiften i organisationsfilen"
    return ("bristen", "åtgärda bristen") if f.severity == "legal" else ("rådet", "följ rådet")


def _applied(
    w: Waiver, pos: tuple[int, int], file: str, on: dt.date, what: tuple[str, str] = ("bristen", "åtgärda bristen")
) -> AppliedWaiver:
    noun, remedy = what
    state: Literal["active", "expired", "overdue"]
    if on > w.expires:
        state = "expired"
        msg = (
            f"UNDANTAGET {w.id} GICK UT {w.expires.isoformat()}: {noun} räknas igen. Förnya bedömningen eller {remedy}."
        )
    elif w.kind == "planned_action" and w.deadline is not None and on > w.deadline:
        state = "overdue"
        msg = (
            f"PLANERAD ÅTGÄRD FÖRSENAD ({w.id}): sista dag var {_day(w.deadline)}; "
            f"{noun} räknas igen. Ansvarig: {w.owner}."
        )
    elif w.kind == "planned_action":
        state = "active"
        msg = (
            f"Planerad åtgärd ({w.id}), inte uppfyllt: ansvarig {w.owner}, klar senast "
            f"{_day(w.deadline)}. Tillfällig åtgärd: {w.interim_measure}"
        )
    else:
        state = "active"
        msg = f"Bedömt som ej tillämpligt ({w.id}) av {w.judged_by} {_day(w.judged_on)}: {w.reason}"
    return AppliedWaiver(
        id=w.id,
        kind=w.kind,
        state=state,
        expires=w.expires,
        file=file,
        line=pos[0],
        column=pos[1],
        message=msg,
        owner=w.owner,
        deadline=w.deadline,
        interim_measure=w.interim_measure,
        action=w.action,
        reason=w.reason,
        judged_by=w.judged_by,
        judged_on=w.judged_on,
    )


def apply_waivers(assessment: Assessment, waivers: LoadedWaivers, org: Optional[LoadedOrg] = None) -> Assessment:
    """Attach matching waivers to failing findings and report the ones that matched nothing.

    Returns a new Assessment; statuses are untouched. Raises ``InputError``
    when two waivers match the same finding (which one applies would be a
    guess) or a planned action names an action that ``org`` does not have.
    """
    on = assessment.assessment_date
    wlist = waivers.model.waivers
    problems: list[Problem] = []
    if org is not None:
        actions = {a.id for a in org.model.action_plan}
        for i, w in enumerate(wlist):
            if w.action is not None and w.action not in actions:
                problems.append(
                    waivers.source.problem(
                        ("waivers", i, "action"), f"action {w.action!r} is not in the action_plan of {org.file}"
                    )
                )
    used: set[int] = set()
    seen_only: dict[int, set[str]] = {}
    findings: list[Finding] = []
    for f in assessment.findings:
        hits = [i for i, w in enumerate(wlist) if _matches(w, f)]
        if not hits:
            findings.append(f)
            continue
        if f.status not in ("fail", "partial", "not_shown"):  # not shown is not passing: waivable, errors never
            for i in hits:
                seen_only.setdefault(i, set()).add(f.status)
            findings.append(f)
            continue
        if len(hits) > 1:
            names = ", ".join(wlist[i].id for i in hits)
            problems.append(
                waivers.source.problem(("waivers", hits[1]), f"waivers {names} all match {f.rule} {f.scope}; keep one")
            )
            findings.append(f)
            continue
        i = hits[0]
        used.add(i)
        findings.append(
            f.model_copy(update={"waiver": _applied(wlist[i], waivers.position(i), waivers.file, on, _what(f))})
        )
    if problems:
        raise InputError(sorted(set(problems)))
    unused = []
    for i, w in enumerate(wlist):
        if i in used:
            continue
        statuses = seen_only.get(i)
        if not statuses:
            scope = "any scope" if w.scope is None else ", ".join(w.scopes or [])
            reason = f"matches no finding ({w.rule}, {scope}) in this assessment"
        elif "error" in statuses:
            reason = "the rule could not be evaluated (error); a waiver never hides an error"
        else:
            reason = f"the finding is no longer failing ({', '.join(sorted(statuses))}); remove the waiver"
        line, col = waivers.position(i)
        unused.append(UnusedWaiver(id=w.id, rule=w.rule, file=waivers.file, line=line, column=col, reason=reason))
    states = [f.waiver.state for f in findings if f.waiver is not None]
    report = WaiverReport(
        file=waivers.file,
        active=states.count("active"),
        expired=states.count("expired"),
        overdue=states.count("overdue"),
        unused=unused,
    )
    return assessment.model_copy(update={"findings": findings, "waivers": report})


def gate_failing(assessment: Assessment, threshold: str, not_shown: str = "fail") -> list[Finding]:
    """Findings that fail a CI run: ``failing_at`` minus those with an active waiver."""
    return [f for f in assessment.failing_at(threshold, not_shown) if not f.waived]
