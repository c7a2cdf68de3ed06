"""The rule model and the rule book: one requirement, its legal basis and how it is checked.

A ``RuleBook`` is the loaded pack: rules by id, the reference table that
decides which citations are in force on a date, and profiles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field

from samosa.rulebook.references import Citation, ReferenceTable
from samosa.rulebook.vocabulary import Basis, Check, Condition, Immediate
from samosa.source.positions import SourceMap

AREA_TITLES = {
    "sam": "Systematiskt arbetsmiljöarbete (SAM)",
    "osa": "Organisatorisk och social arbetsmiljö (OSA)",
    "violence": "Våld och hot",
    "crisis": "Första hjälpen och krisstöd",
    "premises": "Lokaler och arbetsplatsens utformning",
    "general": "Allmänna skyldigheter enligt arbetsmiljölagen",
}


SEVERITY_TITLES = {
    "legal": "föreskrift eller lag",
    "advice": "allmänna råd",
    "good_practice": "god praxis",
}


SEVERITY_RANK = {"good_practice": 0, "advice": 1, "legal": 2}


class Rule(BaseModel):
    """One requirement, with its legal basis, when it applies and how it is checked."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")
    title: str = Field(description="Swedish title.")
    area: Literal["sam", "osa", "violence", "crisis", "premises", "general"]
    severity: Literal["legal", "advice", "good_practice"]
    scope: Literal["organisation", "unit"] = "organisation"
    references: list[str] = Field(min_length=1, description="Citations in AV's form, old and new.")
    summary: str = Field(description="What the requirement says, in Swedish.")
    applies_when: list[Condition] = Field(default_factory=list)
    triggers: list[Condition] = Field(
        default_factory=list,
        description="Signals: if given, the rule applies only when at least one holds, and those that hold are evidence.",
    )
    not_applicable: Optional[str] = Field(None, description="Swedish sentence when applies_when is false.")
    checks: list[Check] = Field(min_length=1)
    demand: str = Field(description="The demand (krav) AV would write, in Swedish.")
    reply_weeks: int = Field(8, ge=1, le=104)
    requires: list[str] = Field(default_factory=list)
    profiles: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    notes: Optional[str] = None

    def basis_of(self, check: Check) -> str:
        """What ``check`` rests on: its own ``basis``, else the rule's severity."""
        return check.basis or self.severity


class Profile(BaseModel):
    """A named subset of the rule pack (``rules/profiles.yaml``), e.g. ``socialtjanst``."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="Swedish title.")
    description: str = Field(description="Swedish description: what the profile selects and when to use it.")
    severities: list[Basis] = Field(
        default_factory=lambda: list(get_args(Basis)),
        description="Severities a rule in this profile may have (god-praxis: only good_practice).",
    )


class ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profiles: dict[str, Profile] = Field(min_length=1)


@dataclass
class RuleBook:
    """All loaded rules (sorted by id) with the reference table and their source files."""

    rules: dict[str, Rule]
    references: ReferenceTable
    sources: dict[str, SourceMap] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    _citations: dict[str, Optional[Citation]] = field(default_factory=dict, repr=False, compare=False)
    _in_force: dict[tuple[str, dt.date], list[str]] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self):
        return iter(self.rules[k] for k in sorted(self.rules))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def immediate(self) -> dict[tuple[str, str], Immediate]:
        """(rule, check) → what must be done at once when that legal check fails, in rule order."""
        return {(r.id, c.id): c.immediate for r in self for c in r.checks if c.immediate is not None}

    def select(self, profile: str | None = None) -> list[Rule]:
        """Rules in ``profile``; every rule when ``profile`` is None."""
        return [r for r in self if profile is None or profile in r.profiles]

    def for_evaluation(self, profile: str | None = None) -> list[Rule]:
        """The rules an assessment runs: ``profile``'s, or by default every legal
        requirement and general advice. Good practice is advisory and only runs
        when its profile (``god-praxis``) is asked for, so a plain check lists
        what AV could demand and nothing else is called a deficiency."""
        if profile is None:
            return [r for r in self if r.severity != "good_practice"]
        return self.select(profile)

    def citation(self, text: str) -> Optional[Citation]:
        """``text`` parsed against the reference table, once per text."""
        if text not in self._citations:
            self._citations[text] = self.references.parse(text)
        return self._citations[text]

    def rests_in_force(self, texts: list[str], on: dt.date) -> bool:
        """Whether any of ``texts`` (a check's ``rests_on``) is in force on ``on``."""
        for text in texts:
            cite = self.citation(text)
            if cite is not None and self.references.in_force(cite, on):
                return True
        return False

    def status_of(self, text: str) -> Optional[str]:
        """P, S or U for a citation (for allmänna råd: of the råd); None if it names no paragraph."""
        cite = self.citation(text)
        return self.references.status(cite) if cite is not None else None

    def references_on(self, rule: Rule, on: dt.date) -> list[str]:
        """The citations of ``rule`` in force on ``on``, in the rule's order (memoised: asked per finding)."""
        key = (rule.id, on)
        found = self._in_force.get(key)
        if found is None:
            found = self._in_force[key] = [
                text
                for text in rule.references
                if (cite := self.citation(text)) is not None and self.references.in_force(cite, on)
            ]
        return list(found)

    def crosswalk(self) -> list[tuple[str, str, str]]:
        """(rule id, old citations, new citations), generated from the rules."""
        rows = []
        for rule in self:
            old = [c for c in rule.references if _era(self.references, c) == "old"]
            new = [c for c in rule.references if _era(self.references, c) == "new"]
            rows.append((rule.id, "; ".join(old), "; ".join(new)))
        return rows


def _era(table: ReferenceTable, text: str) -> str:
    cite = table.parse(text)
    if cite is None:
        return "?"
    inst = table.instruments[cite.instrument]
    if inst.valid_until is not None:
        return "old"
    if inst.valid_from is not None:
        return "new"
    return "both"
