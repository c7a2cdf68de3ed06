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

from samosa.rulebook.model import AREA_TITLES, SEVERITY_TITLES, Rule, RuleBook
from samosa.rulebook.pack import DEFAULT_RULES_DIR, load_rules
from samosa.rulebook.references import ReferenceTable
from samosa.source.loader import load_yaml
from samosa.source.positions import SourceMap
from samosa.source.problems import Problem, RuleError, UsageError

NEW_RULES_FROM = dt.date(2025, 1, 1)
SCOPE_TITLES = {"organisation": "hela verksamheten", "unit": "per enhet"}


def _validity(table: ReferenceTable, text: str) -> dict[str, Optional[str]]:
    cite = table.parse(text)
    inst = table.instruments[cite.instrument] if cite else None
    return {
        "citation": text,
        "title": table.title(cite) if cite else "",
        "valid_from": inst.valid_from.isoformat() if inst and inst.valid_from else None,
        "valid_until": inst.valid_until.isoformat() if inst and inst.valid_until else None,
        "status": (
            table.paragraphs.get(cite.instrument, {}).get(cite.paragraph, {}).get("status")
            if cite and cite.paragraph
            else None
        ),
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


def rule_detail(book: RuleBook, rule_id: str) -> dict[str, Any]:
    """Everything about one rule, for ``samosa rules show``."""
    if rule_id not in book.rules:
        raise UsageError(f"no rule {rule_id!r}{_suggest(rule_id, book.rules)}")
    rule = book.get(rule_id)
    data = rule.model_dump(mode="json", by_alias=True, exclude_defaults=False)
    data["references"] = [_validity(book.references, c) for c in rule.references]
    data["source"] = _display_path(book.sources[rule_id].file) if rule_id in book.sources else None
    data["required_by"] = sorted(r.id for r in book if rule_id in r.requires)
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
    inst = book.references.instruments[cite.instrument]
    if inst.valid_until is not None:
        return "old"
    return "new" if inst.valid_from is not None else "both"


def citations_by_paragraph(book: RuleBook) -> dict[tuple[str, Optional[str]], list[str]]:
    """(instrument, paragraph or None) → ids of the rules that cite it."""
    out: dict[tuple[str, Optional[str]], list[str]] = {}
    for rule in book:
        for text in rule.references:
            cite = book.references.parse(text)
            if cite is not None:
                out.setdefault((cite.instrument, cite.paragraph), []).append(rule.id)
    return out


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
    problems += _reference_table_problems(directory / "references.yaml")
    problems += _coverage_problems(book, directory / "references.yaml")
    return sorted(set(problems))


INSTRUMENT_KEYS = {"title", "valid_from", "valid_until", "replaced_by", "full_cite", "note", "not_encoded"}
PARAGRAPH_KEYS = {"title", "status", "note", "not_encoded"}


def _reference_table_problems(path: Path) -> list[Problem]:
    """Unknown keys and bad statuses in references.yaml (a comma in an unquoted flow
    mapping silently becomes a key: ``{title: a, b, status: S}``)."""
    data, smap = load_yaml(path)
    problems = []
    for name, spec in (data.get("instruments") or {}).items():
        for key in sorted(set(spec or {}) - INSTRUMENT_KEYS):
            problems.append(
                smap.problem(
                    ("instruments", name, key),
                    f"unknown key {key!r} in instrument {name!r} "
                    f"(allowed: {', '.join(sorted(INSTRUMENT_KEYS))}); quote text that contains commas",
                )
            )
        if not (spec or {}).get("title"):
            problems.append(smap.problem(("instruments", name), f"instrument {name!r} has no title"))
    for name, paras in (data.get("paragraphs") or {}).items():
        for para, spec in (paras or {}).items():
            spec = spec or {}
            for key in sorted(set(spec) - PARAGRAPH_KEYS):
                problems.append(
                    smap.problem(
                        ("paragraphs", name, para, key),
                        f"unknown key {key!r} in {para} {name} "
                        f"(allowed: {', '.join(sorted(PARAGRAPH_KEYS))}); quote text that contains commas",
                    )
                )
            if spec.get("status") not in ("P", "S", "U"):
                problems.append(smap.problem(("paragraphs", name, para), f"{para} {name} needs status P, S or U"))
    return problems


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
    problems = []
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
