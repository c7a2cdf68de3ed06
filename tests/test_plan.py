"""The action-plan graph: problems with positions, merge with demands, schedule, determinism."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from samosa import load_org, load_rules
from samosa.cli.app import app
from samosa.plan.graph import make_plan
from samosa.plan.render import FORMATS, render
from samosa.source.problems import InputError

from .conftest import RULES_DIR, deep_merge, dump_yaml

DATE = dt.date(2024, 6, 19)  # a Wednesday; midsommarafton is on the Friday


@pytest.fixture(scope="session")
def sam_rules(tmp_path_factory):
    """The SAM rule pack on its own, so other packs in progress cannot change these cases."""
    root = tmp_path_factory.mktemp("rules")
    shutil.copy(RULES_DIR / "references.yaml", root / "references.yaml")
    shutil.copytree(RULES_DIR / "sam", root / "sam")
    return root


@pytest.fixture(scope="session")
def book(sam_rules):
    return load_rules(sam_rules)


def org_text(base: dict, plan: str, patch: dict | None = None) -> str:
    """The base org (minus its action plan, plus ``patch``) followed by a literal action plan."""
    data = deep_merge(base, patch or {})
    data.pop("action_plan", None)
    return dump_yaml(data) + plan


def where(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of ``needle`` (plus ``offset`` characters) in ``text``."""
    i = text.index(needle) + offset
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def plan_of(text: str, book, date=DATE):
    return make_plan(load_org("org.yaml", text), book, date=date)


def kinds(report) -> list[str]:
    return [p.kind for p in report.problems]


GOOD = """action_plan:
  - id: ap-1
    measure: Tillsätta vakanser
    responsible: Enhetschef
    deadline: 2024-09-30
    status: in_progress
    answers: [r-1]
"""


def test_a_sound_plan_has_no_problems(base_org_data, book):
    report = plan_of(org_text(base_org_data, GOOD), book).report
    assert report.problems == []
    assert report.demands == []
    assert [i.id for i in report.items] == ["ap-1"]


# ------------------------------------------------------------------ cycles


CYCLE = (
    GOOD
    + """  - {id: b, measure: B, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [a]}
  - {id: c, measure: C, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [b]}
  - {id: a, measure: A, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [c]}
  - {id: d, measure: D, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [c]}
  - {id: e, measure: E, status: planned, responsible: X, deadline: 2024-09-30}
"""
)


def test_cycle_is_named_whole_and_positioned_at_the_closing_dependency(base_org_data, book):
    text = org_text(base_org_data, CYCLE)
    report = plan_of(text, book).report
    cycles = [p for p in report.problems if p.kind == "cycle"]
    assert len(cycles) == 1
    assert "a → b → c → a" in cycles[0].message
    assert (cycles[0].line, cycles[0].column) == where(text, "depends_on: [c]}\n  - {id: d", 13)
    assert cycles[0].items == ["a", "b", "c"]
    items = {i.id: i for i in report.items}
    for n in "abcd":
        assert items[n].blocked_by_cycle and items[n].earliest_finish is None and items[n].level is None
    assert not items["e"].blocked_by_cycle
    assert "e" in report.start_now and "d" not in report.start_now and "a" not in report.start_now


def test_self_dependency_and_separate_cycles(base_org_data, book):
    plan = (
        GOOD
        + """  - {id: s, measure: S, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [s]}
  - {id: x, measure: X, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [y]}
  - {id: y, measure: Y, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [x]}
"""
    )
    report = plan_of(org_text(base_org_data, plan), book).report
    messages = sorted(p.message for p in report.problems if p.kind == "cycle")
    assert messages == ["beroendecykel: s → s", "beroendecykel: x → y → x"]


def test_dangling_dependency_is_rejected_by_the_loader_with_a_position(base_org_data):
    text = org_text(base_org_data, GOOD + "  - {id: b, measure: B, status: planned, depends_on: [ap-2]}\n")
    with pytest.raises(InputError) as exc:
        load_org("org.yaml", text)
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == where(text, "ap-2]")
    assert "ap-2" in problem.message and "ap-1" in problem.message  # the did-you-mean hint


# ------------------------------------------------------------------ dates and completeness


def test_item_due_before_its_prerequisite(base_org_data, book):
    plan = (
        GOOD
        + """  - {id: b, measure: B, status: planned, responsible: X, deadline: 2024-08-01, depends_on: [ap-1]}
"""
    )
    text = org_text(base_org_data, plan)
    report = plan_of(text, book).report
    (p,) = [p for p in report.problems if p.kind == "date_order"]
    assert (p.line, p.column) == where(text, "2024-08-01")
    assert "ap-1" in p.message and "2024-09-30" in p.message
    assert p.items == ["ap-1", "b"]


def test_missing_responsible_and_deadline_only_for_open_items(base_org_data, book):
    plan = (
        GOOD
        + """  - id: b
    measure: B
    status: planned
  - {id: c, measure: C, status: done, completed: 2024-05-01, checked: 2024-05-02}
  - {id: d, measure: D, status: cancelled}
"""
    )
    text = org_text(base_org_data, plan)
    report = plan_of(text, book).report
    mine = [p for p in report.problems if p.kind in ("no_responsible", "no_deadline")]
    assert sorted(p.kind for p in mine) == ["no_deadline", "no_responsible"]
    assert all((p.line, p.column) == where(text, "- id: b\n", 2) and p.items == ["b"] for p in mine)


def test_overdue_and_unreachable_deadlines(base_org_data, book):
    plan = (
        GOOD
        + """  - {id: late, measure: L, status: planned, responsible: X, deadline: 2024-06-18}
  - {id: old, measure: O, responsible: X, deadline: 2024-01-31, status: done, completed: 2024-01-30, checked: 2024-02-01}
  - {id: tight, measure: T, status: planned, responsible: X, deadline: 2024-06-20, duration_days: 3}
"""
    )
    text = org_text(base_org_data, plan)
    report = plan_of(text, book).report
    (over,) = [p for p in report.problems if p.kind == "overdue"]
    assert over.items == ["late"] and (over.line, over.column) == where(text, "2024-06-18")
    (tight,) = [p for p in report.problems if p.kind == "deadline_unreachable"]
    assert tight.items == ["tight"] and "2024-06-24" in tight.message  # 19, 20, (midsommarafton), 24


def test_cancelled_prerequisite_blocks_start(base_org_data, book):
    plan = (
        GOOD
        + """  - {id: gone, measure: G, status: cancelled}
  - {id: next, measure: N, status: planned, responsible: X, deadline: 2024-09-30, depends_on: [gone]}
"""
    )
    report = plan_of(org_text(base_org_data, plan), book).report
    assert "cancelled_dependency" in kinds(report)
    assert "next" not in report.start_now


# ------------------------------------------------------------------ schedule


def test_levels_critical_path_and_working_day_dates(base_org_data, book):
    plan = """action_plan:
  - {id: ap-1, measure: Vakanser, responsible: X, deadline: 2024-12-31, status: in_progress, answers: [r-1], duration_days: 1}
  - {id: a, measure: A, status: planned, responsible: X, deadline: 2024-12-31, duration_days: 3}
  - {id: b, measure: B, status: planned, responsible: X, deadline: 2024-12-31, duration_days: 2, depends_on: [a]}
  - {id: c, measure: C, status: planned, responsible: X, deadline: 2024-12-31, duration_days: 1}
  - {id: done, measure: D, responsible: X, deadline: 2024-05-31, status: done, completed: 2024-05-30, checked: 2024-06-01}
  - {id: after-done, measure: E, status: planned, responsible: X, deadline: 2024-12-31, duration_days: 1, depends_on: [done]}
"""
    report = plan_of(org_text(base_org_data, plan), book).report
    assert report.problems == []
    items = {i.id: i for i in report.items}
    assert report.levels == [["a", "after-done", "ap-1", "c"], ["b"]]
    assert report.start_now == ["a", "after-done", "c"]  # ap-1 is already in progress
    assert report.critical_path == ["a", "b"]
    assert report.critical_path_days == 5
    # a: 19, 20, 24 June (21 is midsommarafton); b: 25, 26 June.
    assert (items["a"].earliest_start, items["a"].earliest_finish) == (dt.date(2024, 6, 19), dt.date(2024, 6, 24))
    assert (items["b"].earliest_start, items["b"].earliest_finish) == (dt.date(2024, 6, 25), dt.date(2024, 6, 26))
    assert report.completion == dt.date(2024, 6, 26)
    # float against the plan's completion decides the critical path ...
    assert items["c"].float_days == 4 and items["a"].float_days == 0 and items["a"].critical
    # ... and slack is measured against each item's own deadline (2024-12-31), saying so
    assert items["c"].slack_basis == "deadline" and items["c"].slack_days == 134  # 19 June → 31 December
    assert not any(i.estimated for i in report.items) and not report.completion_estimated
    assert items["done"].earliest_finish is None and items["done"].level is None


def test_open_work_of_zero_days_is_done_on_the_first_working_day(base_org_data, book):
    """``duration_days: 0`` is allowed: the critical path is there, and so is the date it ends."""
    plan = """action_plan:
  - {id: ap-1, measure: Vakanser, responsible: X, deadline: 2024-12-31, status: in_progress, answers: [r-1], duration_days: 0}
  - {id: a, measure: A, status: planned, responsible: X, deadline: 2024-12-31, duration_days: 0, depends_on: [ap-1]}
"""
    report = plan_of(org_text(base_org_data, plan), book).report
    assert report.problems == [] and report.demands == []
    assert report.critical_path_days == 0 and report.critical_path
    items = {i.id: i for i in report.items}
    assert items["a"].earliest_finish == DATE
    assert report.completion == DATE  # what every item's finish already says
    text = render(report, "text")
    assert "Kritisk linje: 0 arbetsdagar, allt klart tidigast 2024-06-19" in text
    for fmt in FORMATS:
        assert render(report, fmt)


# ------------------------------------------------------------------ merge with demands


NO_FOLLOWUP = {"annual_followups": []}  # stated: no follow-up (left out would be "not shown")


def test_item_answering_the_rule_covers_the_demand(base_org_data, book):
    plan = (
        GOOD
        + """  - {id: uppf, measure: Årlig uppföljning, status: planned, responsible: Socialchef, deadline: 2024-09-30, answers: [SAM-UPPFOLJNING]}
"""
    )
    ag = plan_of(org_text(base_org_data, plan, NO_FOLLOWUP), book)
    report = ag.report
    (demand,) = report.demands
    assert demand.rule == "SAM-UPPFOLJNING" and demand.covered_by == ["uppf"] and demand.node == "uppf"
    assert "krav:SAM-UPPFOLJNING" not in ag.graph.graph
    assert {i.id: i for i in report.items}["uppf"].covers == ["SAM-UPPFOLJNING"]
    assert "unanswered" not in kinds(report)


def test_unanswered_demand_becomes_a_node_and_a_positioned_problem(base_org_data, book):
    text = org_text(base_org_data, GOOD, NO_FOLLOWUP)
    report = plan_of(text, book).report
    (p,) = [p for p in report.problems if p.kind == "unanswered"]
    assert "SAM-UPPFOLJNING" in p.message and p.items == ["krav:SAM-UPPFOLJNING"]
    assert p.line >= 1 and p.file == "org.yaml"
    node = {i.id: i for i in report.items}["krav:SAM-UPPFOLJNING"]
    assert node.status == "unplanned" and node.kind == "demand"
    assert "krav:SAM-UPPFOLJNING" in report.start_now


def test_done_item_does_not_cover_a_demand_that_still_fails(base_org_data, book):
    plan = (
        GOOD
        + """  - {id: uppf, measure: Uppföljning, responsible: X, deadline: 2024-05-01, status: done, completed: 2024-05-01, checked: 2024-05-02, answers: [SAM-UPPFOLJNING]}
"""
    )
    report = plan_of(org_text(base_org_data, plan, NO_FOLLOWUP), book).report
    (p,) = [p for p in report.problems if p.kind == "unanswered"]
    assert "uppf" in p.message


def test_item_answering_a_risk_the_evidence_points_at_covers_the_demand(base_org_data, book):
    risks = {
        "risk_assessments": [
            {
                **base_org_data["risk_assessments"][0],
                "risks": base_org_data["risk_assessments"][0]["risks"]
                + [{"id": "r-2", "description": "Ensamarbete", "serious": None}],
            }
        ]
    }
    plan = (
        GOOD
        + """  - {id: bedom, measure: Bedöma r-2, status: planned, responsible: X, deadline: 2024-09-30, answers: [r-2]}
"""
    )
    report = plan_of(org_text(base_org_data, plan, risks), book).report
    (demand,) = report.demands
    assert demand.rule == "SAM-RISK" and demand.covered_by == ["bedom"]


def test_rule_prerequisites_become_edges_between_what_stands_for_each_demand(base_org_data, book):
    risks = {
        "risk_assessments": [
            {
                **base_org_data["risk_assessments"][0],
                "risks": [{"id": "r-1", "description": "Hög belastning", "serious": None}],
            }
        ]
    }
    # SAM-RISK fails (r-1 stated as not judged); SAM-ATGARDER fails (an open item without responsible).
    plan = """action_plan:
  - {id: ap-1, measure: Vakanser, status: planned, responsible: null, deadline: 2024-09-30, answers: [r-1]}
"""
    report = plan_of(org_text(base_org_data, plan, risks), book).report
    assert {d.rule for d in report.demands} == {"SAM-RISK", "SAM-ATGARDER"}
    # ap-1 answers r-1, which SAM-RISK's evidence points at: ap-1 covers SAM-RISK.
    by_rule = {d.rule: d for d in report.demands}
    assert by_rule["SAM-RISK"].covered_by == ["ap-1"]
    src = by_rule["SAM-RISK"].node
    dst = by_rule["SAM-ATGARDER"].node
    edge = [e for e in report.edges if (e.source, e.target) == (src, dst)]
    assert edge and edge[0].kind == "requires" and edge[0].rule == "SAM-ATGARDER"


@pytest.mark.parametrize("unit,covered", [("bof", True), ("vux", False), (None, True)])
def test_per_unit_demand_is_covered_only_by_that_unit_or_an_org_wide_item(base_org_data, book, unit, covered):
    patch = {"delegations": [base_org_data["delegations"][1]]}  # bof has no delegation
    unit_line = f", unit: {unit}" if unit else ""
    plan = (
        GOOD
        + f"""  - {{id: del, measure: Fördela uppgifter, status: planned, responsible: X, deadline: 2024-09-30, answers: [SAM-UPPGIFT]{unit_line}}}
"""
    )
    report = plan_of(org_text(base_org_data, plan, patch), book).report
    (demand,) = report.demands
    assert demand.key == "SAM-UPPGIFT:bof"
    assert demand.covered_by == (["del"] if covered else [])


def test_answers_naming_an_unknown_rule(base_org_data, book):
    plan = (
        GOOD
        + "  - {id: x, measure: X, status: planned, responsible: X, deadline: 2024-09-30, answers: [SAM-FINNS-EJ]}\n"
    )
    text = org_text(base_org_data, plan)
    report = plan_of(text, book).report
    (p,) = [p for p in report.problems if p.kind == "unknown_reference"]
    assert (p.line, p.column) == where(text, "SAM-FINNS-EJ")


# ------------------------------------------------------------------ output


def test_every_format_is_deterministic_and_well_formed(base_org_data, book):
    text = org_text(base_org_data, CYCLE, NO_FOLLOWUP)
    for fmt in FORMATS:
        for group_by in ("unit", "area"):
            first = render(plan_of(text, book).report, fmt, group_by=group_by)
            second = render(plan_of(text, book).report, fmt, group_by=group_by)
            assert first == second, fmt
    report = plan_of(text, book).report
    data = json.loads(render(report, "json"))
    assert data["schema_version"] == "2.0" and data["problems"][0]["line"] >= 1
    ET.fromstring(render(report, "svg"))
    assert render(report, "mermaid").startswith("flowchart LR\n")
    assert render(report, "dot").startswith("digraph plan {\n")
    assert "beroendecykel" in render(report, "text")


def test_sample_with_thirty_items_renders(book):
    org = load_org(RULES_DIR.parent / "sample_orgs" / "storby_handlingsplan.yaml")
    report = make_plan(org, book).report
    assert sum(1 for i in report.items if i.kind == "action") == 30
    svg = render(report, "svg")
    root = ET.fromstring(svg)
    assert len([g for g in root.iter("{http://www.w3.org/2000/svg}g")]) == len(report.items)
    assert {"overdue", "date_order", "no_responsible"} <= set(kinds(report))


# ------------------------------------------------------------------ CLI


def test_cli_exit_codes_and_atomic_output(base_org_data, sam_rules, tmp_path):
    runner = CliRunner()
    good = tmp_path / "good.yaml"
    good.write_text(org_text(base_org_data, GOOD), encoding="utf-8")
    result = runner.invoke(app, ["plan", str(good), "--rules", str(sam_rules), "--date", "2024-06-19"])
    assert result.exit_code == 0, result.output
    assert "Handlingsplan" in result.stdout

    bad = tmp_path / "bad.yaml"
    bad.write_text(org_text(base_org_data, CYCLE), encoding="utf-8")
    out = tmp_path / "plan.svg"
    result = runner.invoke(
        app,
        ["plan", str(bad), "--rules", str(sam_rules), "--date", "2024-06-19", "--format", "svg", "--output", str(out)],
    )
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("<svg")
    result = runner.invoke(
        app, ["plan", str(bad), "--rules", str(sam_rules), "--date", "2024-06-19", "--format", "svg"]
    )
    assert result.stdout == out.read_text(encoding="utf-8")

    assert runner.invoke(app, ["plan", str(good), "--date", "19-06-2024"]).exit_code == 2
    assert runner.invoke(app, ["plan", str(good), "--rules", str(sam_rules), "--output", str(good)]).exit_code == 2
    dangling = tmp_path / "dangling.yaml"
    dangling.write_text(
        org_text(base_org_data, GOOD + "  - {id: b, measure: B, status: planned, depends_on: [nope]}\n"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["plan", str(dangling)])
    assert result.exit_code == 2 and f"{dangling}:" in result.stderr


def test_an_unanswered_rad_is_called_a_rad_never_a_brist_or_a_krav():
    """The plan's problems speak the one vocabulary: a legal finding without a measure is "kravet",
    a råd or good practice is "rådet" (it is never a brist and never a krav)."""
    book = load_rules()
    plan = make_plan(load_org(RULES_DIR.parent / "sample_orgs" / "storby_handlingsplan.yaml"), book)
    unanswered = [p for p in plan.report.problems if p.kind == "unanswered"]
    severity = {
        f.rule if f.scope == "organisation" else f"{f.rule}:{f.scope.split(':', 1)[1]}": f.severity
        for f in plan.graph.findings.values()
    }
    seen = set()
    for p in unanswered:
        key = p.message.split()[1]
        seen.add(severity[key])
        assert p.message.startswith("kravet " if severity[key] == "legal" else "rådet "), p.message
        assert "brist" not in p.message
    assert {"legal", "advice"} <= seen
