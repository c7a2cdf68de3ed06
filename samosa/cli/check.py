"""``samosa check``: evaluate one org file, or every file of a directory.

Exit codes: 0 nothing failing at or above --fail-on; 1 findings at or above it
(or a rule that could not be evaluated); 2 usage or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from samosa.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    NOT_SHOWN_HELP,
    FailOn,
    NotShown,
    OutputFormat,
    _fail,
    _parse_date,
    _report_problems,
    app,
    load_inputs,
    user_errors,
)
from samosa.source.problems import SamosaError, UsageError


@app.command()
def check(
    org_file: Path = typer.Argument(..., help="The organisation file (org.yaml).", show_default=False),
    date: Optional[str] = typer.Option(
        None, "--date", help="Assessment date YYYY-MM-DD (default: the org file's, else today)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="Output format."),
    fail_on: FailOn = typer.Option(
        FailOn.legal, "--fail-on", help="Lowest severity whose failing findings make the exit code 1."
    ),
    profile: Optional[str] = typer.Option(
        None, "--profile", help="Only rules in this profile (e.g. sam, socialtjanst)."
    ),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="Rule pack directory (default: the bundled rules)."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the report to this file instead of stdout."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Text format: also show passing and not applicable findings in full."
    ),
    waivers: Optional[Path] = typer.Option(
        None, "--waivers", help="Waivers file (planned actions and documented judgements); see docs/ci.md."
    ),
    baseline: Optional[Path] = typer.Option(
        None, "--baseline", help="Previous --format json output: report only findings new since then."
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", help="ORG_FILE is a directory: check its files in this many processes (0 = one per CPU)."
    ),
    not_shown: NotShown = typer.Option(NotShown.fail, "--not-shown", help=NOT_SHOWN_HELP),
) -> None:
    """Evaluate ORG_FILE against every applicable rule.

    Exit codes: 0 nothing failing at or above --fail-on; 1 findings at or above
    --fail-on (or a rule that could not be evaluated); 2 usage or input error.
    """
    from samosa.engine.evaluate import evaluate
    from samosa.reporters import FORMATS
    from samosa.reporters.text import colour_enabled
    from samosa.source.files import write_atomic

    if org_file.is_dir():
        raise _check_directory(
            org_file, date, fmt, fail_on, profile, rules_dir, output, jobs, waivers, baseline, not_shown
        )
    with user_errors():
        org, book, on = load_inputs(org_file, date, rules_dir, profile)
        assessment = evaluate(org, book, date=on, profile=profile)
        from samosa.cli.ci import apply_ci_options

        assessment = apply_ci_options(assessment, org, waivers, baseline)
        colour = output is None and colour_enabled(sys.stdout)
        rendered = FORMATS[fmt.value](assessment, colour=colour, verbose=verbose, rules=book)
        if output is not None:
            write_atomic(output, rendered, inputs=(org_file,) + ((waivers,) if waivers else ()))
        else:
            sys.stdout.write(rendered)
    from samosa.engine.waivers import gate_failing

    failing = gate_failing(assessment, fail_on.value, not_shown.value)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def _check_directory(
    directory: Path,
    date: Optional[str],
    fmt: OutputFormat,
    fail_on: FailOn,
    profile: Optional[str],
    rules_dir: Optional[Path],
    output: Optional[Path],
    jobs: int,
    waivers: Optional[Path],
    baseline: Optional[Path],
    not_shown: NotShown = NotShown.fail,
) -> typer.Exit:
    """``samosa check DIR/``: every YAML file below DIR, one combined result (see samosa/engine/batch.py)."""
    from samosa.engine.batch import check_many, collect_files
    from samosa.reporters.batch import render_batch_json, render_batch_text
    from samosa.source.files import write_atomic

    try:
        if waivers is not None or baseline is not None:
            raise UsageError("--waivers and --baseline apply to one org file, not to a directory")
        if fmt.value not in ("text", "json"):
            raise UsageError(f"--format {fmt.value} is not available for a directory; use text or json")
        inputs = tuple(collect_files([directory]))
        result = check_many(
            inputs,
            rules_dir,
            jobs,
            date=_parse_date(date),
            profile=profile,
            fail_on=fail_on.value,
            not_shown=not_shown.value,
        )
        rendered = (render_batch_json if fmt.value == "json" else render_batch_text)(result)
        if output is not None:
            write_atomic(output, rendered, inputs=inputs)
        else:
            sys.stdout.write(rendered)
    except SamosaError as exc:
        return _report_problems(exc)
    except UsageError as exc:
        return _fail(str(exc))
    return typer.Exit(result.exit_code)
