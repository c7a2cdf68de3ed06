"""Silence is not a fact (issue 12): verdicts rest on what the file states or states as absent.

* Leaving a statement out never creates a deficiency and never creates a pass: it can only turn
  a verdict into "not shown" (a property over random deletions from real files).
* A fresh ``samosa init`` file passes no legal rule.
* A sample without its premises gets no premises krav in the inspektionsmeddelande, and the
  begäran om komplettering asks for the premises.
* No not-shown wording asserts a fact.
* Every optional field of the model says what leaving it out means.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from samosa import InputError, evaluate, load_org
from samosa.documents.render import Inputs, render
from samosa.models.facts import _element, unknown_phrase
from samosa.models.inspection import load_inspection
from samosa.models.org import DEFAULT_MEANS_KEY, NOT_STATED_KEY, OrgFile
from samosa.models.starter import starter_org
from samosa.rulebook.vocabulary import EveryCheck, ExistsCheck, not_shown_sentence

from .conftest import FIXTURES, ROOT, dump_yaml, load_plain

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
INSPECTION = ROOT / "sample_inspections" / "mellanby_inspection.yaml"
DEFICIENT = {"fail", "partial"}

#: Words that state a fact; a not-shown sentence must never use them.
FACT_FORMS = re.compile(r"\b(finns inget|finns ingen|finns inga|saknas|saknar|har inte|är inte|inte skriftlig)\b", re.I)


# ------------------------------------------------------------ deletions are monotone


def _conventions(model: type[BaseModel]) -> set[str]:
    out = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if DEFAULT_MEANS_KEY in extra:
            out.add(info.alias or name)
    return out


def _deletable_paths(data: Any, model: Any, path: tuple = ()) -> list[tuple]:
    """Paths of optional, non-convention keys in ``data`` (deleting them makes a fact not stated)."""
    out: list[tuple] = []
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or not isinstance(data, dict):
        return out
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    for key, value in data.items():
        info = fields.get(key)
        if info is None:
            continue
        kind, is_list = _element(info.annotation)
        if not info.is_required() and key not in _conventions(model):
            out.append(path + (key,))
        if is_list and isinstance(value, list):
            for i, item in enumerate(value):
                out += _deletable_paths(item, kind, path + (key, i))
        elif isinstance(value, dict):
            out += _deletable_paths(value, kind, path + (key,))
    return out


def _delete(data: dict, path: tuple) -> dict:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return out


SOURCES = {"mellanby": load_plain(SAMPLE), "base": load_plain(FIXTURES / "_base.yaml")}
PATHS = {name: _deletable_paths(data, OrgFile) for name, data in SOURCES.items()}


def _statuses(data: dict, rulebook) -> dict[tuple[str, str], str] | None:
    try:
        org = load_org("org.yaml", dump_yaml(data))
    except InputError:
        return None  # the deletion left a dangling reference or a required key out
    return {(f.rule, f.scope): f.status for f in evaluate(org, rulebook, date=dt.date(2024, 6, 1)).findings}


@pytest.fixture(scope="module")
def before(rulebook):
    return {name: _statuses(data, rulebook) for name, data in SOURCES.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(SOURCES)), st.data())
def test_leaving_a_statement_out_only_ever_makes_a_verdict_not_shown(rulebook, before, name, data):
    picks = data.draw(st.lists(st.sampled_from(PATHS[name]), min_size=1, max_size=3, unique=True))
    doc = SOURCES[name]
    for path in sorted(picks, key=len, reverse=True):
        try:
            doc = _delete(doc, path)
        except (KeyError, IndexError, TypeError):
            pass  # an ancestor was deleted already
    after = _statuses(doc, rulebook)
    assume(after is not None)
    for key, new in after.items():
        old = before[name].get(key)
        if old is None or new == old or new == "not_shown":
            continue
        # A deficiency may change shape (fail ↔ partial) when one of its checks becomes not shown.
        assert old in DEFICIENT and new in DEFICIENT, f"{key}: {old} → {new} after deleting {picks}"


def test_the_property_can_fail(rulebook):
    """Not vacuous: deleting a stated 'false' that a deficiency rests on moves the verdict to not shown."""
    doc = _delete(SOURCES["mellanby"], ("premises", 1, "rest_room"))
    assert _statuses(doc, rulebook)[("LOK-PERSONALRUM", "organisation")] == "not_shown"


# ------------------------------------------------------------ samosa init


def test_a_fresh_starter_file_passes_no_legal_rule(rulebook):
    org = load_org("org.yaml", starter_org(units=3))
    result = evaluate(org, rulebook, date=dt.date(2025, 3, 1))
    legal = [f for f in result.findings if f.severity == "legal"]
    assert legal and not [f for f in legal if f.status == "pass"]
    for f in legal:
        assert f.status in ("not_shown", "not_applicable"), (f.rule, f.scope, f.status, f.explanation)
        if f.status == "not_applicable":
            assert f.explanation
        assert f.demand is None
    assert result.failing_at("legal"), "what is not shown fails closed"
    assert result.failing_at("legal", not_shown="warn") == []


# ------------------------------------------------------------ premises left out


@pytest.fixture
def without_premises(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("\npremises:")
    end = text.index("\nintroduction:")
    org_path = tmp_path / "org.yaml"
    org_path.write_text(text[:start] + text[end:], encoding="utf-8")
    inspection = INSPECTION.read_text(encoding="utf-8").replace("  areas: [sam]", "  areas: [sam, violence, premises]")
    insp_path = tmp_path / "inspection.yaml"
    insp_path.write_text(inspection, encoding="utf-8")
    return org_path, insp_path


def test_no_premises_krav_when_the_premises_are_not_described(rulebook, without_premises):
    org_path, insp_path = without_premises
    org = load_org(org_path)
    statuses = {(f.rule, f.scope): f.status for f in evaluate(org, rulebook).findings}
    premises_rules = {k: v for k, v in statuses.items() if k[0].startswith("LOK-") or k[0] == "VH-LOKALER"}
    assert premises_rules and set(premises_rules.values()) <= {"not_shown"}, premises_rules
    inputs = Inputs(org=org, book=rulebook, inspection=load_inspection(insp_path, org, rulebook))
    letter = render("inspektionsmeddelande", inputs, fmt="md").content
    for word in ("pausutrymme", "vilutrymme", "reträttväg", "tillhyggen", "överhörning", "ventilation"):
        assert word not in letter.lower(), word
    ask = render("begaran_om_komplettering", inputs, fmt="md").content
    assert "Det här framgår inte av redovisningen" in ask
    assert "hur lokalerna är utformade" in ask


# ------------------------------------------------------------ wording


def test_no_not_shown_wording_asserts_a_fact(rulebook):
    sentences = []
    for rule in rulebook:
        for check in rule.checks:
            sentences.append((rule.id, check.id, not_shown_sentence(check)))
            assert not_shown_sentence(check).startswith("Det framgår inte"), (rule.id, check.id)
    for model_path in _all_fact_paths(OrgFile):
        sentences.append(("model", model_path, "det framgår inte " + unknown_phrase(model_path)))
    bad = [s for s in sentences if FACT_FORMS.search(s[2])]
    assert not bad, bad


def test_the_wording_check_can_fail():
    assert FACT_FORMS.search("Det framgår inte att det saknas pausrum")
    assert FACT_FORMS.search("det finns inget vilrum")


def _all_fact_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, info in model.model_fields.items():
        kind, _ = _element(info.annotation)
        path = f"{prefix}{name}"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if NOT_STATED_KEY in extra:
            out.append(path)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            out += _all_fact_paths(kind, path + ".")
    return out


# ------------------------------------------------------------ the model declares every field


def _models(model: type[BaseModel], seen: set | None = None) -> list[type[BaseModel]]:
    seen = set() if seen is None else seen
    if model in seen:
        return []
    seen.add(model)
    out = [model]
    for info in model.model_fields.values():
        kind, _ = _element(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            out += _models(kind, seen)
    return out


@pytest.mark.parametrize("model", _models(OrgFile), ids=lambda m: m.__name__)
def test_every_optional_field_says_what_leaving_it_out_means(model):
    for name, info in model.model_fields.items():
        if info.is_required():
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        assert NOT_STATED_KEY in extra or DEFAULT_MEANS_KEY in extra, f"{model.__name__}.{name}"


def test_collection_checks_declare_what_an_empty_selection_means(rulebook):
    for rule in rulebook:
        for check in rule.checks:
            if isinstance(check, EveryCheck):
                assert check.when_none is not None and check.when_none.reason
            if isinstance(check, ExistsCheck) and check.when_none is not None:
                assert check.when_none.reason
