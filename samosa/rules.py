"""Rules as data: the Rule model, the rule book, and loading/linting a rule pack.

One rule per YAML file under ``rules/<area>/``. A malformed rule pack is
reported like bad user input — ``file:line:col`` and what was expected — and
every path a check reads is resolved against the organisation model when the
rules load, so a typo in a rule fails the load instead of silently passing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import types
import typing
from dataclasses import dataclass, field

from pathlib import Path
from typing import Any, Literal, Optional

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .checks import Check, Condition, PresentCheck, RecordCheck
from .errors import Problem, RuleError
from .loading import validation_problems
from .org import OrgFile, Unit
from .references import ReferenceTable, load_reference_table
from .yamlsource import SourceMap, load_yaml

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"

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


class Profile(BaseModel):
    """A named subset of the rule pack (``rules/profiles.yaml``), e.g. ``socialtjanst``."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(description="Swedish title.")
    description: str = Field(description="Swedish description: what the profile selects and when to use it.")
    severities: list[Literal["legal", "advice", "good_practice"]] = Field(
        default_factory=lambda: ["legal", "advice", "good_practice"],
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

    def __iter__(self):
        return iter(self.rules[k] for k in sorted(self.rules))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

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

    def references_on(self, rule: Rule, on: dt.date) -> list[str]:
        """The citations of ``rule`` in force on ``on``, in the rule's order."""
        out = []
        for text in rule.references:
            cite = self.references.parse(text)
            if cite is not None and self.references.in_force(cite, on):
                out.append(text)
        return out

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


# ------------------------------------------------------------ path checking


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Element type of ``annotation`` and whether it was a list."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is list:
            annotation, is_list = typing.get_args(annotation)[0], True
        else:
            return annotation, is_list


def _field_type(model: type[BaseModel], name: str) -> tuple[Any, bool]:
    if name not in model.model_fields:
        raise KeyError(name)
    return _unwrap(model.model_fields[name].annotation)


def _walk(model: Any, parts: list[str]) -> tuple[Any, bool]:
    kind, is_list = model, False
    for part in parts:
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            raise KeyError(part)
        kind, is_list = _field_type(kind, part)
    return kind, is_list


def _resolve_root(path: str) -> tuple[Any, bool]:
    parts = path.split(".")
    if parts[0] == "unit":
        return _walk(Unit, parts[1:])
    return _walk(OrgFile, parts)


def _collection_model(collection: str) -> tuple[Any, Any]:
    """Item model of a (possibly nested) collection and the model of its parent."""
    model: Any = OrgFile
    parent: Any = None
    for part in collection.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise KeyError(part)
        parent = model
        model, is_list = _field_type(model, part)
        if not is_list:
            raise KeyError(f"{part} is not a list")
    return model, parent


VALUE_OPERATORS = ("equals", "not_equals", "in", "contains", "contains_all", "contains_any", "contains_other_than")


def _closed_values(kind: Any) -> Optional[list[str]]:
    """The allowed values of a closed vocabulary (an Enum or Literal field), else None."""
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return [str(m.value) for m in kind]
    if typing.get_origin(kind) is Literal:
        return [str(v) for v in typing.get_args(kind)]
    return None


def _value_problems(cond: Condition, kind: Any, where: str) -> list[str]:
    """A rule comparing a closed-vocabulary field with a value outside it can never match: fail the load."""
    allowed = _closed_values(kind)
    if allowed is None or cond.operator not in VALUE_OPERATORS or cond.operand is None:
        return []
    wanted = cond.operand if isinstance(cond.operand, list) else [cond.operand]
    errs = []
    for value in wanted:
        if str(value) not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f" (expected one of: {', '.join(allowed)})"
            errs.append(f"{where}: {value!r} is not a value of {cond.field!r}{hint}")
    return errs


def _condition_problems(cond: Condition, item_model: Any, parent: Any, where: str) -> list[str]:
    errs = []
    parts = cond.field.split(".")
    try:
        if item_model is None:
            kind, _ = _resolve_root(cond.field)
        elif parts[0] == "_parent":
            kind, _ = _walk(parent, parts[1:])
        else:
            kind, _ = _walk(item_model, parts)
    except KeyError as exc:
        errs.append(f"{where}: field {cond.field!r} does not exist in the organisation model ({exc.args[0]})")
    else:
        errs += _value_problems(cond, kind, where)
    if cond.operator == "above_field":
        try:
            if item_model is None:
                _resolve_root(str(cond.above_field))
            else:
                _walk(item_model, str(cond.above_field).split("."))
        except KeyError as exc:
            errs.append(f"{where}: above_field {cond.above_field!r} does not exist in the organisation model ({exc.args[0]})")
    if cond.operator == "all_present":
        try:
            model, is_list = (_resolve_root(cond.field) if item_model is None
                              else _walk(parent if parts[0] == "_parent" else item_model,
                                         parts[1:] if parts[0] == "_parent" else parts))
            if not is_list:
                raise KeyError(f"{cond.field} is not a list")
            _walk(model, [str(cond.all_present)])
        except KeyError as exc:
            errs.append(f"{where}: all_present {cond.all_present!r} is not a field of the items of {cond.field!r} ({exc.args[0]})")
    if cond.operator == "covers_unit" and parts[0] == "unit":
        errs.append(f"{where}: covers_unit compares a list of unit ids with the unit; {cond.field!r} is the unit itself")
    if cond.operator == "referenced_by":
        coll, _, fld = str(cond.referenced_by).rpartition(".")
        try:
            model, _ = _collection_model(coll)
            _walk(model, [fld])
        except KeyError:
            errs.append(f"{where}: referenced_by {cond.referenced_by!r} is not <collection>.<field>")
    return errs


def _positioned_problems(cond: Condition, item_model: Any, parent: Any, where: str) -> list[tuple[tuple, str]]:
    """Problems of ``cond`` with their path inside the condition (``field``, or deep in ``count.where``)."""
    errs = [(("field",), m) for m in _condition_problems(cond, item_model, parent, where)]
    if cond.operator == "count" and not errs:
        errs += _count_problems(cond, item_model, parent, where)
    return errs


def _count_problems(cond: Condition, item_model: Any, parent: Any, where: str) -> list[tuple[tuple, str]]:
    """A ``count`` must name a list of records; its ``where`` and ``unit_field`` are checked against them."""
    parts = cond.field.split(".")
    try:
        if item_model is None:
            if parts[0] == "unit":
                raise KeyError("the unit has no collections")
            counted, counted_parent = _collection_model(cond.field)
        else:
            base, rest = (parent, parts[1:]) if parts[0] == "_parent" else (item_model, parts)
            counted, is_list = _walk(base, rest)
            if not is_list:
                raise KeyError(f"{cond.field} is not a list")
            counted_parent = item_model
        if not (isinstance(counted, type) and issubclass(counted, BaseModel)):
            raise KeyError(f"{cond.field} is not a list of records")
    except KeyError as exc:
        return [(("field",), f"{where}: count needs a list of records; {cond.field!r} is not one ({exc.args[0]})")]
    spec = cond.count
    assert spec is not None
    errs = []
    for i, sub in enumerate(spec.where):
        errs += [(("count", "where", i) + rel, m)
                 for rel, m in _positioned_problems(sub, counted, counted_parent, f"{where}: count.where[{i}]")]
    if spec.unit_field:
        try:
            _walk(counted, [spec.unit_field])
        except KeyError:
            errs.append((("count", "unit_field"), f"{where}: count.unit_field {spec.unit_field!r} does not exist on {cond.field}"))
    return errs


def _all_conditions(conds: list[Condition]):
    """Every condition in ``conds``, including those nested in ``count.where``."""
    for cond in conds:
        yield cond
        if cond.count is not None:
            yield from _all_conditions(cond.count.where)


def check_paths(rule: Rule) -> list[tuple[tuple, str]]:
    """Resolve every path in ``rule`` against the models; return (rule path, message) pairs."""
    errs: list[tuple[tuple, str]] = []
    for i, cond in enumerate(rule.applies_when):
        errs += [(("applies_when", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "applies_when")]
    for i, cond in enumerate(rule.triggers):
        errs += [(("triggers", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "triggers")]
    if rule.scope != "unit":
        for key in ("applies_when", "triggers"):
            for i, cond in enumerate(getattr(rule, key)):
                if cond.field.split(".")[0] == "unit" or cond.operator == "covers_unit":
                    errs.append(((key, i, "field"), f"{key}: {cond.field!r} reads the unit, but the rule has scope: organisation"))
        for key, conds in _rule_condition_lists(rule):
            for i, cond in enumerate(conds):
                if any(c.count is not None and c.count.unit_field for c in _all_conditions([cond])):
                    errs.append((key + (i, "count"), "count.unit_field counts the unit's items, but the rule has scope: organisation"))
    for c, check in enumerate(rule.checks):
        base = ("checks", c)
        for i, cond in enumerate(check.when):
            errs += [(base + ("when", i) + rel, m) for rel, m in _positioned_problems(cond, None, None, "when")]
        if isinstance(check, (PresentCheck, RecordCheck)):
            try:
                model, _ = _resolve_root(check.path)
            except KeyError as exc:
                errs.append((base + ("path",), f"path {check.path!r} does not exist in the organisation model ({exc.args[0]})"))
                continue
            if isinstance(check, RecordCheck):
                for i, cond in enumerate(check.require):
                    errs += [(base + ("require", i) + rel, m)
                             for rel, m in _positioned_problems(cond, model, None, "require")]
        else:
            try:
                model, parent = _collection_model(check.collection)
            except KeyError as exc:
                errs.append((base + ("collection",), f"collection {check.collection!r} is not a list in the organisation model ({exc.args[0]})"))
                continue
            for key in ("where", "require"):
                for i, cond in enumerate(getattr(check, key)):
                    errs += [(base + (key, i) + rel, m) for rel, m in _positioned_problems(cond, model, parent, key)]
            if check.unit_field:
                try:
                    _walk(model, [check.unit_field])
                except KeyError:
                    errs.append((base + ("unit_field",), f"unit_field {check.unit_field!r} does not exist on {check.collection}"))
            if rule.scope != "unit" and check.unit_field:
                errs.append((base + ("unit_field",), "unit_field is only meaningful in a rule with scope: unit"))
        ids = [ch.id for ch in rule.checks]
        if ids.count(check.id) > 1:
            errs.append((base + ("id",), f"duplicate check id {check.id!r}"))
    return errs


def _rule_condition_lists(rule: Rule):
    """(rule path, conditions) for every list of conditions in ``rule``."""
    yield ("applies_when",), rule.applies_when
    yield ("triggers",), rule.triggers
    for c, check in enumerate(rule.checks):
        yield ("checks", c, "when"), check.when
        for key in ("where", "require"):
            if hasattr(check, key):
                yield ("checks", c, key), getattr(check, key)


def load_profiles(path: Path) -> tuple[dict[str, Profile], list[Problem], Optional[SourceMap]]:
    """Load ``profiles.yaml``: profile name → Profile, plus any problems with file positions."""
    try:
        data, smap = load_yaml(path)
    except Exception as exc:  # InputError from the YAML layer
        return {}, getattr(exc, "problems", [Problem(str(path), 1, 1, str(exc))]), None
    try:
        parsed = ProfileFile.model_validate(data)
    except ValidationError as exc:
        return {}, validation_problems(exc, smap, ProfileFile), smap
    problems = [smap.problem(("profiles", name), f"profile name {name!r} must be lower-case letters, digits and '-'")
                for name in parsed.profiles if not re.fullmatch(r"[a-z][a-z0-9-]*", name)]
    return parsed.profiles, problems, smap


def _profile_problems(rule: Rule, profiles: dict[str, Profile], smap: SourceMap) -> list[Problem]:
    out = []
    for i, name in enumerate(rule.profiles):
        if name not in profiles:
            known = ", ".join(sorted(profiles))
            out.append(smap.problem(("profiles", i), f"unknown profile {name!r} (profiles.yaml defines: {known})"))
        elif rule.severity not in profiles[name].severities:
            out.append(smap.problem(("profiles", i), f"profile {name!r} admits only severities "
                                    f"{', '.join(profiles[name].severities)}; this rule is {rule.severity}"))
    return out


def load_rules(directory: Path | str | None = None) -> RuleBook:
    """Load every ``*.yaml`` rule under ``directory`` and validate the pack as a whole."""
    directory = Path(directory) if directory is not None else DEFAULT_RULES_DIR
    ref_path = directory / "references.yaml"
    problems: list[Problem] = []
    if not ref_path.is_file():
        raise RuleError([Problem(str(ref_path), 1, 1, "rule pack has no references.yaml (the table of citable paragraphs)")])
    table = load_reference_table(ref_path)
    profiles: dict[str, Profile] = {}
    profile_path = directory / "profiles.yaml"
    if profile_path.is_file():
        profiles, profile_problems, _ = load_profiles(profile_path)
        problems += profile_problems
    rules: dict[str, Rule] = {}
    sources: dict[str, SourceMap] = {}
    files = sorted(p for p in directory.rglob("*.yaml") if p.name not in ("references.yaml", "profiles.yaml"))
    if not files:
        raise RuleError([Problem(str(directory), 1, 1, "no rule files found")])
    for path in files:
        try:
            data, smap = load_yaml(path)
        except Exception as exc:  # InputError from the YAML layer
            problems += getattr(exc, "problems", [Problem(str(path), 1, 1, str(exc))])
            continue
        try:
            rule = Rule.model_validate(data)
        except ValidationError as exc:
            problems += validation_problems(exc, smap, Rule)
            continue
        for rpath, msg in check_paths(rule):
            problems.append(smap.problem(rpath, msg))
        if profile_path.is_file():
            problems += _profile_problems(rule, profiles, smap)
        for i, text in enumerate(rule.references):
            cite = table.parse(text)
            if cite is None:
                problems.append(smap.problem(("references", i), f"{text!r} is not a citation in AV's form "
                                             "(e.g. '8 § AFS 2001:1', '3 kap. 2 a § arbetsmiljölagen')"))
            elif not table.known(cite):
                problems.append(smap.problem(("references", i), f"{text!r} cites a paragraph that references.yaml does not know"))
        if rule.id in rules:
            first = sources[rule.id].file
            problems.append(smap.problem(("id",), f"duplicate rule id {rule.id!r} (also in {first})"))
            continue
        rules[rule.id] = rule
        sources[rule.id] = smap
    graph = nx.DiGraph()
    for rule in rules.values():
        graph.add_node(rule.id)
        for i, req in enumerate(rule.requires):
            if req not in rules:
                problems.append(sources[rule.id].problem(("requires", i), f"requires unknown rule {req!r}"))
            else:
                graph.add_edge(req, rule.id)
    for cycle in sorted(sorted(c) for c in nx.simple_cycles(graph)):
        first = cycle[0]
        problems.append(sources[first].problem(("requires",), "prerequisite cycle: " + " → ".join(cycle + [first])))
    if problems:
        raise RuleError(sorted(set(problems)))
    return RuleBook(rules=rules, references=table, sources=sources, profiles=profiles)
