"""Issue 13, the catalogue reviewed like law: the tests the review found missing and the
load-time checks of references.yaml and of what every check rests on."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

import pytest
from typer.testing import CliRunner

from samosa import RuleError, evaluate, load_org, load_rules
from samosa.cli.app import app
from samosa.documents.render import Inputs, build_context, render
from samosa.models.inspection import load_inspection
from samosa.plan.graph import build_action_graph
from samosa.rulebook.catalogue import lint

from .conftest import ROOT, RULES_DIR

runner = CliRunner()
NBSP = "\u00a0"
MELLANBY = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
MELLANBY_RECORD = ROOT / "sample_inspections" / "mellanby_inspection.yaml"
STOCKHOLM = ROOT / "sample_orgs" / "stockholm_stadsdel_2020.yaml"


def _copy_pack(tmp_path, name: str = "rules"):
    pack = tmp_path / name
    shutil.copytree(RULES_DIR, pack)
    return pack


# ------------------------------------------------------------- references.yaml is a model


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("    valid_until: 2024-12-31\n", "    valid_until: 2024-31-12\n", "valid_until"),
        ("    title: Systematiskt arbetsmiljöarbete\n", "    titel: Systematiskt arbetsmiljöarbete\n", "titel"),
    ],
)
def test_a_typo_in_references_yaml_is_a_positioned_problem_exit_2(tmp_path, old, new, message):
    pack = _copy_pack(tmp_path)
    path = pack / "references.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(RuleError) as info:
        load_rules(pack)
    assert any(p.line == line and message in str(p) for p in info.value.problems), info.value.problems
    for args in (["rules", "lint", "--rules", str(pack)], ["check", str(MELLANBY), "--rules", str(pack)]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        assert f"references.yaml:{line}:" in res.output and message in res.output


# ------------------------------------------------------------- lint: paragraphs and bases

RULE = """\
id: SAM-T
title: T
area: sam
severity: legal
scope: organisation
references: {references}
summary: s
checks:
  - id: named
    kind: record
    path: organisation
{rests_on}    require:
      - {{field: name, present: true}}
    missing: Namnet saknas.
demand: d
profiles: [sam]
"""


def _lint_one(tmp_path, references: str, rests_on: str = ""):
    pack = _copy_pack(tmp_path, f"rules{len(list(tmp_path.iterdir()))}")
    (pack / "sam" / "SAM-T.yaml").write_text(RULE.format(references=references, rests_on=rests_on), encoding="utf-8")
    return [p.message for p in lint(pack) if "SAM-T" in str(p)]


def test_lint_refuses_a_citation_of_a_whole_instrument(tmp_path):
    messages = _lint_one(tmp_path, "['AFS 2023:1', '6 § AFS 2023:1']", "    rests_on: ['6 § AFS 2023:1']\n")
    assert any("AFS 2023:1" in m and "paragraph" in m for m in messages), messages


def test_lint_wants_every_legal_check_to_name_what_it_rests_on(tmp_path):
    messages = _lint_one(tmp_path, "['6 § AFS 2023:1']")
    assert any("named" in m and "rests_on" in m for m in messages), messages
    assert _lint_one(tmp_path, "['6 § AFS 2023:1']", "    rests_on: ['6 § AFS 2023:1']\n") == []


# ------------------------------------------------------------- OSA-SIGNAL-ENHET's prerequisite


def test_osa_signal_enhet_requires_the_workload_survey_and_the_plan_orders_it(rulebook):
    """The unit's signals are investigated in the survey of workload (OSA-BELASTNING): the rule
    says so, the finding carries it, and the plan puts the survey's krav first for that unit."""
    assert rulebook.rules["OSA-SIGNAL-ENHET"].requires == ["OSA-BELASTNING"]
    org = load_org(STOCKHOLM)
    assessment = evaluate(org, rulebook)
    finding = next(
        f for f in assessment.findings if f.rule == "OSA-SIGNAL-ENHET" and f.scope == "unit:ekb-arbetsmarknad"
    )
    assert finding.status == "fail" and finding.requires == ["OSA-BELASTNING"]
    graph = build_action_graph(org, assessment, rulebook).graph
    edge = graph.get_edge_data("krav:OSA-BELASTNING:ekb-arbetsmarknad", "krav:OSA-SIGNAL-ENHET:ekb-arbetsmarknad")
    assert edge == {"kind": "requires", "rule": "OSA-SIGNAL-ENHET", "path": None}


# ------------------------------------------------------------- an error in an advice rule

ADVICE_ERROR = textwrap.dedent("""\
    id: SAM-TRASIG
    title: Medvetet trasig rådsregel
    area: sam
    severity: advice
    references: [allmänna råd till 11 § AFS 2023:1]
    summary: En rådsregel som läser ett textfält som ett tal och därför inte kan utvärderas.
    checks:
      - id: name-is-number
        kind: record
        path: organisation
        rests_on: [allmänna råd till 11 § AFS 2023:1]
        require:
          - {field: name, at_least: 3}
        missing: Kan inte utvärderas.
    demand: Inget.
""")


def test_an_error_in_an_advice_rule_still_exits_1_under_fail_on_legal(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(RULES_DIR / "references.yaml", rules / "references.yaml")
    (rules / "SAM-TRASIG.yaml").write_text(ADVICE_ERROR, encoding="utf-8")
    book = load_rules(rules)
    (finding,) = evaluate(load_org(MELLANBY), book, date=dt.date(2025, 6, 2)).findings
    assert (finding.status, finding.severity) == ("error", "advice")
    res = runner.invoke(
        app, ["check", str(MELLANBY), "--rules", str(rules), "--fail-on", "legal", "--date", "2025-06-02"]
    )
    assert res.exit_code == 1, res.output
    assert "SAM-TRASIG" in res.output


# ------------------------------------------------------------- facts of 2024, a letter of 2025


def test_a_2025_inspektionsmeddelande_on_2024_facts_cites_the_new_paragraphs_and_judges_the_facts_then(rulebook):
    org = load_org(MELLANBY)
    inputs = Inputs(org=org, book=rulebook, inspection=load_inspection(MELLANBY_RECORD, org, rulebook))
    letter = dt.date(2025, 6, 2)
    ctx = build_context("inspektionsmeddelande", inputs, date=letter)
    facts = dt.date(2024, 5, 15)  # the last group interview and the återkoppling
    assert ctx["findings_date"] == facts

    # judged as of the facts: a rule that passes then and fails a year later is no krav
    then = {(f.rule, f.scope): f.status for f in evaluate(org, rulebook, date=facts).findings}
    later = {(f.rule, f.scope): f.status for f in evaluate(org, rulebook, date=letter).findings}
    aged = {
        r for (r, scope), status in then.items() if status == "pass" and later.get((r, scope)) in ("fail", "partial")
    }
    assert "VH-RISK" in aged  # the risk assessments are more than a year old by June 2025
    observed = {o.rule for o in inputs.inspection.model.observations} | {
        d.rule for d in inputs.inspection.model.demands
    }
    demanded = {r for d in ctx["demands"] for r in d["rules"]}
    assert aged & demanded <= observed  # only what the inspector established at the visit
    assert "VH-RISK" not in demanded

    # cited as of the letter: AFS 2023 paragraphs, never the repealed AFS 2001:1
    text = render("inspektionsmeddelande", inputs, date=letter).content.replace(NBSP, " ")
    bases = [line for line in text.splitlines() if line.startswith("**Lagstöd:**")]
    assert bases and all("AFS 2001:1" not in b and "AFS 2015:4" not in b for b in bases)
    assert any("AFS 2023:1" in b for b in bases)
    assert "allmänna råd" not in " ".join(bases)
