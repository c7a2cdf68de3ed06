"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One result per failing finding (``fail``, ``partial``, ``error``), located at
its first evidence in the organisation file; further evidence goes in
``relatedLocations``. Rules carry Swedish help text and the legal references
in force on the assessment date, and link to their rule file (``helpUri``).
Levels follow severity: legal → error,
advice → warning, good_practice → note; ``error`` (not evaluable) is always
``error``. Waivers stay visible: a documented not-applicable judgement becomes
an accepted external suppression; a planned action is *not* suppressed
(it is not compliance) but says so in the message and properties; an expired
waiver is reported as a plain failing result with a loud message. (GitHub code
scanning ignores suppressions: see docs/ci.md.)

``artifactLocation.uri`` is relative to ``root`` — the top of the repository — so
that code scanning finds the file whichever directory samosa ran in. Every string
from an input file has its control and bidi characters made visible
(:mod:`samosa.source.escaping`). No timestamps, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePath
from typing import Any, Optional
from urllib.parse import quote

from samosa._version import PROJECT_URL, __version__
from samosa.engine.findings import Assessment, Evidence, Finding
from samosa.reporters.common import relative_to_root, reported, scope_label
from samosa.rulebook.model import SEVERITY_TITLES, RuleBook
from samosa.source.escaping import escape_all, json_safe
from samosa.source.resources import resource_dir

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"legal": "error", "advice": "warning", "good_practice": "note"}


#: Not shown is reported one step softer than a deficiency of the same severity: it asks for facts.
NOT_SHOWN_LEVEL = {"legal": "warning", "advice": "note", "good_practice": "note"}


def level_of(f: Finding) -> str:
    if f.status == "error":
        return "error"
    if f.status == "not_shown":
        return NOT_SHOWN_LEVEL[f.severity]
    return LEVEL[f.severity]


def _quote(path: str) -> str:
    try:  # a file name that is not UTF-8 arrives as surrogate escapes: percent-encode its bytes
        return quote(path, errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, errors="replace")


def artifact_uri(file: str, root: Optional[Path] = None) -> str:
    """A URI reference for ``file``: relative to ``root`` when below it (what code scanning
    expects), else relative as given when there is no root, else an absolute file URI."""
    relative = relative_to_root(file, root)
    if relative is not None:
        return _quote(relative)
    return "file://" + _quote(Path(file).absolute().as_posix() if root is not None else PurePath(file).as_posix())


def help_uri(book: Optional[RuleBook], rule_id: str) -> Optional[str]:
    """The rule's file in the project's repository, at this version's tag — for bundled rules only."""
    if book is None or rule_id not in book.sources:
        return None
    try:
        relative = Path(book.sources[rule_id].file).resolve().relative_to(resource_dir("rules").resolve())
    except ValueError:
        return None  # a rule pack of the user's own (--rules): we do not know where it is published
    return f"{PROJECT_URL}/blob/v{__version__}/rules/{quote(relative.as_posix())}"


def _location(e: Evidence, ident: Optional[int] = None, root: Optional[Path] = None) -> dict[str, Any]:
    loc: dict[str, Any] = {}
    if ident is not None:
        loc["id"] = ident
    loc["physicalLocation"] = {
        "artifactLocation": {"uri": artifact_uri(e.file, root)},
        "region": {"startLine": max(e.line, 1), "startColumn": max(e.column, 1)},
    }
    loc["message"] = {"text": e.note}
    return loc


def fingerprint(f: Finding) -> str:
    """Stable across edits that move lines: the rule and the scope identify a finding.

    ``surrogatepass``: a lone surrogate in a unit id must not crash the report (same
    bytes as plain UTF-8 for every other string, so fingerprints do not change).
    """
    return hashlib.sha256(f"{f.rule}\x00{f.scope}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def rule_descriptor(rule_id: str, findings: list[Finding], book: Optional[RuleBook], on) -> dict[str, Any]:
    """The reportingDescriptor of ``rule_id`` from its findings, or from the rule book alone.

    ``on`` is the assessment date, or several (a directory): the citations in force on any.
    """
    rule = book.rules.get(rule_id) if book is not None else None
    first: Any = findings[0] if findings else rule
    if rule is not None and book is not None:
        days = on if isinstance(on, (list, tuple)) else [on]
        refs = list(dict.fromkeys(ref for day in days for ref in book.references_on(rule, day)))
    else:
        refs = first.references
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
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": rule_id.replace("-", ""),
        "shortDescription": {"text": first.title},
        "fullDescription": {"text": summary},
    }
    link = help_uri(book, rule_id)
    if link is not None:
        descriptor["helpUri"] = link
    return descriptor | {
        "help": {"text": "\n".join(text), "markdown": "\n".join(md)},
        "defaultConfiguration": {"level": LEVEL[first.severity]},
        "properties": {
            "tags": ["samosa", first.area, first.severity],
            "area": first.area,
            "severity": first.severity,
            "references": list(refs),
        },
    }


def finding_result(f: Finding, index: int, assessment: Assessment, root: Optional[Path] = None) -> dict[str, Any]:
    from samosa.reporters.common import primary_location

    primary = primary_location(assessment, f)
    message = f"{f.title}{scope_label(f)}: {f.explanation}"
    if f.status == "not_shown":
        message = f"Framgår inte — {message}"
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
        "locations": [_location(primary, root=root)],
    }
    if len(f.evidence) > 1:
        result["relatedLocations"] = [_location(e, i, root) for i, e in enumerate(f.evidence[1:], start=1)]
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
                        ),
                        root=root,
                    ),
                }
            ]
    result["properties"] = props
    return result


def driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "samosa",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": PROJECT_URL,
        "language": "sv-SE",
        "rules": rules,
    }


def dumps(log: Any) -> str:
    """The JSON text of (part of) a log, with every string from an input made safe."""
    return json_safe(json.dumps(escape_all(log), ensure_ascii=False, indent=2))


def render_sarif(
    assessment: Assessment, *, rules: Optional[RuleBook] = None, root: Optional[Path] = None, **_: object
) -> str:
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
                    "driver": driver([rule_descriptor(rid, by_rule[rid], rules, a.assessment_date) for rid in rule_ids])
                },
                "language": "sv-SE",
                "columnKind": "unicodeCodePoints",
                "results": [finding_result(f, index[f.rule], a, root) for f in reported(a)],
                "properties": run_props,
            }
        ],
    }
    return dumps(log) + "\n"
