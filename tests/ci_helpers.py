"""Shared by the CI-format tests: the sample organisation with waivers drawn from its own findings."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SAMPLE = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"


def on_terminal(args: list[str], stream: str, env: dict[str, str], cwd: Path = ROOT) -> tuple[int, bytes]:
    """Run ``samosa ARGS`` with ``stream`` ("stdout" or "stderr") on a pseudo-terminal, the other
    stream discarded; the exit code and everything drawn on the terminal."""
    import pty

    master, slave = pty.openpty()
    other = "stderr" if stream == "stdout" else "stdout"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args],
        **{stream: slave, other: subprocess.DEVNULL},
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal is closed once the process has exited
            break
        if not data:
            break
        chunks.append(data)
    code = proc.wait()
    os.close(master)
    return code, b"".join(chunks)


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


def planned(rule: str, scope: str, *, id: str = "w-plan", deadline="2024-09-30", expires="2024-10-31") -> str:
    return (
        f'  - id: {id}\n    rule: {rule}\n    scope: "{scope}"\n    kind: planned_action\n'
        f"    owner: Socialchef\n    deadline: {deadline}\n"
        f"    interim_measure: Dubbelbemanning vid hembesök tills vidare.\n    expires: {expires}\n"
    )


def judged(rule: str, scope: str, *, id: str = "w-judged", expires="2024-12-31") -> str:
    return (
        f'  - id: {id}\n    rule: {rule}\n    scope: "{scope}"\n    kind: not_applicable\n'
        f"    reason: Enheten har inga egna arbetstagare; uppgifterna ligger hos förvaltningen.\n"
        f"    judged_by: HR-chef\n    judged_on: 2024-01-10\n    expires: {expires}\n"
    )


def waiver_file(*entries: str) -> str:
    return "schema_version: 1\nwaivers:\n" + "".join(entries)


def sample_assessment(rulebook, date: dt.date | None = None):
    from samosa import evaluate, load_org

    org = load_org(os.path.relpath(SAMPLE))  # relative, as in a repository checkout
    return org, evaluate(org, rulebook, date=date)
