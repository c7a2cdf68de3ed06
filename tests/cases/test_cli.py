"""``samosa cases …`` as an inspector runs it: the README's command, the chain, errors as exit code 2 with positions."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from samosa.cli import app

from ..conftest import ROOT
from .support import CASE, SAMPLE_ORG, SAMPLE_RECORD, reply_text


def _run(*args: str):
    result = CliRunner().invoke(app, ["cases", *args])
    assert "Traceback" not in (result.output or ""), result.output
    return result


def test_the_readme_command_opens_a_case_and_lists_what_is_due(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(samosa cases open .+)$", readme, flags=re.M)
    assert len(commands) == 1, commands
    work = tmp_path / "inspektion"
    shutil.copytree(ROOT / "sample_orgs", work / "sample_orgs")
    shutil.copytree(ROOT / "sample_inspections", work / "sample_inspections")
    env = {**os.environ, "NO_COLOR": "1", "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    env.pop("SAMOSA_CASES_DB", None)
    res = subprocess.run(["bash", "-c", commands[0]], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "opened case 2024/004711" in res.stdout
    assert re.search(r"2024-03-05 +overdue +2024/004711 +the employer's account", res.stdout), res.stdout
    assert (work / "cases.sqlite").exists()


def test_the_chain_on_the_command_line(tmp_path):
    db = str(tmp_path / "r.sqlite")
    assert _run("open", str(SAMPLE_ORG), str(SAMPLE_RECORD), "--db", db).exit_code == 0
    assert "send the tillsynsmeddelande" in _run("due", "--db", db, "--on", "2024-02-01").output
    assert _run("send", CASE, "tillsynsmeddelande", "--db", db, "-o", str(tmp_path / "tm.pdf")).exit_code == 0
    assert (tmp_path / "tm.pdf").read_bytes().startswith(b"%PDF")
    assert _run("account", CASE, "--received", "2024-03-05", "--db", db).exit_code == 0
    res = _run("next", CASE, "--on", "2024-03-06", "--draft", str(tmp_path / "draft.md"), "--db", db)
    assert res.exit_code == 0 and "not recorded" in res.output
    assert "Begäran om komplettering" in (tmp_path / "draft.md").read_text(encoding="utf-8")
    assert _run("send", CASE, "inspektionsmeddelande", "--format", "md", "--db", db).exit_code == 0
    reply = tmp_path / "svar.yaml"
    reply.write_text(reply_text({4: "planned"}), encoding="utf-8")
    res = _run("reply", CASE, str(reply), "--db", db)
    assert res.exit_code == 0 and "krav 1, 2, 3, 4, 5, 6, 7, 8 answered" in res.output
    res = _run("assess", CASE, "--date", "2024-09-02", "--met", "1-3,5-8", "--not-met", "4", "--db", db)
    assert res.exit_code == 0 and re.search(r"krav +4 +not_met", res.output)
    res = _run("next", CASE, "--on", "2024-09-03", "--db", db)
    assert "send an underrättelse om föreläggande naming krav 4" in res.output
    res = _run("send", CASE, "underrattelse", "--format", "md", "--deadline", "4=2025-01-31", "--db", db)
    assert res.exit_code == 0 and "krav 4; due 2024-10-01" in res.output
    res = _run("send", CASE, "forelaggande", "--date", "2024-10-15", "--format", "md", "--db", db)
    assert res.exit_code == 0, res.output
    out = tmp_path / "f.md"
    assert _run("document", CASE, "forelaggande", "-o", str(out), "--db", db).exit_code == 0
    assert "Krav 4 i inspektionsmeddelandet" in out.read_text(encoding="utf-8")
    data = json.loads(_run("due", "--db", db, "--on", "2025-02-03", "--format", "json").output)
    assert [(i["status"], i["krav"]) for i in data["items"]] == [("overdue", [4])]
    show = _run("show", CASE, "--db", db).output
    assert "krav  4  forelaggande" in show and "vite 100000 kr (joint)" in show and "History (revision" in show
    assert "1 case" in _run("list", "--db", db).output
    res = _run("stats", "--db", db, "--format", "html", "-o", str(tmp_path / "s.html"))
    assert res.exit_code == 0 and "<svg" in (tmp_path / "s.html").read_text(encoding="utf-8")
    csv_out = _run("stats", "--db", db, "--format", "csv", "--from", "2024-01-01", "--to", "2024-12-31").output
    assert "brev_och_krav,Region Mitt,forelaggande_med_vite,1" in csv_out
    assert "register schema is at 0002" in _run("migrate", "--db", db).output


@pytest.mark.parametrize(
    "args,expected",
    [
        (["due", "--on", "2024-02-30"], "--on expects YYYY-MM-DD"),
        (["assess", CASE, "--met", "1,x"], "krav numbers like 1,2,5-7"),
        (["assess", CASE, "--met", "1", "--not-met", "1"], "krav 1 is given twice"),
        (["send", CASE, "underrattelse", "--vite", "4=lots"], "a vite is a positive whole number"),
        (["send", CASE, "forelaggande", "--decision-maker", "Per Holm"], "expects 'Name, Title'"),
        (["show", "2024/999999"], "no case 2024/999999"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, expected):
    db = str(tmp_path / "r.sqlite")
    assert _run("open", str(SAMPLE_ORG), str(SAMPLE_RECORD), "--db", db).exit_code == 0
    res = _run(*args, "--db", db)
    assert res.exit_code == 2 and expected in res.output, res.output


def test_a_bad_reply_file_exits_2_with_its_position(tmp_path):
    db = str(tmp_path / "r.sqlite")
    _run("open", str(SAMPLE_ORG), str(SAMPLE_RECORD), "--db", db)
    _run("send", CASE, "tillsynsmeddelande", "--format", "md", "--db", db)
    _run("account", CASE, "--received", "2024-03-05", "--db", db)
    _run("send", CASE, "inspektionsmeddelande", "--format", "md", "--db", db)
    reply = tmp_path / "svar.yaml"
    reply.write_text(reply_text({}).replace("status: done", "status: klart", 1), encoding="utf-8")
    res = _run("reply", CASE, str(reply), "--db", db)
    assert res.exit_code == 2
    assert re.search(rf"{re.escape(str(reply))}:5:\d+: got 'klart'; expected", res.output), res.output
    assert "reply received" not in _run("show", CASE, "--db", db).output


def test_a_read_command_on_a_missing_register_exits_2(tmp_path):
    res = _run("due", "--db", str(tmp_path / "none.sqlite"))
    assert res.exit_code == 2 and "there is no case register at" in res.output


def test_check_does_not_import_the_register():
    program = (
        "import sys\nfrom samosa.cli import main\nsys.argv = ['samosa', 'check', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'psycopg'}), file=sys.stderr)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", program, str(SAMPLE_ORG)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert res.stderr.strip().splitlines()[-1] == "[]", res.stderr


def test_postgresql_without_its_driver_says_which_extra_to_install(tmp_path, monkeypatch):
    """PostgreSQL's driver is the extra ``postgresql``; without it the register says so, exit 2,
    without the password, and SQLite still works."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now raises ImportError
    result = _run("list", "--db", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert result.exit_code == 2, result.output
    assert "samosa-arbetsmiljo[postgresql]" in result.output and "secret" not in result.output
    opened = _run("open", str(SAMPLE_ORG), str(SAMPLE_RECORD), "--db", str(tmp_path / "reg.sqlite"))
    assert opened.exit_code == 0, opened.output
