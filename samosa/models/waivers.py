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

from samosa.models.org import Strict
from samosa.models.validation import validation_problems
from samosa.source.loader import load_yaml
from samosa.source.positions import SourceMap
from samosa.source.problems import InputError, Problem

ID_PATTERN = r"^[A-Za-z0-9_.-]+$"


SCOPE_PATTERN = r"^(organisation|unit:[A-Za-z0-9_.-]+)$"


KIND_FIELDS = {
    "planned_action": ("owner", "deadline", "interim_measure"),
    "not_applicable": ("reason", "judged_by", "judged_on"),
}


OPTIONAL_KIND_FIELDS = {"planned_action": ("action",), "not_applicable": ()}


_WHY = {
    "owner": "who is responsible for the action",
    "deadline": "when the action will be done",
    "interim_measure": "what protects people until then",
    "reason": "why the rule does not apply",
    "judged_by": "who made the judgement",
    "judged_on": "when the judgement was made",
}


class Waiver(Strict):
    """Ett undantag: en accepterad brist (planerad åtgärd) eller en dokumenterad bedömning att kravet inte gäller."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                    "then": {
                        "required": list(fields),
                        "not": {
                            "anyOf": [
                                {"required": [f]}
                                for other, ofs in KIND_FIELDS.items()
                                if other != kind
                                for f in ofs + OPTIONAL_KIND_FIELDS[other]
                            ]
                        },
                    },
                }
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
            problems.append(
                smap.problem(base + ("id",), f"duplicate waiver id {w.id!r} (first at line {line}, column {col})")
            )
        seen.setdefault(w.id, i)
        for name in KIND_FIELDS[w.kind]:
            if getattr(w, name) in (None, ""):
                problems.append(smap.problem(base, f"a {w.kind} waiver needs {name!r} ({_WHY[name]})"))
        for other, fields in KIND_FIELDS.items():
            if other == w.kind:
                continue
            for name in fields + OPTIONAL_KIND_FIELDS[other]:
                if getattr(w, name) is not None:
                    problems.append(
                        smap.problem(base + (name,), f"{name!r} belongs to a {other} waiver, not {w.kind}", key=True)
                    )
        for j, scope in enumerate(w.scopes or []):
            if not re.match(SCOPE_PATTERN, scope):
                path = base + ("scope",) + ((j,) if isinstance(w.scope, list) else ())
                problems.append(smap.problem(path, f"scope {scope!r} is not 'organisation' or 'unit:<id>'"))
        if w.kind == "not_applicable" and w.judged_on is not None and w.expires < w.judged_on:
            problems.append(smap.problem(base + ("expires",), "expires is before judged_on"))
    return problems


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
