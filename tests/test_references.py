"""Citations: AV's form, validity dates, and how letters combine them."""

import datetime as dt

import pytest

from samosa.rulebook.references import join_citations


@pytest.fixture
def table(rulebook):
    return rulebook.references


@pytest.mark.parametrize(
    "text,instrument,paragraph",
    [
        ("8 § AFS 2001:1", "AFS 2001:1", "8 §"),
        ("3 kap. 2 a § arbetsmiljölagen", "arbetsmiljölagen", "3 kap. 2 a §"),
        ("2 kap. 6 § AFS 2023:2", "AFS 2023:2", "2 kap. 6 §"),
        ("AFS 1999:7", "AFS 1999:7", None),
    ],
)
def test_parse(table, text, instrument, paragraph):
    cite = table.parse(text)
    assert (cite.instrument, cite.paragraph) == (instrument, paragraph)


@pytest.mark.parametrize("text", ["§ 8 AFS 2001:1", "8 AFS 2001:1", "8 § AFS 2099:1", "AML 3:2a"])
def test_reject_non_av_forms(table, text):
    assert table.parse(text) is None


def test_known_paragraphs(table):
    assert table.known(table.parse("11 § AFS 2023:1"))
    assert not table.known(table.parse("99 § AFS 2023:1"))


def test_validity_switches_on_2025_01_01(table):
    old, new = table.parse("8 § AFS 2001:1"), table.parse("11 § AFS 2023:1")
    assert table.in_force(old, dt.date(2024, 12, 31)) and not table.in_force(new, dt.date(2024, 12, 31))
    assert table.in_force(new, dt.date(2025, 1, 1)) and not table.in_force(old, dt.date(2025, 1, 1))
    aml = table.parse("3 kap. 2 a § arbetsmiljölagen")
    assert table.in_force(aml, dt.date(2010, 1, 1)) and table.in_force(aml, dt.date(2030, 1, 1))


def test_join_like_av(table):
    assert join_citations(["3 kap. 2 a § arbetsmiljölagen", "8 § AFS 2001:1", "10 § AFS 2001:1"], table) == (
        "3 kap. 2 a § arbetsmiljölagen (1977:1160) samt 8 och 10 §§ AFS 2001:1"
    )
    assert join_citations(["11 § AFS 2023:1", "13 § AFS 2023:1", "2 kap. 6 § AFS 2023:2"], table) == (
        "11 och 13 §§ AFS 2023:1 samt 2 kap. 6 § AFS 2023:2"
    )
    assert join_citations(["12 § AFS 2023:1"], table) == "12 § AFS 2023:1"


def test_crosswalk_generated_from_rules(rulebook):
    rows = {rid: (old, new) for rid, old, new in rulebook.crosswalk()}
    assert rows["SAM-RISK"] == ("8 § AFS 2001:1", "11 § AFS 2023:1")
    assert rows["SAM-POLICY"] == ("5 § AFS 2001:1", "7 § AFS 2023:1")
