"""The organisation model: what a municipality writes in ``org.yaml``.

The vocabulary follows the sources: AV's inspection areas, the SAM cycle
(undersöka → riskbedöma → åtgärda → följa upp) and the documents an inspector
asks for. Identifiers are English; descriptions (shown in the JSON Schema and
in editors) are Swedish. Unknown keys are rejected so that a misspelt
``last_reviewd`` never silently counts as "not reviewed".
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt


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
    org_number: Optional[str] = Field(None, pattern=r"^\d{6}-\d{4}$", description="Organisationsnummer, NNNNNN-NNNN.")
    municipality: Optional[str] = Field(None, description="Kommun.")
    assessment_date: Optional[dt.date] = Field(None, description="Bedömningsdag; avgör vilka föreskrifter som gäller.")
    employees: NonNegativeInt = Field(description="Antal arbetstagare i verksamheten.")
    board: Optional[str] = Field(None, description="Nämnd, t.ex. socialnämnden.")
    administration: Optional[str] = Field(None, description="Förvaltning, t.ex. socialförvaltningen.")
    address: Optional[str] = Field(None, description="Postadress.")
    safety_representatives: NonNegativeInt = Field(0, description="Antal utsedda skyddsombud.")
    chief_safety_representative: Optional[str] = Field(None, description="Huvudskyddsombud (roll eller namn).")


class UnitSignals(Strict):
    staff_turnover_percent: Optional[float] = Field(None, ge=0, le=100, description="Personalomsättning i procent.")
    sick_leave_percent: Optional[float] = Field(None, ge=0, le=100, description="Sjukfrånvaro i procent.")
    sick_leave_previous_percent: Optional[float] = Field(
        None, ge=0, le=100, description="Sjukfrånvaro föregående period."
    )
    cases_per_caseworker: Optional[float] = Field(None, ge=0, description="Antal ärenden per handläggare.")
    vacancies: Optional[NonNegativeInt] = Field(None, description="Vakanta tjänster.")
    survey_workload_ok_percent: Optional[float] = Field(
        None, ge=0, le=100, description="Andel i medarbetarenkät som anser arbetsbelastningen rimlig."
    )


class Clarity(Strict):
    """What the employees of a unit know about their assignment (2 kap. 7 § AFS 2023:2)."""

    tasks: bool = Field(False, description="Arbetsuppgifterna är beskrivna och kända.")
    expected_results: bool = Field(False, description="Det är känt vilket resultat arbetet ska leda till.")
    priorities: bool = Field(False, description="Det finns en känd prioriteringsordning för när tiden inte räcker.")
    support_contact: Optional[str] = Field(
        None, description="Vem arbetstagarna vänder sig till för prioritering och stöd (roll)."
    )
    last_reviewed: Optional[dt.date] = Field(
        None, description="När uppdraget och prioriteringarna senast gicks igenom."
    )


class Unit(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$", description="Stabil identitet för enheten.")
    name: str = Field(description="Enhetens namn.")
    area: Area = Field(description="Verksamhetsområde.")
    employees: NonNegativeInt = Field(description="Antal arbetstagare i enheten.")
    manager: Optional[str] = Field(None, description="Enhetschef (roll eller namn).")
    home_visits: bool = Field(False, description="Arbetet innefattar hembesök.")
    exercise_of_authority: bool = Field(True, description="Myndighetsutövning förekommer.")
    night_work: bool = Field(False, description="Arbete nattetid eller jour (t.ex. social jour).")
    signals: UnitSignals = Field(default_factory=UnitSignals, description="Signaler för enheten.")
    client_contact: bool = Field(True, description="Arbetet innefattar möten med klienter (risk för våld och hot).")
    clarity: Optional[Clarity] = Field(
        None, description="Tydlighet i uppdraget: uppgifter, resultat, prioriteringar, stöd."
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
    adopted: Optional[dt.date] = Field(None, description="Datum då policyn antogs.")
    last_reviewed: Optional[dt.date] = Field(None, description="Senast reviderad.")
    adopted_by: Optional[str] = Field(None, description="Vem som antog policyn.")
    communicated: list[str] = Field(default_factory=list, description="Hur policyn har gjorts känd.")
    covers: list[PolicyTopic] = Field(
        default_factory=list, description="Vad policyn omfattar: " + ", ".join(t.value for t in PolicyTopic) + "."
    )
    measurable: Optional[bool] = Field(
        None,
        description="Policyn är så konkret att den kan följas upp (anger hur förhållandena ska vara, inte bara allmänna ambitioner).",
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


class Routine(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    topic: RoutineTopic = Field(description="Vad rutinen gäller.")
    title: Optional[str] = Field(None, description="Rutinens rubrik.")
    written: bool = Field(description="Rutinen är skriftlig.")
    owner: Optional[str] = Field(None, description="Ansvarig för rutinen (roll).")
    adopted: Optional[dt.date] = None
    last_reviewed: Optional[dt.date] = None
    communicated: list[str] = Field(
        default_factory=list, description="Hur rutinen har gjorts känd, t.ex. APT, intranät."
    )
    units: list[str] = Field(default_factory=list, description="Enheter som rutinen gäller; tom = alla.")
    describes: list[RoutineContent] = Field(
        default_factory=list,
        description="Vad rutinen anger: " + ", ".join(t.value for t in RoutineContent) + ".",
    )


class Delegation(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    from_role: str = Field(alias="from", description="Den som fördelar uppgifterna.")
    to_role: str = Field(alias="to", description="Den som tar emot uppgifterna.")
    unit: Optional[str] = Field(None, description="Enhet som fördelningen gäller.")
    tasks: list[str] = Field(default_factory=list, description="Arbetsmiljöuppgifter som fördelas.")
    authority: bool = Field(False, description="Befogenheter är tillräckliga.")
    resources: bool = Field(False, description="Resurser är tillräckliga.")
    knowledge_confirmed: bool = Field(False, description="Mottagarens kunskaper är säkerställda.")
    written: bool = Field(False, description="Fördelningen är skriftlig.")
    date: Optional[dt.date] = None
    returned: bool = Field(False, description="Uppgifterna har returnerats.")


class Risk(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str
    serious: Optional[bool] = Field(None, description="Bedömd som allvarlig (true/false); saknas = inte bedömd.")
    causes: list[str] = Field(default_factory=list, description="Bakomliggande orsaker.")
    measures: list[str] = Field(default_factory=list, description="Åtgärder som riskbedömningen ledde till.")


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
    title: Optional[str] = None
    units: list[str] = Field(default_factory=list, description="Enheter som omfattas; tom = hela verksamheten.")
    date: dt.date
    written: bool = True
    participants: list[str] = Field(
        default_factory=list, description="Deltagare, t.ex. manager, skyddsombud, employees, foretagshalsovard."
    )
    methods: list[str] = Field(
        default_factory=list, description="Metoder, t.ex. survey, group_interview, case_statistics."
    )
    planned_change: bool = Field(False, description="Bedömningen gäller en planerad förändring.")
    risks: list[Risk] = Field(default_factory=list)


class ActionStatus(str, Enum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"


class ActionItem(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    measure: str = Field(description="Åtgärd.")
    responsible: Optional[str] = Field(None, description="Ansvarig (roll).")
    deadline: Optional[dt.date] = Field(None, description="När åtgärden ska vara genomförd.")
    status: ActionStatus = ActionStatus.planned
    depends_on: list[str] = Field(default_factory=list, description="Åtgärder som måste vara klara först.")
    answers: list[str] = Field(default_factory=list, description="Risker (id) eller regler (id) som åtgärden besvarar.")
    unit: Optional[str] = None
    duration_days: Optional[NonNegativeInt] = Field(None, description="Uppskattad tid i arbetsdagar.")
    completed: Optional[dt.date] = None
    checked: Optional[dt.date] = Field(None, description="Datum då genomförd åtgärd kontrollerades.")


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
    unit: Optional[str] = None
    serious: bool = Field(False, description="Allvarligt tillbud eller svårare personskada.")
    description: Optional[str] = None
    reported: bool = Field(False, description="Rapporterat internt.")
    investigated: bool = Field(False, description="Orsakerna är utredda.")
    documented: bool = Field(False, description="Händelsen är dokumenterad.")
    reported_to_av: Optional[bool] = Field(None, description="Anmält till Arbetsmiljöverket.")
    support_given: Optional[bool] = Field(None, description="Stöd gavs efter händelsen.")


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
    participants: Optional[NonNegativeInt] = None
    units: list[str] = Field(default_factory=list)


class AnnualFollowup(Strict):
    year: int = Field(ge=1990, le=2100)
    date: dt.date
    written: bool
    participants: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list, description="Förbättringar som beslutades.")
    incidents: list[str] = Field(
        default_factory=list,
        description="Händelser (id) som föranledde uppföljningen, t.ex. en extra uppföljning efter ett allvarligt tillbud.",
    )


class Signals(Strict):
    staff_turnover_percent: Optional[float] = Field(None, ge=0, le=100)
    staff_turnover_previous_percent: Optional[float] = Field(None, ge=0, le=100)
    sick_leave_percent: Optional[float] = Field(None, ge=0, le=100)
    sick_leave_previous_percent: Optional[float] = Field(None, ge=0, le=100)
    cases_per_caseworker: Optional[float] = Field(None, ge=0)
    survey_workload_ok_percent: Optional[float] = Field(None, ge=0, le=100)
    period: Optional[str] = Field(None, description="Mätperiod, t.ex. 2023.")


class Premises(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    name: str
    units: list[str] = Field(default_factory=list)
    visiting_rooms: bool = Field(False, description="Särskilda besöksrum finns.")
    retreat_routes: Optional[bool] = Field(None, description="Besöksrum har reträttväg.")
    loose_objects_removed: Optional[bool] = None
    entrance_overview: Optional[bool] = Field(None, description="Insyn före dörröppning.")
    fixed_alarms: Optional[bool] = None
    portable_alarms: Optional[bool] = None
    alarm_receiver_defined: Optional[bool] = None
    alarm_tested: Optional[dt.date] = Field(None, description="Senaste kontroll av larmet.")
    alarm_drill: Optional[dt.date] = Field(None, description="Senaste larmövning.")
    ventilation_checked: Optional[dt.date] = None
    sound_privacy: Optional[bool] = Field(None, description="Samtal kan föras ostört utan insyn/avlyssning.")
    rest_room: Optional[bool] = None
    break_room: Optional[bool] = None


class WorkingTime(Strict):
    night_duty: bool = False
    on_call: bool = False
    units: list[str] = Field(default_factory=list)
    risk_assessed: Optional[dt.date] = None
    records_kept: Optional[bool] = Field(None, description="Anteckningar om jourtid, övertid och mertid förs.")


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
    written: bool = False
    owner: Optional[str] = Field(None, description="Vem som ansvarar för introduktionen.")
    covers: list[IntroductionContent] = Field(
        default_factory=list,
        description="Innehåll: " + ", ".join(t.value for t in IntroductionContent) + ".",
    )
    repeated_after: list[IntroductionOccasion] = Field(
        default_factory=list,
        description="När introduktionen upprepas: " + ", ".join(t.value for t in IntroductionOccasion) + ".",
    )
    mentor: bool = False
    units: list[str] = Field(default_factory=list)
    last_reviewed: Optional[dt.date] = None


class CrisisSupport(Strict):
    routine: Optional[str] = Field(None, description="Id för krisstödsrutinen.")
    managers_trained: bool = False
    first_aiders: NonNegativeInt = 0
    first_aid_notice: Optional[bool] = None


class OccupationalHealth(Strict):
    provider: Optional[str] = None
    contract_until: Optional[dt.date] = None
    used_for: list[str] = Field(default_factory=list, description="t.ex. risk_assessment, rehabilitation, support.")


class Supervision(Strict):
    handledning: bool = Field(False, description="Regelbunden extern handledning.")
    frequency_weeks: Optional[NonNegativeInt] = None
    units: list[str] = Field(default_factory=list)
    violence_threats: bool = Field(
        False,
        description="Handledningen ger särskilt stöd i att hantera återkommande våld och hot (5 kap. 4 § AFS 2023:2).",
    )


class OsaGoals(Strict):
    """Goals for the organisational and social work environment (2 kap. 5 § AFS 2023:2)."""

    written: bool = Field(description="Målen är skriftliga.")
    adopted: Optional[dt.date] = Field(None, description="När målen beslutades.")
    employees_participated: bool = Field(
        False, description="Arbetstagarna har getts möjlighet att medverka i att ta fram målen."
    )
    communicated: list[str] = Field(
        default_factory=list, description="Hur målen har gjorts kända, t.ex. APT, intranät."
    )
    goals: list[str] = Field(default_factory=list, description="Målen i korthet.")


class WorkloadMeasurement(Strict):
    """Regular measurement of workload per unit (god praxis, Stockholms handlingsplan: varje tertial)."""

    frequency_months: Optional[NonNegativeInt] = Field(
        None, description="Hur ofta mätningen görs, i månader (tertial = 4)."
    )
    last_measured: Optional[dt.date] = Field(None, description="Senaste mätningen.")
    measures: list[str] = Field(default_factory=list, description="Vad som mäts: cases_per_employee, survey_questions.")
    reported_to: Optional[str] = Field(None, description="Vem mätningen rapporteras till, t.ex. avdelningschef.")


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

    conditions: list[StockholmCondition] = Field(
        default_factory=list,
        description="Vilka av Stockholms 13 villkor som finns: " + ", ".join(STOCKHOLM_CONDITIONS) + ".",
    )
    competence_ladder: bool = Field(
        False, description="Det finns en kompetenstrappa (t.ex. nivå 1–3, junior/medior/senior)."
    )
    competence_ladder_levels: list[str] = Field(default_factory=list, description="Kompetenstrappans nivåer.")


class OrgFile(Strict):
    """The whole ``org.yaml`` document."""

    schema_version: int = Field(1, ge=1, le=1, description="Formatversion; 1.")
    organisation: Organisation
    units: list[Unit] = Field(default_factory=list)
    policy: Optional[Policy] = None
    routines: list[Routine] = Field(default_factory=list)
    delegations: list[Delegation] = Field(default_factory=list)
    risk_assessments: list[RiskAssessment] = Field(default_factory=list)
    action_plan: list[ActionItem] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)
    training: list[Training] = Field(default_factory=list)
    annual_followups: list[AnnualFollowup] = Field(default_factory=list)
    signals: Signals = Field(default_factory=Signals)
    premises: list[Premises] = Field(default_factory=list)
    working_time: Optional[WorkingTime] = None
    introduction: Optional[Introduction] = None
    crisis_support: Optional[CrisisSupport] = None
    occupational_health: Optional[OccupationalHealth] = None
    supervision: Optional[Supervision] = None
    osa_goals: Optional[OsaGoals] = Field(None, description="Mål för den organisatoriska och sociala arbetsmiljön.")
    workload_measurement: Optional[WorkloadMeasurement] = Field(
        None, description="Regelbunden mätning av arbetsbelastning."
    )
    good_practice: Optional[GoodPractice] = Field(None, description="God praxis (rådgivande, aldrig krav).")
