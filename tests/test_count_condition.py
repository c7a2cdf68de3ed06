"""The ``count`` condition: "at least N items of a collection match", in the unit and within M months.

Validated when the rules load (field, ``where``, ``unit_field``, scope) and
fail-closed when it is evaluated on data of the wrong shape.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from pydantic import ValidationError

from samosa import RuleError, evaluate, load_org, load_rules
from samosa.engine.conditions import (
    UNKNOWN,
    Context,
    EvaluationFailure,
    condition_truth,
    counted_items,
)
from samosa.rulebook.vocabulary import Condition

from .conftest import RULES_DIR

INCIDENTS = [
    {"id": "i1", "kind": "threat", "unit": "bof", "date": dt.date(2024, 5, 1)},
    {"id": "i2", "kind": "violence", "unit": "bof", "date": dt.date(2023, 7, 1)},
    {"id": "i3", "kind": "threat", "unit": "vux", "date": dt.date(2024, 4, 1)},
    {"id": "i4", "kind": "threat", "unit": None, "date": dt.date(2024, 3, 1)},
    {"id": "i5", "kind": "accident", "unit": "bof", "date": dt.date(2024, 2, 1)},
    {"id": "i6", "kind": "threat", "unit": "bof", "date": dt.date(2023, 5, 31)},
]
ROOT = {"incidents": INCIDENTS, "units": [{"id": "bof"}, {"id": "vux"}]}
DATE = dt.date(2024, 6, 1)
VIOLENCE = [{"field": "kind", "in": ["threat", "violence"]}]
RECENT = [{"field": "date", "within_months": 12}]


def _ctx(unit: str | None = None) -> Context:
    return Context(root=ROOT, date=DATE, unit=None if unit is None else {"id": unit})


def _count(**spec) -> Condition:
    return Condition.model_validate({"field": "incidents", "count": spec})


@pytest.mark.parametrize(
    "spec,unit,ids",
    [
        ({"min": 1}, None, ["i1", "i2", "i3", "i4", "i5", "i6"]),
        ({"min": 1, "where": VIOLENCE}, None, ["i1", "i2", "i3", "i4", "i6"]),
        ({"min": 1, "where": VIOLENCE + RECENT}, None, ["i1", "i2", "i3", "i4"]),
        ({"min": 1, "where": VIOLENCE + RECENT, "unit_field": "unit", "include_org_wide": False}, "bof", ["i1", "i2"]),
        ({"min": 1, "where": VIOLENCE + RECENT, "unit_field": "unit", "include_org_wide": False}, "vux", ["i3"]),
        ({"min": 1, "where": VIOLENCE + RECENT, "unit_field": "unit"}, "vux", ["i3", "i4"]),  # one default: True
    ],
)
def test_counted_items(spec, unit, ids):
    assert [it["id"] for _, it in counted_items(_count(**spec), None, _ctx(unit)).sure] == ids


@pytest.mark.parametrize(
    "minimum,unit,expected", [(2, "bof", True), (3, "bof", False), (2, "vux", False), (1, "vux", True)]
)
def test_count_holds_at_the_minimum(minimum, unit, expected):
    cond = _count(min=minimum, where=VIOLENCE + RECENT, unit_field="unit", include_org_wide=False)
    assert condition_truth(cond, None, _ctx(unit)) is expected


def test_count_paths_point_into_the_document():
    cond = _count(min=1, where=[{"field": "id", "equals": "i3"}])
    assert counted_items(cond, None, _ctx()).sure == [(("incidents", 2), INCIDENTS[2])]


def test_count_within_an_item_counts_its_list():
    cond = Condition.model_validate(
        {"field": "risks", "count": {"min": 2, "where": [{"field": "serious", "equals": True}]}}
    )
    item = {"risks": [{"serious": True}, {"serious": False}, {"serious": True}]}
    assert condition_truth(cond, item, _ctx()) is True
    assert condition_truth(cond, {"risks": item["risks"][:2]}, _ctx()) is False
    assert condition_truth(cond, {"risks": None}, _ctx()) is False


def test_an_empty_collection_counts_zero_and_a_missing_one_is_unknown():
    assert condition_truth(_count(min=1), None, Context(root={"incidents": []}, date=DATE)) is False
    assert condition_truth(_count(min=1), None, Context(root={}, date=DATE)) is UNKNOWN


def test_items_whose_match_is_not_stated_make_the_count_unknown_only_if_they_could_reach_the_minimum():
    root = {"incidents": [{"id": "a", "kind": "threat"}, {"id": "b"}]}  # b's kind is not stated
    ctx = Context(root=root, date=DATE)
    assert condition_truth(_count(min=1, where=VIOLENCE), None, ctx) is True
    assert condition_truth(_count(min=2, where=VIOLENCE), None, ctx) is UNKNOWN
    assert condition_truth(_count(min=3, where=VIOLENCE), None, ctx) is False


@pytest.mark.parametrize(
    "cond,item,ctx",
    [
        (_count(min=1, unit_field="unit"), None, _ctx()),  # unit_field without a unit
        (Condition.model_validate({"field": "r", "count": {"min": 1}}), {"r": "many"}, _ctx()),
        (Condition.model_validate({"field": "r", "count": {"min": 1}}), {"r": ["a", "b"]}, _ctx()),
        (
            _count(min=1, where=[{"field": "date", "within_months": 12}]),
            None,
            Context(root={"incidents": [{"date": "2024-01-01"}]}, date=DATE),
        ),
    ],
)
def test_count_fails_closed(cond, item, ctx):
    with pytest.raises(EvaluationFailure):
        condition_truth(cond, item, ctx)


@pytest.mark.parametrize("spec", [{}, {"min": 0}, {"min": 2, "within": 12}, {"min": 2, "where": [{"field": "kind"}]}])
def test_count_spec_is_closed(spec):
    with pytest.raises(ValidationError):
        _count(**spec)


def test_count_is_one_operator():
    with pytest.raises(ValidationError):
        Condition.model_validate({"field": "incidents", "count": {"min": 1}, "present": True})


# ------------------------------------------------------------ load-time validation


def _pack(tmp_path, body: str, scope: str = "unit"):
    rules = tmp_path / "rules"
    (rules / "violence").mkdir(parents=True)
    shutil.copy(RULES_DIR / "references.yaml", rules / "references.yaml")
    (rules / "violence" / "VH-T.yaml").write_text(
        f"id: VH-T\ntitle: T\narea: violence\nseverity: legal\nscope: {scope}\n"
        "references: ['4 § AFS 1993:2', '5 kap. 4 § AFS 2023:2']\nsummary: s\ndemand: d\n"
        + body
        + "checks:\n  - {id: a, kind: present, path: supervision, missing: m}\n",
        encoding="utf-8",
    )
    return rules


def _problems(rules):
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    return info.value.problems


def test_count_of_a_non_list_fails_the_load(tmp_path):
    (p,) = _problems(_pack(tmp_path, "applies_when:\n  - {field: policy, count: {min: 2}}\n"))
    assert p.line == 10 and "count needs a list of records" in p.message


def test_count_where_fields_are_checked_against_the_counted_items(tmp_path):
    (p,) = _problems(
        _pack(
            tmp_path,
            "applies_when:\n  - field: incidents\n    count:\n      min: 2\n"
            "      where:\n        - {field: knid, equals: threat}\n",
        )
    )
    assert "count.where[0]" in p.message and "'knid' does not exist" in p.message and (p.line, p.column) == (14, 19)


def test_count_unit_field_must_exist(tmp_path):
    (p,) = _problems(_pack(tmp_path, "applies_when:\n  - {field: incidents, count: {min: 2, unit_field: units}}\n"))
    assert "count.unit_field 'units' does not exist" in p.message


def test_count_unit_field_needs_a_unit_scoped_rule(tmp_path):
    (p,) = _problems(
        _pack(
            tmp_path, "applies_when:\n  - {field: incidents, count: {min: 2, unit_field: unit}}\n", scope="organisation"
        )
    )
    assert "scope: organisation" in p.message and p.line == 10


# ------------------------------------------------------------ end to end


ORG = """\
organisation: {name: K, employees: 12, assessment_date: 2024-06-01}
units:
  - {id: bof, name: B, area: barn_och_familj, employees: 6}
  - {id: vux, name: V, area: vuxna, employees: 6}
supervision: {handledning: true}
incidents:
  - {id: i1, date: 2024-05-01, kind: threat, unit: bof}
  - {id: i2, date: 2024-03-01, kind: threat, unit: bof}
  - {id: i3, date: 2024-03-01, kind: threat, unit: vux}
"""


def test_count_as_trigger_shows_the_counted_items_as_signals(tmp_path):
    rules = _pack(
        tmp_path,
        "triggers:\n  - field: incidents\n    count: {min: 2, unit_field: unit}\n    describe: återkommande hot\n",
    )
    result = evaluate(load_org("org.yaml", ORG), load_rules(rules))
    by_scope = {f.scope: f for f in result.findings}
    assert by_scope["unit:vux"].status == "not_applicable"
    bof = by_scope["unit:bof"]
    assert bof.status == "pass" and "Signaler: återkommande hot (2 st)." in bof.explanation
    assert [(e.line, e.column) for e in bof.evidence][:3] == [(7, 3), (7, 5), (8, 5)]


def test_count_in_applies_when_is_grounds_and_evidence(tmp_path):
    rules = _pack(
        tmp_path,
        "applies_when:\n  - field: incidents\n    count: {min: 2, unit_field: unit}\n"
        "    describe: återkommande hot\nnot_applicable: inget återkommande hot\n",
    )
    result = evaluate(load_org("org.yaml", ORG), load_rules(rules))
    by_scope = {f.scope: f for f in result.findings}
    assert by_scope["unit:vux"].explanation == "inget återkommande hot"
    bof = by_scope["unit:bof"]
    assert bof.explanation.endswith("Kravet gäller eftersom: återkommande hot (2 st).")
    assert [e.path for e in bof.evidence][:2] == ["incidents[0]", "incidents[1]"]
    assert all("i3" not in e.note for e in bof.evidence)
