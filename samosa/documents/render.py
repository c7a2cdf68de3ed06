"""Render AV's letters and the employer's documents from an assessment.

Seven kinds (``KINDS``): the five letters of AV's escalation chain
(tillsynsmeddelande → begäran om komplettering → inspektionsmeddelande →
underrättelse → föreläggande) and two of the employer's own (a
self-assessment and a reply to an inspektionsmeddelande). Each kind is one
Jinja2 template in ``templates/``, written once and rendered to Markdown or
HTML through a per-format block library (``templates/md/blocks.j2``,
``templates/html/blocks.j2``); PDF is drawn from the HTML with fpdf2.

Safety: templates run in a ``SandboxedEnvironment`` with ``StrictUndefined``;
values from the user's files only ever enter as data, never as template
source, so an organisation named ``{{ 7*7 }}`` prints literally. HTML is
autoescaped; for Markdown every string in the context is escaped before
rendering (``md_escape``). As a last guard, a letter that would contain the
free-text description of an incident (which may name people) is refused.

Dates are never "today": each letter takes ``--date`` or the date the
inspection record gives for that letter, and deadlines are counted in Swedish
working days (``samosa.workdays``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Optional

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from samosa.documents.demands import (
    DemandSet,
    DocumentError,
    build_demands,
    refuse_errors,
)
from samosa.documents.kinds import AV_LETTERS, FORMATS, KINDS, NEEDS_INSPECTION  # noqa: F401  (re-exported)
from samosa.engine.evaluate import evaluate
from samosa.engine.findings import Assessment, Finding
from samosa.models.inspection import (
    EVIDENCE_TITLES,
    QUESTIONNAIRE_TITLES,
    DecidedDemand,
    LoadedInspection,
)
from samosa.models.loading import LoadedOrg
from samosa.models.workdays import add_working_days, is_working_day, non_working_reason
from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, RuleBook
from samosa.rulebook.references import join_citations
from samosa.source.problems import InputError
from samosa.source.resources import require_resource_dir

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)

ANSWERS = {"pass": "Ja", "mostly": "I huvudsak", "partial": "Delvis", "fail": "Nej", "not_applicable": "Ej tillämplig"}

# What the employer should attach to its written account, per area (seed 000, 4.2).
ACCOUNT_DOCUMENTS = {
    "sam": [
        "arbetsmiljöpolicy och rutiner för det systematiska arbetsmiljöarbetet",
        "skriftlig fördelning av arbetsmiljöuppgifter till chefer",
        "senaste undersökning och riskbedömning med handlingsplan",
        "senaste årliga uppföljning av arbetsmiljöarbetet",
        "rutin för introduktion av nyanställda",
        "rutin för rapportering och utredning av tillbud och arbetsskador",
    ],
    "osa": [
        "undersökning och riskbedömning av arbetsbelastningen med analys av bakomliggande orsaker och handlingsplan",
        "underlag som visar chefernas kunskaper om organisatorisk och social arbetsmiljö",
        "mål för organisatorisk och social arbetsmiljö och rutin mot kränkande särbehandling",
    ],
    "violence": [
        "riskbedömning av våld och hot, inklusive hembesök och arbete utanför lokalerna",
        "säkerhetsrutiner och larmrutiner",
        "beskrivning av besöksrum, reträttvägar och larm",
    ],
    "crisis": ["rutin för första hjälpen och krisstöd"],
    "premises": ["beskrivning av lokalerna och kontroller av larm och ventilation"],
    "general": [],
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


# ------------------------------------------------------------------ filters


def sv_date(day: dt.date) -> str:
    """``2024-06-05`` → ``5 juni 2024``, as AV writes dates in running text."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def kronor(amount: int) -> str:
    """``150000`` → ``150 000``."""
    return f"{amount:,}".replace(",", " ")


def join_sv(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def _environment(fmt: str) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(require_resource_dir("templates"))),
        undefined=StrictUndefined,
        autoescape=(fmt == "html"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(iso=lambda d: d.isoformat(), sv_date=sv_date, kr=kronor, join_sv=join_sv)
    return env


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


def _letter_date(kind: str, inputs: Inputs, date: Optional[dt.date]) -> dt.date:
    if date is not None:
        return date
    rec = inputs.inspection.model if inputs.inspection else None
    source = {
        "tillsynsmeddelande": lambda: rec.dates.tillsynsmeddelande,
        "begaran_om_komplettering": lambda: rec.dates.komplettering,
        "inspektionsmeddelande": lambda: rec.dates.inspektionsmeddelande,
        "underrattelse": lambda: rec.decision.underrattelse_date if rec.decision else None,
        "forelaggande": lambda: rec.decision.decision_date if rec.decision else None,
        "reply": lambda: rec.reply.date if rec.reply else None,
        "self_assessment": lambda: inputs.org.model.organisation.assessment_date,
    }[kind]
    found = source()
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


def _findings_date(kind: str, inputs: Inputs, letter: dt.date) -> dt.date:
    """The day the facts were established: the visit, the account, or the letter itself."""
    rec = inputs.inspection.model if inputs.inspection else None
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
        for name in ("evidence_text",):
            if hasattr(obj, name):
                out[name] = getattr(obj, name)
        return out
    if isinstance(obj, list):
        return [_plain(x) for x in obj]
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="python")
    return obj


def _common(kind: str, inputs: Inputs, date: dt.date) -> dict[str, Any]:
    org = inputs.org.model.organisation
    rec = inputs.inspection.model if inputs.inspection else None
    emp = rec.employer if rec else None
    copy_to = (
        list(rec.copy_to)
        if rec and rec.copy_to
        else ([org.chief_safety_representative] if org.chief_safety_representative else ["Huvudskyddsombudet"])
    )
    unit_names = {u.id: u.name for u in inputs.org.model.units}
    ctx: dict[str, Any] = {
        "kind": kind,
        "date": date,
        "employer": {
            "name": (emp.name if emp and emp.name else org.name),
            "org_number": (emp.org_number if emp and emp.org_number else org.org_number),
            "address": (emp.address if emp and emp.address else org.address),
            "reference": emp.reference if emp else None,
            "contact": emp.contact if emp else None,
            "board": org.board,
            "administration": org.administration,
        },
        "copy_to": copy_to,
        "units": [{"id": u.id, "name": u.name, "employees": u.employees} for u in inputs.org.model.units],
    }
    if rec is not None:
        ctx["case"] = rec.case.model_dump(mode="python")
        ctx["inspectors"] = [p.model_dump(mode="python") for p in rec.inspectors]
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
    return ctx


def _demand_set(inputs: Inputs, assessment: Assessment, on: dt.date, **kw) -> DemandSet:
    return build_demands(assessment, inputs.book, inputs.org, inputs.inspection, on, **kw)


def _assess(inputs: Inputs, on: dt.date) -> Assessment:
    assessment = evaluate(inputs.org, inputs.book, date=on, profile=inputs.profile)
    refuse_errors(assessment)
    return assessment


# ------------------------------------------------------------------ per kind


def _ctx_tillsynsmeddelande(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    rec = inputs.inspection.model
    assessment = _assess(inputs, date)
    applicable = {f.rule for f in assessment.findings if f.status != "not_applicable"}
    areas = []
    supervised = set(rec.case.areas) or set(AREA_TITLES)
    for area, title in AREA_TITLES.items():
        if area not in supervised:
            continue
        items = []
        for rule in inputs.book.for_evaluation(inputs.profile):
            if rule.area != area or rule.severity != "legal" or rule.id not in applicable:
                continue
            refs = inputs.book.references_on(rule, date)
            if refs:
                items.append(
                    {
                        "rule": rule.id,
                        "title": rule.title,
                        "summary": " ".join(rule.summary.split()),
                        "references_text": join_citations(refs, inputs.book.references),
                    }
                )
        if items:
            areas.append({"area": area, "title": title, "items": items, "documents": ACCOUNT_DOCUMENTS.get(area, [])})
    if not areas:
        raise DocumentError("no legal requirement applies on this date; there is nothing to account for")
    due = _due(rec.dates.account_due, date, rec.account.due_working_days, "the account's due date")
    return {
        "areas": areas,
        "due": due,
        "basis": join_citations(["7 kap. 3 § arbetsmiljölagen"], inputs.book.references),
    }


def _ctx_komplettering(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    rec = inputs.inspection.model
    on = _findings_date("begaran_om_komplettering", inputs, date)
    demands = _demand_set(
        inputs, _assess(inputs, on), date, include_account_gaps=True, include_observations=False, apply_decisions=False
    )
    if not demands.demands:
        raise DocumentError(
            "the written account shows no gap in any legal requirement; "
            "there is nothing to ask the employer to complete"
        )
    due = _due(rec.dates.komplettering_due, date, rec.account.completion_working_days, "the completion's due date")
    return {"gaps": _plain(demands.demands), "due": due, "received": rec.dates.account_received}


def _ctx_inspektionsmeddelande(inputs: Inputs, date: dt.date) -> tuple[dict[str, Any], DemandSet]:
    rec = inputs.inspection.model
    on = _findings_date("inspektionsmeddelande", inputs, date)
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
    }, demands


def _inspection_letter_date(inputs: Inputs) -> dt.date:
    d = inputs.inspection.model.dates.inspektionsmeddelande
    if d is None:
        raise DocumentError("this letter refers to the inspektionsmeddelande: set dates.inspektionsmeddelande")
    return d


def _decided(inputs: Inputs, decision_on: dt.date, start: dt.date) -> tuple[list[dict[str, Any]], dict]:
    """Demands carried into an underrättelse or föreläggande, with deadline and vite."""
    rec = inputs.inspection.model
    dec = rec.decision
    if dec is None:
        raise DocumentError("underrättelse and föreläggande need a 'decision' section in the inspection record")
    notice = _inspection_letter_date(inputs)
    ims = _demand_set(inputs, _assess(inputs, _findings_date("inspektionsmeddelande", inputs, notice)), notice)
    done = {a.demand for a in (rec.reply.answers if rec.reply else []) if a.status == "done"}
    chosen = dec.demands or [DecidedDemand(rule=d.rule) for d in ims.demands if d.rule not in done]
    out = []
    problems = []
    for i, choice in enumerate(chosen):
        demand = ims.by_rule(choice.rule)
        if demand is None:
            problems.append(
                inputs.inspection.source.problem(
                    ("decision", "demands", i, "rule"),
                    f"{choice.rule} is not a demand of the inspektionsmeddelande of {notice.isoformat()}",
                )
            )
            continue
        deadline = _due(choice.deadline, start, dec.deadline_working_days, f"the deadline for {choice.rule}")
        refs = inputs.book.references_on(inputs.book.get(choice.rule), decision_on)
        if not refs:
            raise DocumentError(f"{choice.rule} has no legal reference in force on {decision_on.isoformat()}")
        out.append(
            {
                "number": len(out) + 1,
                "notice_number": demand.number,
                "rule": demand.rule,
                "title": demand.title,
                "text": " ".join((choice.text or demand.text).split()),
                "units": demand.units,
                "deficiencies": _plain(demand.deficiencies),
                "evidence_text": demand.evidence_text,
                "references_text": join_citations(refs, inputs.book.references),
                "deadline": deadline,
                "vite_kr": choice.vite_kr,
            }
        )
    if problems:
        raise InputError(sorted(problems))
    if not out:
        raise DocumentError("no demand remains open, so there is nothing to decide")
    reply = rec.reply
    info = {
        "notice_date": notice,
        "reply_date": reply.date if reply else None,
        "reply_due": rec.dates.reply_due,
        "vite_kr": dec.vite_kr,
        "vite_total": dec.vite_kr or sum(d["vite_kr"] or 0 for d in out) or None,
        "employer_comments": dec.employer_comments,
        "assessment": dec.assessment,
        "decision_maker": dec.decision_maker.model_dump(mode="python") if dec.decision_maker else None,
        "underrattelse_date": dec.underrattelse_date,
    }
    return out, info


def _ctx_underrattelse(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    dec = inputs.inspection.model.decision
    if dec is None:
        raise DocumentError("underrättelse needs a 'decision' section in the inspection record")
    comment_due = _due(dec.comment_due, date, dec.comment_working_days, "the date for comments")
    decision_from = dec.decision_date or comment_due
    demands, info = _decided(inputs, date, decision_from)
    return {
        "demands": demands,
        "comment_due": comment_due,
        **info,
        "basis": "25 § förvaltningslagen (2017:900)",
        "order_basis": join_citations(["7 kap. 7 § arbetsmiljölagen"], inputs.book.references),
    }


def _ctx_forelaggande(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    demands, info = _decided(inputs, date, date)
    if info["decision_maker"] is None:
        raise DocumentError("a föreläggande is signed by the decision-maker: set decision.decision_maker")
    return {
        "demands": demands,
        **info,
        "order_basis": join_citations(["7 kap. 7 § arbetsmiljölagen"], inputs.book.references),
    }


def _answer(f: Finding) -> str:
    if f.status == "partial":
        passed = sum(1 for c in f.checks if c.outcome == "pass")
        failed = sum(1 for c in f.checks if c.outcome == "fail")
        return ANSWERS["mostly"] if passed > failed else ANSWERS["partial"]
    return ANSWERS[f.status]


def _ctx_self_assessment(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    assessment = _assess(inputs, date)
    unit_names = {u.id: u.name for u in inputs.org.model.units}
    areas = []
    counts = {v: 0 for v in ANSWERS.values()}
    for area, title in AREA_TITLES.items():
        rows = []
        for f in assessment.findings:
            if f.area != area:
                continue
            answer = _answer(f)
            counts[answer] += 1
            unit = f.scope.split(":", 1)[1] if f.scope.startswith("unit:") else None
            rows.append(
                {
                    "rule": f.rule,
                    "title": f.title,
                    "unit": unit_names.get(unit) if unit else None,
                    "answer": answer,
                    "severity": SEVERITY_TITLES[f.severity],
                    "explanation": f.explanation,
                    "references_text": join_citations(f.references, inputs.book.references) if f.references else "",
                    "evidence": [f"{e.file}:{e.line}:{e.column} {e.note}" for e in f.evidence]
                    if f.status != "pass"
                    else [],
                }
            )
        if rows:
            table = [[r["title"] + (f" ({r['unit']})" if r["unit"] else ""), r["answer"], r["severity"]] for r in rows]
            areas.append({"title": title, "rows": rows, "table": table})
    return {
        "areas": areas,
        "counts": [[k, v] for k, v in counts.items()],
        "file": inputs.org.file,
        "profile": inputs.profile,
    }


def _ctx_reply(inputs: Inputs, date: dt.date) -> dict[str, Any]:
    rec = inputs.inspection.model
    if rec.reply is None:
        raise DocumentError("a reply needs a 'reply' section in the inspection record")
    notice = _inspection_letter_date(inputs)
    ims = _demand_set(inputs, _assess(inputs, _findings_date("inspektionsmeddelande", inputs, notice)), notice)
    answers = {a.demand: (i, a) for i, a in enumerate(rec.reply.answers)}
    problems = []
    smap = inputs.inspection.source
    for rule, (i, _) in answers.items():
        if ims.by_rule(rule) is None:
            problems.append(
                smap.problem(
                    ("reply", "answers", i, "demand"),
                    f"{rule} is not a demand of the inspektionsmeddelande of {notice.isoformat()}",
                )
            )
    for rule, (i, a) in answers.items():
        if a.status == "done" and not a.evidence:
            problems.append(
                smap.problem(
                    ("reply", "answers", i),
                    f"the answer to {rule} says done but names no evidence; list what shows it under 'evidence'",
                )
            )
    for d in ims.demands:
        if d.rule not in answers:
            problems.append(
                smap.problem(
                    ("reply",), f"no answer to demand {d.number} ({d.rule}, {d.title}); a reply answers every demand"
                )
            )
    if problems:
        raise InputError(sorted(problems))
    status_titles = {"done": "Genomfört", "in_progress": "Pågår", "planned": "Planerat", "disputed": "Ifrågasätts"}
    rows = []
    for d in ims.demands:
        a = answers[d.rule][1]
        rows.append(
            {
                "number": d.number,
                "title": d.title,
                "rule": d.rule,
                "demand": d.text,
                "status": status_titles[a.status],
                "done": a.done,
                "evidence": list(a.evidence),
                "remaining": a.remaining,
                "by": a.by,
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
    """The data a template sees for ``kind`` (unescaped; for tests and other front ends)."""
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
    ctx.update(extra)
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


def render_text(kind: str, fmt: str, ctx: dict[str, Any]) -> str:
    """Render a context to ``md`` or ``html`` (the body of a PDF is ``html``)."""
    env = _environment(fmt)
    data = _escape_tree(ctx, md_escape) if fmt == "md" else ctx
    body = env.get_template(f"{kind}.j2").render(fmt=fmt, **data)
    if fmt == "html":
        body = env.get_template("html/page.j2").render(title=ctx["title"], body=Markup(body), lang="sv")
    return _tidy(body)


def render(kind: str, inputs: Inputs, *, fmt: str = "md", date: Optional[dt.date] = None) -> Rendered:
    """Render document ``kind`` in ``fmt`` (md, html or pdf)."""
    if fmt not in FORMATS:
        raise DocumentError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    ctx = build_context(kind, inputs, date)
    if fmt == "pdf":
        from samosa.documents.pdf import html_to_pdf

        env_html = render_text(kind, "html", ctx)
        _guard_privacy(env_html, inputs.org)
        content: str | bytes = html_to_pdf(env_html, title=ctx["title"], on=ctx["date"])
    else:
        content = render_text(kind, fmt, ctx)
        _guard_privacy(content, inputs.org)
    return Rendered(kind=kind, format=fmt, date=ctx["date"], content=content)


__all__ = ["FORMATS", "KINDS", "Inputs", "Rendered", "build_context", "md_escape", "render", "render_text"]
