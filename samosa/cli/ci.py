"""CLI commands for running samosa in CI: ``schema``, ``init`` and ``precommit``.

Also the glue ``check`` uses for ``--waivers`` and ``--baseline``. Like the
rest of the CLI this only parses arguments, calls library functions and
prints; the work is in ``waivers``, ``baseline``, ``schemas`` and ``starter``.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from samosa.cli.app import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    NOT_SHOWN_HELP,
    FailOn,
    NotShown,
    _parse_date,
    app,
    say,
    user_errors,
)
from samosa.engine.findings import Assessment
from samosa.models.loading import LoadedOrg

if TYPE_CHECKING:
    from samosa.rulebook.model import RuleBook
from samosa.source.problems import SamosaError, UsageError


def apply_ci_options(
    assessment: Assessment,
    org: LoadedOrg,
    waivers: Optional[Path],
    baseline: Optional[Path],
    book: Optional[RuleBook] = None,
    profile: Optional[str] = None,
) -> Assessment:
    """Apply ``--waivers`` then ``--baseline`` (a JSON result or an earlier org file, assessed with
    ``book``); warn on stderr about expired and unused waivers."""
    if waivers is not None:
        from samosa.engine.waivers import apply_waivers
        from samosa.models.waivers import load_waivers

        assessment = apply_waivers(assessment, load_waivers(waivers), org)
        for f in assessment.findings:
            if f.waiver is not None and not f.waiver.active:
                say(
                    f"{f.waiver.file}:{f.waiver.line}:{f.waiver.column}: warning: {f.rule} {f.scope}: "
                    f"{f.waiver.message}"
                )
        report = assessment.waivers
        if report is None:  # apply_waivers always attaches its report
            raise RuntimeError("apply_waivers returned an assessment without a waiver report")
        for u in report.unused:
            say(f"{u.file}:{u.line}:{u.column}: warning: waiver {u.id!r} ({u.rule}) is unused: {u.reason}")
    if baseline is not None:
        from samosa.engine.baseline import apply_baseline, load_baseline

        previous = load_baseline(baseline, book, profile, assessment.assessment_date)
        for note in previous.notes:
            say(f"{baseline}: note: {note}")
        assessment = apply_baseline(assessment, previous)
    return assessment


class SchemaKind(str, Enum):
    org = "org"
    waivers = "waivers"
    inspection = "inspection"


@app.command()
def schema(
    kind: SchemaKind = typer.Option(SchemaKind.org, "--kind", help="Which file's schema: org, waivers or inspection."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the schema to this file instead of stdout."
    ),
    all_dir: Optional[Path] = typer.Option(
        None, "--all", help="Write every schema (org, waivers, inspection) into this directory."
    ),
) -> None:
    """Print the JSON Schema for org.yaml (or another input file), generated from the models.

    Point the YAML language server at it for autocompletion and validation with
    Swedish descriptions. Regenerate the committed copies with: samosa schema --all schema/
    """
    from samosa.models.schemas import KINDS, all_schemas, render
    from samosa.source.files import write_atomic

    with user_errors():
        if all_dir is not None:
            all_dir.mkdir(parents=True, exist_ok=True)
            for name, text in all_schemas().items():
                write_atomic(all_dir / name, text)
                say(f"wrote {all_dir / name}")
            return
        built = KINDS[kind.value][1]()
        if built is None:
            raise UsageError(f"no {kind.value} model in this version of samosa")
        text = render(built)
        if output is not None:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)


@app.command()
def init(
    units: int = typer.Option(1, "--units", min=1, max=500, help="Number of units (enheter) to start with."),
    name: str = typer.Option("Exempelby kommun", "--name", help="The employer's name."),
    employees: Optional[int] = typer.Option(
        None, "--employees", min=0, max=1_000_000, help="Employees in the whole organisation, spread over the units."
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --output file."),
    inspection: bool = typer.Option(
        False, "--inspection", help="Write a starter inspection record (inspection.yaml) for samosa render instead."
    ),
) -> None:
    """Write a commented starter org.yaml that passes validation; fill it in and run samosa check.

    With --inspection: a commented starter inspection record for AV's letters (samosa render --inspection)."""
    from samosa.models.inspection import starter_inspection
    from samosa.models.starter import starter_org
    from samosa.source.files import write_atomic

    text = starter_inspection() if inspection else starter_org(units=units, name=name, employees=employees)
    if output is None:
        sys.stdout.write(text)
        return
    with user_errors():
        if output.exists() and not force:
            raise UsageError(f"{output} exists; use --force to overwrite it")
        write_atomic(output, text)
    nxt = (
        f"samosa render inspektionsmeddelande ORG.yaml --inspection {output}"
        if inspection
        else f"samosa check {output}"
    )
    say(f"wrote {output}; next: {nxt}")


@app.command()
def precommit(
    files: list[Path] = typer.Argument(None, help="Organisation files (pre-commit passes the staged ones)."),
    date: Optional[str] = typer.Option(
        None, "--date", help="Assessment date YYYY-MM-DD (default: each file's, else today)."
    ),
    fail_on: FailOn = typer.Option(
        FailOn.legal, "--fail-on", help="Lowest severity whose failing findings fail the hook."
    ),
    profile: Optional[str] = typer.Option(None, "--profile", help="Only rules in this profile."),
    waivers: Optional[Path] = typer.Option(None, "--waivers", help="Waivers file applied to every organisation file."),
    not_shown: NotShown = typer.Option(NotShown.fail, "--not-shown", help=NOT_SHOWN_HELP),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="One line per failing finding and the summary (the hook passes it)."
    ),
) -> None:
    """Check several organisation files at once (the pre-commit hook's entry point).

    Prints a text report per file (with --quiet: one line per failing finding
    and the summary). Exit code: 2 if any file is invalid, else 1 if any has
    findings at or above --fail-on, else 0.
    """
    from samosa.engine.evaluate import evaluate
    from samosa.engine.waivers import gate_failing
    from samosa.models.loading import load_org
    from samosa.reporters.text import colour_enabled, render_text
    from samosa.rulebook.pack import load_rules

    worst = EXIT_OK
    with user_errors():
        on = _parse_date(date)
        book = load_rules(None)
    for path in files or []:
        try:
            org = load_org(path)
            assessment = apply_ci_options(evaluate(org, book, date=on, profile=profile), org, waivers, None)
        except SamosaError as exc:
            for problem in exc.problems:
                say(str(problem))
            worst = EXIT_INPUT
            continue
        sys.stdout.write(render_text(assessment, colour=colour_enabled(sys.stdout), quiet=quiet))
        if gate_failing(assessment, fail_on.value, not_shown.value) and worst == EXIT_OK:
            worst = EXIT_FINDINGS
    raise typer.Exit(worst) from None
