"""Render AV's letters and the employer's documents from an assessment.

Seven kinds (``KINDS``): the five letters of AV's escalation chain
(tillsynsmeddelande → begäran om komplettering → inspektionsmeddelande →
underrättelse → föreläggande) and two of the employer's own (a
self-assessment and a reply to an inspektionsmeddelande). Each kind is one
Jinja2 template in ``templates/``, written once and rendered to Markdown or
HTML through a per-format block library (``templates/md/blocks.j2``,
``templates/html/blocks.j2``); PDF is drawn from the HTML with fpdf2
(``samosa.documents.pdf``), which also draws AV's header and footer on every page.

Safety: templates run in a ``SandboxedEnvironment`` with ``StrictUndefined``;
values from the user's files only ever enter as data, never as template
source, so an organisation named ``{{ 7*7 }}`` prints literally. HTML is
autoescaped; for Markdown every string in the context is escaped before
rendering (``md_escape``). As a last guard, a letter that would contain the
free-text description of an incident (which may name people) is refused.

Dates are never "today": each letter takes ``--date`` or the date the
inspection record gives for that letter, and deadlines are counted in Swedish
working days (``samosa.models.workdays``). What the inspector should know but
that does not stop the letter (a citation left out, questionnaire problems
outside the supervised areas) comes back as ``Rendered.warnings``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Optional

from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from samosa.documents.demands import (
    DemandSet,
    DocumentError,
    bases,
    build_demands,
    build_requests,
    citable,
    confirmed_citations,
    refuse_errors,
)
from samosa.documents.kinds import AV_LETTERS, FORMATS, KINDS, NEEDS_INSPECTION  # noqa: F401  (re-exported)
from samosa.documents.objects import NamedObject, describe_missing, join_objects, name_object, name_rules
from samosa.documents.phrasebook import load_phrasebook
from samosa.documents.swedish import (
    MONTHS,  # noqa: F401  (re-exported)
    join_sv,
    keep_together,
    lower_role,
    sv_date,
)
from samosa.documents.templating import environment
from samosa.engine.evaluate import evaluate
from samosa.engine.findings import Assessment, Finding
from samosa.engine.identity import path_of, subject_object
from samosa.engine.verdicts import SCALE_LABELS, count, missing_facts, scale_of_finding
from samosa.models.facts import stated_data
from samosa.models.inspection import (
    AV_POSTAL_ADDRESS,
    EVIDENCE_TITLES,
    QUESTIONNAIRE_TITLES,
    DecidedDemand,
    LoadedInspection,
)
from samosa.models.loading import LoadedOrg
from samosa.models.workdays import add_working_days, is_working_day, non_working_reason
from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, RuleBook
from samosa.rulebook.references import join_citations
from samosa.source.problems import InputError, Problem

#: The self-assessment's answers: the one scale of engine.verdicts, in the order the summary lists them.
ANSWER_ORDER = ("ja", "i_huvudsak", "delvis", "nej", "framgar_inte", "none")

# Which rule areas each questionnaire area speaks to (seed 000, 3.3.1).
QUESTIONNAIRE_RULE_AREAS = {
    "goals_tasks": ("osa",),
    "demands_workload": ("osa",),
    "introduction_knowledge": ("sam", "osa"),
    "support": ("osa",),
    "crisis_support": ("crisis",),
    "threats_violence": ("violence",),
}

# ------------------------------------------------------------------ escaping

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&{}])")
_MD_LEADING = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")


def md_escape(text: str) -> str:
    """Escape ``text`` so Markdown shows it literally, on one line.

    Every character CommonMark could read as markup is backslash-escaped,
    line breaks are folded (a value cannot start a heading or a list), and a
    leading list or heading marker is neutralised.
    """
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LEADING.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), text
    )


def css_string(text: str) -> Markup:
    """``text`` as the inside of a CSS string: every character but letters, digits and a few
    punctuation marks is escaped, so data in a ``<style>`` block cannot end the string or the block."""
    out = []
    for ch in str(text):
        if ch.isalnum() and ord(ch) < 128 or ch in " .,:/-":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return Markup("".join(out))


def _escape_tree(value: Any, escape: Callable[[str], str]) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: _escape_tree(v, escape) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape_tree(v, escape) for v in value]
    return value


def _environment(fmt: str) -> SandboxedEnvironment:
    return environment(html=fmt == "html", css=css_string, code=_code_html if fmt == "html" else _code_md)


_MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>#|~&{}])")


def _code_md(text: str) -> Markup:
    """A key or a position as Markdown code (``text`` arrives escaped; a code span shows it raw)."""
    raw = _MD_UNESCAPE.sub(r"\1", str(text))
    return Markup(f"`{raw}`") if "`" not in raw else Markup(str(text))


def _code_html(text: str) -> Markup:
    return Markup("<code>%s</code>") % text


# ------------------------------------------------------------------ inputs


@dataclass
class Inputs:
    org: LoadedOrg
    book: RuleBook
    inspection: Optional[LoadedInspection] = None
    profile: Optional[str] = None


@dataclass
class Rendered:
    kind: str
    format: str
    date: dt.date
    content: str | bytes
    warnings: list[Problem] = field(default_factory=list)


def _letter_date(kind: str, inputs: Inputs, date: Optional[dt.date]) -> dt.date:
    if date is not None:
        return date
    found: Optional[dt.date]
    if kind == "self_assessment":
        found = inputs.org.model.organisation.assessment_date
    else:
        rec = _record(inputs).model
        found = {
            "tillsynsmeddelande": lambda: rec.dates.tillsynsmeddelande,
            "begaran_om_komplettering": lambda: rec.dates.komplettering,
            "inspektionsmeddelande": lambda: rec.dates.inspektionsmeddelande,
            "underrattelse": lambda: rec.decision.underrattelse_date if rec.decision else None,
            "forelaggande": lambda: rec.decision.decision_date if rec.decision else None,
            "reply": lambda: rec.reply.date if rec.reply else None,
        }[kind]()
    if found is None:
        where = {
            "tillsynsmeddelande": "dates.tillsynsmeddelande",
            "begaran_om_komplettering": "dates.komplettering",
            "inspektionsmeddelande": "dates.inspektionsmeddelande",
            "underrattelse": "decision.underrattelse_date",
            "forelaggande": "decision.decision_date",
            "reply": "reply.date",
            "self_assessment": "organisation.assessment_date in the org file",
        }[kind]
        raise DocumentError(f"{kind} needs a date: give --date or set {where}")
    return found


def findings_date(kind: str, inputs: Inputs, letter: dt.date) -> dt.date:
    """The day the facts were established: the visit, the account, or the letter itself."""
    rec = _record(inputs).model if inputs.inspection else None
    if rec is None or kind in ("tillsynsmeddelande", "self_assessment"):
        return letter
    if kind == "begaran_om_komplettering":
        return rec.dates.account_received or letter
    visits = [gi.date for gi in rec.dates.group_interviews]
    if rec.dates.aterkoppling:
        visits.append(rec.dates.aterkoppling)
    return max(visits) if visits else letter


def _due(explicit: Optional[dt.date], start: dt.date, working_days: int, what: str) -> dt.date:
    due = explicit or add_working_days(start, working_days)
    if due <= start:
        raise DocumentError(f"{what} ({due.isoformat()}) must be after {start.isoformat()}")
    return due


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in ("evidence_text", "text"):
            if isinstance(getattr(type(obj), name, None), property):
                out[name] = getattr(obj, name)
        return out
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="python")
    return obj


def _v(x: Any) -> str:
    """An enum's value (the models may hold either the member or its value)."""
    return x.value if hasattr(x, "value") else str(x)


def _person_line(p: Any) -> str:
    return f"{p.name}, {lower_role(p.title)}"


def _common(kind: str, inputs: Inputs, date: dt.date) -> dict[str, Any]:
    org = inputs.org.model.organisation
    rec = _record(inputs).model if inputs.inspection else None
    emp = rec.employer if rec else None
    copy_to = (
        list(rec.copy_to)
        if rec and rec.copy_to
        else ([org.chief_safety_representative] if org.chief_safety_representative else ["Huvudskyddsombudet"])
    )
    unit_names = {u.id: u.name for u in inputs.org.model.units}
    employer = {
        "name": (emp.name if emp and emp.name else org.name),
        "org_number": (emp.org_number if emp and emp.org_number else org.org_number),
        "address": (emp.address if emp and emp.address else org.address),
        "reference": emp.reference if emp else None,
        "contact": emp.contact if emp else None,
        "board": org.board,
        "administration": org.administration,
    }
    employer_lines = (
        [employer["name"]]
        + ([employer["administration"]] if employer["administration"] else [])
        + ([employer["address"]] if employer["address"] else [])
    )
    ctx: dict[str, Any] = {
        "kind": kind,
        "date": date,
        "employer": employer,
        "copy_to": copy_to,
        "units": [{"id": u.id, "name": u.name, "employees": u.employees} for u in inputs.org.model.units],
        "warnings": [],
    }
    if rec is None:
        return ctx
    case = rec.case
    office = case.office
    postal = office.postal_address or case.av_address or AV_POSTAL_ADDRESS
    ctx["case"] = case.model_dump(mode="python")
    ctx["inspectors"] = [p.model_dump(mode="python") for p in rec.inspectors]
    ctx["inspector_blocks"] = [[p.name, p.title] for p in rec.inspectors]
    ctx["workplace"] = {
        "name": rec.workplace.name,
        "address": rec.workplace.address,
        "cfar": rec.workplace.cfar,
        "units": [unit_names[u] for u in rec.workplace.units],
    }
    ctx["participants"] = list(rec.participants)
    ctx["dates"] = rec.dates.model_dump(mode="python")
    for gi in ctx["dates"]["group_interviews"]:
        gi["unit_names"] = [unit_names[u] for u in gi["units"]]
    ctx["visit_dates"] = sorted({gi.date for gi in rec.dates.group_interviews})
    ctx["av_postal"] = postal
    ctx["footer"] = (
        [f"Postadress: {postal}"]
        + ([f"Besöksadress: {office.visiting_address}"] if office.visiting_address else [])
        + [f"Telefon: {office.switchboard}", f"E-post: {office.email}", f"Webbplats: {office.website}"]
    )
    handlaggare = rec.inspectors[0]
    if kind in AV_LETTERS:
        if not handlaggare.phone:
            raise DocumentError(
                f"the handläggare ({handlaggare.name}, the first of 'inspectors') needs a phone number: "
                "AV's letters give it in the header"
            )
        rows = [["Datum", date.isoformat()], ["Vår beteckning", case.diarienummer]]
        if employer["reference"]:
            rows.append(["Er beteckning", employer["reference"]])
        ctx["head"] = {
            "sender": ["Arbetsmiljöverket", case.region],
            "contact_label": "Handläggare",
            "contact": f"{handlaggare.name}, {handlaggare.phone}",
            "rows": rows,
            "recipient": employer_lines,
            "marking": "Delgivning" if kind == "forelaggande" else None,
        }
        ctx["page"] = {"date": date.isoformat(), "reference": case.diarienummer}
    else:  # the employer writes to AV
        signer = rec.reply.signed_by if rec.reply else None
        rows = [["Datum", date.isoformat()], ["Er beteckning", case.diarienummer]]
        ctx["head"] = {
            "sender": employer_lines,
            "contact_label": "Kontaktperson",
            "contact": (f"{signer.name}" + (f", {signer.phone}" if signer.phone else "")) if signer else None,
            "rows": rows,
            "recipient": ["Arbetsmiljöverket", case.region, postal],
            "marking": None,
        }
        ctx["page"] = {"date": date.isoformat(), "reference": case.diarienummer}
        ctx["footer"] = []
    return ctx


def _demand_set(inputs: Inputs, assessment: Assessment, on: dt.date, **kw) -> DemandSet:
    return build_demands(assessment, inputs.book, inputs.org, inputs.inspection, on, **kw)


def _assess(inputs: Inputs, on: dt.date) -> Assessment:
    assessment = evaluate(inputs.org, inputs.book, date=on, profile=inputs.profile)
    refuse_errors(assessment)
    return assessment


def _citation_text(
    inputs: Inputs, rules: list[str], on: dt.date, what: str, checks: Optional[dict[str, Optional[list[str]]]] = None
) -> tuple[str, list[str]]:
    """The printable legal basis of ``rules`` on ``on`` (law first), and what was left out.

    ``checks`` names, per rule, the failed checks the krav answers (``Demand.basis_checks``):
    the basis is what they rest on; without it, the whole rule.
    """
    refs: list[str] = []
    unverified: set[str] = set()
    verified: set[str] = set()
    for r in rules:
        found, unv = bases(inputs.book.get(r), (checks or {}).get(r), inputs.book, on)
        unverified |= unv
        verified |= set(found) - unv
        for c in found:
            if c not in refs:
                refs.append(c)
    printed, withheld = citable(refs, inputs.book, confirmed_citations(inputs.inspection), unverified - verified)
    if not printed:
        raise DocumentError(
            f"{what} ({join_sv(rules)}) has no printable legal reference in force on {on.isoformat()}"
            + (f"; {', '.join(withheld)} name no paragraph or an unverified one" if withheld else "")
        )
    return join_citations(printed, inputs.book.references), withheld


def _record(inputs: Inputs) -> LoadedInspection:
    """The inspection record of a letter that needs one (``render`` refuses such a letter without it)."""
    if inputs.inspection is None:
        raise DocumentError("this document needs an inspection record: give --inspection FILE")
    return inputs.inspection


def _warn(inputs: Inputs, message: str, path: tuple = ()) -> Problem:
    return _record(inputs).source.problem(path, message)


# ------------------------------------------------------------------ per kind


def _ctx_tillsynsmeddelande(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    """The areas AV most often finds deficient (the phrasebook's ``tillsyn``), never the whole catalogue."""
    rec = _record(inputs).model
    assessment = _assess(inputs, date)
    applicable = {f.rule for f in assessment.findings if f.status != "not_applicable"}
    supervised: set[str] = set(rec.case.areas) or set(AREA_TITLES)
    confirmed = confirmed_citations(inputs.inspection)
    warnings: list[Problem] = []
    items = []
    for item in load_phrasebook().tillsyn:
        if item.area not in supervised or not any(r in applicable for r in item.rules if r in inputs.book.rules):
            continue
        in_force = []
        for c in item.references:
            cite = inputs.book.references.parse(c)
            if cite is not None and inputs.book.references.in_force(cite, date):
                in_force.append(c)
        printed, withheld = citable(in_force, inputs.book, confirmed)
        if not printed:
            warnings.append(
                _warn(
                    inputs,
                    f"the tillsynsmeddelande does not ask about {item.title.lower()}: no paragraph that may be "
                    f"printed is in force on {date.isoformat()}"
                    + (
                        f" ({', '.join(withheld)} are unverified; confirm them under 'confirmed_citations')"
                        if withheld
                        else ""
                    ),
                )
            )
            continue
        items.append(
            {
                "title": item.title,
                "text": " ".join(item.text.split()),
                "references_text": join_citations(printed, inputs.book.references),
                "attach": list(item.attach),
            }
        )
    if not items:
        raise DocumentError(
            "none of the areas a tillsynsmeddelande asks about applies here; there is nothing to ask for"
        )
    due = _due(rec.dates.account_due, date, rec.account.due_working_days, "the account's due date")
    return {
        "items": items,
        "missing": _missing(assessment.findings, inputs, supervised),
        "due": due,
        "basis": join_citations(["7 kap. 3 § arbetsmiljölagen"], inputs.book.references),
        "warnings": warnings,
    }


def _ctx_komplettering(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    rec = _record(inputs).model
    on = findings_date("begaran_om_komplettering", inputs, date)
    assessment = _assess(inputs, on)
    requests = build_requests(assessment, inputs.book, inputs.org, inputs.inspection, date)
    supervised: set[str] = set(rec.case.areas) or set(AREA_TITLES)
    missing = _missing(assessment.findings, inputs, supervised)
    if not requests.demands and not missing:
        raise DocumentError(
            "the written account shows no gap in any legal requirement and leaves nothing out; "
            "there is nothing to ask the employer to complete"
        )
    due = _due(rec.dates.komplettering_due, date, rec.account.completion_working_days, "the completion's due date")
    return {
        "gaps": _plain(requests.demands),
        "missing": missing,
        "due": due,
        "received": rec.dates.account_received,
        "warnings": list(requests.warnings),
    }


def _questionnaire_warnings(inputs: Inputs) -> list[Problem]:
    """Questionnaire areas that may show problems the supervised areas leave without a krav."""
    rec = _record(inputs).model
    if not rec.case.areas:
        return []
    out = []
    for i, q in enumerate(rec.questionnaire):
        shows = _v(q.shows) if q.shows else None
        areas = QUESTIONNAIRE_RULE_AREAS[_v(q.area)]
        if shows != "in_order" and not set(areas) & set(rec.case.areas):
            out.append(
                _warn(
                    inputs,
                    f"the questionnaire answers on {QUESTIONNAIRE_TITLES[_v(q.area)].lower()} "
                    f"({_v(q.area)}) {'show' if shows else 'may show'} problems, but "
                    f"{' and '.join(areas)} {'is' if len(areas) == 1 else 'are'} not among case.areas: no krav "
                    "is made from them; add the area to case.areas, or set shows: in_order",
                    ("questionnaire", i),
                )
            )
    return out


def _ctx_inspektionsmeddelande(inputs: Inputs, date: dt.date) -> tuple[dict[str, Any], DemandSet]:
    rec = _record(inputs).model
    on = findings_date("inspektionsmeddelande", inputs, date)
    demands = _demand_set(inputs, _assess(inputs, on), date)
    weeks = max((d.reply_weeks for d in demands.demands), default=4)
    working = rec.reply_working_days or weeks * 5
    due = _due(rec.dates.reply_due, date, working, "the reply date")
    questionnaire = []
    for q in rec.questionnaire:
        questionnaire.append(
            {"area": q.area, "title": QUESTIONNAIRE_TITLES[q.area], "summary": q.summary, "respondents": q.respondents}
        )
    return {
        "demands": _plain(demands.demands),
        "confirmations": _plain(demands.confirmations),
        "reply_due": due,
        "questionnaire": questionnaire,
        "findings_date": on,
        "warnings": list(demands.warnings) + _questionnaire_warnings(inputs),
    }, demands


def _inspection_letter_date(inputs: Inputs) -> dt.date:
    d = _record(inputs).model.dates.inspektionsmeddelande
    if d is None:
        raise DocumentError("this letter refers to the inspektionsmeddelande: set dates.inspektionsmeddelande")
    return d


def _notice_demands(inputs: Inputs) -> tuple[dt.date, DemandSet]:
    notice = _inspection_letter_date(inputs)
    return notice, _demand_set(inputs, _assess(inputs, findings_date("inspektionsmeddelande", inputs, notice)), notice)


def _decided(inputs: Inputs, decision_on: dt.date, start: dt.date) -> tuple[list[dict[str, Any]], dict]:
    """The measures of an underrättelse or föreläggande: the notice's krav, each with deadline and vite."""
    rec = _record(inputs).model
    dec = rec.decision
    if dec is None:
        raise DocumentError("underrättelse and föreläggande need a 'decision' section in the inspection record")
    notice, ims = _notice_demands(inputs)
    done_rules = {a.demand for a in (rec.reply.answers if rec.reply else []) if _v(a.status) == "done"}
    done = {d.number for r in done_rules if (d := ims.by_rule(r)) is not None}
    chosen = dec.demands or [DecidedDemand(rule=d.rule) for d in ims.demands if d.number not in done]
    out: list[dict[str, Any]] = []
    problems = []
    taken: dict[int, int] = {}
    for i, choice in enumerate(chosen):
        demand = ims.by_rule(choice.rule)
        if demand is None:
            problems.append(
                _record(inputs).source.problem(
                    ("decision", "demands", i, "rule"),
                    f"{choice.rule} is not a demand of the inspektionsmeddelande of {notice.isoformat()}",
                )
            )
            continue
        if demand.number in taken:
            problems.append(
                _record(inputs).source.problem(
                    ("decision", "demands", i, "rule"),
                    f"{choice.rule} is part of krav {demand.number}, which decision.demands already lists",
                )
            )
            continue
        taken[demand.number] = i
        deadline = _due(choice.deadline, start, dec.deadline_working_days, f"the deadline for {choice.rule}")
        references_text, _ = _citation_text(
            inputs, demand.rules, decision_on, f"krav {demand.number}", demand.basis_checks
        )
        out.append(
            {
                "number": len(out) + 1,
                "notice_number": demand.number,
                "rule": demand.rule,
                "rules": list(demand.rules),
                "title": demand.title,
                "actions": [" ".join(choice.text.split())] if choice.text else list(demand.actions),
                "units": demand.units,
                "deficiencies": _plain(demand.deficiencies),
                "evidence_text": demand.evidence_text,
                "references_text": references_text,
                "deadline": deadline,
                "vite_kr": choice.vite_kr,
            }
        )
        n = len(out[-1]["actions"])
        out[-1].update(
            {  # "åtgärden … genomförd" or "åtgärderna … genomförda"
                "measure_word": "åtgärden" if n == 1 else "åtgärderna",
                "done_word": "genomförd" if n == 1 else "genomförda",
            }
        )
    if problems:
        raise InputError(sorted(problems))
    if not out:
        raise DocumentError("no demand remains open, so there is nothing to decide")
    reply = rec.reply
    vite_mode = "joint" if dec.vite_kr else ("per_measure" if all(d["vite_kr"] for d in out) else "none")
    presenter = dec.presenter or rec.inspectors[0]
    info = {
        "notice_date": notice,
        "reply_date": reply.date if reply else None,
        "reply_due": rec.dates.reply_due,
        "vite_mode": Markup(vite_mode),  # a keyword the templates compare, never shown (no Markdown escaping)
        "vite_kr": dec.vite_kr,
        "vite_total": dec.vite_kr or sum(d["vite_kr"] or 0 for d in out) or None,
        "points_range": f"1–{len(out)}" if len(out) > 1 else "1",
        "employer_comments": dec.employer_comments,
        "assessment": dec.assessment,
        "decision_maker": dec.decision_maker.model_dump(mode="python") if dec.decision_maker else None,
        "decision_maker_line": _person_line(dec.decision_maker) if dec.decision_maker else None,
        "presenter": presenter.model_dump(mode="python"),
        "presenter_line": _person_line(presenter),
        "also_present": [_person_line(p) for p in dec.also_present],
        "underrattelse_date": dec.underrattelse_date,
        "appeal_court": dec.appeal_court,
        "immediate": dec.immediate,
        "order_basis": join_citations(["7 kap. 7 § arbetsmiljölagen"], inputs.book.references),
    }
    return out, info


def _ctx_underrattelse(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    dec = _record(inputs).model.decision
    if dec is None:
        raise DocumentError("underrättelse needs a 'decision' section in the inspection record")
    comment_due = _due(dec.comment_due, date, dec.comment_working_days, "the date for comments")
    decision_from = dec.decision_date or comment_due
    demands, info = _decided(inputs, date, decision_from)
    return {"demands": demands, "comment_due": comment_due, **info, "basis": "25 § förvaltningslagen (2017:900)"}


def _ctx_forelaggande(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    demands, info = _decided(inputs, date, date)
    dec = _record(inputs).model.decision
    assert dec is not None  # _decided refuses a record without one
    if info["decision_maker"] is None:
        raise DocumentError("a föreläggande names who decided it: set decision.decision_maker (name and title)")
    if not info["appeal_court"]:
        raise DocumentError(
            "a föreläggande tells how to appeal and to which court: set decision.appeal_court, "
            "e.g. 'Förvaltningsrätten i Härnösand' (the court for the deciding AV office)"
        )
    if dec.presenter is not None and dec.decision_maker is not None and dec.presenter.name == dec.decision_maker.name:
        raise DocumentError("the decision-maker and the föredragande must be different people")
    if dec.underrattelse_date is not None:
        comment_due = _due(dec.comment_due, dec.underrattelse_date, dec.comment_working_days, "the date for comments")
        if date <= comment_due:
            raise DocumentError(
                f"the föreläggande of {date.isoformat()} is dated before the employer's and the skyddsombud's "
                f"time for comments on the underrättelse ran out ({comment_due.isoformat()})"
            )
        announced, _ = _decided(inputs, dec.underrattelse_date, dec.decision_date or comment_due)
        before = {d["rule"]: d for d in announced}
        for d in demands:
            was = before.get(d["rule"])
            if was is None:
                raise DocumentError(
                    f"punkt {d['number']} ({d['title']}) was not in the underrättelse of "
                    f"{dec.underrattelse_date.isoformat()}; the employer must be heard on it first (a new underrättelse)"
                )
            if d["deadline"] < was["deadline"] or (d["vite_kr"] or 0) > (was["vite_kr"] or 0):
                raise DocumentError(
                    f"punkt {d['number']} ({d['title']}) is harder than the underrättelse announced "
                    "(an earlier deadline or a higher vite); send a new underrättelse first"
                )
    return {"demands": demands, **info}


def _answer(f: Finding) -> str:
    return SCALE_LABELS[scale_of_finding(f)]


def _missing(findings: list[Finding], inputs: Inputs, areas: Optional[set[str]] = None) -> list[dict[str, Any]]:
    """What the file does not state that a legal verdict needs, once per key, for the documents to ask for.

    ``note`` is for the person who edits the file (the self-assessment names the key too);
    ``letter`` names the object the way a letter does ("Åtgärden ”…”: det framgår inte …"),
    never by an internal id.
    """
    chosen = [f for f in findings if f.severity == "legal" and (areas is None or f.area in areas)]
    root = stated_data(inputs.org.model)
    unit_names = {u.id: u.name for u in inputs.org.model.units}
    out = []
    for m in missing_facts(chosen):
        letter = describe_missing(root, m.path, unit_names)
        out.append({"note": m.note, "letter": letter, "path": m.path, "where": m.where, "rules": m.rules})
    return out


def _law_and_advice(references: list[str], book: RuleBook) -> dict[str, str]:
    """A finding's citations as the self-assessment prints them: the law and the regulations as
    "Lagstöd", allmänna råd apart as "Vägledning" (a råd is not law, and never printed as Lagstöd)."""
    advice = [r for r in references if getattr(book.citation(r), "advice", None)]
    law = [r for r in references if r not in advice]
    return {
        "references_text": join_citations(law, book.references) if law else "",
        "advice_text": join_citations(advice, book.references) if advice else "",
    }


def _ctx_self_assessment(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    """The self-assessment: answers per area in Swedish words; rule ids, keys and positions in the appendix."""
    assessment = _assess(inputs, date)
    unit_names = {u.id: u.name for u in inputs.org.model.units}
    root = inputs.org.model.model_dump(mode="python")
    titles = {r.id: r.title for r in inputs.book}
    areas = []
    appendix: list[dict[str, Any]] = []
    counts = {SCALE_LABELS[v]: 0 for v in ANSWER_ORDER}
    for area, title in AREA_TITLES.items():
        rows: list[dict[str, Any]] = []
        for f in assessment.findings:
            if f.area != area:
                continue
            answer = _answer(f)
            counts[answer] = counts.get(answer, 0) + 1
            unit = f.scope.split(":", 1)[1] if f.scope.startswith("unit:") else None
            shown = f.status in ("fail", "partial", "not_shown", "error") and bool(f.evidence)
            objects: list[NamedObject] = []
            for subject in f.subjects:
                path = path_of(root, subject_object(subject)) if subject_object(subject) else None
                obj = name_object(root, path, unit_names) if path else None
                if obj is not None and obj.key not in {o.key for o in objects}:
                    objects.append(obj)
            rows.append(
                {
                    "rule": f.rule,
                    "title": f.title,
                    "unit": unit_names.get(unit) if unit else None,
                    "answer": answer,
                    "severity": SEVERITY_TITLES[f.severity],
                    "explanation": name_rules(f.explanation, titles),
                    "objects": join_objects(objects) if objects else "",
                    **_law_and_advice(f.references, inputs.book),
                    "appendix": len(appendix) + 1 if shown else None,
                }
            )
            if shown:
                appendix.append(
                    {
                        "number": len(appendix) + 1,
                        "title": f.title + (f" ({unit_names.get(unit, unit)})" if unit else ""),
                        "rule": f.rule,
                        "scope": f.scope,
                        "evidence": [[f"{e.file}:{e.line}:{e.column}", e.note] for e in f.evidence],
                    }
                )
        if rows:
            table = [[r["title"] + (f" ({r['unit']})" if r["unit"] else ""), r["answer"], r["severity"]] for r in rows]
            areas.append({"title": title, "rows": rows, "table": table})
    missing = _missing(assessment.findings, inputs)
    return {
        "areas": areas,
        "appendix": appendix,
        "counts": [[k, v] for k, v in counts.items()],
        "file": inputs.org.file,
        "profile": inputs.profile,
        "missing": missing,
        "missing_needed": [join_sv(list(dict.fromkeys(titles.get(r, r) for r in m["rules"]))) for m in missing],
        "summary_line": count(assessment.findings).sentence(),
    }


REPLY_STATUS = {
    "done": ("Genomfört", "Vad vi har gjort"),
    "in_progress": ("Pågår", "Vad vi har gjort hittills"),
    "planned": ("Planerat", "Vad vi kommer att göra"),
    "disputed": ("Ifrågasätts", "Vår bedömning"),
}


def _ctx_reply(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    rec = _record(inputs).model
    if rec.reply is None:
        raise DocumentError("a reply needs a 'reply' section in the inspection record")
    notice, ims = _notice_demands(inputs)
    smap = _record(inputs).source
    problems = []
    answers: dict[int, tuple[int, Any]] = {}
    for i, a in enumerate(rec.reply.answers):
        d = ims.by_rule(a.demand)
        if d is None:
            problems.append(
                smap.problem(
                    ("reply", "answers", i, "demand"),
                    f"{a.demand} is not a demand of the inspektionsmeddelande of {notice.isoformat()}",
                )
            )
            continue
        if d.number in answers:
            problems.append(
                smap.problem(
                    ("reply", "answers", i, "demand"),
                    f"{a.demand} is part of krav {d.number}, which another answer already answers",
                )
            )
            continue
        answers[d.number] = (i, a)
        if _v(a.status) == "done" and not a.evidence:
            problems.append(
                smap.problem(
                    ("reply", "answers", i),
                    f"the answer to {a.demand} says done but names no evidence; list what shows it under 'evidence'",
                )
            )
        if _v(a.status) in ("planned", "in_progress") and a.by is None:
            problems.append(
                smap.problem(
                    ("reply", "answers", i),
                    f"the answer to {a.demand} is {_v(a.status)} but says not when: give 'by' "
                    "(the reply tells AV when each measure will be done)",
                )
            )
    for d in ims.demands:
        if d.number not in answers:
            problems.append(
                smap.problem(
                    ("reply",),
                    f"no answer to demand {d.number} ({join_sv(d.rules)}, {d.title}); a reply answers every demand",
                )
            )
    if problems:
        raise InputError(sorted(problems))
    rows = []
    for d in ims.demands:
        a = answers[d.number][1]
        status, label = REPLY_STATUS[_v(a.status)]
        rows.append(
            {
                "number": d.number,
                "title": d.title,
                "rule": d.rule,
                "actions": list(d.actions),
                "status": status,
                "label": label,
                "done": a.done,
                "evidence": list(a.evidence),
                "remaining": a.remaining,
                "by": a.by,
                "finished": _v(a.status) == "done",
            }
        )
    return {
        "answers": rows,
        "notice_date": notice,
        "signed_by": rec.reply.signed_by.model_dump(mode="python"),
        "safety_comment": rec.reply.safety_representative_comment,
    }


TITLES = {
    "tillsynsmeddelande": "Tillsynsmeddelande",
    "begaran_om_komplettering": "Begäran om komplettering",
    "inspektionsmeddelande": "Inspektionsmeddelande",
    "underrattelse": "Underrättelse om föreläggande",
    "forelaggande": "Föreläggande enligt 7 kap. 7 § arbetsmiljölagen",
    "self_assessment": "Självskattning av det systematiska arbetsmiljöarbetet",
    "reply": "Svar på inspektionsmeddelande",
}


def build_context(kind: str, inputs: Inputs, date: Optional[dt.date] = None) -> dict[str, Any]:
    """The data a template sees for ``kind`` (unescaped; for tests and other front ends).

    ``ctx["warnings"]`` holds what the inspector should know (positioned in the
    inspection record where there is a place); templates never print it.
    """
    if kind not in KINDS:
        raise DocumentError(f"unknown document kind {kind!r}; expected one of: {', '.join(KINDS)}")
    if kind in NEEDS_INSPECTION and inputs.inspection is None:
        raise DocumentError(f"{kind} needs an inspection record: give --inspection FILE")
    letter = _letter_date(kind, inputs, date)
    if kind in AV_LETTERS and not is_working_day(letter):
        raise DocumentError(
            f"{letter.isoformat()} is not a working day ({non_working_reason(letter)}); "
            "AV dates its letters on working days"
        )
    ctx = _common(kind, inputs, letter)
    ctx["title"] = TITLES[kind]
    if kind == "inspektionsmeddelande":
        extra, _ = _ctx_inspektionsmeddelande(inputs, letter)
    else:
        extra = {
            "tillsynsmeddelande": _ctx_tillsynsmeddelande,
            "begaran_om_komplettering": _ctx_komplettering,
            "underrattelse": _ctx_underrattelse,
            "forelaggande": _ctx_forelaggande,
            "self_assessment": _ctx_self_assessment,
            "reply": _ctx_reply,
        }[kind](inputs, letter)
    warnings = ctx["warnings"] + extra.pop("warnings", [])
    ctx.update(extra)
    if "missing" in ctx:
        # Letters ask in words; the self-assessment also names the key and where to write it.
        ctx["missing_notes"] = [m["letter"] for m in ctx["missing"]]
        if "missing_needed" in ctx:
            ctx["missing_rows"] = [
                [m["letter"], need] for m, need in zip(ctx["missing"], ctx["missing_needed"], strict=True)
            ]
            ctx["missing_keys"] = [[m["path"], m["where"], ", ".join(m["rules"])] for m in ctx["missing"]]
    unique = {(p.file, p.line, p.column, p.message, p.path): p for p in warnings}
    ctx["warnings"] = [unique[k] for k in sorted(unique, key=lambda k: (k[1], k[2], k[3]))]
    ctx["evidence_titles"] = dict(EVIDENCE_TITLES)
    return ctx


def _sensitive_texts(org: LoadedOrg) -> list[str]:
    """Incident descriptions: free text that may name the people involved."""
    out = []
    for inc in org.model.incidents:
        if inc.description and len(inc.description.strip()) >= 12:
            out.append(" ".join(inc.description.split()))
    return out


def _guard_privacy(text: str, org: LoadedOrg) -> None:
    folded = " ".join(text.split())
    for sensitive in _sensitive_texts(org):
        if sensitive in folded or md_escape(sensitive) in folded:
            raise DocumentError(
                "refusing to render: an incident description (which may name people) would "
                "appear in the document; letters name roles and units only"
            )


def _tidy(text: str) -> str:
    # Trailing whitespace goes, except Markdown's two-space hard line break.
    lines = [line.rstrip() + ("  " if line.endswith("  ") and line.strip() else "") for line in text.splitlines()]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return out + "\n"


def render_text(kind: str, fmt: str, ctx: dict[str, Any], *, for_pdf: bool = False) -> str:
    """Render a context to ``md`` or ``html``; ``for_pdf`` leaves header, recipient and footer to the PDF."""
    env = _environment(fmt)
    data = {k: v for k, v in ctx.items() if k != "warnings"}
    data = _escape_tree(data, md_escape) if fmt == "md" else data
    body = env.get_template(f"{kind}.j2").render(fmt=fmt, for_pdf=for_pdf, **data)
    if fmt == "html":
        body = env.get_template("html/page.j2").render(
            title=ctx["title"], body=Markup(body), lang="sv", page=ctx.get("page"), footer=ctx.get("footer") or []
        )
    return keep_together(_tidy(body))


def render(kind: str, inputs: Inputs, *, fmt: str = "md", date: Optional[dt.date] = None) -> Rendered:
    """Render document ``kind`` in ``fmt`` (md, html or pdf)."""
    if fmt not in FORMATS:
        raise DocumentError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    ctx = build_context(kind, inputs, date)
    if fmt == "pdf":
        from samosa.documents.pdf import Letterhead, html_to_pdf

        env_html = render_text(kind, "html", ctx, for_pdf=True)
        _guard_privacy(env_html, inputs.org)
        head = ctx.get("head")
        letterhead = (
            Letterhead(
                sender=list(head["sender"]),
                contact=f"{head['contact_label']}: {head['contact']}" if head.get("contact") else None,
                rows=[(k, v) for k, v in head["rows"]],
                recipient=list(head["recipient"]),
                footer=list(ctx.get("footer") or []),
            )
            if head
            else None
        )
        content: str | bytes = html_to_pdf(env_html, title=ctx["title"], on=ctx["date"], letterhead=letterhead)
    else:
        content = render_text(kind, fmt, ctx)
        _guard_privacy(content, inputs.org)
    return Rendered(kind=kind, format=fmt, date=ctx["date"], content=content, warnings=list(ctx["warnings"]))


__all__ = [
    "FORMATS",
    "KINDS",
    "Inputs",
    "Rendered",
    "build_context",
    "md_escape",
    "render",
    "render_text",
    "sv_date",
]
