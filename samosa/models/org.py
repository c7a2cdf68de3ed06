"""The organisation model: what a municipality writes in ``org.yaml``.

The vocabulary follows the sources: AV's inspection areas, the SAM cycle
(undersöka → riskbedöma → åtgärda → följa upp) and the documents an inspector
asks for. Identifiers are English; descriptions (shown in the JSON Schema and
in editors) are Swedish. Unknown keys are rejected so that a misspelt
``last_reviewd`` never silently counts as "not reviewed".

Three kinds of fact (docs/org-format.md): a field the file *states*, one it
*states as absent* (``false``, ``0``, ``[]``, ``null``), and one it does *not
state* (left out). Every optional field is declared as one of:

* ``fact(...)`` / ``facts(...)`` — left out means *not stated*; the field
  carries the Swedish words for what is then not shown ("om enheten gör
  hembesök"), so a verdict can say "det framgår inte om enheten gör hembesök"
  instead of pretending the answer is no. Yes/no facts refuse ``null``: the
  file says ``true`` or ``false``, or leaves the key out.
* ``convention(...)`` — left out has a meaning the format fixes and documents
  (no ``units`` list: the whole organisation; no ``answers``: the measure is
  linked to no risk). These are scopes and links, never facts about the world.

A record section or list that is present is the organisation's complete
account of it: a ``routines`` list without a crisis routine states that there
is none.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, NonNegativeInt
from pydantic_core import PydanticCustomError

#: JSON Schema key holding the Swedish words for what is not shown when a fact is left out.
NOT_STATED_KEY = "x-not-stated"
#: JSON Schema key holding what leaving a convention field out means.
DEFAULT_MEANS_KEY = "x-default-means"


def fact(description: str, unknown: str, **constraints: Any) -> Any:
    """A fact with no default: left out, it is *not stated*; ``unknown`` says what is then not shown."""
    return Field(None, description=description, json_schema_extra={NOT_STATED_KEY: unknown}, **constraints)


def facts(description: str, unknown: str) -> Any:
    """A list of facts: left out is *not stated*; ``[]`` states that there are none."""
    return Field(default_factory=list, description=description, json_schema_extra={NOT_STATED_KEY: unknown})


def convention(default: Any, description: str, means: str) -> Any:
    """A scope or link whose absence the format defines (``means``, in Swedish)."""
    if isinstance(default, list):
        return Field(default_factory=list, description=description, json_schema_extra={DEFAULT_MEANS_KEY: means})
    return Field(default, description=description, json_schema_extra={DEFAULT_MEANS_KEY: means})


#: Swedish answers accepted for a yes/no fact, as people write them.
YES_NO = {"ja": True, "nej": False}


def _yes_no(value: Any) -> Any:
    """``ja``/``nej`` (any case) as ``true``/``false``; everything else as pydantic reads booleans."""
    if isinstance(value, str) and value.strip().lower() in YES_NO:
        return YES_NO[value.strip().lower()]
    return value


def _no_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError(
            "fact_null", "write true or false (ja or nej); leave the key out when it is not known (null is neither)"
        )
    return _yes_no(value)


#: A yes/no fact: ``true``/``ja``, ``false``/``nej`` or left out (not stated); ``null`` is refused.
Flag = Annotated[Optional[bool], BeforeValidator(_no_null)]
#: A required yes/no: ``true``/``ja`` or ``false``/``nej``.
YesNo = Annotated[bool, BeforeValidator(_yes_no)]

#: JSON Schema key holding, per code of a closed vocabulary, the Swedish words accepted for it.
SWEDISH_KEY = "x-swedish"


def _normal(word: str) -> str:
    """How a written word is compared with a vocabulary: case, spaces, '_' and '-' do not matter."""
    return " ".join(word.strip().lower().replace("_", " ").replace("-", " ").split())


def _plain(word: str) -> str:
    return _normal(word).translate(str.maketrans("åäöé", "aaoe"))


class Vocabulary(str, Enum):
    """A closed vocabulary whose values are English codes, and which accepts the Swedish words
    people write for them (``pågår`` for ``in_progress``, ``huvudskyddsombud`` for ``skyddsombud``).

    A Swedish word is read as its code when the file loads, so a verdict never depends on which
    was written; a word that is neither is refused with a did-you-mean naming the code. The words
    are listed in the JSON Schema (``x-swedish``, added by ``add_swedish_words``) and in every
    message about the field.
    """

    @classmethod
    def swedish(cls) -> dict[str, tuple[str, ...]]:
        """Code → the Swedish words accepted for it: the word samosa writes for it
        (``models/words.py``) first, then the synonyms people write (``SWEDISH_WORDS``)."""
        from samosa.models.words import VOCABULARIES  # words.py reads this module's vocabularies

        shown = VOCABULARIES.get(cls, {})
        extra = SWEDISH_WORDS.get(cls, {})
        out: dict[str, tuple[str, ...]] = {}
        for member in cls:
            words = ((shown[member.value],) if member.value in shown else ()) + extra.get(member.value, ())
            if words:
                out[member.value] = tuple(dict.fromkeys(words))
        return out

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        for match in (_normal, _plain):
            key = match(value)
            for member in cls:
                if key == match(member.value) or key in {match(w) for w in cls.swedish().get(member.value, ())}:
                    return member
        return None


SWEDISH_WORDS: dict[type, dict[str, tuple[str, ...]]] = {}


def add_swedish_words(schema: dict[str, Any]) -> dict[str, Any]:
    """Add each vocabulary's Swedish words to its JSON Schema definition (``enum`` and ``x-swedish``),
    so an editor accepts what the loader accepts."""
    by_name: dict[str, type[Vocabulary]] = {v.__name__: v for v in SWEDISH_WORDS}
    for name, definition in schema.get("$defs", {}).items():
        words = by_name[name].swedish() if name in by_name else None
        if words and "enum" in definition:
            codes = list(definition["enum"])
            definition["enum"] = codes + [w for code in codes for w in words.get(code, ())]
            definition[SWEDISH_KEY] = {code: list(ws) for code, ws in words.items()}
    return schema


def swedish_words(vocabulary: type[Vocabulary], **words: tuple[str, ...]) -> None:
    """Register the Swedish words accepted for each code of ``vocabulary``."""
    unknown = set(words) - {m.value for m in vocabulary}
    assert not unknown, unknown
    SWEDISH_WORDS[vocabulary] = words


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True)


class Area(Vocabulary):
    """Verksamhetsområde inom socialtjänsten."""

    barn_och_familj = "barn_och_familj"
    vuxna = "vuxna"
    forsorjningsstod = "forsorjningsstod"
    social_jour = "social_jour"
    familjehem = "familjehem"
    mottagning = "mottagning"
    funktionsstod = "funktionsstod"
    ledning = "ledning"
    annat = "annat"


class Organisation(Strict):
    name: str = Field(description="Arbetsgivarens namn, t.ex. 'Östersunds kommun'.")
    org_number: Optional[str] = fact(
        "Organisationsnummer, NNNNNN-NNNN.", "vilket organisationsnummer arbetsgivaren har", pattern=r"^\d{6}-\d{4}$"
    )
    municipality: Optional[str] = fact("Kommun.", "vilken kommun det gäller")
    assessment_date: Optional[dt.date] = fact(
        "Bedömningsdag; avgör vilka föreskrifter som gäller.", "vilken dag bedömningen avser"
    )
    employees: NonNegativeInt = Field(description="Antal arbetstagare i verksamheten.")
    board: Optional[str] = fact("Nämnd, t.ex. socialnämnden.", "vilken nämnd som ansvarar")
    administration: Optional[str] = fact("Förvaltning, t.ex. socialförvaltningen.", "vilken förvaltning det gäller")
    address: Optional[str] = fact("Postadress.", "vilken postadress arbetsgivaren har")
    safety_representatives: Optional[NonNegativeInt] = fact(
        "Antal utsedda skyddsombud.", "hur många skyddsombud som är utsedda"
    )
    chief_safety_representative: Optional[str] = fact(
        "Huvudskyddsombud (roll eller namn).", "vem som är huvudskyddsombud"
    )


class UnitSignals(Strict):
    staff_turnover_percent: Optional[float] = fact(
        "Personalomsättning i procent.", "hur stor personalomsättningen är", ge=0, le=100
    )
    sick_leave_percent: Optional[float] = fact("Sjukfrånvaro i procent.", "hur stor sjukfrånvaron är", ge=0, le=100)
    sick_leave_previous_percent: Optional[float] = fact(
        "Sjukfrånvaro föregående period.", "hur stor sjukfrånvaron var föregående period", ge=0, le=100
    )
    cases_per_caseworker: Optional[float] = fact(
        "Antal ärenden per handläggare.", "hur många ärenden varje handläggare har", ge=0
    )
    vacancies: Optional[NonNegativeInt] = fact("Vakanta tjänster.", "hur många tjänster som är vakanta")
    unreported_incidents: Optional[NonNegativeInt] = fact(
        "Hot, våld eller tillbud som kommit fram i gruppsamtal, enkät eller skyddsrond men aldrig rapporterats.",
        "om det finns händelser som berättats men aldrig rapporterats",
    )
    survey_workload_ok_percent: Optional[float] = fact(
        "Andel i medarbetarenkät som anser arbetsbelastningen rimlig.",
        "hur stor andel som i medarbetarenkäten anser arbetsbelastningen rimlig",
        ge=0,
        le=100,
    )


class Clarity(Strict):
    """What the employees of a unit know about their assignment (2 kap. 7 § AFS 2023:2)."""

    tasks: Flag = fact("Arbetsuppgifterna är beskrivna och kända.", "om arbetsuppgifterna är beskrivna och kända")
    expected_results: Flag = fact(
        "Det är känt vilket resultat arbetet ska leda till.", "om det är känt vilket resultat arbetet ska leda till"
    )
    priorities: Flag = fact(
        "Det finns en känd prioriteringsordning för när tiden inte räcker.",
        "om det finns en känd prioriteringsordning för när tiden inte räcker",
    )
    support_contact: Optional[str] = fact(
        "Vem arbetstagarna vänder sig till för prioritering och stöd (roll).",
        "vem arbetstagarna vänder sig till för prioritering och stöd",
    )
    last_reviewed: Optional[dt.date] = fact(
        "När uppdraget och prioriteringarna senast gicks igenom.",
        "när uppdraget och prioriteringarna senast gicks igenom",
    )


class StrainMeasure(Vocabulary):
    """Åtgärder mot starkt psykiskt påfrestande arbete (de allmänna rådens exempel till 2 kap. 8 § AFS 2023:2)."""

    supervision = "supervision"
    expert_support = "expert_support"
    information_training = "information_training"
    peer_support = "peer_support"
    demanding_contacts_routine = "demanding_contacts_routine"
    other = "other"


class Unit(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", description="Stabil identitet för enheten.")
    name: str = Field(description="Enhetens namn.")
    area: Area = Field(description="Verksamhetsområde.")
    employees: NonNegativeInt = Field(description="Antal arbetstagare i enheten.")
    manager: Optional[str] = fact("Enhetschef (roll eller namn).", "vem som är enhetschef")
    home_visits: Flag = fact("Arbetet innefattar hembesök.", "om enheten gör hembesök")
    exercise_of_authority: Flag = fact("Myndighetsutövning förekommer.", "om enheten utövar myndighet")
    night_work: Flag = fact(
        "Arbete nattetid eller jour (t.ex. social jour).", "om enheten arbetar nattetid eller har jour"
    )
    signals: UnitSignals = Field(
        default_factory=UnitSignals,
        description="Signaler för enheten.",
        json_schema_extra={NOT_STATED_KEY: "vilka signaler (personalomsättning, sjukfrånvaro, ärenden) enheten har"},
    )
    client_contact: Flag = fact(
        "Arbetet innefattar möten med klienter (risk för våld och hot).", "om enheten har klientmöten"
    )
    clarity: Optional[Clarity] = fact(
        "Tydlighet i uppdraget: uppgifter, resultat, prioriteringar, stöd.",
        "hur tydligt uppdraget är för enhetens arbetstagare",
    )
    strain_measures: list[StrainMeasure] = facts(
        "Åtgärder mot starkt psykiskt påfrestande arbete i enheten, utöver handledningen under `supervision`: "
        + ", ".join(m.value for m in StrainMeasure)
        + " (eller på svenska, t.ex. kollegialt stöd, rutiner för krävande klientkontakter).",
        "vilka åtgärder enheten har mot starkt psykiskt påfrestande arbete",
    )
    portable_alarms: Optional[NonNegativeInt] = fact(
        "Antal bärbara larm som enheten har.", "hur många bärbara larm enheten har"
    )
    staff_needing_alarms: Optional[NonNegativeInt] = fact(
        "Antal arbetstagare i enheten som behöver bärbart larm (t.ex. vid hembesök och möten utanför kontoret).",
        "hur många i enheten som behöver bärbart larm",
    )


class PolicyTopic(Vocabulary):
    """Vad arbetsmiljöpolicyn tar ställning till (sluten lista: ett stavfel är ett fel vid inläsning)."""

    osa = "osa"
    workload = "workload"
    victimisation = "victimisation"
    violence_threats = "violence_threats"
    working_hours = "working_hours"
    lone_work = "lone_work"
    crisis_support = "crisis_support"
    rehabilitation = "rehabilitation"
    physical = "physical"
    health_promotion = "health_promotion"
    other = "other"


class Policy(Strict):
    written: YesNo = Field(description="Policyn är skriftlig (true/ja, false/nej).")
    adopted: Optional[dt.date] = fact("Datum då policyn antogs.", "när policyn antogs")
    last_reviewed: Optional[dt.date] = fact("Senast reviderad.", "när policyn senast reviderades")
    adopted_by: Optional[str] = fact("Vem som antog policyn.", "vem som antog policyn")
    communicated: list[str] = facts("Hur policyn har gjorts känd.", "hur policyn har gjorts känd")
    covers: list[PolicyTopic] = facts(
        "Vad policyn omfattar: " + ", ".join(t.value for t in PolicyTopic) + ".", "vad policyn tar ställning till"
    )
    measurable: Flag = fact(
        "Policyn är så konkret att den kan följas upp (anger hur förhållandena ska vara, inte bara allmänna ambitioner).",
        "om policyn är så konkret att den kan följas upp",
    )


class RoutineTopic(Vocabulary):
    sam = "sam"
    risk_assessment = "risk_assessment"
    incident_reporting = "incident_reporting"
    investigation = "investigation"
    action_plan = "action_plan"
    annual_followup = "annual_followup"
    task_delegation = "task_delegation"
    workload = "workload"
    victimisation = "victimisation"
    violence_threats = "violence_threats"
    home_visits = "home_visits"
    alarm = "alarm"
    crisis_support = "crisis_support"
    first_aid = "first_aid"
    rehabilitation = "rehabilitation"
    working_hours = "working_hours"
    lone_work = "lone_work"
    demanding_client_contacts = "demanding_client_contacts"
    other = "other"


class RoutineContent(Vocabulary):
    """Vad en rutin anger (sluten lista)."""

    when = "when"
    how = "how"
    who_responsible = "who_responsible"
    participants = "participants"
    receiver = "receiver"
    procedure = "procedure"
    quick_help = "quick_help"
    pre_visit_risk_assessment = "pre_visit_risk_assessment"
    no_lone_work = "no_lone_work"
    check_in = "check_in"
    alarm_use = "alarm_use"
    follow_up = "follow_up"
    workload = "workload"
    other = "other"


ALL_UNITS = "hela verksamheten (alla enheter)"


def _not_introduction(value: Any) -> Any:
    if isinstance(value, str) and _plain(value) in {"introduction", "introduktion"}:
        raise PydanticCustomError(
            "introduction_routine",
            "the introduction is written once, in the top-level `introduction` section (written, owner, covers, "
            "adopted, last_reviewed, communicated); move this routine's facts there",
        )
    return value


class Routine(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    topic: Annotated[RoutineTopic, BeforeValidator(_not_introduction)] = Field(description="Vad rutinen gäller.")
    title: Optional[str] = fact("Rutinens rubrik.", "vad rutinen heter")
    written: YesNo = Field(description="Rutinen är skriftlig (true/ja, false/nej).")
    owner: Optional[str] = fact("Ansvarig för rutinen (roll).", "vem som ansvarar för rutinen")
    adopted: Optional[dt.date] = fact("När rutinen beslutades.", "när rutinen beslutades")
    last_reviewed: Optional[dt.date] = fact("När rutinen senast gicks igenom.", "när rutinen senast gicks igenom")
    communicated: list[str] = facts("Hur rutinen har gjorts känd, t.ex. APT, intranät.", "hur rutinen har gjorts känd")
    units: list[str] = convention([], "Enheter som rutinen gäller; tom = alla.", ALL_UNITS)
    describes: list[RoutineContent] = facts(
        "Vad rutinen anger: " + ", ".join(t.value for t in RoutineContent) + ".", "vad rutinen anger"
    )


class Delegation(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    from_role: str = Field(alias="from", description="Den som fördelar uppgifterna.")
    to_role: str = Field(alias="to", description="Den som tar emot uppgifterna.")
    unit: Optional[str] = convention(None, "Enhet som fördelningen gäller.", "ingen särskild enhet")
    tasks: list[str] = facts("Arbetsmiljöuppgifter som fördelas.", "vilka arbetsmiljöuppgifter som fördelas")
    authority: Flag = fact("Befogenheter är tillräckliga.", "om mottagaren har tillräckliga befogenheter")
    resources: Flag = fact("Resurser är tillräckliga.", "om mottagaren har tillräckliga resurser")
    knowledge_confirmed: Flag = fact(
        "Mottagarens kunskaper är säkerställda.", "om mottagarens kunskaper är säkerställda"
    )
    written: Flag = fact("Fördelningen är skriftlig.", "om fördelningen är skriftlig")
    acknowledged: Flag = fact(
        "Mottagaren har kvitterat fördelningen skriftligt (skrivit under att hen tagit emot uppgifterna).",
        "om mottagaren har kvitterat fördelningen",
    )
    date: Optional[dt.date] = fact("När uppgifterna fördelades.", "när uppgifterna fördelades")
    returned: Flag = fact("Uppgifterna har returnerats.", "om uppgifterna har returnerats")


class Risk(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str
    serious: Optional[bool] = fact(
        "true: bedömd som allvarlig; false: bedömd som inte allvarlig; null: riskbedömningen anger inte om risken är allvarlig.",
        "om risken bedömdes som allvarlig",
    )
    causes: list[str] = facts("Bakomliggande orsaker.", "vilka de bakomliggande orsakerna är")
    measures: list[str] = facts("Åtgärder som riskbedömningen ledde till.", "vilka åtgärder riskbedömningen ledde till")
    recurring: Flag = fact(
        "Risken gäller våld eller hot som kan återkomma (t.ex. i arbetet med vissa klienter eller beslut).",
        "om risken gäller våld eller hot som kan återkomma",
    )
    instructions_written: Flag = fact(
        "Det finns skriftliga instruktioner för hur arbetet med risken ska utföras säkert (krävs vid allvarliga risker).",
        "om det finns skriftliga instruktioner för att utföra arbetet säkert med risken",
    )


class RiskTopic(Vocabulary):
    general = "general"
    workload = "workload"
    violence_threats = "violence_threats"
    home_visits = "home_visits"
    working_hours = "working_hours"
    victimisation = "victimisation"
    premises = "premises"
    lone_work = "lone_work"
    organisational_change = "organisational_change"
    other = "other"


class ParticipantRole(Vocabulary):
    """Vem som deltog (sluten lista; huvudskyddsombud och regionalt skyddsombud räknas som skyddsombud)."""

    manager = "manager"
    skyddsombud = "skyddsombud"
    employees = "employees"
    hr = "hr"
    foretagshalsovard = "foretagshalsovard"
    other = "other"


class RiskMethod(Vocabulary):
    """Hur arbetsmiljön undersöktes (sluten lista)."""

    survey = "survey"
    group_interview = "group_interview"
    individual_interview = "individual_interview"
    case_statistics = "case_statistics"
    incident_statistics = "incident_statistics"
    safety_round = "safety_round"
    other = "other"


class RiskAssessment(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    topic: RiskTopic
    title: Optional[str] = fact("Riskbedömningens rubrik.", "vad riskbedömningen heter")
    units: list[str] = convention([], "Enheter som omfattas; tom = hela verksamheten.", ALL_UNITS)
    date: dt.date
    written: Flag = fact("Riskbedömningen är skriftligt dokumenterad.", "om riskbedömningen är skriftligt dokumenterad")
    participants: list[ParticipantRole] = facts(
        "Deltagare: "
        + ", ".join(r.value for r in ParticipantRole)
        + " (eller på svenska, t.ex. chef, huvudskyddsombud, medarbetare).",
        "vilka som deltog i riskbedömningen",
    )
    methods: list[RiskMethod] = facts(
        "Metoder: " + ", ".join(m.value for m in RiskMethod) + " (eller på svenska, t.ex. enkät, gruppsamtal).",
        "vilka metoder undersökningen byggde på",
    )
    planned_change: bool = convention(
        False, "Bedömningen gäller en planerad förändring.", "bedömningen gäller inte en planerad förändring"
    )
    changes: list[str] = convention(
        [],
        "Ändringar i verksamheten (changes[].id) som riskbedömningen gäller.",
        "riskbedömningen gäller ingen ändring",
    )
    risks: list[Risk] = facts("Riskerna som bedömdes.", "vilka risker riskbedömningen kom fram till")


class ChangeKind(Vocabulary):
    """Vilken sorts ändring i verksamheten (sluten lista)."""

    premises = "premises"
    reorganisation = "reorganisation"
    working_methods = "working_methods"
    staffing = "staffing"
    other = "other"


class Change(Strict):
    """A change in the organisation that was planned or carried out (11 § andra stycket AFS 2023:1)."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = Field(description="Vad som ändras, t.ex. flytt till nya lokaler.")
    kind: Optional[ChangeKind] = fact(
        "Slag: " + ", ".join(k.value for k in ChangeKind) + " (eller på svenska, t.ex. flytt, omorganisation).",
        "vilken sorts ändring det är",
    )
    date: Optional[dt.date] = fact("När ändringen genomförs eller genomfördes.", "när ändringen genomförs")
    units: list[str] = convention([], "Enheter som ändringen gäller; tom = alla.", ALL_UNITS)


class ActionStatus(Vocabulary):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class ActionItem(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    measure: str = Field(description="Åtgärd.")
    responsible: Optional[str] = fact("Ansvarig (roll).", "vem som ansvarar för åtgärden")
    deadline: Optional[dt.date] = fact("När åtgärden ska vara genomförd.", "när åtgärden ska vara genomförd")
    status: Optional[ActionStatus] = fact(
        "Läge: planned, in_progress, done eller cancelled.", "om åtgärden är planerad, påbörjad eller genomförd"
    )
    depends_on: list[str] = convention(
        [], "Åtgärder som måste vara klara först.", "åtgärden beror inte på någon annan åtgärd"
    )
    answers: list[str] = convention(
        [], "Risker (id) eller regler (id) som åtgärden besvarar.", "åtgärden är inte kopplad till någon risk"
    )
    unit: Optional[str] = convention(None, "Enhet som åtgärden gäller.", ALL_UNITS)
    duration_days: Optional[NonNegativeInt] = fact(
        "Uppskattad tid i arbetsdagar.", "hur många arbetsdagar åtgärden beräknas ta"
    )
    completed: Optional[dt.date] = fact("När åtgärden genomfördes.", "när åtgärden genomfördes")
    checked: Optional[dt.date] = fact(
        "Datum då genomförd åtgärd kontrollerades.", "om och när den genomförda åtgärden kontrollerades"
    )


class IncidentKind(Vocabulary):
    threat = "threat"
    violence = "violence"
    accident = "accident"
    near_miss = "near_miss"
    ill_health = "ill_health"
    victimisation = "victimisation"


class Incident(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    date: dt.date
    kind: IncidentKind
    unit: Optional[str] = convention(None, "Enhet där händelsen inträffade.", "ingen särskild enhet")
    serious: Flag = fact(
        "Allvarligt tillbud eller svårare personskada.",
        "om händelsen var ett allvarligt tillbud eller en svårare skada",
    )
    description: Optional[str] = fact("Beskrivning (visas aldrig i utdata).", "vad som hände")
    reported: Flag = fact("Rapporterat internt.", "om händelsen rapporterades internt")
    investigated: Flag = fact("Orsakerna är utredda.", "om orsakerna till händelsen är utredda")
    documented: Flag = fact("Händelsen är dokumenterad.", "om händelsen är dokumenterad")
    reported_to_av: Flag = fact("Anmält till Arbetsmiljöverket.", "om händelsen anmäldes till Arbetsmiljöverket")
    support_given: Flag = fact("Stöd gavs efter händelsen.", "om den som drabbades fick stöd efter händelsen")


class TrainingTopic(Vocabulary):
    sam = "sam"
    osa = "osa"
    violence_threats = "violence_threats"
    first_aid = "first_aid"
    crisis_support = "crisis_support"
    introduction = "introduction"
    safety_routines = "safety_routines"
    alarm_drill = "alarm_drill"
    other = "other"


class TrainingAudience(Vocabulary):
    """Vilka en utbildning riktade sig till (sluten lista)."""

    managers = "managers"
    staff = "staff"
    skyddsombud = "skyddsombud"
    first_aiders = "first_aiders"
    new_staff = "new_staff"
    all = "all"


class Training(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    audience: TrainingAudience = Field(
        description="Vilka som deltog: " + ", ".join(t.value for t in TrainingAudience) + "."
    )
    topic: TrainingTopic
    date: dt.date
    participants: Optional[NonNegativeInt] = fact("Antal deltagare.", "hur många som deltog")
    attendees: list[str] = facts(
        "Vilka som deltog, med samma roll eller namn som i uppgiftsfördelningen (delegations[].to).",
        "vilka som deltog i utbildningen",
    )
    units: list[str] = convention([], "Enheter som utbildningen gällde; tom = alla.", ALL_UNITS)


class AnnualFollowup(Strict):
    year: int = Field(ge=1990, le=2100)
    date: dt.date
    written: YesNo = Field(description="Uppföljningen är skriftligt dokumenterad (true/ja, false/nej).")
    participants: list[ParticipantRole] = facts(
        "Deltagare: " + ", ".join(r.value for r in ParticipantRole) + " (eller på svenska, t.ex. huvudskyddsombud).",
        "vilka som deltog i uppföljningen",
    )
    improvements: list[str] = facts("Förbättringar som beslutades.", "vilka förbättringar som beslutades")
    incidents: list[str] = convention(
        [],
        "Händelser (id) som föranledde uppföljningen, t.ex. en extra uppföljning efter ett allvarligt tillbud.",
        "uppföljningen föranleddes inte av någon särskild händelse",
    )


class Signals(Strict):
    staff_turnover_percent: Optional[float] = fact(
        "Personalomsättning i procent.", "hur stor personalomsättningen är", ge=0, le=100
    )
    staff_turnover_previous_percent: Optional[float] = fact(
        "Personalomsättning föregående period.", "hur stor personalomsättningen var föregående period", ge=0, le=100
    )
    sick_leave_percent: Optional[float] = fact("Sjukfrånvaro i procent.", "hur stor sjukfrånvaron är", ge=0, le=100)
    sick_leave_previous_percent: Optional[float] = fact(
        "Sjukfrånvaro föregående period.", "hur stor sjukfrånvaron var föregående period", ge=0, le=100
    )
    cases_per_caseworker: Optional[float] = fact(
        "Antal ärenden per handläggare.", "hur många ärenden varje handläggare har", ge=0
    )
    survey_workload_ok_percent: Optional[float] = fact(
        "Andel i medarbetarenkät som anser arbetsbelastningen rimlig.",
        "hur stor andel som i medarbetarenkäten anser arbetsbelastningen rimlig",
        ge=0,
        le=100,
    )
    unreported_incidents: Optional[NonNegativeInt] = fact(
        "Hot, våld eller tillbud som kommit fram i gruppsamtal, enkät eller skyddsrond men aldrig rapporterats.",
        "om det finns händelser som berättats men aldrig rapporterats",
    )
    period: Optional[str] = fact("Mätperiod, t.ex. 2023.", "vilken period signalerna avser")


class VisitingRoom(Strict):
    """Ett besöksrum: det inspektören går igenom rum för rum."""

    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    name: Optional[str] = fact("Rummets namn eller nummer.", "vad rummet heter")
    retreat_route: Flag = fact(
        "Man kan lämna rummet utan att passera besökaren (reträttväg).", "om rummet har reträttväg"
    )
    door_opens_outward: Flag = fact(
        "Dörren går utåt, så att den inte kan blockeras inifrån.", "om rummets dörr går utåt"
    )
    alarm: Flag = fact("Det finns ett fast larm i rummet.", "om det finns larm i rummet")


class Premises(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    name: str
    units: list[str] = convention([], "Enheter som använder lokalen; tom = alla.", ALL_UNITS)
    visiting_rooms: Flag = fact("Särskilda besöksrum finns.", "om det finns särskilda besöksrum")
    retreat_routes: Flag = fact("Besöksrum har reträttväg.", "om besöksrummen har reträttväg")
    loose_objects_removed: Flag = fact(
        "Lösa föremål som kan användas som tillhyggen är borttagna.",
        "om lösa föremål som kan användas som tillhyggen är borttagna",
    )
    entrance_overview: Flag = fact("Insyn före dörröppning.", "om man kan se ut innan man öppnar entrédörren")
    fixed_alarms: Flag = fact("Fasta larm finns.", "om det finns fasta larm")
    portable_alarms: Flag = fact("Bärbara larm finns.", "om det finns bärbara larm")
    alarm_receiver_defined: Flag = fact(
        "Det är bestämt vem som tar emot larmet och vad som då görs.",
        "vem som tar emot larmet och vad som då görs",
    )
    alarm_tested: Optional[dt.date] = fact("Senaste kontroll av larmet.", "när larmet senast kontrollerades")
    alarm_drill: Optional[dt.date] = fact("Senaste larmövning.", "när larmet senast övades")
    ventilation_checked: Optional[dt.date] = fact(
        "Senaste kontroll av ventilationen.", "när ventilationen senast kontrollerades"
    )
    sound_privacy: Flag = fact(
        "Samtal kan föras ostört utan insyn/avlyssning.", "om samtal kan föras ostört utan att höras av andra"
    )
    noise_disturbs: Flag = fact(
        "Arbetstagarna störs av buller i lokalen (t.ex. i kontorslandskap eller från installationer).",
        "om arbetstagarna störs av buller i lokalen",
    )
    rooms: list[VisitingRoom] = convention(
        [],
        "Besöksrummen ett och ett: reträttväg, dörrens riktning, larm.",
        "besöksrummen redovisas inte ett och ett; lokalens uppgifter (retreat_routes, fixed_alarms) gäller dem alla",
    )
    rest_room: Flag = fact("Vilutrymme finns.", "om det finns vilutrymme för ostörd vila")
    break_room: Flag = fact("Pausutrymme finns.", "om det finns pausutrymme för återhämtning")


class WorkingTime(Strict):
    night_duty: Flag = fact("Nattarbete förekommer.", "om det förekommer nattarbete")
    on_call: Flag = fact("Jour eller beredskap förekommer.", "om det förekommer jour")
    units: list[str] = convention([], "Enheter som uppgifterna gäller; tom = alla.", ALL_UNITS)
    risk_assessed: Optional[dt.date] = fact(
        "När arbetstidens förläggning senast riskbedömdes.", "när arbetstidens förläggning senast riskbedömdes"
    )
    records_kept: Flag = fact(
        "Anteckningar om jourtid, övertid och mertid förs för varje arbetstagare.",
        "om anteckningar om jourtid, övertid och mertid förs",
    )
    records_retained: Flag = fact(
        "Anteckningarna bevaras på arbetsstället under kalenderåret och de två följande kalenderåren.",
        "om anteckningarna om jourtid, övertid och mertid bevaras i två år efter kalenderåret",
    )


class IntroductionContent(Vocabulary):
    """Vad introduktionen av nyanställda omfattar (sluten lista)."""

    sam = "sam"
    tasks = "tasks"
    risks = "risks"
    contacts = "contacts"
    safety_routines = "safety_routines"
    crisis_support = "crisis_support"
    first_aid = "first_aid"
    victimisation = "victimisation"
    working_hours = "working_hours"
    other = "other"


class IntroductionOccasion(Vocabulary):
    """När introduktionen upprepas för den som redan är anställd (allmänna råd till 10 § AFS 2023:1)."""

    long_absence = "long_absence"
    changed_tasks = "changed_tasks"
    organisational_change = "organisational_change"


class Introduction(Strict):
    """The introduction of new employees, and its routine: written once, here (not under ``routines``)."""

    title: Optional[str] = fact("Rubriken på introduktionsrutinen eller -planen.", "vad introduktionsrutinen heter")
    written: Flag = fact("Introduktionen är skriftligt beskriven.", "om introduktionen är skriftligt beskriven")
    owner: Optional[str] = fact("Vem som ansvarar för introduktionen.", "vem som ansvarar för introduktionen")
    adopted: Optional[dt.date] = fact("När introduktionsrutinen beslutades.", "när introduktionsrutinen beslutades")
    communicated: list[str] = facts(
        "Hur introduktionsrutinen har gjorts känd, t.ex. APT, intranät.", "hur introduktionsrutinen har gjorts känd"
    )
    covers: list[IntroductionContent] = facts(
        "Innehåll: " + ", ".join(t.value for t in IntroductionContent) + ".", "vad introduktionen omfattar"
    )
    repeated_after: list[IntroductionOccasion] = facts(
        "När introduktionen upprepas: " + ", ".join(t.value for t in IntroductionOccasion) + ".",
        "när introduktionen upprepas",
    )
    mentor: Flag = fact("Nyanställda får en mentor.", "om nyanställda får en mentor")
    units: list[str] = convention([], "Enheter som introduktionen gäller; tom = alla.", ALL_UNITS)
    last_reviewed: Optional[dt.date] = fact(
        "När introduktionen senast sågs över.", "när introduktionen senast sågs över"
    )


class CrisisSupport(Strict):
    routine: Optional[str] = fact("Id för krisstödsrutinen.", "vilken rutin som gäller för krisstöd")
    managers_trained: Flag = fact("Cheferna är utbildade i krisstöd.", "om cheferna är utbildade i krisstöd")
    first_aiders: Optional[NonNegativeInt] = fact(
        "Antal som kan ge första hjälpen.", "hur många som kan ge första hjälpen"
    )
    first_aid_notice: Flag = fact(
        "Det finns anslag om första hjälpen och krisstöd.", "om det finns anslag om första hjälpen och krisstöd"
    )


class OccupationalHealth(Strict):
    provider: Optional[str] = fact("Företagshälsovård som anlitas.", "vilken företagshälsovård som anlitas")
    contract_until: Optional[dt.date] = fact(
        "Avtalet gäller till och med.", "hur länge avtalet med företagshälsovården gäller"
    )
    used_for: list[str] = facts(
        "t.ex. risk_assessment, rehabilitation, support.", "vad företagshälsovården anlitas för"
    )


class Supervision(Strict):
    handledning: Flag = fact("Regelbunden extern handledning.", "om det finns regelbunden handledning")
    frequency_weeks: Optional[NonNegativeInt] = fact("Hur ofta handledning ges, i veckor.", "hur ofta handledning ges")
    units: list[str] = convention([], "Enheter som får handledning; tom = alla.", ALL_UNITS)
    violence_threats: Flag = fact(
        "Handledningen ger särskilt stöd i att hantera återkommande våld och hot (5 kap. 4 § AFS 2023:2).",
        "om handledningen ger särskilt stöd i att hantera våld och hot",
    )


class OsaGoals(Strict):
    """Goals for the organisational and social work environment (2 kap. 5 § AFS 2023:2)."""

    written: YesNo = Field(description="Målen är skriftliga (true/ja, false/nej).")
    adopted: Optional[dt.date] = fact("När målen beslutades.", "när målen beslutades")
    employees_participated: Flag = fact(
        "Arbetstagarna har getts möjlighet att medverka i att ta fram målen.",
        "om arbetstagarna har getts möjlighet att medverka i att ta fram målen",
    )
    communicated: list[str] = facts("Hur målen har gjorts kända, t.ex. APT, intranät.", "hur målen har gjorts kända")
    goals: list[str] = facts("Målen i korthet.", "vilka målen är")


class WorkloadMeasure(Vocabulary):
    """Vad mätningen av arbetsbelastningen omfattar (sluten lista)."""

    cases_per_employee = "cases_per_employee"
    survey_questions = "survey_questions"
    other = "other"


class WorkloadMeasurement(Strict):
    """Regular measurement of workload per unit (god praxis, Stockholms handlingsplan: varje tertial)."""

    frequency_months: Optional[NonNegativeInt] = fact(
        "Hur ofta mätningen görs, i månader (tertial = 4).", "hur ofta arbetsbelastningen mäts"
    )
    last_measured: Optional[dt.date] = fact("Senaste mätningen.", "när arbetsbelastningen senast mättes")
    measures: list[WorkloadMeasure] = facts(
        "Vad som mäts: " + ", ".join(m.value for m in WorkloadMeasure) + " (eller på svenska).",
        "vad mätningen omfattar",
    )
    reported_to: Optional[str] = fact(
        "Vem mätningen rapporteras till, t.ex. avdelningschef.", "vem mätningen rapporteras till"
    )


STOCKHOLM_CONDITIONS = (
    "user_participation",
    "introduction_mentorship",
    "reasonable_span",
    "competence_forum",
    "accessible_leadership",
    "admin_support_staff",
    "admin_support_managers",
    "case_supervision",
    "co_handling",
    "further_training",
    "students",
    "trainees",
    "premises_and_tools",
)


StockholmCondition = Literal[STOCKHOLM_CONDITIONS]  # type: ignore[valid-type]


class GoodPractice(Strict):
    """Good practice from the seeds; never a legal demand."""

    conditions: list[StockholmCondition] = facts(
        "Vilka av Stockholms 13 villkor som finns: " + ", ".join(STOCKHOLM_CONDITIONS) + ".",
        "vilka av Stockholms 13 villkor för en god arbetssituation som finns",
    )
    competence_ladder: Flag = fact(
        "Det finns en kompetenstrappa (t.ex. nivå 1–3, junior/medior/senior).", "om det finns en kompetenstrappa"
    )
    competence_ladder_levels: list[str] = facts("Kompetenstrappans nivåer.", "vilka nivåer kompetenstrappan har")


class CompetenceDevelopment(Strict):
    """How the employer builds up its staff's competence beyond the introduction (kompetensförsörjning)."""

    plan: Flag = fact(
        "Det finns en plan för hur arbetstagarna bygger upp kompetens och erfarenhet (kompetensutvecklingsplan).",
        "om det finns en plan för kompetensutveckling",
    )
    individual_plans: Flag = fact(
        "Varje arbetstagare har en individuell utvecklingsplan.", "om arbetstagarna har individuella utvecklingsplaner"
    )
    last_reviewed: Optional[dt.date] = fact(
        "När planen för kompetensutveckling senast sågs över.", "när planen för kompetensutveckling senast sågs över"
    )
    units: list[str] = convention([], "Enheter som planen gäller; tom = alla.", ALL_UNITS)


def section(description: str, unknown: str) -> Any:
    """A whole section of the file; left out, nothing in it is stated (``null`` states that there is none)."""
    return Field(None, description=description, json_schema_extra={NOT_STATED_KEY: unknown})


class OrgFile(Strict):
    """The whole ``org.yaml`` document."""

    schema_version: int = convention(1, "Formatversion; 1.", "formatversion 1")
    organisation: Organisation
    units: list[Unit] = facts("Enheterna.", "vilka enheter verksamheten har")
    policy: Optional[Policy] = section("Arbetsmiljöpolicyn.", "om det finns en arbetsmiljöpolicy")
    routines: list[Routine] = facts("Rutinerna för arbetsmiljöarbetet (alla).", "vilka rutiner som finns")
    delegations: list[Delegation] = facts(
        "Fördelningen av arbetsmiljöuppgifter (alla).", "hur arbetsmiljöuppgifterna är fördelade"
    )
    risk_assessments: list[RiskAssessment] = facts(
        "Undersökningar och riskbedömningar (alla under perioden).", "vilka riskbedömningar som har gjorts"
    )
    action_plan: list[ActionItem] = facts("Handlingsplanen (alla åtgärder).", "vilka åtgärder handlingsplanen har")
    changes: list[Change] = facts(
        "Ändringar i verksamheten som planerats eller genomförts under perioden (alla): flytt, omorganisation, nya "
        "arbetssätt.",
        "vilka ändringar i verksamheten som har planerats eller genomförts",
    )
    incidents: list[Incident] = facts(
        "Tillbud, olyckor, ohälsa, våld och hot (alla under perioden).",
        "vilka tillbud och händelser som har inträffat",
    )
    training: list[Training] = facts("Utbildningar (alla under perioden).", "vilka utbildningar som har genomförts")
    annual_followups: list[AnnualFollowup] = facts(
        "Årliga uppföljningar av arbetsmiljöarbetet.", "hur arbetsmiljöarbetet har följts upp"
    )
    signals: Signals = Field(
        default_factory=Signals,
        description="Signaler för hela verksamheten.",
        json_schema_extra={
            NOT_STATED_KEY: "vilka signaler (personalomsättning, sjukfrånvaro, ärenden) verksamheten har"
        },
    )
    premises: list[Premises] = facts("Lokalerna (alla).", "hur lokalerna är utformade")
    working_time: Optional[WorkingTime] = section("Arbetstid, natt och jour.", "hur arbetstiden är förlagd")
    introduction: Optional[Introduction] = section("Introduktion av nyanställda.", "hur nyanställda introduceras")
    crisis_support: Optional[CrisisSupport] = section(
        "Första hjälpen och krisstöd.", "hur första hjälpen och krisstöd är ordnade"
    )
    occupational_health: Optional[OccupationalHealth] = section(
        "Företagshälsovård.", "om och hur företagshälsovård anlitas"
    )
    supervision: Optional[Supervision] = section("Handledning.", "om och hur handledning ges")
    osa_goals: Optional[OsaGoals] = section(
        "Mål för den organisatoriska och sociala arbetsmiljön.",
        "om det finns mål för den organisatoriska och sociala arbetsmiljön",
    )
    workload_measurement: Optional[WorkloadMeasurement] = section(
        "Regelbunden mätning av arbetsbelastning.", "om och hur arbetsbelastningen mäts"
    )
    competence_development: Optional[CompetenceDevelopment] = section(
        "Kompetensutveckling utöver introduktionen (kompetensförsörjning).",
        "hur arbetstagarnas kompetens utvecklas utöver introduktionen",
    )
    good_practice: Optional[GoodPractice] = section(
        "God praxis (rådgivande, aldrig krav).", "vilken god praxis som finns"
    )


# ------------------------------------------------------------ the Swedish words of each vocabulary
# Words people write in org.yaml, read as the code. A word belongs to one code of its vocabulary only;
# case, spaces, '-' and '_' do not matter, and å/ä/ö may be written a/a/o.

_TOPICS = dict(
    workload=("arbetsbelastning", "hög arbetsbelastning"),
    victimisation=("kränkande särbehandling", "kränkningar"),
    violence_threats=("våld och hot", "hot och våld", "våld", "hot"),
    working_hours=("arbetstid", "arbetstidens förläggning"),
    lone_work=("ensamarbete",),
    crisis_support=("krisstöd",),
    rehabilitation=("rehabilitering", "arbetsanpassning"),
    other=("annat", "övrigt"),
)
swedish_words(
    Area,
    barn_och_familj=("barn och unga", "barn och familj"),
    vuxna=("vuxen", "missbruk"),
    forsorjningsstod=("ekonomiskt bistånd", "försörjning"),
    social_jour=("socialjour", "jour"),
    familjehem=("familjehemsenheten",),
    mottagning=("mottagningsenheten",),
    funktionsstod=("funktionshinder", "lss"),
    ledning=("stab", "förvaltningsledning"),
    annat=("övrigt",),
)
swedish_words(
    PolicyTopic,
    osa=("organisatorisk och social arbetsmiljö",),
    physical=("fysisk arbetsmiljö",),
    health_promotion=("friskvård", "hälsofrämjande"),
    **{k: v for k, v in _TOPICS.items() if k in {m.value for m in PolicyTopic}},
)
swedish_words(
    RoutineTopic,
    sam=("systematiskt arbetsmiljöarbete",),
    risk_assessment=("riskbedömning", "undersökning och riskbedömning"),
    incident_reporting=("tillbudsrapportering", "rapportering av tillbud", "avvikelserapportering"),
    investigation=("utredning", "utredning av tillbud"),
    action_plan=("handlingsplan", "åtgärdsplan"),
    annual_followup=("årlig uppföljning",),
    task_delegation=("uppgiftsfördelning", "delegering"),
    home_visits=("hembesök",),
    alarm=("larm",),
    first_aid=("första hjälpen",),
    demanding_client_contacts=("krävande klientkontakter", "svåra klientmöten"),
    **{k: v for k, v in _TOPICS.items() if k in {m.value for m in RoutineTopic}},
)
swedish_words(
    RoutineContent,
    when=("när",),
    how=("hur",),
    who_responsible=("vem som ansvarar", "ansvarig"),
    participants=("vilka som deltar", "deltagare"),
    receiver=("mottagare", "vem som tar emot"),
    procedure=("handläggning", "tillvägagångssätt"),
    quick_help=("snabb hjälp",),
    pre_visit_risk_assessment=("riskbedömning före besöket", "riskbedömning före hembesök"),
    no_lone_work=("inte ensam", "aldrig ensam"),
    check_in=("avrapportering",),
    alarm_use=("larmanvändning", "användning av larm"),
    follow_up=("uppföljning",),
    workload=("arbetsbelastning", "hur arbetsbelastningen undersöks"),
    other=("annat",),
)
swedish_words(
    RiskTopic,
    general=("allmän", "generell"),
    home_visits=("hembesök",),
    premises=("lokaler",),
    organisational_change=("organisationsförändring", "omorganisation", "förändring"),
    **{k: v for k, v in _TOPICS.items() if k in {m.value for m in RiskTopic}},
)
swedish_words(
    ParticipantRole,
    manager=(
        "chef",
        "chefer",
        "enhetschef",
        "avdelningschef",
        "socialchef",
        "verksamhetschef",
        "arbetsledare",
        "ledning",
    ),
    skyddsombud=("huvudskyddsombud", "regionalt skyddsombud", "arbetsmiljöombud", "skyddsombuden"),
    employees=("arbetstagare", "medarbetare", "anställda", "personal", "socialsekreterare"),
    hr=("personalavdelningen", "hr-konsult", "hr-strateg"),
    foretagshalsovard=("företagshälsovård", "företagshälsovården", "fhv"),
    other=("annan", "övriga"),
)
swedish_words(
    RiskMethod,
    survey=("enkät", "enkäter", "medarbetarenkät", "enkätundersökning"),
    group_interview=("gruppintervju", "gruppintervjuer", "gruppsamtal"),
    individual_interview=("intervju", "intervjuer", "enskilda samtal"),
    case_statistics=("ärendestatistik", "ärendemätning"),
    incident_statistics=("tillbudsstatistik", "incidentstatistik"),
    safety_round=("skyddsrond",),
    other=("annan", "annat"),
)
swedish_words(
    StrainMeasure,
    supervision=("handledning", "extern handledning", "ärendehandledning"),
    expert_support=("expertstöd", "stöd av expert", "konsultation"),
    information_training=("utbildning", "information", "utbildningsinsatser"),
    peer_support=("kollegialt stöd", "stöd från kollegor", "avlastningssamtal"),
    demanding_contacts_routine=("rutiner för krävande klientkontakter", "rutin för svåra möten"),
    other=("annat",),
)
swedish_words(
    ChangeKind,
    premises=("flytt", "lokalbyte", "nya lokaler", "lokaler"),
    reorganisation=("omorganisation", "organisationsförändring", "sammanslagning"),
    working_methods=("nya arbetssätt", "arbetssätt", "nytt verksamhetssystem"),
    staffing=("bemanning", "neddragning"),
    other=("annat",),
)
swedish_words(
    ActionStatus,
    planned=("planerad", "planerat", "planerade", "ej påbörjad"),
    in_progress=("pågår", "pågående", "påbörjad", "påbörjat"),
    done=("genomförd", "genomfört", "genomförda", "klar", "klart", "utförd"),
    cancelled=("avbruten", "avbrutet", "struken", "inställd"),
)
swedish_words(
    IncidentKind,
    threat=("hot",),
    violence=("våld",),
    accident=("olycka", "olycksfall"),
    near_miss=("tillbud",),
    ill_health=("ohälsa", "arbetssjukdom"),
    victimisation=("kränkande särbehandling", "kränkning"),
)
swedish_words(
    TrainingTopic,
    sam=("systematiskt arbetsmiljöarbete",),
    osa=("organisatorisk och social arbetsmiljö",),
    violence_threats=("våld och hot", "hot och våld"),
    first_aid=("första hjälpen", "hlr"),
    crisis_support=("krisstöd",),
    introduction=("introduktion",),
    safety_routines=("säkerhetsrutiner",),
    alarm_drill=("larmövning",),
    other=("annat",),
)
swedish_words(
    TrainingAudience,
    managers=("chefer", "chef", "arbetsledare"),
    staff=("personal", "medarbetare", "arbetstagare", "socialsekreterare"),
    skyddsombud=("huvudskyddsombud", "skyddsombuden"),
    first_aiders=("första hjälpare", "utsedda för första hjälpen"),
    new_staff=("nyanställda",),
    all=("alla",),
)
swedish_words(
    IntroductionContent,
    sam=("systematiskt arbetsmiljöarbete",),
    tasks=("arbetsuppgifter",),
    risks=("risker",),
    contacts=("kontakter", "vem man vänder sig till"),
    safety_routines=("säkerhetsrutiner",),
    crisis_support=("krisstöd",),
    first_aid=("första hjälpen",),
    victimisation=("kränkande särbehandling",),
    working_hours=("arbetstid",),
    other=("annat",),
)
swedish_words(
    IntroductionOccasion,
    long_absence=("lång frånvaro", "efter lång frånvaro"),
    changed_tasks=("ändrade arbetsuppgifter", "nya arbetsuppgifter"),
    organisational_change=("organisationsförändring", "omorganisation"),
)
swedish_words(
    WorkloadMeasure,
    cases_per_employee=("ärenden per anställd", "ärenden per handläggare", "antal ärenden"),
    survey_questions=("enkätfrågor",),
    other=("annat",),
)
