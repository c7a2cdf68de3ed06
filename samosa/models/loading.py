"""Load ``org.yaml``: parse, validate against the model, check cross-references.

All problems are collected (not just the first) and each is positioned with
``file:line:col`` from the source map; the input file is only ever read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from samosa.models.org import OrgFile
from samosa.models.validation import date_problems, validation_problems
from samosa.source.loader import load_yaml
from samosa.source.positions import PathT, SourceMap, format_path
from samosa.source.problems import InputError, Problem

RULE_ID_RE = re.compile(r"^[A-Z]+(-[A-Z0-9]+)+$")


@dataclass
class LoadedOrg:
    """A validated organisation plus where each of its values came from."""

    model: OrgFile
    source: SourceMap
    data: dict[str, Any]

    @property
    def file(self) -> str:
        return self.source.file


def _reference_problems(org: OrgFile, smap: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, dict[str, PathT]] = {}

    def register(kind: str, items: list[Any], collection: str) -> None:
        seen = ids.setdefault(kind, {})
        for i, item in enumerate(items):
            path = (collection, i, "id")
            if item.id in seen:
                first = seen[item.id]
                line, col = smap.position(first)
                problems.append(
                    smap.problem(path, f"duplicate id {item.id!r} (first defined at line {line}, column {col})")
                )
            else:
                seen[item.id] = path

    register("unit", org.units, "units")
    register("routine", org.routines, "routines")
    register("delegation", org.delegations, "delegations")
    register("risk_assessment", org.risk_assessments, "risk_assessments")
    register("action", org.action_plan, "action_plan")
    register("incident", org.incidents, "incidents")
    register("training", org.training, "training")
    register("premises", org.premises, "premises")
    register("change", org.changes, "changes")
    risk_ids: dict[str, PathT] = {}
    for a, ra in enumerate(org.risk_assessments):
        for r, risk in enumerate(ra.risks):
            path = ("risk_assessments", a, "risks", r, "id")
            if risk.id in risk_ids:
                problems.append(smap.problem(path, f"duplicate risk id {risk.id!r}"))
            risk_ids.setdefault(risk.id, path)

    units = ids["unit"]

    def check_unit(ref: str | None, path: PathT) -> None:
        if ref is not None and ref not in units:
            close = difflib.get_close_matches(ref, list(units), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(smap.problem(path, f"unknown unit {ref!r}{hint}"))

    def check_units(collection: str, items: list[Any]) -> None:
        for i, item in enumerate(items):
            for j, ref in enumerate(item.units):
                check_unit(ref, (collection, i, "units", j))

    for a, ra in enumerate(org.risk_assessments):
        for j, ref in enumerate(ra.changes):
            if ref not in ids["change"]:
                close = difflib.get_close_matches(ref, list(ids["change"]), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(smap.problem(("risk_assessments", a, "changes", j), f"unknown change {ref!r}{hint}"))
    for name in ("routines", "risk_assessments", "training", "premises", "changes"):
        check_units(name, getattr(org, name))
    for i, d in enumerate(org.delegations):
        check_unit(d.unit, ("delegations", i, "unit"))
    for i, inc in enumerate(org.incidents):
        check_unit(inc.unit, ("incidents", i, "unit"))
    for name in ("working_time", "introduction", "supervision", "competence_development"):
        section = getattr(org, name)
        if section is not None:
            for j, ref in enumerate(section.units):
                check_unit(ref, (name, "units", j))

    actions = ids["action"]
    for i, item in enumerate(org.action_plan):
        check_unit(item.unit, ("action_plan", i, "unit"))
        for j, dep in enumerate(item.depends_on):
            if dep not in actions:
                close = difflib.get_close_matches(dep, list(actions), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(
                    smap.problem(("action_plan", i, "depends_on", j), f"depends_on names unknown action {dep!r}{hint}")
                )
        for j, ans in enumerate(item.answers):
            if ans not in risk_ids and not RULE_ID_RE.match(ans):
                problems.append(
                    smap.problem(
                        ("action_plan", i, "answers", j),
                        f"answers names {ans!r}, which is neither a risk id nor a rule id",
                    )
                )
    if org.crisis_support and org.crisis_support.routine and org.crisis_support.routine not in ids["routine"]:
        problems.append(smap.problem(("crisis_support", "routine"), f"unknown routine {org.crisis_support.routine!r}"))
    return problems


def load_org(path: Path | str, text: str | None = None) -> LoadedOrg:
    """Load and validate an organisation file; raise ``InputError`` listing every problem."""
    data, smap = load_yaml(path, text)
    if not isinstance(data, dict):
        raise InputError([smap.problem((), "expected a mapping with at least 'organisation' at the top level")])
    try:
        model = OrgFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(sorted(validation_problems(exc, smap, OrgFile))) from None
    problems = _reference_problems(model, smap) + date_problems(model.model_dump(by_alias=True), smap)
    if problems:
        raise InputError(sorted(problems))
    return LoadedOrg(model=model, source=smap, data=data)


__all__ = ["LoadedOrg", "load_org", "format_path"]
