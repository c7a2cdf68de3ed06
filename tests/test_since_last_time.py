"""Since last time: two versions of a sample compared per finding identity, in check, JSON and the report.

The case from issue 17: the later version adds one serious incident that is not
reported to Arbetsmiljöverket (under AML-ANMALAN, which already failed) and
fixes one deficiency (a rest room in the premises of Ekonomiskt bistånd). The
comparison must show exactly one new and one resolved finding, whether the
previous assessment is a JSON result or the earlier org file.
"""

from __future__ import annotations

import json

import pytest

from samosa import evaluate, load_org
from samosa.engine.baseline import Previous, apply_baseline, baseline_of, compare, compare_finding, load_baseline
from samosa.engine.findings import Finding
from samosa.engine.identity import object_key, path_of
from samosa.report.html import build_report, render_report

from .ci_helpers import run
from .conftest import ROOT, dump_yaml, load_plain

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
NEW_INCIDENT = """  - id: inc-2024-04
    date: 2024-04-08
    kind: accident
    unit: ekbistand
    serious: true
    reported: true
    investigated: true
    documented: true
    support_given: true
    reported_to_av: false
"""


@pytest.fixture
def versions(tmp_path):
    """(last year's file, this year's file): a new unreported serious incident first in the list, a rest room fixed."""
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("incidents:\n") + len("incidents:\n")
    later = text[:start] + NEW_INCIDENT + text[start:]
    assert later.count("rest_room: false") == 1
    later = later.replace("rest_room: false", "rest_room: true")
    before, after = tmp_path / "mellanby_2023.yaml", tmp_path / "mellanby_2024.yaml"
    before.write_text(text, encoding="utf-8")
    after.write_text(later, encoding="utf-8")
    return before, after


def _kinds(changes) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["rule"], c["subject"]) for c in changes]


EXPECTED = [
    ("new", "AML-ANMALAN", "reported:incidents/inc-2024-04"),
    ("resolved", "LOK-PERSONALRUM", "rest-room:premises/lok-kopmangatan"),
]


@pytest.mark.parametrize("as_json", [True, False], ids=["json-baseline", "org-file-baseline"])
def test_one_new_and_one_resolved_in_check(versions, tmp_path, as_json):
    before, after = versions
    base = before
    if as_json:
        base = tmp_path / "previous.json"
        assert run("check", str(before), "--format", "json", "--output", str(base)).returncode == 1
    res = run("check", str(after), "--format", "json", "--baseline", str(base))
    assert res.returncode == 1, res.stderr  # something new: CI fails
    data = json.loads(res.stdout)
    assert sorted(_kinds(data["baseline"]["changes"])) == EXPECTED
    assert data["baseline"]["counts"] == {"new": 1, "resolved": 1, "worse": 0, "improved": 0, "unclear": 0}
    # AML-ANMALAN failed before as well: only its new incident makes it new, and it is the one finding kept
    assert [(f["rule"], f["scope"]) for f in data["findings"]] == [("AML-ANMALAN", "organisation")]
    assert data["baseline"]["previous_date"] == "2024-05-15"
    text = run("check", str(after), "--baseline", str(base)).stdout
    assert "1 ny brist, 1 åtgärdad" in text
    assert "ny brist" in text and "incidents/inc-2024-04" in text
    assert "åtgärdad" in text and "premises/lok-kopmangatan" in text


def test_one_new_and_one_resolved_in_the_report(versions, tmp_path, rulebook):
    before, after = versions
    org = load_org(after)
    previous = load_baseline(before, rulebook)
    report = build_report(org, rulebook, evaluate(org, rulebook), previous)
    assert report.since is not None
    assert report.since.counts["new"] == 1 and report.since.counts["resolved"] == 1
    assert sum(report.since.counts.values()) == 2
    shown = [(c.kind, c.title, c.what) for g in report.since.groups for c in g.changes]
    assert (
        "new",
        "Allvarliga tillbud och svårare personskador anmäls till Arbetsmiljöverket",
        "händelsen den 8 april 2024 (olycksfall, Ekonomiskt bistånd)",
    ) in shown
    assert ("resolved", "Pausutrymme och vilutrymme", "lokalen ”Försörjningsenheten, Köpmangatan 12”") in shown
    html = render_report(report)
    assert 'id="sedan"' in html and "1 ny brist, 1 åtgärdad" in html
    # the CLI writes the same section from a JSON baseline
    prev = tmp_path / "prev.json"
    run("check", str(before), "--format", "json", "--output", str(prev))
    out = tmp_path / "r.html"
    res = run("report", str(after), "--baseline", str(prev), "--output", str(out))
    assert res.returncode == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert 'data-change="new"' in page and 'data-change="resolved"' in page and page.count('data-change="') == 2


def test_a_new_violation_under_a_failing_rule_was_hidden_by_rule_and_status(versions, tmp_path):
    """The bug of issue 17: rule + scope + status alone calls the new unreported incident 'known'."""
    before, after = versions
    prev = tmp_path / "prev.json"
    run("check", str(before), "--format", "json", "--output", str(prev))
    data = json.loads(prev.read_text(encoding="utf-8"))
    for f in data["findings"]:
        f.pop("subjects", None)  # a result written before findings had identities
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    res = json.loads(run("check", str(after), "--format", "json", "--baseline", str(old)).stdout)
    # without identities only what changed status can be told apart, and AML-ANMALAN failed both times
    assert "AML-ANMALAN" not in [c["rule"] for c in res["baseline"]["changes"]]
    assert ("resolved", "LOK-PERSONALRUM") in [(c["kind"], c["rule"]) for c in res["baseline"]["changes"]]


def test_identities_do_not_shift_when_an_item_is_inserted(versions):
    before, after = versions
    a = {(f.rule, f.scope): f.subjects for f in evaluate(load_org(before), _book()).findings}
    b = {(f.rule, f.scope): f.subjects for f in evaluate(load_org(after), _book()).findings}
    # the incident added first in the list moves every other incident down one place; their identity stays
    assert "serious-incidents:incidents/inc-2024-01" in a[("SAM-UTREDNING", "organisation")]
    assert a[("SAM-UTREDNING", "organisation")] == b[("SAM-UTREDNING", "organisation")]
    assert set(b[("AML-ANMALAN", "organisation")]) - set(a[("AML-ANMALAN", "organisation")]) == {
        "reported:incidents/inc-2024-04"
    }


def _book():
    from samosa import load_rules

    return load_rules()


def test_every_violating_item_has_an_identity_not_only_the_evidence_shown(tmp_path, rulebook):
    data = load_plain(SAMPLE)
    template = dict(data["incidents"][0], serious=True, reported_to_av=False)
    data["incidents"] = [dict(template, id=f"inc-x-{n}", date=f"2024-03-{n + 1:02d}") for n in range(8)]
    path = tmp_path / "many.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    (f,) = [f for f in evaluate(load_org(path), rulebook).findings if f.rule == "AML-ANMALAN"]
    assert f.status == "fail" and len([e for e in f.evidence if e.path.startswith("incidents")]) < 8
    assert f.subjects == sorted(f"reported:incidents/inc-x-{n}" for n in range(8))


def test_object_keys_round_trip():
    root = {
        "risk_assessments": [{"id": "rb-1", "risks": [{"id": "a"}, {"id": "b"}]}],
        "annual_followups": [{"year": 2023}],
    }
    key = object_key(root, ("risk_assessments", 0, "risks", 1))
    assert key == "risk_assessments/rb-1/risks/b" and path_of(root, key) == "risk_assessments[0].risks[1]"
    assert object_key(root, ("annual_followups", 0)) == "annual_followups/2023"
    assert path_of(root, "incidents/x") is None and path_of(root, "risk_assessments/rb-1/risks/gone") is None


def _p(status: str, subjects=()) -> Previous:
    return Previous("R", "organisation", status, "T", "sam", "legal", tuple(subjects) if subjects is not None else None)


def _f(status: str, subjects=()) -> Finding:
    return Finding(
        rule="R",
        title="T",
        area="sam",
        scope="organisation",
        status=status,
        severity="legal",
        references=[],
        explanation="",
        subjects=list(subjects),
    )


@pytest.mark.parametrize(
    "then, now, expected",
    [
        (_p("fail", ["c:x/1"]), _f("fail", ["c:x/1"]), []),
        (_p("fail", ["c:x/1"]), _f("fail", ["c:x/1", "c:x/2"]), [("new", "c:x/2")]),
        (_p("fail", ["c:x/1", "c:x/2"]), _f("fail", ["c:x/2"]), [("resolved", "c:x/1")]),
        (_p("fail", ["c"]), _f("partial", ["c"]), [("improved", None)]),
        (_p("partial", ["c"]), _f("fail", ["c"]), [("worse", None)]),
        (_p("pass"), _f("fail", ["c:x/1"]), [("new", "c:x/1")]),
        (None, _f("fail", ["c"]), [("new", "c")]),
        (_p("fail", ["c:x/1"]), _f("pass"), [("resolved", "c:x/1")]),
        (_p("fail", ["c:x/1"]), None, [("resolved", "c:x/1")]),
        (_p("pass"), _f("not_shown"), [("unclear", None)]),
        (_p("fail", ["c"]), _f("not_shown"), [("unclear", None)]),
        (_p("not_shown"), _f("pass"), [("improved", None)]),
        (_p("pass"), _f("error"), [("worse", None)]),
        (_p("fail", None), _f("fail", ["c:x/9"]), []),  # an old baseline: no identities to compare
        (_p("pass"), _f("pass"), []),
    ],
)
def test_each_transition(then, now, expected):
    assert [(c.kind, c.subject) for c in compare_finding(then, now)] == expected


def test_improvements_do_not_fail_ci_but_are_recorded(rulebook):
    org = load_org(SAMPLE)
    a = evaluate(org, rulebook)
    worse = a.model_copy(
        update={
            "findings": [f.model_copy(update={"status": "fail"}) if f.status == "partial" else f for f in a.findings]
        }
    )
    out = apply_baseline(a, baseline_of(worse, "worse.json"))
    assert out.findings == [] and out.baseline.counts["improved"] == sum(f.status == "partial" for f in a.findings)
    assert [c.kind for c in compare(baseline_of(a), a)] == []


def test_a_broken_org_file_as_baseline_is_positioned(tmp_path, rulebook):
    bad = tmp_path / "last_year.yaml"
    bad.write_text("schema_version: 1\norganisation:\n  name: X\n  employes: 3\n", encoding="utf-8")
    res = run("check", str(SAMPLE), "--baseline", str(bad))
    assert res.returncode == 2 and f"{bad}:4:" in res.stderr and "Traceback" not in res.stderr


def test_a_new_rad_is_a_new_rad_not_a_new_brist():
    """The change words follow the one vocabulary: a new failing råd is "nytt råd", counted apart."""
    from samosa.engine.baseline import change_word, counts_sentence, new_advice
    from samosa.engine.findings import Change

    legal = Change(kind="new", rule="SAM-RISK", title="t", area="sam", scope="organisation", severity="legal")
    advice = legal.model_copy(update={"rule": "SAM-POLICY-KONKRET", "severity": "advice"})
    assert (change_word(legal), change_word(advice)) == ("ny brist", "nytt råd")
    assert new_advice([legal, advice]) == 1
    assert counts_sentence({"new": 2}, 1).startswith("1 ny brist, 1 nytt råd, 0 åtgärdade")
    assert counts_sentence({"new": 1}).startswith("1 ny brist, 0 åtgärdade")
