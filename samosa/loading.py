"""Load ``org.yaml``: parse, validate against the model, check cross-references.

All problems are collected (not just the first) and each is positioned with
``file:line:col`` from the source map; the input file is only ever read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .org import VALUE_HINTS, OrgFile
from .yamlsource import PathT, SourceMap, format_path, load_yaml

RULE_ID_RE = re.compile(r"^[A-Z]+(-[A-Z0-9]+)+$")

#: Dates outside this range are typos (``0024-05-15``), and date arithmetic on
#: them (twelve months before year 1) would fail deep inside the evaluator.
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


@dataclass
class LoadedOrg:
    """A validated organisation plus where each of its values came from."""

    model: OrgFile
    source: SourceMap
    data: dict[str, Any]

    @property
    def file(self) -> str:
        return self.source.file


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and list[...] down to the element type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
        elif origin in (list, tuple, set):
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part),
            None,
        )
        if field is None:
            return None
        model = _unwrap(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _value_hint(value: Any, choices: list[str]) -> str:
    """``; did you mean 'x'?`` for a value close to (or a known synonym of) one of ``choices``."""
    if not isinstance(value, str):
        return ""
    key = value.strip().lower().replace(" ", "_").replace("-", "_")
    known = VALUE_HINTS.get(key) or VALUE_HINTS.get(key.translate(str.maketrans("åäö", "aao")))
    if known in choices:
        return f"; did you mean {known!r}?"
    close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def validation_problems(exc: ValidationError, smap: SourceMap, root: type[BaseModel]) -> list[Problem]:
    """Turn pydantic errors into positioned, readable problems."""
    problems = []
    for err in exc.errors():
        loc: PathT = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            model = _model_at(root, loc[:-1])
            choices = allowed_keys(model) if model else []
            close = difflib.get_close_matches(str(key), choices, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            expected = f" (expected one of: {', '.join(choices)})" if choices and not close else ""
            problems.append(smap.problem(loc, f"unknown key {key!r}{hint}{expected}", key=True))
        elif kind == "missing":
            problems.append(smap.problem(loc[:-1], f"missing required key {loc[-1]!r}"))
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            problems.append(smap.problem(loc, f"expected a mapping, got {_describe(err.get('input'))}"))
        elif kind == "list_type":
            problems.append(smap.problem(loc, f"expected a list, got {_describe(err.get('input'))}"))
        elif kind == "enum":
            allowed = err.get("ctx", {}).get("expected", "")
            hint = _value_hint(err.get("input"), re.findall(r"'([^']*)'", allowed))
            problems.append(smap.problem(loc, f"got {_describe(err.get('input'))}; expected {allowed}{hint}"))
        elif kind.startswith("date"):
            problems.append(smap.problem(loc, f"expected a date YYYY-MM-DD, got {_describe(err.get('input'))} "
                                              f"({err['msg'].split(', ', 1)[-1]})"))
        else:
            problems.append(smap.problem(loc, f"{err['msg']}; got {_describe(err.get('input'))}"))
    return problems


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
                problems.append(smap.problem(path, f"duplicate id {item.id!r} (first defined at line {line}, column {col})"))
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

    for name in ("routines", "risk_assessments", "training", "premises"):
        check_units(name, getattr(org, name))
    for i, d in enumerate(org.delegations):
        check_unit(d.unit, ("delegations", i, "unit"))
    for i, inc in enumerate(org.incidents):
        check_unit(inc.unit, ("incidents", i, "unit"))
    for name in ("working_time", "introduction", "supervision"):
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
                problems.append(smap.problem(("action_plan", i, "depends_on", j),
                                             f"depends_on names unknown action {dep!r}{hint}"))
        for j, ans in enumerate(item.answers):
            if ans not in risk_ids and not RULE_ID_RE.match(ans):
                problems.append(smap.problem(("action_plan", i, "answers", j),
                                             f"answers names {ans!r}, which is neither a risk id nor a rule id"))
    if org.crisis_support and org.crisis_support.routine and org.crisis_support.routine not in ids["routine"]:
        problems.append(smap.problem(("crisis_support", "routine"),
                                     f"unknown routine {org.crisis_support.routine!r}"))
    return problems


def date_problems(value: Any, smap: SourceMap, path: PathT = ()) -> list[Problem]:
    """Positioned problems for every date in ``value`` outside ``MIN_DATE``..``MAX_DATE``."""
    if isinstance(value, dt.date):
        if not MIN_DATE <= value <= MAX_DATE:
            return [smap.problem(path, f"date {value.isoformat()} is outside {MIN_DATE.year}–{MAX_DATE.year}; "
                                       "is the year mistyped?")]
        return []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in date_problems(v, smap, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in date_problems(v, smap, path + (i,))]
    return []


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
