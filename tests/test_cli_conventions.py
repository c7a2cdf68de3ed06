"""Command-line conventions: --version, -h on every command, --help without typer's "<bool>",
shell completion, NO_COLOR/FORCE_COLOR, '-' for standard input, --quiet, and what text shows by default."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from samosa._version import __version__

from .conftest import ROOT

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
SAMOSA = Path(sys.executable).parent / "samosa"


def run(*args, input=None, env=None, cwd=ROOT):
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args],
        capture_output=True,
        input=input,
        cwd=cwd,
        env=environ,
    )


def _command_paths() -> list[list[str]]:
    from samosa.cli import app

    root = typer.main.get_command(app)
    paths = [[]]

    def walk(cmd, prefix: list[str]) -> None:
        if hasattr(cmd, "commands"):  # a group (typer may bring its own click)
            for name, sub in cmd.commands.items():
                paths.append(prefix + [name])
                walk(sub, prefix + [name])

    walk(root, [])
    return paths


COMMANDS = _command_paths()


def test_every_command_is_covered():
    names = {" ".join(p) for p in COMMANDS}
    assert {"check", "plan", "render", "report", "schema", "init", "precommit", "rules", "rules list"} <= names


def test_version():
    res = run("--version")
    assert res.returncode == 0 and res.stdout.decode() == f"samosa {__version__}\n"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "samosa")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_everywhere_and_no_bool_placeholders(path, flag):
    """typer 0.29 prints "<bool>" after every flag; pyproject excludes it, this would catch the next one."""
    res = run(*path, flag, env={"COLUMNS": "100"})
    out = res.stdout.decode()
    assert res.returncode == 0, res.stderr.decode()
    assert "Usage: " in out and "Traceback" not in out + res.stderr.decode()
    assert "<bool>" not in out, out
    assert re.search(r"--help\s+-h\s", out), out


def test_shell_completion_script_completes_in_bash(tmp_path):
    if shutil.which("bash") is None or not SAMOSA.exists():
        pytest.skip("needs bash and the samosa script of this environment")
    script = subprocess.run([str(SAMOSA), "--show-completion", "bash"], capture_output=True, text=True).stdout
    assert "_SAMOSA_COMPLETE=complete_bash" in script and "complete " in script
    (tmp_path / "samosa.bash").write_text(script, encoding="utf-8")
    probe = (
        f'source "{tmp_path / "samosa.bash"}"; '
        'COMP_WORDS=(samosa check --format ""); COMP_CWORD=3; _samosa_completion samosa; '
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = dict(os.environ, PATH=f"{SAMOSA.parent}{os.pathsep}{os.environ['PATH']}")
    res = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True, env=env)
    assert res.stdout.split() == ["text", "json", "sarif", "junit", "github"], res.stdout + res.stderr
    commands = subprocess.run(
        ["bash", "--norc", "-c", probe.replace('check --format ""); COMP_CWORD=3', "re); COMP_CWORD=1")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert commands.stdout.split() == ["render", "report"], commands.stdout + commands.stderr


# ------------------------------------------------------------------ colour


@pytest.mark.parametrize(
    "env, coloured",
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "true"}, True),
        ({"FORCE_COLOR": "0"}, False),
        ({"FORCE_COLOR": ""}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_force_color_and_no_color_on_a_pipe(env, coloured):
    res = run("check", str(SAMPLE), env=env)
    assert res.returncode == 1
    assert (b"\x1b[31m" in res.stdout) is coloured


def test_output_files_never_get_colour(tmp_path):
    out = tmp_path / "r.txt"
    assert run("check", str(SAMPLE), "--output", str(out), env={"FORCE_COLOR": "1"}).returncode == 1
    assert "\x1b[" not in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ standard input


def test_check_reads_standard_input():
    from_file = run("check", str(SAMPLE.relative_to(ROOT)), "--format", "json")
    from_stdin = run("check", "-", "--format", "json", input=SAMPLE.read_bytes())
    assert from_stdin.returncode == from_file.returncode == 1
    a, b = json.loads(from_file.stdout), json.loads(from_stdin.stdout)
    assert b["organisation"]["file"] == "<stdin>"
    assert json.dumps(b).replace("<stdin>", "sample_orgs/mellanby_ifo.yaml") == json.dumps(a)


@pytest.mark.parametrize(
    "args, rc",
    [
        (["plan", "-", "--format", "json"], 1),
        (["report", "-"], 0),
        (["render", "self_assessment", "-", "--format", "md"], 0),
    ],
)
def test_other_commands_read_standard_input(args, rc):
    res = run(*args, input=SAMPLE.read_bytes())
    assert res.returncode == rc, res.stderr.decode()
    assert res.stdout and not res.stderr


def test_bad_standard_input_is_positioned():
    res = run("check", "-", input="organisation:\n  name: K\xe4\n".encode("latin-1"))
    assert res.returncode == 2
    assert "<stdin>:2:10: file is not valid UTF-8 (byte 0xe4)" in res.stderr.decode()
    res = run("check", "-", input=SAMPLE.read_text(encoding="utf-8").encode("utf-16"))  # as a file is
    assert res.returncode == 2 and "<stdin>:1:1: file is UTF-16; save it as UTF-8" in res.stderr.decode()
    res = run("check", "-", input=b"organisation:\n  name: [\n")
    assert res.returncode == 2 and res.stderr.decode().startswith("<stdin>:")


def test_standard_input_has_the_file_size_limit():
    from samosa.source.loader import MAX_BYTES

    res = run("check", "-", input=b"#" * (MAX_BYTES + 1))
    assert res.returncode == 2 and f"the limit is {MAX_BYTES} bytes" in res.stderr.decode()


# ------------------------------------------------------------------ what text shows


@pytest.fixture(scope="module")
def sample_json():
    return json.loads(run("check", str(SAMPLE.relative_to(ROOT)), "--format", "json").stdout)


def test_default_lists_failing_and_summarises_passing(sample_json):
    out = run("check", str(SAMPLE.relative_to(ROOT))).stdout.decode()
    findings = sample_json["findings"]
    passing = [f for f in findings if f["status"] == "pass"]
    failing = [f for f in findings if f["status"] in ("fail", "partial", "error", "not_shown")]
    # Every failing finding in full: its label line and its "Varför".
    assert out.count("      Varför: ") == len(failing)
    for f in failing:
        scope = "" if f["scope"] == "organisation" else f" [{f['scope'][5:]}]"
        assert f" {f['rule']} {f['title']}{scope}\n" in out
    # Every passing one named once in an UPPFYLLT summary, never on a line of its own.
    summaries = re.findall(r"^  UPPFYLLT       (.*(?:\n {17}.*)*)", out, flags=re.M)
    named = ", ".join(summaries)
    for f in passing:
        assert re.search(rf"(^|, ){re.escape(f['rule'])}( \[|,|$)", " ".join(named.split())), f["rule"]
    assert not re.search(r"^  UPPFYLLT       [A-Z]+(?:-[A-Z0-9]+)+ [^\[]", out, flags=re.M)
    assert all(len(line) <= 100 for line in out.splitlines() if line.startswith(("  UPPFYLLT", " " * 17)))
    assert out.splitlines()[-1].startswith("Sammanfattning:")


def test_verbose_lists_every_finding(sample_json):
    out = run("check", str(SAMPLE.relative_to(ROOT)), "--verbose").stdout.decode()
    assert out.count("      Varför: ") == len(sample_json["findings"])


def test_quiet_is_one_line_per_failing_finding(sample_json):
    res = run("check", str(SAMPLE.relative_to(ROOT)), "--quiet")
    lines = res.stdout.decode().splitlines()
    failing = [f for f in sample_json["findings"] if f["status"] in ("fail", "partial", "error", "not_shown")]
    located = [line for line in lines if re.match(r"^sample_orgs/mellanby_ifo\.yaml:\d+:\d+: ", line)]
    assert res.returncode == 1 and len(located) == len(failing)
    assert lines[0].startswith("samosa — Mellanby kommun") and lines[-1].startswith("Sammanfattning:")
    assert len(lines) == len(failing) + 2


def test_precommit_quiet_is_short():
    res = run("precommit", "--quiet", str(SAMPLE.relative_to(ROOT)))
    assert res.returncode == 1 and len(res.stdout.decode().splitlines()) < 40


def test_verbose_and_quiet_exclude_each_other():
    res = run("check", str(SAMPLE), "--verbose", "--quiet")
    assert res.returncode == 2 and "exclude each other" in res.stderr.decode()
