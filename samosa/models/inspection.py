"""The inspection record: what an inspector knows that ``org.yaml`` cannot say.

AV's letters rest on more than the employer's documents. A focus inspection
adds group interviews (gruppsamtal) with a questionnaire, what the inspectors
saw on site, and the inspector's own judgement of which demands to keep, drop
or reword; later steps add the employer's reply and the decision data. This
module is the model of that file (``inspection.yaml``) and its loader, which
reports problems with ``file:line:col`` exactly like the org loader and checks
every cross-reference (rule ids, unit ids, dates on working days) up front, so
a letter is never rendered from a record that does not hold together.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Optional

from pydantic import Field, PositiveInt, ValidationError

from samosa.models.loading import LoadedOrg
from samosa.models.org import Strict
from samosa.models.validation import validation_problems
from samosa.models.workdays import is_working_day, non_working_reason
from samosa.source.loader import load_yaml
from samosa.source.positions import PathT, SourceMap
from samosa.source.problems import InputError, Problem

if TYPE_CHECKING:  # the record is checked against the rule book's ids; models sit below the rulebook
    from samosa.rulebook.model import RuleBook


class Method(str, Enum):
    """How AV supervises (seed 000, 3.3.1 and 3.3.2)."""

    fokusinspektion = "fokusinspektion"
    tvastegsmetoden = "tvastegsmetoden"


class QuestionnaireArea(str, Enum):
    """The six areas of AV's questionnaire to social workers (seed 000, 3.3.1)."""

    goals_tasks = "goals_tasks"
    demands_workload = "demands_workload"
    introduction_knowledge = "introduction_knowledge"
    support = "support"
    crisis_support = "crisis_support"
    threats_violence = "threats_violence"


QUESTIONNAIRE_TITLES = {
    "goals_tasks": "Mål och arbetsuppgifter",
    "demands_workload": "Arbetskrav och arbetsbelastning",
    "introduction_knowledge": "Introduktion och kunskaper",
    "support": "Stöd i arbetet",
    "crisis_support": "Krisstöd",
    "threats_violence": "Hot och våld",
}


class EvidenceKind(str, Enum):
    """What a finding rests on: the employer's documents, interviews, or what was seen."""

    documents = "documents"
    interviews = "interviews"
    observation = "observation"


EVIDENCE_TITLES = {
    "documents": "handlingar",
    "interviews": "gruppsamtal",
    "observation": "iakttagelser på plats",
}


class Shows(str, Enum):
    """What an observation shows about the requirement it concerns."""

    deficiency = "deficiency"
    in_order = "in_order"


class DemandAction(str, Enum):
    keep = "keep"
    drop = "drop"
    reword = "reword"


class ReplyStatus(str, Enum):
    done = "done"
    in_progress = "in_progress"
    planned = "planned"
    disputed = "disputed"


class Person(Strict):
    name: str = Field(description="Namn (bara för den som undertecknar eller ska kontaktas).")
    title: str = Field(description="Titel, t.ex. arbetsmiljöinspektör.")
    phone: Optional[str] = Field(None, description="Telefon.")
    email: Optional[str] = Field(None, description="E-post.")


class Office(Strict):
    """Arbetsmiljöverket's contact details in the letters' footer (placeholders are AV's central ones)."""

    postal_address: Optional[str] = Field(
        None,
        description="Postadress i sidfoten; annars case.av_address, annars AV:s centrala 'Box 9082, 171 09 Solna'.",
    )
    visiting_address: Optional[str] = Field(
        None, description="Besöksadress för regionen eller distriktet (skrivs bara ut om den anges)."
    )
    switchboard: str = Field("010-730 90 00", description="Telefon (växel).")
    email: str = Field("arbetsmiljoverket@av.se", description="AV:s e-postadress för ärendet.")
    website: str = Field("www.av.se", description="Webbplats.")


AV_POSTAL_ADDRESS = "Box 9082, 171 09 Solna"


class Case(Strict):
    diarienummer: str = Field(
        pattern=r"^(19|20)\d{2}/\d{6}$", description="AV:s diarienummer, år/sex siffror, t.ex. 2024/012345."
    )
    method: Method = Field(Method.fokusinspektion, description="fokusinspektion eller tvastegsmetoden.")
    region: str = Field(description="AV:s region eller distrikt, t.ex. 'Region Norr, distriktet i Umeå'.")
    subject: str = Field("Socialsekreterares arbetsmiljö", description="Vad tillsynen gäller.")
    av_address: Optional[str] = Field(None, description="AV:s postadress (äldre nyckel för office.postal_address).")
    office: Office = Field(default_factory=Office, description="AV:s adress, telefon och webbplats i sidfoten.")
    areas: list[Literal["sam", "osa", "violence", "crisis", "premises", "general"]] = Field(
        default_factory=list, description="Områden som tillsynen omfattar (regelområden); tom = alla."
    )


class Employer(Strict):
    """Overrides and additions to what ``org.yaml`` says about the employer."""

    name: Optional[str] = Field(None, description="Arbetsgivarens namn; annars från org.yaml.")
    org_number: Optional[str] = Field(None, pattern=r"^\d{6}-\d{4}$")
    address: Optional[str] = None
    reference: Optional[str] = Field(None, description="Mottagarens referens (roll eller diarienummer).")
    contact: Optional[str] = Field(None, description="Arbetsgivarens kontaktperson (roll).")


class Workplace(Strict):
    name: str = Field(description="Arbetsställets namn.")
    address: Optional[str] = None
    cfar: Optional[str] = Field(None, pattern=r"^\d{8}$", description="CFAR-nummer, åtta siffror.")
    units: list[str] = Field(default_factory=list, description="Enheter (id i org.yaml) som inspekterades; tom = alla.")


class GroupInterview(Strict):
    date: dt.date
    units: list[str] = Field(default_factory=list, description="Enheter (id) som gruppen kom från.")
    participants: PositiveInt = Field(description="Antal socialsekreterare i gruppen (metoden: 6–8).")


class Dates(Strict):
    tillsynsmeddelande: Optional[dt.date] = Field(None, description="Datum för tillsynsmeddelandet.")
    account_due: Optional[dt.date] = Field(None, description="Redovisningen ska ha kommit in senast.")
    account_received: Optional[dt.date] = Field(None, description="Redovisningen kom in.")
    komplettering: Optional[dt.date] = Field(None, description="Datum för begäran om komplettering.")
    komplettering_due: Optional[dt.date] = Field(None, description="Kompletteringen ska ha kommit in senast.")
    formote: Optional[dt.date] = Field(None, description="Förmöte på förvaltningsnivå.")
    group_interviews: list[GroupInterview] = Field(default_factory=list, description="Gruppsamtal.")
    aterkoppling: Optional[dt.date] = Field(None, description="Återkoppling till chef och skyddsombud.")
    inspektionsmeddelande: Optional[dt.date] = Field(None, description="Datum för inspektionsmeddelandet.")
    reply_due: Optional[dt.date] = Field(None, description="Svar på inspektionsmeddelandet senast.")


class QuestionnaireSummary(Strict):
    area: QuestionnaireArea
    summary: str = Field(description="Sammanfattning av svaren (utan namn).")
    shows: Optional[Shows] = Field(
        None,
        description="deficiency (svaren visar problem) eller in_order; saknas = kan visa problem. "
        "Problem utanför tillsynens områden (case.areas) ger en varning när breven skrivs.",
    )
    respondents: Optional[PositiveInt] = None
    units: list[str] = Field(default_factory=list)


class Observation(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    rule: str = Field(description="Regeln (id) som iakttagelsen gäller.")
    check: Optional[str] = Field(
        None, description="Kontrollen i regeln (id) som iakttagelsen visar brister i; ger kravets formulering."
    )
    unit: Optional[str] = Field(None, description="Enhet (id); saknas = alla enheter som regeln gäller.")
    source: EvidenceKind = Field(description="interviews (gruppsamtal), observation (på plats) eller documents.")
    shows: Shows = Field(description="deficiency (brist) eller in_order (i sin ordning).")
    text: str = Field(description="Vad som framkom, med roller och enheter, aldrig namn.")


class DemandDecision(Strict):
    rule: str
    unit: Optional[str] = Field(None, description="Bara denna enhet; saknas = hela kravet.")
    action: DemandAction
    text: Optional[str] = Field(None, description="Ny lydelse av kravet (för reword).")
    reason: Optional[str] = Field(None, description="Varför kravet stryks eller ändras.")


class AccountGap(Strict):
    rule: str
    unit: Optional[str] = None
    missing: str = Field(description="Exakt vad som saknas i redovisningen och varför det behövs.")


class Account(Strict):
    """The inspector's assessment of the employer's written account (two-step method)."""

    gaps: list[AccountGap] = Field(default_factory=list)
    due_working_days: PositiveInt = Field(20, description="Arbetsdagar till redovisning om inget datum anges.")
    completion_working_days: PositiveInt = Field(15, description="Arbetsdagar till komplettering om inget datum anges.")


class ReplyAnswer(Strict):
    demand: str = Field(description="Kravet (regelns id) som svaret gäller.")
    status: ReplyStatus
    done: str = Field(description="Vad som har gjorts eller ska göras.")
    evidence: list[str] = Field(default_factory=list, description="Underlag, t.ex. 'Riskbedömning 2024-06-03'.")
    remaining: Optional[str] = None
    by: Optional[dt.date] = Field(None, description="När återstående åtgärder är klara.")


class Reply(Strict):
    date: dt.date
    signed_by: Person
    safety_representative_comment: Optional[str] = Field(None, description="Skyddsombudets synpunkter.")
    answers: list[ReplyAnswer] = Field(default_factory=list)


class DecidedDemand(Strict):
    rule: str
    deadline: Optional[dt.date] = Field(None, description="Senast genomfört; annars beräknat.")
    vite_kr: Optional[PositiveInt] = Field(
        None, description="Vite för just denna punkt (vite per punkt; ange då vite för varje punkt)."
    )
    text: Optional[str] = Field(None, description="Lydelse i beslutet; annars kravet i inspektionsmeddelandet.")


class Decision(Strict):
    underrattelse_date: Optional[dt.date] = Field(None, description="Datum för underrättelsen.")
    comment_due: Optional[dt.date] = Field(None, description="Synpunkter på underrättelsen senast.")
    comment_working_days: PositiveInt = Field(15, description="Arbetsdagar till synpunkter om inget datum anges.")
    decision_date: Optional[dt.date] = Field(None, description="Datum för föreläggandet.")
    deadline_working_days: PositiveInt = Field(40, description="Arbetsdagar till genomförande om inget datum anges.")
    vite_kr: Optional[PositiveInt] = Field(
        None, description="Ett gemensamt vite för alla punkter (i stället för vite per punkt)."
    )
    demands: list[DecidedDemand] = Field(
        default_factory=list, description="Tom = krav som inte besvarats som genomförda."
    )
    employer_comments: Optional[str] = Field(None, description="Arbetsgivarens synpunkter på underrättelsen.")
    assessment: Optional[str] = Field(None, description="AV:s bedömning av synpunkterna.")
    decision_maker: Optional[Person] = Field(None, description="Den som beslutar (föreläggande), med titel.")
    presenter: Optional[Person] = Field(None, description="Föredragande; annars den första inspektören.")
    also_present: list[Person] = Field(
        default_factory=list, description="Andra som har deltagit i den slutliga handläggningen utan att besluta."
    )
    appeal_court: Optional[str] = Field(
        None, description="Förvaltningsrätten som prövar ett överklagande, t.ex. 'Förvaltningsrätten i Härnösand'."
    )
    immediate: bool = Field(False, description="Beslutet gäller omedelbart (9 kap. 5 § arbetsmiljölagen).")
    delgivning: Literal["vanlig"] = Field(
        "vanlig", description="Delgivningssätt för föreläggandet: vanlig delgivning med delgivningskvitto."
    )


class InspectionFile(Strict):
    """The whole ``inspection.yaml`` document."""

    schema_version: int = Field(1, ge=1, le=1)
    case: Case
    inspectors: list[Person] = Field(min_length=1)
    employer: Employer = Field(default_factory=Employer)
    workplace: Workplace
    copy_to: list[str] = Field(default_factory=list, description="Kopia till (roller), t.ex. huvudskyddsombudet.")
    participants: list[str] = Field(default_factory=list, description="Arbetsgivarens deltagare (roller).")
    dates: Dates = Field(default_factory=Dates)
    questionnaire: list[QuestionnaireSummary] = Field(default_factory=list)
    observations: list[Observation] = Field(default_factory=list)
    demands: list[DemandDecision] = Field(default_factory=list)
    account: Account = Field(default_factory=Account)
    reply_working_days: Optional[PositiveInt] = Field(None, description="Arbetsdagar till svar; annars från reglerna.")
    reply: Optional[Reply] = None
    decision: Optional[Decision] = None
    confirmed_citations: list[str] = Field(
        default_factory=list,
        description="Paragrafer med overifierat nummer (status U i rules/references.yaml) som inspektören har "
        "kontrollerat mot författningen; bara de skrivs ut i breven, t.ex. '4 § AFS 2001:1'.",
    )


@dataclass
class LoadedInspection:
    model: InspectionFile
    source: SourceMap

    @property
    def file(self) -> str:
        return self.source.file


def _date_fields(model: Any, path: PathT):
    """Yield ``(path, date)`` for every date in the record (deadlines must be working days)."""
    if isinstance(model, dt.date):
        yield path, model
    elif isinstance(model, list):
        for i, item in enumerate(model):
            yield from _date_fields(item, path + (i,))
    elif isinstance(model, Strict):
        for name in type(model).model_fields:
            yield from _date_fields(getattr(model, name), path + (name,))


# Dates AV sets as deadlines or letter dates: they must fall on working days.
_WORKING_DAY_FIELDS = {
    "tillsynsmeddelande",
    "account_due",
    "komplettering",
    "komplettering_due",
    "inspektionsmeddelande",
    "reply_due",
    "underrattelse_date",
    "comment_due",
    "decision_date",
    "deadline",
}


_BASIS_WORDS = {"advice": "allmänna råd (advice)", "good_practice": "good practice (god praxis)"}


def _cross_problems(rec: InspectionFile, smap: SourceMap, org: LoadedOrg, book: RuleBook) -> list[Problem]:
    problems: list[Problem] = []
    units = [u.id for u in org.model.units]
    rules = list(book.rules)

    def unit_ref(ref: Optional[str], path: PathT) -> None:
        if ref is not None and ref not in units:
            close = difflib.get_close_matches(ref, units, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(smap.problem(path, f"unknown unit {ref!r} (not in {org.file}){hint}"))

    def rule_ref(ref: str, path: PathT) -> bool:
        if ref in book.rules:
            return True
        close = difflib.get_close_matches(ref, rules, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append(smap.problem(path, f"unknown rule {ref!r}{hint}"))
        return False

    for j, u in enumerate(rec.workplace.units):
        unit_ref(u, ("workplace", "units", j))
    for i, gi in enumerate(rec.dates.group_interviews):
        for j, u in enumerate(gi.units):
            unit_ref(u, ("dates", "group_interviews", i, "units", j))
    for i, q in enumerate(rec.questionnaire):
        for j, u in enumerate(q.units):
            unit_ref(u, ("questionnaire", i, "units", j))
    seen: dict[str, int] = {}
    for i, obs in enumerate(rec.observations):
        if obs.id in seen:
            problems.append(smap.problem(("observations", i, "id"), f"duplicate observation id {obs.id!r}"))
        seen.setdefault(obs.id, i)
        if rule_ref(obs.rule, ("observations", i, "rule")):
            rule = book.rules[obs.rule]
            checks = {c.id: c for c in rule.checks}
            deficiency = getattr(obs.shows, "value", obs.shows) == "deficiency"
            if obs.check is not None and obs.check not in checks:
                close = difflib.get_close_matches(obs.check, list(checks), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; {obs.rule} has {', '.join(checks)}"
                problems.append(smap.problem(("observations", i, "check"), f"unknown check {obs.check!r}{hint}"))
            elif deficiency and rule.severity != "legal":
                # the letters make krav only of legal requirements: such an observation would vanish unsaid
                problems.append(
                    smap.problem(
                        ("observations", i, "rule"),
                        f"observation {obs.id!r} shows a deficiency against {obs.rule}, which is "
                        f"{_BASIS_WORDS[rule.severity]}, never a krav; the letters have no place for it",
                    )
                )
            elif deficiency and obs.check is not None and rule.basis_of(checks[obs.check]) != "legal":
                problems.append(
                    smap.problem(
                        ("observations", i, "check"),
                        f"observation {obs.id!r} names check {obs.check!r} of {obs.rule}, which rests on "
                        f"{_BASIS_WORDS[rule.basis_of(checks[obs.check])]}, never a krav; name a legal check "
                        f"({', '.join(c for c, k in checks.items() if rule.basis_of(k) == 'legal') or 'none'}) "
                        "or leave 'check' out",
                    )
                )
        unit_ref(obs.unit, ("observations", i, "unit"))
    decided: set[tuple[str, Optional[str]]] = set()
    for i, d in enumerate(rec.demands):
        rule_ref(d.rule, ("demands", i, "rule"))
        unit_ref(d.unit, ("demands", i, "unit"))
        if (d.rule, d.unit) in decided:
            problems.append(smap.problem(("demands", i), f"the demand {d.rule} has two decisions"))
        decided.add((d.rule, d.unit))
        if d.action == DemandAction.reword and not d.text:
            problems.append(smap.problem(("demands", i), "action 'reword' needs 'text' (the new wording)"))
        if d.action == DemandAction.drop and not d.reason:
            problems.append(smap.problem(("demands", i), "action 'drop' needs 'reason' (why the demand is dropped)"))
        if d.action == DemandAction.reword and d.unit is not None:
            problems.append(smap.problem(("demands", i, "unit"), "a demand is reworded as a whole; remove 'unit'"))
    for i, gap in enumerate(rec.account.gaps):
        rule_ref(gap.rule, ("account", "gaps", i, "rule"))
        unit_ref(gap.unit, ("account", "gaps", i, "unit"))
    if rec.reply is not None:
        answered: set[str] = set()
        for i, a in enumerate(rec.reply.answers):
            rule_ref(a.demand, ("reply", "answers", i, "demand"))
            if a.demand in answered:
                problems.append(smap.problem(("reply", "answers", i, "demand"), f"demand {a.demand} is answered twice"))
            answered.add(a.demand)
    if rec.decision is not None:
        dec = rec.decision
        decided_rules: set[str] = set()
        for i, m in enumerate(dec.demands):
            rule_ref(m.rule, ("decision", "demands", i, "rule"))
            if m.rule in decided_rules:
                problems.append(smap.problem(("decision", "demands", i, "rule"), f"demand {m.rule} is listed twice"))
            decided_rules.add(m.rule)
        per_measure = [i for i, m in enumerate(dec.demands) if m.vite_kr is not None]
        if dec.vite_kr is not None:
            for i in per_measure:
                problems.append(
                    smap.problem(
                        ("decision", "demands", i, "vite_kr"),
                        "decision.vite_kr is one joint vite for every measure; remove the measure's own vite_kr, "
                        "or remove decision.vite_kr to give each measure its own",
                    )
                )
        elif per_measure and len(per_measure) != len(dec.demands):
            for i, m in enumerate(dec.demands):
                if m.vite_kr is None:
                    problems.append(
                        smap.problem(
                            ("decision", "demands", i),
                            f"the measure {m.rule} has no vite_kr while others have one: give every measure "
                            "its own vite (and its own deadline), or set one joint decision.vite_kr",
                        )
                    )
    for i, text in enumerate(rec.confirmed_citations):
        cite = book.references.parse(text)
        if cite is None or cite.paragraph is None or not book.references.known(cite):
            problems.append(
                smap.problem(
                    ("confirmed_citations", i),
                    f"{text!r} is not a paragraph in rules/references.yaml; write it as the rules cite it, "
                    "e.g. '4 § AFS 2001:1'",
                )
            )
    if rec.case.av_address is not None and rec.case.office.postal_address is not None:
        problems.append(
            smap.problem(
                ("case", "av_address"), "give AV's postal address once: case.office.postal_address or case.av_address"
            )
        )
    for path, day in _date_fields(rec, ()):
        if path[-1] in _WORKING_DAY_FIELDS and not is_working_day(day):
            problems.append(
                smap.problem(
                    path,
                    f"{day.isoformat()} is not a working day "
                    f"({non_working_reason(day)}); AV dates letters and deadlines on working days",
                )
            )
    return problems


def load_inspection(path: Path | str, org: LoadedOrg, book: RuleBook, text: str | None = None) -> LoadedInspection:
    """Load and validate an inspection record against ``org`` and ``book``.

    Raises ``InputError`` listing every problem, each with ``file:line:col``.
    """
    data, smap = load_yaml(path, text)
    if not isinstance(data, dict):
        raise InputError([smap.problem((), "expected a mapping with at least 'case', 'inspectors' and 'workplace'")])
    try:
        model = InspectionFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                p.file,
                p.line,
                p.column,
                f"diarienummer must be year/six digits, e.g. 2024/012345; "
                f"got {data.get('case', {}).get('diarienummer')!r}",
                p.path,
            )
            if p.path == "case.diarienummer" and "pattern" in p.message
            else p
            for p in validation_problems(exc, smap, InspectionFile)
        ]
        raise InputError(sorted(problems)) from None
    problems = _cross_problems(model, smap, org, book)
    if problems:
        raise InputError(sorted(problems))
    return LoadedInspection(model=model, source=smap)


STARTER = """\
# samosa — inspektionsakt (inspection.yaml)
#
# Det som bara inspektören vet och som Arbetsmiljöverkets brev bygger på: ärendet,
# gruppsamtal och iakttagelser, vilka krav som behålls, stryks eller formuleras om,
# arbetsgivarens svar och beslutet. Breven skrivs med t.ex.
#   samosa render inspektionsmeddelande org.yaml --inspection inspection.yaml --format pdf -o im.pdf
# Alla nycklar: docs/documents.md. Enheter och regler anges med sina id (org.yaml,
# `samosa rules list`). Namn på personer skrivs bara där någon undertecknar eller ska
# kontaktas; alla andra anges med sin roll.

schema_version: 1

case:
  diarienummer: "{year}/000000"      # AV:s diarienummer, år/sex siffror
  method: fokusinspektion            # eller tvastegsmetoden (tillsynsmeddelande först)
  region: Region Mitt, distriktet i Exempelstad
  subject: Socialsekreterares arbetsmiljö
  areas: []                          # områden som tillsynen omfattar: sam, osa, violence, crisis, premises, general; tom = alla
  # office:                          # sidfoten; utan värden skrivs AV:s centrala uppgifter
  #   postal_address: Box 9082, 171 09 Solna
  #   visiting_address: Exempelgatan 1, Exempelstad
  #   switchboard: 010-730 90 00
  #   email: arbetsmiljoverket@av.se
  #   website: www.av.se

inspectors:                          # den första är handläggare och står i brevhuvudet
  - name: Förnamn Efternamn
    title: Arbetsmiljöinspektör
    phone: 010-730 00 00
    email: fornamn.efternamn@av.se

# employer:                         # avvikelser från org.yaml
#   reference: Socialchef            # er beteckning eller mottagarens roll
#   org_number: "212000-0000"

workplace:
  name: Socialkontoret
  # address: Exempelgatan 2, Exempelstad
  # cfar: "12345678"                 # arbetsställets CFAR-nummer, åtta siffror
  units: []                          # enheter (id i org.yaml) som inspekterades; tom = alla

copy_to: []                          # kopia till (roller); tom = huvudskyddsombudet i org.yaml
participants: []                     # arbetsgivarens deltagare (roller)

# dates:                            # brevens datum ska vara arbetsdagar; tidsfrister räknas i arbetsdagar
#   tillsynsmeddelande: {year}-02-06
#   account_received: {year}-03-05
#   komplettering: {year}-03-19
#   formote: {year}-04-10
#   group_interviews:
#     - {{date: {year}-05-14, units: [enhet-1], participants: 7}}
#   aterkoppling: {year}-05-15
#   inspektionsmeddelande: {year}-06-04

# questionnaire:                     # frågeformulärets svar per område (utan namn)
#   - area: demands_workload           # goals_tasks, demands_workload, introduction_knowledge, support, crisis_support, threats_violence
#     summary: Tolv av femton uppger att arbetsbelastningen ofta är för hög.
#     respondents: 15
#     shows: deficiency

# observations:                      # det som framkom i gruppsamtal eller på plats
#   - id: obs-1
#     rule: SAM-RUTINER
#     source: interviews               # interviews, observation eller documents
#     shows: deficiency                # deficiency eller in_order
#     text: Socialsekreterarna kände inte till rutinen för rapportering av tillbud.

# demands:                           # inspektörens beslut om kraven
#   - {{rule: SAM-UPPGIFT, unit: enhet-1, action: drop, reason: Uppgiftsfördelningen visades vid inspektionen.}}
#   - {{rule: SAM-RISK, action: reword, text: "Ni ska …"}}

# confirmed_citations: []            # overifierade paragrafer (status U) som har kontrollerats, t.ex. "4 § AFS 2001:1"

# reply:                             # arbetsgivarens svar på inspektionsmeddelandet
#   date: {year}-08-20
#   signed_by: {{name: Förnamn Efternamn, title: Socialchef}}
#   answers:
#     - {{demand: SAM-RISK, status: planned, done: En ny riskbedömning görs med företagshälsovården., by: {year}-11-29}}

# decision:                          # underrättelse och föreläggande
#   underrattelse_date: {year}-09-10
#   decision_date: {year}-10-15
#   vite_kr: 100000                  # ett gemensamt vite; eller vite_kr per punkt under demands
#   demands:
#     - {{rule: SAM-RISK, deadline: {next}-01-30}}
#   decision_maker: {{name: Förnamn Efternamn, title: Enhetschef}}
#   appeal_court: Förvaltningsrätten i Exempelstad
"""


def starter_inspection(year: int = 2025) -> str:
    """A commented starter ``inspection.yaml`` that loads against any ``org.yaml`` as it is.

    The example dates are fixed (not today's), so the starter is the same bytes every time.
    """
    return STARTER.format(year=year, next=year + 1)


__all__ = [
    "EVIDENCE_TITLES",
    "QUESTIONNAIRE_TITLES",
    "InspectionFile",
    "LoadedInspection",
    "load_inspection",
    "starter_inspection",
]
