"""`samosa check DIR/ --jobs N`: one combined, deterministic result over many files."""

from __future__ import annotations

import json
import os
import re
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


# ------------------------------------------------------------------ streaming and the CI formats


def _cli_bytes(args, cwd=ROOT):
    import subprocess

    return subprocess.run(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args], capture_output=True, cwd=cwd
    )


def test_streamed_json_is_the_whole_document_byte_for_byte(kommuner):
    """The incrementally written document equals serialising the whole BatchResult at once."""
    whole = check_many([kommuner], RULES_DIR, jobs=1)
    expected = json.dumps(whole.model_dump(mode="json"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    res = _cli_bytes(["check", str(kommuner), "--format", "json", "--rules", str(RULES_DIR)])
    assert res.returncode == 2 and res.stdout.decode("utf-8") == expected


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_directory_formats_are_the_same_with_any_number_of_jobs(kommuner, fmt):
    one = _cli_bytes(["check", str(kommuner), "--format", fmt, "--jobs", "1"])
    two = _cli_bytes(["check", str(kommuner), "--format", fmt, "--jobs", "2"])
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout and one.stdout


def test_directory_sarif_is_one_valid_run(kommuner):
    from jsonschema.validators import validator_for

    from .ci_helpers import SARIF_SCHEMA

    res = _cli_bytes(["check", str(kommuner), "--format", "sarif", "--root", str(kommuner)])
    log = json.loads(res.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert not list(validator_for(schema)(schema).iter_errors(log))
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    files = set()
    for r in run_["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and (kommuner / uri).is_file()
        assert r["properties"]["file"].endswith(uri)
        files.add(uri)
    assert "sub/mellanby.yaml" in files and len(files) == 7
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "trasig.yaml"
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert run_["properties"]["files"]["files"] == 8


def test_directory_junit_is_valid_and_totals_add_up(kommuner):
    import xml.etree.ElementTree as ET

    import xmlschema

    res = _cli_bytes(["check", str(kommuner), "--format", "junit"])
    text = res.stdout.decode("utf-8")
    xmlschema.XMLSchema(str(ROOT / "tests" / "schemas" / "junit-10.xsd")).validate(text)
    root = ET.fromstring(text)
    suites = root.findall("testsuite")
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites)
    for s in suites:
        assert int(s.get("tests")) == len(s.findall("testcase"))
    broken = [s for s in suites if s.get("name").endswith("trasig.yaml: Fel i filen")]
    assert len(broken) == 1 and broken[0].find("testcase/error").text.startswith(str(kommuner / "trasig.yaml") + ":3:")
    assert {s.get("file") for s in suites} == {str(p) for p in collect_files([kommuner])}


def test_directory_github_annotations(kommuner):
    res = _cli_bytes(["check", str(kommuner), "--format", "github", "--root", str(kommuner)])
    lines = res.stdout.decode("utf-8").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any(line.startswith("::error file=trasig.yaml,line=3,") and "title=Fel i filen" in line for line in lines)
    assert any("file=sub/mellanby.yaml," in line for line in lines)
    assert lines[-1].startswith("::notice title=samosa::samosa: 8 filer (7 bedömda, 1 med fel i filen")


def test_quiet_directory_text_lists_only_what_is_not_ok(kommuner, tmp_path):
    res = _cli_bytes(["check", str(kommuner), "--quiet", "--fail-on", "never"])
    out = res.stdout.decode("utf-8")
    assert "FEL I FILEN" in out and not re.search(r"^OK ", out, flags=re.M)
    assert "Filer: 8 (7 bedömda, 1 med fel i filen" in out


def test_iter_check_is_lazy(monkeypatch, kommuner):
    from samosa.engine import batch
    from samosa.engine.batch import iter_check, load_book

    calls = []
    real = batch._check_one
    monkeypatch.setattr(
        batch, "_check_one", lambda t, book=None, render=None: calls.append(t[0]) or real(t, book, render)
    )
    results = iter_check(collect_files([kommuner]), load_book(RULES_DIR), jobs=1)
    first = next(results)
    assert len(calls) == 1 and first.file == calls[0]
    results.close()


def test_iter_check_keeps_a_bounded_window_of_work_in_flight(monkeypatch, tmp_path):
    """With N jobs at most IN_FLIGHT × N files are submitted ahead of the consumer, however many files."""
    import concurrent.futures

    from samosa.engine.batch import IN_FLIGHT, iter_check, load_book

    write_municipalities(tmp_path, 40)
    submitted = []

    class Counting(concurrent.futures.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            submitted.append(args[0][0])
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    results = iter_check(collect_files([tmp_path]), load_book(RULES_DIR), jobs=2)
    first = next(results)
    assert first.file == submitted[0] and len(submitted) <= IN_FLIGHT * 2 + 1
    rest = list(results)
    assert len(rest) == 39 and len(submitted) == 40


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_only_on_a_terminal(kommuner, tmp_path, quiet):
    from .ci_helpers import on_terminal

    out = tmp_path / "batch.json"
    args = ["check", str(kommuner), "--format", "json", "--output", str(out)] + (["--quiet"] if quiet else [])
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")} | {"TERM": "xterm"}
    code, drawn = on_terminal(args, "stderr", env)
    assert code == 2
    assert (b"samosa check" in drawn and b"8/8" in drawn) is not quiet, drawn[-300:]
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 8
    # Not a terminal: nothing on stderr but what went wrong.
    res = _cli_bytes(["check", str(kommuner), "--format", "json", "--output", str(out)])
    assert res.returncode == 2 and res.stderr == b""


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_written_in_the_workers_are_the_results_written_by_the_parent(kommuner, jobs):
    """``render`` writes each file's JSON where it was checked and leaves the assessment there; the
    document and the totals are the same as when the parent writes every result itself."""
    import io

    from samosa.engine.batch import iter_check, load_book
    from samosa.reporters.batch import RENDER_IN_WORKERS, write_batch

    book = load_book(RULES_DIR)
    files = collect_files([kommuner])
    out = {}
    for render in (None, RENDER_IN_WORKERS["json"]):
        buffer = io.StringIO()
        results = list(iter_check(files, book, jobs, render=render))
        assert all((r.assessment is None) == (render is not None) for r in results if r.outcome == "evaluated")
        totals = write_batch(results, buffer, "json", fail_on="legal", book=book)
        out[render is None] = (buffer.getvalue(), totals.summary(), totals.counts, totals.exit_code)
    assert out[True] == out[False]
