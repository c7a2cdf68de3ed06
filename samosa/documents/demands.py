"""From findings and an inspection record to AV's numbered demands (krav).

An assessment says what the employer's documents show; an inspector also has
group interviews and what was seen on site, and decides which demands to
keep, drop or reword. This module combines the two, the one place where that
happens, so every letter (inspektionsmeddelande, underrättelse, föreläggande,
the employer's reply) numbers the same demands the same way.

Rules of combination (fail closed):

* a finding that could not be evaluated (``error``) stops every letter;
* a failing legal finding is a deficiency resting on *documents*;
* an observation that shows a deficiency turns a passing finding into one,
  resting on *interviews* or *observation* (a routine on paper that staff in
  the group interview do not know is a deficiency);
* an observation that shows a failing requirement to be in order is a
  contradiction the inspector must settle with an explicit demand decision;
* only legal requirements (föreskrift or lag) become demands, and only with a
  legal reference in force on the letter's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from samosa.engine.findings import Assessment, Finding
from samosa.models.inspection import EVIDENCE_TITLES, EvidenceKind, LoadedInspection
from samosa.models.loading import LoadedOrg
from samosa.rulebook.model import AREA_TITLES, RuleBook
from samosa.rulebook.references import join_citations
from samosa.source.problems import InputError, Problem, UsageError

AREA_ORDER = list(AREA_TITLES)
EVIDENCE_ORDER = [k.value for k in EvidenceKind]


class DocumentError(UsageError):
    """The inputs do not support the document asked for (never rendered half-right)."""


@dataclass
class Deficiency:
    """One thing seen, with the unit it concerns and the kind of evidence it rests on."""

    text: str
    source: str  # an EvidenceKind value
    unit: Optional[str] = None  # unit name for a reader, or None for the whole organisation


@dataclass
class Demand:
    number: int
    rule: str
    title: str
    area: str
    area_title: str
    text: str
    reworded: bool
    units: list[str]  # unit names; empty = the whole organisation
    deficiencies: list[Deficiency]
    evidence: list[str]  # EvidenceKind values, in a fixed order
    references: list[str]
    references_text: str
    reply_weeks: int

    @property
    def evidence_text(self) -> str:
        return ", ".join(EVIDENCE_TITLES[e] for e in self.evidence)


@dataclass
class Confirmation:
    """An observation that backs what the employer's documents say."""

    rule: str
    title: str
    text: str
    source: str
    unit: Optional[str] = None


@dataclass
class Dropped:
    rule: str
    title: str
    unit: Optional[str]
    reason: str


@dataclass
class DemandSet:
    demands: list[Demand] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    def by_rule(self, rule: str) -> Optional[Demand]:
        return next((d for d in self.demands if d.rule == rule), None)


def _unit_of(scope: str) -> Optional[str]:
    return scope.split(":", 1)[1] if scope.startswith("unit:") else None


def refuse_errors(assessment: Assessment) -> None:
    """Fail closed: no document is written while a rule could not be evaluated."""
    errors = [f for f in assessment.findings if f.status == "error"]
    if errors:
        names = "; ".join(f"{f.rule} [{f.scope}]: {f.explanation}" for f in errors)
        raise DocumentError(f"{len(errors)} rule(s) could not be evaluated, so no document is rendered: {names}")


def build_demands(
    assessment: Assessment,
    book: RuleBook,
    org: LoadedOrg,
    inspection: Optional[LoadedInspection],
    on: dt.date,
    *,
    include_account_gaps: bool = False,
    include_observations: bool = True,
    apply_decisions: bool = True,
) -> DemandSet:
    """The numbered demands of a letter dated ``on``.

    ``include_account_gaps`` adds the inspector's notes on the written account
    (begäran om komplettering); ``include_observations`` adds what the visit
    showed; ``apply_decisions`` applies keep/drop/reword. Only the areas the
    record's ``case.areas`` names are supervised (all when empty).
    """
    refuse_errors(assessment)
    unit_names = {u.id: u.name for u in org.model.units}
    rec = inspection.model if inspection else None
    smap = inspection.source if inspection else None
    problems: list[Problem] = []
    observations = list(enumerate(rec.observations)) if (rec and include_observations) else []
    areas = set(rec.case.areas) if rec and rec.case.areas else set(AREA_ORDER)
    gaps = list(enumerate(rec.account.gaps)) if (rec and include_account_gaps) else []
    decisions = {(d.rule, d.unit): (i, d) for i, d in enumerate(rec.demands)} if (rec and apply_decisions) else {}
    used_decisions: set[tuple[str, Optional[str]]] = set()

    def concerns(item_unit: Optional[str], finding: Finding) -> bool:
        unit = _unit_of(finding.scope)
        return item_unit is None or unit is None or item_unit == unit

    # (rule, unit id or None) -> deficiencies, kinds
    scoped: dict[tuple[str, Optional[str]], list[Deficiency]] = {}
    confirmations: list[Confirmation] = []
    for f in assessment.findings:
        if f.area not in areas:
            continue
        rule = book.get(f.rule)
        unit = _unit_of(f.scope)
        unit_name = unit_names.get(unit) if unit else None
        found: list[Deficiency] = []
        if f.failing:
            for c in f.checks:
                if c.outcome == "fail":
                    found.append(Deficiency(c.message, EvidenceKind.documents.value, unit_name))
        for i, obs in observations:
            if obs.rule != f.rule or not concerns(obs.unit, f):
                continue
            obs_unit = unit_names.get(obs.unit) if obs.unit else unit_name
            if _value(obs.shows) == "deficiency":
                if f.status == "not_applicable":
                    problems.append(
                        smap.problem(
                            ("observations", i, "rule"),
                            f"observation {obs.id!r} shows a deficiency against {f.rule}, "
                            f"which does not apply here: {f.explanation}",
                        )
                    )
                    continue
                found.append(Deficiency(obs.text, _value(obs.source), obs_unit))
            else:
                if f.failing and (f.rule, None) not in decisions and (f.rule, unit) not in decisions:
                    problems.append(
                        smap.problem(
                            ("observations", i),
                            f"observation {obs.id!r} shows {f.rule} in order, but the documents "
                            f"show a deficiency ({f.scope}); settle it under 'demands' "
                            f"with action keep, drop or reword",
                        )
                    )
                confirmations.append(Confirmation(f.rule, rule.title, obs.text, _value(obs.source), obs_unit))
        for _i, gap in gaps:
            if gap.rule == f.rule and concerns(gap.unit, f):
                found.append(
                    Deficiency(
                        gap.missing, EvidenceKind.documents.value, unit_names.get(gap.unit) if gap.unit else unit_name
                    )
                )
        if found and rule.severity == "legal":
            scoped.setdefault((f.rule, unit), []).extend(found)

    dropped: list[Dropped] = []
    for key, (i, d) in sorted(decisions.items(), key=lambda kv: kv[1][0]):
        rule, unit = key
        targets = [k for k in scoped if k[0] == rule and (unit is None or k[1] == unit)]
        if not targets:
            problems.append(
                smap.problem(
                    ("demands", i),
                    f"there is no deficiency for {rule}"
                    f"{' in unit ' + unit if unit else ''} to {_value(d.action)}; "
                    "remove this decision or add the observation that supports it",
                )
            )
            continue
        used_decisions.add(key)
        if _value(d.action) == "drop":
            for k in targets:
                del scoped[k]
            dropped.append(Dropped(rule, book.get(rule).title, unit_names.get(unit) if unit else None, d.reason or ""))
    if problems:
        raise InputError(sorted(problems))

    def order(rule_id: str) -> tuple:
        return (AREA_ORDER.index(book.get(rule_id).area), rule_id)

    demands: list[Demand] = []
    for rule_id in sorted({k[0] for k in scoped}, key=order):
        rule = book.get(rule_id)
        keys = sorted((k for k in scoped if k[0] == rule_id), key=lambda k: (k[1] is not None, k[1] or ""))
        deficiencies: list[Deficiency] = []
        seen: set[tuple] = set()
        for k in keys:
            for d in scoped[k]:
                if (d.text, d.source, d.unit) not in seen:
                    seen.add((d.text, d.source, d.unit))
                    deficiencies.append(d)
        refs = book.references_on(rule, on)
        if not refs:
            raise DocumentError(
                f"{rule_id} has no legal reference in force on {on.isoformat()}; "
                "a demand needs a legal basis on the letter's date"
            )
        reword = decisions.get((rule_id, None))
        reworded = bool(reword and _value(reword[1].action) == "reword")
        units = [unit_names[k[1]] for k in keys if k[1] is not None]
        kinds = {d.source for d in deficiencies}
        demands.append(
            Demand(
                number=len(demands) + 1,
                rule=rule_id,
                title=rule.title,
                area=rule.area,
                area_title=AREA_TITLES[rule.area],
                text=reword[1].text if reworded else " ".join(rule.demand.split()),
                reworded=reworded,
                units=units,
                deficiencies=deficiencies,
                evidence=[e for e in EVIDENCE_ORDER if e in kinds],
                references=refs,
                references_text=join_citations(refs, book.references),
                reply_weeks=rule.reply_weeks,
            )
        )
    return DemandSet(demands=demands, confirmations=confirmations, dropped=dropped)


def _value(x) -> str:
    return x.value if hasattr(x, "value") else str(x)


__all__ = ["Deficiency", "Demand", "DemandSet", "DocumentError", "build_demands", "refuse_errors"]
