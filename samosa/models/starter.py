"""``samosa init``: a commented starter ``org.yaml`` that loads as it is and claims nothing.

In ``org.yaml`` a field left out is *not stated* ("framgår inte"), never "no".
So the starter writes only what a file cannot do without — the employer's
name, the units and the number of employees, as placeholders consistent with
each other — and leaves every fact the municipality must supply commented
out: a plausible example value (the number of skyddsombud a workplace of that
size needs, a policy, a routine …) with a comment per section on what to
describe and which paragraph asks for it. Checking the starter therefore
reports honestly that nothing is shown yet. Uncomment a section, make it true,
run ``samosa check`` again. ``tests/test_schema_init.py`` uncomments every
example and checks that the result still loads.
"""

from __future__ import annotations

from samosa.models.org import Area

AREAS = [a.value for a in Area if a.value not in ("ledning", "annat")]
#: 6 kap. 2 § arbetsmiljölagen: a workplace where at least five employees regularly work chooses a skyddsombud.
SKYDDSOMBUD_FROM = 5

HEADER = """\
# samosa — organisationsfil (org.yaml)
#
# Beskriver arbetsgivarens systematiska arbetsmiljöarbete (SAM/OSA) så att
# `samosa check org.yaml` kan pröva det mot arbetsmiljölagen och Arbetsmiljöverkets
# föreskrifter. Alla fält och tillåtna värden: docs/org-format.md. För
# autokomplettering i editorn, skapa schemat med `samosa schema --output org.schema.json`
# och behåll raden nedan:
# yaml-language-server: $schema=org.schema.json
#
# Så fungerar filen: det som står här är det ni påstår, och ett fält som utelämnas
# betyder "framgår inte" — aldrig "nej". Därför är allt som bara ni kan veta
# utkommenterat nedan, med ett exempel. Ta bort `#`, skriv det som faktiskt finns
# dokumenterat (ändra exemplet!) och kör `samosa check org.yaml` igen. Det som inte
# finns beskrivet räknas aldrig som uppfyllt.

schema_version: 1

# Arbetsgivaren. Namn och antal arbetstagare krävs; antalet avgör bland annat när
# dokumentationen ska vara skriftlig (minst tio arbetstagare). Ersätt antalet med
# det verkliga (summan av enheternas antal nedan).
organisation:
  name: {name}
  employees: {employees}
  # org_number: "212000-0000"          # organisationsnummer NNNNNN-NNNN
  # municipality: {short}
  # assessment_date: 2025-01-01        # bedömningsdag; utelämna för dagens datum
  # board: Socialnämnden               # nämnden som är arbetsgivarens företrädare
  # administration: Socialförvaltningen
  # safety_representatives: {reps}      # antal utsedda skyddsombud: där minst {skydd} arbetstagare arbetar regelbundet ska ett väljas (6 kap. 2 § arbetsmiljölagen)
  # chief_safety_representative: Huvudskyddsombud

# Enheterna: id är en stabil identitet som används i hela filen (ändra den inte
# mellan åren, då går jämförelsen med förra bedömningen förlorad).
# area (verksamhetsområde): {areas}, ledning, annat
units:
"""

UNIT = """\
  - id: enhet-{n}
    name: Enhet {n}
    area: {area}
    employees: {employees}
    # manager: Enhetschef enhet {n}     # enhetschefen (roll, inte namn)
    # client_contact: true             # möter klienter (risk för våld och hot)
    # home_visits: true                # arbetet innefattar hembesök
    # exercise_of_authority: true      # myndighetsutövning förekommer
    # night_work: false                # arbete nattetid eller jour
    # signals:                         # senaste mätperiodens siffror för enheten
    #   sick_leave_percent: 6.5
    #   sick_leave_previous_percent: 5.9
    #   staff_turnover_percent: 12
    #   cases_per_caseworker: 18
"""

BODY = """
# Arbetsmiljöpolicy: hur arbetsförhållandena ska vara (5 § AFS 2001:1, 7 § AFS 2023:1).
# Beskriv om den är skriftlig, när och av vem den antogs, hur den gjorts känd och vad den omfattar.
# policy:
#   written: true
#   adopted: 2024-01-15
#   adopted_by: Socialnämnden
#   communicated: [intranät, APT]
#   covers: [osa, workload, victimisation, violence_threats]

# Rutiner: hur arbetsmiljöarbetet går till — tillbudsrapportering, introduktion, våld och
# hot, hembesök, krisstöd, kränkande särbehandling (5 § AFS 2001:1, 8 § AFS 2023:1).
# Beskriv varje rutin: ämne, om den är skriftlig, ansvarig, när den beslutades och sågs
# över, hur den gjorts känd och vad den anger.
# routines:
#   - id: rut-sam
#     topic: sam
#     written: true
#     owner: Socialchef
#     adopted: 2024-01-15
#     last_reviewed: 2024-09-01
#     communicated: [APT]
#     describes: [when, how, who_responsible, participants]
#   - id: rut-krisstod
#     topic: crisis_support
#     written: true
#     owner: Socialchef
#     last_reviewed: 2024-09-01
#     communicated: [APT, intranät]

# Uppgiftsfördelning: vem som har fått vilka arbetsmiljöuppgifter, med befogenheter,
# resurser och kunskaper (6 § AFS 2001:1, 9 § AFS 2023:1). En per enhet.
# delegations:
#   - id: del-enhet-1
#     from: Socialchef
#     to: Enhetschef enhet 1
#     unit: enhet-1
#     tasks: [riskbedömning, handlingsplan]
#     authority: true
#     resources: true
#     knowledge_confirmed: true
#     written: true
#     date: 2024-02-01

# Undersökning och riskbedömning (8 § AFS 2001:1, 11 § AFS 2023:1). Beskriv varje
# riskbedömning: ämne, enheter, datum, deltagare, metoder och riskerna — för varje risk
# om den bedömdes som allvarlig (serious: true/false) och vilka orsaker som hittades.
# risk_assessments:
#   - id: rb-2024-1
#     topic: workload
#     units: [enhet-1]
#     date: 2024-03-01
#     written: true
#     participants: [manager, skyddsombud, employees]
#     methods: [survey, group_interview]
#     risks:
#       - id: r-arbetsbelastning
#         description: Hög arbetsbelastning
#         serious: true
#         causes: [vakanser]

# Handlingsplan: varje åtgärd som inte görs omedelbart, med ansvarig och tidpunkt
# (10 § AFS 2001:1, 13 § AFS 2023:1). Under answers står risken eller kravet åtgärden
# besvarar, under duration_days hur många arbetsdagar den beräknas ta (utan den räknar
# samosa med en uppskattning och säger det).
# action_plan:
#   - id: ap-1
#     measure: Tillsätta vakanta tjänster
#     responsible: Enhetschef enhet 1
#     deadline: 2024-09-30
#     status: in_progress
#     answers: [r-arbetsbelastning]
#     duration_days: 40

# Händelser: tillbud, olycksfall, ohälsa, hot och våld under perioden (9 § AFS 2001:1,
# 12 § AFS 2023:1, 3 kap. 3 a § arbetsmiljölagen). Beskriv dem utan att någon kan identifieras: datum,
# typ, enhet och vad som gjordes — om den var allvarlig, rapporterades, utreddes och
# anmäldes till Arbetsmiljöverket.
# incidents:
#   - id: inc-2024-1
#     date: 2024-04-08
#     kind: threat
#     unit: enhet-1
#     serious: false
#     reported: true
#     investigated: true
#     documented: true
#     support_given: true

# Utbildningar under perioden: ämne, målgrupp, datum och antal deltagare.
# training:
#   - id: utb-osa-chefer
#     audience: managers
#     topic: osa
#     date: 2024-05-12
#     participants: 6

# Årlig uppföljning av arbetsmiljöarbetet (11 § AFS 2001:1, 14 § AFS 2023:1).
# annual_followups:
#   - year: 2024
#     date: 2024-12-10
#     written: true
#     participants: [socialchef, huvudskyddsombud]
#     improvements: [tydligare rutin för tillbudsrapportering]

# Signaler för hela verksamheten (mätperiodens siffror; period: vilket år de avser).
# signals:
#   period: "2024"
#   staff_turnover_percent: 14
#   staff_turnover_previous_percent: 18
#   sick_leave_percent: 7.2
#   sick_leave_previous_percent: 6.8

# Lokalerna: besöksrum, reträttvägar, larm och pausutrymmen (5 § AFS 1993:2, AFS 2020:1).
# premises:
#   - id: lok-1
#     name: Socialkontoret
#     visiting_rooms: true
#     retreat_routes: true
#     fixed_alarms: true
#     portable_alarms: true
#     alarm_receiver_defined: true
#     alarm_tested: 2024-03-12
#     break_room: true
#     rest_room: true

# Arbetstid: natt, jour och anteckningar om jourtid och övertid.
# working_time:
#   night_duty: false
#   on_call: false
#   records_kept: true

# Introduktion av nyanställda (7 § AFS 2001:1, 10 § AFS 2023:1).
# introduction:
#   written: true
#   owner: Enhetschef
#   covers: [sam, tasks, risks, contacts, safety_routines]
#   mentor: true

# Första hjälpen och krisstöd (AFS 1999:7, 4 kap. 4 § AFS 2023:2).
# crisis_support:
#   routine: rut-krisstod
#   managers_trained: true
#   first_aiders: 2
#   first_aid_notice: true

# Företagshälsovård eller motsvarande sakkunnig hjälp (12 § AFS 2001:1, 15 § AFS 2023:1).
# occupational_health:
#   provider: Företagshälsan AB
#   contract_until: 2025-12-31
#   used_for: [risk_assessment, rehabilitation]

# Handledning i det starkt psykiskt påfrestande arbetet (11 § AFS 2015:4, 2 kap. 8 § AFS 2023:2).
# supervision:
#   handledning: true
#   frequency_weeks: 4

# Mål för den organisatoriska och sociala arbetsmiljön (7 § AFS 2015:4, 2 kap. 5 § AFS 2023:2).
# osa_goals:
#   written: true
#   adopted: 2024-02-01
#   employees_participated: true
#   communicated: [APT]
#   goals: [rimlig arbetsbelastning]
"""


def safety_representatives(unit_employees: list[int]) -> int:
    """A plausible number of skyddsombud: one per unit where at least five regularly work, at least one in all."""
    per_unit = sum(1 for n in unit_employees if n >= SKYDDSOMBUD_FROM)
    return max(per_unit, 1 if sum(unit_employees) >= SKYDDSOMBUD_FROM else 0)


def _spread(total: int, units: int) -> list[int]:
    base, extra = divmod(total, units)
    return [base + (1 if n < extra else 0) for n in range(units)]


def starter_org(
    units: int = 1, name: str = "Exempelby kommun", employees_per_unit: int = 10, employees: int | None = None
) -> str:
    """The text of a starter ``org.yaml`` with ``units`` units (at least one).

    ``employees`` (the whole organisation) is spread over the units; without it
    each unit gets ``employees_per_unit``.
    """
    if units < 1:
        raise ValueError("a starter needs at least one unit")
    per_unit = _spread(employees, units) if employees is not None else [employees_per_unit] * units
    short = name.removesuffix(" kommun")
    text = HEADER.format(
        name=_yaml_str(name),
        short=_yaml_str(short),
        employees=sum(per_unit),
        reps=safety_representatives(per_unit),
        skydd=SKYDDSOMBUD_FROM,
        areas=", ".join(AREAS),
    )
    for n, count in enumerate(per_unit, 1):
        text += UNIT.format(n=n, area=AREAS[(n - 1) % len(AREAS)], employees=count)
    return text + BODY


def _yaml_str(value: str) -> str:
    """Quote a scalar when plain YAML would not read it back as the same string."""
    import json

    plain = (
        value
        and value.strip() == value
        and not any(c in value for c in ":#{}[],&*!|>'\"%@`")
        and value.lower() not in ("yes", "no", "true", "false", "null", "on", "off", "~")
    )
    return value if plain and not value[0].isdigit() and value[0] not in "-?" else json.dumps(value, ensure_ascii=False)
