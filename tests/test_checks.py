"""The check vocabulary: operators, load-time validation of rules, fail-closed evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from samosa import RuleError, evaluate, load_org, load_rules
from samosa.engine.conditions import UNKNOWN, Context, EvaluationFailure, condition_truth
from samosa.rulebook.vocabulary import Condition

from .conftest import ROOT

CTX = Context(root={"action_plan": [{"answers": ["r1"]}]}, date=dt.date(2024, 6, 1))


@pytest.mark.parametrize(
    "cond,item,expected",
    [
        ({"field": "a", "equals": 1}, {"a": 1}, True),
        ({"field": "a", "not_equals": 1}, {"a": 1}, False),
        ({"field": "a", "in": [1, 2]}, {"a": 2}, True),
        ({"field": "a", "contains": "x"}, {"a": ["x"]}, True),
        ({"field": "a", "contains_all": ["x", "y"]}, {"a": ["x"]}, False),
        ({"field": "a", "contains_any": ["x", "y"]}, {"a": ["y"]}, True),
        ({"field": "a", "present": True}, {"a": []}, False),
        ({"field": "a", "present": False}, {"a": None}, True),
        ({"field": "a", "present": False}, {}, UNKNOWN),
        ({"field": "a", "equals": 1}, {}, UNKNOWN),
        ({"field": "a", "equals": False}, {"a": False}, True),
        ({"field": "a", "at_least": 1}, {}, UNKNOWN),
        ({"field": "d", "within_months": 12}, {}, UNKNOWN),
        ({"field": "d", "within_months": 12}, {"d": None}, False),
        ({"field": "a", "contains": "x"}, {}, UNKNOWN),
        ({"field": "p.q", "equals": 1}, {}, UNKNOWN),
        ({"field": "p.q", "equals": 1}, {"p": None}, False),
        ({"field": "a", "at_least": 10}, {"a": 10}, True),
        ({"field": "a", "above": 10}, {"a": 10}, False),
        ({"field": "a", "below": 10}, {"a": None}, False),
        ({"field": "d", "within_months": 12}, {"d": dt.date(2023, 6, 1)}, True),
        ({"field": "d", "within_months": 12}, {"d": dt.date(2023, 5, 31)}, False),
        ({"field": "d", "within_months": 12}, {"d": dt.date(2024, 6, 2)}, False),
        ({"field": "d", "not_expired": True}, {"d": dt.date(2024, 6, 1)}, True),
        ({"field": "d", "not_expired": True}, {"d": dt.date(2024, 5, 31)}, False),
        ({"field": "id", "referenced_by": "action_plan.answers"}, {"id": "r1"}, True),
        ({"field": "id", "referenced_by": "action_plan.answers"}, {"id": "r2"}, False),
        ({"field": "id", "referenced_by": "training.units"}, {"id": "r2"}, UNKNOWN),  # no training section
        ({"field": "p.q", "equals": 1}, {"p": {"q": 1}}, True),
    ],
)
def test_operators(cond, item, expected):
    """Three-valued: True and False on stated facts (``None`` and ``[]`` are stated), UNKNOWN when left out."""
    assert condition_truth(Condition.model_validate(cond), item, CTX) is expected


@pytest.mark.parametrize("cond", [{"field": "a"}, {"field": "a", "equals": 1, "in": [1]}, {"field": "a", "eq": 1}])
def test_condition_needs_exactly_one_known_operator(cond):
    with pytest.raises(ValidationError):
        Condition.model_validate(cond)


def test_type_mismatch_is_an_evaluation_failure():
    with pytest.raises(EvaluationFailure):
        condition_truth(Condition(field="a", at_least=1), {"a": "many"}, CTX)


def _pack(tmp_path, body: str):
    rules = tmp_path / "rules"
    (rules / "sam").mkdir(parents=True)
    (rules / "references.yaml").write_text(
        (ROOT / "rules" / "references.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (rules / "sam" / "R.yaml").write_text(
        "id: SAM-T\ntitle: T\narea: sam\nseverity: legal\nreferences: ['8 § AFS 2001:1']\n"
        "summary: s\ndemand: d\n" + body,
        encoding="utf-8",
    )
    return rules


def test_unknown_condition_field_fails_the_load(tmp_path):
    rules = _pack(
        tmp_path,
        "checks:\n  - id: a\n    kind: every\n    collection: risk_assessments\n"
        "    require:\n      - {field: particpants, contains: skyddsombud}\n    missing: m\n"
        "    when_none: {outcome: not_applicable, reason: r}\n",
    )
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (13, 17)
    assert "'particpants' does not exist" in problem.message


def test_unknown_check_kind_fails_the_load(tmp_path):
    rules = _pack(tmp_path, "checks:\n  - {id: a, kind: eval, path: policy, missing: m}\n")
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    assert info.value.problems[0].line == 9


def test_prerequisite_cycle_is_reported(tmp_path):
    rules = _pack(tmp_path, "requires: [SAM-U]\nchecks:\n  - {id: a, kind: present, path: policy, missing: m}\n")
    (rules / "sam" / "U.yaml").write_text(
        "id: SAM-U\ntitle: U\narea: sam\nseverity: legal\nreferences: ['8 § AFS 2001:1']\n"
        "summary: s\ndemand: d\nrequires: [SAM-T]\nchecks:\n  - {id: a, kind: present, path: policy, missing: m}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    assert any("prerequisite cycle: SAM-T → SAM-U → SAM-T" in p.message for p in info.value.problems)


def test_runtime_type_error_yields_error_status_never_pass(tmp_path):
    rules = _pack(
        tmp_path,
        "checks:\n  - id: a\n    kind: record\n    path: organisation\n"
        "    require:\n      - {field: name, at_least: 3}\n    missing: m\n",
    )
    book = load_rules(rules)
    org = load_org("o.yaml", "organisation:\n  name: K\n  employees: 3\n")
    result = evaluate(org, book, date=dt.date(2024, 1, 1))
    (finding,) = result.findings
    assert finding.status == "error" and "aldrig som uppfyllt" in finding.explanation
    assert result.failing_at("never") == [finding]
