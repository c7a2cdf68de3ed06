"""The pre-commit hooks and the example CI workflow, run for real against temporary git repositories.

The test uses the ``samosa-check-system`` hook (``language: system``): it runs
the samosa installed in this environment, so no package index is needed at
test time. The ``language: python`` hook differs only in how pre-commit
builds its environment; its manifest entry is validated by pre-commit itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema.validators import validator_for
from ruamel.yaml import YAML

from .ci_helpers import SARIF_SCHEMA
from .conftest import ROOT, deep_merge, dump_yaml

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOOKS = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / "docs" / "examples" / "github-workflow.yml"


def _env(tmp_path: Path) -> dict[str, str]:
    """samosa and pre-commit from this interpreter's environment first on PATH; no user config."""
    bindir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PATH=bindir + os.pathsep + env.get("PATH", ""),
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        HOME=str(tmp_path),
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    return env


def _git(cwd: Path, env, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_manifest_is_valid():
    res = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stdout + res.stderr
    hooks = {h["id"]: h for h in YAML(typ="safe").load(HOOKS.read_text(encoding="utf-8"))}
    assert hooks["samosa-check"]["language"] == "python"
    assert hooks["samosa-check"]["entry"] == hooks["samosa-check-system"]["entry"] == "samosa precommit"


def test_pre_commit_runs_the_hook(tmp_path, base_org_data):
    env = _env(tmp_path)
    hooks_repo = tmp_path / "hooks"
    hooks_repo.mkdir()
    shutil.copy(HOOKS, hooks_repo / ".pre-commit-hooks.yaml")
    _git(hooks_repo, env, "init", "-q")
    _git(hooks_repo, env, "add", ".")
    _git(hooks_repo, env, "commit", "-q", "-m", "hooks")
    rev = _git(hooks_repo, env, "rev-parse", "HEAD").strip()

    repo = tmp_path / "kommun"
    repo.mkdir()
    _git(repo, env, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo.as_uri()}\n    rev: {rev}\n    hooks:\n"
        f"      - id: samosa-check-system\n        args: [--profile, sam]\n",
        encoding="utf-8",
    )
    (repo / "org.yaml").write_text(dump_yaml(base_org_data), encoding="utf-8")
    (repo / "notes.yaml").write_text("not: an org file\n", encoding="utf-8")
    _git(repo, env, "add", ".")

    def pre_commit():
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )

    ok = pre_commit()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "samosa check (SAM/OSA, installed samosa)" in ok.stdout and "Passed" in ok.stdout

    (repo / "org.yaml").write_text(dump_yaml(deep_merge(base_org_data, {"policy": "<null>"})), encoding="utf-8")
    _git(repo, env, "add", ".")
    bad = pre_commit()
    assert bad.returncode == 1 and "Failed" in bad.stdout
    assert "BRIST          SAM-POLICY" in bad.stdout

    (repo / "org.yaml").write_text("organisation:\n  name: K\n  employes: 3\n", encoding="utf-8")
    _git(repo, env, "add", ".")
    broken = pre_commit()
    assert broken.returncode == 1 and "org.yaml:3:3: unknown key 'employes'" in broken.stdout


def test_example_workflow_commands_run(tmp_path, base_org_data):
    """Every `samosa` step of docs/examples/github-workflow.yml, executed as the runner would."""
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["samosa"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("samosa ")]
    assert len(commands) == 3
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif")]
    assert uploads and uploads[0]["with"]["sarif_file"] == "samosa.sarif"
    assert workflow["permissions"]["security-events"] == "write"

    work = tmp_path / "repo"
    work.mkdir()
    (work / "org.yaml").write_text(dump_yaml(base_org_data), encoding="utf-8")
    (work / "waivers.yaml").write_text("schema_version: 1\nwaivers: []\n", encoding="utf-8")
    env = _env(tmp_path)
    codes = [subprocess.run(c, shell=True, cwd=work, env=env, capture_output=True, text=True) for c in commands]
    assert [c.returncode for c in codes] == [0, 0, 0], [c.stderr for c in codes]
    sarif = json.loads((work / "samosa.sarif").read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert not list(validator_for(schema)(schema).iter_errors(sarif))
    assert (work / "samosa-junit.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert codes[1].stdout.splitlines()[-1].startswith("::notice title=samosa::")
