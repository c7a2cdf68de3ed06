"""`samosa check DIR/ --jobs N`: one combined, deterministic result over many files."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samosa.engine.batch import check_many, collect_files

from .conftest import ROOT, RULES_DIR

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import synthetic_org, write_municipalities  # noqa: E402

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"


@pytest.fixture(scope="module")
def kommuner(tmp_path_factory):
    directory = tmp_path_factory.mktemp("batch") / "kommuner"
    write_municipalities(directory, 6)
    (directory / "sub").mkdir()
    shutil.copy(SAMPLE, directory / "sub" / "mellanby.yaml")
    (directory / "trasig.yaml").write_text("organisation:\n  name: [\n", encoding="utf-8")
    (directory / "README.txt").write_text("not yaml", encoding="utf-8")
    (directory / ".hidden.yaml").write_text("ignored: true\n", encoding="utf-8")
    return directory


def test_synthetic_orgs_are_valid_and_deterministic():
    from samosa import load_org

    assert synthetic_org(20) == synthetic_org(20)
    org = load_org("s.yaml", synthetic_org(20))
    assert len(org.model.units) == 20


def test_collect_files_sorted_recursive_yaml_only(kommuner):
    files = collect_files([kommuner])
    names = [str(p.relative_to(kommuner)) for p in files]
    assert names == sorted(names, key=lambda n: str(kommuner / n))
    assert "sub/mellanby.yaml" in names and "trasig.yaml" in names
    assert "README.txt" not in names and ".hidden.yaml" not in names


def test_check_many_combines_results_in_file_order(kommuner):
    result = check_many([kommuner], RULES_DIR, jobs=1)
    assert [r.file for r in result.results] == [str(p) for p in collect_files([kommuner])]
    broken = [r for r in result.results if r.outcome == "input_error"]
    assert [Path(r.file).name for r in broken] == ["trasig.yaml"]
    assert broken[0].exit_code == 2 and broken[0].problems[0].line == 3
    assert result.summary.files == 8 and result.summary.input_errors == 1 and result.summary.evaluated == 7
    total = sum(r.assessment.summary.total for r in result.results if r.assessment)
    assert sum(result.summary.by_status.values()) == total
    assert result.exit_code == 2


def test_parallel_result_is_identical_to_serial(kommuner):
    one = check_many([kommuner], RULES_DIR, jobs=1).model_dump_json()
    two = check_many([kommuner], RULES_DIR, jobs=2).model_dump_json()
    assert one == two


def _cli(args):
    from samosa.cli.app import app

    return CliRunner().invoke(app, args)


def test_cli_directory_json_and_exit_codes(kommuner, tmp_path):
    res = _cli(["check", str(kommuner), "--jobs", "2", "--format", "json"])
    assert res.exit_code == 2, res.output
    data = json.loads(res.output)
    assert data["kind"] == "batch" and data["summary"]["files"] == 8
    assert [r["file"] for r in data["results"]] == sorted(r["file"] for r in data["results"])

    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SAMPLE, good / "a.yaml")
    res = _cli(["check", str(good), "--jobs", "0"])
    assert res.exit_code == 1, res.output
    assert "BRISTER" in res.output and "Filer: 1 (1 bedömda" in res.output
    res = _cli(["check", str(good), "--fail-on", "never"])
    assert res.exit_code == 0, res.output


def test_cli_directory_output_never_over_an_input(kommuner):
    target = kommuner / "sub" / "mellanby.yaml"
    before = target.read_bytes()
    res = _cli(["check", str(kommuner), "--output", str(target)])
    assert res.exit_code == 2 and "refusing" in res.output
    assert target.read_bytes() == before


def test_cli_empty_directory_is_a_usage_error(tmp_path):
    res = _cli(["check", str(tmp_path)])
    assert res.exit_code == 2 and "no .yaml files" in res.output
