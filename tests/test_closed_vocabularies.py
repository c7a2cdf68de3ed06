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
        ("policy: {written: true, covers: [vald_och_hot]}\n", (2, 34), "'violence_threats'"),
        ("policy: {written: true, covers: [kränkande särbehandling]}\n", (2, 34), "'victimisation'"),
        ("routines: [{id: r, topic: sam, written: true, describes: [when, hwo]}]\n", (2, 65), "'how'"),
        ("training: [{id: t, audience: chefer, topic: osa, date: 2024-01-01}]\n", (2, 30), "'managers'"),
        ("training: [{id: t, audience: manager, topic: osa, date: 2024-01-01}]\n", (2, 30), "'managers'"),
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
