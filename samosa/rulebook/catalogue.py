"""The rule catalogue as data: list, show, crosswalk and lint for ``samosa rules``.

Everything here returns plain data (dicts, lists, Problems) in a stable order;
``cli_rules`` prints it. Lint goes beyond what loading needs: a rule pack can
load and still be wrong as a catalogue (a rule with no citation in force after
2025, a paragraph nobody encodes and nobody explains, a file whose name is not
its id).
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from samosa.models.validation import validation_problems
from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, Rule, RuleBook
from samosa.rulebook.pack import DEFAULT_RULES_DIR, load_rules
from samosa.source.loader import load_yaml
from samosa.source.positions import SourceMap
from samosa.source.problems import Problem, RuleError, UsageError

NEW_RULES_FROM = dt.date(2025, 1, 1)
SCOPE_TITLES = {"organisation": "hela verksamheten", "unit": "per enhet"}


def _validity(book: RuleBook, rule: Rule, text: str) -> dict[str, Any]:
    table = book.references
    cite = book.citation(text)
    inst = table.instruments[cite.instrument] if cite else None
    entry = table.entry(cite) if cite else {}
    if cite is not None and cite.advice:
        entry = entry.get("advice") or {}
    return {
        "citation": text,
        "title": table.title(cite) if cite else "",
        "valid_from": inst.valid_from.isoformat() if inst and inst.valid_from else None,
        "valid_until": inst.valid_until.isoformat() if inst and inst.valid_until else None,
        "kind": "advice" if cite is not None and cite.advice else "legal",
        "status": book.status_of(text),
        "source": entry.get("source"),
        "unverified": {c.id: c.unverified[text] for c in rule.checks if text in c.unverified},
    }


def rule_summary(book: RuleBook, rule: Rule, on: Optional[dt.date] = None) -> dict[str, Any]:
    """One row of ``samosa rules list``; with ``on``, only the citations in force that day."""
    refs = book.references_on(rule, on) if on is not None else list(rule.references)
    return {
        "id": rule.id,
        "title": rule.title,
        "area": rule.area,
        "severity": rule.severity,
        "scope": rule.scope,
        "profiles": list(rule.profiles),
        "references": refs,
    }


def list_rules(book: RuleBook, on: Optional[dt.date] = None, profile: Optional[str] = None) -> list[dict[str, Any]]:
    """Rules sorted by id; with ``on``, only rules that cite something in force that day."""
    if profile is not None and book.profiles and profile not in book.profiles:
        raise UsageError(
            f"unknown profile {profile!r}{_suggest(profile, book.profiles)}; known: {', '.join(sorted(book.profiles))}"
        )
    rows = [rule_summary(book, r, on) for r in book.select(profile)]
    return [row for row in rows if on is None or row["references"]]


def rule_detail(book: RuleBook, rule_id: str, *, examples: bool = True) -> dict[str, Any]:
    """Everything about one rule, for ``samosa rules show``; ``examples``: the bundled
    pack's fixture cases for the rule (not for a custom pack, whose rules they do not test)."""
    from samosa.rulebook.examples import load_examples

    if rule_id not in book.rules:
        raise UsageError(f"no rule {rule_id!r}{_suggest(rule_id, book.rules)}")
    rule = book.get(rule_id)
    data = rule.model_dump(mode="json", by_alias=True, exclude_defaults=False)
    data["references"] = [_validity(book, rule, c) for c in rule.references]
    for check in data["checks"]:
        check["basis"] = check.get("basis") or rule.severity
    data["source"] = _display_path(book.sources[rule_id].file) if rule_id in book.sources else None
    data["required_by"] = sorted(r.id for r in book if rule_id in r.requires)
    data["examples"] = [e.to_json() for e in load_examples(rule_id)] if examples else []
    return data


def crosswalk(book: RuleBook) -> list[dict[str, Any]]:
    """Old citations → new citations per rule, generated from the rules."""
    return [
        {
            "rule": rid,
            "title": book.get(rid).title,
            "old": [c for c in old.split("; ") if c],
            "new": [c for c in new.split("; ") if c],
            "always": [c for c in book.get(rid).references if book.references.parse(c) and _era(book, c) == "both"],
        }
        for rid, old, new in book.crosswalk()
    ]


def _era(book: RuleBook, text: str) -> str:
    cite = book.references.parse(text)
    if cite is None:  # the pack's citations are parsed when it loads; callers pass only those
        raise ValueError(f"{text!r} is not a citation of rules/references.yaml")
    inst = book.references.instruments[cite.instrument]
    if inst.valid_until is not None:
        return "old"
    return "new" if inst.valid_from is not None else "both"


def citations_by_paragraph(book: RuleBook, mark_advice: bool = False) -> dict[tuple[str, Optional[str]], list[str]]:
    """(instrument, paragraph or None) → ids of the rules that cite it (its text or its allmänna råd;
    with ``mark_advice``, a rule citing only the råd is listed as "ID (allmänna råd)")."""
    out: dict[tuple[str, Optional[str]], list[str]] = {}
    for rule in book:
        for text in rule.references:
            cite = book.citation(text)
            if cite is None:
                continue
            name = f"{rule.id} (allmänna råd)" if mark_advice and cite.advice else rule.id
            ids = out.setdefault((cite.instrument, cite.paragraph), [])
            if name not in ids:
                ids.append(name)
    if mark_advice:  # a rule citing both the paragraph and its råd is listed once, for the paragraph
        for key, ids in out.items():
            out[key] = [i for i in ids if not (i.endswith(" (allmänna råd)") and i.split(" ")[0] in ids)]
    return out


# ------------------------------------------------------------------ demand types


class DemandType(BaseModel):
    """A demand Arbetsmiljöverket raises (seed 000 §4.2–4.3): the rules that encode it, or why none does."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, description="The demand in AV's words (Swedish).")
    source: str = Field(min_length=1, description="Where it is listed, e.g. '4.2, AFS 2015:4'.")
    rules: list[str] = Field(default_factory=list, description="Rules that encode the demand.")
    partly: Optional[str] = Field(None, description="What of the demand the rules do not encode, and why.")
    not_encoded: Optional[str] = Field(None, description="Why no rule encodes the demand.")

    @model_validator(mode="after")
    def _encoded_or_why(self) -> DemandType:
        if bool(self.rules) == bool(self.not_encoded):
            raise ValueError("give the rules that encode the demand, or not_encoded with the reason (not both)")
        return self


class DemandTypeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, description="The document the demand types are taken from.")
    demand_types: list[DemandType] = Field(min_length=1)


DEMAND_TYPES = "demand_types.yaml"


def load_demand_types(directory: Path) -> tuple[Optional[DemandTypeFile], list[Problem], Optional[SourceMap]]:
    """The pack's ``demand_types.yaml`` (None when the pack has none), with positioned problems."""
    path = directory / DEMAND_TYPES
    if not path.is_file():
        return None, [], None
    try:
        data, smap = load_yaml(path)
    except Exception as exc:  # InputError from the YAML layer
        return None, getattr(exc, "problems", [Problem(str(path), 1, 1, str(exc))]), None
    try:
        return DemandTypeFile.model_validate(data), [], smap
    except ValidationError as exc:
        return None, validation_problems(exc, smap, DemandTypeFile), smap


def demand_type_problems(book: RuleBook, directory: Path) -> list[Problem]:
    """A demand type names rules that exist."""
    parsed, problems, smap = load_demand_types(directory)
    if parsed is None or smap is None:
        return problems
    for i, dtype in enumerate(parsed.demand_types):
        for j, rid in enumerate(dtype.rules):
            if rid not in book.rules:
                problems.append(
                    smap.problem(("demand_types", i, "rules", j), f"unknown rule {rid!r}{_suggest(rid, book.rules)}")
                )
    return problems


def _display_path(file: str) -> str:
    """The rule file relative to the project (or the working directory), never machine-specific."""
    path = Path(file).resolve()
    for base in (DEFAULT_RULES_DIR.parent, Path.cwd()):
        try:
            return path.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return Path(file).as_posix()


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ------------------------------------------------------------------ lint


def lint(directory: Path | str | None = None) -> list[Problem]:
    """Every problem with the rule pack as a catalogue, sorted; empty means clean."""
    directory = Path(directory) if directory is not None else DEFAULT_RULES_DIR
    try:
        book = load_rules(directory)
    except RuleError as exc:
        return sorted(set(exc.problems))
    problems: list[Problem] = []
    for rule in book:
        smap = book.sources[rule.id]
        path = Path(smap.file)
        if path.stem != rule.id:
            problems.append(smap.problem(("id",), f"rule {rule.id} is in {path.name}; name the file {rule.id}.yaml"))
        if path.parent.name != rule.area:
            problems.append(
                smap.problem(
                    ("area",), f"rule with area {rule.area!r} is in {path.parent.name}/; move it to rules/{rule.area}/"
                )
            )
        if not book.references_on(rule, NEW_RULES_FROM):
            problems.append(
                smap.problem(
                    ("references",),
                    "no citation is in force from 2025-01-01; "
                    "add the AFS 2023:x paragraph (see the crosswalk in docs/coverage.md)",
                )
            )
        if book.profiles and not rule.profiles:
            problems.append(
                smap.problem(
                    ("id",), "rule is in no profile; add it to at least one of " + ", ".join(sorted(book.profiles))
                )
            )
        problems += _citation_problems(book, rule, smap)
    problems += _coverage_problems(book, directory / "references.yaml")
    problems += demand_type_problems(book, directory)
    return sorted(set(problems))


def _citation_problems(book: RuleBook, rule: Rule, smap: SourceMap) -> list[Problem]:
    """What a catalogue reviewed like law needs of a rule's citations and of what each check rests on.

    * a citation names a paragraph: a whole instrument ("AFS 1999:7") is not a basis an inspector can send;
    * an advice rule cites allmänna råd ("allmänna råd till 7 § AFS 2023:1"), never a paragraph as if it bound;
    * every legal or advice check says what it rests on (``rests_on``), in citations of its own kind:
      a legal check in paragraphs, an advice check in allmänna råd;
    * every citation of a legal or advice rule is what some check rests on, so none is cited for nothing.
    """
    out = []
    for i, text in enumerate(rule.references):
        cite = book.citation(text)
        if cite is not None and cite.paragraph is None:
            out.append(
                smap.problem(
                    ("references", i),
                    f"{text!r} cites a whole instrument; cite the paragraph (mark its number status U in "
                    "references.yaml if it is unverified) or drop it",
                )
            )
        elif cite is not None and rule.severity == "advice" and not cite.advice:
            out.append(
                smap.problem(
                    ("references", i),
                    f"an advice rule cites allmänna råd, not the paragraph itself: write 'allmänna råd till {text}'",
                )
            )
    rested: set[str] = set()
    for c, check in enumerate(rule.checks):
        basis = rule.basis_of(check)
        rested.update(check.rests_on)
        if basis == "good_practice":
            continue
        if not check.rests_on:
            out.append(
                smap.problem(
                    ("checks", c, "id"),
                    f"check {check.id!r} does not say what it rests on; add rests_on: [the paragraph or råd]",
                )
            )
            continue
        kinds = {bool(book.citation(t) and book.citation(t).advice) for t in check.rests_on}  # type: ignore[union-attr]
        want_advice = basis == "advice"
        if kinds != {want_advice}:
            what = "allmänna råd ('allmänna råd till …')" if want_advice else "paragraphs, not allmänna råd"
            out.append(
                smap.problem(
                    ("checks", c, "rests_on"),
                    f"check {check.id!r} is {basis}, so it rests on {what}; set basis or fix rests_on",
                )
            )
    if rule.severity != "good_practice":
        for i, text in enumerate(rule.references):
            if text not in rested:
                out.append(
                    smap.problem(
                        ("references", i),
                        f"no check rests on {text!r}; name it in a check's rests_on or drop the citation",
                    )
                )
    return out


def reference_notes(path: Path) -> tuple[dict[tuple[str, Optional[str]], dict[str, Any]], SourceMap]:
    """(instrument, paragraph or None) → the raw entry of references.yaml, with its source map."""
    data, smap = load_yaml(path)
    out: dict[tuple[str, Optional[str]], dict[str, Any]] = {}
    for name, spec in (data.get("instruments") or {}).items():
        out[(name, None)] = dict(spec or {})
    for name, paras in (data.get("paragraphs") or {}).items():
        for para, spec in (paras or {}).items():
            out[(name, para)] = dict(spec or {})
    return out, smap


def _coverage_problems(book: RuleBook, ref_path: Path) -> list[Problem]:
    notes, smap = reference_notes(ref_path)
    cited = citations_by_paragraph(book)
    advised = {
        (c.instrument, c.paragraph)
        for r in book
        for t in r.references
        if (c := book.citation(t)) is not None and c.advice
    }
    problems = []
    for (inst, para), spec in sorted(notes.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if para is not None and spec.get("advice") and (inst, para) not in advised:
            problems.append(
                smap.problem(
                    ("paragraphs", inst, para, "advice"),
                    f"the allmänna råd to {para} {inst} are listed but no rule cites them; cite them or drop 'advice'",
                )
            )
    for (inst, para), spec in sorted(notes.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        where = ("paragraphs", inst, para) if para else ("instruments", inst)
        is_cited = (inst, para) in cited if para else any(k[0] == inst for k in cited)
        if para is None and book.references.paragraphs.get(inst) and not is_cited and "not_encoded" not in spec:
            continue  # an instrument with paragraphs is judged paragraph by paragraph
        if is_cited and "not_encoded" in spec:
            problems.append(
                smap.problem(
                    where,
                    f"{para + ' ' if para else ''}{inst} is cited by "
                    f"{', '.join(cited.get((inst, para), []) or ['a rule'])} but marked not_encoded",
                )
            )
        elif not is_cited and "not_encoded" not in spec:
            problems.append(
                smap.problem(
                    where,
                    f"{para + ' ' if para else ''}{inst} is cited by no rule; "
                    "encode it or say why not with not_encoded",
                )
            )
    return problems


def describe_severity(severity: str) -> str:
    return SEVERITY_TITLES[severity]


def describe_area(area: str) -> str:
    return AREA_TITLES[area]
