"""JUnit XML: one test case per rule and scope, for CI test-report views.

``pass`` → passed; ``fail``/``partial`` → ``<failure>`` whose text is the
explanation, the evidence positions, the references and the demand;
``error`` → ``<error>`` (the rule could not be evaluated, never a pass);
``not_applicable`` → ``<skipped>``. A finding under an active waiver is not
passing either: it is ``<skipped>`` with the waiver's message (planned action
or documented judgement), and an expired or overdue waiver is a failure whose
message starts with the loud notice. One ``<testsuite>`` per area. No
timestamps or durations, so the bytes are stable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from samosa.engine.findings import Assessment, Finding
from samosa.reporters.common import SEVERITY_LABEL, STATUS_WORD, scope_label
from samosa.rulebook.model import AREA_TITLES


def _details(f: Finding) -> str:
    lines = [f"{f.rule} {f.title}{scope_label(f)}: {STATUS_WORD[f.status]} ({SEVERITY_LABEL[f.severity]})"]
    if f.waiver is not None:
        lines.append(f.waiver.message)
        lines.append(f"Undantag: {f.waiver.file}:{f.waiver.line}:{f.waiver.column}")
    lines.append(f"Varför: {f.explanation}")
    for e in f.evidence:
        lines.append(f"  {e.file}:{e.line}:{e.column}  {e.note}")
    if f.references:
        lines.append(f"Stöd: {', '.join(f.references)}")
    if f.demand:
        lines.append(f"Krav: {f.demand}")
    return "\n".join(lines) + "\n"


def outcome(f: Finding) -> Optional[str]:
    """The JUnit child element for ``f``: None (passed), failure, error or skipped."""
    if f.status == "error":
        return "error"
    if f.status == "not_applicable":
        return "skipped"
    if f.status in ("fail", "partial", "not_shown"):  # not shown fails closed, like a deficiency
        return "skipped" if f.waived else "failure"
    return None


def render_junit(assessment: Assessment, **_: object) -> str:
    a = assessment
    root = ET.Element("testsuites", {"name": f"samosa {a.organisation.name} {a.assessment_date.isoformat()}"})
    by_area: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_area.setdefault(f.area, []).append(f)
    order = list(AREA_TITLES)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for area in sorted(by_area, key=lambda x: (order.index(x) if x in order else len(order), x)):
        findings = sorted(by_area[area], key=lambda f: (f.rule, f.scope))
        counts = {"tests": len(findings), "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.SubElement(root, "testsuite", {"name": AREA_TITLES.get(area, area)})
        for f in findings:
            case = ET.SubElement(
                suite, "testcase", {"classname": f"samosa.{f.area}.{f.rule}", "name": f"{f.rule} {f.scope}"}
            )
            kind = outcome(f)
            if kind is None:
                continue
            counts[{"failure": "failures", "error": "errors", "skipped": "skipped"}[kind]] += 1
            if kind == "skipped" and f.status == "not_applicable":
                message = f.explanation
            elif f.waiver is not None:
                message = f"{f.waiver.message} — {f.explanation}"
            else:
                message = f.explanation
            attrs = {"message": message}
            if kind != "skipped":
                attrs["type"] = f"{f.status}/{f.severity}"
            child = ET.SubElement(case, kind, attrs)
            child.text = _details(f)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    if a.waivers is not None and a.waivers.unused:
        suite = ET.SubElement(root, "testsuite", {"name": f"Undantag ({a.waivers.file})"})
        for u in a.waivers.unused:
            case = ET.SubElement(suite, "testcase", {"classname": "samosa.waivers", "name": f"waiver {u.id}"})
            ET.SubElement(
                case, "skipped", {"message": f"OANVÄNT UNDANTAG {u.id} ({u.rule}): {u.reason}"}
            ).text = f"{u.file}:{u.line}:{u.column}: undantaget {u.id} matchar ingen brist: {u.reason}\n"
        n = len(a.waivers.unused)
        for key, value in {"tests": n, "failures": 0, "errors": 0, "skipped": n}.items():
            suite.set(key, str(value))
            totals[key] += value
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
