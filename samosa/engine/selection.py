"""Which items of a collection a check selects, and how they fare — in time linear in the organisation.

One path for every scope. An item's verdict under a check (its ``where`` and
``require`` truths) never depends on the unit being assessed: the path checker
refuses ``covers_unit`` and ``count.unit_field`` inside ``where``/``require``
(``rulebook/paths.py``), so unit membership is decided only by the check's
``unit_field``. Hence, once per evaluation and check:

* every item's verdict is computed at most once (memoised by item index);
* the organisation-wide items (no unit named) are tallied once;
* per unit, only the items that name the unit (found through one index per
  collection and field) are tallied, and the two tallies are added.

A tally keeps, per category, a count and the first few item indexes in
document order: the counts decide the verdict, the heads become evidence.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Optional

from samosa.engine.conditions import (
    UNKNOWN,
    Collection,
    Context,
    Truth,
    all_of,
    cached_collection,
    condition_truth,
    unit_index,
)
from samosa.rulebook.vocabulary import EveryCheck, ExistsCheck

#: How many items of a category a finding names as evidence.
HEAD = 5

#: ``exists``: items that surely satisfy it, items that might (something not stated), selected items that fail.
EXISTS_CATEGORIES = ("sure", "maybe", "selected_fail")
#: ``every``: selected items that fail, items that might fail, selected items that pass, and items that
#: meet the requirement but whose selection is not stated (they cannot make the check pass on their own).
EVERY_CATEGORIES = ("violation", "unknown", "selected_ok", "maybe_ok")


@dataclass(frozen=True)
class Verdict:
    where: Truth
    require: Truth


def category(check: ExistsCheck | EveryCheck, v: Verdict) -> Optional[str]:
    """The tally category of one item's verdict (``None``: not selected and cannot be)."""
    w, r = v.where, v.require
    if w is False:
        return None
    if isinstance(check, ExistsCheck):
        if w is True and r is True:
            return "sure"
        if r is False:
            return "selected_fail" if w is True else None
        return "maybe"
    if w is True and r is False:
        return "violation"
    if r is True:
        return "selected_ok" if w is True else "maybe_ok"
    return "unknown"


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=dict)
    heads: dict[str, list[int]] = field(default_factory=dict)

    def add(self, cat: str, n: int) -> None:
        self.counts[cat] = self.counts.get(cat, 0) + 1
        head = self.heads.setdefault(cat, [])
        if len(head) < HEAD:
            head.append(n)

    def count(self, cat: str) -> int:
        return self.counts.get(cat, 0)

    def head(self, cat: str) -> list[int]:
        return self.heads.get(cat, [])

    def plus(self, other: Tally) -> Tally:
        """Both tallies together; heads stay the first ``HEAD`` indexes in document order."""
        out = Tally()
        for cat in set(self.counts) | set(other.counts):
            out.counts[cat] = self.count(cat) + other.count(cat)
            out.heads[cat] = list(islice(heapq.merge(self.head(cat), other.head(cat)), HEAD))
        return out


@dataclass
class Selection:
    """A check's collection, as the file states it, and the tally of its items for one scope."""

    collection: Collection
    tally: Tally

    @property
    def items(self) -> list[tuple[tuple, dict]]:
        return self.collection.items

    @property
    def missing(self) -> list[tuple]:
        return self.collection.missing


def verdict(check: ExistsCheck | EveryCheck, n: int, item: dict, ctx: Context) -> Verdict:
    """Item ``n``'s verdict under ``check``, memoised for the evaluation."""
    key = ("verdict", id(check), n)
    found = ctx.cache.get(key)
    if found is None:
        w = all_of(condition_truth(c, item, ctx) for c in check.where)
        r = all_of(condition_truth(c, item, ctx) for c in check.require) if w is not False else False
        found = ctx.cache[key] = Verdict(w, r)
    return found


def _tally(check: ExistsCheck | EveryCheck, items: list[tuple[tuple, dict]], ns: Iterable[int], ctx: Context) -> Tally:
    out = Tally()
    for n in ns:
        cat = category(check, verdict(check, n, items[n][1], ctx))
        if cat is not None:
            out.add(cat, n)
    return out


def select(check: ExistsCheck | EveryCheck, ctx: Context) -> Selection:
    """The tally of ``check`` in the context's scope (the unit's items, or all of them)."""
    coll = cached_collection(ctx, check.collection)
    if not check.unit_field or ctx.unit is None:
        key = ("tally", id(check))
        found = ctx.cache.get(key)
        if found is None:
            found = ctx.cache[key] = _tally(check, coll.items, range(len(coll.items)), ctx)
        return Selection(coll, found)
    by_unit, org_wide = unit_index(ctx, check.collection, check.unit_field)
    own = _tally(check, coll.items, by_unit.get(ctx.unit["id"], []), ctx)
    if not check.include_org_wide:
        return Selection(coll, own)
    key = ("wide_tally", id(check))
    wide = ctx.cache.get(key)
    if wide is None:
        wide = ctx.cache[key] = _tally(check, coll.items, org_wide, ctx)
    return Selection(coll, own.plus(wide))


def unknown_conditions(conds: list, item: dict, ctx: Context) -> list:
    """The conditions of ``conds`` whose truth on ``item`` is not shown."""
    return [c for c in conds if condition_truth(c, item, ctx) is UNKNOWN]


def false_conditions(conds: list, item: dict, ctx: Context) -> list:
    """The conditions of ``conds`` that the file shows do not hold on ``item``."""
    return [c for c in conds if condition_truth(c, item, ctx) is False]
