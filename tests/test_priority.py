"""What to do first (samosa/plan/priority.py): the law's 'at once' first, legal before advice, then the
critical path and deadlines; slack against the item's own deadline; estimates marked; who from the file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from samosa import load_org
from samosa.models.workdays import count_working_days
from samosa.plan.graph import make_plan
from samosa.plan.priority import TIERS
from samosa.plan.render import render
from samosa.report.html import build_report

from .conftest import deep_merge, dump_yaml
from .test_samples import EXPECTED, SAMPLES

DATE = dt.date(2024, 6, 1)


def _plan(data: dict, rulebook):
    return make_plan(load_org("org.yaml", dump_yaml(data)), rulebook, date=DATE).report


@pytest.fixture
def troubled(base_org_data):
    """The compliant base with one of each: an unreported serious incident, a serious risk no measure answers,
    an overdue action, a planned action on the critical path and an advice-only deficiency."""
    data = deep_merge(base_org_data, {"policy": {"measurable": False}})
    data["incidents"][0].update(serious=True, reported_to_av=False)
    data["risk_assessments"][1]["risks"][0]["serious"] = True  # r-b1: no action answers it
    data["action_plan"] += [
        {
            "id": "ap-sen",
            "measure": "Ny larmrutin",
            "responsible": "Socialchef",
            "deadline": "2024-05-01",
            "status": "planned",
            "duration_days": 3,
        },
        {
            "id": "ap-a",
            "measure": "Kartlägga",
            "responsible": "HR",
            "deadline": "2024-12-31",
            "status": "planned",
            "duration_days": 20,
        },
        {
            "id": "ap-b",
            "measure": "Åtgärda",
            "responsible": "HR",
            "deadline": "2024-12-31",
            "status": "planned",
            "duration_days": 20,
            "depends_on": ["ap-a"],
        },
    ]
    return data


def test_the_law_at_once_first_then_overdue_then_planned_then_advice(troubled, rulebook):
    report = _plan(troubled, rulebook)
    ranked = report.priorities
    tiers = [p.tier for p in ranked]
    assert tiers == sorted(tiers, key=TIERS.index), tiers
    assert [p.rules for p in ranked[:2]] == [["AML-ANMALAN"], ["SAM-ATGARDER"]]
    assert all(p.tier == "immediate" and p.immediate for p in ranked[:2])
    assert ranked[2].nodes == ["ap-sen"] and ranked[2].tier == "overdue"
    planned = [p for p in ranked if p.tier == "planned"]
    assert planned[0].critical  # the critical path first among what can be planned
    advice = [p for p in ranked if p.tier == "advice"]
    assert advice and all(p.severity != "legal" for p in advice)
    assert all(p.severity == "legal" for p in ranked if p.tier != "advice")
    assert [p.rank for p in ranked] == list(range(1, len(ranked) + 1))
    # the same order in `samosa plan` text and JSON
    text = render(report, "text")
    head = text.split("Det viktigaste att göra nu", 1)[1].split("\n\n", 1)[0]
    assert head.index("[omedelbart] Allvarliga tillbud") < head.index("[omedelbart] Åtgärder och handlingsplan")
    assert "[försenad] Ny larmrutin" in head
    data = json.loads(render(report, "json"))
    assert data["schema_version"] == "2.0" and data["priorities"][0]["immediate_rule"] == "AML-ANMALAN"


def test_an_immediate_demand_stays_first_even_when_an_action_plans_it_later(troubled, rulebook):
    troubled["action_plan"].append(
        {
            "id": "ap-anm",
            "measure": "Anmäla händelsen",
            "responsible": "Socialchef",
            "deadline": "2024-08-31",
            "status": "planned",
            "answers": ["AML-ANMALAN"],
        }
    )
    first = _plan(troubled, rulebook).priorities[0]
    assert first.nodes == ["ap-anm"] and first.tier == "immediate" and first.who == "Socialchef"
    assert "2024-08-31" in first.why and "kan inte vänta" in first.why


def test_who_is_what_the_file_says_and_never_invented(base_org_data, rulebook):
    data = deep_merge(base_org_data, {})
    data["delegations"] = [d for d in data["delegations"] if d["unit"] != "vux"]
    data["action_plan"].append({"id": "ap-x", "measure": "X", "status": "planned", "deadline": "2024-12-31"})
    report = _plan(data, rulebook)
    by_rule = {tuple(p.rules): p for p in report.priorities}
    (unit_step,) = [p for p in report.priorities if p.rules == ["SAM-UPPGIFT"]]
    assert unit_step.units == ["vux"] and (unit_step.who, unit_step.who_basis) == ("Enhetschef vuxen", "unit_manager")
    (own,) = [p for p in report.priorities if p.nodes == ["ap-x"]]
    assert own.who is None and own.who_basis == "not_stated"
    # without the unit's manager the step falls to the board, and without a board to nobody
    del data["units"][1]["manager"]
    step = next(p for p in _plan(data, rulebook).priorities if p.rules == ["SAM-UPPGIFT"])
    assert (step.who, step.who_basis) == ("Socialnämnden", "board")
    del data["organisation"]["board"]
    step = next(p for p in _plan(data, rulebook).priorities if p.rules == ["SAM-UPPGIFT"])
    assert (step.who, step.who_basis) == (None, "not_stated")
    assert by_rule  # every step has rules or is an own action


def test_slack_against_the_items_own_deadline_and_the_text_says_which(base_org_data, rulebook):
    data = deep_merge(base_org_data, {})
    data["action_plan"] = [
        dict(data["action_plan"][0], duration_days=5),
        {
            "id": "a",
            "measure": "A",
            "responsible": "X",
            "deadline": "2024-06-14",
            "status": "planned",
            "duration_days": 5,
        },
        {
            "id": "b",
            "measure": "B",
            "responsible": "X",
            "status": "planned",
            "duration_days": 2,
            "depends_on": ["a"],
            "deadline": "2024-06-10",
        },
    ]
    report = _plan(data, rulebook)
    items = {i.id: i for i in report.items}
    a, b = items["a"], items["b"]
    assert a.slack_basis == "deadline" and a.slack_days == count_working_days(a.earliest_finish, dt.date(2024, 6, 14))
    assert b.slack_days < 0  # it cannot be ready by its own deadline
    assert a.float_days == 0 and a.critical  # the critical path still comes from the plan's completion
    text = render(report, "text")
    assert "marginal mot deadline" in text and " deadline " in text.split("Tidplan", 1)[1]


def test_estimated_durations_are_marked_as_estimates(base_org_data, rulebook):
    data = deep_merge(base_org_data, {})
    data["action_plan"].append({"id": "guess", "measure": "G", "responsible": "X", "status": "planned"})
    report = _plan(data, rulebook)
    item = {i.id: i for i in report.items}["guess"]
    assert item.duration_assumed and item.estimated and report.completion_estimated
    text = render(report, "text")
    row = next(line for line in text.split("Tidplan", 1)[1].splitlines() if " guess " in line)
    assert f"~{item.earliest_finish.isoformat()}" in row and "5*" in row
    assert "uppskattning" in text
    assert "(uppskattat)" in render(report, "mermaid")
    known = deep_merge(base_org_data, {})
    known["action_plan"][0]["duration_days"] = 10
    assert not _plan(known, rulebook).completion_estimated


def test_the_immediate_checks_are_legal_checks_whose_rule_says_when(rulebook):
    immediate = rulebook.immediate()
    assert set(immediate) == {("AML-ANMALAN", "reported"), ("SAM-ATGARDER", "serious-risks-answered")}
    for (rule_id, check_id), im in immediate.items():
        rule = rulebook.get(rule_id)
        assert rule.basis_of(next(c for c in rule.checks if c.id == check_id)) == "legal"
        assert im.when in " ".join(rule.summary.split()) and im.when in im.duty, rule_id


@pytest.mark.parametrize(
    ("edit", "where", "says"),
    [
        ({"basis": "advice"}, "checks[0].immediate", "only what the law requires"),
        ({"immediate": {"duty": "det ska göras genast", "when": "genast"}}, "checks[0].immediate.when", "summary"),
    ],
)
def test_the_rule_pack_refuses_an_immediate_check_that_is_not_legal_or_whose_rule_does_not_say_when(
    tmp_path, edit, where, says
):
    import shutil

    from ruamel.yaml import YAML

    from samosa.rulebook.pack import load_rules
    from samosa.source.problems import RuleError

    from .conftest import RULES_DIR

    pack = tmp_path / "rules"
    shutil.copytree(RULES_DIR, pack)
    path = pack / "general" / "AML-ANMALAN.yaml"
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    if "basis" in edit:  # an advice check cannot be work to do at once (and its rule must then cite råd)
        data["checks"][0]["basis"] = "advice"
    else:
        data["summary"] = "Arbetsgivaren ska anmäla allvarliga händelser."
        data["checks"][0]["immediate"] = edit["immediate"]
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    with pytest.raises(RuleError) as caught:
        load_rules(pack)
    mine = [p for p in caught.value.problems if says in p.message]
    assert mine and all(p.file.endswith("AML-ANMALAN.yaml") and p.line > 1 for p in mine)
    assert where in {p.path for p in mine}, [p.path for p in mine]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_report_opens_with_three_to_five_first_steps(name, rulebook):
    from samosa import evaluate

    org = load_org(SAMPLES / name)
    report = build_report(org, rulebook, evaluate(org, rulebook))
    assert 3 <= len(report.first_steps) <= 5
    for step in report.first_steps:
        assert step.title and step.why and step.who and step.when
    if name == "mellanby_ifo.yaml":
        first = report.first_steps[0]
        assert first.tier == "immediate" and "anmäls till Arbetsmiljöverket" in first.title
        assert "händelsen den 22 januari 2024" in first.objects


def _waiting_by_walk(items) -> dict[str, int]:
    """The reference: from every open item, walk what waits for it (quadratic, obviously right)."""
    from samosa.plan.priority import OPEN_STATUSES

    open_ids = {i.id for i in items if i.status in OPEN_STATUSES}
    succ: dict[str, list[str]] = {}
    for i in items:
        for p in i.depends_on:
            succ.setdefault(p, []).append(i.id)
    out = {}
    for n in open_ids:
        seen: set[str] = set()
        stack = list(succ.get(n, ()))
        while stack:
            m = stack.pop()
            if m in seen or m == n:
                continue
            seen.add(m)
            stack.extend(succ.get(m, ()))
        out[n] = len(seen & open_ids)
    return out


@pytest.mark.parametrize("seed", range(200))
def test_waiting_counts_equal_a_walk_from_every_item(seed):
    """``waiting`` (how many open items wait for one) on random plans with cycles, self-loops,
    unknown dependencies and done items, against the walk it replaced."""
    import random
    from types import SimpleNamespace

    from samosa.plan.priority import _descendant_counts

    rng = random.Random(seed)
    n = rng.randint(1, 40)
    ids = [f"a{k}" for k in range(n)]
    items = [
        SimpleNamespace(
            id=ids[k],
            status=rng.choice(["planned", "in_progress", "unplanned", "unknown", "done", "done"]),
            depends_on=[rng.choice(ids + ["missing"]) for _ in range(rng.randint(0, 4))],
        )
        for k in range(n)
    ]
    assert _descendant_counts(items) == _waiting_by_walk(items)
