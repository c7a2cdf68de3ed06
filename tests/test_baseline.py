"""Baselines: what changed since a previous assessment (a JSON result or an earlier org file), per finding identity."""

from __future__ import annotations

import json

import pytest

from samosa.engine.baseline import apply_baseline, baseline_of, load_baseline
from samosa.source.problems import InputError

from .ci_helpers import SAMPLE, run
from .conftest import deep_merge, dump_yaml


@pytest.fixture
def org_files(tmp_path, base_org_data):
    good = tmp_path / "org.yaml"
    good.write_text(dump_yaml(base_org_data), encoding="utf-8")
    worse = tmp_path / "worse.yaml"
    worse.write_text(dump_yaml(deep_merge(base_org_data, {"policy": "<null>"})), encoding="utf-8")
    return good, worse


def test_same_input_has_nothing_new(tmp_path):
    base = tmp_path / "previous.json"
    assert run("check", str(SAMPLE), "--format", "json", "--output", str(base)).returncode == 1
    res = run("check", str(SAMPLE), "--format", "json", "--baseline", str(base))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    previous = json.loads(base.read_text(encoding="utf-8"))
    assert data["findings"] == [] and data["summary"]["total"] == 0
    assert data["baseline"]["file"] == str(base) and data["baseline"]["known"] == previous["summary"]["total"]
    assert data["baseline"]["changes"] == [] and set(data["baseline"]["counts"].values()) == {0}


def test_only_changes_are_reported(org_files, tmp_path):
    good, worse = org_files
    base = tmp_path / "previous.json"
    run("check", str(good), "--format", "json", "--output", str(base), "--profile", "sam")
    res = run("check", str(worse), "--format", "json", "--baseline", str(base), "--profile", "sam")
    data = json.loads(res.stdout)
    before = {(f["rule"], f["scope"]): f["status"] for f in json.loads(base.read_text(encoding="utf-8"))["findings"]}
    new = [(f["rule"], f["scope"], f["status"]) for f in data["findings"]]
    assert new and all(before.get((r, s)) != st for r, s, st in new)
    assert ("SAM-POLICY", "organisation", "fail") in new
    assert res.returncode == 1
    assert data["summary"]["total"] == len(new) == sum(data["summary"]["by_status"].values())
    assert any(c["kind"] == "new" and c["rule"] == "SAM-POLICY" for c in data["baseline"]["changes"])
    # and the other way round: the repaired policy is resolved; nothing new, so nothing fails
    base2 = tmp_path / "worse.json"
    run("check", str(worse), "--format", "json", "--output", str(base2), "--profile", "sam")
    back = run("check", str(good), "--format", "json", "--baseline", str(base2), "--profile", "sam")
    assert back.returncode == 0
    changes = json.loads(back.stdout)["baseline"]["changes"]
    assert ("resolved", "SAM-POLICY", "organisation", "fail", "pass") in [
        (c["kind"], c["rule"], c["scope"], c["before"], c["now"]) for c in changes
    ]
    assert json.loads(back.stdout)["findings"] == []
    text = run("check", str(good), "--baseline", str(base2), "--profile", "sam")
    assert "Baslinje:" in text.stdout and str(base2) in text.stdout
    assert "åtgärdad" in text.stdout and "SAM-POLICY" in text.stdout


def test_errors_are_never_baselined(rulebook):
    from samosa import evaluate, load_org

    a = evaluate(load_org(SAMPLE), rulebook)
    err = a.findings[0].model_copy(update={"status": "error", "evidence": []})
    a = a.model_copy(update={"findings": [err] + a.findings[1:]})
    out = apply_baseline(a, baseline_of(a, "b.json"))
    assert out.findings == [err] and out.baseline.known == len(a.findings) - 1


@pytest.mark.parametrize(
    "content, expected",
    [
        ('{"findings": [\n  {"rule": "X", }\n]}', "b.json:2:17: baseline is not valid JSON"),
        ("[1, 2]", "b.json:1:1: baseline must be the output of 'samosa check --format json'"),
        ('{"findings": [{"rule": "X"}]}', "findings[0] has no rule, scope and status"),
    ],
)
def test_bad_baseline_is_an_input_error(tmp_path, monkeypatch, content, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_baseline("b.json")
    assert expected in str(exc.value)
    res = run("check", str(SAMPLE), "--baseline", "b.json", cwd=tmp_path)
    assert res.returncode == 2 and expected in res.stderr and "Traceback" not in res.stderr


def test_missing_baseline(tmp_path):
    res = run("check", str(SAMPLE), "--baseline", str(tmp_path / "nope.json"))
    assert res.returncode == 2 and "baseline file not found" in res.stderr
