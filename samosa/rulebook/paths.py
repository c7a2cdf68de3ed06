"""The static path checker: every field a rule reads exists in the organisation model.

Run when the pack loads, so a misspelt field in a rule is a positioned load
error instead of a condition that silently never matches. Comparing a closed
vocabulary field with a value outside it is refused for the same reason.
"""

from __future__ import annotations

import difflib
import enum
import types
import typing
from typing import Any, Literal, Optional

from pydantic import BaseModel

from samosa.models.org import OrgFile, Unit
from samosa.rulebook.model import Rule
from samosa.rulebook.vocabulary import AnyCheck, Condition, PresentCheck, RecordCheck


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Element type of ``annotation`` and whether it was a list."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is list:
            annotation, is_list = typing.get_args(annotation)[0], True
        else:
            return annotation, is_list


def _field_type(model: type[BaseModel], name: str) -> tuple[Any, bool]:
    if name not in model.model_fields:
        raise KeyError(name)
    return _unwrap(model.model_fields[name].annotation)


def _walk(model: Any, parts: list[str]) -> tuple[Any, bool]:
    kind, is_list = model, False
    for part in parts:
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            raise KeyError(part)
        kind, is_list = _field_type(kind, part)
    return kind, is_list


def _resolve_root(path: str) -> tuple[Any, bool]:
    parts = path.split(".")
    if parts[0] == "unit":
        return _walk(Unit, parts[1:])
    return _walk(OrgFile, parts)


def _collection_model(collection: str) -> tuple[Any, Any]:
    """Item model of a (possibly nested) collection and the model of its parent."""
    model: Any = OrgFile
    parent: Any = None
    for part in collection.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise KeyError(part)
        parent = model
        model, is_list = _field_type(model, part)
        if not is_list:
            raise KeyError(f"{part} is not a list")
    return model, parent


VALUE_OPERATORS = ("equals", "not_equals", "in", "contains", "contains_all", "contains_any", "contains_other_than")


def _closed_values(kind: Any) -> Optional[list[str]]:
    """The allowed values of a closed vocabulary (an Enum or Literal field), else None."""
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return [str(m.value) for m in kind]
    if typing.get_origin(kind) is Literal:
        return [str(v) for v in typing.get_args(kind)]
    return None


def _value_problems(cond: Condition, kind: Any, where: str) -> list[str]:
    """A rule comparing a closed-vocabulary field with a value outside it can never match: fail the load."""
    allowed = _closed_values(kind)
    if allowed is None or cond.operator not in VALUE_OPERATORS or cond.operand is None:
        return []
    wanted = cond.operand if isinstance(cond.operand, list) else [cond.operand]
    errs = []
    for value in wanted:
        if str(value) not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f" (expected one of: {', '.join(allowed)})"
            errs.append(f"{where}: {value!r} is not a value of {cond.field!r}{hint}")
    return errs


def _condition_problems(cond: Condition, item_model: Any, parent: Any, where: str) -> list[str]:
    errs = []
    parts = cond.field.split(".")
    try:
        if item_model is None:
            kind, _ = _resolve_root(cond.field)
        elif parts[0] == "_parent":
            kind, _ = _walk(parent, parts[1:])
        else:
            kind, _ = _walk(item_model, parts)
    except KeyError as exc:
        errs.append(f"{where}: field {cond.field!r} does not exist in the organisation model ({exc.args[0]})")
    else:
        errs += _value_problems(cond, kind, where)
    if cond.operator in ("above_field", "at_least_field"):
        other = str(cond.operand)
        try:
            if item_model is None:
                _resolve_root(other)
            else:
                _walk(item_model, other.split("."))
        except KeyError as exc:
            errs.append(f"{where}: {cond.operator} {other!r} does not exist in the organisation model ({exc.args[0]})")
    if cond.operator == "all_present":
        try:
            model, is_list = (
                _resolve_root(cond.field)
                if item_model is None
                else _walk(
                    parent if parts[0] == "_parent" else item_model, parts[1:] if parts[0] == "_parent" else parts
                )
            )
            if not is_list:
                raise KeyError(f"{cond.field} is not a list")
            _walk(model, [str(cond.all_present)])
        except KeyError as exc:
            errs.append(
                f"{where}: all_present {cond.all_present!r} is not a field of the items of {cond.field!r} ({exc.args[0]})"
            )
    if cond.operator == "covers_unit" and parts[0] == "unit":
        errs.append(
            f"{where}: covers_unit compares a list of unit ids with the unit; {cond.field!r} is the unit itself"
        )
    if cond.operator == "referenced_by":
        coll, _, fld = str(cond.referenced_by).rpartition(".")
        try:
            model, coll_parent = _collection_model(coll)
            _walk(model, [fld])
        except KeyError:
            errs.append(f"{where}: referenced_by {cond.referenced_by!r} is not <collection>.<field>")
        else:
            for i, sub in enumerate(cond.among):
                errs += _condition_problems(sub, model, coll_parent, f"{where}: among[{i}]")
    return errs


def _positioned_problems(cond: Condition, item_model: Any, parent: Any, where: str) -> list[tuple[tuple, str]]:
    """Problems of ``cond`` with their path inside the condition (``field``, or deep in ``count.where``)."""
    errs = [(("field",), m) for m in _condition_problems(cond, item_model, parent, where)]
    if cond.operator == "count" and not errs:
        errs += _count_problems(cond, item_model, parent, where)
    return errs


def _count_problems(cond: Condition, item_model: Any, parent: Any, where: str) -> list[tuple[tuple, str]]:
    """A ``count`` must name a list of records; its ``where`` and ``unit_field`` are checked against them."""
    parts = cond.field.split(".")
    try:
        if item_model is None:
            if parts[0] == "unit":
                raise KeyError("the unit has no collections")
            counted, counted_parent = _collection_model(cond.field)
        else:
            base, rest = (parent, parts[1:]) if parts[0] == "_parent" else (item_model, parts)
            counted, is_list = _walk(base, rest)
            if not is_list:
                raise KeyError(f"{cond.field} is not a list")
            counted_parent = item_model
        if not (isinstance(counted, type) and issubclass(counted, BaseModel)):
            raise KeyError(f"{cond.field} is not a list of records")
    except KeyError as exc:
        return [(("field",), f"{where}: count needs a list of records; {cond.field!r} is not one ({exc.args[0]})")]
    spec = cond.count
    assert spec is not None
    errs: list[tuple[tuple, str]] = []
    if spec.fewer_than is not None:
        try:
            kind, _ = _resolve_root(spec.fewer_than.of)
            if kind not in (int, float):
                raise KeyError(f"{spec.fewer_than.of} is not a number")
        except KeyError as exc:
            errs.append(
                (
                    ("count", "fewer_than", "of"),
                    f"{where}: count.fewer_than.of {spec.fewer_than.of!r} is not a number in the organisation model "
                    f"({exc.args[0]})",
                )
            )
    for i, sub in enumerate(spec.where):
        errs += [
            (("count", "where", i) + rel, m)
            for rel, m in _positioned_problems(sub, counted, counted_parent, f"{where}: count.where[{i}]")
        ]
    if spec.unit_field:
        try:
            _walk(counted, [spec.unit_field])
        except KeyError:
            errs.append(
                (
                    ("count", "unit_field"),
                    f"{where}: count.unit_field {spec.unit_field!r} does not exist on {cond.field}",
                )
            )
    return errs


def _all_conditions(conds: list[Condition]):
    """Every condition in ``conds``, including those nested in ``count.where``."""
    for cond in conds:
        yield cond
        if cond.count is not None:
            yield from _all_conditions(cond.count.where)


def check_paths(rule: Rule) -> list[tuple[tuple, str]]:
    """Resolve every path in ``rule`` against the models; return (rule path, message) pairs."""
    errs: list[tuple[tuple, str]] = []
    for i, cond in enumerate(rule.applies_when):
        errs += [(("applies_when", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "applies_when")]
    for i, cond in enumerate(rule.triggers):
        errs += [(("triggers", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "triggers")]
    if rule.scope != "unit":
        for key in ("applies_when", "triggers"):
            for i, cond in enumerate(getattr(rule, key)):
                if cond.field.split(".")[0] == "unit" or cond.operator == "covers_unit":
                    errs.append(
                        (
                            (key, i, "field"),
                            f"{key}: {cond.field!r} reads the unit, but the rule has scope: organisation",
                        )
                    )
        for key, conds in _rule_condition_lists(rule):
            for i, cond in enumerate(conds):
                if any(c.count is not None and c.count.unit_field for c in _all_conditions([cond])):
                    errs.append(
                        (
                            key + (i, "count"),
                            "count.unit_field counts the unit's items, but the rule has scope: organisation",
                        )
                    )
    for c, check in enumerate(rule.checks):
        if isinstance(check, AnyCheck):
            for i, cond in enumerate(check.when):
                errs += [
                    (("checks", c, "when", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "when")
                ]
            for j, alt in enumerate(check.of):
                errs += _check_problems(rule, alt, ("checks", c, "of", j))
        else:
            errs += _check_problems(rule, check, ("checks", c))
        ids = [ch.id for ch in rule.checks]
        if ids.count(check.id) > 1:
            errs.append((("checks", c, "id"), f"duplicate check id {check.id!r}"))
    return errs


def _check_problems(rule: Rule, check: Any, base: tuple) -> list[tuple[tuple, str]]:
    """The path problems of one check (or one alternative of an ``any`` check) at ``base``."""
    errs: list[tuple[tuple, str]] = []
    for i, cond in enumerate(check.when):
        errs += [(base + ("when", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "when")]
    if isinstance(check, (PresentCheck, RecordCheck)):
        try:
            model, _ = _resolve_root(check.path)
        except KeyError as exc:
            errs.append(
                (base + ("path",), f"path {check.path!r} does not exist in the organisation model ({exc.args[0]})")
            )
            return errs
        if isinstance(check, RecordCheck):
            for i, cond in enumerate(check.require):
                errs += [
                    (base + ("require", i) + rel, m) for rel, m in _positioned_problems(cond, model, None, "require")
                ]
    else:
        try:
            model, parent = _collection_model(check.collection)
        except KeyError as exc:
            errs.append(
                (
                    base + ("collection",),
                    f"collection {check.collection!r} is not a list in the organisation model ({exc.args[0]})",
                )
            )
            return errs
        for key in ("where", "require"):
            for i, cond in enumerate(getattr(check, key)):
                errs += [(base + (key, i) + rel, m) for rel, m in _positioned_problems(cond, model, parent, key)]
                # An item's verdict must not depend on the unit (engine/selection.py): membership is unit_field's.
                for sub in _all_conditions([cond]):
                    if sub.operator == "covers_unit":
                        errs.append(
                            (
                                base + (key, i),
                                f"{key}: covers_unit inside a collection check; use unit_field on the check instead",
                            )
                        )
                    if sub.count is not None and sub.count.unit_field:
                        errs.append(
                            (base + (key, i), f"{key}: count.unit_field inside a collection check reads the unit")
                        )
        if check.unit_field:
            try:
                if check.unit_field.startswith("_parent."):
                    _walk(parent, check.unit_field.split(".")[1:])
                else:
                    _walk(model, [check.unit_field])
            except KeyError:
                errs.append(
                    (
                        base + ("unit_field",),
                        f"unit_field {check.unit_field!r} does not exist on {check.collection}",
                    )
                )
        if rule.scope != "unit" and check.unit_field:
            errs.append((base + ("unit_field",), "unit_field is only meaningful in a rule with scope: unit"))
    return errs


def _rule_condition_lists(rule: Rule):
    """(rule path, conditions) for every list of conditions in ``rule``."""
    yield ("applies_when",), rule.applies_when
    yield ("triggers",), rule.triggers
    for c, check in enumerate(rule.checks):
        yield ("checks", c, "when"), check.when
        alts = [(("checks", c, "of", j), alt) for j, alt in enumerate(check.of)] if isinstance(check, AnyCheck) else []
        for base, one in [(("checks", c), check)] + alts:
            if one is not check:
                yield base + ("when",), one.when
            for key in ("where", "require"):
                if hasattr(one, key):
                    yield base + (key,), getattr(one, key)
