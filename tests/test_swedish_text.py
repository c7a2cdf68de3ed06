"""In its own language: the report and every document, rendered, show no code of the org model's
vocabularies, numbers in Swedish form, and (the report, outside its appendix) no internal id.

"Visible text" is what a reader sees: the page's text without its style sheet and without
``<code>`` (keys, positions and rule ids for the person who edits the file, which the
appendix shows on purpose). A code is flagged when it differs from its Swedish word
(``ill_health`` ≠ "ohälsa"; ``mottagning`` is a Swedish word and its own name).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from samosa import evaluate, load_org, load_rules
from samosa.documents.render import Inputs, render
from samosa.models.inspection import load_inspection
from samosa.models.words import all_codes
from samosa.report.html import build_report, render_report

from .test_render import CASES
from .test_samples import EXPECTED, SAMPLES

#: Codes a Swede would not recognise as Swedish: their word is not the code itself.
CODES = sorted(c for c, w in all_codes().items() if c.replace("_", " ").lower() != w.lower())
CODE_RE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, CODES)) + r")(?![\w-])")
#: A number written the English way next to a percent sign or in a decimal ("9.5 %", "(9.5)").
ENGLISH_NUMBER = re.compile(r"(?<![\d.:/-])\d+\.\d+(?=\s*%|\))")
SKIP_TAGS = {"style", "script", "code"}
VOID = {"br", "img", "meta", "link", "hr", "input", "line", "rect", "circle", "path", "col", "wbr", "source"}


class _Visible(HTMLParser):
    """Text of a page outside <style>, <code> (and, optionally, one element by id)."""

    def __init__(self, skip_id: str | None = None):
        super().__init__()
        self.skip_id = skip_id
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth or tag in SKIP_TAGS or (self.skip_id and dict(attrs).get("id") == self.skip_id):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in VOID and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_html(html: str, skip_id: str | None = None) -> str:
    p = _Visible(skip_id)
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def visible_md(md: str) -> str:
    text = re.sub(r"\\(.)", r"\1", md)
    return " ".join(re.sub(r"`[^`\n]*`", " ", text).split())


def internal_ids(org) -> set[str]:
    """Ids from the file that are not also words of its own names (a unit id 'vuxna' in 'Enheten för vuxna')."""
    m = org.model
    ids = {u.id for u in m.units}
    for coll in (m.routines, m.delegations, m.risk_assessments, m.action_plan, m.incidents, m.training, m.premises):
        ids |= {x.id for x in coll}
    ids |= {r.id for ra in m.risk_assessments for r in ra.risks}
    names = " ".join(
        [u.name for u in m.units]
        + [a.measure for a in m.action_plan]
        + [p.name for p in m.premises]
        + [r.description for ra in m.risk_assessments for r in ra.risks]
        + [r.title or "" for r in m.routines]
    ).lower()
    return {i for i in ids if not re.search(rf"(?<![\w-]){re.escape(i.lower())}(?![\w-])", names)}


def id_hits(text: str, ids: set[str], rule_ids: set[str]) -> list[str]:
    found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    found += [r for r in rule_ids if re.search(rf"(?<![\w-]){re.escape(r)}(?![\w-])", text)]
    found += ["krav:"] if "krav:" in text else []
    return sorted(found)


@pytest.fixture(scope="module")
def book():
    return load_rules()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_speaks_swedish(name, book):
    org = load_org(SAMPLES / name)
    html = render_report(build_report(org, book, evaluate(org, book)))
    text = visible_html(html)
    assert CODE_RE.findall(text) == []
    assert ENGLISH_NUMBER.findall(text) == []
    body = visible_html(html, skip_id="bilaga")
    assert id_hits(body, internal_ids(org), set(book.rules)) == []
    # what was taken out of the page is in the appendix, for the person who edits the file
    appendix = html.split('id="bilaga"', 1)[1]
    assert f"{org.file}:" in appendix and "<code>" in appendix


def test_report_numbers_are_swedish(book):
    org = load_org(SAMPLES / "mellanby_ifo.yaml")
    html = render_report(build_report(org, book, evaluate(org, book)))
    assert "11,2 %" in html and "9,5 %" in html and "11.2" not in visible_html(html)


@pytest.mark.parametrize("org_path, record_path, kind, fmt", CASES)
def test_documents_speak_swedish(org_path, record_path, kind, fmt, book):
    org = load_org(org_path)
    rec = load_inspection(record_path, org, book) if record_path else None
    out = render(kind, Inputs(org=org, book=book, inspection=rec), fmt=fmt).content
    text = visible_html(out) if fmt == "html" else visible_md(out)
    assert CODE_RE.findall(text) == [], kind
    assert ENGLISH_NUMBER.findall(text) == [], kind


def test_the_scan_would_see_a_code_and_an_id():
    """The checks above can fail: a code, an English number and an id outside <code> are found."""
    html = "<p>inc-7 (ill_health): 9.5 %</p><p><code>ill_health inc-7</code></p>"
    text = visible_html(html)
    assert CODE_RE.findall(text) == ["ill_health"] and ENGLISH_NUMBER.findall(text) == ["9.5"]
    assert id_hits(text, {"inc-7"}, {"SAM-RISK"}) == ["inc-7"]
    assert visible_md("`ill\\_health` ohälsa") == "ohälsa"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_reports_plan_picture_names_things(name, book):
    """The action-plan image is read too: boxes and tooltips say what the work is, never its id."""
    import base64

    org = load_org(SAMPLES / name)
    report = build_report(org, book, evaluate(org, book))
    svg = base64.b64decode(report.graph.data_uri.split(",", 1)[1]).decode("utf-8")
    texts = " ".join(re.findall(r"<(?:text|title)[^>]*>([^<]*)</(?:text|title)>", svg))
    assert "Åtgärd" in texts or "Krav utan åtgärd" in texts
    assert id_hits(texts, internal_ids(org), set(book.rules)) == []
    assert CODE_RE.findall(texts) == []
