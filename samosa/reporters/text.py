"""Human-readable output for an HR officer: grouped by area, Swedish titles, why and where."""

from __future__ import annotations

import os

from samosa.engine.findings import Assessment, Finding
from samosa.engine.verdicts import count
from samosa.rulebook.model import AREA_TITLES

STATUS_LABEL = {
    "pass": "UPPFYLLT",
    "partial": "DELVIS",
    "fail": "BRIST",
    "not_shown": "FRAMGÅR INTE",
    "not_applicable": "EJ TILLÄMPLIGT",
    "error": "FEL",
}
STATUS_COLOUR = {"pass": "32", "partial": "33", "fail": "31", "not_shown": "34", "not_applicable": "2", "error": "35"}
AREA_ORDER = list(AREA_TITLES)


def _colour(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _where(f: Finding, base: str) -> list[str]:
    lines = []
    for e in f.evidence:
        lines.append(f"      {e.file}:{e.line}:{e.column}  {e.note}")
    return lines


def render_text(assessment: Assessment, *, colour: bool = False, verbose: bool = False, **_: object) -> str:
    a = assessment
    src = {"argument": "angivet med --date", "org_file": "från organisationsfilen", "today": "dagens datum"}[
        a.date_source
    ]
    out = [
        f"samosa — {a.organisation.name}" + (f" ({a.organisation.org_number})" if a.organisation.org_number else ""),
        f"Bedömningsdag: {a.assessment_date.isoformat()} ({src})" + (f"   Profil: {a.profile}" if a.profile else ""),
        "",
    ]
    by_area: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_area.setdefault(f.area, []).append(f)
    for area in sorted(by_area, key=lambda x: AREA_ORDER.index(x) if x in AREA_ORDER else 99):
        out.append(AREA_TITLES.get(area, area))
        out.append("-" * len(AREA_TITLES.get(area, area)))
        for f in by_area[area]:
            if f.status == "not_applicable" and not verbose:
                continue
            label = _colour(f"{_label(f):<14}", _label_colour(f), colour)
            scope = "" if f.scope == "organisation" else f" [{f.scope.removeprefix('unit:')}]"
            out.append(f"  {label} {f.rule} {f.title}{scope}")
            if f.references:
                out.append(f"      Stöd: {', '.join(f.references)}")
            if f.waiver is not None:
                loud = "" if f.waiver.active else "!! "
                w = _colour(f"      {loud}{f.waiver.message}", "1;31" if not f.waiver.active else "36", colour)
                out.append(w)
                out.append(f"      Undantag: {f.waiver.file}:{f.waiver.line}:{f.waiver.column}")
            if f.status != "pass" or verbose:
                out.append(f"      Varför: {f.explanation}")
                out.extend(_where(f, ""))
            if f.demand:
                out.append(f"      Krav: {f.demand}")
        out.append("")
    out.append(f"Sammanfattning: {count(a.findings).sentence()}.")
    out.extend(_waiver_summary(a, colour))
    if a.baseline is not None:
        out.append(f"Baslinje: {a.baseline.known} bedömningar oförändrade sedan {a.baseline.file} visas inte.")
    return "\n".join(out) + "\n"


ADVISORY_LABEL = {"advice": "RÅD", "good_practice": "GOD PRAXIS"}
WAIVED_LABEL = {"planned_action": "PLANERAD", "not_applicable": "BEDÖMD EJ TILLÄMPLIG"}


def _label(f: Finding) -> str:
    """Status word; a waived finding says planned/judged, never passing."""
    if f.waiver is not None and f.waiver.active:
        return WAIVED_LABEL[f.waiver.kind]
    if f.status in ("fail", "partial") and f.severity != "legal":
        # Only a legal requirement can be a deficiency AV demands action on.
        return ADVISORY_LABEL[f.severity]
    return STATUS_LABEL[f.status]


def _label_colour(f: Finding) -> str:
    return "36" if f.waiver is not None and f.waiver.active else STATUS_COLOUR[f.status]


def _waiver_summary(a: Assessment, colour: bool) -> list[str]:
    if a.waivers is None:
        return []
    w = a.waivers
    out = [
        f"Undantag ({w.file}): {w.active} gällande, {w.expired} utgångna, {w.overdue} försenade, "
        f"{len(w.unused)} oanvända."
    ]
    if w.expired or w.overdue:
        out.append(_colour("!! Utgångna undantag och försenade åtgärder räknas som brister igen.", "1;31", colour))
    for u in w.unused:
        out.append(f"  Oanvänt undantag {u.id} ({u.rule}) {u.file}:{u.line}:{u.column}: {u.reason}")
    return out


def colour_enabled(stream) -> bool:
    """Colour only on a terminal and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()
