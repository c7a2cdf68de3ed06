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

from samosa.models.org import Vocabulary, _plain
from samosa.source.dates import MAX_DATE, MIN_DATE
from samosa.source.positions import PathT, SourceMap
from samosa.source.problems import Problem


def _unwrap(annotation: Any) -> tuple[Any, int]:
    """Strip Optional[...], Annotated[...], list[...] and dict[str, ...] down to the element type;
    also how many mapping keys (``dict`` levels) a location passes through on the way."""
    keys = 0
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if args else annotation
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, tuple, set):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict:
            annotation, keys = typing.get_args(annotation)[1], keys + 1
        else:
            return annotation, keys


def _field_at(root: type[BaseModel], loc: tuple[Any, ...]) -> tuple[type[BaseModel] | None, Any]:
    """(model holding the last field of ``loc``, that field's annotation) — or (the model at ``loc``, None)."""
    model: Any = root
    keys = 0
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        if keys:
            keys -= 1  # a key of a mapping such as references.yaml's instruments
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None, None
        field = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part),
            None,
        )
        if field is None:
            return None, None
        annotation = field.annotation
        model, keys = _unwrap(annotation)
    return (model if isinstance(model, type) and issubclass(model, BaseModel) else None), annotation


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    return _field_at(root, loc)[0]


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _vocabulary_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[Vocabulary] | None:
    """The closed vocabulary of the field at ``loc``, if it is one."""
    _, annotation = _field_at(root, loc)
    kind, _ = _unwrap(annotation) if annotation is not None else (None, 0)
    return kind if isinstance(kind, type) and issubclass(kind, Vocabulary) else None


def _value_hint(value: Any, choices: list[str], vocabulary: type[Vocabulary] | None = None) -> str:
    """``; did you mean 'x'?`` for a value close to one of ``choices`` or to a Swedish word for one."""
    if not isinstance(value, str):
        return ""
    words = {_plain(c): c for c in choices}
    if vocabulary is not None:
        for code, ws in vocabulary.swedish().items():
            words.update({_plain(w): code for w in ws})
    close = difflib.get_close_matches(_plain(value), list(words), n=1, cutoff=0.6)
    return f"; did you mean {words[close[0]]!r}?" if close else ""


def _swedish_note(vocabulary: type[Vocabulary] | None) -> str:
    """`` (in Swedish also: planerad → planned, …)``: the words the field accepts besides its codes."""
    if vocabulary is None:
        return ""
    # A word that only differs from its code in case, spaces or å/ä/ö ("Barn och familj" for
    # barn_och_familj) tells the reader nothing: name the first word that is really different.
    pairs = [
        f"{different[0]} → {code}"
        for code, ws in vocabulary.swedish().items()
        if (different := [w for w in ws if _plain(w) != _plain(code)])
    ]
    if not pairs:
        return ""
    more = f", … ({len(pairs) - SWEDISH_SHOWN} more in the JSON Schema)" if len(pairs) > SWEDISH_SHOWN else ""
    return " (Swedish words are accepted too: " + ", ".join(pairs[:SWEDISH_SHOWN]) + more + ")"


#: How many Swedish words an error message names before it points at the JSON Schema.
SWEDISH_SHOWN = 4


#: A number written with a decimal comma, as Swedish does ("11,2"): YAML reads it as text.
DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")


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
            vocabulary = _vocabulary_at(root, loc)
            hint = _value_hint(err.get("input"), re.findall(r"'([^']*)'", allowed), vocabulary)
            problems.append(
                smap.problem(
                    loc, f"got {_describe(err.get('input'))}; expected {allowed}{_swedish_note(vocabulary)}{hint}"
                )
            )
        elif kind in ("float_parsing", "int_parsing") and DECIMAL_COMMA.match(str(err.get("input"))):
            number = str(err.get("input")).strip().replace(",", ".")
            problems.append(
                smap.problem(
                    loc,
                    f"got {_describe(err.get('input'))}: write the number with a decimal point, {number} "
                    "(a decimal comma makes it text)",
                )
            )
        elif kind == "bool_parsing":
            problems.append(smap.problem(loc, f"expected true or false (ja or nej), got {_describe(err.get('input'))}"))
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
