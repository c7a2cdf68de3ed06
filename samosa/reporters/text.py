"""Human-readable output for an HR officer: grouped by area, Swedish titles, why and where.

Three levels of detail:

* default — every finding that is not passing in full (why, where, the demand), the
  passing ones summarised in one ``UPPFYLLT`` line per area, not applicable ones
  only counted;
* ``verbose`` — every finding in full;
* ``quiet`` — one ``file:line:col: LABEL RULE title`` line per failing finding and the
  summary (what the pre-commit hook prints).

Every value from an input file goes through :func:`escape_controls`, so control,
bidi and separator characters never reach the terminal raw; colour codes are added
after escaping.
"""

from __future__ import annotations

import os
import textwrap

from samosa.engine.findings import Assessment, Finding
from samosa.engine.verdicts import count
from samosa.rulebook.model import AREA_TITLES
from samosa.source.escaping import escape_controls as esc

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
DATE_SOURCE = {"argument": "angivet med --date", "org_file": "från organisationsfilen", "today": "dagens datum"}
WIDTH = 100  # of the wrapped UPPFYLLT summary lines


def _colour(text: str, code: str, enabled: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if enabled else text


def _scope(f: Finding) -> str:
    return "" if f.scope == "organisation" else f" [{f.scope.removeprefix('unit:')}]"


def _full(f: Finding, colour: bool, verbose: bool) -> list[str]:
    """A finding in full: label line, references, waiver, why and where, the demand."""
    label = _colour(f"{_label(f):<14}", _label_colour(f), colour)
    out = [f"  {label} {esc(f'{f.rule} {f.title}{_scope(f)}')}"]
    if f.references:
        out.append(esc(f"      Stöd: {', '.join(f.references)}"))
    if f.waiver is not None:
        loud = "" if f.waiver.active else "!! "
        out.append(_colour(esc(f"      {loud}{f.waiver.message}"), "1;31" if not f.waiver.active else "36", colour))
        out.append(esc(f"      Undantag: {f.waiver.file}:{f.waiver.line}:{f.waiver.column}"))
    if f.status != "pass" or verbose:
        out.append(esc(f"      Varför: {f.explanation}"))
        out.extend(esc(f"      {e.file}:{e.line}:{e.column}  {e.note}") for e in f.evidence)
    if f.demand:
        out.append(esc(f"      Krav: {f.demand}"))
    return out


def _passing_summary(passing: list[Finding], colour: bool) -> list[str]:
    """One wrapped line naming the passing rules of an area, unit scopes gathered per rule."""
    scopes: dict[str, list[str]] = {}
    for f in passing:
        scopes.setdefault(f.rule, [])
        if f.scope != "organisation":
            scopes[f.rule].append(f.scope.removeprefix("unit:"))
    names = [esc(rule + (f" [{', '.join(units)}]" if units else "")) for rule, units in scopes.items()]
    label = f"{STATUS_LABEL['pass']:<14}"
    lines = textwrap.wrap(
        ", ".join(names),
        width=WIDTH,
        initial_indent=f"  {label} ",
        subsequent_indent=" " * (3 + len(label)),
        break_long_words=False,
        break_on_hyphens=False,
    )
    if colour and lines:
        lines[0] = lines[0].replace(label, _colour(label, STATUS_COLOUR["pass"], True), 1)
    return lines


def _header(a: Assessment) -> list[str]:
    org = a.organisation
    return [
        esc(f"samosa — {org.name}" + (f" ({org.org_number})" if org.org_number else "")),
        esc(
            f"Bedömningsdag: {a.assessment_date.isoformat()} ({DATE_SOURCE[a.date_source]})"
            + (f"   Profil: {a.profile}" if a.profile else "")
        ),
    ]


def _by_area(a: Assessment) -> list[tuple[str, list[Finding]]]:
    by_area: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_area.setdefault(f.area, []).append(f)
    order = sorted(by_area, key=lambda x: AREA_ORDER.index(x) if x in AREA_ORDER else 99)
    return [(area, by_area[area]) for area in order]


def render_text(
    assessment: Assessment, *, colour: bool = False, verbose: bool = False, quiet: bool = False, **_: object
) -> str:
    a = assessment
    if quiet:
        return _render_quiet(a, colour)
    out = _header(a) + [""]
    for area, findings in _by_area(a):
        title = AREA_TITLES.get(area, area)
        out += [esc(title), "-" * len(title)]
        passing: list[Finding] = []
        for f in findings:
            if f.status == "not_applicable" and not verbose:
                continue
            if f.status == "pass" and f.waiver is None and not verbose:
                passing.append(f)
                continue
            out += _full(f, colour, verbose)
        out += _passing_summary(passing, colour)
        out.append("")
    out += _summary(a, colour)
    return "\n".join(out) + "\n"


def _render_quiet(a: Assessment, colour: bool) -> str:
    org = a.organisation
    out = [
        esc(
            f"samosa — {org.name}" + (f" ({org.org_number})" if org.org_number else "") + f" · {org.file} · "
            f"bedömningsdag {a.assessment_date.isoformat()} ({DATE_SOURCE[a.date_source]})"
        )
    ]
    for _, findings in _by_area(a):
        for f in findings:
            if not (f.failing or f.status == "not_shown"):
                continue
            where = f.evidence[0] if f.evidence else None
            at = f"{where.file}:{where.line}:{where.column}" if where else f"{org.file}:1:1"
            label = _colour(_label(f), _label_colour(f), colour)
            out.append(f"{esc(at)}: {label} {esc(f'{f.rule} {f.title}{_scope(f)}')}")
    out += _summary(a, colour)
    return "\n".join(out) + "\n"


def _summary(a: Assessment, colour: bool) -> list[str]:
    out = [f"Sammanfattning: {count(a.findings).sentence()}."]
    out.extend(_waiver_summary(a, colour))
    if a.baseline is not None:
        from samosa.engine.baseline import change_lines

        out.append(esc(f"Baslinje: {a.baseline.known} bedömningar oförändrade sedan {a.baseline.file} visas inte."))
        out.extend(esc(line) for line in change_lines(a.baseline))
    return out


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
        esc(
            f"Undantag ({w.file}): {w.active} gällande, {w.expired} utgångna, {w.overdue} försenade, "
            f"{len(w.unused)} oanvända."
        )
    ]
    if w.expired or w.overdue:
        out.append(_colour("!! Det som utgångna undantag och försenade åtgärder gällde räknas igen.", "1;31", colour))
    for u in w.unused:
        out.append(esc(f"  Oanvänt undantag {u.id} ({u.rule}) {u.file}:{u.line}:{u.column}: {u.reason}"))
    return out


def colour_enabled(stream) -> bool:
    """Colour on a terminal, or anywhere when FORCE_COLOR is set; never when NO_COLOR is set.

    Both follow their conventions (no-color.org, force-color.org): set and not empty
    (``FORCE_COLOR=0`` or ``false`` does not force, as in most tools). NO_COLOR wins
    when both are set; TERM=dumb counts as no terminal.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").lower() not in ("", "0", "false"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()
