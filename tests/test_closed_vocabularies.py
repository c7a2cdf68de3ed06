"""Closed vocabularies: policy.covers, routines[].describes, training[].audience,
introduction.covers (and .repeated_after) accept only their listed values. A typo
or a synonym is a load error with a position and "did you mean", in org files
and in rules alike, so neither side can pass silently."""

from __future__ import annotations

import shutil

import pytest

from samosa import InputError, RuleError, load_org, load_rules
from samosa.models.org import (
    IntroductionContent,
    PolicyTopic,
    RoutineContent,
    TrainingAudience,
)

from .conftest import RULES_DIR

HEAD = "organisation: {name: K, employees: 12}\n"


@pytest.mark.parametrize(
    "body,position,hint",
    [
        ("policy: {written: true, covers: [osa, victimsation]}\n", (2, 39), "'victimisation'"),
        # Issue 13: Swedish words are accepted; a misspelt one gets a did-you-mean naming the code.
        ("policy: {written: true, covers: [krankande sarbehandlingg]}\n", (2, 34), "'victimisation'"),
        ("routines: [{id: r, topic: sam, written: true, describes: [when, hwo]}]\n", (2, 65), "'how'"),
        ("training: [{id: t, audience: cheferna, topic: osa, date: 2024-01-01}]\n", (2, 30), "'managers'"),
        ("training: [{id: t, audience: manager, topic: osa, date: 2024-01-01}]\n", (2, 30), "'managers'"),
        ("action_plan: [{id: a, measure: m, status: pågårr}]\n", (2, 43), "'in_progress'"),
        ("risk_assessments: [{id: r, topic: general, date: 2024-01-01, methods: [enkäten]}]\n", (2, 72), "'survey'"),
        ("introduction: {covers: [sam, safety_routine]}\n", (2, 30), "'safety_routines'"),
        ("introduction: {repeated_after: [long_abscence]}\n", (2, 33), "'long_absence'"),
    ],
)
def test_typo_or_synonym_is_a_load_error_with_did_you_mean(body, position, hint):
    with pytest.raises(InputError) as info:
        load_org("org.yaml", HEAD + body)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == position
    assert f"did you mean {hint}?" in problem.message and "expected" in problem.message


def test_unknown_value_without_a_close_match_lists_the_choices():
    with pytest.raises(InputError) as info:
        load_org("org.yaml", HEAD + "policy: {written: true, covers: [zzz]}\n")
    (problem,) = info.value.problems
    assert "did you mean" not in problem.message and "'health_promotion'" in problem.message


def test_closed_values_load_and_dump_as_plain_strings():
    org = load_org(
        "org.yaml",
        HEAD + "policy: {written: true, covers: [osa, victimisation]}\n"
        "training: [{id: t, audience: managers, topic: osa, date: 2024-01-01}]\n",
    )
    data = org.model.model_dump(mode="python")
    assert data["policy"]["covers"] == ["osa", "victimisation"]
    assert data["training"][0]["audience"] == "managers"


@pytest.mark.parametrize("enum_cls", [PolicyTopic, RoutineContent, TrainingAudience, IntroductionContent])
def test_values_are_snake_case_identifiers(enum_cls):
    assert all(m.value == m.name and m.value.isidentifier() and m.value.islower() for m in enum_cls)


def _pack(tmp_path, require: str):
    rules = tmp_path / "rules"
    (rules / "osa").mkdir(parents=True)
    shutil.copy(RULES_DIR / "references.yaml", rules / "references.yaml")
    (rules / "osa" / "OSA-T.yaml").write_text(
        "id: OSA-T\ntitle: T\narea: osa\nseverity: legal\nreferences: ['13 § AFS 2015:4']\nsummary: s\ndemand: d\n"
        f"checks:\n  - id: a\n    kind: record\n    path: policy\n    require:\n      - {require}\n    missing: m\n",
        encoding="utf-8",
    )
    return rules


@pytest.mark.parametrize(
    "require,message",
    [
        ("{field: covers, contains: krankande_sarbehandling}", "'krankande_sarbehandling' is not a value of 'covers'"),
        ("{field: covers, contains_any: [victimisation, violence_threat]}", "did you mean 'violence_threats'?"),
    ],
)
def test_rule_comparing_with_a_value_outside_the_vocabulary_fails_the_load(tmp_path, require, message):
    with pytest.raises(RuleError) as info:
        load_rules(_pack(tmp_path, require))
    (problem,) = info.value.problems
    assert message in problem.message and problem.line == 13


def test_rule_within_the_vocabulary_loads(tmp_path):
    book = load_rules(_pack(tmp_path, "{field: covers, contains_all: [victimisation, violence_threats]}"))
    assert "OSA-T" in book.rules


@pytest.mark.parametrize(
    "body,path,value",
    [
        (
            "policy: {written: ja, covers: [våld och hot, kränkande särbehandling]}\n",
            ("policy", "covers"),
            ["violence_threats", "victimisation"],
        ),
        ("policy: {written: nej}\n", ("policy", "written"), False),
        (
            "training: [{id: t, audience: chefer, topic: osa, date: 2024-01-01}]\n",
            ("training", 0, "audience"),
            "managers",
        ),
        ("action_plan: [{id: a, measure: m, status: pågår}]\n", ("action_plan", 0, "status"), "in_progress"),
        ("action_plan: [{id: a, measure: m, status: Genomförd}]\n", ("action_plan", 0, "status"), "done"),
        (
            "risk_assessments: [{id: r, topic: general, date: 2024-01-01, methods: [enkät, gruppsamtal], "
            "participants: [huvudskyddsombud, regionalt skyddsombud, medarbetare, socialchef]}]\n",
            ("risk_assessments", 0),
            None,
        ),
    ],
)
def test_swedish_words_are_read_as_the_code(body, path, value):
    """Issue 13: the Swedish word is accepted as well as the code, so no verdict depends on which was written."""
    data = load_org("org.yaml", HEAD + body).model.model_dump(mode="python")
    node = data
    for part in path:
        node = node[part]
    if value is None:
        assert node["methods"] == ["survey", "group_interview"]
        assert node["participants"] == ["skyddsombud", "skyddsombud", "employees", "manager"]
    else:
        assert node == value


def test_the_message_names_the_accepted_swedish_words():
    with pytest.raises(InputError) as info:
        load_org("org.yaml", HEAD + "action_plan: [{id: a, measure: m, status: kanske}]\n")
    (problem,) = info.value.problems
    assert "Swedish words are accepted too: planerad → planned, pågår → in_progress" in problem.message


def test_a_decimal_comma_names_the_accepted_form():
    with pytest.raises(InputError) as info:
        load_org("org.yaml", HEAD + "signals:\n  sick_leave_percent: 11,2\n")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (3, 23)
    assert "write the number with a decimal point, 11.2" in problem.message


def test_a_yes_no_fact_refuses_what_is_neither():
    with pytest.raises(InputError) as info:
        load_org("org.yaml", HEAD + "units: [{id: u, name: U, area: vuxna, employees: 3, home_visits: kanske}]\n")
    (problem,) = info.value.problems
    assert "expected true or false (ja or nej)" in problem.message


def test_the_introduction_is_written_once():
    """Issue 13: routines[].owner of an introduction routine and introduction.owner both existed and
    only one was read; the introduction now has one place."""
    with pytest.raises(InputError) as info:
        load_org("org.yaml", HEAD + "routines: [{id: r, topic: introduction, written: true, owner: HR}]\n")
    (problem,) = info.value.problems
    assert "top-level `introduction` section" in problem.message


def test_every_swedish_word_belongs_to_one_code():
    from samosa.models.org import SWEDISH_WORDS, _plain

    for vocabulary in SWEDISH_WORDS:
        seen: dict[str, str] = {_plain(m.value): m.value for m in vocabulary}
        for code, ws in vocabulary.swedish().items():
            for w in ws:
                assert seen.setdefault(_plain(w), code) == code, (vocabulary.__name__, w)


def test_the_schema_lists_the_swedish_words():
    from samosa.models.schemas import org_schema

    schema = org_schema()
    status = schema["$defs"]["ActionStatus"]
    assert "pågår" in status["enum"] and status["x-swedish"]["in_progress"][0] == "pågår"
