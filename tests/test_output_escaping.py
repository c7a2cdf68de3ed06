"""Hostile characters from an org file never reach any output raw, and every document stays well-formed.

C0 and C1 controls (ESC, CR, NUL, NEL, CSI …), DEL, lone surrogates, U+2028/2029,
bidi overrides and isolates and the XML non-characters are fed through every
format: check (text default/verbose/quiet, json, sarif, junit, github), the
directory formats, plan (text, json, mermaid, dot, svg) and the CLI's messages.
The library-level tests patch the strings in directly, so they do not depend on
what the YAML loader lets through (a lone surrogate escape loads today; the loader
may refuse it later); the CLI tests go through a real org file.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import xmlschema
from jsonschema.validators import validator_for

from samosa import evaluate, load_org
from samosa.engine.batch import FileResult
from samosa.plan.graph import make_plan
from samosa.plan.render import FORMATS as PLAN_FORMATS
from samosa.reporters import FORMATS
from samosa.reporters.batch import FORMATS as BATCH_FORMATS
from samosa.reporters.batch import write_batch
from samosa.source.escaping import UNSAFE, escape_controls, json_safe
from samosa.source.problems import Problem

from .ci_helpers import SARIF_SCHEMA
from .conftest import ROOT, dump_yaml

JUNIT_XSD = ROOT / "tests" / "schemas" / "junit-10.xsd"

# One of each kind; the letters between them show where each one sat.
HOSTILE = (
    "a\x00b\x07c\x08d\x1b[31me\rf\x0bg\x7fh\x85i\x9bj\u2028k\u2029l\u202em\u202an\u2066o\u2069p"
    "\u200eq\u061cr\ufffes\uffff"
)
SURROGATES = "t\ud800u\udfffv"
EVERYTHING = HOSTILE + SURROGATES
# What JSON must decode to: every character kept, except lone surrogates (no UTF-8 form).
JSON_VALUE = HOSTILE + "t\ufffdu\ufffdv"


def _assert_safe(text: str, where: str) -> None:
    text.encode("utf-8")  # strict: a lone surrogate would raise here
    bad = UNSAFE.search(text)
    assert bad is None, f"{where}: raw U+{ord(bad.group()):04X} at {bad.start()}"


def test_escape_controls_is_visible_and_idempotent():
    out = escape_controls(EVERYTHING)
    assert out == escape_controls(out) and UNSAFE.search(out) is None
    assert "\\x1b[31m" in out and "\\u202e" in out and "\\ud800" in out and "\\x85" in out
    assert escape_controls("tab\tand\nnewline") == "tab\tand\nnewline"
    assert escape_controls("a\nb", newlines=False) == "a\\x0ab"


def test_json_safe_keeps_the_value():
    doc = json_safe(json.dumps({"k": EVERYTHING}, ensure_ascii=False))
    _assert_safe(doc, "json_safe")
    assert json.loads(doc)["k"] == JSON_VALUE


@pytest.fixture(scope="module")
def hostile_assessment(rulebook, _base_org_cached):
    """A failing assessment whose every kind of string carries the hostile characters."""
    org = load_org("org.yaml", dump_yaml(_base_org_cached))
    a = evaluate(org, rulebook)
    findings = []
    for i, f in enumerate(a.findings):
        if i < 3:
            ev = [e.model_copy(update={"note": EVERYTHING, "file": f"dir/{EVERYTHING}.yaml"}) for e in f.evidence]
            f = f.model_copy(
                update={
                    "status": "fail" if i != 2 else "error",
                    "explanation": EVERYTHING,
                    "demand": EVERYTHING,
                    "scope": f"unit:{EVERYTHING}",
                    "evidence": ev,
                }
            )
        findings.append(f)
    org_ref = a.organisation.model_copy(update={"name": EVERYTHING, "org_number": EVERYTHING})
    return a.model_copy(update={"findings": findings, "organisation": org_ref})


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


@pytest.fixture(scope="module")
def junit_schema():
    return xmlschema.XMLSchema(str(JUNIT_XSD))


def _check_document(fmt: str, out: str, sarif_validator, junit_schema) -> None:
    _assert_safe(out, fmt)
    if fmt in ("json", "sarif"):
        data = json.loads(out)
        if fmt == "sarif":
            assert not list(sarif_validator.iter_errors(data))
    elif fmt in ("junit", "svg"):
        root = ET.fromstring(out)  # well-formed XML 1.0
        if fmt == "junit":
            junit_schema.validate(out)
            assert root.tag == "testsuites"
    elif fmt == "github":
        assert all(re.match(r"^::(error|warning|notice)( [^:]*)?::", line) for line in out.splitlines())


@pytest.mark.parametrize("options", [{}, {"verbose": True}, {"quiet": True}])
def test_text_formats(hostile_assessment, options):
    out = FORMATS["text"](hostile_assessment, **options)
    _assert_safe(out, f"text {options}")
    assert "\\x1b[31m" in out and "\\u202e" in out


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_machine_formats(hostile_assessment, fmt, rulebook, sarif_validator, junit_schema):
    out = FORMATS[fmt](hostile_assessment, rules=rulebook, root=ROOT)
    _check_document(fmt, out, sarif_validator, junit_schema)
    if fmt == "json":
        assert json.loads(out)["organisation"]["name"] == JSON_VALUE


def test_text_colour_codes_are_ours_only(hostile_assessment):
    out = FORMATS["text"](hostile_assessment, colour=True)
    # Our own SGR sequences remain; the org file's ESC is shown as \x1b.
    assert "\\x1b[31me" in out
    assert re.fullmatch(r"(\x1b\[[0-9;]*m|[^\x1b])*", out, flags=re.S)


@pytest.mark.parametrize("fmt", BATCH_FORMATS)
def test_directory_formats(hostile_assessment, fmt, rulebook, sarif_validator, junit_schema):
    import io

    broken = FileResult(
        file=f"kommuner/{EVERYTHING}.yaml",
        outcome="input_error",
        exit_code=2,
        problems=[Problem(file=f"kommuner/{EVERYTHING}.yaml", line=3, column=5, message=EVERYTHING)],
    )
    good = FileResult(
        file="kommuner/a.yaml", outcome="evaluated", exit_code=1, failing=3, assessment=hostile_assessment
    )
    buffer = io.StringIO()
    totals = write_batch([good, broken], buffer, fmt, fail_on="legal", book=rulebook, root=ROOT)
    assert totals.exit_code == 2 and totals.files == 2
    _check_document(fmt, buffer.getvalue(), sarif_validator, junit_schema)


@pytest.fixture(scope="module")
def hostile_plan(rulebook, _base_org_cached):
    org = load_org("org.yaml", dump_yaml(_base_org_cached))
    report = make_plan(org, rulebook).report
    items = [dataclasses.replace(i, title=EVERYTHING, responsible=EVERYTHING) for i in report.items]
    org_ref = report.organisation.model_copy(update={"name": EVERYTHING})
    return report.model_copy(update={"items": items, "organisation": org_ref})


@pytest.mark.parametrize("fmt", list(PLAN_FORMATS))
def test_plan_formats(hostile_plan, fmt, sarif_validator, junit_schema):
    out = PLAN_FORMATS[fmt](hostile_plan, group_by="unit")
    _check_document(fmt, out, sarif_validator, junit_schema)
    if fmt in ("text", "mermaid", "dot"):
        assert "\\x1b" in out


# ------------------------------------------------------------------ end to end


def _run(args, cwd):
    return subprocess.run(
        [sys.executable, "-c", "from samosa.cli import main; main()", *args], capture_output=True, cwd=cwd
    )


@pytest.fixture
def hostile_org_file(tmp_path, _base_org_cached):
    """A real org file whose name and action measure are hostile, written as YAML escapes."""
    data = json.loads(json.dumps(_base_org_cached, default=str))
    data["organisation"]["name"] = "@@NAME@@"
    data["action_plan"][0]["measure"] = "@@NAME@@"
    data.pop("policy")  # a deficiency, so the CI formats have results
    text = dump_yaml(data).replace("'@@NAME@@'", json.dumps(HOSTILE)).replace("@@NAME@@", json.dumps(HOSTILE))
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_org(path).model.organisation.name == HOSTILE
    return path


@pytest.mark.parametrize(
    "args",
    [["check", "--format", f] for f in ("text", "json", "sarif", "junit", "github")]
    + [["check", "--verbose"], ["check", "--quiet"]]
    + [["plan", "--format", f] for f in ("text", "json", "mermaid", "dot", "svg")],
)
def test_cli_outputs(hostile_org_file, args, sarif_validator, junit_schema):
    res = _run([args[0], str(hostile_org_file), *args[1:]], hostile_org_file.parent)
    assert res.returncode in (0, 1), res.stderr.decode("utf-8", "replace")
    out = res.stdout.decode("utf-8")  # strict
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    _check_document(fmt, out, sarif_validator, junit_schema)
    _assert_safe(res.stderr.decode("utf-8"), "stderr")


def test_cli_directory(hostile_org_file, sarif_validator, junit_schema):
    for fmt in BATCH_FORMATS:
        res = _run(["check", str(hostile_org_file.parent), "--format", fmt], hostile_org_file.parent)
        assert res.returncode == 1, res.stderr
        _check_document(fmt, res.stdout.decode("utf-8"), sarif_validator, junit_schema)


def test_cli_messages_about_hostile_input(tmp_path):
    """Problems quote what the file says; stderr gets no raw control either."""
    path = tmp_path / "org.yaml"
    path.write_text(
        "organisation:\n  name: K\n  employees: 3\n"
        + json.dumps(HOSTILE)
        + ": 1\nunits: "
        + json.dumps(HOSTILE)
        + "\n",
        encoding="utf-8",
    )
    res = _run(["check", str(path)], tmp_path)
    assert res.returncode == 2
    err = res.stderr.decode("utf-8")
    _assert_safe(err, "stderr")
    assert "org.yaml:4:1:" in err


def test_lone_surrogate_from_a_file_is_refused_or_made_safe(tmp_path, _base_org_cached):
    """Whatever the loader does with "\\ud800" (load it, or refuse it with a position), nothing crashes."""
    data = json.loads(json.dumps(_base_org_cached, default=str))
    data["organisation"]["name"] = "@@NAME@@"
    path = tmp_path / "org.yaml"
    path.write_text(dump_yaml(data).replace("@@NAME@@", json.dumps("K" + SURROGATES)), encoding="utf-8")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        res = _run(["check", str(path), "--format", fmt], tmp_path)
        assert res.returncode in (0, 1, 2), res.stderr
        if res.returncode == 2:
            assert re.search(rb"org\.yaml:\d+:\d+: ", res.stderr) and b"Traceback" not in res.stderr
        else:
            _assert_safe(res.stdout.decode("utf-8"), fmt)
