"""Every output counts the same findings the same way (issue 14: one vocabulary).

For every sample and profile, the counts of ``engine.verdicts.count`` — brister, råd,
framgår inte, fel, ej tillämpliga — are what the text summary, the JSON summary, SARIF's
levels, JUnit's totals, the GitHub annotations and summary, a directory batch, the HTML
report and the self-assessment say. Each output is parsed on its own terms (XML, JSON,
workflow commands, text), so a reporter that counts differently fails here.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape
from pathlib import Path

import pytest

from samosa.documents.render import Inputs, render
from samosa.engine.batch import iter_check
from samosa.engine.evaluate import evaluate
from samosa.engine.verdicts import Counts, count
from samosa.models.loading import load_org
from samosa.report.html import report_html
from samosa.reporters import FORMATS
from samosa.reporters.batch import write_batch
from samosa.rulebook.pack import load_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_orgs").glob("*.yaml"))
PROFILES = [None, "sam", "socialtjanst", "god-praxis"]


@pytest.fixture(scope="module")
def book():
    return load_rules()


def _case(book, sample: Path, profile):
    org = load_org(sample)
    a = evaluate(org, book, profile=profile)
    return org, a, count(a.findings)


def _reported(a) -> list:
    """What every CI format reports one by one: deficiencies, advice, not shown, errors."""
    return [f for f in a.findings if f.status in ("fail", "partial", "not_shown", "error")]


def _expected_levels(a) -> Counter:
    """SARIF/GitHub levels, from the Counts' concepts: a brist is an error, advice a warning,
    good practice a note; 'not shown' one step softer than a deficiency of the same severity."""
    levels: Counter = Counter()
    for f in _reported(a):
        if f.status == "error":
            levels["error"] += 1
        elif f.status == "not_shown":
            levels["warning" if f.severity == "legal" else "note"] += 1
        else:
            levels[{"legal": "error", "advice": "warning", "good_practice": "note"}[f.severity]] += 1
    return levels


def _check_sum(c: Counts) -> None:
    assert c.passed + c.deficiencies + c.advice + c.not_shown + c.errors + c.not_applicable == c.total


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p or "default")
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_ci_format_counts_alike(book, sample, profile):
    org, a, c = _case(book, sample, profile)
    _check_sum(c)

    text = FORMATS["text"](a)
    assert f"Sammanfattning: {c.sentence()}." in text

    summary = json.loads(FORMATS["json"](a))["summary"]
    by = summary["by_status"]
    assert summary["total"] == c.total
    assert by["pass"] == c.passed and by["not_shown"] == c.not_shown and by["error"] == c.errors
    assert by["not_applicable"] == c.not_applicable
    assert by["fail"] + by["partial"] == c.deficiencies + c.advice

    sarif = json.loads(FORMATS["sarif"](a, book=book))
    results = sarif["runs"][0]["results"]
    assert len(results) == len(_reported(a))
    assert Counter(r["level"] for r in results) == _expected_levels(a)

    junit = ET.fromstring(FORMATS["junit"](a))
    assert int(junit.get("tests")) == c.total
    assert int(junit.get("failures")) == c.deficiencies + c.advice + c.not_shown
    assert int(junit.get("errors")) == c.errors
    assert sum(int(s.get("skipped")) for s in junit.iter("testsuite")) == c.not_applicable

    github = FORMATS["github"](a).splitlines()
    commands = Counter(line.split(" ", 1)[0] for line in github if line.startswith("::"))
    levels = _expected_levels(a)
    assert commands["::error"] == levels["error"]
    assert commands["::warning"] == levels["warning"]
    assert commands["::notice"] == levels["note"] + 1  # + the summary
    assert any(line.endswith(c.sentence()) for line in github if line.startswith("::notice title=samosa::"))


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_directory_counts_what_its_files_count(book, fmt):
    total = Counts(*([0] * 9))
    for sample in SAMPLES:
        total = total + _case(book, sample, None)[2]
    out = io.StringIO()
    write_batch(iter_check(SAMPLES, book), out, fmt, fail_on="legal", book=book, root=ROOT)
    written = out.getvalue()
    if fmt == "json":
        data = json.loads(written)
        by = data["summary"]["by_status"]
        assert sum(r["assessment"]["summary"]["total"] for r in data["results"]) == total.total
        assert by["pass"] == total.passed and by["not_shown"] == total.not_shown
        assert by["fail"] + by["partial"] == total.deficiencies + total.advice
    else:
        assert total.sentence() in written


def _visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_the_report_and_the_self_assessment_count_alike(book, sample):
    org, a, c = _case(book, sample, None)
    report = _visible_text(report_html(org, book, a))
    assert c.sentence() in report

    doc = render("self_assessment", Inputs(org=org, book=book), fmt="md").content
    assert isinstance(doc, str)
    assert c.sentence() in doc
    answers = dict(re.findall(r"^\| (Ja|I huvudsak|Delvis|Nej|Framgår inte|Ej tillämpligt) \| (\d+) \|$", doc, re.M))
    assert sum(map(int, answers.values())) == c.total
    assert int(answers["Ja"]) == c.passed
    assert int(answers["Framgår inte"]) == c.not_shown
    assert int(answers["Ej tillämpligt"]) == c.not_applicable
    assert int(answers["I huvudsak"]) + int(answers["Delvis"]) + int(answers["Nej"]) == c.deficiencies + c.advice
