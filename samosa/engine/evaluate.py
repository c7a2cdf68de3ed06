"""Evaluate every applicable rule against an organisation on an assessment date.

Fail closed: a check that cannot be evaluated makes the finding ``error``,
never ``pass``. Scope ``unit`` rules produce one finding per unit (units by
id), so a single generic document cannot hide a unit that lacks its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from samosa.engine.conditions import (
    Context,
    EvaluationFailure,
    _is_empty,
    cached_collection_items,
    condition_holds,
    counted_items,
    describe_condition,
    get_field,
)
from samosa.engine.findings import (
    Assessment,
    CheckResult,
    Evidence,
    Finding,
    OrganisationRef,
    Summary,
)
from samosa.engine.selection import Selection, plan_for
from samosa.models.loading import LoadedOrg
from samosa.rulebook.model import Rule, RuleBook
from samosa.rulebook.vocabulary import (
    Check,
    EveryCheck,
    ExistsCheck,
    PresentCheck,
    RecordCheck,
)
from samosa.source.positions import format_path

MAX_EVIDENCE_PER_CHECK = 5


class _Outcome:
    def __init__(self, passed: bool, message: str, evidence: list[Evidence]):
        self.passed = passed
        self.message = message
        self.evidence = evidence


# Swedish names for the parts of org.yaml, so evidence notes read as Swedish.
SECTION_TITLES = {
    "policy": "arbetsmiljöpolicy",
    "routines": "rutiner",
    "delegations": "uppgiftsfördelningar",
    "risk_assessments": "riskbedömningar",
    "risk_assessments.risks": "risker i riskbedömningarna",
    "action_plan": "handlingsplanen",
    "incidents": "händelser och tillbud",
    "training": "utbildningar",
    "annual_followups": "årliga uppföljningar",
    "premises": "lokaler",
    "units": "enheter",
    "introduction": "introduktion",
    "occupational_health": "företagshälsovård",
    "crisis_support": "krisstöd",
    "working_time": "arbetstid",
    "supervision": "handledning",
    "signals": "signaler",
    "osa_goals": "mål för den organisatoriska och sociala arbetsmiljön",
    "workload_measurement": "mätning av arbetsbelastning",
    "good_practice": "uppgifter om god praxis",
    "unit.clarity": "enhetens uppgifter om tydlighet i uppdraget",
}


def _title(path: str) -> str:
    return SECTION_TITLES.get(path, path)


def _ev(org: LoadedOrg, path: tuple, note: str) -> Evidence:
    line, col = org.source.position(path)
    return Evidence(file=org.file, line=line, column=col, note=note, path=format_path(path))


def _label(item: dict[str, Any], collection: str = "") -> str:
    """Name an item for a person reading the finding.

    Incidents are named by id, kind and date only: their descriptions may
    name the people involved, and findings must not spread that.
    """
    if collection == "incidents":
        return f"{item.get('id')} ({item.get('kind')}, {item.get('date')})"
    if collection == "annual_followups":
        return f"uppföljning {item.get('year')} ({item.get('date')})"
    for key in ("title", "measure", "description", "name", "topic"):
        if item.get(key):
            ident = item.get("id")
            return f"{ident} ({item[key]})" if ident else str(item[key])
    return str(item.get("id", "post"))


def _in_unit(item: dict[str, Any], field: str, unit_id: str, include_org_wide: bool) -> bool:
    value = item.get(field)
    if value is None or value == []:
        return include_org_wide
    return unit_id in value if isinstance(value, list) else value == unit_id


def _unit_items(ctx: Context, check: Any, items: list[tuple[tuple, dict]]) -> list[tuple[tuple, dict]]:
    """The items of ``check.collection`` that belong to ``ctx.unit`` (same result as ``_in_unit``).

    With a cache, one index per (collection, unit field) replaces a scan of
    every item for every unit, which made unit-scoped rules quadratic.
    """
    unit_id = ctx.unit["id"]
    if ctx.cache is None:
        return [(p, it) for p, it in items if _in_unit(it, check.unit_field, unit_id, check.include_org_wide)]
    key = ("unit_index", check.collection, check.unit_field)
    index = ctx.cache.get(key)
    if index is None:
        by_unit: dict[Any, list[int]] = {}
        org_wide: list[int] = []
        try:
            for n, (_, it) in enumerate(items):
                value = it.get(check.unit_field)
                if value is None or value == []:
                    org_wide.append(n)
                else:
                    for u in set(value) if isinstance(value, list) else (value,):
                        by_unit.setdefault(u, []).append(n)
        except TypeError:  # an unhashable value: fall back to the plain scan
            return [(p, it) for p, it in items if _in_unit(it, check.unit_field, unit_id, check.include_org_wide)]
        index = ctx.cache[key] = (by_unit, org_wide)
    by_unit, org_wide = index
    chosen = by_unit.get(unit_id, [])
    if check.include_org_wide and org_wide:
        chosen = sorted(chosen + org_wide)
    return [items[n] for n in chosen]


def _run_check(check: Check, org: LoadedOrg, ctx: Context, scope_path: tuple) -> _Outcome:
    if isinstance(check, PresentCheck):
        value = ctx.lookup(check.path)
        path = _doc_path(check.path, scope_path)
        if _is_empty(value):
            return _Outcome(False, check.missing, [_ev(org, path, f"{_title(check.path)} saknas eller är tom")])
        return _Outcome(
            True, check.satisfied or f"{_title(check.path)} finns", [_ev(org, path, f"{_title(check.path)} finns")]
        )
    if isinstance(check, RecordCheck):
        value = ctx.lookup(check.path)
        path = _doc_path(check.path, scope_path)
        if value is None:
            return _Outcome(False, check.missing, [_ev(org, path, f"{_title(check.path)} saknas")])
        failed = [c for c in check.require if not condition_holds(c, value, ctx)]
        if failed:
            notes = [_ev(org, path + (c.field.split(".")[0],), _why(c, value)) for c in failed]
            return _Outcome(False, check.missing, notes)
        return _Outcome(
            True,
            check.satisfied or check.path,
            [_ev(org, path, check.satisfied or f"{_title(check.path)} uppfyller kraven")],
        )
    assert isinstance(check, (ExistsCheck, EveryCheck))
    items = cached_collection_items(ctx, check.collection)
    plan = plan_for(ctx, check, items)
    if plan is not None:
        return _run_planned(check, org, ctx, scope_path, plan)
    if check.unit_field and ctx.unit is not None:
        items = _unit_items(ctx, check, items)
    selected = [n for n, (_, it) in enumerate(items) if all(condition_holds(c, it, ctx) for c in check.where)]

    def unmet(n: int) -> list:
        return [c for c in check.require if not condition_holds(c, items[n][1], ctx)]

    if isinstance(check, ExistsCheck):
        hits = [n for n in selected if not unmet(n)]
    else:
        hits = [n for n in selected if unmet(n)]
    sel = Selection(
        selected=len(selected),
        hits=len(hits),
        selected_head=selected[:MAX_EVIDENCE_PER_CHECK],
        hits_head=hits[:MAX_EVIDENCE_PER_CHECK],
    )
    return _collection_outcome(check, org, ctx, scope_path, items, sel, unmet)


def _run_planned(
    check: ExistsCheck | EveryCheck, org: LoadedOrg, ctx: Context, scope_path: tuple, plan: Any
) -> _Outcome:
    """``_run_check`` for a unit scope through a memoised plan (samosa/engine/selection.py): same outcome."""
    sel = plan.for_unit(ctx, MAX_EVIDENCE_PER_CHECK)
    if isinstance(check, EveryCheck):

        def unmet(n: int) -> list:
            return plan.failed(n, ctx)
    else:  # the plan memoises only whether an exists item satisfied ``require``

        def unmet(n: int) -> list:
            return [c for c in check.require if not condition_holds(c, plan.items[n][1], ctx)]

    return _collection_outcome(check, org, ctx, scope_path, plan.items, sel, unmet)


def _collection_outcome(
    check: ExistsCheck | EveryCheck,
    org: LoadedOrg,
    ctx: Context,
    scope_path: tuple,
    items: list,
    sel: Selection,
    unmet: Any,
) -> _Outcome:
    """The verdict and evidence of an ``exists``/``every`` check from its selection.

    ``sel.hits`` are the satisfying items of an ``exists`` check and the failing
    items of an ``every`` check; ``unmet(n)`` gives item n's failed ``require`` conditions.
    """

    def why(n: int) -> str:
        p, it = items[n]
        return f"{_label(it, check.collection)}: " + "; ".join(_why(c, it) for c in unmet(n))

    def satisfied(ns: list[int]) -> list[Evidence]:
        return [_ev(org, items[n][0], f"{_label(items[n][1], check.collection)} uppfyller kravet") for n in ns]

    if isinstance(check, ExistsCheck):
        if sel.hits >= check.min:
            return _Outcome(True, check.satisfied or check.missing, satisfied(sel.hits_head))
        ev = [_ev(org, items[n][0], why(n)) for n in sel.selected_head]
        if not ev:
            ev.append(_nothing_found(org, check, ctx, scope_path))
        found = f" (finns {sel.hits}, krävs {check.min})" if check.min > 1 else ""
        return _Outcome(False, _counted(check.missing, found), ev)
    if sel.hits:
        more = f" (gäller {sel.hits} av {sel.selected})" if sel.selected > 1 else ""
        return _Outcome(False, _counted(check.missing, more), [_ev(org, items[n][0], why(n)) for n in sel.hits_head])
    msg = check.satisfied or check.missing
    return _Outcome(True, msg if sel.selected else f"{msg} (inga poster berörs)", satisfied(sel.selected_head))


def _why(cond: Any, item: Any) -> str:
    """Why ``cond`` failed for ``item``, naming the missing values of a list where it can."""
    text = describe_condition(cond)
    if cond.operator == "contains_all" and isinstance(item, dict):
        have = get_field(item, cond.field.split(".")) or []
        missing = [w for w in cond.operand if w not in have] if isinstance(have, list) else []
        if missing:
            text += f" (saknas i filen: {', '.join(map(str, missing))})"
    return text


def _counted(message: str, extra: str) -> str:
    """Put a count such as " (gäller 1 av 4)" inside the sentence, before its full stop."""
    if extra and message.endswith("."):
        return message[:-1] + extra + "."
    return message + extra


def _nothing_found(org: LoadedOrg, check: Any, ctx: Context, scope_path: tuple) -> Evidence:
    """Evidence for an ``exists`` check that found no candidate: where it should have been."""
    top = check.collection.split(".")[0]
    if check.unit_field and ctx.unit is not None:
        return _ev(org, scope_path, f"inga {_title(check.collection)} för enheten {ctx.unit['id']} uppfyller villkoren")
    if ctx.root.get(top):
        return _ev(org, (top,), f"inga {_title(check.collection)} uppfyller villkoren")
    return _ev(org, scope_path, f"{_title(check.collection)} saknas")


def _doc_path(path: str, scope_path: tuple) -> tuple:
    parts = path.split(".")
    if parts[0] == "unit":
        return scope_path + tuple(parts[1:])
    return tuple(parts)


def evaluate_rule(
    rule: Rule,
    book: RuleBook,
    org: LoadedOrg,
    root: dict,
    date: dt.date,
    unit: Optional[tuple[int, dict]] = None,
    cache: Optional[dict] = None,
) -> Finding:
    """One finding for ``rule`` in one scope.

    ``cache`` is an optional memo shared across one evaluation of ``root``
    (see ``Context.cache``); pass the same dict for every rule and unit.
    """
    scope = "organisation" if unit is None else f"unit:{unit[1]['id']}"
    scope_path = () if unit is None else ("units", unit[0])
    ctx = Context(root=root, date=date, unit=None if unit is None else unit[1], cache=cache)
    refs = book.references_on(rule, date)
    base = dict(
        rule=rule.id,
        title=rule.title,
        area=rule.area,
        scope=scope,
        severity=rule.severity,
        references=refs,
        requires=list(rule.requires),
    )
    if not refs:
        return Finding(
            **base,
            status="not_applicable",
            explanation=f"Ingen av bestämmelserna ({', '.join(rule.references)}) gällde {date.isoformat()}.",
        )
    try:
        if not all(condition_holds(c, None, ctx) for c in rule.applies_when):
            reason = rule.not_applicable or "Villkoren för att kravet ska gälla är inte uppfyllda."
            return Finding(**base, status="not_applicable", explanation=reason, evidence=[_ev(org, scope_path, reason)])
        grounds = _count_evidence(rule.applies_when, org, ctx)
        signals = _signal_evidence(rule, org, ctx, scope_path)
        if rule.triggers and not signals:
            reason = rule.not_applicable or "Ingen av signalerna som gör kravet aktuellt föreligger."
            return Finding(**base, status="not_applicable", explanation=reason, evidence=[_ev(org, scope_path, reason)])
        results: list[CheckResult] = []
        failing_evidence: list[Evidence] = []
        passing_evidence: list[Evidence] = []
        passed = failed = 0
        essential_failed = False
        for check in rule.checks:
            if check.when and not all(condition_holds(c, None, ctx) for c in check.when):
                results.append(
                    CheckResult(
                        id=check.id,
                        outcome="skipped",
                        message="gäller inte: " + "; ".join(describe_condition(c) for c in check.when),
                    )
                )
                continue
            out = _run_check(check, org, ctx, scope_path)
            results.append(CheckResult(id=check.id, outcome="pass" if out.passed else "fail", message=out.message))
            if out.passed:
                passed += 1
                passing_evidence.extend(out.evidence)
            else:
                failed += 1
                essential_failed |= check.essential
                failing_evidence.extend(out.evidence)
        if failed == 0:
            status = "pass"
            evidence = passing_evidence
            explanation = " ".join(r.message for r in results if r.outcome == "pass")
        else:
            status = "fail" if essential_failed or passed == 0 else "partial"
            evidence = failing_evidence
            explanation = " ".join(r.message for r in results if r.outcome == "fail")
        if signals:
            explanation += (
                " Signaler: "
                + "; ".join(e.note.removeprefix("signal: ") for e in signals if e.note.startswith("signal: "))
                + "."
            )
            evidence = signals + evidence
        if grounds:
            explanation += (
                " Kravet gäller eftersom: "
                + "; ".join(_count_summary(c, org, ctx) for c in rule.applies_when if c.operator == "count")
                + "."
            )
            evidence = grounds + evidence
    except EvaluationFailure as exc:
        return Finding(
            **base,
            status="error",
            explanation=f"Regeln kunde inte utvärderas: {exc}. Detta räknas aldrig som uppfyllt.",
        )
    demand = rule.demand if status in ("fail", "partial") and rule.severity == "legal" else None
    return Finding(
        **base,
        status=status,
        explanation=explanation,
        demand=demand,
        reply_weeks=rule.reply_weeks if demand else None,
        checks=results,
        evidence=_dedupe(evidence),
    )


def _count_summary(cond: Any, org: LoadedOrg, ctx: Context) -> str:
    items = counted_items(cond, None, ctx)
    return f"{describe_condition(cond)} ({len(items)} st)"


def _count_evidence(conds: list, org: LoadedOrg, ctx: Context) -> list[Evidence]:
    """Evidence for each item a holding ``count`` condition counted (why the rule applies)."""
    out = []
    for cond in conds:
        if cond.operator != "count":
            continue
        items = counted_items(cond, None, ctx)
        if len(items) < cond.count.min:
            continue
        for path, item in items[:MAX_EVIDENCE_PER_CHECK]:
            out.append(_ev(org, path, f"grund: {_label(item, cond.field)} ({describe_condition(cond)})"))
    return out


def _signal_evidence(rule: Rule, org: LoadedOrg, ctx: Context, scope_path: tuple) -> list[Evidence]:
    """Evidence for each trigger that holds: where the signal is and its value."""
    out = []
    for cond in rule.triggers:
        if cond.operator == "count":
            found = _count_evidence([cond], org, ctx)
            if found:
                n = len(counted_items(cond, None, ctx))
                out.append(_ev(org, (cond.field.split(".")[0],), f"signal: {describe_condition(cond)} ({n} st)"))
                out.extend(found)
            continue
        if condition_holds(cond, None, ctx):
            value = ctx.lookup(cond.field)
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            out.append(_ev(org, _doc_path(cond.field, scope_path), f"signal: {describe_condition(cond)} ({shown})"))
    return out


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: set = set()
    out = []
    for e in evidence:
        key = (e.file, e.line, e.column, e.note)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def resolve_date(org: LoadedOrg, date: Optional[dt.date]) -> tuple[dt.date, str]:
    """The assessment date: the argument, else the org file's, else today."""
    if date is not None:
        return date, "argument"
    if org.model.organisation.assessment_date is not None:
        return org.model.organisation.assessment_date, "org_file"
    return dt.date.today(), "today"


def evaluate(
    org: LoadedOrg, rules: RuleBook, date: Optional[dt.date] = None, profile: Optional[str] = None
) -> Assessment:
    """Evaluate ``rules`` (optionally one profile) against ``org`` on ``date``."""
    on, source = resolve_date(org, date)
    root = org.model.model_dump(mode="python")
    units = sorted(enumerate(root["units"]), key=lambda iu: iu[1]["id"])
    findings: list[Finding] = []
    cache: dict = {}
    for rule in rules.for_evaluation(profile):
        if rule.scope == "unit":
            for unit in units:
                findings.append(evaluate_rule(rule, rules, org, root, on, unit, cache=cache))
        else:
            findings.append(evaluate_rule(rule, rules, org, root, on, cache=cache))
    counts: dict[str, int] = {s: 0 for s in ("pass", "partial", "fail", "not_applicable", "error")}
    for f in findings:
        counts[f.status] += 1
    o = org.model.organisation
    return Assessment(
        assessment_date=on,
        date_source=source,
        profile=profile,
        organisation=OrganisationRef(name=o.name, org_number=o.org_number, file=org.file, employees=o.employees),
        summary=Summary(total=len(findings), by_status=counts),
        findings=findings,
    )
