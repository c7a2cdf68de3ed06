"""Waivers: planned actions and judgements, expiry on both sides of the date, unused and invalid waivers."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from samosa.engine.waivers import apply_waivers, gate_failing
from samosa.models.waivers import load_waivers
from samosa.source.problems import InputError

from .ci_helpers import SAMPLE, judged, planned, run, sample_assessment, waiver_file


def _first_failing(a, severity="legal"):
    return next(f for f in a.findings if f.status in ("fail", "partial") and f.severity == severity)


def _apply(rulebook, tmp_path, text, date):
    org, a = sample_assessment(rulebook, date)
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return apply_waivers(a, load_waivers(path), org)


@pytest.mark.parametrize(
    "date, state",
    [
        (dt.date(2024, 10, 31), "active"),  # the last day it is valid
        (dt.date(2024, 11, 1), "expired"),  # the day after
    ],
)
def test_judgement_expiry_both_sides(rulebook, tmp_path, date, state):
    _, a = sample_assessment(rulebook, date)
    f = _first_failing(a)
    out = _apply(rulebook, tmp_path, waiver_file(judged(f.rule, f.scope, expires="2024-10-31")), date)
    g = next(x for x in out.findings if (x.rule, x.scope) == (f.rule, f.scope))
    assert g.status == f.status, "a waiver never changes the status"
    assert g.waiver.state == state and g.waiver.kind == "not_applicable"
    assert (g in gate_failing(out, "legal")) is (state != "active")
    assert (out.waivers.active, out.waivers.expired) == ((1, 0) if state == "active" else (0, 1))
    if state == "expired":
        assert g.waiver.message.startswith("UNDANTAGET w-judged GICK UT 2024-10-31")


@pytest.mark.parametrize(
    "date, state",
    [
        (dt.date(2024, 9, 30), "active"),  # deadline day
        (dt.date(2024, 10, 1), "overdue"),  # plan not delivered: counts again though not yet expired
        (dt.date(2024, 11, 1), "expired"),
    ],
)
def test_planned_action_deadline_and_expiry(rulebook, tmp_path, date, state):
    _, a = sample_assessment(rulebook, date)
    f = _first_failing(a)
    out = _apply(rulebook, tmp_path, waiver_file(planned(f.rule, f.scope)), date)
    g = next(x for x in out.findings if (x.rule, x.scope) == (f.rule, f.scope))
    assert g.waiver.state == state and g.failing
    assert g.waiver.owner == "Socialchef" and g.waiver.interim_measure
    assert (g in gate_failing(out, "legal")) is (state != "active")


def test_every_failing_finding_waived_gives_exit_0_until_expiry(rulebook, tmp_path):
    date = dt.date(2024, 6, 1)
    _, a = sample_assessment(rulebook, date)
    entries = [
        planned(f.rule, f.scope, id=f"w-{i}")
        for i, f in enumerate(a.findings)
        if f.status in ("fail", "partial", "not_shown")  # not shown fails closed, so it too needs a waiver
    ]
    path = tmp_path / "waivers.yaml"
    path.write_text(waiver_file(*entries), encoding="utf-8")
    res = run("check", str(SAMPLE), "--waivers", str(path), "--date", "2024-06-01", "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    waived = [f for f in data["findings"] if "waiver" in f]
    assert len(waived) == len(entries) and all(f["status"] in ("fail", "partial", "not_shown") for f in waived)
    assert data["waivers"]["active"] == len(entries) and data["waivers"]["unused"] == []
    text = run("check", str(SAMPLE), "--waivers", str(path), "--date", "2024-06-01")
    assert text.returncode == 0 and "PLANERAD" in text.stdout and "UPPFYLLT        SAM-RISK" not in text.stdout
    late = run("check", str(SAMPLE), "--waivers", str(path), "--date", "2024-11-01")
    assert late.returncode == 1
    assert "GICK UT 2024-10-31" in late.stderr and "warning" in late.stderr
    assert "!! UNDANTAGET" in late.stdout


def test_unused_waivers_are_reported(rulebook, tmp_path):
    date = dt.date(2024, 6, 1)
    _, a = sample_assessment(rulebook, date)
    passing = next(f for f in a.findings if f.status == "pass")
    text = waiver_file(
        judged(passing.rule, passing.scope, id="w-pass"),
        judged("SAM-FINNSINTE", "organisation", id="w-ghost"),
        judged("SAM-UPPGIFT", "unit:finns-inte", id="w-unit"),
    )
    out = _apply(rulebook, tmp_path, text, date)
    unused = {u.id: u for u in out.waivers.unused}
    assert set(unused) == {"w-pass", "w-ghost", "w-unit"}
    assert "no longer failing (pass)" in unused["w-pass"].reason
    assert "matches no finding" in unused["w-ghost"].reason
    assert unused["w-unit"].line == 11 + 8 and unused["w-unit"].column == 5
    assert not any(f.waiver for f in out.findings)


def test_error_findings_cannot_be_waived(rulebook, tmp_path):
    org, a = sample_assessment(rulebook, dt.date(2024, 6, 1))
    f = _first_failing(a)
    broken = f.model_copy(update={"status": "error", "evidence": []})
    a = a.model_copy(update={"findings": [broken if x is f else x for x in a.findings]})
    path = tmp_path / "w.yaml"
    path.write_text(waiver_file(judged(f.rule, f.scope)), encoding="utf-8")
    out = apply_waivers(a, load_waivers(path), org)
    g = next(x for x in out.findings if x.status == "error")
    assert g.waiver is None and g in gate_failing(out, "never")
    assert "never hides an error" in out.waivers.unused[0].reason


def test_unused_waiver_cli_warning(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(waiver_file(judged("SAM-FINNSINTE", "organisation", id="w-ghost")), encoding="utf-8")
    res = run("check", str(SAMPLE), "--waivers", str(path), "--format", "github")
    assert f"{path}:3:5: warning: waiver 'w-ghost' (SAM-FINNSINTE) is unused" in res.stderr
    assert "::warning file=" in res.stdout and "Oanvänt undantag w-ghost" in res.stdout


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "  - {id: w, rule: SAM-RISK, kind: not_applicable, judged_by: HR, judged_on: 2024-01-01}\n",
            ":3:5: missing required key 'expires'",
        ),
        (
            "  - {id: w, rule: SAM-RISK, kind: not_applicable, judged_by: HR, judged_on: 2024-01-01, expires: 2025-01-01}\n",
            ":3:5: a not_applicable waiver needs 'reason'",
        ),
        (
            "  - {id: w, rule: SAM-RISK, kind: planned_action, owner: X, deadline: 2024-01-01, expires: 2025-01-01}\n",
            ":3:5: a planned_action waiver needs 'interim_measure'",
        ),
        (
            "  - id: w\n    rule: SAM-RISK\n    kind: disabled\n    expires: 2025-01-01\n",
            ":5:11: Input should be 'planned_action' or 'not_applicable'; got 'disabled'",
        ),
        (
            "  - {id: w, rule: SAM-RISK, kind: planned_action, owner: X, deadline: 2024-01-01, interim_measure: Y,\n"
            "     expires: 2025-01-01, reason: Z}\n",
            ":4:27: 'reason' belongs to a not_applicable waiver",
        ),
        (
            "  - {id: w, rule: SAM-RISK, scope: unit-bof, kind: not_applicable, reason: R, judged_by: HR,\n"
            "     judged_on: 2024-01-01, expires: 2025-01-01}\n",
            ":3:36: scope 'unit-bof' is not 'organisation' or 'unit:<id>'",
        ),
        (
            "  - {id: w, rule: SAM-RISK, kind: not_applicable, reason: R, judged_by: HR, judged_on: 2024-01-01,\n"
            "     expires: 2025-01-01, expiry: 2026-01-01}\n",
            ":4:27: unknown key 'expiry'; did you mean 'expires'?",
        ),
    ],
)
def test_invalid_waiver_files_are_positioned(tmp_path, body, expected):
    path = tmp_path / "w.yaml"
    path.write_text("schema_version: 1\nwaivers:\n" + body, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_waivers(path)
    assert any(expected in str(p) for p in exc.value.problems), [str(p) for p in exc.value.problems]
    res = run("check", str(SAMPLE), "--waivers", str(path))
    assert res.returncode == 2 and expected in res.stderr and "Traceback" not in res.stderr


def test_duplicate_and_overlapping_waivers(rulebook, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(
        waiver_file(judged("SAM-RISK", "organisation", id="a"), judged("SAM-RISK", "organisation", id="a")),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="duplicate waiver id 'a'"):
        load_waivers(path)
    _, a = sample_assessment(rulebook, dt.date(2024, 6, 1))
    f = _first_failing(a)
    text = waiver_file(
        judged(f.rule, f.scope, id="one"), judged(f.rule, f.scope, id="two").replace(f'    scope: "{f.scope}"\n', "")
    )
    with pytest.raises(InputError, match="waivers one, two all match"):
        _apply(rulebook, tmp_path, text, dt.date(2024, 6, 1))


def test_planned_action_must_name_a_real_action(rulebook, tmp_path):
    _, a = sample_assessment(rulebook, dt.date(2024, 6, 1))
    f = _first_failing(a)
    text = waiver_file(planned(f.rule, f.scope) + "    action: ap-finns-inte\n")
    with pytest.raises(InputError, match="action 'ap-finns-inte' is not in the action_plan"):
        _apply(rulebook, tmp_path, text, dt.date(2024, 6, 1))


def test_documented_waiver_example_loads(rulebook, tmp_path):
    """The waivers.yaml in docs/ci.md is a real, valid file."""
    from .conftest import ROOT

    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = next(b.split("\n", 1)[1] for b in text.split("```yaml")[1:] if b.lstrip().startswith("# waivers.yaml"))
    path = tmp_path / "waivers.yaml"
    path.write_text(block.split("```")[0], encoding="utf-8")
    loaded = load_waivers(path)
    assert [w.kind for w in loaded.model.waivers] == ["planned_action", "not_applicable"]


def test_output_never_over_the_waivers_file(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(waiver_file(judged("SAM-RISK", "organisation")), encoding="utf-8")
    before = path.read_bytes()
    res = run("check", str(SAMPLE), "--waivers", str(path), "--output", str(path))
    assert res.returncode == 2 and "refusing to write output over the input file" in res.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(("severity", "noun"), [("legal", "bristen"), ("advice", "rådet")])
def test_an_expired_waiver_names_what_counts_again_in_the_one_vocabulary(rulebook, tmp_path, severity, noun):
    """A waived råd that counts again is "rådet", never "bristen" (a råd is never a brist)."""
    date = dt.date(2024, 11, 1)
    _, a = sample_assessment(rulebook, date)
    f = _first_failing(a, severity)
    out = _apply(rulebook, tmp_path, waiver_file(judged(f.rule, f.scope, expires="2024-10-31")), date)
    g = next(x for x in out.findings if (x.rule, x.scope) == (f.rule, f.scope))
    assert f"{noun} räknas igen" in g.waiver.message
    assert ("bristen" in g.waiver.message) is (severity == "legal")
