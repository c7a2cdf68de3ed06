"""samosa as a user gets it: the wheel and sdist, installed outside the repository, every install
instruction, the README's set-up from a fresh clone, the pre-commit hook and the example workflow.

Everything here runs for real: ``python -m build`` in a copy of the work tree,
``twine check``, a fresh virtual environment with the wheel (its dependencies from
the package index pip is configured with), the commands run from a directory
outside the repository, ``pre-commit try-repo`` building the hook environment from
this repository, and the example GitHub workflow's steps executed the way the
runner would (``$GITHUB_ENV`` included), with and without a waivers file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema.validators import validator_for
from ruamel.yaml import YAML

from samosa._version import PROJECT_URL, __version__

from .ci_helpers import SARIF_SCHEMA, planned, waiver_file
from .conftest import ROOT, deep_merge, dump_yaml

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DISTRIBUTION = "samosa-arbetsmiljo"
WORKFLOW = ROOT / "docs" / "examples" / "github-workflow.yml"
SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
INSPECTION = ROOT / "sample_inspections" / "mellanby_inspection.yaml"
BIN = "Scripts" if os.name == "nt" else "bin"
#: The newest major version of each action the example uses (checked 2026-12 against the
#: actions' release notes); the test fails when the workflow falls behind these.
CURRENT_ACTIONS = {
    "actions/checkout": 7,
    "actions/setup-python": 7,
    "github/codeql-action/upload-sarif": 4,
    "actions/upload-artifact": 7,
}


def _tracked_files() -> list[str]:
    """What a clone would have, plus uncommitted work: tracked and new, never ignored, files."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if (ROOT / line).is_file()]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_COLOR="1", SAMOSA_DEBUG="")
    env.update(extra)
    return env


def _run(args, cwd, env=None, check=True, timeout=900) -> subprocess.CompletedProcess:
    res = subprocess.run(args, cwd=cwd, env=env or _env(), capture_output=True, text=True, timeout=timeout, check=False)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} exited {res.returncode}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return res


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """``python -m build`` (sdist, then the wheel built from the sdist) in a copy of the tree."""
    src = tmp_path_factory.mktemp("src")
    for name in _tracked_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    res = _run([sys.executable, "-m", "build", "--outdir", str(out), str(src)], cwd=src)
    noise = [line for line in (res.stdout + res.stderr).splitlines() if re.search(r"warn", line, re.I)]
    assert not noise, noise  # a clean build: no setuptools warnings
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"samosa_arbetsmiljo-{__version__}-py3-none-any.whl", f"samosa_arbetsmiljo-{__version__}.tar.gz"]
    twine = _run([sys.executable, "-m", "twine", "check", "--strict", *map(str, out.iterdir())], cwd=out)
    assert twine.stdout.count("PASSED") == 2, twine.stdout
    return out


def _wheel(dist: Path) -> Path:
    return next(dist.glob("*.whl"))


@pytest.fixture(scope="module")
def venv(tmp_path_factory, dist) -> Path:
    """A fresh virtual environment with the wheel installed (dependencies from the configured index)."""
    where = tmp_path_factory.mktemp("venv") / "v"
    _run([sys.executable, "-m", "venv", str(where)], cwd=where.parent)
    _run([str(where / BIN / "python"), "-m", "pip", "install", "--quiet", str(_wheel(dist))], cwd=where.parent)
    return where


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    """A working directory outside the repository, with the sample and the inspection record."""
    work = tmp_path / "kommunen"
    work.mkdir()
    assert ROOT not in work.parents
    shutil.copy(SAMPLE, work / "org.yaml")
    shutil.copy(INSPECTION, work / "inspection.yaml")
    return work


def _samosa(venv: Path, *args: str, cwd: Path, check_rc=None) -> subprocess.CompletedProcess:
    res = _run([str(venv / BIN / "samosa"), *args], cwd=cwd, check=False)
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    if check_rc is not None:
        assert res.returncode == check_rc, (args, res.returncode, res.stdout[-2000:], res.stderr[-2000:])
    return res


def test_wheel_and_sdist_carry_the_data_and_the_metadata(dist):
    tracked = _tracked_files()
    data = sorted(n for n in tracked if n.split("/")[0] in ("rules", "templates", "schema"))
    assert len(data) > 50
    with zipfile.ZipFile(_wheel(dist)) as whl:
        names = set(whl.namelist())
        assert {f"samosa/_data/{n}" for n in data} <= names
        examples = sorted(n for n in tracked if n.startswith("tests/rules/") and n.endswith(".yaml"))
        assert examples and {f"samosa/_data/examples/{n.split('/')[-1]}" for n in examples} <= names
        info = f"samosa_arbetsmiljo-{__version__}.dist-info"
        assert f"{info}/licenses/LICENSE" in names
        meta = whl.read(f"{info}/METADATA").decode()
        entry_points = whl.read(f"{info}/entry_points.txt").decode()
    assert f"Name: {DISTRIBUTION}\n" in meta and f"Version: {__version__}\n" in meta
    assert "License-Expression: MIT" in meta and "Classifier: Natural Language :: Swedish" in meta
    urls = re.findall(r"^Project-URL: [^,]+, (.+)$", meta, flags=re.M)
    assert urls and all(u.startswith(PROJECT_URL) for u in urls)
    assert "samosa = samosa.cli:main" in entry_points
    assert re.search(r"^Requires-Dist: typer!=0\.29\.\*,>=0\.16$", meta, flags=re.M), meta
    import tarfile

    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert set(data) <= members and "LICENSE" in members


def test_installed_samosa_runs_outside_the_repository(venv, elsewhere):
    assert _samosa(venv, "--version", cwd=elsewhere, check_rc=0).stdout == f"samosa {__version__}\n"
    out = _samosa(venv, "check", "org.yaml", cwd=elsewhere, check_rc=1).stdout
    assert out.startswith("samosa — Mellanby kommun") and "Sammanfattning:" in out
    sarif = json.loads(_samosa(venv, "check", "org.yaml", "--format", "sarif", cwd=elsewhere, check_rc=1).stdout)
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    assert all(r["helpUri"].startswith(f"{PROJECT_URL}/blob/v{__version__}/rules/") for r in driver["rules"])
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "org.yaml"
    _samosa(
        venv, "render", "self_assessment", "org.yaml", "--format", "html", "-o", "sa.html", cwd=elsewhere, check_rc=0
    )
    _samosa(
        venv,
        "render",
        "inspektionsmeddelande",
        "org.yaml",
        "--inspection",
        "inspection.yaml",
        "--format",
        "pdf",
        "-o",
        "im.pdf",
        cwd=elsewhere,
        check_rc=0,
    )
    assert (elsewhere / "im.pdf").read_bytes().startswith(b"%PDF")
    _samosa(venv, "report", "org.yaml", "--output", "rapport.html", cwd=elsewhere, check_rc=0)
    assert "<html" in (elsewhere / "rapport.html").read_text(encoding="utf-8")
    listing = _samosa(venv, "rules", "list", cwd=elsewhere, check_rc=0).stdout
    assert re.search(r"^\d+ regler\.$", listing, flags=re.M)
    shown = _samosa(venv, "rules", "show", "SAM-POLICY", cwd=elsewhere, check_rc=0).stdout
    assert "Exempel (testfall" in shown and "no_policy_fails: policy: null" in shown  # the examples ship
    _samosa(venv, "plan", "org.yaml", "--format", "svg", "-o", "plan.svg", cwd=elsewhere, check_rc=1)
    # A directory: the inspection record is no org file, so it is reported as one that cannot be read.
    junit = _samosa(venv, "check", ".", "--format", "junit", cwd=elsewhere, check_rc=2).stdout
    assert junit.startswith("<?xml") and 'name="inspection.yaml: Fel i filen"' in junit
    where = _run(
        [
            str(venv / BIN / "python"),
            "-c",
            "from samosa.source.resources import resource_dir; print(resource_dir('rules'))",
        ],
        cwd=elsewhere,
    ).stdout.strip()
    assert Path(where).parts[-3:] == ("samosa", "_data", "rules") and "site-packages" in where
    # The case register: its migrations come from the wheel; open, send, list what is due.
    _samosa(venv, "cases", "open", "org.yaml", "inspection.yaml", "--db", "reg.sqlite", cwd=elsewhere, check_rc=0)
    _samosa(venv, "cases", "send", "2024/004711", "tillsynsmeddelande", "--db", "reg.sqlite", cwd=elsewhere, check_rc=0)
    due = _samosa(venv, "cases", "due", "--db", "reg.sqlite", "--on", "2024-03-06", cwd=elsewhere, check_rc=0).stdout
    assert "overdue    2024/004711  the employer's account" in due, due
    assert (
        "Krav per föreskrift"
        in _samosa(venv, "cases", "stats", "--db", "reg.sqlite", "--format", "html", cwd=elsewhere, check_rc=0).stdout
    )


def test_a_missing_pack_says_the_pack_is_missing(venv, elsewhere):
    data = next((venv / "lib").glob("python3*/site-packages/samosa/_data"))
    for name, command, needle in (
        ("rules", ["check", "org.yaml"], "the bundled rule pack is missing from this installation"),
        ("templates", ["render", "self_assessment", "org.yaml"], "the bundled templates are missing"),
    ):
        (data / name).rename(data / f"{name}.moved")
        try:
            res = _samosa(venv, *command, cwd=elsewhere, check_rc=2)
            assert needle in res.stderr and DISTRIBUTION in res.stderr, res.stderr
        finally:
            (data / f"{name}.moved").rename(data / name)
    _samosa(venv, "check", "org.yaml", cwd=elsewhere, check_rc=1)


def test_a_missing_rules_directory_is_named(venv, elsewhere):
    res = _samosa(venv, "check", "org.yaml", "--rules", "no-such-pack", cwd=elsewhere, check_rc=2)
    assert "no-such-pack:1:1: rule pack directory does not exist" in res.stderr


# ------------------------------------------------------------------ install instructions

INSTRUCTION_FILES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    WORKFLOW,
    ROOT / ".pre-commit-hooks.yaml",
]
#: `pip install [flags] REQUIREMENT`, wherever the docs write it (shell, YAML, prose).
PIP_INSTALL = re.compile(r"pip install((?:[ \t]+-[\w-]+)*)[ \t]+([^\s`()]+)")


def _install_commands() -> list[tuple[str, str]]:
    found = []
    for path in INSTRUCTION_FILES:
        for m in PIP_INSTALL.finditer(path.read_text(encoding="utf-8")):
            found.append((path.relative_to(ROOT).as_posix(), f"{m.group(1)} {m.group(2)}".strip()))
    return found


def test_every_install_instruction_names_our_distribution():
    commands = _install_commands()
    for where, args in commands:
        words = [w.strip("'\"") for w in args.split()]
        assert "samosa" not in words, f"{where}: `pip install samosa` fetches someone else's project"
    naming = {where for where, args in commands if args.split()[-1] == DISTRIBUTION}
    assert {"README.md", "docs/guide-municipalities.md", "docs/ci.md", "docs/examples/github-workflow.yml"} <= naming


def test_documented_install_resolves_to_this_build(venv, dist, elsewhere):
    """`pip install samosa-arbetsmiljo`, as the docs write it, resolved against this build only."""
    pip = [str(venv / BIN / "python"), "-m", "pip"]
    for _, args in sorted(set(_install_commands())):
        if args.split()[-1] != DISTRIBUTION:
            continue
        _run([*pip, "uninstall", "--yes", "--quiet", DISTRIBUTION], cwd=elsewhere)
        env = _env(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(dist))
        _run([*pip, "install", "--quiet", *args.split()], cwd=elsewhere, env=env)
        _samosa(venv, "--version", cwd=elsewhere, check_rc=0)


def test_readme_setup_from_a_fresh_clone(tmp_path):
    """The README's two set-up commands, in a clone of the committed tree (what CI and a user get).

    The test command's `python -m pytest` (the whole suite) is what .ci/run runs; here the
    suite is only collected, so the test does not run itself recursively.
    """
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv \.venv && .+)$", readme, flags=re.M)
    assert len(commands) == 2, commands
    try_it, run_tests = commands
    assert try_it.endswith("samosa check sample_orgs/mellanby_ifo.yaml")
    assert run_tests.endswith("&& python -m pytest")
    clone = tmp_path / "samosa"
    _run(["git", "clone", "--quiet", str(ROOT), str(clone)], cwd=tmp_path)
    env = _env(HOME=os.environ.get("HOME", str(tmp_path)))
    res = _run(
        ["bash", "-c", run_tests.removesuffix("python -m pytest") + "python -m pytest --collect-only"],
        cwd=clone,
        env=env,
    )
    assert re.search(r"\d+ tests collected", res.stdout), res.stdout[-500:]
    res = _run(["bash", "-c", try_it], cwd=clone, env=env, check=False)
    assert res.returncode == 1, res.stderr  # the sample has deficiencies
    assert "Sammanfattning:" in res.stdout and res.stderr == ""


# ------------------------------------------------------------------ pre-commit


def _git(cwd: Path, *args: str) -> None:
    env = _env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t")
    env.update(GIT_COMMITTER_EMAIL="t@example.invalid", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    _run(["git", *args], cwd=cwd, env=env)


def test_pre_commit_try_repo_with_the_python_hook(tmp_path, base_org_data):
    """`pre-commit try-repo` builds the `samosa-check` hook's environment from this repository.

    pre-commit's pip uses the same configuration as every pip here (PIP_* variables,
    pip.conf), so it reaches the package index or local mirror that the machine has.
    """
    repo = tmp_path / "kommun"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "org.yaml").write_text(dump_yaml(base_org_data), encoding="utf-8")
    _git(repo, "add", ".")
    env = _env(PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")

    def try_repo() -> subprocess.CompletedProcess:
        return _run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "samosa-check", "--all-files"],
            cwd=repo,
            env=env,
            check=False,
        )

    ok = try_repo()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"samosa check \(SAM/OSA\)\.+Passed", ok.stdout), ok.stdout

    (repo / "org.yaml").write_text(dump_yaml(deep_merge(base_org_data, {"policy": "<null>"})), encoding="utf-8")
    _git(repo, "add", ".")
    bad = try_repo()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and re.search(r"^org\.yaml:\d+:\d+: BRIST SAM-POLICY ", bad.stdout, flags=re.M)
    assert len([line for line in bad.stdout.splitlines() if line.startswith("org.yaml:")]) < 10  # --quiet


# ------------------------------------------------------------------ the example workflow


def test_example_workflow_is_valid_and_current():
    res = _run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        cwd=ROOT,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    steps = workflow["jobs"]["samosa"]["steps"]
    used = dict(s["uses"].split("@") for s in steps if "uses" in s)
    assert set(used) == set(CURRENT_ACTIONS)
    for action, version in used.items():
        assert int(version.removeprefix("v")) >= CURRENT_ACTIONS[action], (action, version)


def _run_workflow(venv: Path, dist: Path, repo: Path, tmp: Path) -> dict[str, subprocess.CompletedProcess]:
    """Every step of the job as the runner would: bash -e, $GITHUB_ENV carried to later steps,
    steps after a failure skipped unless `if: always()`; `uses:` steps are checked, not run."""
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    github_env = tmp / "github_env"
    github_env.write_text("", encoding="utf-8")
    base = _env(
        PATH=str(venv / BIN) + os.pathsep + os.environ["PATH"],
        GITHUB_ENV=str(github_env),
        # The install step resolves the distribution against this build, not the index.
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(dist),
    )
    results: dict[str, subprocess.CompletedProcess] = {}
    failed = False
    for step in workflow["jobs"]["samosa"]["steps"]:
        condition = str(step.get("if", ""))
        if failed and "always()" not in condition:
            continue
        name = step.get("name", step.get("uses"))
        if "uses" in step:
            if "upload-sarif" in step["uses"]:
                assert "hashFiles('samosa.sarif')" in condition
                if (repo / step["with"]["sarif_file"]).exists():
                    sarif = json.loads((repo / step["with"]["sarif_file"]).read_text(encoding="utf-8"))
                    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
                    assert not list(validator_for(schema)(schema).iter_errors(sarif))
                    results[name] = sarif
            continue
        env = dict(base)
        for line in github_env.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        res = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert "internal error" not in res.stderr and "No such file" not in res.stderr, res.stderr
        results[name] = res
        failed = failed or res.returncode != 0
    return results


@pytest.mark.parametrize("case", ["compliant", "deficient", "deficient-waived", "compliant-with-waivers"])
def test_example_workflow_runs(venv, dist, tmp_path, base_org_data, rulebook, case):
    from samosa import evaluate, load_org

    repo = tmp_path / "repo"
    repo.mkdir()
    data = base_org_data if case.startswith("compliant") else deep_merge(base_org_data, {"policy": "<null>"})
    (repo / "org.yaml").write_text(dump_yaml(data), encoding="utf-8")
    if case == "deficient-waived":  # a planned action for every legal deficiency
        legal = [f for f in evaluate(load_org(repo / "org.yaml"), rulebook).failing_at("legal")]
        entries = [planned(f.rule, f.scope, id=f"w-plan{i or ''}") for i, f in enumerate(legal)]
        (repo / "waivers.yaml").write_text(waiver_file(*entries), encoding="utf-8")
    elif case == "compliant-with-waivers":
        (repo / "waivers.yaml").write_text("schema_version: 1\nwaivers: []\n", encoding="utf-8")
    steps = _run_workflow(venv, dist, repo, tmp_path)
    check = steps["Check (annotations and exit code)"]
    assert steps["Install samosa"].returncode == 0, steps["Install samosa"].stderr
    assert steps["SARIF for code scanning"].returncode == 0
    assert steps["JUnit report"].returncode == 0 and (repo / "samosa-junit.xml").exists()
    sarif = steps["Upload SARIF"]
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"] if r["level"] == "error"]
    assert check.stdout.splitlines()[-1].startswith("::notice title=samosa::")
    if case == "deficient":
        assert check.returncode == 1 and any("SAM-POLICY" in line for line in check.stdout.splitlines())
        assert messages and not any(m.startswith("Planerad åtgärd") for m in messages)
    elif case == "deficient-waived":
        assert check.returncode == 0, check.stdout
        assert any(m.startswith("Planerad åtgärd (w-plan)") for m in messages)
    else:  # the base organisation meets every legal requirement (it has advice to consider)
        assert check.returncode == 0 and messages == []
