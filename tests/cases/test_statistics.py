"""AV's figures from the register: seed 000's tables on a synthetic national register, in every format, without personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
from html.parser import HTMLParser

import pytest
from sqlalchemy import event

from samosa.cases import schema as t
from samosa.cases.register import Register
from samosa.cases.regulations import category
from samosa.cases.statistics import AV_REGIONS, shares, to_csv, to_html, to_text

from ..conftest import ROOT
from .support import CASE, SAMPLE_ORG, SAMPLE_RECORD

sys.path.insert(0, str(ROOT / "benchmarks"))

MUNICIPALITIES = 24  # a tenth of the country, in CI; benchmarks/README.md has the whole of it


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A synthetic national register (SQLite) built by the benchmark's generator through the register's API."""
    from national_register import build

    path = tmp_path_factory.mktemp("national") / "national.sqlite"
    built = build(str(path), MUNICIPALITIES)
    reg = Register(str(path), create=False)
    yield reg, built
    reg.close_connections()


def test_shares_add_up_to_100():
    # Seed 000's visits per region: rounded one by one they are 30, 27, 18, 14, 12 (101 in all).
    assert shares([327, 292, 192, 150, 127]) == [30, 27, 17, 14, 12]
    assert sum(shares([1, 1, 1])) == 100 and shares([0, 0]) == [0, 0]
    assert shares([43, 21, 13, 11, 4, 4, 3, 1]) == [43, 21, 13, 11, 4, 4, 3, 1]


def test_every_citation_of_the_rules_falls_in_a_named_category(rulebook):
    refs = {c for r in rulebook.rules.values() for c in r.references + [c for cs in [r.references] for c in cs]}
    for rule in rulebook.rules.values():
        for on in (dt.date(2016, 6, 1), dt.date(2025, 6, 1)):
            refs |= set(rulebook.references_on(rule, on))
    got = {c: category(c, rulebook.references) for c in refs}
    assert "Övrigt" not in got.values(), got
    assert got["8 § AFS 2001:1"] == got["11 § AFS 2023:1"] == "Systematiskt arbetsmiljöarbete"
    assert got["9 § AFS 2015:4"] == got["2 kap. 6 § AFS 2023:2"] == "Organisatorisk och social arbetsmiljö"
    assert got["5 kap. 3 § AFS 2023:2"] == "Våld och hot i arbetsmiljön"
    assert got["3 kap. 2 a § arbetsmiljölagen"] == "Allmänna skyldigheter"
    assert got["2 kap. 1 § arbetsmiljölagen"] == "Arbetsmiljöns beskaffenhet"


def test_the_national_register_has_seed_000s_shape(national):
    reg, built = national
    s = reg.statistics(dt.date(2015, 1, 1), dt.date(2017, 12, 31))
    assert s.cases == built["cases"] == s.total.inspektionsmeddelande
    assert [r.region for r in s.regions] == [r for r in AV_REGIONS if r in {x.region for x in s.regions}]
    assert sum(r.visit_share for r in s.regions) == 100
    # seed 000: about 7 krav per inspektionsmeddelande, every municipality got krav, some escalated
    assert 4 <= s.total.krav / s.total.inspektionsmeddelande <= 12
    assert s.total.tillsynsmeddelande >= 1 and s.total.underrattelse >= s.total.forelaggande_med_vite >= 1
    assert s.total.visits >= 5 * s.total.inspektionsmeddelande
    assert s.employers <= s.cases
    assert sum(x.share for x in s.bases) == 100
    assert {"Systematiskt arbetsmiljöarbete", "Organisatorisk och social arbetsmiljö"} <= {x.category for x in s.bases}
    # Per region and in total the same counts.
    for name in ("visits", "krav", "inspektionsmeddelande", "underrattelse"):
        assert sum(getattr(r, name) for r in s.regions) == getattr(s.total, name)
    # A period: the 2015 pilot only ran in Öst and Syd.
    pilot = reg.statistics(dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    assert {r.region for r in pilot.regions if r.inspektionsmeddelande} <= {"Region Öst", "Region Syd"}
    assert pilot.total.krav < s.total.krav


def test_the_formats(national):
    reg, _ = national
    s = reg.statistics()
    text = to_text(s)
    assert "Antal arbetsställebesök per region, antal och andel" in text and "Föreläggande med vite" in text
    assert re.search(r"^Totalt +\d+ +100$", text, flags=re.M)
    rows = list(csv.DictReader(io.StringIO(to_csv(s))))
    total_krav = next(
        r for r in rows if r["tabell"] == "brev_och_krav" and r["rad"] == "Totalt" and r["kolumn"] == "krav"
    )
    assert int(total_krav["varde"]) == s.total.krav
    assert (
        sum(int(r["varde"]) for r in rows if r["tabell"] == "krav_per_foreskrift" and r["kolumn"] == "andel_procent")
        == 100
    )
    html = to_html(s)
    tags: list[tuple[str, dict]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Collect().feed(html)
    names = {tag for tag, _ in tags}
    assert "script" not in names and {"svg", "rect", "table"} <= names
    assert not [a for _, attrs in tags for k, a in attrs.items() if k in ("src", "href") and a and a != "data:,"]
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)
    assert len([1 for tag, attrs in tags if tag == "rect" and attrs.get("class") == "bar"]) == len(s.bases)
    assert to_text(reg.statistics()) == text  # same register, same bytes


def test_no_personal_data_reaches_the_figures(db_url, rulebook, tmp_path):
    """The queries never read a personal column, and no name or free text shows in any format."""
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    reg.send(CASE, "tillsynsmeddelande", fmt="md")
    reg.record_account(CASE, dt.date(2024, 3, 5))
    reg.send(CASE, "inspektionsmeddelande", fmt="md")
    reg.record_reply(CASE, SAMPLE_RECORD)
    statements: list[str] = []
    event.listen(reg.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    s = reg.statistics()
    outputs = to_text(s) + to_csv(s) + to_html(s)
    selects = [q for q in statements if q.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert selects
    for table, columns in t.PERSONAL_COLUMNS.items():
        for column in columns:
            for q in selects:
                assert f"{table}.{column}" not in q, (table, column, q)
    from samosa.models.loading import load_org

    org = load_org(SAMPLE_ORG)
    personal = ["Karin Lund", "Eva Berg", "eva.berg", "Huvudskyddsombuden", "Per Holm"]
    personal += [i.description.split(".")[0] for i in org.model.incidents if i.description]
    for needle in personal:
        assert needle not in outputs, needle
    assert s.total.krav == 8 and s.total.inspektionsmeddelande == 1 and s.total.visits == 4
    reg.close_connections()
