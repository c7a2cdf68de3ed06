"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One result per failing finding (``fail``, ``partial``, ``error``), located at
its first evidence in the organisation file; further evidence goes in
``relatedLocations``. Rules carry Swedish help text and the legal references
in force on the assessment date. Levels follow severity: legal → error,
advice → warning, good_practice → note; ``error`` (not evaluable) is always
``error``. Waivers stay visible: a documented not-applicable judgement becomes
an accepted external suppression; a planned action is *not* suppressed
(it is not compliance) but says so in the message and properties; an expired
waiver is reported as a plain failing result with a loud message.
No timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import Any, Optional
from urllib.parse import quote

from samosa._version import __version__
from samosa.engine.findings import Assessment, Evidence, Finding
from samosa.reporters.common import reported, scope_label
from samosa.rulebook.model import SEVERITY_TITLES, RuleBook

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"legal": "error", "advice": "warning", "good_practice": "note"}


def level_of(f: Finding) -> str:
    return "error" if f.status == "error" else LEVEL[f.severity]


def artifact_uri(file: str) -> str:
    """A URI reference for ``file``: relative paths stay relative (what code scanning expects)."""
    p = PurePath(file)
    if p.is_absolute():
        return "file://" + quote(p.as_posix())
    return quote(p.as_posix())


def _location(e: Evidence, ident: Optional[int] = None) -> dict[str, Any]:
    loc: dict[str, Any] = {}
    if ident is not None:
        loc["id"] = ident
    loc["physicalLocation"] = {
        "artifactLocation": {"uri": artifact_uri(e.file)},
        "region": {"startLine": max(e.line, 1), "startColumn": max(e.column, 1)},
    }
    loc["message"] = {"text": e.note}
    return loc


def fingerprint(f: Finding) -> str:
    """Stable across edits that move lines: the rule and the scope identify a finding."""
    return hashlib.sha256(f"{f.rule}\x00{f.scope}".encode()).hexdigest()[:32]


def _rule_descriptor(rule_id: str, findings: list[Finding], book: Optional[RuleBook], on) -> dict[str, Any]:
    first = findings[0]
    rule = book.rules.get(rule_id) if book is not None else None
    refs = book.references_on(rule, on) if rule is not None else first.references
    summary = rule.summary.strip() if rule is not None else first.title
    demand = rule.demand.strip() if rule is not None else next((f.demand for f in findings if f.demand), None)
    basis = ", ".join(refs) if refs else "ingen bestämmelse i kraft på bedömningsdagen"
    kind = SEVERITY_TITLES[first.severity]
    text = [f"{first.title} ({kind}). Stöd: {basis}.", "", summary]
    md = [f"**{first.title}** ({kind})", "", f"**Stöd:** {basis}", "", summary]
    if demand and first.severity == "legal":
        weeks = rule.reply_weeks if rule is not None else first.reply_weeks
        text += ["", f"Krav som Arbetsmiljöverket kan ställa: {demand}"]
        md += ["", f"**Krav:** {demand}"]
        if weeks:
            text.append(f"Normal svarstid: {weeks} veckor.")
            md.append(f"*Normal svarstid: {weeks} veckor.*")
    return {
        "id": rule_id,
        "name": rule_id.replace("-", ""),
        "shortDescription": {"text": first.title},
        "fullDescription": {"text": summary},
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": LEVEL[first.severity]},
        "properties": {
            "tags": ["samosa", first.area, first.severity],
            "area": first.area,
            "severity": first.severity,
            "references": list(refs),
        },
    }


def _result(f: Finding, index: int, assessment: Assessment) -> dict[str, Any]:
    from samosa.reporters.common import primary_location

    primary = primary_location(assessment, f)
    message = f"{f.title}{scope_label(f)}: {f.explanation}"
    if f.references:
        message += f" Stöd: {', '.join(f.references)}."
    if f.waiver is not None:
        message = f"{f.waiver.message} — {message}"
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "kind": "fail",
        "level": level_of(f),
        "message": {"text": message},
        "locations": [_location(primary)],
    }
    if len(f.evidence) > 1:
        result["relatedLocations"] = [_location(e, i) for i, e in enumerate(f.evidence[1:], start=1)]
    result["partialFingerprints"] = {"samosaFinding/v1": fingerprint(f)}
    props: dict[str, Any] = {
        "scope": f.scope,
        "status": f.status,
        "severity": f.severity,
        "references": f.references,
    }
    if f.demand:
        props["demand"] = f.demand
        props["replyWeeks"] = f.reply_weeks
    if f.waiver is not None:
        props["waiver"] = f.waiver.model_dump(mode="json")
        if f.waiver.active and f.waiver.kind == "not_applicable":
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": f"{f.waiver.reason} (bedömt av {f.waiver.judged_by} {f.waiver.judged_on}, "
                    f"gäller t.o.m. {f.waiver.expires})",
                    "location": _location(
                        Evidence(
                            file=f.waiver.file,
                            line=f.waiver.line,
                            column=f.waiver.column,
                            note=f"undantag {f.waiver.id}",
                        )
                    ),
                }
            ]
    result["properties"] = props
    return result


def render_sarif(assessment: Assessment, *, rules: Optional[RuleBook] = None, **_: object) -> str:
    a = assessment
    by_rule: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_rule.setdefault(f.rule, []).append(f)
    rule_ids = sorted(by_rule)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    run_props: dict[str, Any] = {
        "assessmentDate": a.assessment_date.isoformat(),
        "dateSource": a.date_source,
        "organisation": a.organisation.name,
        "summary": a.summary.by_status,
    }
    if a.profile:
        run_props["profile"] = a.profile
    if a.waivers is not None:
        run_props["waivers"] = a.waivers.model_dump(mode="json")
    if a.baseline is not None:
        run_props["baseline"] = a.baseline.model_dump(mode="json")
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "samosa",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "language": "sv-SE",
                        "rules": [_rule_descriptor(rid, by_rule[rid], rules, a.assessment_date) for rid in rule_ids],
                    }
                },
                "language": "sv-SE",
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule], a) for f in reported(a)],
                "properties": run_props,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
