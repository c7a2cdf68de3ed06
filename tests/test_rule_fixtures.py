"""One generic runner for every rule's named cases in ``tests/rules/<RULE>.yaml``.

A case is either ``org:`` (a whole org.yaml as text, so expected evidence
positions are real) or ``patch:`` (merged into ``tests/rules/_base.yaml``;
``null`` deletes a key). ``expect`` gives the status, optionally per scope,
and for ``org:`` cases the evidence positions that must be reported;
``severity`` (the severity of the checks that decided the finding: a legal
rule whose only failing check rests on allmänna råd is ``advice``) and
``checks`` (check id → outcome, in every expected scope) pin what decided it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from samosa import evaluate, load_org
from samosa.rulebook.model import RuleBook

from .conftest import FIXTURES, deep_merge, dump_yaml, load_plain

CASE_FILES = sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.startswith("_"))


def _cases():
    for path in CASE_FILES:
        spec = load_plain(path)
        for name, case in spec["cases"].items():
            yield pytest.param(spec["rule"], name, case, id=f"{spec['rule']}::{name}")


def _single_rule_book(book: RuleBook, rule_id: str) -> RuleBook:
    return RuleBook(rules={rule_id: book.get(rule_id)}, references=book.references, sources=book.sources)


@pytest.mark.parametrize("rule_id,name,case", list(_cases()))
def test_rule_case(rule_id, name, case, rulebook, base_org_data):
    assert rule_id in rulebook.rules, f"fixture for unknown rule {rule_id}"
    if "org" in case:
        text = case["org"]
    else:
        text = dump_yaml(deep_merge(base_org_data, case.get("patch") or {}))
    org = load_org(f"{name}.yaml", text)
    date = case.get("date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    rule = rulebook.get(rule_id)
    # Good practice only runs when its profile is asked for; ask for it.
    profile = rule.profiles[0] if rule.severity == "good_practice" else None
    result = evaluate(org, _single_rule_book(rulebook, rule_id), date=date, profile=profile)
    assert result.findings, f"{rule_id} produced no finding"
    expect = case["expect"]
    by_scope = {f.scope: f for f in result.findings}
    wanted = expect["status"] if isinstance(expect["status"], dict) else {"organisation": expect["status"]}
    if not isinstance(expect["status"], dict) and "organisation" not in by_scope:
        wanted = {scope: expect["status"] for scope in by_scope}
    for scope, status in wanted.items():
        assert scope in by_scope, f"no finding for scope {scope}; have {sorted(by_scope)}"
        finding = by_scope[scope]
        assert finding.status == status, f"{scope}: {finding.status} ({finding.explanation})"
        if status in ("fail", "partial") and finding.severity == "legal":
            assert finding.demand, "a failing legal requirement must carry a demand"
        if status in ("fail", "partial") and finding.severity != "legal":
            assert finding.demand is None, "a failing advice or good-practice check is never a krav"
        if "severity" in expect and finding.status in ("fail", "partial", "not_shown"):
            assert finding.severity == expect["severity"], f"{scope}: severity {finding.severity}"
        outcomes = {c.id: c.outcome for c in finding.checks}
        checks = expect.get("checks") or {}
        if checks and set(checks) <= set(wanted):  # per scope: {"unit:bof": {check: outcome}}
            checks = checks.get(scope, {})
        for check_id, outcome in checks.items():
            assert outcomes.get(check_id) == outcome, f"{scope}: check {check_id} is {outcomes.get(check_id)}"
    for ref in expect.get("references", []):
        assert any(ref in f.references for f in result.findings), f"{ref} not cited: {result.findings[0].references}"
    for ref in expect.get("not_references", []):
        assert all(ref not in f.references for f in result.findings)
    for pos in expect.get("evidence", []):
        found = [(e.line, e.column) for f in result.findings for e in f.evidence]
        assert (pos["line"], pos["column"]) in found, f"expected evidence at {pos}, got {found}"
    for text in expect.get("explanation_contains", []):
        assert any(text in f.explanation for f in result.findings)


def test_every_rule_has_the_three_kinds_of_fact(rulebook):
    """Every rule has a case that passes, one that fails on stated facts, and one where what it
    needs is not stated: ``not_shown``, or ``not_applicable`` with its reason (``not_stated: true``
    marks such a case, and it must say why)."""
    seen: dict[str, set[str]] = {}
    for path in CASE_FILES:
        spec = load_plain(path)
        for name, case in spec["cases"].items():
            statuses = case["expect"]["status"]
            values = set(statuses.values() if isinstance(statuses, dict) else [statuses])
            if case.get("not_stated"):
                assert values <= {"not_shown", "not_applicable"}, (
                    f"{spec['rule']}::{name}: not_stated case must not pass or fail"
                )
                assert case["expect"].get("explanation_contains"), f"{spec['rule']}::{name}: give the reason"
                values.add("not_stated")
            if "not_shown" in values:
                values.add("not_stated")
            seen.setdefault(spec["rule"], set()).update(values)
    for rule in rulebook:
        have = seen.get(rule.id, set())
        assert "pass" in have, f"{rule.id} has no passing fixture"
        assert have & {"fail", "partial"}, f"{rule.id} has no failing fixture"
        assert "not_stated" in have, f"{rule.id} has no fixture where what it needs is not stated"


def test_base_fixture_passes_every_legal_rule(rulebook, base_org_data):
    for date in (dt.date(2024, 6, 1), dt.date(2025, 6, 1)):
        data = deep_merge(base_org_data, {"organisation": {"assessment_date": date.isoformat()}})
        data["risk_assessments"][0]["date"] = (date - dt.timedelta(days=100)).isoformat()
        data["annual_followups"][0]["date"] = (date - dt.timedelta(days=60)).isoformat()
        org = load_org("base.yaml", dump_yaml(data))
        result = evaluate(org, rulebook, date=date, profile="sam")
        bad = [
            (f.rule, f.scope, f.status, f.explanation)
            for f in result.findings
            if f.status not in ("pass", "not_applicable") or (f.status == "not_applicable" and not f.explanation)
        ]
        assert not bad, bad
