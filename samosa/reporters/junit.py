"""JUnit XML: one test case per rule and scope, for CI test-report views.

``pass`` → passed; ``fail``/``partial`` → ``<failure>`` whose text is the
explanation, the evidence positions, the references and the demand;
``error`` → ``<error>`` (the rule could not be evaluated, never a pass);
``not_applicable`` → ``<skipped>``. A finding under an active waiver is not
passing either: it is ``<skipped>`` with the waiver's message (planned action
or documented judgement), and an expired or overdue waiver is a failure whose
message starts with the loud notice. One ``<testsuite>`` per area. No
timestamps or durations, so the bytes are stable. The root's ``tests``, ``failures``
and ``errors`` are the sums over every suite (the unused-waiver suite included), and
the document is valid against the common JUnit schema, junit-10.xsd
(tests/schemas/). Control characters from the input are made visible, so the
document stays well-formed XML 1.0.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from samosa.engine.findings import Assessment, Finding
from samosa.reporters.common import SEVERITY_LABEL, STATUS_WORD, scope_label
from samosa.rulebook.model import AREA_TITLES
from samosa.source.escaping import escape_controls


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


def _safe(element: ET.Element) -> ET.Element:
    """Every text and attribute made safe for XML 1.0 (no C0 controls, surrogates …), in place."""
    for node in element.iter():
        if node.text:
            node.text = escape_controls(node.text)
        for key, value in node.attrib.items():
            node.attrib[key] = escape_controls(value)
    return element


def _counted(suite: ET.Element, counts: dict[str, int]) -> ET.Element:
    for key, value in counts.items():
        suite.set(key, str(value))
    return suite


def area_suites(assessment: Assessment, *, prefix: str = "", file: Optional[str] = None) -> list[ET.Element]:
    """One ``<testsuite>`` per area with a test case per rule and scope (``prefix`` names the file in a batch)."""
    a = assessment
    by_area: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_area.setdefault(f.area, []).append(f)
    order = list(AREA_TITLES)
    suites = []
    for area in sorted(by_area, key=lambda x: (order.index(x) if x in order else len(order), x)):
        findings = sorted(by_area[area], key=lambda f: (f.rule, f.scope))
        counts = {"tests": len(findings), "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.Element("testsuite", {"name": prefix + AREA_TITLES.get(area, area)})
        if file is not None:
            suite.set("file", file)
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
        suites.append(_safe(_counted(suite, counts)))
    if a.waivers is not None and a.waivers.unused:
        suite = ET.Element("testsuite", {"name": f"{prefix}Undantag ({a.waivers.file})"})
        for u in a.waivers.unused:
            case = ET.SubElement(suite, "testcase", {"classname": "samosa.waivers", "name": f"waiver {u.id}"})
            ET.SubElement(
                case, "skipped", {"message": f"OANVÄNT UNDANTAG {u.id} ({u.rule}): {u.reason}"}
            ).text = f"{u.file}:{u.line}:{u.column}: undantaget {u.id} gäller inget av fynden: {u.reason}\n"
        n = len(a.waivers.unused)
        suites.append(_safe(_counted(suite, {"tests": n, "failures": 0, "errors": 0, "skipped": n})))
    return suites


#: The root's totals; the common JUnit schema (junit-10.xsd) has no ``skipped`` on ``<testsuites>``.
TOTALS = ("tests", "failures", "errors")


def totals(suites: list[ET.Element]) -> dict[str, int]:
    return {key: sum(int(s.get(key, "0")) for s in suites) for key in TOTALS}


def xml_head(name: str, counts: dict[str, int]) -> str:
    """The XML declaration and the opening ``<testsuites>`` tag with its totals."""
    root = _safe(ET.Element("testsuites", {"name": name} | {k: str(counts[k]) for k in TOTALS}))
    opening = ET.tostring(root, encoding="unicode").removesuffix(" />")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + opening + ">"


def suite_xml(suite: ET.Element) -> str:
    """One ``<testsuite>`` serialised as a child of the root (indented by two spaces)."""
    ET.indent(suite, space="  ", level=1)
    return "  " + ET.tostring(suite, encoding="unicode")


def render_junit(assessment: Assessment, **_: object) -> str:
    a = assessment
    suites = area_suites(a)
    name = f"samosa {a.organisation.name} {a.assessment_date.isoformat()}"
    body = "".join("\n" + suite_xml(s) for s in suites)
    return xml_head(name, totals(suites)) + body + ("\n" if suites else "") + "</testsuites>\n"
