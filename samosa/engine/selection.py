"""Collection checks of unit-scoped rules in time linear in the organisation.

A unit-scoped ``exists``/``every`` check runs once per unit over the items
that belong to the unit *and* every organisation-wide item (no unit given).
Scanning the organisation-wide items again for every unit made evaluation
quadratic: 1 000 units × 2 000 organisation-wide actions is two million
condition evaluations for one check. But a condition on an item does not
depend on the unit, except ``covers_unit`` — and that only through whether
the unit is named in the item's list. So, once per evaluation:

* every item's outcome (``where``, then ``require``) is computed once for
  the *default* case, the unit named in none of its ``covers_unit`` lists,
  and the organisation-wide items are summarised as sorted index lists;
* per unit, only the items that belong to it and the items whose
  ``covers_unit`` list names it (both found through indexes) are evaluated,
  memoised by (item, which lists name the unit).

The result is exactly the old scan's, including which error is raised
first: errors are memoised and re-raised in item order, ``where`` before
``require``. Anything the indexes cannot handle (unhashable unit values,
items that are not records) returns ``None`` and the caller scans as before.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Optional

from samosa.engine.conditions import (
    Context,
    EvaluationFailure,
    condition_holds,
    get_field,
)
from samosa.rulebook.vocabulary import Condition, EveryCheck, ExistsCheck

#: The unit the default outcome is computed for: named in no list.
_NOWHERE = object()

#: Operators whose outcome on an item never reads the unit. A check using any
#: other operator (``covers_unit`` aside, handled here) is scanned per unit as
#: before, so a new operator that reads the unit cannot be memoised wrongly.
UNIT_FREE_OPERATORS = frozenset(
    {
        "equals",
        "not_equals",
        "in",
        "contains",
        "contains_all",
        "contains_any",
        "present",
        "at_least",
        "at_most",
        "above",
        "below",
        "within_months",
        "not_expired",
        "referenced_by",
        "contains_other_than",
        "all_present",
        "above_field",
    }
)


def unit_index(
    ctx: Context, collection: str, unit_field: str, items: list[tuple[tuple, dict]]
) -> Optional[tuple[dict[Any, list[int]], list[int]]]:
    """(unit id → indexes of its items, indexes of organisation-wide items), memoised in ``ctx.cache``.

    Same membership as a scan: a list names the units in it, a scalar names
    one unit, ``None`` or ``[]`` means organisation-wide. ``None`` if a value
    cannot be indexed (the caller then scans).
    """
    key = ("unit_index", collection, unit_field)
    if ctx.cache is not None and key in ctx.cache:
        return ctx.cache[key]
    by_unit: dict[Any, list[int]] = {}
    org_wide: list[int] = []
    try:
        for n, (_, it) in enumerate(items):
            value = it.get(unit_field)
            if value is None or value == []:
                org_wide.append(n)
            else:
                for u in set(value) if isinstance(value, list) else (value,):
                    by_unit.setdefault(u, []).append(n)
    except TypeError:  # an unhashable value
        index = None
    else:
        index = (by_unit, org_wide)
    if ctx.cache is not None:
        ctx.cache[key] = index
    return index


@dataclass
class _Outcome:
    """One item's outcome under one unit-membership key; an exception stands for a raise."""

    where: Any
    require: Any = None  # exists: bool; every: list of failed conditions


@dataclass
class _Summary:
    """Sorted indexes of the organisation-wide items by outcome, for the default key."""

    where_errors: list[int] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)
    require_errors: list[int] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)  # exists: good items; every: bad items


@dataclass
class Selection:
    """What ``_run_check`` needs for one unit: counts and the first few items in document order."""

    selected: int
    hits: int
    selected_head: list[int]
    hits_head: list[int]


class _Plan:
    def __init__(
        self,
        check: ExistsCheck | EveryCheck,
        items: list[tuple[tuple, dict]],
        specific: dict[Any, list[int]],
        org_wide: list[int],
        ctx: Context,
    ):
        self.check = check  # keeps id(check) valid for the cache key
        self.items = items
        self.specific = specific
        self.org_wide = org_wide
        self.every = isinstance(check, EveryCheck)
        conds = list(check.where) + list(check.require)
        self.cover_fields = list(dict.fromkeys(c.field for c in conds if c.operator == "covers_unit"))
        self.covers = self._cover_index()
        self.memo: dict[tuple[int, tuple], _Outcome] = {}
        self.nowhere = Context(root=ctx.root, date=ctx.date, unit={"id": _NOWHERE}, cache=ctx.cache)
        self.default_key = (False,) * len(self.cover_fields)
        self.summary = self._summarise()

    def _cover_index(self) -> dict[Any, set[int]]:
        index: dict[Any, set[int]] = {}
        for f in self.cover_fields:
            parts = f.split(".")
            for n, (_, it) in enumerate(self.items):
                try:
                    value = get_field(it, parts)
                except EvaluationFailure:
                    continue  # raises whatever the unit: the default outcome holds
                if isinstance(value, list):
                    for u in value:
                        if isinstance(u, str):  # unit ids are strings; nothing else equals one
                            index.setdefault(u, set()).add(n)
        return index

    def _key(self, n: int, unit_id: Any) -> tuple:
        out = []
        for f in self.cover_fields:
            try:
                value = get_field(self.items[n][1], f.split("."))
            except EvaluationFailure:
                value = None
            out.append(isinstance(value, list) and unit_id in value)
        return tuple(out)

    def outcome(self, n: int, key: tuple, ctx: Context) -> _Outcome:
        memo_key = (n, key)
        found = self.memo.get(memo_key)
        if found is None:
            found = self.memo[memo_key] = self._evaluate(self.items[n][1], ctx if any(key) else self.nowhere)
        return found

    def _evaluate(self, item: dict, ctx: Context) -> _Outcome:
        check = self.check
        try:
            ok = all(condition_holds(c, item, ctx) for c in check.where)
        except EvaluationFailure as exc:
            return _Outcome(where=exc)
        if not ok:
            return _Outcome(where=False)
        try:
            if self.every:
                req: Any = [c for c in check.require if not condition_holds(c, item, ctx)]
            else:
                req = all(condition_holds(c, item, ctx) for c in check.require)
        except EvaluationFailure as exc:
            req = exc
        return _Outcome(where=True, require=req)

    def _hit(self, out: _Outcome) -> bool:
        return bool(out.require) if self.every else out.require is True

    def _summarise(self) -> _Summary:
        s = _Summary()
        for n in self.org_wide:
            out = self.outcome(n, self.default_key, self.nowhere)
            if isinstance(out.where, Exception):
                s.where_errors.append(n)
            elif out.where:
                s.selected.append(n)
                if isinstance(out.require, Exception):
                    s.require_errors.append(n)
                elif self._hit(out):
                    s.hits.append(n)
        return s

    def for_unit(self, ctx: Context, head: int) -> Selection:
        unit_id = ctx.unit["id"]
        own = self.specific.get(unit_id, [])
        overridden = self.covers.get(unit_id, set())
        wide = set(self.org_wide) & overridden if overridden else set()
        explicit = sorted(set(own) | wide)
        outs = [(n, self.outcome(n, self._key(n, unit_id), ctx)) for n in explicit]
        s = self.summary

        def merged(mine: list[int], summary: list[int]) -> Iterator[int]:
            if not mine and not wide:  # the common case: nothing to interleave
                return iter(summary)
            return heapq.merge(mine, (n for n in summary if n not in wide))

        def count(mine: list[int], summary: list[int]) -> int:
            return len(mine) + len(summary) - sum(1 for n in wide if _contains(summary, n))

        where_err = [n for n, o in outs if isinstance(o.where, Exception)]
        first = next(iter(merged(where_err, s.where_errors)), None)
        if first is not None:
            raise EvaluationFailure(*self._exc(first, unit_id, ctx, "where").args)
        selected = [n for n, o in outs if o.where is True]
        req_err = [n for n, o in outs if o.where is True and isinstance(o.require, Exception)]
        first = next(iter(merged(req_err, s.require_errors)), None)
        if first is not None:
            raise EvaluationFailure(*self._exc(first, unit_id, ctx, "require").args)
        hits = [n for n, o in outs if o.where is True and self._hit(o)]
        return Selection(
            selected=count(selected, s.selected),
            hits=count(hits, s.hits),
            selected_head=list(islice(merged(selected, s.selected), head)),
            hits_head=list(islice(merged(hits, s.hits), head)),
        )

    def _exc(self, n: int, unit_id: Any, ctx: Context, part: str) -> Exception:
        out = self.outcome(n, self._key(n, unit_id), ctx)
        return out.where if part == "where" else out.require

    def failed(self, n: int, ctx: Context) -> list[Condition]:
        """The failed ``require`` conditions of a selected item (``every`` checks)."""
        return self.outcome(n, self._key(n, ctx.unit["id"]), ctx).require


def _contains(ordered: list[int], n: int) -> bool:
    i = bisect_left(ordered, n)
    return i < len(ordered) and ordered[i] == n


def plan_for(ctx: Context, check: ExistsCheck | EveryCheck, items: list[tuple[tuple, dict]]) -> Optional[_Plan]:
    """The memoised plan for ``check`` in this evaluation, or ``None`` to scan as before."""
    if ctx.cache is None or ctx.unit is None:
        return None
    key = ("selection", id(check), ctx.date)
    if key in ctx.cache:
        return ctx.cache[key]
    plan = None
    ops = {c.operator for c in list(check.where) + list(check.require)}
    if ops <= UNIT_FREE_OPERATORS | {"covers_unit"} and all(isinstance(it, dict) for _, it in items):
        if check.unit_field:
            index = unit_index(ctx, check.collection, check.unit_field, items)
        else:  # every item is the unit's
            index = ({}, list(range(len(items))))
        if index is not None:
            specific, org_wide = index
            if check.unit_field and not check.include_org_wide:
                org_wide = []
            plan = _Plan(check, items, specific, org_wide, ctx)
    ctx.cache[key] = plan
    return plan
