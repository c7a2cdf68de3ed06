"""What the CI reporters share: where a finding points, and how it is labelled."""

from __future__ import annotations

from samosa.engine.findings import Assessment, Evidence, Finding
from samosa.engine.verdicts import SEVERITY_SHORT, STATUS_WORDS

#: The one vocabulary (engine/verdicts.py), under the names the reporters use.
SEVERITY_LABEL = SEVERITY_SHORT
STATUS_WORD = STATUS_WORDS


def primary_location(assessment: Assessment, f: Finding) -> Evidence:
    """The first evidence, else the top of the organisation file (errors carry none)."""
    if f.evidence:
        return f.evidence[0]
    return Evidence(file=assessment.organisation.file, line=1, column=1, note="organisationsfilen")


def scope_label(f: Finding) -> str:
    return "" if f.scope == "organisation" else f" [{f.scope.removeprefix('unit:')}]"


def reported(assessment: Assessment) -> list[Finding]:
    """Findings a CI format reports as results: failing ones (waived or not)."""
    return [f for f in assessment.findings if f.failing]
