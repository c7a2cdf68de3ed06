"""``samosa init``: a commented starter ``org.yaml`` that loads as it is.

The starter claims nothing that the municipality has not written down: the
sections that describe the work-environment management (policy, routines,
risk assessments …) are present as commented examples, so checking the
starter honestly reports what is still missing. Uncomment and fill in.
"""

from __future__ import annotations

from samosa.models.org import Area

AREAS = [a.value for a in Area if a.value not in ("ledning", "annat")]

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
# Avsnitten efter enheterna är utkommenterade exempel. Ta bort `#`, fyll i det som
# faktiskt finns dokumenterat och kör `samosa check org.yaml` igen. Det som inte
# finns beskrivet räknas aldrig som uppfyllt.

schema_version: 1

organisation:
  name: {name}                  # arbetsgivarens namn
  # org_number: "212000-0000"    # organisationsnummer NNNNNN-NNNN
  # municipality: {short}
  # assessment_date: 2025-01-01  # bedömningsdag; utelämna för dagens datum
  employees: {employees}                      # antal arbetstagare i verksamheten
  board: Socialnämnden
  administration: Socialförvaltningen
  safety_representatives: 0              # antal utsedda skyddsombud

# Enheterna; id är en stabil identitet som används i hela filen.
# area: {areas}, ledning, annat
units:
"""

UNIT = """\
  - id: enhet-{n}
    name: Enhet {n}
    area: {area}
    employees: {employees}
    # manager: Enhetschef enhet {n}
    # home_visits: true               # arbetet innefattar hembesök
    # night_work: false                # arbete nattetid eller jour
    # signals:
    #   sick_leave_percent: 6.5
    #   staff_turnover_percent: 12
"""

BODY = """
# Arbetsmiljöpolicy (AFS 2001:1 5 §, AFS 2023:1 2 kap.)
# policy:
#   written: true
#   adopted: 2024-01-15
#   adopted_by: Socialnämnden
#   communicated: [intranät, APT]
#   covers: [osa, violence_threats]

# Rutiner: hur SAM ska gå till, tillbudsrapportering, introduktion m.m.
# routines:
#   - id: rut-sam
#     topic: sam
#     written: true
#     owner: Socialchef
#     adopted: 2024-01-15
#     communicated: [APT]
#     describes: [when, how, who_responsible, participants]

# Fördelning av arbetsmiljöuppgifter (uppgiftsfördelning)
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

# Undersökning och riskbedömning
# risk_assessments:
#   - id: rb-2024-1
#     topic: workload
#     units: [enhet-1]
#     date: 2024-03-01
#     participants: [manager, skyddsombud, employees]
#     methods: [survey, group_interview]
#     risks:
#       - id: r-arbetsbelastning
#         description: Hög arbetsbelastning
#         serious: true
#         causes: [vakanser]

# Handlingsplan: åtgärd, ansvarig, tidpunkt
# action_plan:
#   - id: ap-1
#     measure: Tillsätta vakanta tjänster
#     responsible: Enhetschef enhet 1
#     deadline: 2024-09-30
#     status: in_progress
#     answers: [r-arbetsbelastning]

# Årlig uppföljning av det systematiska arbetsmiljöarbetet
# annual_followups:
#   - year: 2024
#     date: 2024-12-10
#     written: true
#     participants: [socialchef, huvudskyddsombud]
"""


def starter_org(units: int = 1, name: str = "Exempelby kommun", employees_per_unit: int = 10) -> str:
    """The text of a starter ``org.yaml`` with ``units`` units (at least one)."""
    if units < 1:
        raise ValueError("a starter needs at least one unit")
    short = name.removesuffix(" kommun")
    text = HEADER.format(
        name=_yaml_str(name), short=_yaml_str(short), employees=units * employees_per_unit, areas=", ".join(AREAS)
    )
    for n in range(1, units + 1):
        text += UNIT.format(n=n, area=AREAS[(n - 1) % len(AREAS)], employees=employees_per_unit)
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
