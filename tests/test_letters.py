"""AV's letters as an inspector sends them: concrete krav, complete decisions, AV's layout, a real PDF.

The samples: Mellanby (inspected 2024, AFS 2001:1, joint vite) and Åkerby (inspected 2025,
AFS 2023:1/2023:2, vite per punkt). PDFs are read back with pypdf, a real PDF reader.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from typer.testing import CliRunner

from samosa.cli.app import app
from samosa.documents.demands import DEMAND_STATUSES, DocumentError, build_demands, build_requests, citable
from samosa.documents.phrasebook import load_phrasebook
from samosa.documents.render import Inputs, build_context, render
from samosa.documents.swedish import NBSP, keep_together, sv_dates
from samosa.engine.evaluate import evaluate
from samosa.models.inspection import load_inspection, starter_inspection
from samosa.models.loading import load_org
from samosa.models.starter import starter_org
from samosa.rulebook.pack import load_rules
from samosa.rulebook.references import join_citations
from samosa.source.problems import InputError

from .conftest import ROOT, dump_yaml, load_plain

MELLANBY = (ROOT / "sample_orgs" / "mellanby_ifo.yaml", ROOT / "sample_inspections" / "mellanby_inspection.yaml")
AKERBY = (ROOT / "sample_orgs" / "akerby_socialjour_2025.yaml", ROOT / "sample_inspections" / "akerby_inspection.yaml")
LETTERS = {
    MELLANBY: (
        "tillsynsmeddelande",
        "begaran_om_komplettering",
        "inspektionsmeddelande",
        "underrattelse",
        "forelaggande",
        "reply",
    ),
    AKERBY: ("inspektionsmeddelande", "underrattelse", "forelaggande", "reply"),
}


@pytest.fixture(scope="module")
def book():
    return load_rules()


def _inputs(book, pair):
    org = load_org(pair[0])
    return Inputs(org=org, book=book, inspection=load_inspection(pair[1], org, book))


@pytest.fixture(scope="module")
def mellanby(book):
    return _inputs(book, MELLANBY)


@pytest.fixture(scope="module")
def akerby(book):
    return _inputs(book, AKERBY)


def _edited(tmp_path, book, pair, edit_record=None, edit_org=None):
    org_data, rec_data = load_plain(pair[0]), load_plain(pair[1])
    if edit_org:
        edit_org(org_data)
    if edit_record:
        edit_record(rec_data)
    org_file, rec_file = tmp_path / "org.yaml", tmp_path / "inspection.yaml"
    org_file.write_text(dump_yaml(org_data), encoding="utf-8")
    rec_file.write_text(dump_yaml(rec_data), encoding="utf-8")
    org = load_org(org_file)
    return Inputs(org=org, book=book, inspection=load_inspection(rec_file, org, book))


def _flat(text: str) -> str:
    """Running text on one line, no-break spaces as spaces (for phrases that wrap in the template)."""
    return " ".join(text.replace(NBSP, " ").split())


def _pdf_text(content: bytes) -> tuple[list[str], object]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text() or "" for page in reader.pages], reader


# ------------------------------------------------------------------ what never reaches a letter

_INSTRUMENT_ONLY = re.compile(r"(?<![§\d])[ \u00a0](AFS[ \u00a0]\d{4}:\d+)(?![ \u00a0]*\d)")


def letter_problems(text: str, org_data: dict) -> list[str]:
    """What an AV letter must never contain (the issue's list); empty when the letter is clean."""
    found = []
    flat = text.replace(NBSP, " ")
    if "(gäller" in flat:
        found.append("(gäller")
    if "elevskyddsombud" in flat.lower():
        found.append("elevskyddsombud")
    for m in re.finditer(r"(?<!§)(?<!§§) (AFS \d{4}:\d+)", flat):
        before = flat[max(0, m.start() - 12) : m.start()]
        if "§" not in before:
            found.append(f"instrument-only citation {m.group(1)}")
    rule_id = re.search(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b", flat)
    if rule_id:
        found.append(f"rule id {rule_id.group(0)}")
    ids = set()

    def collect(x):
        if isinstance(x, dict):
            if isinstance(x.get("id"), str):
                ids.add(x["id"])
            for v in x.values():
                collect(v)
        elif isinstance(x, list):
            for v in x:
                collect(v)

    collect(org_data)
    for ident in ids:
        if re.search(r"[-\d]", ident) and re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", flat):
            found.append(f"internal id {ident}")
    return found


def test_the_check_finds_what_it_looks_for():
    org = {"units": [{"id": "bof-utredning"}], "incidents": [{"id": "inc-2024-01"}]}
    assert letter_problems("Lagstöd: 12 § AFS 2001:1 och 3 kap. 2 a § arbetsmiljölagen.", org) == []
    assert letter_problems("Lagstöd: 8 och 10 §§ AFS 2001:1.", org) == []
    assert letter_problems("Lagstöd: AFS 1999:7.", org) == ["instrument-only citation AFS 1999:7"]
    assert letter_problems("Lagstöd: 4 kap. 4 § AFS 2023:2 samt AFS 1999:7.", org) == [
        "instrument-only citation AFS 1999:7"
    ]
    assert "(gäller" in letter_problems("Det finns brister (gäller 1 av 4).", org)
    assert "internal id inc-2024-01" in letter_problems("händelsen inc-2024-01", org)
    assert "rule id SAM-RISK" in letter_problems("Krav SAM-RISK", org)
    assert "elevskyddsombud" in letter_problems("skyddsombuden och elevskyddsombuden", org)


@pytest.mark.parametrize("pair", list(LETTERS), ids=["mellanby", "akerby"])
def test_no_letter_contains_internal_ids_counts_or_other_sectors_text(book, pair):
    inputs = _inputs(book, pair)
    org_data = load_plain(pair[0])
    for kind in LETTERS[pair]:
        for fmt in ("md", "html"):
            text = render(kind, inputs, fmt=fmt).content
            text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
            assert letter_problems(text, org_data) == [], (kind, fmt)
        pages, _ = _pdf_text(render(kind, inputs, fmt="pdf").content)
        assert letter_problems("\n".join(pages), org_data) == [], (kind, "pdf")


def test_a_krav_resting_only_on_an_unverified_paragraph_is_refused_and_a_request_skipped(tmp_path, book):
    """Issue 13: no rule cites a whole instrument any more; what a letter cannot print is an
    unverified paragraph. KRIS-RUTIN's check that the routine is known rests, before 2025, on
    5 § AFS 1999:7 marked unverified for that check (the sentence is not read)."""

    def rec(data):
        data["case"]["areas"] = ["crisis"]
        data["observations"] = []
        data["demands"] = []
        data["account"]["gaps"] = []

    inputs = _edited(tmp_path, book, MELLANBY, rec)
    with pytest.raises(DocumentError, match=r"KRIS-RUTIN cites only 5 § AFS 1999:7"):
        render("inspektionsmeddelande", inputs)
    # from 2025 it rests on 4 kap. 4 § AFS 2023:2
    assert "4 kap. 4 § AFS 2023:2" in render("inspektionsmeddelande", inputs, date=dt.date(2025, 1, 8)).content.replace(
        NBSP, " "
    )
    # once the inspector has checked the paragraph, it is printed
    confirmed = _edited(tmp_path, book, MELLANBY, lambda d: (rec(d), d.update(confirmed_citations=["5 § AFS 1999:7"])))
    assert "5 § AFS 1999:7" in render("inspektionsmeddelande", confirmed).content.replace(NBSP, " ")
    # a request for information leaves it out and says so
    assessment = evaluate(inputs.org, book, date=dt.date(2024, 3, 5))
    req = build_requests(assessment, book, inputs.org, inputs.inspection, dt.date(2024, 3, 19))
    assert all("KRIS-RUTIN" not in d.rules for d in req.demands)
    assert any("KRIS-RUTIN is not asked about" in w.message for w in req.warnings)


def test_a_whole_instrument_and_allmanna_rad_are_never_printed_as_the_basis(book):
    """A third-party pack may still cite an instrument; allmänna råd are never a legal basis."""
    printed, withheld = citable(
        ["AFS 1999:7", "allmänna råd till 8 § AFS 2023:1", "8 § AFS 2023:1", "10 § AFS 2001:1"], book
    )
    assert printed == ["8 § AFS 2023:1"]
    assert withheld == ["AFS 1999:7", "allmänna råd till 8 § AFS 2023:1", "10 § AFS 2001:1"]
    printed, _ = citable(["10 § AFS 2001:1"], book, confirmed=frozenset({"10 § AFS 2001:1"}))
    assert printed == ["10 § AFS 2001:1"]


def test_a_failing_advice_check_of_a_legal_rule_is_never_a_krav(tmp_path, book):
    """SAM-MEDVERKAN's skyddsombud check rests on the allmänna råd to 6 § AFS 2023:1: a finding it
    alone decides is advice, and no letter demands it."""
    inputs = _edited(tmp_path, book, AKERBY, lambda d: d.update(observations=[], demands=[]))
    assessment = evaluate(inputs.org, book)
    rule = book.get("SAM-MEDVERKAN")
    finding = next(f for f in assessment.findings if f.rule == "SAM-MEDVERKAN")
    changed = finding.model_copy(
        update={
            "status": "partial",
            "severity": "advice",
            "checks": [c.model_copy(update={"outcome": "fail"}) if c.basis == "advice" else c for c in finding.checks],
        }
    )
    assert any(c.basis == "advice" for c in changed.checks) and rule.severity == "legal"
    findings = [changed if f is finding else f for f in assessment.findings]
    demands = build_demands(
        assessment.model_copy(update={"findings": findings}), book, inputs.org, inputs.inspection, dt.date(2025, 9, 30)
    )
    assert demands.by_rule("SAM-MEDVERKAN") is None


# ------------------------------------------------------------------ concrete krav


def test_krav_name_their_objects_and_speak_as_ni(mellanby):
    demands = {r: d for d in build_context("inspektionsmeddelande", mellanby)["demands"] for r in d["rules"]}
    plan = demands["SAM-ATGARDER"]
    # The employer has an action plan: the krav says which risk has no measure and which item no owner.
    assert not any("upprätta en skriftlig handlingsplan" in a for a in plan["actions"])
    assert any(
        "risken ”Hög arbetsbelastning och många ärenden per handläggare i barnutredning”" in a for a in plan["actions"]
    )
    assert any(
        "åtgärden ”Införa vägledande ärendetak i barnutredning”" in a and "vem som ansvarar" in a
        for a in plan["actions"]
    )
    for d in demands.values():
        assert d["actions"] and all(a.startswith("Ni ska ") for a in d["actions"]), d["rules"]
        assert d["show"]
    # Incidents by date and kind, never by id or description.
    incident = demands["SAM-UTREDNING"]
    assert any(
        "händelsen den 22 januari 2024 (hot, Barn och familj, utredning)" in x["text"] for x in incident["deficiencies"]
    )


def test_a_krav_for_several_units_is_worded_for_all_of_them(tmp_path, book):
    inputs = _edited(
        tmp_path,
        book,
        MELLANBY,
        lambda r: r.update(
            demands=[x for x in r["demands"] if x["rule"] != "SAM-UPPGIFT"],
            observations=[o for o in r["observations"] if o["rule"] != "SAM-UPPGIFT"],
        ),
    )
    d = next(d for d in build_context("inspektionsmeddelande", inputs)["demands"] if d["rule"] == "SAM-UPPGIFT")
    assert d["units"] == ["Barn och familj, utredning", "Ekonomiskt bistånd", "Mottagningsenheten"]
    assert (
        "Ni ska fördela arbetsmiljöuppgifterna i enheterna Ekonomiskt bistånd och Mottagningsenheten skriftligt till en chef."
        in d["actions"]
    )
    assert not any("i enheten " in a for a in d["actions"])


def test_overlapping_findings_are_one_krav_with_all_bases(mellanby, akerby, book):
    notice = build_context("inspektionsmeddelande", mellanby)["demands"]
    incident = next(d for d in notice if "AML-ANMALAN" in d["rules"])
    assert incident["rules"] == ["SAM-UTREDNING", "VH-DOKUMENTATION", "AML-ANMALAN"]
    assert incident["title"] == "Utredning, dokumentation och anmälan av händelser"
    refs = incident["references_text"].replace(NBSP, " ")
    # Issue 13: 10 § AFS 1993:2 is unverified (status U), so it is left out until confirmed.
    assert refs == "3 kap. 3 a § arbetsmiljölagen (1977:1160) samt 9 § AFS 2001:1"
    # "utred händelsen" is demanded once, though two rules demand it
    assert sum("utreda" in a and "22 januari 2024" in a for a in incident["actions"]) == 1
    # the same delegation failing two rules
    aker = build_context("inspektionsmeddelande", akerby)["demands"]
    delegation = next(d for d in aker if "OSA-KUNSKAP" in d["rules"])
    assert delegation["rules"] == ["SAM-UPPGIFT", "OSA-KUNSKAP"]
    assert delegation["references_text"].replace(NBSP, " ") == "9 § AFS 2023:1 samt 2 kap. 4 § AFS 2023:2"
    # a notice has a handful of krav, not one per finding
    assert len(aker) == 5 and len(notice) == 8


def test_an_unreported_serious_injury_is_a_deficiency_with_its_penal_consequence(akerby):
    text = _flat(render("inspektionsmeddelande", akerby).content)
    section = text[text.index("Allvarliga tillbud och svårare personskador anmäls") :]
    section = section[: section.index("**Lagstöd:**")]
    assert "har inte anmälts till Arbetsmiljöverket" in section
    assert "kan dömas till böter enligt 8 kap. 2 § första stycket 5 arbetsmiljölagen" in section
    assert "sanktionsavgift" not in text


def test_only_fail_and_partial_become_krav_and_an_observation_can_establish_one(mellanby, book):
    on = dt.date(2024, 5, 15)
    assessment = evaluate(mellanby.org, book, date=on)
    # Pretend the engine could not see SAM-UPPFOLJNING in the file ("not shown"): no krav.
    changed = [
        f.model_copy(update={"status": "not_shown"}) if f.rule == "SAM-UPPFOLJNING" else f for f in assessment.findings
    ]
    shown = assessment.model_copy(update={"findings": changed})
    assert "not_shown" not in DEMAND_STATUSES
    demands = build_demands(shown, book, mellanby.org, mellanby.inspection, dt.date(2024, 6, 4))
    assert demands.by_rule("SAM-UPPFOLJNING") is None
    # ... but a request for information asks about it
    requests = build_requests(shown, book, mellanby.org, None, dt.date(2024, 6, 4))
    assert requests.by_rule("SAM-UPPFOLJNING") is not None
    # an inspector's observation establishes the fact: then it is a krav
    rec = mellanby.inspection.model.model_copy(deep=True)
    from samosa.models.inspection import LoadedInspection, Observation

    rec.observations.append(
        Observation(
            id="obs-x",
            rule="SAM-UPPFOLJNING",
            check="recent",
            source="interviews",
            shows="deficiency",
            text="Ingen årlig uppföljning har gjorts sedan 2023.",
        )
    )
    with_obs = LoadedInspection(model=rec, source=mellanby.inspection.source)
    demands = build_demands(shown, book, mellanby.org, with_obs, dt.date(2024, 6, 4))
    d = demands.by_rule("SAM-UPPFOLJNING")
    assert d is not None and d.evidence == ["interviews"]
    assert d.actions == [
        "Ni ska följa upp det systematiska arbetsmiljöarbetet varje år och förbättra det där det inte har fungerat bra."
    ]


def test_unverified_citations_print_only_when_confirmed(tmp_path, book, mellanby):
    demands = {r: d for d in build_context("inspektionsmeddelande", mellanby)["demands"] for r in d["rules"]}
    # Issue 13: 4 § AFS 2001:1 has been read (P) and prints; 10 § AFS 2001:1 is unverified (U).
    assert "4 § AFS 2001:1" in demands["SAM-MEDVERKAN"]["references"]
    assert "10 § AFS 2001:1" not in demands["SAM-ATGARDER"]["references"]
    res = render("inspektionsmeddelande", mellanby)
    assert any("10 § AFS 2001:1 (cited by SAM-ATGARDER) is left out" in w.message for w in res.warnings)
    confirmed = _edited(tmp_path, book, MELLANBY, lambda r: r.update(confirmed_citations=["10 § AFS 2001:1"]))
    demands = {r: d for d in build_context("inspektionsmeddelande", confirmed)["demands"] for r in d["rules"]}
    assert (
        demands["SAM-ATGARDER"]["references_text"].replace(NBSP, " ")
        == "3 kap. 2 a § arbetsmiljölagen (1977:1160) samt 10 § AFS 2001:1"
    )
    with pytest.raises(InputError, match=r"inspection\.yaml:\d+:\d+: '4 § AFS 2001:9' is not a paragraph"):
        _edited(tmp_path, book, MELLANBY, lambda r: r.update(confirmed_citations=["4 § AFS 2001:9"]))


def test_questionnaire_problems_outside_the_supervised_areas_are_flagged(mellanby):
    warnings = render("inspektionsmeddelande", mellanby).warnings
    flagged = [w for w in warnings if "questionnaire" in w.message]
    assert {re.search(r"\((\w+)\)", w.message).group(1) for w in flagged} == {
        "goals_tasks",
        "demands_workload",
        "support",
        "crisis_support",
    }
    assert all(w.file.endswith("mellanby_inspection.yaml") and w.line > 1 for w in flagged)
    runner = CliRunner()
    res = runner.invoke(app, ["render", "inspektionsmeddelande", str(MELLANBY[0]), "--inspection", str(MELLANBY[1])])
    assert res.exit_code == 0
    assert re.search(r"mellanby_inspection\.yaml:\d+:\d+: warning: the questionnaire answers on krisstöd", res.output)


def test_the_tillsynsmeddelande_asks_for_the_common_deficiencies_only(mellanby):
    ctx = build_context("tillsynsmeddelande", mellanby)
    titles = [i["title"] for i in ctx["items"]]
    assert titles == [
        "Introduktion av nyanställda",
        "Rapportering och utredning av tillbud",
        "Riskbedömning av våld och hot",
        "Säkerhetsrutiner",
    ]
    text = render("tillsynsmeddelande", mellanby).content
    assert "påtalades" not in text and "elevskyddsombud" not in text
    assert len(text) < 6000  # a letter, not the catalogue


def test_the_reply_keeps_when_and_what_follows_the_status(tmp_path, book, mellanby):
    text = render("reply", mellanby).content
    assert "**Vad vi kommer att göra:** Årlig uppföljning genomförs i oktober." in text
    assert "**När:** klart senast den 31 oktober 2024." in text
    assert "**Vad vi har gjort:**" in text and "**Vad vi har gjort hittills:**" in text

    def no_by(r):
        r["reply"]["answers"][5].pop("by")

    with pytest.raises(InputError, match="says not when"):
        render("reply", _edited(tmp_path, book, MELLANBY, no_by))


# ------------------------------------------------------------------ a föreläggande that holds


def test_forelaggande_is_marked_for_service_and_says_how_it_is_served(mellanby):
    ctx = build_context("forelaggande", mellanby)
    assert ctx["head"]["marking"] == "Delgivning"
    text = render("forelaggande", mellanby).content
    assert "**Delgivning**" in text
    assert "Beslutet delges er genom vanlig delgivning" in text and "delgivningskvittot" in text
    assert build_context("underrattelse", mellanby)["head"]["marking"] is None


def test_vite_per_measure_each_with_its_deadline(akerby):
    ctx = build_context("forelaggande", akerby)
    assert ctx["vite_mode"] == "per_measure"
    assert [(d["deadline"], d["vite_kr"]) for d in ctx["demands"]] == [
        (dt.date(2026, 2, 27), 50000),
        (dt.date(2026, 4, 30), 80000),
    ]
    text = _flat(render("forelaggande", akerby).content)
    assert "punkt 1: 50 000 kronor, om åtgärden i punkt 1 inte är genomförd senast den 27 februari 2026" in text
    assert "punkt 2: 80 000 kronor, om åtgärden i punkt 2 inte är genomförd senast den 30 april 2026" in text


def test_a_joint_vite_says_any_failure_triggers_it(mellanby):
    text = _flat(render("forelaggande", mellanby).content)
    assert "ett gemensamt vite om 100 000 kronor" in text
    assert "om någon av åtgärderna i punkterna 1–2 inte är genomförd senast den dag som anges för punkten" in text
    assert "Åtgärden i punkt 1 ska vara genomförd senast den 31 januari 2025." in text
    assert "Åtgärderna i punkt 2 ska vara genomförda senast den 28 februari 2025." in text


def test_appeal_instructions_for_the_employer_and_the_skyddsombud(akerby):
    text = _flat(render("forelaggande", akerby).content)
    appeal = text[text.index("## Hur man överklagar") : text.index("## Delgivning")]
    assert (
        "ställas till Förvaltningsrätten i Karlstad, men skickas till Arbetsmiljöverket, Box 9082, 171 09 Solna"
        in appeal
    )
    assert "inom tre veckor från den dag då ni fick del av beslutet" in appeal
    assert "prövningstillstånd" in appeal
    assert "huvudskyddsombudet" in appeal and "(9 kap. 3 § arbetsmiljölagen)" in appeal


def test_who_decided_and_who_presented(akerby):
    text = _flat(render("forelaggande", akerby).content)
    assert (
        "Beslut i detta ärende har fattats av Anna Berglund, enhetschef. Föredragande har varit Maria Nilsson, arbetsmiljöinspektör."
        in text
    )
    assert "I den slutliga handläggningen har även Johan Ek, arbetsmiljöinspektör deltagit." in text


def _no_deadlines(r):
    for d in r["decision"]["demands"]:
        d.pop("deadline")


@pytest.mark.parametrize(
    "edit, date, error, match",
    [
        (lambda r: r["decision"].pop("appeal_court"), None, DocumentError, "set decision.appeal_court"),
        (lambda r: r["decision"].pop("decision_maker"), None, DocumentError, "set decision.decision_maker"),
        (lambda r: r["decision"]["demands"][0].pop("vite_kr"), None, InputError, "give every measure its own vite"),
        (lambda r: r["decision"].update(vite_kr=100000), None, InputError, "one joint vite for every measure"),
        # deadlines counted from the decision: dated earlier than announced, they come earlier too
        (_no_deadlines, dt.date(2026, 1, 13), DocumentError, "harder than the underrättelse"),
        (lambda r: None, dt.date(2025, 12, 16), DocumentError, "time for comments"),
        (
            lambda r: r["decision"].update(presenter={"name": "Anna Berglund", "title": "Enhetschef"}),
            None,
            DocumentError,
            "different people",
        ),
    ],
    ids=[
        "no-court",
        "no-decision-maker",
        "mixed-vite",
        "joint-and-per-measure",
        "harder",
        "before-comments",
        "same-person",
    ],
)
def test_an_incomplete_forelaggande_is_refused(tmp_path, book, edit, date, error, match):
    if error is InputError:
        with pytest.raises(InputError, match=match):
            _edited(tmp_path, book, AKERBY, edit)
        return
    inputs = _edited(tmp_path, book, AKERBY, edit)
    with pytest.raises(error, match=match):
        render("forelaggande", inputs, date=date)


def test_underrattelse_states_the_planned_decision_vite_and_comment_date(akerby):
    ctx = build_context("underrattelse", akerby)
    text = _flat(render("underrattelse", akerby).content)
    assert (
        "Arbetsmiljöverket överväger att med stöd av 7 kap. 7 § arbetsmiljölagen (1977:1160) förelägga Åkerby kommun"
        in text
    )
    assert (
        "punkt 1: 50 000 kronor, som kan dömas ut om åtgärden i punkt 1 inte är genomförd senast den 27 februari 2026"
        in text
    )
    assert f"## Era synpunkter senast den {ctx['comment_due'].day} januari 2026" in text
    assert "Ni och skyddsombudet kan lämna" in text
    assert "(25 § förvaltningslagen (2017:900))" in text
    assert "**Kopia till:** Huvudskyddsombud Vision" in text


# ------------------------------------------------------------------ AV's layout


def test_letterhead_footer_and_signature(akerby):
    text = render("inspektionsmeddelande", akerby).content
    assert text.startswith(
        "**Arbetsmiljöverket**  \nRegion Mitt, distriktet i Örebro  \nHandläggare: Maria Nilsson, 010-730 00 01"
    )
    assert "| Datum | Vår beteckning | Er beteckning |" in text and "| 2025-10-07 | 2025/031415 | Socialchef |" in text
    assert (
        "Postadress: Box 9082, 171 09 Solna" in text
        and "Telefon: 010-730 90 00" in text
        and "Webbplats: www.av.se" in text
    )
    assert "Maria Nilsson  \nArbetsmiljöinspektör" in text
    html = render("inspektionsmeddelande", akerby, fmt="html").content
    assert 'counter(page) " (" counter(pages) ")"' in html  # "N (M)" on every printed page
    assert '<address class="recipient">Åkerby kommun<br>' in html


def test_citations_and_numbers_never_break(mellanby):
    for fmt in ("md", "html"):
        text = render("inspektionsmeddelande", mellanby, fmt=fmt).content
        assert f"CFAR-nr{NBSP}12345678" in text
        assert f"3{NBSP}kap.{NBSP}2{NBSP}a{NBSP}§ arbetsmiljölagen" in text
        assert f"8{NBSP}§{NBSP}AFS{NBSP}2001:1" in text
        assert not re.search(r"\d §|§ AFS|AFS \d|CFAR-nr \d", text), fmt
    assert keep_together("8 och 10 §§ AFS 2001:1") == f"8 och 10{NBSP}§§{NBSP}AFS{NBSP}2001:1"
    assert keep_together("3 kap. 2 a §") == f"3{NBSP}kap.{NBSP}2{NBSP}a{NBSP}§"


def test_join_citations_law_first_as_av_writes():
    table = load_rules().references
    got = join_citations(["8 § AFS 2001:1", "3 kap. 2 a § arbetsmiljölagen", "2 kap. 1 § arbetsmiljölagen"], table)
    assert got == "2 kap. 1 § och 3 kap. 2 a § arbetsmiljölagen (1977:1160) samt 8 § AFS 2001:1"
    got = join_citations(["4 § AFS 2001:1", "3 kap. 1 a § arbetsmiljölagen"], table)
    assert got == "3 kap. 1 a § arbetsmiljölagen (1977:1160) samt 4 § AFS 2001:1"


def test_swedish_dates():
    assert sv_dates([dt.date(2024, 5, 15), dt.date(2024, 5, 14)]) == "14 och 15 maj 2024"
    assert sv_dates([dt.date(2024, 4, 30), dt.date(2024, 5, 2)]) == "30 april och 2 maj 2024"


# ------------------------------------------------------------------ PDF, read back with a PDF reader

SAMI = "Čohkkiras sámesearvi – Ŋ-enheten"


@pytest.fixture(scope="module")
def sami_pdf(tmp_path_factory, book):
    tmp = tmp_path_factory.mktemp("sami")

    def org(o):
        o["units"][0]["name"] = SAMI

    inputs = _edited(tmp, book, AKERBY, edit_org=org)
    return render("forelaggande", inputs, fmt="pdf").content, inputs


def test_pdf_keeps_non_latin1_names_and_embeds_its_fonts(sami_pdf):
    content, _ = sami_pdf
    pages, reader = _pdf_text(content)
    assert SAMI in " ".join(" ".join(pages).split())
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts") or [font]:
                fd = desc.get_object()["/FontDescriptor"].get_object()
                fonts.append((fd["/FontName"], any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert {"NotoSans" in str(name) for name, _ in fonts} == {True}


def test_pdf_declares_pdfa_2b(sami_pdf):
    content, _ = sami_pdf
    _, reader = _pdf_text(content)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"
    assert "/ID" in reader.trailer
    assert b"/Encrypt" not in content


def test_pdf_layout_header_on_every_page_and_no_stranded_heading(sami_pdf):
    content, inputs = sami_pdf
    pages, _ = _pdf_text(content)
    assert len(pages) >= 2
    html = render("forelaggande", inputs, fmt="html").content
    headings = {" ".join(re.sub(r"<[^>]+>", "", h).split()) for h in re.findall(r"<h[23]>(.*?)</h[23]>", html)}
    for n, page in enumerate(pages, start=1):
        flat = page.replace(NBSP, " ")
        assert "2026-01-20" in flat and "2025/031415" in flat, n
        assert f"{n} ({len(pages)})" in flat, n
        lines = [" ".join(x.split()) for x in flat.splitlines() if x.strip() and not x.startswith("Postadress")]
        assert lines[-1] not in headings, f"heading {lines[-1]!r} stranded at the foot of page {n}"
    assert "Postadress: Box 9082, 171 09 Solna" in pages[0].replace(NBSP, " ")
    assert "Delgivning" in pages[0]


def test_pdf_citations_stay_on_one_line(mellanby):
    pages, _ = _pdf_text(render("inspektionsmeddelande", mellanby, fmt="pdf").content)
    text = "\n".join(pages)
    assert (
        not re.search(r"CFAR-nr\s*\n", text)
        and not re.search(r"§\s*\nAFS", text)
        and not re.search(r"kap\.\s*\n\d", text)
    )


# ------------------------------------------------------------------ starting a case


def test_init_inspection_writes_a_starter_that_loads(tmp_path, book):
    runner = CliRunner()
    out = tmp_path / "inspection.yaml"
    res = runner.invoke(app, ["init", "--inspection", "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == starter_inspection()
    org_file = tmp_path / "org.yaml"
    org_file.write_text(starter_org(units=2, name="Exempelby kommun"), encoding="utf-8")
    org = load_org(org_file)
    rec = load_inspection(out, org, book)
    assert rec.model.case.diarienummer == "2025/000000"
    assert "# confirmed_citations" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the phrasebook covers the catalogue


def test_every_check_of_every_legal_rule_has_a_krav_sentence(book):
    """Every check that can become a krav (a legal check of a legal rule) has its sentence, and
    no check that rests on allmänna råd or good practice has one: it is never a krav (issue 13)."""
    phrases = load_phrasebook()
    missing, advisory = [], []
    for rule in book:
        if rule.severity != "legal":
            continue
        rp = phrases.for_rule(rule.id)
        if rp is None:
            missing.append(rule.id)
            continue
        missing += [f"{rule.id}.{c.id}" for c in rule.checks if rule.basis_of(c) == "legal" and rp.phrase(c.id) is None]
        advisory += [f"{rule.id}.{c.id}" for c in rule.checks if rule.basis_of(c) != "legal" and c.id in rp.checks]
    assert missing == [], "add a 'Ni ska …' sentence to templates/krav.yaml for: " + ", ".join(missing)
    assert advisory == [], "these checks rest on allmänna råd or good practice and are never a krav: " + ", ".join(
        advisory
    )
    for rule_id, rp in phrases.rules.items():
        assert rule_id in book.rules, f"templates/krav.yaml names unknown rule {rule_id}"
        ids = {c.id for c in book.get(rule_id).checks}
        for check in rp.checks:
            assert check in ids, f"templates/krav.yaml: {rule_id} has no check {check}"
            p = rp.phrase(check)
            assert p.do.startswith("Ni ska") and (p.none is None or p.none.startswith("Ni ska"))
            for cover in p.covered_by:
                r, _, c = cover.partition(".")
                assert r in book.rules and c in {k.id for k in book.get(r).checks}, cover
    for item in phrases.tillsyn:
        assert all(r in book.rules for r in item.rules), item.title
        for c in item.references:
            cite = book.references.parse(c)
            assert cite is not None and cite.paragraph and book.references.known(cite), c
    for spec in phrases.merge:
        assert all(r in book.rules for r in spec.rules), spec.title


def _with_observation(tmp_path, book, **obs):
    """Mellanby's record with one more observation; the InputError it raises, or None."""
    entry = {"id": "obs-extra", "source": "interviews", "text": "Det framkom i gruppsamtalen.", **obs}
    try:
        _edited(tmp_path, book, MELLANBY, lambda d: d.setdefault("observations", []).append(entry))
    except InputError as exc:
        return exc
    return None


def test_an_observation_cannot_make_a_krav_of_a_check_resting_on_allmanna_rad_or_good_practice(tmp_path, book):
    """A råd or good practice is never a krav, so an observation of a deficiency naming such a
    check is refused where it stands, with the legal checks it could name instead."""
    rule = book.get("SAM-POLICY")
    assert rule.basis_of(next(c for c in rule.checks if c.id == "known")) == "good_practice"
    exc = _with_observation(tmp_path, book, rule="SAM-POLICY", check="known", shows="deficiency")
    assert exc is not None and len(exc.problems) == 1
    p = exc.problems[0]
    assert p.file.endswith("inspection.yaml") and p.line > 1
    assert "never a krav" in p.message and "good practice" in p.message and "'known'" in p.message
    assert "written" in p.message  # a legal check it could name
    # the same observation showing the check in order is a confirmation, and loads
    assert _with_observation(tmp_path, book, rule="SAM-POLICY", check="known", shows="in_order") is None


def test_an_observation_of_a_deficiency_against_an_advice_rule_is_refused_not_dropped(tmp_path, book):
    advice = next(r for r in book if r.severity == "advice")
    exc = _with_observation(tmp_path, book, rule=advice.id, shows="deficiency")
    assert exc is not None and len(exc.problems) == 1
    assert "allmänna råd" in exc.problems[0].message and "never a krav" in exc.problems[0].message
