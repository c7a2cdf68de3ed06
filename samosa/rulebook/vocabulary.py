"""The closed, declarative check vocabulary rules are written in.

A rule is a list of checks; each check is one of four kinds, each kind a
pydantic model validated when the rules load (no ``eval``, no Python in YAML).
Each check says what it rests on (``rests_on``: the rule's citations it is read
from) and how binding that is (``basis``: ``legal``, ``advice`` or
``good_practice``, by default the rule's severity), so a rule with a legal core
can carry a check that rests on allmänna råd without that check ever becoming
a krav:

``present``  a value exists and is not empty           (``path: policy``)
``record``   a single section satisfies conditions     (``path: policy``, ``require: [...]``)
``exists``   at least ``min`` items of a collection match ``where`` and satisfy ``require``
``every``    every item of a collection matching ``where`` satisfies ``require``

Conditions compare one field with exactly one operator (``equals``, ``in``,
``contains``, ``at_least``, ``within_months``, ``referenced_by`` …). Because
the vocabulary is closed, every failing check can say which condition failed
and point at the item in the user's file. ``count`` is the one condition that
counts: ``{field: incidents, count: {min: 2, where: [...], unit_field: unit}}``
holds when at least two incidents match, so a rule can apply only where
something recurs.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "contains",
    "contains_all",
    "contains_any",
    "present",
    "at_least",
    "at_most",
    "above",
    "below",
    "within_months",
    "not_expired",
    "referenced_by",
    "contains_other_than",
    "all_present",
    "above_field",
    "covers_unit",
    "count",
    "at_least_field",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FewerThan(_Strict):
    """Fewer matching items than ``share`` × the number at ``of`` (e.g. reports per employee)."""

    share: float = Field(gt=0, description="Andel, t.ex. 0.1 = en post per tio.")
    of: str = Field(description="Sökväg till talet som andelen räknas på, t.ex. unit.employees.")


class Count(_Strict):
    """``count``: at least ``min`` items of the collection named by ``field`` match ``where``
    — or, with ``fewer_than``, fewer than a share of a number (few reports for the staff).

    The only way a rule can count: "where violence or threats recur" is
    ``min: 2`` incidents of kind threat/violence, in the unit, within 12 months;
    "few incident reports" is ``fewer_than: {share: 0.1, of: unit.employees}``.
    """

    min: Optional[int] = Field(None, ge=1, description="Minsta antal poster som ska matcha.")
    fewer_than: Optional[FewerThan] = Field(
        None, description="I stället för min: färre matchande poster än andelen av talet (t.ex. få rapporter)."
    )
    where: list[Condition] = Field(default_factory=list, description="Villkor som varje räknad post uppfyller.")
    unit_field: Optional[str] = Field(
        None,
        description="Räkna bara poster som hör till enheten som bedöms (fältet med enhetens id); bara i regler med scope: unit.",
    )
    include_org_wide: bool = Field(
        True, description="Med unit_field: räkna också poster utan enhet (gäller hela verksamheten)."
    )

    @model_validator(mode="after")
    def _one_bound(self) -> Count:
        if (self.min is None) == (self.fewer_than is None):
            raise ValueError("a count needs exactly one of 'min' or 'fewer_than'")
        return self


class Condition(_Strict):
    """One field compared with exactly one operator."""

    field: str
    equals: Any = None
    not_equals: Any = None
    in_: Optional[list[Any]] = Field(None, alias="in")
    contains: Any = None
    contains_all: Optional[list[Any]] = None
    contains_any: Optional[list[Any]] = None
    present: Optional[bool] = None
    at_least: Optional[float] = None
    at_most: Optional[float] = None
    above: Optional[float] = None
    below: Optional[float] = None
    within_months: Optional[int] = Field(None, ge=1)
    not_expired: Optional[bool] = Field(None, description="true: the date is on or after the assessment date.")
    referenced_by: Optional[str] = None
    contains_other_than: Optional[list[Any]] = Field(
        None, description="The list holds at least one value outside these (e.g. methods other than survey)."
    )
    all_present: Optional[str] = Field(
        None, description="The list is non-empty and every item in it has this field filled in (e.g. causes)."
    )
    above_field: Optional[str] = Field(
        None, description="The number is greater than the number at this other path (e.g. a rising trend)."
    )
    covers_unit: Optional[bool] = Field(
        None, description="true: the list of unit ids is empty (whole organisation) or names the unit being assessed."
    )
    at_least_field: Optional[str] = Field(
        None,
        description="The number is at least the number at this other path (e.g. alarms for everyone who needs one).",
    )
    count: Optional[Count] = Field(
        None,
        description="The field is a collection with at least `min` items matching `where` (optionally in the unit).",
    )
    among: list[Condition] = Field(
        default_factory=list,
        description="With referenced_by: only items of the referring collection that satisfy these count "
        "(e.g. trainings on OSA among all trainings).",
    )
    describe: Optional[str] = Field(None, description="Swedish words for what fails, used in explanations.")

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        used = [
            op for op in OPERATORS if op in self.model_fields_set or (op == "in" and "in_" in self.model_fields_set)
        ]
        if len(used) != 1:
            raise ValueError(f"a condition needs exactly one operator of {', '.join(OPERATORS)}; got {used or 'none'}")
        if self.among and used != ["referenced_by"]:
            raise ValueError("'among' narrows referenced_by and is used only with it")
        return self

    @cached_property
    def operator(self) -> str:
        """Found once per condition: it is read for every condition on every item,
        and scanning ``model_fields_set`` each time topped the evaluation profile."""
        for op in OPERATORS:
            if op in self.model_fields_set or (op == "in" and "in_" in self.model_fields_set):
                return op
        raise AssertionError("validated")

    @property
    def operand(self) -> Any:
        op = self.operator
        return self.in_ if op == "in" else getattr(self, op)


Count.model_rebuild()
Condition.model_rebuild()


class WhenNone(_Strict):
    """What it means that a check's selection is empty on stated facts, and why.

    A check over nothing is not a pass unless the rule says why emptiness
    satisfies it: "every serious risk has a measure" over no serious risks
    passes only because the assessments state that no risk is serious, and the
    finding says so; "every threat was investigated" over no threats is not
    applicable, with that reason.
    """

    outcome: Literal["pass", "not_applicable"]
    reason: str = Field(description="Swedish sentence saying why the empty selection means this.")


Basis = Literal["legal", "advice", "good_practice"]


class Immediate(_Strict):
    """A failure of the check is work the law says must be done at once (the plan ranks it first)."""

    duty: str = Field(
        description="What the cited text says must be done, in Swedish, lower case without a full stop "
        "(e.g. 'allvarliga tillbud … ska anmälas till Arbetsmiljöverket utan dröjsmål')."
    )
    when: str = Field(
        description="The words of the rule's summary that say it cannot wait (e.g. 'utan dröjsmål'); "
        "the pack refuses words the summary does not contain."
    )


class _Check(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    basis: Optional[Basis] = Field(
        None,
        description="How binding what the check tests is: legal (föreskrift or lag), advice (allmänna råd) or "
        "good_practice; default the rule's severity. Only a failing legal check is a brist and can become a krav.",
    )
    rests_on: list[str] = Field(
        default_factory=list,
        description="The rule's citations this check is read from, e.g. ['5 § AFS 2001:1', '7 § AFS 2023:1'] or "
        "['allmänna råd till 8 § AFS 2023:1']. The check applies on a date only if one of them is in force.",
    )
    missing: str = Field(description="Swedish sentence shown when the check fails (a stated deficiency).")
    satisfied: Optional[str] = Field(None, description="Swedish sentence shown when the check passes.")
    not_shown: Optional[str] = Field(
        None,
        description="Swedish sentence shown when the file does not state what the check needs "
        "('Det framgår inte att …'); default: 'Det framgår inte att' + the satisfied sentence.",
    )
    unverified: dict[str, str] = Field(
        default_factory=dict,
        description="Citations of rests_on whose use by this check is unverified although the paragraph is known "
        "(e.g. which sentence holds the duty), each with a Swedish sentence saying why. A letter prints them for "
        "this check only when the inspector confirms them, like status U.",
    )
    when: list[Condition] = Field(default_factory=list, description="The check applies only if these hold.")
    essential: bool = False
    immediate: Optional[Immediate] = Field(
        None, description="A failure of this legal check is work the law says must be done at once."
    )


class PresentCheck(_Check):
    kind: Literal["present"]
    path: str


class RecordCheck(_Check):
    kind: Literal["record"]
    path: str
    require: list[Condition] = Field(min_length=1)


class ExistsCheck(_Check):
    kind: Literal["exists"]
    collection: str
    where: list[Condition] = Field(default_factory=list)
    require: list[Condition] = Field(default_factory=list)
    min: int = Field(1, ge=1)
    unit_field: Optional[str] = None
    include_org_wide: bool = True
    when_none: Optional[WhenNone] = Field(
        None, description="What it means that no item matches `where` (default: nothing exists, the check fails)."
    )


class EveryCheck(_Check):
    kind: Literal["every"]
    collection: str
    where: list[Condition] = Field(default_factory=list)
    require: list[Condition] = Field(min_length=1)
    unit_field: Optional[str] = None
    include_org_wide: bool = True
    when_none: WhenNone = Field(description="What an empty selection (on stated facts) means, and why.")


class _Alt:
    """An alternative of an ``any`` check: a check of one of the four kinds whose id and sentences are the
    ``any``'s own; basis, rests_on and unverified belong to the ``any`` too."""

    @model_validator(mode="after")
    def _no_own_basis(self):
        if self.basis is not None or self.rests_on or self.unverified:  # type: ignore[attr-defined]
            raise ValueError("basis, rests_on and unverified are written on the 'any' check, not its alternatives")
        return self


class PresentAlt(_Alt, PresentCheck):
    id: str = Field("alt", pattern=r"^[a-z0-9_-]+$")
    missing: str = ""


class RecordAlt(_Alt, RecordCheck):
    id: str = Field("alt", pattern=r"^[a-z0-9_-]+$")
    missing: str = ""


class ExistsAlt(_Alt, ExistsCheck):
    id: str = Field("alt", pattern=r"^[a-z0-9_-]+$")
    missing: str = ""


class EveryAlt(_Alt, EveryCheck):
    id: str = Field("alt", pattern=r"^[a-z0-9_-]+$")
    missing: str = ""


class AnyCheck(_Check):
    """``any``: the check is met when one of its alternatives is (a measure of one kind or another).

    The alternatives are ``present``, ``record``, ``exists`` or ``every`` checks without ids of their
    own; the check passes if one passes, fails only if every one fails on stated facts, and is not
    shown otherwise. "Åtgärder mot starkt psykiskt påfrestande arbete" is handledning *or* other
    measures: either shows the paragraph is met.
    """

    kind: Literal["any"]
    of: list[Annotated[Union[PresentAlt, RecordAlt, ExistsAlt, EveryAlt], Field(discriminator="kind")]] = Field(
        min_length=2
    )


def not_shown_sentence(check: _Check) -> str:
    """The check's sentence for what the file does not show."""
    if check.not_shown:
        return check.not_shown
    base = (check.satisfied or check.missing).strip()
    return "Det framgår inte att " + base[:1].lower() + base[1:]


Check = Annotated[Union[PresentCheck, RecordCheck, ExistsCheck, EveryCheck, AnyCheck], Field(discriminator="kind")]
