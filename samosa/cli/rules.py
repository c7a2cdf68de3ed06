"""``samosa rules``: list, show, crosswalk and lint the rule catalogue.

A typer sub-app registered in ``cli.py``; it parses arguments, calls
``samosa.catalogue`` and prints. Exit codes: 0 success (lint: clean),
2 usage error or a rule pack with problems (each printed as file:line:col).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Optional

import typer

from samosa.cli.app import EXIT_INPUT, _parse_date, user_errors
from samosa.source.escaping import escape_controls, json_safe

rules_app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="List, show, crosswalk and lint the rule catalogue."
)


class Format(str, Enum):
    text = "text"
    json = "json"


RULES_OPTION = typer.Option(None, "--rules", help="Rule pack directory (default: the bundled rules).")
FORMAT_OPTION = typer.Option(Format.text, "--format", help="Output format.")


def _book(rules_dir: Optional[Path]):
    from samosa.rulebook.pack import load_rules

    return load_rules(rules_dir)


def _json(data: Any) -> None:
    sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)) + "\n")


def _write(text: str) -> None:
    """Text output; a rule pack of one's own (--rules) is input too: controls are made visible."""
    sys.stdout.write(escape_controls(text))


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=False)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


@rules_app.command("list")
def list_cmd(
    date: Optional[str] = typer.Option(
        None, "--date", help="Only rules in force on YYYY-MM-DD, with the citations valid that day."
    ),
    profile: Optional[str] = typer.Option(
        None, "--profile", help="Only rules in this profile (socialtjanst, sam, god-praxis)."
    ),
    fmt: Format = FORMAT_OPTION,
    rules_dir: Optional[Path] = RULES_OPTION,
) -> None:
    """List the rules (sorted by id)."""
    from samosa.rulebook.catalogue import list_rules

    with user_errors():
        on = _parse_date(date)
        rows = list_rules(_book(rules_dir), on=on, profile=profile)
    if fmt is Format.json:
        _json({"date": on.isoformat() if on else None, "profile": profile, "rules": rows})
        return
    table = [[r["id"], r["area"], r["severity"], r["scope"], "; ".join(r["references"])] for r in rows]
    _write(_table(table, ["regel", "område", "nivå", "omfattning", "hänvisningar"]))
    when = f" gällande {on.isoformat()}" if on else ""
    which = f" i profilen {profile}" if profile else ""
    _write(f"{len(rows)} regler{which}{when}.\n")


@rules_app.command("show")
def show_cmd(
    rule_id: str = typer.Argument(..., help="Rule id, e.g. OSA-BELASTNING.", show_default=False),
    fmt: Format = FORMAT_OPTION,
    rules_dir: Optional[Path] = RULES_OPTION,
) -> None:
    """Show one rule: requirement, references with validity, checks and the demand."""
    from samosa.rulebook.catalogue import (
        SCOPE_TITLES,
        describe_area,
        describe_severity,
        rule_detail,
    )
    from samosa.rulebook.references import STATUS_TITLES

    with user_errors():
        d = rule_detail(_book(rules_dir), rule_id, examples=rules_dir is None)
    if fmt is Format.json:
        _json(d)
        return
    out = [
        f"{d['id']} — {d['title']}",
        f"Område: {describe_area(d['area'])} · Nivå: {describe_severity(d['severity'])} · "
        f"Omfattning: {SCOPE_TITLES[d['scope']]}",
        f"Profiler: {', '.join(d['profiles']) or '–'}",
        "",
        "Hänvisningar:",
    ]
    for ref in d["references"]:
        span = (
            f"{ref['valid_from'] or '…'} – {ref['valid_until'] or '…'}"
            if ref["valid_from"] or ref["valid_until"]
            else "gäller hela tiden"
        )
        status = f", status {ref['status']} ({STATUS_TITLES[ref['status']]})" if ref["status"] else ""
        out.append(f"  {ref['citation']} ({ref['title']}; {span}{status})")
        for check_id, why in (ref.get("unverified") or {}).items():
            out.append(f"    overifierat för kontrollen {check_id}: {why}")
    out += ["", "Kravet:", f"  {d['summary']}"]
    if d["applies_when"]:
        out += ["", "Gäller när:"] + [f"  {c.get('describe') or c['field']}" for c in d["applies_when"]]
    if d["triggers"]:
        out += ["", "Signaler (minst en ska föreligga):"] + [
            f"  {c.get('describe') or c['field']}" for c in d["triggers"]
        ]
    out += ["", "Kontroller:"]
    for c in d["checks"]:
        where = c.get("collection") or c.get("path")
        mark = ", väsentlig" if c["essential"] else ""
        out.append(f"  {c['id']} ({c['kind']} {where}{mark}): {c['missing']}")
        rests = "; ".join(c["rests_on"]) or "–"
        out.append(f"    grund: {describe_severity(c['basis'])} – {rests}")
    out += [
        "",
        "Krav (som Arbetsmiljöverket skulle formulera det):",
        f"  {d['demand']}",
        f"Svarstid: {d['reply_weeks']} veckor",
    ]
    if d["requires"]:
        out.append(f"Förutsätter: {', '.join(d['requires'])}")
    if d["required_by"]:
        out.append(f"Förutsättning för: {', '.join(d['required_by'])}")
    if d["notes"]:
        out += ["", "Tolkning:", f"  {d['notes']}"]
    if d["examples"]:
        from samosa.rulebook.examples import Example, describe_example, grouped

        examples = [Example(**e) for e in d["examples"]]
        out += [
            "",
            f"Exempel (testfall som körs i testsviten: tests/rules/{d['id']}.yaml; ändringar mot grundexemplet):",
        ]
        for heading, rows in grouped(examples):
            out.append(f"  {heading}:")
            out += [f"    {describe_example(ex, scopes)}" for ex, scopes in rows]
    out += ["", f"Källa: {d['source']}"]
    _write("\n".join(out) + "\n")


@rules_app.command("crosswalk")
def crosswalk_cmd(fmt: Format = FORMAT_OPTION, rules_dir: Optional[Path] = RULES_OPTION) -> None:
    """Old citations (to 2024-12-31) → new citations (from 2025-01-01) per rule, generated from the rules."""
    from samosa.rulebook.catalogue import crosswalk

    with user_errors():
        rows = crosswalk(_book(rules_dir))
    if fmt is Format.json:
        _json(rows)
        return
    table = [
        [r["rule"], "; ".join(r["old"]) or "–", "; ".join(r["new"]) or "–", "; ".join(r["always"]) or "–"] for r in rows
    ]
    _write(_table(table, ["regel", "t.o.m. 2024-12-31", "från 2025-01-01", "hela tiden"]))


@rules_app.command("lint")
def lint_cmd(rules_dir: Optional[Path] = RULES_OPTION) -> None:
    """Check the rule pack: well-formed rules, known citations, unique ids, prerequisites,
    profiles, file names, citations in force from 2025 and coverage of every paragraph.

    Exit 0 when clean, 2 with one file:line:col line per problem.
    """
    from samosa.rulebook.catalogue import lint

    problems = lint(rules_dir)
    for problem in problems:
        typer.echo(escape_controls(str(problem)))
    if problems:
        n = len(problems)
        typer.echo(f"samosa: {n} rule pack problem{'s' if n != 1 else ''}.", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    typer.echo("rule pack is clean.", err=True)
