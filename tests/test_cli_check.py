"""`samosa check` end to end through the real entry point: output, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT, dump_yaml

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


@pytest.fixture
def compliant(tmp_path, base_org_data):
    path = tmp_path / "org.yaml"
    path.write_text(dump_yaml(base_org_data), encoding="utf-8")
    return path


def test_sample_text_output_and_exit_1():
    res = run("check", str(SAMPLE.relative_to(ROOT)))
    assert res.returncode == 1, res.stderr
    assert "Bedömningsdag: 2024-05-15 (från organisationsfilen)" in res.stdout
    assert "Systematiskt arbetsmiljöarbete (SAM)" in res.stdout
    assert "BRIST          SAM-UPPFOLJNING" in res.stdout
    assert "sample_orgs/mellanby_ifo.yaml:" in res.stdout
    assert "Traceback" not in res.stderr


def test_json_contract():
    res = run("check", str(SAMPLE), "--format", "json")
    assert res.returncode == 1
    data = json.loads(res.stdout)
    assert data["schema_version"] == "2.0"
    assert data["assessment_date"] == "2024-05-15"
    assert data["organisation"]["name"] == "Mellanby kommun"
    f = next(f for f in data["findings"] if f["rule"] == "SAM-UTREDNING")
    assert set(f) >= {"rule", "scope", "status", "severity", "references", "explanation", "demand", "evidence"}
    assert f["status"] == "fail" and f["references"] == ["9 § AFS 2001:1"]
    assert all(set(e) == {"file", "line", "column", "note", "path", "fact"} for e in f["evidence"])
    assert {e["fact"] for e in f["evidence"]} == {"stated"}
    assert {e["path"] for e in f["evidence"]} == {"incidents[0]", "incidents[1]"}
    assert data["summary"]["total"] == len(data["findings"])


def test_date_picks_regulation_version():
    old = json.loads(run("check", str(SAMPLE), "--format", "json", "--date", "2024-12-31").stdout)
    new = json.loads(run("check", str(SAMPLE), "--format", "json", "--date", "2025-01-01").stdout)

    def pick(d):
        return next(f for f in d["findings"] if f["rule"] == "SAM-RISK")["references"]

    assert "8 § AFS 2001:1" in pick(old) and "11 § AFS 2023:1" not in pick(old)
    assert "11 § AFS 2023:1" in pick(new) and "8 § AFS 2001:1" not in pick(new)
    assert new["date_source"] == "argument"


def test_output_is_deterministic():
    a = run("check", str(SAMPLE), "--format", "json").stdout
    b = run("check", str(SAMPLE), "--format", "json").stdout
    assert a == b and a


def test_compliant_org_exits_0(compliant):
    res = run("check", str(compliant), "--profile", "sam")
    assert res.returncode == 0, res.stdout
    assert "0 brister" in res.stdout


def test_fail_on_never_exits_0():
    assert run("check", str(SAMPLE), "--fail-on", "never").returncode == 0


def test_input_error_exit_2_positioned(tmp_path):
    bad = tmp_path / "org.yaml"
    bad.write_text("organisation:\n  name: K\n  employes: 3\n", encoding="utf-8")
    res = run("check", str(bad))
    assert res.returncode == 2
    assert f"{bad}:3:3: unknown key 'employes'; did you mean 'employees'?" in res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""


def test_bad_date_argument_exit_2():
    res = run("check", str(SAMPLE), "--date", "2024-13-01")
    assert res.returncode == 2 and "--date expects YYYY-MM-DD" in res.stderr


def test_missing_file_exit_2(tmp_path):
    res = run("check", str(tmp_path / "missing.yaml"))
    assert res.returncode == 2 and "file not found" in res.stderr


def test_broken_rule_pack_exit_2(tmp_path):
    rules = tmp_path / "rules"
    (rules / "sam").mkdir(parents=True)
    (rules / "references.yaml").write_text(
        (ROOT / "rules" / "references.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (rules / "sam" / "X.yaml").write_text(
        "id: SAM-X\ntitle: X\narea: sam\nseverity: legal\nreferences: ['99 § AFS 2001:1']\n"
        "summary: s\ndemand: d\nchecks:\n  - {id: a, kind: present, path: polcy, missing: m}\n",
        encoding="utf-8",
    )
    res = run("check", str(SAMPLE), "--rules", str(rules))
    assert res.returncode == 2
    assert f"{rules / 'sam' / 'X.yaml'}:5:14: '99 § AFS 2001:1' cites a paragraph" in res.stderr
    assert f"{rules / 'sam' / 'X.yaml'}:9:34:" in res.stderr and "path 'polcy' does not exist" in res.stderr


def test_output_file_written_and_never_over_input(tmp_path, compliant):
    out = tmp_path / "out.json"
    res = run("check", str(compliant), "--format", "json", "--output", str(out))
    assert res.returncode == 1 or res.returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["organisation"]["name"] == "Basby kommun"
    before = compliant.read_bytes()
    res = run("check", str(compliant), "--output", str(compliant))
    assert res.returncode == 2 and "refusing to write output over the input file" in res.stderr
    assert compliant.read_bytes() == before


def test_no_colour_when_piped_or_no_color():
    res = run("check", str(SAMPLE))
    assert "\x1b[" not in res.stdout


def test_advice_is_labelled_advice_not_deficiency():
    res = run("check", str(SAMPLE), "--date", "2025-06-01")
    lines = [line for line in res.stdout.splitlines() if "(allmänna råd)" in line and line.startswith("  ")]
    assert lines and all(line.split()[0] in ("RÅD", "UPPFYLLT", "EJ", "FRAMGÅR") for line in lines), lines
    assert not any(line.split()[0] == "BRIST" for line in lines), "advice is never a deficiency"
    assert "råd att överväga" in res.stdout.splitlines()[-1]
