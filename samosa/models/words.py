"""Swedish for what ``org.yaml`` stores as codes, and numbers in Swedish form.

The org model's closed vocabularies are English codes (``ill_health``,
``in_progress``, ``barn_och_familj``); a Swede reading a report, a letter or an
evidence note should read "ohälsa", "pågår", "Barn och familj". This is the
one place those words live, below every layer that writes Swedish (the
engine's evidence notes, the plan, the letters, the report), so they all say
the same thing. ``tests/test_words.py`` checks that every code of every
vocabulary has a word here.

Numbers follow Swedish typography: a decimal comma and a space before the
percent sign ("11,2 %"), as Statistiska centralbyrån and AV write them.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Optional, Union

from samosa.models import org as m

#: Verksamhetsområde (``units[].area``), as a name.
AREAS = {
    "barn_och_familj": "Barn och familj",
    "vuxna": "Vuxna",
    "forsorjningsstod": "Försörjningsstöd",
    "social_jour": "Social jour",
    "familjehem": "Familjehem",
    "mottagning": "Mottagning",
    "funktionsstod": "Funktionsstöd",
    "ledning": "Ledning",
    "annat": "Annat",
}

#: An action's status (``action_plan[].status``).
ACTION_STATUSES = {
    "planned": "planerad",
    "in_progress": "pågår",
    "done": "genomförd",
    "cancelled": "struken",
}

#: ``incidents[].kind``.
INCIDENT_KINDS = {
    "threat": "hot",
    "violence": "våld",
    "accident": "olycksfall",
    "near_miss": "tillbud",
    "ill_health": "ohälsa",
    "victimisation": "kränkande särbehandling",
}

#: ``routines[].topic``, as it follows "rutinen för …".
ROUTINE_TOPICS = {
    "sam": "det systematiska arbetsmiljöarbetet",
    "risk_assessment": "undersökning och riskbedömning",
    "incident_reporting": "rapportering av tillbud och arbetsskador",
    "investigation": "utredning av ohälsa och olycksfall",
    "action_plan": "åtgärder och handlingsplan",
    "annual_followup": "årlig uppföljning",
    "task_delegation": "uppgiftsfördelning",
    "workload": "arbetsbelastning",
    "victimisation": "kränkande särbehandling",
    "violence_threats": "våld och hot",
    "home_visits": "hembesök",
    "alarm": "larm",
    "crisis_support": "krisstöd",
    "first_aid": "första hjälpen",
    "rehabilitation": "rehabilitering",
    "working_hours": "arbetstid",
    "lone_work": "ensamarbete",
    "demanding_client_contacts": "krävande klientkontakter",
    "other": "arbetsmiljön",
}

#: ``routines[].describes``: what a routine states.
ROUTINE_CONTENTS = {
    "when": "när",
    "how": "hur",
    "who_responsible": "vem som ansvarar",
    "participants": "vilka som deltar",
    "receiver": "vem som tar emot",
    "procedure": "hur det går till",
    "quick_help": "snabb hjälp",
    "pre_visit_risk_assessment": "riskbedömning före besöket",
    "no_lone_work": "inget ensamarbete",
    "check_in": "avstämning under och efter besöket",
    "alarm_use": "hur larmet används",
    "follow_up": "uppföljning",
    "workload": "hur arbetsbelastningen undersöks och åtgärdas",
    "other": "annat",
}

#: ``policy.covers``.
POLICY_TOPICS = {
    "osa": "organisatorisk och social arbetsmiljö",
    "workload": "arbetsbelastning",
    "victimisation": "kränkande särbehandling",
    "violence_threats": "våld och hot",
    "working_hours": "arbetstid",
    "lone_work": "ensamarbete",
    "crisis_support": "krisstöd",
    "rehabilitation": "rehabilitering",
    "physical": "fysisk arbetsmiljö",
    "health_promotion": "hälsofrämjande arbete",
    "other": "annat",
}

#: ``risk_assessments[].topic``.
RISK_TOPICS = {
    "general": "arbetsmiljön i stort",
    "workload": "arbetsbelastning",
    "violence_threats": "våld och hot",
    "home_visits": "hembesök",
    "working_hours": "arbetstid",
    "victimisation": "kränkande särbehandling",
    "premises": "lokaler",
    "lone_work": "ensamarbete",
    "organisational_change": "organisationsförändring",
    "other": "annat",
}

#: ``training[].topic``, as it follows "utbildningen i …".
TRAINING_TOPICS = {
    "sam": "systematiskt arbetsmiljöarbete",
    "osa": "organisatorisk och social arbetsmiljö",
    "violence_threats": "våld och hot",
    "first_aid": "första hjälpen",
    "crisis_support": "krisstöd",
    "introduction": "introduktion",
    "safety_routines": "säkerhetsrutiner",
    "alarm_drill": "larmövning",
    "other": "arbetsmiljö",
}

#: ``training[].audience``.
TRAINING_AUDIENCES = {
    "managers": "chefer",
    "staff": "medarbetare",
    "skyddsombud": "skyddsombud",
    "first_aiders": "de som ger första hjälpen",
    "new_staff": "nyanställda",
    "all": "alla",
}

#: ``introduction.covers``.
INTRODUCTION_CONTENTS = {
    "sam": "arbetsmiljöarbetet",
    "tasks": "arbetsuppgifterna",
    "risks": "riskerna",
    "contacts": "vem man vänder sig till",
    "safety_routines": "säkerhetsrutinerna",
    "crisis_support": "krisstödet",
    "first_aid": "första hjälpen",
    "victimisation": "kränkande särbehandling",
    "working_hours": "arbetstiden",
    "other": "annat",
}

#: ``introduction.repeated_after``.
INTRODUCTION_OCCASIONS = {
    "long_absence": "efter lång frånvaro",
    "changed_tasks": "när arbetsuppgifterna ändras",
    "organisational_change": "vid organisationsförändringar",
}

#: ``risk_assessments[].participants`` and ``annual_followups[].participants``.
PARTICIPANT_ROLES = {
    "manager": "chef",
    "skyddsombud": "skyddsombud",
    "employees": "arbetstagare",
    "hr": "HR",
    "foretagshalsovard": "företagshälsovård",
    "other": "andra",
}

#: ``risk_assessments[].methods``.
RISK_METHODS = {
    "survey": "enkät",
    "group_interview": "gruppintervju",
    "individual_interview": "intervju",
    "case_statistics": "ärendestatistik",
    "incident_statistics": "tillbudsstatistik",
    "safety_round": "skyddsrond",
    "other": "annan metod",
}

#: ``changes[].kind``.
CHANGE_KINDS = {
    "premises": "flytt eller ombyggnad av lokaler",
    "reorganisation": "omorganisation",
    "working_methods": "nya arbetssätt",
    "staffing": "ändrad bemanning",
    "other": "annan ändring",
}

#: ``units[].strain_measures``.
STRAIN_MEASURES = {
    "supervision": "handledning",
    "expert_support": "stöd av expert",
    "information_training": "information och utbildning",
    "peer_support": "kollegialt stöd",
    "demanding_contacts_routine": "rutiner för krävande klientkontakter",
    "other": "annan åtgärd",
}

#: ``workload_measurement.measures``.
WORKLOAD_MEASURES = {
    "cases_per_employee": "ärenden per anställd",
    "survey_questions": "enkätfrågor",
    "other": "annat",
}

#: ``good_practice.conditions``: Stockholm's thirteen conditions (seed 003), shortened.
STOCKHOLM_CONDITIONS = {
    "user_participation": "brukardelaktighet och återkoppling från brukare",
    "introduction_mentorship": "introduktionsprogram och mentorskap för nyanställda",
    "reasonable_span": "rimligt antal medarbetare per chef",
    "competence_forum": "lokalt kompetens- och utvecklingsforum",
    "accessible_leadership": "nära och tillgänglig ledning",
    "admin_support_staff": "administrativt stöd till handläggare",
    "admin_support_managers": "administrativt stöd till chefer",
    "case_supervision": "systematisk intern ärendehandledning",
    "co_handling": "medhandläggarskap",
    "further_training": "regelbunden fortbildning",
    "students": "mottagande av studenter",
    "trainees": "mottagande av traineer",
    "premises_and_tools": "lämpliga lokaler och fungerande arbetsredskap",
}

#: Every closed vocabulary of the org model and its words (the test walks this).
VOCABULARIES: dict[Union[type[Enum], str], dict[str, str]] = {
    m.Area: AREAS,
    m.ActionStatus: ACTION_STATUSES,
    m.IncidentKind: INCIDENT_KINDS,
    m.RoutineTopic: ROUTINE_TOPICS,
    m.RoutineContent: ROUTINE_CONTENTS,
    m.PolicyTopic: POLICY_TOPICS,
    m.RiskTopic: RISK_TOPICS,
    m.TrainingTopic: TRAINING_TOPICS,
    m.TrainingAudience: TRAINING_AUDIENCES,
    m.IntroductionContent: INTRODUCTION_CONTENTS,
    m.IntroductionOccasion: INTRODUCTION_OCCASIONS,
    m.ParticipantRole: PARTICIPANT_ROLES,
    m.RiskMethod: RISK_METHODS,
    m.ChangeKind: CHANGE_KINDS,
    m.StrainMeasure: STRAIN_MEASURES,
    m.WorkloadMeasure: WORKLOAD_MEASURES,
    "StockholmCondition": STOCKHOLM_CONDITIONS,
}


def _field_vocabularies() -> dict[str, dict[str, str]]:
    """``{"introduction.covers": INTRODUCTION_CONTENTS, "units.area": AREAS, …}`` from the model's annotations."""
    import typing

    from pydantic import BaseModel

    by_enum = {k: v for k, v in VOCABULARIES.items() if not isinstance(k, str)}
    out: dict[str, dict[str, str]] = {}

    def vocab_of(tp: object) -> Optional[dict[str, str]]:
        if isinstance(tp, type) and tp in by_enum:
            return by_enum[tp]
        if typing.get_origin(tp) is typing.Literal and set(typing.get_args(tp)) <= set(STOCKHOLM_CONDITIONS):
            return STOCKHOLM_CONDITIONS
        for arg in typing.get_args(tp):
            found = vocab_of(arg)
            if found is not None:
                return found
        return None

    def models_in(tp: object) -> list[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return [tp]
        return [x for arg in typing.get_args(tp) for x in models_in(arg)]

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = prefix + (info.alias or name)
            vocab = vocab_of(info.annotation)
            if vocab is not None:
                out[path] = vocab
            for sub in models_in(info.annotation):
                walk(sub, path + ".")

    walk(m.OrgFile, "")
    return out


#: Which vocabulary a field's values come from, by its dotted path in the file without list
#: indexes (``routines.describes``, ``introduction.covers``, ``units.area``).
FIELD_VOCABULARIES = _field_vocabularies()


def code_word(value: object, field: Optional[str] = None) -> str:
    """The Swedish word for a code: from ``field``'s vocabulary when known (a dotted path such as
    ``introduction.covers``), else from any vocabulary that has it.

    A value that is no code (free text, a number) is returned as it is.
    """
    text = value.value if isinstance(value, Enum) else str(value)
    if field is not None:
        vocab = FIELD_VOCABULARIES.get(re.sub(r"\[\d+\]", "", field))
        if vocab and text in vocab:
            return vocab[text]
    for vocab in VOCABULARIES.values():
        if text in vocab:
            return vocab[text]
    return text


def all_codes() -> dict[str, str]:
    """Every code of every vocabulary with one of its Swedish words (for tests that look for codes)."""
    out: dict[str, str] = {}
    for vocab in VOCABULARIES.values():
        for code, word in vocab.items():
            out.setdefault(code, word)
    return out


# ------------------------------------------------------------------ numbers

NBSP = "\u00a0"


def sv_number(value: float, decimals: int = 1) -> str:
    """``11.24`` → ``11,2``; ``29.0`` → ``29``; ``12500`` → ``12 500`` (a no-break space groups thousands)."""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0")
    return text.replace(",", NBSP).replace(".", ",")


def sv_percent(value: float, decimals: int = 1) -> str:
    """``11.2`` → ``11,2 %``."""
    return f"{sv_number(value, decimals)} %"


__all__ = [
    "ACTION_STATUSES",
    "AREAS",
    "FIELD_VOCABULARIES",
    "INCIDENT_KINDS",
    "ROUTINE_TOPICS",
    "TRAINING_TOPICS",
    "VOCABULARIES",
    "all_codes",
    "code_word",
    "sv_number",
    "sv_percent",
]
