"""The result contract: Finding, Evidence and Assessment (see docs/output.md).

These are what every reporter, the planner and the document renderer consume.
``schema_version`` is bumped whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_serializer

SCHEMA_VERSION = "2.0"

Status = Literal["pass", "partial", "fail", "not_shown", "not_applicable", "error"]
#: Every status, in the order outputs list them.
STATUSES: tuple[str, ...] = ("pass", "partial", "fail", "not_shown", "not_applicable", "error")
Severity = Literal["legal", "advice", "good_practice"]
FAILING = ("fail", "partial", "error")


class Evidence(BaseModel):
    """A place in the input file that a verdict rests on, with a note saying why."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    column: int
    note: str
    path: str = Field("", description="Where in the document, e.g. 'incidents[0]'; '' for the top.")
    fact: Literal["stated", "not_stated"] = Field(
        "stated",
        description="'stated': the file says this (also 'false', '0', '[]', 'null'); 'not_stated': the file leaves "
        "it out — the position is where it would be written (its parent section, or the top of the file).",
    )


class CheckResult(BaseModel):
    id: str
    outcome: Literal["pass", "fail", "not_shown", "not_applicable", "skipped"]
    basis: Severity = Field(
        "legal",
        description="What the check rests on: legal (föreskrift or lag), advice (allmänna råd) or good_practice. "
        "Only a failing legal check is a brist and can become a krav.",
    )
    message: str


WaiverKind = Literal["planned_action", "not_applicable"]
WaiverState = Literal["active", "expired", "overdue"]


class AppliedWaiver(BaseModel):
    """A waiver (samosa/engine/waivers.py) that matched this finding; the status is never changed by it.

    ``active``: accepted on the assessment date; ``expired``: past ``expires``;
    ``overdue``: a planned action past its deadline. Only ``active`` keeps the
    finding from failing a CI run, and even then the finding stays in every output.
    """

    id: str
    kind: WaiverKind
    state: WaiverState
    expires: dt.date
    file: str
    line: int
    column: int
    message: str = Field(description="Swedish sentence saying what the waiver means for this finding.")
    owner: Optional[str] = None
    deadline: Optional[dt.date] = None
    interim_measure: Optional[str] = None
    action: Optional[str] = None
    reason: Optional[str] = None
    judged_by: Optional[str] = None
    judged_on: Optional[dt.date] = None

    @property
    def active(self) -> bool:
        return self.state == "active"


class UnusedWaiver(BaseModel):
    id: str
    rule: str
    file: str
    line: int
    column: int
    reason: str


class WaiverReport(BaseModel):
    """What the waivers file did: counts and the waivers that matched no failing finding."""

    file: str
    active: int = 0
    expired: int = 0
    overdue: int = 0
    unused: list[UnusedWaiver] = Field(default_factory=list)


ChangeKind = Literal["new", "resolved", "improved", "worse", "unclear"]
#: Every kind of change, in the order outputs list them.
CHANGE_KINDS: tuple[str, ...] = ("new", "worse", "unclear", "improved", "resolved")


class Change(BaseModel):
    """One difference from the previous assessment, for one finding identity (engine/baseline.py).

    ``new``: a deficiency that was not there (a new item at fault under a rule that
    already failed is new too); ``resolved``: a deficiency that is gone;
    ``improved`` / ``worse``: the same deficiency, now partial instead of failing
    (or the reverse), or a verdict that could not be given before and now passes
    (or could then and cannot now); ``unclear``: the file no longer shows it.
    """

    kind: ChangeKind
    rule: str
    title: str
    area: str
    scope: str
    severity: Severity
    subject: Optional[str] = Field(None, description="The finding identity it concerns (see Finding.subjects).")
    before: Optional[Status] = Field(None, description="The status then; null: not assessed then.")
    now: Optional[Status] = Field(None, description="The status now; null: not assessed now.")


class BaselineReport(BaseModel):
    """What changed since the previous assessment, and how many unchanged findings are left out."""

    file: str
    known: int = Field(description="Findings left out: nothing new or worse about them since the baseline.")
    previous_date: Optional[dt.date] = Field(None, description="The previous assessment's date.")
    counts: dict[str, int] = Field(default_factory=dict, description="Changes per kind.")
    changes: list[Change] = Field(default_factory=list)


def _drop_none(handler, obj, names: tuple[str, ...]) -> dict:
    data = handler(obj)
    for name in names:
        if getattr(obj, name) is None:
            data.pop(name, None)
    return data


class Finding(BaseModel):
    rule: str
    title: str
    area: str
    scope: str = Field(description="'organisation' or 'unit:<id>'.")
    status: Status
    severity: Severity = Field(
        description="The severity of the checks that decided the status: a legal rule whose only failing checks "
        "rest on allmänna råd is reported as advice (never a brist, never a krav)."
    )
    references: list[str] = Field(description="Citations in force on the assessment date, as AV cites them.")
    explanation: str
    demand: Optional[str] = Field(None, description="The demand (krav); only for failing legal requirements.")
    reply_weeks: Optional[int] = None
    requires: list[str] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    waiver: Optional[AppliedWaiver] = Field(None, description="Matching waiver; omitted from output when none.")
    subjects: list[str] = Field(
        default_factory=list,
        description="A failing finding's stable identities, one per failed check and item at fault "
        "('reported:incidents/inc-2024-09', or the check id alone when it fails on the scope as a whole); "
        "see engine/identity.py. Omitted from output when empty (every finding that does not fail).",
    )

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        data = _drop_none(handler, self, ("waiver",))
        if not self.subjects:
            data.pop("subjects", None)
        return data

    @property
    def failing(self) -> bool:
        return self.status in FAILING

    @property
    def waived(self) -> bool:
        """Accepted by an active waiver: still failing, but not a CI failure."""
        return self.waiver is not None and self.waiver.active


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
    waivers: Optional[WaiverReport] = None
    baseline: Optional[BaselineReport] = None

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        return _drop_none(handler, self, ("waivers", "baseline"))

    def failing_at(self, threshold: str, not_shown: str = "fail") -> list[Finding]:
        """Findings that should fail a CI run at ``threshold`` (errors always do).

        Fail closed: a finding that is *not shown* counts like a deficiency at its
        rule's severity, unless ``not_shown`` is ``"warn"``, which reports it
        without failing the run.
        """
        from samosa.rulebook.model import SEVERITY_RANK

        if threshold == "never":
            return [f for f in self.findings if f.status == "error"]
        rank = SEVERITY_RANK[threshold]

        def counts(f: Finding) -> bool:
            if f.status == "error":
                return True
            if f.status == "not_shown" and not_shown != "fail":
                return False
            return (f.failing or f.status == "not_shown") and SEVERITY_RANK[f.severity] >= rank

        return [f for f in self.findings if counts(f)]
