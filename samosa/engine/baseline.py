"""Since last time: compare an assessment with a previous one, per finding identity.

The previous assessment is either an earlier ``samosa check --format json``
output or an earlier org file (evaluated with the same rules on its own
assessment date). Findings are compared by identity — rule, scope and, for a
failing finding, its ``subjects`` (the items each failed check found at fault,
:mod:`samosa.engine.identity`) — so a new unreported serious incident under a
rule that was already failing is *new*, and one that is now reported is
*resolved*, even though the rule fails both times.

Each difference is a :class:`Change`: ``new``, ``resolved``, ``improved``,
``worse`` or ``unclear`` (the file no longer shows it). ``--baseline`` keeps
the findings with something new, worse or unclear (and every ``error``: a rule
that cannot be evaluated is never quietly accepted), so CI fails on what gets
worse and not on the backlog; the full list of changes, improvements included,
is in ``baseline.changes``. A JSON baseline written before findings had
subjects is compared by rule, scope and status only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from samosa.engine.findings import CHANGE_KINDS, Assessment, BaselineReport, Change, Finding, Summary
from samosa.source.problems import InputError, Problem

if TYPE_CHECKING:
    from samosa.models.loading import LoadedOrg
    from samosa.rulebook.model import RuleBook

FAILING = ("fail", "partial")
OK = ("pass", "not_applicable")
Key = tuple[str, str]


@dataclass(frozen=True)
class Previous:
    """One finding of the previous assessment, as far as a comparison needs it."""

    rule: str
    scope: str
    status: str
    title: str
    area: str
    severity: str
    #: ``None``: the baseline predates subjects (compare by status only).
    subjects: Optional[tuple[str, ...]]


@dataclass
class Baseline:
    """The previous assessment: its findings by (rule, scope), its date and, for an org file, the org."""

    file: str
    findings: dict[Key, Previous]
    date: Optional[dt.date] = None
    org: Optional[LoadedOrg] = None
    assessment: Optional[Assessment] = None
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ loading


def _read(path: Path | str) -> str:
    name = str(path)
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "baseline file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(name, 1, 1, f"cannot read baseline: {exc}")]) from None


def load_baseline(
    path: Path | str, book: Optional[RuleBook] = None, profile: Optional[str] = None, date: Optional[dt.date] = None
) -> Baseline:
    """Read a previous JSON result, or evaluate a previous org file with ``book``; ``InputError`` if neither.

    An org file is assessed on its own ``assessment_date`` (else ``date``), so
    last year's file is judged as it stood last year.
    """
    text = _read(path)
    if text.lstrip().startswith(("{", "[")) or str(path).endswith(".json"):
        return _from_json(str(path), text)
    if book is None:
        raise InputError([Problem(str(path), 1, 1, "an org file as baseline needs the rule pack")])
    return _from_org(path, text, book, profile, date)


def _from_json(name: str, text: str) -> Baseline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(name, exc.lineno, exc.colno, f"baseline is not valid JSON: {exc.msg}")]) from None
    findings = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(findings, list):
        raise InputError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "baseline must be the output of 'samosa check --format json' (an object with a 'findings' list) "
                    "or an earlier org file",
                )
            ]
        )
    out: dict[Key, Previous] = {}
    for i, f in enumerate(findings):
        if not (isinstance(f, dict) and all(isinstance(f.get(k), str) for k in ("rule", "scope", "status"))):
            raise InputError([Problem(name, 1, 1, f"findings[{i}] has no rule, scope and status")])
        subjects = f.get("subjects")
        if isinstance(subjects, list) and all(isinstance(s, str) for s in subjects):
            subs: Optional[tuple[str, ...]] = tuple(sorted(subjects))
        else:
            subs = None if f["status"] in FAILING else ()
        out[(f["rule"], f["scope"])] = Previous(
            rule=f["rule"],
            scope=f["scope"],
            status=f["status"],
            title=str(f.get("title") or f["rule"]),
            area=str(f.get("area") or ""),
            severity=str(f.get("severity") or "legal"),
            subjects=subs,
        )
    date = None
    if isinstance(data.get("assessment_date"), str):
        try:
            date = dt.date.fromisoformat(data["assessment_date"])
        except ValueError:
            date = None
    return Baseline(file=name, findings=out, date=date)


def _from_org(path: Path | str, text: str, book: RuleBook, profile: Optional[str], date: Optional[dt.date]) -> Baseline:
    from samosa.engine.evaluate import evaluate
    from samosa.models.loading import load_org

    org = load_org(path, text)
    own = org.model.organisation.assessment_date
    assessment = evaluate(org, book, date=own or date, profile=profile)
    notes = [] if own else ["det tidigare underlaget anger ingen bedömningsdag; samma dag som nu används"]
    return Baseline(
        file=str(path),
        findings={(f.rule, f.scope): previous_of(f) for f in assessment.findings},
        date=assessment.assessment_date,
        org=org,
        assessment=assessment,
        notes=notes,
    )


def previous_of(f: Finding) -> Previous:
    return Previous(f.rule, f.scope, f.status, f.title, f.area, f.severity, tuple(f.subjects))


def baseline_of(assessment: Assessment, file: str = "") -> Baseline:
    """An assessment already in hand, as a baseline (for the library and tests)."""
    return Baseline(
        file=file,
        findings={(f.rule, f.scope): previous_of(f) for f in assessment.findings},
        date=assessment.assessment_date,
        assessment=assessment,
    )


# ------------------------------------------------------------------ comparing


def _change(kind: str, p: Optional[Previous], c: Optional[Finding], subject: Optional[str] = None) -> Change:
    src = c if c is not None else p
    assert src is not None
    return Change.model_validate(
        {
            "kind": kind,
            "rule": src.rule,
            "title": src.title,
            "area": src.area,
            "scope": src.scope,
            "severity": src.severity,
            "subject": subject,
            "before": p.status if p else None,
            "now": c.status if c else None,
        }
    )


def _each(kind: str, p: Optional[Previous], c: Optional[Finding], subjects: Iterable[str]) -> list[Change]:
    """One change per subject; one for the whole finding when it names none."""
    subjects = list(subjects)
    return [_change(kind, p, c, s) for s in subjects] or [_change(kind, p, c)]


def compare_finding(p: Optional[Previous], c: Optional[Finding]) -> list[Change]:
    """What changed for one (rule, scope) between ``p`` (then) and ``c`` (now)."""
    before = p.status if p else None
    now = c.status if c else None
    if now == "error":
        return [] if before == "error" else [_change("worse", p, c)]
    if now in FAILING:
        assert c is not None
        if before not in FAILING:
            return _each("new", p, c, c.subjects)
        assert p is not None
        if p.subjects is not None:
            then, current = set(p.subjects), set(c.subjects)
            out = [_change("new", p, c, s) for s in sorted(current - then)]
            out += [_change("resolved", p, c, s) for s in sorted(then - current)]
            if out:
                return out
        if before == "fail" and now == "partial":
            return [_change("improved", p, c)]
        if before == "partial" and now == "fail":
            return [_change("worse", p, c)]
        return []
    if now == "not_shown":
        return [] if before == "not_shown" else [_change("unclear", p, c)]
    if now in OK:
        if before in FAILING:
            assert p is not None
            return _each("resolved", p, c, p.subjects or ())
        if before in ("not_shown", "error"):
            return [_change("improved", p, c)]
        return []
    # not assessed now (a unit or a rule that is gone): its deficiencies are no longer there
    if before in FAILING:
        assert p is not None
        return _each("resolved", p, c, p.subjects or ())
    return []


def compare(previous: Baseline, assessment: Assessment) -> list[Change]:
    """Every change from ``previous`` to ``assessment``, ordered by rule, scope, kind and subject."""
    current = {(f.rule, f.scope): f for f in assessment.findings}
    out: list[Change] = []
    for key in sorted(set(current) | set(previous.findings)):
        out += compare_finding(previous.findings.get(key), current.get(key))
    order = {k: i for i, k in enumerate(CHANGE_KINDS)}
    out.sort(key=lambda ch: (ch.rule, ch.scope, order[ch.kind], ch.subject or ""))
    return out


def change_counts(changes: Iterable[Change]) -> dict[str, int]:
    counts = {k: 0 for k in CHANGE_KINDS}
    for ch in changes:
        counts[ch.kind] += 1
    return counts


#: Changes that keep a finding in a ``--baseline`` run (and so can fail CI).
KEEPS = ("new", "worse", "unclear")


def apply_baseline(assessment: Assessment, previous: Baseline) -> Assessment:
    """Keep the findings with something new, worse or unclear (and errors); record every change."""
    changes = compare(previous, assessment)
    keep = {(ch.rule, ch.scope) for ch in changes if ch.kind in KEEPS}
    kept = [f for f in assessment.findings if f.status == "error" or (f.rule, f.scope) in keep]
    counts = {s: 0 for s in assessment.summary.by_status}
    for f in kept:
        counts[f.status] = counts.get(f.status, 0) + 1
    return assessment.model_copy(
        update={
            "findings": kept,
            "summary": Summary(total=len(kept), by_status=counts),
            "baseline": BaselineReport(
                file=previous.file,
                known=len(assessment.findings) - len(kept),
                previous_date=previous.date,
                counts=change_counts(changes),
                changes=changes,
            ),
        }
    )


# ------------------------------------------------------------------ words

CHANGE_WORDS = {
    "new": "ny brist",
    "worse": "sämre",
    "unclear": "framgår inte längre",
    "improved": "bättre",
    "resolved": "åtgärdad",
}
CHANGE_WORDS_PLURAL = {
    "new": "nya brister",
    "worse": "sämre",
    "unclear": "framgår inte längre",
    "improved": "bättre",
    "resolved": "åtgärdade",
}


def change_word(ch: Change) -> str:
    """The word for one change; a new råd is "nytt råd" (a råd is never a brist)."""
    return "nytt råd" if ch.kind == "new" and ch.severity != "legal" else CHANGE_WORDS[ch.kind]


def counts_sentence(counts: dict[str, int], new_advice: int = 0) -> str:
    """``1 ny brist, 1 åtgärdad, 0 sämre, 0 bättre, 0 framgår inte längre``.

    ``new_advice`` of the ``new`` changes are råd, counted apart ("1 nytt råd") after the brister.
    """
    parts = []
    for kind in ("new", "resolved", "worse", "improved", "unclear"):
        n = counts.get(kind, 0) - (new_advice if kind == "new" else 0)
        parts.append(f"{n} {CHANGE_WORDS[kind] if n == 1 else CHANGE_WORDS_PLURAL[kind]}")
        if kind == "new" and new_advice:
            parts.append(f"{new_advice} {'nytt råd' if new_advice == 1 else 'nya råd'}")
    return ", ".join(parts)


def new_advice(changes: Iterable[Change]) -> int:
    """How many of ``changes`` are new råd (allmänna råd or good practice)."""
    return sum(1 for ch in changes if ch.kind == "new" and ch.severity != "legal")


def _scope_word(scope: str) -> str:
    return "hela verksamheten" if scope == "organisation" else "enheten " + scope.removeprefix("unit:")


def change_lines(report: BaselineReport) -> list[str]:
    """The changes as plain Swedish lines for ``samosa check`` text, grouped by area and scope.

    For the person who edits the file: rules and items are named by their ids.
    """
    from samosa.engine.identity import subject_object
    from samosa.rulebook.model import AREA_TITLES

    since = f" ({report.previous_date.isoformat()})" if report.previous_date else ""
    out = [
        f"Sedan föregående bedömning{since}, {report.file}: "
        f"{counts_sentence(report.counts, new_advice(report.changes))}."
    ]
    order = list(AREA_TITLES)
    groups: dict[tuple[str, str], list[Change]] = {}
    for ch in report.changes:
        groups.setdefault((ch.area, ch.scope), []).append(ch)
    for area, scope in sorted(
        groups, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1] != "organisation", k[1])
    ):
        out.append(f"  {AREA_TITLES.get(area, area)}, {_scope_word(scope)}:")
        for ch in groups[(area, scope)]:
            what = subject_object(ch.subject) if ch.subject else ""
            out.append(f"    {change_word(ch):<20} {ch.rule} {ch.title}" + (f" — {what}" if what else ""))
    return out


__all__ = [
    "Baseline",
    "change_lines",
    "CHANGE_WORDS",
    "KEEPS",
    "Previous",
    "apply_baseline",
    "baseline_of",
    "change_counts",
    "compare",
    "compare_finding",
    "change_word",
    "counts_sentence",
    "new_advice",
    "load_baseline",
]
