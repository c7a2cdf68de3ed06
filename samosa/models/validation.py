"""Pydantic errors as positioned, readable problems, and the date range every file shares.

Used by every loader (org, inspection record, waivers, rule pack): an unknown
key gets a did-you-mean, a closed vocabulary names its values, a date says
what was expected — each at ``file:line:col`` from the source map.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from samosa.models.org import VALUE_HINTS
from samosa.source.dates import MAX_DATE, MIN_DATE
from samosa.source.positions import PathT, SourceMap
from samosa.source.problems import Problem


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
            problems.append(
                smap.problem(
                    loc,
                    f"expected a date YYYY-MM-DD, got {_describe(err.get('input'))} ({err['msg'].split(', ', 1)[-1]})",
                )
            )
        else:
            problems.append(smap.problem(loc, f"{err['msg']}; got {_describe(err.get('input'))}"))
    return problems


def date_problems(value: Any, smap: SourceMap, path: PathT = ()) -> list[Problem]:
    """Positioned problems for every date in ``value`` outside ``MIN_DATE``..``MAX_DATE``."""
    if isinstance(value, dt.date):
        if not MIN_DATE <= value <= MAX_DATE:
            return [
                smap.problem(
                    path, f"date {value.isoformat()} is outside {MIN_DATE.year}–{MAX_DATE.year}; is the year mistyped?"
                )
            ]
        return []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in date_problems(v, smap, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in date_problems(v, smap, path + (i,))]
    return []
