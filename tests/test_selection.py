"""The one selection path (samosa/engine/selection.py) against a naive reference implementation.

``select`` is fast by construction — item verdicts memoised, organisation-wide
items tallied once, a unit's own items found through an index. The reference
below does what the definition says, item by item and unit by unit, with the
same three-valued conditions. On random collections (unit lists, scalars,
organisation-wide items, facts stated, stated as absent and left out) both
must give the same counts and the same first items in document order.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from samosa.engine.conditions import UNKNOWN, Context, all_of, belongs_to_unit, condition_truth
from samosa.engine.selection import HEAD, Verdict, category, select
from samosa.rulebook.vocabulary import EveryCheck, ExistsCheck

DATE = dt.date(2025, 3, 1)
UNITS = ("a", "b", "c")


def reference(check, root: dict, unit: dict | None) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Counts and heads per category by scanning every item for this one scope."""
    ctx = Context(root=root, date=DATE, unit=unit)
    items = root.get(check.collection, [])
    counts: dict[str, int] = {}
    heads: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        if check.unit_field and unit is not None:
            if not belongs_to_unit(item, check.unit_field, unit["id"], check.include_org_wide):
                continue
        w = all_of(condition_truth(c, item, ctx) for c in check.where)
        r = all_of(condition_truth(c, item, ctx) for c in check.require) if w is not False else False
        cat = category(check, Verdict(w, r))
        if cat is None:
            continue
        counts[cat] = counts.get(cat, 0) + 1
        if len(heads.setdefault(cat, [])) < HEAD:
            heads[cat].append(n)
    return counts, heads


units_value = st.one_of(
    st.none(),  # not stated on the item
    st.just([]),  # organisation-wide, stated
    st.lists(st.sampled_from(UNITS), max_size=3),
    st.sampled_from(UNITS),  # a scalar unit id
)
fact = st.one_of(st.none(), st.booleans(), st.just("<absent>"))


@st.composite
def collections(draw):
    items = []
    for i in range(draw(st.integers(0, 25))):
        item: dict = {"id": f"r{i}"}
        units = draw(units_value)
        if units is not None:
            item["units"] = units
        topic = draw(st.sampled_from(["violence_threats", "sam", None]))
        if topic is not None:
            item["topic"] = topic
        written = draw(fact)
        if written != "<absent>":
            item["written"] = written
        items.append(item)
    return items


def _checks():
    where = [{"field": "topic", "equals": "violence_threats"}]
    require = [{"field": "written", "equals": True}]
    out = []
    for unit_field in (None, "units"):
        for org_wide in (True, False):
            base = {"id": "c", "missing": "m", "collection": "routines", "include_org_wide": org_wide}
            if unit_field:
                base["unit_field"] = unit_field
            out.append(ExistsCheck.model_validate({**base, "kind": "exists", "where": where, "require": require}))
            out.append(
                EveryCheck.model_validate(
                    {
                        **base,
                        "kind": "every",
                        "where": where,
                        "require": require,
                        "when_none": {"outcome": "not_applicable", "reason": "r"},
                    }
                )
            )
    return out


CHECKS = _checks()


@settings(max_examples=150, deadline=None)
@given(collections())
def test_select_equals_the_reference_scan_in_every_scope(routines):
    root = {"routines": routines, "units": [{"id": u} for u in UNITS]}
    cache: dict = {}  # one evaluation: every check and unit share the memo, as evaluate() does
    for check in CHECKS:
        for unit in [None] + [{"id": u} for u in UNITS]:
            ctx = Context(root=root, date=DATE, unit=unit, cache=cache)
            got = select(check, ctx).tally
            counts, heads = reference(check, root, unit)
            assert got.counts == counts, (check.kind, check.unit_field, unit)
            assert {k: v for k, v in got.heads.items() if v} == heads, (check.kind, check.unit_field, unit)


def test_the_reference_distinguishes_unknown_from_false():
    """Not vacuous: an item whose requirement is not stated is 'unknown', one stated false a violation."""
    every = CHECKS[1]
    root = {
        "routines": [
            {"id": "x", "topic": "violence_threats"},
            {"id": "y", "topic": "violence_threats", "written": False},
        ]
    }
    counts, _ = reference(every, root, None)
    assert counts == {"unknown": 1, "violation": 1}
    assert condition_truth(every.require[0], root["routines"][0], Context(root=root, date=DATE)) is UNKNOWN
