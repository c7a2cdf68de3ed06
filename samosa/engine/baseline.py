"""Baselines: report only what is new since a previous run.

A municipality adopting samosa starts with known deficiencies; CI should fail
on what gets *worse*, not on the backlog. The baseline is an earlier
``samosa check --format json`` output. A finding is known when the baseline
has the same rule, scope and status, so a finding that changes status (fail →
partial, or fail → pass) is reported. Findings with status ``error`` are never
hidden by a baseline: a rule that cannot be evaluated is never quietly accepted.
"""

from __future__ import annotations

import json
from pathlib import Path

from samosa.engine.findings import Assessment, BaselineReport, Summary
from samosa.source.problems import InputError, Problem

Key = tuple[str, str, str]


def load_baseline(path: Path | str) -> set[Key]:
    """The (rule, scope, status) keys of a previous JSON report; ``InputError`` if it is not one."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "baseline file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(name, 1, 1, f"cannot read baseline: {exc}")]) from None
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
                    "baseline must be the output of 'samosa check --format json' (an object with a 'findings' list)",
                )
            ]
        )
    keys: set[Key] = set()
    for i, f in enumerate(findings):
        if not (isinstance(f, dict) and all(isinstance(f.get(k), str) for k in ("rule", "scope", "status"))):
            raise InputError([Problem(name, 1, 1, f"findings[{i}] has no rule, scope and status")])
        keys.add((f["rule"], f["scope"], f["status"]))
    return keys


def apply_baseline(assessment: Assessment, known: set[Key], file: str) -> Assessment:
    """Drop findings the baseline already had; the summary counts what is left."""
    kept = [f for f in assessment.findings if f.status == "error" or (f.rule, f.scope, f.status) not in known]
    counts = {s: 0 for s in assessment.summary.by_status}
    for f in kept:
        counts[f.status] = counts.get(f.status, 0) + 1
    return assessment.model_copy(
        update={
            "findings": kept,
            "summary": Summary(total=len(kept), by_status=counts),
            "baseline": BaselineReport(file=file, known=len(assessment.findings) - len(kept)),
        }
    )
