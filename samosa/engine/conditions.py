"""How a condition of the check vocabulary holds against an organisation's facts.

The vocabulary itself (``rulebook/vocabulary.py``) is data; this is its
meaning. Conditions are three-valued: ``True`` and ``False`` when the file
states what they read (``false``, ``0``, ``[]`` and ``null`` are statements
too), ``UNKNOWN`` when it does not (the key, or its section, is left out —
``models/facts.py``). Lists of conditions combine as Kleene logic: one
``False`` makes a conjunction false whatever is unknown, one ``True`` makes a
disjunction true.

``Context`` carries the facts, the assessment date and, for unit-scoped rules,
the unit. A condition whose data is not where the rule says raises
``EvaluationFailure``, which the evaluator turns into ``error`` — never a pass.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from dateutil.relativedelta import relativedelta

from samosa.models.facts import NOT_STATED
from samosa.rulebook.vocabulary import Condition


class _Unknown:
    """The truth of a condition on a fact the file does not state."""

    _instance: Optional[_Unknown] = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # fail loudly instead of reading "unknown" as "no"
        raise TypeError("UNKNOWN has no truth value; compare with `is True` / `is False`")


UNKNOWN: Any = _Unknown()
Truth = Union[bool, _Unknown]


def all_of(truths: Iterable[Truth]) -> Truth:
    """Kleene conjunction: ``False`` if any is false, else ``UNKNOWN`` if any is unknown, else ``True``."""
    result: Truth = True
    for t in truths:
        if t is False:
            return False
        if t is UNKNOWN:
            result = UNKNOWN
    return result


def any_of(truths: Iterable[Truth]) -> Truth:
    """Kleene disjunction: ``True`` if any is true, else ``UNKNOWN`` if any is unknown, else ``False``."""
    result: Truth = False
    for t in truths:
        if t is True:
            return True
        if t is UNKNOWN:
            result = UNKNOWN
    return result


class EvaluationFailure(Exception):
    """The data needed to evaluate a check is not where the rule says."""


@dataclass
class Context:
    """What checks see: the facts as plain data, the date and, for unit scope, the unit."""

    root: dict[str, Any]
    date: dt.date
    unit: Optional[dict[str, Any]] = None
    #: Per-evaluation memo shared by every rule and unit of one ``evaluate`` call
    #: (collections, unit indexes, ``referenced_by`` sets, per-check item verdicts).
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, path: str) -> Any:
        """The value at a dotted path, ``NOT_STATED`` if the file does not state it."""
        if path == "unit" or path.startswith("unit."):
            base: Any = self.unit
            parts = path.split(".")[1:]
            if base is None:
                raise EvaluationFailure(f"{path!r} used outside a unit-scoped rule")
        else:
            base, parts = self.root, path.split(".")
        return get_field(base, parts)


def get_field(obj: Any, parts: list[str]) -> Any:
    """Follow ``parts`` into plain data: ``NOT_STATED`` where a key is missing, ``None`` below a stated ``null``."""
    for part in parts:
        if obj is NOT_STATED or obj is None:
            return obj
        if not isinstance(obj, dict):
            raise EvaluationFailure(f"cannot read {part!r} from a {type(obj).__name__}")
        obj = obj.get(part, NOT_STATED)
    return obj


@dataclass
class Collection:
    """The items of a (possibly nested) collection and the places where a list is not stated.

    ``missing`` holds the document path of every list the collection passes
    through that the file leaves out: ``[("premises",)]`` when there is no
    premises section, ``[("risk_assessments", 2, "risks")]`` when one
    assessment does not say which risks it found.
    """

    items: list[tuple[tuple, dict]]
    missing: list[tuple]


def collection_items(root: dict[str, Any], collection: str) -> Collection:
    """Items of ``collection`` with their document paths; nested items get ``_parent``."""
    parts = collection.split(".")
    current: list[tuple[tuple, Any, Optional[dict]]] = [((), root, None)]
    missing: list[tuple] = []
    for part in parts:
        nxt = []
        for path, obj, _ in current:
            value = obj.get(part, NOT_STATED) if isinstance(obj, dict) else None
            if value is NOT_STATED:
                missing.append(path + (part,))
                continue
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
    return Collection(out, missing)


def cached_collection(ctx: Context, collection: str) -> Collection:
    """``collection_items`` memoised in ``ctx.cache``; the result must be treated as read-only."""
    key = ("collection", collection)
    found = ctx.cache.get(key)
    if found is None:
        found = ctx.cache[key] = collection_items(ctx.root, collection)
    return found


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def belongs_to_unit(item: dict[str, Any], field: str, unit_id: str, include_org_wide: bool) -> bool:
    """The one membership rule: a list names its units, a scalar one unit, none or ``[]`` the whole organisation."""
    value = item.get(field)
    if value is None or value == [] or value is NOT_STATED:
        return include_org_wide
    if isinstance(value, list):
        return unit_id in value
    return value == unit_id


def unit_index(ctx: Context, collection: str, unit_field: str) -> tuple[dict[Any, list[int]], list[int]]:
    """(unit id → indexes of the items naming it, indexes of organisation-wide items), once per evaluation.

    The membership rule of ``conditions.belongs_to_unit``: a list names its
    units, a scalar one unit, none or ``[]`` the whole organisation.
    """
    key = ("unit_index", collection, unit_field)
    found = ctx.cache.get(key)
    if found is None:
        by_unit: dict[Any, list[int]] = {}
        org_wide: list[int] = []
        for n, (_, it) in enumerate(cached_collection(ctx, collection).items):
            # "_parent.units": a nested item (a premises' room) belongs to its parent's units
            value = get_field(it, unit_field.split(".")) if "." in unit_field else it.get(unit_field)
            if value is None or value == [] or value is NOT_STATED:
                org_wide.append(n)
                continue
            for u in dict.fromkeys(value) if isinstance(value, list) else (value,):
                if not isinstance(u, str):
                    raise EvaluationFailure(f"{collection}.{unit_field} holds {u!r}, not a unit id")
                by_unit.setdefault(u, []).append(n)
        found = ctx.cache[key] = (by_unit, org_wide)
    return found


@dataclass
class Counted:
    """What a ``count`` condition found: how many items surely match, how many might, and the first of each.

    ``sure``/``maybe`` hold the first ``limit`` items in document order (all of them
    without a limit); ``n_sure``/``n_maybe`` count them all. ``missing`` lists the
    collections the file does not state.
    """

    sure: list[Any]  # item indices while counting (_split), the (path, item) pairs in the result
    maybe: list[Any]
    missing: list[tuple]
    n_sure: int = 0
    n_maybe: int = 0


def _records(ctx: Context, collection: str) -> Collection:
    """The collection, checked once per evaluation to be a list of records."""
    coll = cached_collection(ctx, collection)
    key = ("records", collection)
    if key not in ctx.cache:
        if not all(isinstance(it, dict) for _, it in coll.items):
            raise EvaluationFailure(f"{collection!r} is not a list of records")
        ctx.cache[key] = True
    return coll


def _split(cond: Condition, items: list, ns: Any, ctx: Context, limit: Optional[int]) -> Counted:
    """Count items ``ns`` of ``items`` by the truth of ``cond.count.where`` (memoised per item)."""
    assert cond.count is not None
    sure: list[int] = []
    maybe: list[int] = []
    n_sure = n_maybe = 0
    for n in ns:
        key = ("count_truth", id(cond), n)
        t = ctx.cache.get(key)
        if t is None:
            t = ctx.cache[key] = all_of(condition_truth(c, items[n][1], ctx) for c in cond.count.where)
        if t is True:
            n_sure += 1
            if limit is None or len(sure) < limit:
                sure.append(n)
        elif t is UNKNOWN:
            n_maybe += 1
            if limit is None or len(maybe) < limit:
                maybe.append(n)
    return Counted(sure, maybe, [], n_sure, n_maybe)  # indexes for now; see counted_items


def counted_items(cond: Condition, item: Any, ctx: Context, limit: Optional[int] = None) -> Counted:
    """The items a ``count`` condition counts, split by whether the file shows that they match.

    At rule level (``item`` is None) ``field`` names a collection of the
    organisation (``incidents``); inside ``where``/``require`` it names a list
    of the item. Fails closed when the field is not a list of records or when
    ``unit_field`` is used without a unit. At rule level each item's truth is
    memoised, a unit's own items come from the unit index and the
    organisation-wide items are counted once per evaluation, so counting for
    every unit stays linear in the organisation; ``limit`` keeps only the first
    items of each kind (their counts are always complete).
    """
    spec = cond.count
    assert spec is not None
    if item is None:
        if cond.field.split(".")[0] == "unit":
            raise EvaluationFailure(f"count on {cond.field!r}: the unit has no collections to count")
        coll = _records(ctx, cond.field)
        items, missing = coll.items, list(coll.missing)
        if not spec.unit_field:
            split = _split(cond, items, range(len(items)), ctx, limit)
        else:
            if ctx.unit is None:
                raise EvaluationFailure(f"count with unit_field on {cond.field!r} used outside a unit-scoped rule")
            by_unit, org_wide = unit_index(ctx, cond.field, spec.unit_field)
            split = _split(cond, items, by_unit.get(ctx.unit["id"], []), ctx, limit)
            if spec.include_org_wide:
                key = ("count_wide", id(cond), limit)
                wide = ctx.cache.get(key)
                if wide is None:
                    wide = ctx.cache[key] = _split(cond, items, org_wide, ctx, limit)
                sure = list(heapq.merge(split.sure, wide.sure))
                maybe = list(heapq.merge(split.maybe, wide.maybe))
                split = Counted(
                    sure[:limit] if limit else sure,
                    maybe[:limit] if limit else maybe,
                    [],
                    split.n_sure + wide.n_sure,
                    split.n_maybe + wide.n_maybe,
                )
        return Counted(
            [items[n] for n in split.sure], [items[n] for n in split.maybe], missing, split.n_sure, split.n_maybe
        )
    value = get_field(item, cond.field.split("."))
    missing = [(cond.field,)] if value is NOT_STATED else []
    if value is None or value is NOT_STATED:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise EvaluationFailure(f"{cond.field!r} is not a list of records")
    if spec.unit_field:
        raise EvaluationFailure(f"count with unit_field on {cond.field!r} inside an item's conditions")
    sure, maybe = [], []
    for i, it in enumerate(value):
        t = all_of(condition_truth(c, it, ctx) for c in spec.where)
        if t is True:
            sure.append(((cond.field, i), it))
        elif t is UNKNOWN:
            maybe.append(((cond.field, i), it))
    return Counted(sure, maybe, missing, len(sure), len(maybe))


def count_limit(cond: Condition, item: Any, ctx: Context) -> Any:
    """For ``fewer_than``: the number of items that is no longer "few" (``NOT_STATED`` if its base is not stated)."""
    spec = cond.count
    assert spec is not None and spec.fewer_than is not None
    path = spec.fewer_than.of
    base = ctx.lookup(path)
    if base is NOT_STATED:
        return NOT_STATED
    if base is None:
        raise EvaluationFailure(f"count.fewer_than.of {path!r} is null, not a number")
    _number(path, base)
    return spec.fewer_than.share * base


def _count_truth(cond: Condition, item: Any, ctx: Context) -> Truth:
    assert cond.count is not None
    found = counted_items(cond, item, ctx, limit=0)
    if cond.count.fewer_than is not None:
        # "Few": fewer than the limit even if every item that might match does.
        limit = count_limit(cond, item, ctx)
        if limit is NOT_STATED:
            return UNKNOWN
        if found.n_sure >= limit:
            return False
        if found.missing or found.n_sure + found.n_maybe >= limit:
            return UNKNOWN
        return True
    assert cond.count.min is not None
    if found.n_sure >= cond.count.min:
        return True
    if found.missing or found.n_sure + found.n_maybe >= cond.count.min:
        return UNKNOWN
    return False


def _number(name: str, v: Any) -> None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise EvaluationFailure(f"{name!r} is not a number")


def condition_truth(cond: Condition, item: Any, ctx: Context) -> Truth:
    """Evaluate ``cond`` against ``item`` (a dict) or the context (``item`` None, for rule-level conditions)."""
    op = cond.operator
    if op == "count":
        return _count_truth(cond, item, ctx)
    value = ctx.lookup(cond.field) if item is None else get_field(item, cond.field.split("."))
    if op == "referenced_by":
        return _referenced(cond, value, ctx)
    if op == "covers_unit":
        if ctx.unit is None:
            raise EvaluationFailure(f"covers_unit on {cond.field!r} used outside a unit-scoped rule")
        if value is NOT_STATED:
            return UNKNOWN
        if value is not None and not isinstance(value, list):
            raise EvaluationFailure(f"{cond.field!r} is not a list of unit ids")
        return (value is None or not value or ctx.unit["id"] in value) == cond.covers_unit  # none or [] = all units
    if value is NOT_STATED:
        return UNKNOWN
    want = cond.operand
    if op == "present":
        return (not is_empty(value)) == want
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
        _number(cond.field, value)
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
        if not value:
            return False
        return all_of(UNKNOWN if v.get(want, NOT_STATED) is NOT_STATED else not is_empty(v.get(want)) for v in value)
    if op in ("above_field", "at_least_field"):
        other = ctx.lookup(want) if item is None else get_field(item, want.split("."))
        if other is NOT_STATED:
            return UNKNOWN
        if value is None or other is None:
            return False
        _number(cond.field, value)
        _number(want, other)
        return value > other if op == "above_field" else value >= other
    raise AssertionError(op)


def _referenced(cond: Condition, value: Any, ctx: Context) -> Truth:
    """``referenced_by: action_plan.answers``: some item of that collection names ``value``.

    With ``among``, only items that satisfy those conditions count; an item of
    which that is not shown makes what it names "maybe referenced".
    """
    want = str(cond.referenced_by)
    key = ("referenced_by", want, id(cond) if cond.among else None)
    found = ctx.cache.get(key)
    if found is None:
        coll_name, _, fld = want.rpartition(".")
        coll = collection_items(ctx.root, coll_name)
        refs: set[Any] = set()
        maybe: set[Any] = set()
        unknown = bool(coll.missing)
        for _, other in coll.items:
            chosen = all_of(condition_truth(c, other, ctx) for c in cond.among)
            if chosen is False:
                continue
            v = other.get(fld, NOT_STATED)
            if v is NOT_STATED:
                unknown = True
                continue
            (refs if chosen is True else maybe).update(v if isinstance(v, list) else [v])
        found = ctx.cache[key] = (refs, maybe, unknown)
    refs, maybe, unknown = found
    if value is NOT_STATED:
        return UNKNOWN
    if value in refs:
        return True
    return UNKNOWN if unknown or value in maybe else False


def condition_fields(cond: Condition) -> list[str]:
    """The fields a condition reads (for saying what is not shown)."""
    out = [cond.field]
    if cond.operator in ("above_field", "at_least_field") and cond.operand:
        out.append(str(cond.operand))
    if cond.operator == "count" and cond.count is not None and cond.count.fewer_than is not None:
        out.append(cond.count.fewer_than.of)
    return out


def describe_condition(cond: Condition) -> str:
    if cond.describe:
        return cond.describe
    return f"{cond.field} {cond.operator} {cond.operand!r}"
