"""The result contract: Finding, Evidence and Assessment (see docs/output.md).

These are what every reporter, the planner and the document renderer consume.
``schema_version`` is bumped whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Status = Literal["pass", "partial", "fail", "not_applicable", "error"]
Severity = Literal["legal", "advice", "good_practice"]
FAILING = ("fail", "partial", "error")


class Evidence(BaseModel):
    """A place in the input file that a verdict rests on, with a note saying why."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    column: int
    note: str


class CheckResult(BaseModel):
    id: str
    outcome: Literal["pass", "fail", "skipped"]
    message: str


class Finding(BaseModel):
    rule: str
    title: str
    area: str
    scope: str = Field(description="'organisation' or 'unit:<id>'.")
    status: Status
    severity: Severity
    references: list[str] = Field(description="Citations in force on the assessment date, as AV cites them.")
    explanation: str
    demand: Optional[str] = Field(None, description="The demand (krav); only for failing legal requirements.")
    reply_weeks: Optional[int] = None
    requires: list[str] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def failing(self) -> bool:
        return self.status in FAILING


class OrganisationRef(BaseModel):
    name: str
    org_number: Optional[str] = None
    file: str
    employees: int


class Summary(BaseModel):
    total: int
    by_status: dict[str, int]


class Assessment(BaseModel):
    schema_version: str = SCHEMA_VERSION
    assessment_date: dt.date
    date_source: Literal["argument", "org_file", "today"]
    organisation: OrganisationRef
    profile: Optional[str] = None
    summary: Summary
    findings: list[Finding]

    def failing_at(self, threshold: str) -> list[Finding]:
        """Findings that should fail a CI run at ``threshold`` (errors always do)."""
        from .rules import SEVERITY_RANK

        if threshold == "never":
            return [f for f in self.findings if f.status == "error"]
        rank = SEVERITY_RANK[threshold]
        return [
            f for f in self.findings
            if f.status == "error" or (f.failing and SEVERITY_RANK[f.severity] >= rank)
        ]
