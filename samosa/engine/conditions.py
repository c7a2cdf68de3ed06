"""How a condition of the check vocabulary holds against an organisation's data.

The vocabulary itself (``rulebook/vocabulary.py``) is data; this is its
meaning. ``Context`` carries the organisation as plain data, the assessment
date and, for unit-scoped rules, the unit. A condition whose data is not
where the rule says raises ``EvaluationFailure``, which the evaluator turns
into ``error`` — never a pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from dateutil.relativedelta import relativedelta

from samosa.rulebook.vocabulary import Condition


class EvaluationFailure(Exception):
    """The data needed to evaluate a check is not where the rule says."""


@dataclass
class Context:
    """What checks see: the organisation as plain data, the date and, for unit scope, the unit."""

    root: dict[str, Any]
    date: dt.date
    unit: Optional[dict[str, Any]] = None
    #: Optional per-evaluation memo shared by every rule and unit of one
    #: ``evaluate`` call (collections, unit indexes, ``referenced_by`` sets).
    #: ``None`` keeps the old uncached behaviour for callers that build contexts themselves.
    cache: Optional[dict[Any, Any]] = field(default=None, repr=False, compare=False)

    def lookup(self, path: str) -> Any:
        if path == "unit" or path.startswith("unit."):
            base: Any = self.unit
            parts = path.split(".")[1:]
            if base is None:
                raise EvaluationFailure(f"{path!r} used outside a unit-scoped rule")
        else:
            base, parts = self.root, path.split(".")
        return get_field(base, parts)


def get_field(obj: Any, parts: list[str]) -> Any:
    for part in parts:
        if obj is None:
            return None
        if not isinstance(obj, dict):
            raise EvaluationFailure(f"cannot read {part!r} from a {type(obj).__name__}")
        obj = obj.get(part)
    return obj


def collection_items(root: dict[str, Any], collection: str) -> list[tuple[tuple, dict]]:
    """Items of a (possibly nested) collection with their document paths.

    ``risk_assessments.risks`` flattens the risks of every assessment; each
    item gets ``_parent`` so conditions can read the enclosing record.
    """
    parts = collection.split(".")
    current: list[tuple[tuple, Any, Optional[dict]]] = [((), root, None)]
    for part in parts:
        nxt = []
        for path, obj, _ in current:
            value = obj.get(part) if isinstance(obj, dict) else None
            if value is None:
                continue
            if not isinstance(value, list):
                raise EvaluationFailure(f"{collection!r} is not a list")
            for i, item in enumerate(value):
                nxt.append((path + (part, i), item, obj))
        current = nxt
    out = []
    for path, item, parent in current:
        if parent is not None and parent is not root:
            item = {**item, "_parent": parent}
        out.append((path, item))
    return out


def cached_collection_items(ctx: Context, collection: str) -> list[tuple[tuple, dict]]:
    """``collection_items`` memoised in ``ctx.cache``; the list must be treated as read-only."""
    if ctx.cache is None:
        return collection_items(ctx.root, collection)
    key = ("collection", collection)
    if key not in ctx.cache:
        ctx.cache[key] = collection_items(ctx.root, collection)
    return ctx.cache[key]


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _belongs_to_unit(item: dict[str, Any], field: str, unit_id: str, include_org_wide: bool) -> bool:
    value = item.get(field)
    if value is None or value == []:
        return include_org_wide
    if isinstance(value, list):
        return unit_id in value
    return value == unit_id


def counted_items(cond: Condition, item: Any, ctx: Context) -> list[tuple[tuple, dict]]:
    """The items a ``count`` condition counts, with their document paths.

    At rule level (``item`` is None) ``field`` names a collection of the
    organisation (``incidents``); inside ``where``/``require`` it names a list
    of the item. Fails closed when the field is not a list of records or when
    ``unit_field`` is used without a unit.
    """
    spec = cond.count
    assert spec is not None
    if item is None:
        if cond.field.split(".")[0] == "unit":
            raise EvaluationFailure(f"count on {cond.field!r}: the unit has no collections to count")
        items = cached_collection_items(ctx, cond.field)
    else:
        value = get_field(item, cond.field.split("."))
        if value is None:
            value = []
        if not isinstance(value, list):
            raise EvaluationFailure(f"{cond.field!r} is not a list")
        items = [((cond.field, i), v) for i, v in enumerate(value)]
    if not all(isinstance(it, dict) for _, it in items):
        raise EvaluationFailure(f"{cond.field!r} is not a list of records")
    if spec.unit_field:
        if ctx.unit is None:
            raise EvaluationFailure(f"count with unit_field on {cond.field!r} used outside a unit-scoped rule")
        items = [
            (p, it) for p, it in items if _belongs_to_unit(it, spec.unit_field, ctx.unit["id"], spec.include_org_wide)
        ]
    return [(p, it) for p, it in items if all(condition_holds(c, it, ctx) for c in spec.where)]


def condition_holds(cond: Condition, item: Any, ctx: Context) -> bool:
    """Evaluate ``cond`` against ``item`` (a dict) or the context (for ``when``)."""
    if cond.operator == "count":
        return len(counted_items(cond, item, ctx)) >= cond.count.min  # type: ignore[union-attr]
    parts = cond.field.split(".")
    if item is None:
        value = ctx.lookup(cond.field)
    else:
        value = get_field(item, parts)
    op, want = cond.operator, cond.operand
    if op == "present":
        return (not _is_empty(value)) == want
    if op == "equals":
        return value == want
    if op == "not_equals":
        return value != want
    if op == "in":
        return value in want
    if op in ("contains", "contains_all", "contains_any"):
        have = value or []
        if not isinstance(have, list):
            raise EvaluationFailure(f"{cond.field!r} is not a list")
        if op == "contains":
            return want in have
        if op == "contains_all":
            return all(w in have for w in want)
        return any(w in have for w in want)
    if op in ("at_least", "at_most", "above", "below"):
        if value is None:
            return False
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise EvaluationFailure(f"{cond.field!r} is not a number")
        return {"at_least": value >= want, "at_most": value <= want, "above": value > want, "below": value < want}[op]
    if op == "within_months":
        if value is None:
            return False
        if not isinstance(value, dt.date):
            raise EvaluationFailure(f"{cond.field!r} is not a date")
        return ctx.date - relativedelta(months=want) <= value <= ctx.date
    if op == "not_expired":
        if value is None:
            return not want
        if not isinstance(value, dt.date):
            raise EvaluationFailure(f"{cond.field!r} is not a date")
        return (value >= ctx.date) == want
    if op == "contains_other_than":
        if value is None:
            return False
        if not isinstance(value, list):
            raise EvaluationFailure(f"{cond.field!r} is not a list")
        return any(v not in want for v in value)
    if op == "all_present":
        if value is None:
            return False
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise EvaluationFailure(f"{cond.field!r} is not a list of records")
        return bool(value) and all(not _is_empty(v.get(want)) for v in value)
    if op == "above_field":
        other = ctx.lookup(want) if item is None else get_field(item, want.split("."))
        if value is None or other is None:
            return False
        for name, v in ((cond.field, value), (want, other)):
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise EvaluationFailure(f"{name!r} is not a number")
        return value > other
    if op == "covers_unit":
        if ctx.unit is None:
            raise EvaluationFailure(f"covers_unit on {cond.field!r} used outside a unit-scoped rule")
        if value is not None and not isinstance(value, list):
            raise EvaluationFailure(f"{cond.field!r} is not a list of unit ids")
        return (_is_empty(value) or ctx.unit["id"] in value) == want
    if op == "referenced_by":
        refs = ctx.cache.get(("referenced_by", want)) if ctx.cache is not None else None
        if refs is None:
            coll, _, fld = want.rpartition(".")
            refs = set()
            for _, other in collection_items(ctx.root, coll):
                v = other.get(fld)
                refs.update(v if isinstance(v, list) else [v])
            if ctx.cache is not None:
                ctx.cache[("referenced_by", want)] = refs
        return value in refs
    raise AssertionError(op)


def describe_condition(cond: Condition) -> str:
    if cond.describe:
        return cond.describe
    return f"{cond.field} {cond.operator} {cond.operand!r}"
