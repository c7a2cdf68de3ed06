"""The memoised unit selection (samosa/engine/selection.py) gives exactly the old per-unit scan.

``evaluate_rule`` without a cache scans every item for every unit, as before
the plan existed; with a shared cache it goes through the plan. Both must give
the same findings, including which error a broken item raises first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from samosa.engine.evaluate import evaluate_rule
from samosa.models.loading import load_org
from samosa.rulebook.model import Rule
from samosa.rulebook.pack import load_rules

from .conftest import ROOT

SAMPLES = sorted((ROOT / "sample_orgs").glob("*.yaml"))
DATE = dt.date(2025, 3, 1)


def _both(rule: Rule, book, org) -> tuple[list, list]:
    root = org.model.model_dump(mode="python")
    units = sorted(enumerate(root["units"]), key=lambda iu: iu[1]["id"])
    cache: dict = {}
    planned = [evaluate_rule(rule, book, org, root, DATE, u, cache=cache).model_dump() for u in units]
    scanned = [evaluate_rule(rule, book, org, root, DATE, u).model_dump() for u in units]
    return planned, scanned


@pytest.fixture(scope="module")
def book():
    return load_rules()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_unit_rule_same_with_and_without_plan(sample: Path, book) -> None:
    org = load_org(sample)
    for rule in book:
        if rule.scope == "unit":
            planned, scanned = _both(rule, book, org)
            assert planned == scanned, rule.id


def _rule(check: dict) -> Rule:
    return Rule.model_validate(
        {
            "id": "TEST-SEL",
            "title": "t",
            "area": "sam",
            "severity": "legal",
            "scope": "unit",
            "references": ["2 kap. 1 § arbetsmiljölagen"],
            "summary": "s",
            "demand": "d",
            "checks": [check],
        }
    )


def _org(routines: list[dict]) -> str:
    units = "\n".join(f"  - {{id: {u}, name: Enhet {u}, area: vuxna, employees: 5}}" for u in ("a", "b", "c"))
    lines = [
        "schema_version: 1",
        "organisation: {name: Testkommun, assessment_date: 2025-03-01, employees: 15}",
        "units:",
        units,
        "routines:",
    ]
    for r in routines:
        lines.append("  - " + "{" + ", ".join(f"{k}: {v}" for k, v in {"written": "false", **r}.items()) + "}")
    return "\n".join(lines) + "\n"


ROUTINES = [
    {"id": "r1", "topic": "violence_threats", "title": "R1", "units": "[a]"},
    {"id": "r2", "topic": "violence_threats", "title": "R2", "units": "[]"},
    {"id": "r3", "topic": "home_visits", "title": "R3", "units": "[b]"},
    {"id": "r4", "topic": "violence_threats", "title": "R4", "units": "[c]", "written": "true"},
    {"id": "r5", "topic": "violence_threats", "title": "R5"},
]


@pytest.mark.parametrize("kind", ["exists", "every"])
@pytest.mark.parametrize("unit_field", [None, "units"])
def test_covers_unit_in_where_is_indexed_and_exact(kind: str, unit_field, book, tmp_path) -> None:
    check = {
        "id": "c",
        "kind": kind,
        "collection": "routines",
        "missing": "m",
        "where": [{"field": "units", "covers_unit": True}],
        "require": [{"field": "topic", "equals": "violence_threats"}],
    }
    if unit_field:
        check["unit_field"] = unit_field
    if kind == "exists":
        check["min"] = 3  # a: r1, r2, r5; b: r2, r5 only; c: r2, r4, r5
    org = load_org("org.yaml", _org(ROUTINES))
    planned, scanned = _both(_rule(check), book, org)
    assert planned == scanned
    assert [f["status"] for f in planned] == ["pass", "fail", "pass"]  # b lacks its own routine


def test_first_error_in_document_order(book) -> None:
    """An item that cannot be evaluated makes every unit that sees it ``error``, with the same message."""
    check = {
        "id": "c",
        "kind": "every",
        "collection": "routines",
        "missing": "m",
        "where": [{"field": "units", "covers_unit": True}],
        "require": [{"field": "title", "at_least": 1}],
    }  # a title is not a number: fails closed
    org = load_org("org.yaml", _org(ROUTINES))
    planned, scanned = _both(_rule(check), book, org)
    assert planned == scanned
    assert all(f["status"] == "error" for f in planned)
