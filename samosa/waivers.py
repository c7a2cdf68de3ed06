"""Waivers: accepting a finding without pretending the law has been switched off.

A legal requirement cannot be disabled, so a waiver never changes a finding's
status. It is one of two documented decisions, and both expire:

* ``planned_action`` — the deficiency is known and being dealt with: an owner,
  a deadline and an interim measure (what protects people until then). The
  finding shows as *planned*, not as passing.
* ``not_applicable`` — a documented judgement that the rule does not apply
  here: the reason, who judged and when.

Expiry is judged on the assessment date (the same date that decides which
regulations apply). An expired waiver, or a planned action past its deadline,
makes the finding count again and says so. A waiver that matches no failing
finding is reported, so stale waivers do not pile up. Findings that could not
be evaluated (``error``) can never be waived: fail closed.

Would PASS (loads)::

    schema_version: 1
    waivers:
      - id: w-risk-bof
        rule: SAM-RISK
        scope: unit:bof
        kind: planned_action
        owner: Enhetschef barn och familj
        deadline: 2025-03-31
        interim_measure: Dubbelbemanning vid hembesök tills riskbedömningen är gjord.
        expires: 2025-04-30

Would FAIL (no expiry, no reason)::

    waivers:
      - {id: w-1, rule: SAM-FHV, kind: not_applicable, judged_by: HR, judged_on: 2025-01-10}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import ConfigDict, Field, ValidationError

from .errors import InputError, Problem
from .findings import AppliedWaiver, Assessment, Finding, UnusedWaiver, WaiverReport
from .loading import LoadedOrg, validation_problems
from .org import Strict
from .yamlsource import SourceMap, load_yaml

ID_PATTERN = r"^[A-Za-z0-9_.-]+$"
SCOPE_PATTERN = r"^(organisation|unit:[A-Za-z0-9_.-]+)$"

KIND_FIELDS = {
    "planned_action": ("owner", "deadline", "interim_measure"),
    "not_applicable": ("reason", "judged_by", "judged_on"),
}
OPTIONAL_KIND_FIELDS = {"planned_action": ("action",), "not_applicable": ()}


class Waiver(Strict):
    """Ett undantag: en accepterad brist (planerad åtgärd) eller en dokumenterad bedömning att kravet inte gäller."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                 "then": {"required": list(fields),
                          "not": {"anyOf": [{"required": [f]} for other, ofs in KIND_FIELDS.items()
                                            if other != kind for f in ofs + OPTIONAL_KIND_FIELDS[other]]}}}
                for kind, fields in KIND_FIELDS.items()
            ]
        }
    )

    id: str = Field(pattern=ID_PATTERN, description="Stabil identitet för undantaget.")
    rule: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$", description="Regelns id, t.ex. SAM-RISK.")
    scope: Optional[Union[str, list[str]]] = Field(
        None,
        description="'organisation' eller 'unit:<id>' (eller en lista); utelämnad = alla omfattningar för regeln.",
    )
    kind: Literal["planned_action", "not_applicable"] = Field(
        description="planned_action = planerad åtgärd (bristen kvarstår men hanteras); "
                    "not_applicable = dokumenterad bedömning att kravet inte gäller."
    )
    expires: dt.date = Field(description="Sista dag undantaget gäller; därefter räknas bristen igen.")
    owner: Optional[str] = Field(None, description="Planerad åtgärd: ansvarig (roll).")
    deadline: Optional[dt.date] = Field(None, description="Planerad åtgärd: när åtgärden ska vara genomförd.")
    interim_measure: Optional[str] = Field(
        None, description="Planerad åtgärd: vad som skyddar arbetstagarna tills åtgärden är genomförd."
    )
    action: Optional[str] = Field(None, pattern=ID_PATTERN, description="Planerad åtgärd: id i action_plan.")
    reason: Optional[str] = Field(None, description="Bedömning: varför kravet inte gäller.")
    judged_by: Optional[str] = Field(None, description="Bedömning: vem som gjorde bedömningen (roll eller namn).")
    judged_on: Optional[dt.date] = Field(None, description="Bedömning: datum för bedömningen.")
    note: Optional[str] = Field(None, description="Fri anteckning.")

    @property
    def scopes(self) -> Optional[list[str]]:
        if self.scope is None:
            return None
        return [self.scope] if isinstance(self.scope, str) else list(self.scope)


class WaiverFile(Strict):
    """Undantagsfilen (waivers.yaml)."""

    schema_version: int = Field(1, ge=1, le=1, description="Formatversion; 1.")
    waivers: list[Waiver] = Field(default_factory=list, description="Undantagen.")


@dataclass
class LoadedWaivers:
    model: WaiverFile
    source: SourceMap

    @property
    def file(self) -> str:
        return self.source.file

    def position(self, index: int) -> tuple[int, int]:
        return self.source.position(("waivers", index))


def _semantic_problems(wf: WaiverFile, smap: SourceMap) -> list[Problem]:
    """What pydantic cannot say: fields per kind, scopes, dates, duplicate ids."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, w in enumerate(wf.waivers):
        base = ("waivers", i)
        if w.id in seen:
            line, col = smap.position(("waivers", seen[w.id], "id"))
            problems.append(smap.problem(base + ("id",), f"duplicate waiver id {w.id!r} (first at line {line}, column {col})"))
        seen.setdefault(w.id, i)
        for name in KIND_FIELDS[w.kind]:
            if getattr(w, name) in (None, ""):
                problems.append(smap.problem(base, f"a {w.kind} waiver needs {name!r} ({_WHY[name]})"))
        for other, fields in KIND_FIELDS.items():
            if other == w.kind:
                continue
            for name in fields + OPTIONAL_KIND_FIELDS[other]:
                if getattr(w, name) is not None:
                    problems.append(smap.problem(base + (name,), f"{name!r} belongs to a {other} waiver, not {w.kind}", key=True))
        for j, scope in enumerate(w.scopes or []):
            if not re.match(SCOPE_PATTERN, scope):
                path = base + ("scope",) + ((j,) if isinstance(w.scope, list) else ())
                problems.append(smap.problem(path, f"scope {scope!r} is not 'organisation' or 'unit:<id>'"))
        if w.kind == "not_applicable" and w.judged_on is not None and w.expires < w.judged_on:
            problems.append(smap.problem(base + ("expires",), "expires is before judged_on"))
    return problems


_WHY = {
    "owner": "who is responsible for the action",
    "deadline": "when the action will be done",
    "interim_measure": "what protects people until then",
    "reason": "why the rule does not apply",
    "judged_by": "who made the judgement",
    "judged_on": "when the judgement was made",
}


def load_waivers(path: Path | str, text: str | None = None) -> LoadedWaivers:
    """Load and validate a waivers file; raise ``InputError`` listing every positioned problem."""
    data, smap = load_yaml(path, text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError([smap.problem((), "expected a mapping with 'waivers:' at the top level")])
    try:
        model = WaiverFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(sorted(validation_problems(exc, smap, WaiverFile))) from None
    problems = _semantic_problems(model, smap)
    if problems:
        raise InputError(sorted(problems))
    return LoadedWaivers(model=model, source=smap)


def _matches(w: Waiver, f: Finding) -> bool:
    scopes = w.scopes
    return w.rule == f.rule and (scopes is None or f.scope in scopes)


def _applied(w: Waiver, pos: tuple[int, int], file: str, on: dt.date) -> AppliedWaiver:
    if on > w.expires:
        state = "expired"
        msg = (f"UNDANTAGET {w.id} GICK UT {w.expires.isoformat()}: bristen räknas igen. "
               "Förnya bedömningen eller åtgärda bristen.")
    elif w.kind == "planned_action" and w.deadline is not None and on > w.deadline:
        state = "overdue"
        msg = (f"PLANERAD ÅTGÄRD FÖRSENAD ({w.id}): sista dag var {w.deadline.isoformat()}; "
               f"bristen räknas igen. Ansvarig: {w.owner}.")
    elif w.kind == "planned_action":
        state = "active"
        msg = (f"Planerad åtgärd ({w.id}), inte uppfyllt: ansvarig {w.owner}, klar senast "
               f"{w.deadline.isoformat()}. Tillfällig åtgärd: {w.interim_measure}")
    else:
        state = "active"
        msg = (f"Bedömt som ej tillämpligt ({w.id}) av {w.judged_by} {w.judged_on.isoformat()}: {w.reason}")
    return AppliedWaiver(
        id=w.id, kind=w.kind, state=state, expires=w.expires, file=file, line=pos[0], column=pos[1],
        message=msg, owner=w.owner, deadline=w.deadline, interim_measure=w.interim_measure, action=w.action,
        reason=w.reason, judged_by=w.judged_by, judged_on=w.judged_on,
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
                problems.append(waivers.source.problem(("waivers", i, "action"),
                                                       f"action {w.action!r} is not in the action_plan of {org.file}"))
    used: set[int] = set()
    seen_only: dict[int, set[str]] = {}
    findings: list[Finding] = []
    for f in assessment.findings:
        hits = [i for i, w in enumerate(wlist) if _matches(w, f)]
        if not hits:
            findings.append(f)
            continue
        if f.status not in ("fail", "partial"):
            for i in hits:
                seen_only.setdefault(i, set()).add(f.status)
            findings.append(f)
            continue
        if len(hits) > 1:
            names = ", ".join(wlist[i].id for i in hits)
            problems.append(waivers.source.problem(("waivers", hits[1]),
                                                   f"waivers {names} all match {f.rule} {f.scope}; keep one"))
            findings.append(f)
            continue
        i = hits[0]
        used.add(i)
        findings.append(f.model_copy(update={"waiver": _applied(wlist[i], waivers.position(i), waivers.file, on)}))
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
    report = WaiverReport(file=waivers.file, active=states.count("active"), expired=states.count("expired"),
                          overdue=states.count("overdue"), unused=unused)
    return assessment.model_copy(update={"findings": findings, "waivers": report})


def gate_failing(assessment: Assessment, threshold: str) -> list[Finding]:
    """Findings that fail a CI run: ``failing_at`` minus those with an active waiver."""
    return [f for f in assessment.failing_at(threshold) if not f.waived]
