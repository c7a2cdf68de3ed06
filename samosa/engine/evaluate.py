"""Evaluate every applicable rule against an organisation on an assessment date.

Verdicts rest only on what the file states. Each check ends in one of:

* ``pass`` / ``fail`` — decided by stated facts (``false``, ``0``, ``[]`` and
  ``null`` are stated too);
* ``not_shown`` — what the check needs is not in the file; the finding says
  what is missing and where it would be written;
* ``not_applicable`` — the check's selection is empty on stated facts and the
  rule says why that is not a deficiency (``when_none``);
* ``skipped`` — the check's ``when`` does not hold.

A rule fails (or is partial) if any check fails; otherwise it is not shown if
any check is not shown; otherwise it passes if any check passes; otherwise it
is not applicable, with the reasons. Checks are weighed by their ``basis``,
strongest first: a legal rule's legal checks decide it; only when they all
pass (or do not apply) do its allmänna-råd checks, then its good-practice
checks, decide — and the finding then has that severity, so a failing advice
check of a legal rule is reported as advice, never as a brist or a krav. A
check whose ``rests_on`` citations are none of them in force on the date is
skipped. A rule whose applicability or trigger
depends on an unstated fact is not shown. Fail closed: a check that cannot be
evaluated makes the finding ``error``, never ``pass``. Scope ``unit`` rules
produce one finding per unit (units by id).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from samosa.engine.conditions import (
    UNKNOWN,
    Context,
    EvaluationFailure,
    all_of,
    condition_fields,
    condition_truth,
    counted_items,
    describe_condition,
    get_field,
    is_empty,
)
from samosa.engine.findings import STATUSES, Assessment, CheckResult, Evidence, Finding, OrganisationRef, Summary
from samosa.engine.identity import subjects as failing_subjects
from samosa.engine.selection import HEAD, Selection, false_conditions, select, unknown_conditions
from samosa.models.facts import NOT_STATED, stated_data, unknown_phrase
from samosa.models.loading import LoadedOrg
from samosa.models.words import INCIDENT_KINDS, code_word, sv_number
from samosa.rulebook.model import SEVERITY_RANK, Rule, RuleBook
from samosa.rulebook.vocabulary import (
    AnyCheck,
    Check,
    EveryCheck,
    ExistsCheck,
    PresentCheck,
    RecordCheck,
    not_shown_sentence,
)
from samosa.source.positions import format_path

MAX_EVIDENCE_PER_CHECK = HEAD
#: Evidence notes that say why a rule applies (a counted ground, a signal), not what the verdict found.
GROUND_PREFIX, SIGNAL_PREFIX = "grund: ", "signal: "


@dataclass
class _Outcome:
    status: str  # pass, fail, not_shown, not_applicable
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    #: what is not shown, even when the check fails on other items
    unknown: list[Evidence] = field(default_factory=list)


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


def _ev(org: LoadedOrg, path: tuple, note: str, *, stated: bool = True) -> Evidence:
    """Evidence at ``path``; for what is not stated, the position of the nearest stated parent."""
    line, col = org.source.position(path)
    return Evidence(
        file=org.file,
        line=line,
        column=col,
        note=note,
        path=format_path(path),
        fact="stated" if stated else "not_stated",
    )


def _not_stated(org: LoadedOrg, path: tuple, who: str = "") -> Evidence:
    """Evidence that ``path`` is not in the file, worded as such ("det framgår inte …")."""
    prefix = f"{who}: " if who else ""
    return _ev(org, path, f"{prefix}det framgår inte {unknown_phrase(path)}", stated=False)


def _label(item: dict[str, Any], collection: str = "") -> str:
    """Name an item for a person reading the finding.

    Incidents are named by id, kind and date only: their descriptions may
    name the people involved, and findings must not spread that.
    """
    if collection == "incidents":
        kind = INCIDENT_KINDS.get(str(item.get("kind")), str(item.get("kind")))
        return f"{item.get('id')} ({kind}, {item.get('date')})"
    if collection == "annual_followups":
        return f"uppföljning {item.get('year')} ({item.get('date')})"
    for key in ("title", "measure", "description", "name", "topic"):
        value = item.get(key)
        if key == "topic" and isinstance(value, str):
            value = code_word(value, f"{collection}.topic")
        if value is not NOT_STATED and value:
            ident = item.get("id")
            return f"{ident} ({value})" if ident else str(value)
    return str(item.get("id", "post"))


def _doc_path(path: str, scope_path: tuple) -> tuple:
    parts = path.split(".")
    if parts[0] == "unit":
        return scope_path + tuple(parts[1:])
    return tuple(parts)


def _why(cond: Any, item: Any, where: str = "") -> str:
    """Why ``cond`` failed for ``item``, naming the missing values of a list where it can.

    The values are codes in the file; the note names them in Swedish (``where``
    is the item's collection or section, so the field's own vocabulary is used).
    """
    text = describe_condition(cond)
    if cond.operator == "contains_all" and isinstance(item, dict):
        have = get_field(item, cond.field.split("."))
        missing = [w for w in cond.operand if w not in have] if isinstance(have, list) else []
        if missing:
            field = f"{where}.{cond.field}" if where else cond.field
            text += f" (saknas i filen: {', '.join(code_word(w, field) for w in missing)})"
    return text


def _unknown_notes(org: LoadedOrg, conds: list, item: dict, item_path: tuple, who: str) -> list[Evidence]:
    """One not-stated note per field an unknown condition reads."""
    out = []
    for cond in conds:
        for fld in condition_fields(cond):
            parts = fld.split(".")
            if parts[0] == "_parent":
                continue
            value = get_field(item, parts) if item is not None else NOT_STATED
            if value is NOT_STATED:
                out.append(_not_stated(org, item_path + tuple(parts), who))
                break
            if cond.operator == "all_present" and isinstance(value, list):
                for i, sub in enumerate(value):
                    if isinstance(sub, dict) and sub.get(str(cond.operand), NOT_STATED) is NOT_STATED:
                        out.append(_not_stated(org, item_path + tuple(parts) + (i, str(cond.operand)), who))
                break
    return out


def _counted(message: str, extra: str) -> str:
    """Put a count such as " (gäller 1 av 4)" inside the sentence, before its full stop."""
    if extra and message.endswith("."):
        return message[:-1] + extra + "."
    return message + extra


# ------------------------------------------------------------------ checks


def _run_present(check: PresentCheck, org: LoadedOrg, ctx: Context, scope_path: tuple) -> _Outcome:
    value = ctx.lookup(check.path)
    path = _doc_path(check.path, scope_path)
    if value is NOT_STATED:
        return _Outcome("not_shown", not_shown_sentence(check), [_not_stated(org, path)])
    if is_empty(value):
        return _Outcome("fail", check.missing, [_ev(org, path, f"{_title(check.path)}: det finns ingen")])
    return _Outcome(
        "pass", check.satisfied or f"{_title(check.path)} finns", [_ev(org, path, f"{_title(check.path)} finns")]
    )


def _run_record(check: RecordCheck, org: LoadedOrg, ctx: Context, scope_path: tuple) -> _Outcome:
    value = ctx.lookup(check.path)
    path = _doc_path(check.path, scope_path)
    if value is NOT_STATED:
        return _Outcome("not_shown", not_shown_sentence(check), [_not_stated(org, path)])
    if value is None:
        return _Outcome("fail", check.missing, [_ev(org, path, f"{_title(check.path)}: det finns ingen")])
    truths = [(c, condition_truth(c, value, ctx)) for c in check.require]
    failed = [c for c, t in truths if t is False]
    unknown = [c for c, t in truths if t is UNKNOWN]
    notes = _unknown_notes(org, unknown, value, path, "")
    if failed:
        ev = [_ev(org, path + (c.field.split(".")[0],), _why(c, value, check.path)) for c in failed]
        return _Outcome("fail", check.missing, ev, notes)
    if unknown:
        return _Outcome("not_shown", not_shown_sentence(check), notes)
    text = check.satisfied or f"{_title(check.path)} uppfyller kraven"
    return _Outcome("pass", text, [_ev(org, path, text)])


def _run_collection(check: ExistsCheck | EveryCheck, org: LoadedOrg, ctx: Context, scope_path: tuple) -> _Outcome:
    sel: Selection = select(check, ctx)
    items, tally = sel.items, sel.tally

    def label(n: int) -> str:
        return _label(items[n][1], check.collection)

    def failing_note(n: int) -> Evidence:
        path, item = items[n]
        failed = false_conditions(check.require, item, ctx)
        return _ev(org, path, f"{label(n)}: " + "; ".join(_why(c, item, check.collection) for c in failed))

    def unknown_notes(ns: list[int]) -> list[Evidence]:
        out: list[Evidence] = []
        for n in ns:
            path, item = items[n]
            conds = unknown_conditions(list(check.where) + list(check.require), item, ctx)
            out += _unknown_notes(org, conds, item, path, label(n))
        return out

    missing_notes = [_not_stated(org, p) for p in sel.missing[:HEAD]]
    if isinstance(check, ExistsCheck):
        sure, maybe = tally.count("sure"), tally.count("maybe")
        if sure >= check.min:
            text = check.satisfied or check.missing
            ev = [_ev(org, items[n][0], f"{label(n)} uppfyller kravet") for n in tally.head("sure")]
            return _Outcome("pass", text, ev)
        unknown = missing_notes + unknown_notes(tally.head("maybe"))
        if sel.missing or sure + maybe >= check.min:
            return _Outcome("not_shown", not_shown_sentence(check), unknown)
        if check.when_none is not None and not (maybe or tally.count("selected_fail")):
            return _Outcome(
                check.when_none.outcome,
                check.when_none.reason,
                [_ev(org, (check.collection.split(".")[0],), check.when_none.reason)],
            )
        ev = [failing_note(n) for n in tally.head("selected_fail")]
        if not ev:
            ev.append(_nothing_found(org, check, ctx, scope_path))
        found = f" (finns {sure}, krävs {check.min})" if check.min > 1 else ""
        return _Outcome("fail", _counted(check.missing, found), ev, unknown)
    violations, unknown_n, ok = tally.count("violation"), tally.count("unknown"), tally.count("selected_ok")
    unknown = missing_notes + unknown_notes(tally.head("unknown"))
    if violations:
        selected = violations + ok + unknown_n
        more = f" (gäller {violations} av {selected})" if selected > 1 else ""
        ev = [failing_note(n) for n in tally.head("violation")]
        return _Outcome("fail", _counted(check.missing, more), ev, unknown)
    if unknown_n or sel.missing:
        return _Outcome("not_shown", not_shown_sentence(check), unknown)
    if ok:
        text = check.satisfied or check.missing
        heads = tally.head("selected_ok")
        return _Outcome("pass", text, [_ev(org, items[n][0], f"{label(n)} uppfyller kravet") for n in heads])
    if tally.count("maybe_ok"):
        # Only items that meet the requirement but may not be selected: it is not shown whether the
        # check passes or does not apply, and silence must not decide between them.
        return _Outcome("not_shown", not_shown_sentence(check), unknown_notes(tally.head("maybe_ok")))
    reason = check.when_none.reason
    return _Outcome(check.when_none.outcome, reason, [_ev(org, (check.collection.split(".")[0],), reason)])


def _nothing_found(org: LoadedOrg, check: Any, ctx: Context, scope_path: tuple) -> Evidence:
    """Evidence for an ``exists`` check that found no candidate: where it should have been."""
    top = check.collection.split(".")[0]
    if check.unit_field and ctx.unit is not None:
        return _ev(org, scope_path, f"inga {_title(check.collection)} för enheten {ctx.unit['id']} uppfyller villkoren")
    if ctx.root.get(top):
        return _ev(org, (top,), f"inga {_title(check.collection)} uppfyller villkoren")
    return _ev(org, (top,), f"{_title(check.collection)}: det finns inga")


def _run_any(check: AnyCheck, org: LoadedOrg, ctx: Context, scope_path: tuple) -> _Outcome:
    """``any``: met if one alternative is met; failing only if every applicable one fails on stated facts."""
    outs: list[_Outcome] = []
    for alt in check.of:
        applies = all_of(condition_truth(c, None, ctx) for c in alt.when)
        if applies is False:
            continue
        if applies is UNKNOWN:
            outs.append(_Outcome("not_shown", "", _rule_level_unknowns(org, alt.when, ctx, scope_path)))
            continue
        outs.append(_run_check(alt, org, ctx, scope_path))
    passed = [o for o in outs if o.status == "pass"]
    if passed:
        text = check.satisfied or check.missing
        return _Outcome("pass", text, [e for o in passed for e in o.evidence])
    unknown = [e for o in outs for e in o.unknown] + [e for o in outs if o.status == "not_shown" for e in o.evidence]
    if any(o.status == "not_shown" for o in outs):
        return _Outcome("not_shown", not_shown_sentence(check), unknown)
    failed = [o for o in outs if o.status == "fail"]
    if failed:
        return _Outcome("fail", check.missing, [e for o in failed for e in o.evidence], unknown)
    reasons = " ".join(dict.fromkeys(o.message for o in outs)) or "Ingen av möjligheterna gäller här."
    return _Outcome("not_applicable", reasons, [e for o in outs for e in o.evidence])


def _run_check(check: Check, org: LoadedOrg, ctx: Context, scope_path: tuple) -> _Outcome:
    if isinstance(check, AnyCheck):
        return _run_any(check, org, ctx, scope_path)
    if isinstance(check, PresentCheck):
        return _run_present(check, org, ctx, scope_path)
    if isinstance(check, RecordCheck):
        return _run_record(check, org, ctx, scope_path)
    return _run_collection(check, org, ctx, scope_path)


# ------------------------------------------------------------------- rules


def _rule_level_unknowns(org: LoadedOrg, conds: list, ctx: Context, scope_path: tuple) -> list[Evidence]:
    """Not-stated notes for rule-level conditions (applies_when, triggers, when) whose truth is unknown."""
    out = []
    for cond in conds:
        if condition_truth(cond, None, ctx) is not UNKNOWN:
            continue
        if cond.operator == "count":
            found = counted_items(cond, None, ctx, limit=HEAD)
            out += [_not_stated(org, p) for p in found.missing[:HEAD]]
            for path, item in found.maybe[:HEAD]:
                assert cond.count is not None
                unknown = unknown_conditions(cond.count.where, item, ctx)
                out += _unknown_notes(org, unknown, item, path, _label(item, cond.field))
            continue
        for fld in condition_fields(cond):
            if ctx.lookup(fld) is NOT_STATED:
                out.append(_not_stated(org, _doc_path(fld, scope_path)))
    return out


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

    ``cache`` is the per-evaluation memo (see ``Context.cache``); pass the same
    dict for every rule and unit of one evaluation of ``root``.
    """
    scope = "organisation" if unit is None else f"unit:{unit[1]['id']}"
    scope_path = () if unit is None else ("units", unit[0])
    ctx = Context(root=root, date=date, unit=None if unit is None else unit[1], cache={} if cache is None else cache)
    base = _base(rule, book, scope, date)
    if not base["references"]:
        return _not_in_force(base, rule, date)
    try:
        applies = all_of(condition_truth(c, None, ctx) for c in rule.applies_when)
        if applies is False:
            reason = rule.not_applicable or f"Villkoren för att {_noun(rule)} ska gälla är inte uppfyllda."
            return Finding(**base, status="not_applicable", explanation=reason, evidence=[_ev(org, scope_path, reason)])
        if applies is UNKNOWN:
            notes = _rule_level_unknowns(org, rule.applies_when, ctx, scope_path)
            what = "; ".join(describe_condition(c) for c in rule.applies_when)
            return Finding(
                **base,
                status="not_shown",
                explanation=f"Det framgår inte om {_noun(rule)} gäller (det gäller när: {what}).",
                evidence=_dedupe(notes),
            )
        grounds = _count_evidence(rule.applies_when, org, ctx)
        signals = _signal_evidence(rule, org, ctx, scope_path)
        if rule.triggers and not signals:
            # No stated signal holds. If none could be read at all, whether the rule applies is not
            # shown; if some were stated and do not hold, it does not apply on what the file states
            # (and the explanation names the signals it does not show).
            truths = [condition_truth(c, None, ctx) for c in rule.triggers]
            notes = _rule_level_unknowns(org, rule.triggers, ctx, scope_path)
            what = "; ".join(describe_condition(c) for c in rule.triggers)
            if all(t is UNKNOWN for t in truths):
                return Finding(
                    **base,
                    status="not_shown",
                    explanation=f"Det framgår inte om {_noun(rule)} gäller (det gäller när: {what}).",
                    evidence=_dedupe(notes),
                )
            reason = rule.not_applicable or f"Ingen av signalerna som gör {_noun(rule)} aktuellt föreligger."
            notes = _dedupe(notes)
            if notes:
                reason += (
                    " Av de signaler som prövas framgår inte: "
                    + "; ".join(e.note.removeprefix("det framgår inte ") for e in notes)
                    + "."
                )
            return Finding(
                **base, status="not_applicable", explanation=reason, evidence=[_ev(org, scope_path, reason)] + notes
            )
        results: list[CheckResult] = []
        outcomes: list[tuple[Any, _Outcome, str]] = []
        for check in rule.checks:
            basis = rule.basis_of(check)
            if check.rests_on and not book.rests_in_force(check.rests_on, date):
                results.append(
                    CheckResult(
                        id=check.id,
                        outcome="skipped",
                        basis=basis,
                        message=f"gäller inte: det som kontrollen vilar på ({', '.join(check.rests_on)}) "
                        f"gällde inte {date.isoformat()}",
                    )
                )
                continue
            applies_check = all_of(condition_truth(c, None, ctx) for c in check.when)
            if applies_check is False:
                results.append(
                    CheckResult(
                        id=check.id,
                        outcome="skipped",
                        basis=basis,
                        message="gäller inte: " + "; ".join(describe_condition(c) for c in check.when),
                    )
                )
                continue
            if applies_check is UNKNOWN:
                out = _Outcome(
                    "not_shown",
                    not_shown_sentence(check),
                    _rule_level_unknowns(org, check.when, ctx, scope_path),
                )
            else:
                out = _run_check(check, org, ctx, scope_path)
            results.append(CheckResult(id=check.id, outcome=out.status, basis=basis, message=out.message))
            outcomes.append((check, out, basis))
        status, explanation, evidence, severity = _aggregate(outcomes, rule.severity)
        base["severity"] = severity
        if signals:
            explanation += (
                " Signaler: "
                + "; ".join(e.note.removeprefix(SIGNAL_PREFIX) for e in signals if e.note.startswith(SIGNAL_PREFIX))
                + "."
            )
            evidence = signals + evidence
        if grounds:
            explanation += (
                f" {_noun(rule).capitalize()} gäller eftersom: "
                + "; ".join(
                    _count_summary(c, ctx) for c in rule.applies_when if c.operator == "count" and _is_ground(c)
                )
                + "."
            )
            evidence = grounds + evidence
    except EvaluationFailure as exc:
        return Finding(
            **base,
            status="error",
            explanation=f"Regeln kunde inte utvärderas: {exc}. Detta räknas aldrig som uppfyllt.",
        )
    demand = rule.demand if status in ("fail", "partial") and base["severity"] == "legal" else None
    # the checks that decided the finding: those of its severity (a legal rule's råd checks do not
    # make a deficiency's identity)
    failed = (
        [c for c, o, b in outcomes if o.status == "fail" and b == base["severity"]]
        if status in ("fail", "partial")
        else []
    )
    return Finding(
        **base,
        status=status,
        explanation=explanation,
        demand=demand,
        reply_weeks=rule.reply_weeks if demand else None,
        checks=results,
        evidence=_dedupe(evidence),
        subjects=failing_subjects(failed, ctx),
    )


#: How a finding decided by checks weaker than its rule begins its explanation.
DECIDED_HEADS = {"advice": "Enligt allmänna råd (inget krav): ", "good_practice": "God praxis (inget krav): "}
#: How a finding names the checks of a weaker basis than the one that decided it.
WEAKER_HEADS = {
    "advice": " Dessutom, enligt allmänna råd (inget krav): ",
    "good_practice": " Dessutom, som god praxis: ",
}


def _aggregate(outcomes: list[tuple[Any, _Outcome, str]], severity: str) -> tuple[str, str, list[Evidence], str]:
    """The rule's status, explanation, evidence and severity from its checks' outcomes (see the module docstring).

    The strongest basis with a failing or unshown check decides, at that basis's
    severity; what weaker checks found is added to the explanation, never to the verdict.
    """
    tiers = sorted({b for _, _, b in outcomes}, key=SEVERITY_RANK.__getitem__, reverse=True)
    for n, tier in enumerate(tiers):
        at = [(c, o) for c, o, b in outcomes if b == tier]
        if not any(o.status in ("fail", "not_shown") for _, o in at):
            continue
        # Stronger tiers passed or did not apply; they count towards "partial" like this tier's passes.
        passed = any(o.status == "pass" for _, o, b in outcomes if SEVERITY_RANK[b] >= SEVERITY_RANK[tier])
        status, explanation, evidence = _decide(at, passed)
        if tier != severity:  # a legal rule decided by its advice checks says so first
            explanation = DECIDED_HEADS[tier] + explanation
        for weaker in tiers[n + 1 :]:
            issues = [o for _, o, b in outcomes if b == weaker and o.status in ("fail", "not_shown")]
            if issues:
                explanation += WEAKER_HEADS[weaker] + " ".join(o.message for o in issues)
                evidence += [e for o in issues for e in o.evidence + o.unknown]
        return status, explanation, evidence, tier
    pairs = [(c, o) for c, o, _ in outcomes]
    status, explanation, evidence = _decide(pairs, any(o.status == "pass" for _, o in pairs))
    return status, explanation, evidence, severity


def _decide(outcomes: list[tuple[Any, _Outcome]], passed: bool) -> tuple[str, str, list[Evidence]]:
    """Status, explanation and evidence from checks of one basis; ``passed``: some check at or above it passed."""
    by = {s: [(c, o) for c, o in outcomes if o.status == s] for s in ("pass", "fail", "not_shown", "not_applicable")}
    unknown_ev = [e for _, o in outcomes for e in o.unknown] + [e for _, o in by["not_shown"] for e in o.evidence]
    if by["fail"]:
        essential = any(c.essential for c, _ in by["fail"])
        status = "fail" if essential or not passed else "partial"
        explanation = " ".join(o.message for _, o in by["fail"])
        if by["not_shown"]:
            explanation += " Dessutom: " + " ".join(o.message for _, o in by["not_shown"])
        evidence = [e for _, o in by["fail"] for e in o.evidence] + unknown_ev
        return status, explanation, evidence
    if by["not_shown"]:
        explanation = " ".join(o.message for _, o in by["not_shown"])
        return "not_shown", explanation, unknown_ev
    if by["pass"]:
        explanation = " ".join(o.message for _, o in by["pass"] + by["not_applicable"])
        evidence = [e for _, o in by["pass"] + by["not_applicable"] for e in o.evidence]
        return "pass", explanation, evidence
    if by["not_applicable"]:
        explanation = " ".join(o.message for _, o in by["not_applicable"])
        return "not_applicable", explanation, [e for _, o in by["not_applicable"] for e in o.evidence]
    return "not_applicable", "Ingen av kontrollerna gäller här.", []


def _is_ground(cond: Any) -> bool:
    """A count that names what it found: a ``where``, or more than one item (not "few", which finds little)."""
    return cond.count.fewer_than is None and (bool(cond.count.where) or cond.count.min > 1)


def _count_summary(cond: Any, ctx: Context) -> str:
    found = counted_items(cond, None, ctx, limit=0)
    return f"{describe_condition(cond)} ({found.n_sure} st)"


def _count_evidence(conds: list, org: LoadedOrg, ctx: Context) -> list[Evidence]:
    """Evidence for each item a holding ``count`` condition counted (why the rule applies).

    Only a count that says something (a ``where``, or more than one item: recurring
    threats, a serious incident) is a ground worth naming; a bare "there is a risk"
    is a precondition.
    """
    out = []
    for cond in conds:
        if cond.operator != "count" or not _is_ground(cond):
            continue
        found = counted_items(cond, None, ctx, limit=MAX_EVIDENCE_PER_CHECK)
        if found.n_sure < cond.count.min:
            continue
        for path, item in found.sure[:MAX_EVIDENCE_PER_CHECK]:
            out.append(_ev(org, path, f"{GROUND_PREFIX}{_label(item, cond.field)} ({describe_condition(cond)})"))
    return out


def _signal_evidence(rule: Rule, org: LoadedOrg, ctx: Context, scope_path: tuple) -> list[Evidence]:
    """Evidence for each trigger that holds: where the signal is and its value."""
    out = []
    for cond in rule.triggers:
        if cond.operator == "count" and cond.count is not None and cond.count.fewer_than is not None:
            if condition_truth(cond, None, ctx) is True:
                n = len(counted_items(cond, None, ctx).sure)
                out.append(_ev(org, (cond.field.split(".")[0],), f"{SIGNAL_PREFIX}{describe_condition(cond)} ({n} st)"))
            continue
        if cond.operator == "count":
            found = _count_evidence([cond], org, ctx)
            if found:
                n = counted_items(cond, None, ctx, limit=0).n_sure
                out.append(_ev(org, (cond.field.split(".")[0],), f"{SIGNAL_PREFIX}{describe_condition(cond)} ({n} st)"))
                out.extend(found)
            continue
        if condition_truth(cond, None, ctx) is True:
            value = ctx.lookup(cond.field)
            shown = (
                sv_number(value, 2) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
            )
            out.append(
                _ev(org, _doc_path(cond.field, scope_path), f"{SIGNAL_PREFIX}{describe_condition(cond)} ({shown})")
            )
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


def _noun(rule: Rule) -> str:
    """What the rule is called in its findings: a legal requirement is "kravet"; allmänna råd and
    good practice are "rådet" — never a krav (engine/verdicts.py counts them as råd)."""
    return "kravet" if rule.severity == "legal" else "rådet"


def _base(rule: Rule, book: RuleBook, scope: str, on: dt.date) -> dict[str, Any]:
    """What every finding of ``rule`` in ``scope`` says, whatever its verdict: who, where, which citations."""
    return dict(
        rule=rule.id,
        title=rule.title,
        area=rule.area,
        scope=scope,
        severity=rule.severity,
        references=book.references_on(rule, on),
        requires=list(rule.requires),
    )


def _not_in_force(base: dict[str, Any], rule: Rule, on: dt.date) -> Finding:
    return Finding(
        **base,
        status="not_applicable",
        explanation=f"Ingen av bestämmelserna ({', '.join(rule.references)}) gällde {on.isoformat()}.",
    )


def _units_not_stated(rule: Rule, book: RuleBook, org: LoadedOrg, on: dt.date) -> Finding:
    """A unit-scoped rule when the file does not say which units there are."""
    base = _base(rule, book, "organisation", on)
    if not base["references"]:
        return _not_in_force(base, rule, on)
    return Finding(
        **base,
        status="not_shown",
        explanation=f"Det framgår inte vilka enheter verksamheten har; {_noun(rule)} bedöms för varje enhet.",
        evidence=[_not_stated(org, ("units",))],
    )


def evaluate(
    org: LoadedOrg, rules: RuleBook, date: Optional[dt.date] = None, profile: Optional[str] = None
) -> Assessment:
    """Evaluate ``rules`` (optionally one profile) against ``org`` on ``date``."""
    on, source = resolve_date(org, date)
    root = stated_data(org.model)
    units = sorted(enumerate(root.get("units", [])), key=lambda iu: iu[1]["id"])
    findings: list[Finding] = []
    cache: dict = {}
    for rule in rules.for_evaluation(profile):
        if rule.scope == "unit":
            if "units" not in root:
                findings.append(_units_not_stated(rule, rules, org, on))
            for unit in units:
                findings.append(evaluate_rule(rule, rules, org, root, on, unit, cache=cache))
        else:
            findings.append(evaluate_rule(rule, rules, org, root, on, cache=cache))
    counts: dict[str, int] = {s: 0 for s in STATUSES}
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
