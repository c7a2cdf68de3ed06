"""SARIF, JUnit and GitHub annotations, each parsed back and checked against the findings."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema.validators import validator_for

from samosa.engine.waivers import apply_waivers
from samosa.models.waivers import load_waivers
from samosa.reporters import FORMATS
from samosa.reporters.github import escape_data

from .ci_helpers import (
    SAMPLE,
    SARIF_SCHEMA,
    judged,
    planned,
    run,
    sample_assessment,
    waiver_file,
)
from .conftest import ROOT

ON = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def waived(rulebook, tmp_path_factory):
    """The sample on ON with three waivers: one active planned action, one active judgement, one expired."""
    org, a = sample_assessment(rulebook, ON)
    failing = [f for f in a.findings if f.status in ("fail", "partial")]
    assert len(failing) >= 3, "the sample must have deficiencies"
    p, j, e = failing[0], failing[1], failing[2]
    path = tmp_path_factory.mktemp("w") / "waivers.yaml"
    path.write_text(
        waiver_file(
            planned(p.rule, p.scope), judged(j.rule, j.scope), judged(e.rule, e.scope, id="w-old", expires="2024-05-31")
        ),
        encoding="utf-8",
    )
    out = apply_waivers(a, load_waivers(path), org)
    return out, (p, j, e)


@pytest.fixture(scope="module")
def with_error(waived):
    """Plus a finding that could not be evaluated (and so has no evidence)."""
    a, _ = waived
    bad = a.findings[0].model_copy(
        update={
            "status": "error",
            "evidence": [],
            "demand": None,
            "scope": "unit:x",
            "explanation": "Regeln kunde inte utvärderas: test.",
        }
    )
    by_status = dict(a.summary.by_status, error=a.summary.by_status.get("error", 0) + 1)
    summary = a.summary.model_copy(update={"total": a.summary.total + 1, "by_status": by_status})
    return a.model_copy(update={"findings": a.findings + [bad], "summary": summary})


def _key(f):
    return (f.rule, f.scope)


# ------------------------------------------------------------------ SARIF


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_shipped_schema_is_the_published_sarif_2_1_0():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_sarif_valid_and_one_result_per_failing_finding(waived, with_error, sarif_validator, rulebook):
    for a in (waived[0], with_error):
        log = json.loads(FORMATS["sarif"](a, rules=rulebook))
        errors = sorted(sarif_validator.iter_errors(log), key=str)
        assert not errors, errors[0]
        run_ = log["runs"][0]
        results = run_["results"]
        failing = [f for f in a.findings if f.failing or f.status == "not_shown"]
        assert [(r["ruleId"], r["properties"]["scope"]) for r in results] == [_key(f) for f in failing]
        rules = run_["tool"]["driver"]["rules"]
        for r, f in zip(results, failing, strict=False):
            assert rules[r["ruleIndex"]]["id"] == f.rule
            assert r["properties"]["status"] == f.status
            if f.status == "error":
                assert r["level"] == "error"
            elif f.status == "not_shown":  # asks for facts: one step softer than a deficiency
                assert r["level"] == {"legal": "warning", "advice": "note", "good_practice": "note"}[f.severity]
                assert r["message"]["text"].startswith("Framgår inte")
            else:
                assert r["level"] == {"legal": "error", "advice": "warning", "good_practice": "note"}[f.severity]
            phys = r["locations"][0]["physicalLocation"]
            where = f.evidence[0] if f.evidence else None
            file = where.file if where else a.organisation.file
            assert unquote(phys["artifactLocation"]["uri"]) == file
            assert phys["region"] == (
                {"startLine": where.line, "startColumn": where.column} if where else {"startLine": 1, "startColumn": 1}
            )
            assert f.explanation in r["message"]["text"]
            assert len(r.get("relatedLocations", [])) == max(len(f.evidence) - 1, 0)


def test_sarif_meets_code_scanning_expectations(waived, rulebook):
    """What GitHub code scanning needs beyond the schema: relative URIs, lines ≥ 1, rule help, fingerprints."""
    a, _ = waived
    log = json.loads(FORMATS["sarif"](a, rules=rulebook))
    run_ = log["runs"][0]
    assert run_["tool"]["driver"]["name"] == "samosa"
    for r in run_["results"]:
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not urlsplit(uri).scheme and not uri.startswith("/") and " " not in uri
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert r["message"]["text"].strip()
        assert re.fullmatch(r"[0-9a-f]{32}", r["partialFingerprints"]["samosaFinding/v1"])
    ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert ids == sorted(set(f.rule for f in a.findings))
    risk = next(rule for rule in run_["tool"]["driver"]["rules"] if rule["id"] == "SAM-RISK")
    assert "Stöd: 3 kap. 2 a § arbetsmiljölagen, 8 § AFS 2001:1" in risk["help"]["text"]
    assert "riskerna" in risk["help"]["text"] and "Krav" in risk["help"]["markdown"]
    assert risk["properties"]["references"] == ["3 kap. 2 a § arbetsmiljölagen", "8 § AFS 2001:1"]
    assert risk["defaultConfiguration"]["level"] == "error"


def test_sarif_waivers_stay_visible(waived, rulebook):
    a, (p, j, e) = waived
    results = {
        (r["ruleId"], r["properties"]["scope"]): r
        for r in json.loads(FORMATS["sarif"](a, rules=rulebook))["runs"][0]["results"]
    }
    plan, judge, old = results[_key(p)], results[_key(j)], results[_key(e)]
    assert "suppressions" not in plan and plan["message"]["text"].startswith("Planerad åtgärd (w-plan)")
    assert plan["properties"]["waiver"]["state"] == "active"
    assert judge["suppressions"][0]["status"] == "accepted" and judge["suppressions"][0]["kind"] == "external"
    assert "HR-chef" in judge["suppressions"][0]["justification"]
    assert "suppressions" not in old and old["message"]["text"].startswith("UNDANTAGET w-old GICK UT 2024-05-31")


def test_sarif_is_deterministic(waived, rulebook):
    a, _ = waived
    assert FORMATS["sarif"](a, rules=rulebook) == FORMATS["sarif"](a, rules=rulebook)


# ------------------------------------------------------------------ JUnit


def test_junit_one_case_per_rule_and_scope(with_error, waived):
    a = with_error
    root = ET.fromstring(FORMATS["junit"](a))
    cases = {c.get("name"): c for c in root.iter("testcase") if c.get("classname") != "samosa.waivers"}
    assert len(cases) == len(a.findings)
    _, (p, j, e) = waived
    for f in a.findings:
        case = cases[f"{f.rule} {f.scope}"]
        assert case.get("classname") == f"samosa.{f.area}.{f.rule}"
        kids = [k.tag for k in case]
        if f.status == "pass":
            assert kids == []
        elif f.status == "error":
            assert kids == ["error"] and f.explanation in case.find("error").get("message")
        elif f.status == "not_applicable" or f.waived:
            assert kids == ["skipped"]
        else:
            assert kids == ["failure"]
            fail = case.find("failure")
            assert f.explanation in fail.get("message") and fail.get("type") == f"{f.status}/{f.severity}"
            for ev in f.evidence:
                assert f"{ev.file}:{ev.line}:{ev.column}" in fail.text
            if f.demand:
                assert f"Krav: {f.demand}" in fail.text
    assert "Planerad åtgärd (w-plan)" in cases[f"{p.rule} {p.scope}"].find("skipped").get("message")
    assert cases[f"{e.rule} {e.scope}"].find("failure").get("message").startswith("UNDANTAGET w-old GICK UT")
    total = sum(int(s.get("tests")) for s in root.iter("testsuite"))
    assert int(root.get("tests")) == total
    assert int(root.get("failures")) == sum(
        1 for f in a.findings if f.status in ("fail", "partial", "not_shown") and not f.waived
    )
    assert int(root.get("errors")) == 1


# ------------------------------------------------------------------ GitHub annotations

ANNOTATION = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    m = ANNOTATION.match(line)
    assert m, line
    props = dict(kv.split("=", 1) for kv in m["props"].split(","))
    return m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m["msg"])


def test_github_annotations(with_error):
    a = with_error
    lines = FORMATS["github"](a).splitlines()
    failing = [f for f in a.findings if f.failing or f.status == "not_shown"]
    assert len(lines) == len(failing) + len(a.waivers.unused) + 1
    for line, f in zip(lines, failing, strict=False):
        level, props, msg = _parse(line)
        where = f.evidence[0] if f.evidence else None
        assert props["file"] == (where.file if where else a.organisation.file)
        assert (int(props["line"]), int(props["col"])) == ((where.line, where.column) if where else (1, 1))
        assert props["title"].endswith(
            f"{f.rule} {f.title}" + ("" if f.scope == "organisation" else f" [{f.scope[5:]}]")
        )
        assert f.explanation in msg
        if f.status == "error":
            assert level == "error"
        elif f.waived:
            assert level == "notice" and f.waiver.message in msg
        elif f.status == "not_shown":
            assert level == ("warning" if f.severity == "legal" else "notice")
        else:
            assert level == {"legal": "error", "advice": "warning", "good_practice": "notice"}[f.severity]
        if f.waiver is not None and not f.waiver.active:
            assert props["title"].startswith("UTGÅNGET UNDANTAG")
    level, props, msg = _parse(lines[-1].replace("::notice title=samosa::", "::notice title=samosa::", 1))
    assert level == "notice" and f"(av {a.summary.total})" in msg


def test_github_escaping():
    # The runner's escapes for % and LF; CR and ESC from an org file are shown, never sent raw.
    assert escape_data("100%\nrad 2\r\x1b[2K") == "100%25%0Arad 2\\x0d\\x1b[2K"


# ------------------------------------------------------------------ CLI and colour


def test_cli_formats_end_to_end(tmp_path, sarif_validator):
    for fmt in ("sarif", "junit", "github"):
        res = run("check", str(SAMPLE.relative_to(ROOT)), "--format", fmt)
        assert res.returncode == 1 and res.stderr == "", res.stderr
        if fmt == "sarif":
            assert not list(sarif_validator.iter_errors(json.loads(res.stdout)))
        elif fmt == "junit":
            assert ET.fromstring(res.stdout).tag == "testsuites"
        else:
            assert all(ANNOTATION.match(line) for line in res.stdout.splitlines())
    out = tmp_path / "r.sarif"
    assert run("check", str(SAMPLE), "--format", "sarif", "--output", str(out), "--fail-on", "never").returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


class _Stream:
    def __init__(self, tty: bool):
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_colour_enabled_only_on_tty_without_no_color(monkeypatch):
    from samosa.reporters.text import colour_enabled

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour_enabled(_Stream(True)) is True
    assert colour_enabled(_Stream(False)) is False
    assert colour_enabled(object()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour_enabled(_Stream(True)) is False


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_cli_colour_on_a_real_terminal():
    from .ci_helpers import on_terminal

    def on_tty(extra_env):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | extra_env
        _, drawn = on_terminal(["check", str(SAMPLE)], "stdout", env)
        return drawn.decode("utf-8", "replace")

    assert "\x1b[31m" in on_tty({})
    assert "\x1b[" not in on_tty({"NO_COLOR": "1"})


# ------------------------------------------------------------------ JUnit schema, SARIF root and links


def test_junit_valid_against_junit_10_xsd_and_totals_include_unused_waivers(rulebook, tmp_path, with_error):
    """The root's totals are the sums over every suite, the unused-waiver suite included."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(ROOT / "tests" / "schemas" / "junit-10.xsd"))
    org, a = sample_assessment(rulebook, ON)
    passing = next(f for f in a.findings if f.status == "pass")
    path = tmp_path / "waivers.yaml"
    path.write_text(waiver_file(judged(passing.rule, passing.scope, id="w-unused")), encoding="utf-8")
    unused = apply_waivers(a, load_waivers(path), org)
    assert [u.id for u in unused.waivers.unused] == ["w-unused"]
    for assessment in (unused, with_error):
        text = FORMATS["junit"](assessment)
        schema.validate(text)
        root = ET.fromstring(text)
        for key in ("tests", "failures", "errors"):
            assert int(root.get(key)) == sum(int(s.get(key)) for s in root.iter("testsuite")), key
        assert int(root.get("tests")) == len(list(root.iter("testcase")))
        assert "skipped" not in root.attrib  # junit-10.xsd has no skipped on <testsuites>


def test_shipped_junit_xsd_is_the_jenkins_junit_10():
    text = (ROOT / "tests" / "schemas" / "junit-10.xsd").read_text(encoding="utf-8")
    assert "Copyright (c) 2014, Gregory Boissinot" in text and '<xs:element name="testsuites">' in text


def test_sarif_uri_is_relative_to_the_repository_root_from_a_subdirectory(sarif_validator):
    """Run from sample_orgs/: the URI still names sample_orgs/mellanby_ifo.yaml (the git top level)."""
    from samosa.source.files import repository_root

    if repository_root(ROOT) != ROOT:
        pytest.skip("needs the repository's git work tree")
    res = run("check", "mellanby_ifo.yaml", "--format", "sarif", cwd=ROOT / "sample_orgs")
    log = json.loads(res.stdout)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
        for loc in r["locations"] + r.get("relatedLocations", [])
    }
    assert uris == {"sample_orgs/mellanby_ifo.yaml"}
    gh = run("check", "mellanby_ifo.yaml", "--format", "github", cwd=ROOT / "sample_orgs")
    assert all("file=sample_orgs/mellanby_ifo.yaml," in line for line in gh.stdout.splitlines()[:-1])


def test_sarif_root_option(tmp_path):
    org = tmp_path / "kommun" / "org.yaml"
    org.parent.mkdir()
    org.write_bytes(SAMPLE.read_bytes())
    inside = json.loads(run("check", str(org), "--format", "sarif", "--root", str(tmp_path)).stdout)
    uri = inside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "kommun/org.yaml"
    outside = json.loads(run("check", str(org), "--format", "sarif", "--root", str(ROOT)).stdout)
    uri = outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == org.as_uri()


def test_sarif_links_to_the_project_and_to_each_rule_file(waived, rulebook):
    from samosa._version import PROJECT_URL, __version__

    log = json.loads(FORMATS["sarif"](waived[0], rules=rulebook))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    prefix = f"{PROJECT_URL}/blob/v{__version__}/"
    for rule in driver["rules"]:
        assert rule["helpUri"].startswith(prefix)
        path = ROOT / unquote(rule["helpUri"].removeprefix(prefix))
        assert path.is_file() and f"id: {rule['id']}" in path.read_text(encoding="utf-8")


def test_project_url_is_the_one_in_pyproject():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    from samosa._version import PROJECT_URL

    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Homepage"] == urls["Source"] == PROJECT_URL
    assert all(u.startswith(PROJECT_URL) for u in urls.values())
