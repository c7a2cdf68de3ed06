"""GitHub Actions workflow commands: one annotation per failing finding.

``::error file=F,line=L,col=C,title=T::message`` puts the finding on the line
of ``org.yaml`` in the pull request. Level follows severity (legal → error,
advice → warning, good_practice → notice; not evaluable → error). Waived
findings stay visible: a planned action or a judgement is a ``notice`` that
says so; an expired waiver is an ``error`` that says so loudly. Unused
waivers are warnings at their line in the waivers file. The last line is a
notice with the summary. Values are escaped as the runner expects (% and LF;
and : and , inside properties), after control and bidi characters from the input
have been made visible — a CR as ``\\x0d``, an ESC as ``\\x1b``, which would
otherwise rewrite or colour the job log.
``file=`` is relative to ``root``, the top of the repository, as the runner expects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from samosa.engine.findings import Assessment, Finding
from samosa.engine.verdicts import count
from samosa.reporters.common import (
    SEVERITY_LABEL,
    STATUS_WORD,
    primary_location,
    relative_to_root,
    reported,
    scope_label,
)
from samosa.source.escaping import escape_controls

LEVEL = {"legal": "error", "advice": "warning", "good_practice": "notice"}


def escape_data(text: str) -> str:
    """The runner's escapes (``%``, LF) after :func:`escape_controls`, which has already
    made CR and every other control visible, so none of them reaches the log raw."""
    return escape_controls(text).replace("%", "%25").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    inner = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {inner}::{escape_data(message)}" if inner else f"::{level}::{escape_data(message)}"


def annotation_path(file: str, root: Optional[Path]) -> str:
    return relative_to_root(file, root) or file


def level_of(f: Finding) -> str:
    if f.status == "error":
        return "error"
    if f.waived:
        return "notice"
    if f.status == "not_shown":  # asks for facts: one step softer than a deficiency
        return "warning" if f.severity == "legal" else "notice"
    return LEVEL[f.severity]


def _message(f: Finding) -> str:
    lines = []
    if f.waiver is not None:
        lines.append(f.waiver.message)
    lines.append(f"{STATUS_WORD[f.status].capitalize()} ({SEVERITY_LABEL[f.severity]}): {f.explanation}")
    for e in f.evidence:
        lines.append(f"{e.file}:{e.line}:{e.column} {e.note}")
    if f.references:
        lines.append(f"Stöd: {', '.join(f.references)}")
    if f.demand:
        lines.append(f"Krav: {f.demand}")
    return "\n".join(lines)


def finding_annotations(assessment: Assessment, root: Optional[Path] = None) -> list[str]:
    """One command per failing finding and per unused waiver (no summary)."""
    a = assessment
    out = []
    for f in reported(a):
        where = primary_location(a, f)
        title = f"{f.rule} {f.title}{scope_label(f)}"
        if f.waiver is not None and not f.waiver.active:
            title = f"{'UTGÅNGET UNDANTAG' if f.waiver.state == 'expired' else 'FÖRSENAD ÅTGÄRD'}: {title}"
        elif f.waiver is not None:
            title = f"{'Planerad åtgärd' if f.waiver.kind == 'planned_action' else 'Bedömt ej tillämpligt'}: {title}"
        out.append(
            command(
                level_of(f),
                _message(f),
                file=annotation_path(where.file, root),
                line=where.line,
                col=where.column,
                title=title,
            )
        )
    if a.waivers is not None:
        for u in a.waivers.unused:
            out.append(
                command(
                    "warning",
                    f"Undantaget {u.id} ({u.rule}) används inte: {u.reason}",
                    file=annotation_path(u.file, root),
                    line=u.line,
                    col=u.column,
                    title=f"Oanvänt undantag {u.id}",
                )
            )
    return out


def render_github(assessment: Assessment, *, root: Optional[Path] = None, **_: object) -> str:
    a = assessment
    out = finding_annotations(a, root)
    summary = f"samosa {a.organisation.name} {a.assessment_date.isoformat()}: {count(a.findings).sentence()}"
    if a.waivers is not None:
        w = a.waivers
        summary += (
            f"; undantag: {w.active} gällande, {w.expired} utgångna, {w.overdue} försenade, {len(w.unused)} oanvända"
        )
    if a.baseline is not None:
        summary += f"; {a.baseline.known} kända sedan {a.baseline.file} utelämnade"
    out.append(command("notice", summary, title="samosa"))
    return "\n".join(out) + "\n"
