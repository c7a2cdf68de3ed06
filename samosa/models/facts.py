"""What an organisation file states, as plain data in which a missing key means *not stated*.

The evaluator reads this view, never the model's defaults: a fact the file
leaves out is absent from it (``NOT_STATED`` when looked up), a fact stated as
absent is there as ``False``, ``0``, ``[]`` or ``None``. Only conventions
(``units`` scopes, ``answers`` links …, see ``models/org.py``) are filled in
with the default the format defines, because their absence has a meaning.

``unknown_phrase`` gives the Swedish words for what is not shown when a path
is missing ("om det finns pausutrymme för återhämtning"), from the model.
"""

from __future__ import annotations

import copy
import enum
import re
import types
import typing
from functools import cache, lru_cache
from typing import Any, Optional

from pydantic import BaseModel

from samosa.models.org import DEFAULT_MEANS_KEY, NOT_STATED_KEY, OrgFile, Unit


class _NotStated:
    """The value of a path the file does not state (distinct from a stated ``null``)."""

    _instance: Optional[_NotStated] = None

    def __new__(cls) -> _NotStated:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_STATED"

    def __bool__(self) -> bool:  # a not-stated value must never be read as "no"
        raise TypeError("NOT_STATED has no truth value; ask whether the fact is stated first")


NOT_STATED: Any = _NotStated()


def _element(annotation: Any) -> tuple[Any, bool]:
    """(element type, is_list) of a field annotation, through Optional/Annotated."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is list:
            annotation, is_list = typing.get_args(annotation)[0], True
        else:
            return annotation, is_list


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


@cache
def _plan(model: type[BaseModel]) -> tuple[dict[str, Any], dict[str, tuple[type[BaseModel], bool]]]:
    """Per model: convention fields with their defaults, and nested model fields."""
    conventions: dict[str, Any] = {}
    nested: dict[str, tuple[type[BaseModel], bool]] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if DEFAULT_MEANS_KEY in extra:
            default = info.get_default(call_default_factory=True)
            conventions[name] = default.value if isinstance(default, enum.Enum) else default
        kind, is_list = _element(info.annotation)
        if _is_model(kind):
            nested[name] = (kind, is_list)
    return conventions, nested


def _fill(data: dict[str, Any], model: type[BaseModel]) -> None:
    conventions, nested = _plan(model)
    for name, default in conventions.items():
        if name not in data:
            data[name] = copy.copy(default)
    for name, (kind, is_list) in nested.items():
        value = data.get(name)
        if is_list and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _fill(item, kind)
        elif isinstance(value, dict):
            _fill(value, kind)


def stated_data(model: BaseModel) -> dict[str, Any]:
    """The file's facts as plain data: set fields and conventions; nothing else."""
    data = model.model_dump(mode="python", exclude_unset=True)
    _fill(data, type(model))
    return data


def is_stated(value: Any) -> bool:
    return value is not NOT_STATED


@lru_cache(maxsize=4096)
def _field_at(parts: tuple[str, ...]) -> tuple[Optional[type[BaseModel]], Optional[str]]:
    """(model that holds the last part, field name) for a document path without indexes."""
    model: Any = Unit if parts and parts[0] == "unit" else OrgFile
    parts = parts[1:] if parts and parts[0] == "unit" else parts
    owner = None
    for part in parts:
        if not _is_model(model) or part not in model.model_fields:
            return None, None
        owner = model
        model, _ = _element(model.model_fields[part].annotation)
    return owner, (parts[-1] if parts else None)


def unknown_phrase(path: tuple[Any, ...] | str) -> str:
    """Swedish words for what is not shown when ``path`` is missing ("om enheten gör hembesök").

    ``path`` is a document path (``("premises", 0, "break_room")``) or a dotted
    field path (``"unit.home_visits"``, ``"risk_assessments.risks.serious"``).
    """
    if isinstance(path, str):
        path = tuple(re.sub(r"\[\d+\]", "", path).split("."))  # "units[2].home_visits" or "unit.home_visits"
    parts = tuple(str(p) for p in path if not isinstance(p, int))
    parts = tuple(p for p in parts if p != "_parent")
    owner, name = _field_at(parts)
    if owner is not None and name is not None:
        extra = owner.model_fields[name].json_schema_extra
        if isinstance(extra, dict) and NOT_STATED_KEY in extra:
            return str(extra[NOT_STATED_KEY])
    return "uppgiften " + ".".join(parts)
