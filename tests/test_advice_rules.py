"""Allmänna råd: advice-level rules run by default and in their own profile, fail
like any rule, but never produce a demand (only `legal` rules do)."""

from __future__ import annotations

import datetime as dt

from samosa import evaluate, load_org

from .conftest import deep_merge, dump_yaml


def test_advice_rules_exist_and_form_their_own_profile(rulebook):
    advice = {r.id for r in rulebook if r.severity == "advice"}
    assert {"SAM-INTRO-UPPREPAS", "SAM-POLICY-KONKRET", "SAM-UPPFOLJNING-HANDELSE", "OSA-PSYK-RUTIN"} <= advice
    assert {r.id for r in rulebook.select("allmanna-rad")} == advice
    assert advice <= {r.id for r in rulebook.for_evaluation()}
    assert all("allmänna råd" in (rulebook.get(rid).notes or "").lower() for rid in advice)


def test_failing_advice_never_becomes_a_demand(rulebook, base_org_data):
    serious = [{"id": "inc-9", "date": dt.date(2025, 2, 10), "kind": "violence", "serious": True}]
    patch = {
        "incidents": serious,
        "organisation": {"assessment_date": "2025-06-01"},
        "introduction": {"repeated_after": []},  # stated: never repeated
        "policy": {"measurable": False},  # stated: not concrete enough to follow up
    }
    data = deep_merge(base_org_data, patch)
    result = evaluate(load_org("o.yaml", dump_yaml(data)), rulebook, profile="allmanna-rad")
    failing = [f for f in result.findings if f.status in ("fail", "partial")]
    assert {f.rule for f in failing} == {
        "SAM-INTRO-UPPREPAS",
        "SAM-POLICY-KONKRET",
        "SAM-UPPFOLJNING-HANDELSE",
        "OSA-PSYK-RUTIN",
        # Issue 13: one incident for 40 employees is a signal of under-reporting, and the reporting
        # routine was last gone through more than a year before.
        "SAM-RAPPORTERING",
    }
    assert all(f.demand is None and f.reply_weeks is None and f.severity == "advice" for f in failing)
    assert result.failing_at("legal") == []


def test_a_legal_rule_decided_by_its_advice_check_is_advice_and_never_a_demand(rulebook, base_org_data):
    """Issue 13: SAM-MEDVERKAN's legal checks pass, its allmänna-råd check fails: the finding is
    advice, counts as råd (not a brist), has no demand and does not fail --fail-on legal."""
    from samosa.engine.verdicts import count

    patch = {
        "organisation": {"assessment_date": "2025-06-01"},
        "risk_assessments": [
            {
                "id": "rb-1",
                "topic": "general",
                "date": "2025-02-01",
                "written": True,
                "participants": ["employees"],
                "risks": [{"id": "r-1", "description": "x", "serious": False}],
            }
        ],
        "action_plan": None,
    }
    org = load_org("o.yaml", dump_yaml(deep_merge(base_org_data, patch)))
    result = evaluate(org, rulebook)
    (finding,) = [f for f in result.findings if f.rule == "SAM-MEDVERKAN"]
    assert finding.status == "partial" and finding.severity == "advice" and finding.demand is None
    assert {c.id: c.basis for c in finding.checks}["safety-representative"] == "advice"
    assert finding.explanation.startswith("Enligt allmänna råd (inget krav):")
    counts = count([finding])
    assert counts.deficiencies == 0 and counts.advice == 1
    assert finding not in result.failing_at("legal")
    assert finding in result.failing_at("advice")


def test_a_rad_is_never_called_a_krav_in_a_finding(rulebook, tmp_path):
    """Allmänna råd and good practice are "rådet" in every explanation (never "kravet"): on every
    sample under the god-praxis profile and the default one, and for the starter file, where every
    rule is not shown and says what it depends on."""
    import re
    from pathlib import Path

    from samosa.models.starter import starter_org

    starter = tmp_path / "org.yaml"
    starter.write_text(starter_org(), encoding="utf-8")
    files = sorted((Path(__file__).resolve().parent.parent / "sample_orgs").glob("*.yaml")) + [starter]
    seen = 0
    for path in files:
        org = load_org(path)
        for profile in (None, "god-praxis", "allmanna-rad"):
            for f in evaluate(org, rulebook, profile=profile).findings:
                if rulebook.get(f.rule).severity != "legal":
                    seen += 1
                    assert not re.search(r"\bkravet\b", f.explanation, re.I), (path.name, f.rule, f.explanation)
    assert seen
