"""The pre-commit hooks, run for real against temporary git repositories.

This test uses the ``samosa-check-system`` hook (``language: system``): it runs
the samosa installed in this environment. The ``language: python`` hook, whose
environment pre-commit builds from this repository, is run with
``pre-commit try-repo`` in tests/test_packaging.py, next to the example workflow.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import ROOT, deep_merge, dump_yaml

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOOKS = ROOT / ".pre-commit-hooks.yaml"


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
    assert hooks["samosa-check"]["entry"] == hooks["samosa-check-system"]["entry"] == "samosa precommit --quiet"


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
    assert re.search(
        r"org.yaml:\d+:\d+: BRIST SAM-POLICY Arbetsmiljöpolicy", bad.stdout
    )  # --quiet: one line per finding

    (repo / "org.yaml").write_text("organisation:\n  name: K\n  employes: 3\n", encoding="utf-8")
    _git(repo, env, "add", ".")
    broken = pre_commit()
    assert broken.returncode == 1 and "org.yaml:3:3: unknown key 'employes'" in broken.stdout
