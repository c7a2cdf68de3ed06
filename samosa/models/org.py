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


def _no_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError(
            "fact_null", "write true or false; leave the key out when it is not known (null is neither)"
        )
    return value


#: A yes/no fact: ``true``, ``false`` or left out (not stated); ``null`` is refused.
Flag = Annotated[Optional[bool], BeforeValidator(_no_null)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True)


class Area(str, Enum):
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


#: Words people write for a closed value, offered as "did you mean" when a file
#: uses them; they are never accepted in place of the value.
VALUE_HINTS = {
    "vald_och_hot": "violence_threats",
    "våld_och_hot": "violence_threats",
    "hot_och_vald": "violence_threats",
    "krankande_sarbehandling": "victimisation",
    "kränkande_särbehandling": "victimisation",
    "arbetsbelastning": "workload",
    "arbetstid": "working_hours",
    "ensamarbete": "lone_work",
    "krisstod": "crisis_support",
    "krisstöd": "crisis_support",
    "rehabilitering": "rehabilitation",
    "chefer": "managers",
    "chef": "managers",
    "personal": "staff",
    "medarbetare": "staff",
    "nyanstallda": "new_staff",
    "nyanställda": "new_staff",
    "alla": "all",
    "sakerhetsrutiner": "safety_routines",
    "säkerhetsrutiner": "safety_routines",
    "uppgifter": "tasks",
    "risker": "risks",
    "kontakter": "contacts",
}


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


class PolicyTopic(str, Enum):
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
    written: bool = Field(description="Policyn är skriftlig.")
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


class RoutineTopic(str, Enum):
    sam = "sam"
    risk_assessment = "risk_assessment"
    incident_reporting = "incident_reporting"
    investigation = "investigation"
    action_plan = "action_plan"
    annual_followup = "annual_followup"
    task_delegation = "task_delegation"
    introduction = "introduction"
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


class RoutineContent(str, Enum):
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
    other = "other"


ALL_UNITS = "hela verksamheten (alla enheter)"


class Routine(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    topic: RoutineTopic = Field(description="Vad rutinen gäller.")
    title: Optional[str] = fact("Rutinens rubrik.", "vad rutinen heter")
    written: bool = Field(description="Rutinen är skriftlig.")
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


class RiskTopic(str, Enum):
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


class RiskAssessment(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    topic: RiskTopic
    title: Optional[str] = fact("Riskbedömningens rubrik.", "vad riskbedömningen heter")
    units: list[str] = convention([], "Enheter som omfattas; tom = hela verksamheten.", ALL_UNITS)
    date: dt.date
    written: Flag = fact("Riskbedömningen är skriftligt dokumenterad.", "om riskbedömningen är skriftligt dokumenterad")
    participants: list[str] = facts(
        "Deltagare, t.ex. manager, skyddsombud, employees, foretagshalsovard.", "vilka som deltog i riskbedömningen"
    )
    methods: list[str] = facts(
        "Metoder, t.ex. survey, group_interview, case_statistics.", "vilka metoder undersökningen byggde på"
    )
    planned_change: bool = convention(
        False, "Bedömningen gäller en planerad förändring.", "bedömningen gäller inte en planerad förändring"
    )
    risks: list[Risk] = facts("Riskerna som bedömdes.", "vilka risker riskbedömningen kom fram till")


class ActionStatus(str, Enum):
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


class IncidentKind(str, Enum):
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


class TrainingTopic(str, Enum):
    sam = "sam"
    osa = "osa"
    violence_threats = "violence_threats"
    first_aid = "first_aid"
    crisis_support = "crisis_support"
    introduction = "introduction"
    safety_routines = "safety_routines"
    alarm_drill = "alarm_drill"
    other = "other"


class TrainingAudience(str, Enum):
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
    units: list[str] = convention([], "Enheter som utbildningen gällde; tom = alla.", ALL_UNITS)


class AnnualFollowup(Strict):
    year: int = Field(ge=1990, le=2100)
    date: dt.date
    written: bool
    participants: list[str] = facts("Deltagare i uppföljningen.", "vilka som deltog i uppföljningen")
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
    period: Optional[str] = fact("Mätperiod, t.ex. 2023.", "vilken period signalerna avser")


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
        "Anteckningar om jourtid, övertid och mertid förs.", "om anteckningar om jourtid, övertid och mertid förs"
    )


class IntroductionContent(str, Enum):
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


class IntroductionOccasion(str, Enum):
    """När introduktionen upprepas för den som redan är anställd (allmänna råd till 10 § AFS 2023:1)."""

    long_absence = "long_absence"
    changed_tasks = "changed_tasks"
    organisational_change = "organisational_change"


class Introduction(Strict):
    written: Flag = fact("Introduktionen är skriftligt beskriven.", "om introduktionen är skriftligt beskriven")
    owner: Optional[str] = fact("Vem som ansvarar för introduktionen.", "vem som ansvarar för introduktionen")
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

    written: bool = Field(description="Målen är skriftliga.")
    adopted: Optional[dt.date] = fact("När målen beslutades.", "när målen beslutades")
    employees_participated: Flag = fact(
        "Arbetstagarna har getts möjlighet att medverka i att ta fram målen.",
        "om arbetstagarna har getts möjlighet att medverka i att ta fram målen",
    )
    communicated: list[str] = facts("Hur målen har gjorts kända, t.ex. APT, intranät.", "hur målen har gjorts kända")
    goals: list[str] = facts("Målen i korthet.", "vilka målen är")


class WorkloadMeasurement(Strict):
    """Regular measurement of workload per unit (god praxis, Stockholms handlingsplan: varje tertial)."""

    frequency_months: Optional[NonNegativeInt] = fact(
        "Hur ofta mätningen görs, i månader (tertial = 4).", "hur ofta arbetsbelastningen mäts"
    )
    last_measured: Optional[dt.date] = fact("Senaste mätningen.", "när arbetsbelastningen senast mättes")
    measures: list[str] = facts("Vad som mäts: cases_per_employee, survey_questions.", "vad mätningen omfattar")
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
    good_practice: Optional[GoodPractice] = section(
        "God praxis (rådgivande, aldrig krav).", "vilken god praxis som finns"
    )
