"""The complete rule catalogue (issue 3): new operators, triggers, profiles,
``samosa rules`` commands, lint and the generated coverage document."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from typer.testing import CliRunner

from samosa import RuleError, evaluate, load_org, load_rules
from samosa.cli.app import app
from samosa.engine.conditions import UNKNOWN, Context, EvaluationFailure, condition_truth
from samosa.rulebook.catalogue import lint
from samosa.rulebook.coverage import DEFAULT_OUTPUT, render_coverage
from samosa.rulebook.vocabulary import Condition

from .conftest import FIXTURES, RULES_DIR, deep_merge, dump_yaml, load_plain

runner = CliRunner()
UNIT_CTX = Context(
    root={"units": [{"id": "bof"}]}, date=dt.date(2024, 6, 1), unit={"id": "bof", "signals": {"a": 5.0, "b": 4.0}}
)
ORG_CTX = Context(root={}, date=dt.date(2024, 6, 1))


@pytest.fixture
def base_org_data():
    """A fresh copy: the session fixture of the same name can be mutated by other tests."""
    return load_plain(FIXTURES / "_base.yaml")


# ------------------------------------------------------------ operators


@pytest.mark.parametrize(
    "cond,item,expected",
    [
        ({"field": "m", "contains_other_than": ["survey"]}, {"m": ["survey"]}, False),
        ({"field": "m", "contains_other_than": ["survey"]}, {"m": ["survey", "group_interview"]}, True),
        ({"field": "m", "contains_other_than": ["survey"]}, {"m": []}, False),
        ({"field": "m", "contains_other_than": ["survey"]}, {"m": None}, False),
        ({"field": "r", "all_present": "causes"}, {"r": [{"causes": ["vakanser"]}, {"causes": ["inflöde"]}]}, True),
        ({"field": "r", "all_present": "causes"}, {"r": [{"causes": ["vakanser"]}, {"causes": []}]}, False),
        ({"field": "r", "all_present": "causes"}, {"r": []}, False),
        ({"field": "r", "all_present": "serious"}, {"r": [{"serious": False}]}, True),
        ({"field": "x", "above_field": "y"}, {"x": 9.5, "y": 6.7}, True),
        ({"field": "x", "above_field": "y"}, {"x": 6.7, "y": 6.7}, False),
        ({"field": "x", "above_field": "y"}, {"x": 9.5}, UNKNOWN),
        ({"field": "x", "above_field": "y"}, {"x": 9.5, "y": None}, False),
        ({"field": "r", "all_present": "causes"}, {"r": [{"causes": ["vakanser"]}, {}]}, UNKNOWN),
        ({"field": "r", "all_present": "causes"}, {"r": [{"causes": []}, {}]}, False),
        ({"field": "u", "covers_unit": True}, {"u": []}, True),
        ({"field": "u", "covers_unit": True}, {"u": ["vux", "bof"]}, True),
        ({"field": "u", "covers_unit": True}, {"u": ["vux"]}, False),
        ({"field": "u", "covers_unit": False}, {"u": ["vux"]}, True),
    ],
)
def test_new_operators(cond, item, expected):
    assert condition_truth(Condition.model_validate(cond), item, UNIT_CTX) is expected


def test_above_field_reads_the_unit_in_context():
    cond = Condition(field="unit.signals.a", above_field="unit.signals.b")
    assert condition_truth(cond, None, UNIT_CTX) is True


@pytest.mark.parametrize(
    "cond,item",
    [
        ({"field": "m", "contains_other_than": ["survey"]}, {"m": "survey"}),
        ({"field": "r", "all_present": "causes"}, {"r": ["a"]}),
        ({"field": "x", "above_field": "y"}, {"x": "high", "y": 3}),
        ({"field": "u", "covers_unit": True}, {"u": "bof"}),
    ],
)
def test_new_operators_fail_closed_on_wrong_types(cond, item):
    with pytest.raises(EvaluationFailure):
        condition_truth(Condition.model_validate(cond), item, UNIT_CTX)


def test_covers_unit_outside_a_unit_is_an_evaluation_failure():
    with pytest.raises(EvaluationFailure):
        condition_truth(Condition(field="u", covers_unit=True), {"u": []}, ORG_CTX)


# ------------------------------------------------------------ load-time validation


def _pack(tmp_path, body: str, *, scope: str = "organisation", profiles: str | None = None, extra: str = ""):
    rules = tmp_path / "rules"
    (rules / "osa").mkdir(parents=True)
    shutil.copy(RULES_DIR / "references.yaml", rules / "references.yaml")
    if profiles is not None:
        (rules / "profiles.yaml").write_text(profiles, encoding="utf-8")
    (rules / "osa" / "OSA-T.yaml").write_text(
        f"id: OSA-T\ntitle: T\narea: osa\nseverity: legal\nscope: {scope}\nreferences: ['9 § AFS 2015:4']\n"
        "summary: s\ndemand: d\n" + extra + body,
        encoding="utf-8",
    )
    return rules


def _problems(rules):
    with pytest.raises(RuleError) as info:
        load_rules(rules)
    return info.value.problems


def test_all_present_must_name_a_field_of_the_items(tmp_path):
    rules = _pack(
        tmp_path,
        "checks:\n  - id: a\n    kind: every\n    collection: risk_assessments\n"
        "    require:\n      - {field: risks, all_present: cause}\n    missing: m\n"
        "    when_none: {outcome: not_applicable, reason: r}\n",
    )
    (problem,) = _problems(rules)
    assert (problem.line, problem.column) == (14, 17) and "all_present 'cause'" in problem.message


def test_above_field_path_is_checked(tmp_path):
    rules = _pack(
        tmp_path,
        "checks:\n  - id: a\n    kind: record\n    path: signals\n"
        "    require:\n      - {field: sick_leave_percent, above_field: sick_leave_previus_percent}\n"
        "    missing: m\n",
    )
    (problem,) = _problems(rules)
    assert "sick_leave_previus_percent" in problem.message and problem.line == 14


def test_unit_trigger_in_an_organisation_rule_fails_the_load(tmp_path):
    rules = _pack(
        tmp_path,
        "checks:\n  - {id: a, kind: present, path: policy, missing: m}\n",
        extra="triggers:\n  - {field: unit.signals.sick_leave_percent, above: 8}\n",
    )
    (problem,) = _problems(rules)
    assert problem.line == 10 and "scope: organisation" in problem.message


PROFILES = (
    "profiles:\n  socialtjanst: {title: S, description: d, severities: [legal]}\n"
    "  god-praxis: {title: G, description: d, severities: [good_practice]}\n"
)


def test_rules_may_only_name_known_profiles(tmp_path):
    rules = _pack(
        tmp_path,
        "profiles: [socialtjanst, socialtjänst]\nchecks:\n  - {id: a, kind: present, path: policy, missing: m}\n",
        profiles=PROFILES,
    )
    (problem,) = _problems(rules)
    assert (problem.line, problem.column) == (9, 26)
    assert "unknown profile 'socialtjänst'" in problem.message


def test_a_legal_rule_cannot_join_the_good_practice_profile(tmp_path):
    rules = _pack(
        tmp_path,
        "profiles: [god-praxis]\nchecks:\n  - {id: a, kind: present, path: policy, missing: m}\n",
        profiles=PROFILES,
    )
    (problem,) = _problems(rules)
    assert "admits only severities good_practice" in problem.message


def test_malformed_profiles_file_is_reported_with_position(tmp_path):
    rules = _pack(
        tmp_path,
        "checks:\n  - {id: a, kind: present, path: policy, missing: m}\n",
        profiles="profiles:\n  sam: {title: S}\n",
    )
    problems = _problems(rules)
    assert problems[0].file.endswith("profiles.yaml") and problems[0].line == 2


def test_bundled_profiles_load(rulebook):
    assert set(rulebook.profiles) == {"socialtjanst", "sam", "god-praxis", "allmanna-rad"}
    assert {r.severity for r in rulebook.select("god-praxis")} == {"good_practice"}
    assert {r.severity for r in rulebook.select("allmanna-rad")} == {"advice"}
    assert all(r.severity == "legal" for r in rulebook.select("socialtjanst"))
    assert {r.id for r in rulebook.select("sam")} <= {r.id for r in rulebook.select("socialtjanst")}


# ------------------------------------------------------------ the catalogue as a whole


def _shift_dates(data, days: int):
    if isinstance(data, dict):
        return {k: _shift_dates(v, days) for k, v in data.items()}
    if isinstance(data, list):
        return [_shift_dates(v, days) for v in data]
    if isinstance(data, dt.date):
        return data + dt.timedelta(days=days)
    return data


@pytest.mark.parametrize("date", [dt.date(2024, 6, 1), dt.date(2025, 6, 1)])
def test_compliant_base_passes_every_social_services_rule(rulebook, base_org_data, date):
    data = _shift_dates(base_org_data, (date - dt.date(2024, 6, 1)).days)
    org = load_org("base.yaml", dump_yaml(data))
    result = evaluate(org, rulebook, date=date, profile="socialtjanst")
    bad = [
        (f.rule, f.scope, f.status, f.explanation)
        for f in result.findings
        if f.status not in ("pass", "not_applicable")
    ]
    assert not bad, bad
    assert len({f.rule for f in result.findings}) == len(rulebook.select("socialtjanst"))
    cited = {ref for f in result.findings for ref in f.references}
    if date.year == 2025:
        assert not any("AFS 2001:1" in c or "AFS 2015:4" in c or "AFS 1993:2" in c for c in cited)
    else:
        assert not any("AFS 2023:" in c for c in cited)


def test_good_practice_never_becomes_a_demand(rulebook, base_org_data):
    org = load_org("base.yaml", dump_yaml(base_org_data))
    assert {f.status for f in evaluate(org, rulebook, profile="god-praxis").findings} == {"not_shown"}
    stated_none = {
        "good_practice": {"conditions": [], "competence_ladder": False, "competence_ladder_levels": []},
        "workload_measurement": "<null>",
        "competence_development": "<null>",
    }
    org = load_org("base.yaml", dump_yaml(deep_merge(base_org_data, stated_none)))
    result = evaluate(org, rulebook, profile="god-praxis")
    assert {f.status for f in result.findings} == {"fail"}
    assert all(f.demand is None and f.severity == "good_practice" for f in result.findings)
    assert result.failing_at("legal") == []


def test_generic_violence_assessment_vs_per_unit(rulebook, base_org_data):
    """The headline case of seed 000: one assessment 'for the whole social services'."""
    generic = [
        {
            "id": "rb-alla",
            "topic": "violence_threats",
            "date": dt.date(2024, 3, 1),
            "risks": [{"id": "r-h", "description": "Hot", "serious": True}],
        }
    ]
    data = deep_merge(base_org_data, {"risk_assessments": generic, "action_plan": None})
    result = evaluate(load_org("o.yaml", dump_yaml(data)), rulebook)
    statuses = {f.scope: f.status for f in result.findings if f.rule == "VH-RISK"}
    assert statuses == {"unit:bof": "fail", "unit:vux": "fail"}


def test_signals_are_evidence_with_positions(rulebook):
    text = (
        "organisation:\n  name: K\n  employees: 30\n"
        "signals:\n  staff_turnover_percent: 29\n  sick_leave_percent: 9.5\n  sick_leave_previous_percent: 6.7\n"
        "risk_assessments: []\naction_plan: []\n"  # stated: no investigation, no measures
    )
    result = evaluate(load_org("o.yaml", text), rulebook, date=dt.date(2024, 6, 1))
    (finding,) = [f for f in result.findings if f.rule == "OSA-SIGNAL"]
    assert finding.status == "fail" and finding.demand
    notes = {(e.line, e.column): e.note for e in finding.evidence}
    assert "personalomsättningen är över 20 % (29)" in notes[(5, 27)]
    assert "sjukfrånvaron har ökat" in notes[(6, 23)] and "(9,5)" in notes[(6, 23)]  # a Swedish decimal comma


# ------------------------------------------------------------ lint and CLI


def test_bundled_pack_lints_clean():
    assert lint(RULES_DIR) == []


def test_lint_finds_catalogue_problems(tmp_path):
    pack = tmp_path / "rules"
    shutil.copytree(RULES_DIR, pack)
    (pack / "osa" / "OSA-MAL.yaml").rename(pack / "violence" / "OSA-MALET.yaml")
    text = (pack / "references.yaml").read_text(encoding="utf-8")
    (pack / "references.yaml").write_text(
        text.replace(
            "    6 kap. 7 §:\n      title: Skyddsombudsstopp\n      status: P\n"
            "      not_encoded: Skyddsombudets befogenhet, ingen skyldighet för arbetsgivaren.\n",
            "    6 kap. 7 §: {title: Skyddsombudsstopp, status: P}\n",
        ),
        encoding="utf-8",
    )
    messages = [p.message for p in lint(pack)]
    assert any("name the file OSA-MAL.yaml" in m for m in messages)
    assert any("move it to rules/osa/" in m for m in messages)
    assert any("6 kap. 7 § arbetsmiljölagen is cited by no rule" in m for m in messages)


def test_cli_lint_exit_codes(tmp_path):
    res = runner.invoke(app, ["rules", "lint"])
    assert res.exit_code == 0, res.output
    pack = tmp_path / "rules"
    shutil.copytree(RULES_DIR, pack)
    path = pack / "osa" / "OSA-PSYK.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("requires: []", "") + "requires: [OSA-INGEN]\n", encoding="utf-8"
    )
    res = runner.invoke(app, ["rules", "lint", "--rules", str(pack)])
    assert res.exit_code == 2
    assert f"{path}:" in res.output and "requires unknown rule 'OSA-INGEN'" in res.output


def test_cli_list_filters_by_date_and_profile():
    res = runner.invoke(app, ["rules", "list", "--format", "json"])
    assert res.exit_code == 0
    ids = [r["id"] for r in json.loads(res.stdout)["rules"]]
    assert ids == sorted(ids) and "OSA-BELASTNING" in ids and "GP-VILLKOR" in ids
    early = json.loads(runner.invoke(app, ["rules", "list", "--date", "2015-06-01", "--format", "json"]).stdout)
    early_ids = {r["id"]: r for r in early["rules"]}
    assert "OSA-KUNSKAP" not in early_ids  # AFS 2015:4 entered into force 2016-03-31
    assert early_ids["OSA-BELASTNING"]["references"] == [
        "2 kap. 1 § arbetsmiljölagen",
        "3 kap. 2 a § arbetsmiljölagen",
        "8 § AFS 2001:1",
    ]
    later = json.loads(runner.invoke(app, ["rules", "list", "--date", "2025-01-01", "--format", "json"]).stdout)
    assert {r["id"]: r for r in later["rules"]}["SAM-RISK"]["references"] == [
        "3 kap. 2 a § arbetsmiljölagen",
        "11 § AFS 2023:1",
    ]
    res = runner.invoke(app, ["rules", "list", "--profile", "god-praxis"])
    assert res.exit_code == 0 and "4 regler i profilen god-praxis" in res.stdout
    res = runner.invoke(app, ["rules", "list", "--profile", "godpraxis"])
    assert res.exit_code == 2 and "did you mean 'god-praxis'" in res.output
    res = runner.invoke(app, ["rules", "list", "--date", "2025-13-01"])
    assert res.exit_code == 2


def test_cli_show_and_crosswalk():
    res = runner.invoke(app, ["rules", "show", "VH-RISK"])
    assert res.exit_code == 0
    assert "2 § AFS 1993:2 (Riskutredning; … – 2024-12-31, status S (sekundärkälla))" in res.stdout
    # Issue 13: each check says how binding it is and what it rests on
    assert "    grund: föreskrift eller lag – 8 § AFS 2001:1; 11 § AFS 2023:1" in res.stdout
    advice = runner.invoke(app, ["rules", "show", "VH-HEMBESOK"]).stdout
    assert "    grund: allmänna råd – allmänna råd till 5 kap. 7 § AFS 2023:2" in advice
    assert "overifierat för kontrollen routine: Sekundärkällan citerar bara första meningen" in advice
    assert "Källa: rules/violence/VH-RISK.yaml" in res.stdout
    detail = json.loads(runner.invoke(app, ["rules", "show", "OSA-BELASTNING", "--format", "json"]).stdout)
    assert detail["scope"] == "unit" and "OSA-SIGNAL" in detail["required_by"]
    res = runner.invoke(app, ["rules", "show", "VH-RSK"])
    assert res.exit_code == 2 and "did you mean 'VH-RISK'" in res.output
    rows = {r["rule"]: r for r in json.loads(runner.invoke(app, ["rules", "crosswalk", "--format", "json"]).stdout)}
    assert rows["OSA-BELASTNING"]["old"] == ["8 § AFS 2001:1", "9 § AFS 2015:4"]
    # Issue 13: measures answer the causes (13 § AFS 2023:1), and the råd are cited as råd.
    assert rows["OSA-BELASTNING"]["new"] == [
        "11 § AFS 2023:1",
        "13 § AFS 2023:1",
        "2 kap. 6 § AFS 2023:2",
        "allmänna råd till 11 § AFS 2023:1",
        "allmänna råd till 2 kap. 6 § AFS 2023:2",
    ]
    assert rows["VH-DOKUMENTATION"] == {
        **rows["VH-DOKUMENTATION"],
        "old": ["10 § AFS 1993:2"],
        "new": ["5 kap. 8 § AFS 2023:2"],
    }


def test_committed_coverage_document_is_up_to_date(rulebook):
    expected = render_coverage(rulebook, RULES_DIR / "references.yaml")
    assert DEFAULT_OUTPUT.read_text(encoding="utf-8") == expected, (
        "docs/coverage.md is stale; run `python -m samosa.rulebook.coverage` and commit it"
    )
    # Issue 13: 3 § AFS 2001:1 has been read in a consolidated copy (P).
    assert "| 3 § AFS 2001:1 | Del av den dagliga verksamheten | P | Att arbetsmiljöarbetet" in expected
    # every demand type of seed 000 §4.2–4.3 is listed, encoded or with the reason it is not
    assert "## Arbetsmiljöverkets vanligaste krav och hur de prövas" in expected
    assert (
        "| Åtgärder avseende buller | 4.2 (AFS 2009:2); 4.3 effektmål 2 (buller, överhörning) | LOK-BULLER, LOK-SAMTAL |"
        in expected
    )


def test_every_not_shown_sentence_is_a_swedish_clause_about_what_is_not_shown():
    """'Det framgår inte att …' needs a clause: a check whose satisfied sentence is a label
    ("Villkor 1: …") writes its own not_shown sentence."""
    import re

    from samosa.rulebook.vocabulary import not_shown_sentence

    for rule in load_rules():
        for check in rule.checks:
            sentence = not_shown_sentence(check)
            assert sentence.startswith("Det framgår inte"), (rule.id, check.id, sentence)
            assert not re.match(r"Det framgår inte att [^ ]+ \d+:", sentence), (rule.id, check.id, sentence)
