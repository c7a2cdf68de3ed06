"""The ``samosa`` command line: parse arguments, call the library, print, exit.

Exit codes of ``samosa check``:
  0  no finding at or above --fail-on (and no rule that failed to evaluate)
  1  at least one finding at or above --fail-on, or a rule that could not be evaluated
  2  usage or input error (bad org file, bad rule pack, bad arguments)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .errors import SamosaError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="samosa — check systematic work-environment management (SAM/OSA) against AV's rules.",
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


@app.callback()
def _root() -> None:
    """samosa — check systematic work-environment management (SAM/OSA) against AV's rules."""


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class FailOn(str, Enum):
    legal = "legal"
    advice = "advice"
    good_practice = "good_practice"
    never = "never"


def _parse_date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date expects YYYY-MM-DD, got {value!r}") from None
    if not 1900 <= parsed.year <= 2199:
        raise UsageError(f"--date must be between 1900-01-01 and 2199-12-31, got {value!r}")
    return parsed


def _fail(message: str) -> "typer.Exit":
    typer.echo(f"samosa: error: {message}", err=True)
    return typer.Exit(EXIT_INPUT)


def _report_problems(exc: SamosaError) -> "typer.Exit":
    kind = "rule pack" if exc.__class__.__name__ == "RuleError" else "input"
    for problem in exc.problems:
        typer.echo(f"{problem}", err=True)
    n = len(exc.problems)
    typer.echo(f"samosa: {n} {kind} problem{'s' if n != 1 else ''}; nothing was evaluated.", err=True)
    return typer.Exit(EXIT_INPUT)


@contextmanager
def user_errors():
    """Turn the errors a user can cause into a message and exit code 2, never a traceback."""
    try:
        yield
    except SamosaError as exc:
        raise _report_problems(exc)
    except UsageError as exc:
        raise _fail(str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise _fail(f"{where}{exc.strerror or exc}")


def load_inputs(org_file: Path, date: Optional[str], rules_dir: Optional[Path], profile: Optional[str]):
    """What every command starts from: the organisation, the rule book and the date."""
    from .loading import load_org
    from .rules import load_rules

    on = _parse_date(date)
    org = load_org(org_file)
    book = load_rules(rules_dir)
    if profile is not None and not book.select(profile):
        raise UsageError(f"no rules in profile {profile!r}")
    return org, book, on


@app.command()
def check(
    org_file: Path = typer.Argument(..., help="The organisation file (org.yaml).", show_default=False),
    date: Optional[str] = typer.Option(None, "--date", help="Assessment date YYYY-MM-DD (default: the org file's, else today)."),
    fmt: OutputFormat = typer.Option(OutputFormat.text, "--format", help="Output format."),
    fail_on: FailOn = typer.Option(FailOn.legal, "--fail-on", help="Lowest severity whose failing findings make the exit code 1."),
    profile: Optional[str] = typer.Option(None, "--profile", help="Only rules in this profile (e.g. sam, socialtjanst)."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="Rule pack directory (default: the bundled rules)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file instead of stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Text format: also show passing and not applicable findings in full."),
    waivers: Optional[Path] = typer.Option(None, "--waivers", help="Waivers file (planned actions and documented judgements); see docs/ci.md."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Previous --format json output: report only findings new since then."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="ORG_FILE is a directory: check its files in this many processes (0 = one per CPU)."),
) -> None:
    """Evaluate ORG_FILE against every applicable rule.

    Exit codes: 0 nothing failing at or above --fail-on; 1 findings at or above
    --fail-on (or a rule that could not be evaluated); 2 usage or input error.
    """
    from .evaluate import evaluate
    from .output import write_atomic
    from .reporters import FORMATS
    from .reporters.text import colour_enabled

    if org_file.is_dir():
        raise _check_directory(org_file, date, fmt, fail_on, profile, rules_dir, output, jobs, waivers, baseline)
    with user_errors():
        org, book, on = load_inputs(org_file, date, rules_dir, profile)
        assessment = evaluate(org, book, date=on, profile=profile)
        from .cli_ci import apply_ci_options

        assessment = apply_ci_options(assessment, org, waivers, baseline)
        colour = output is None and colour_enabled(sys.stdout)
        rendered = FORMATS[fmt.value](assessment, colour=colour, verbose=verbose, rules=book)
        if output is not None:
            write_atomic(output, rendered, inputs=(org_file,) + ((waivers,) if waivers else ()))
        else:
            sys.stdout.write(rendered)
    from .waivers import gate_failing

    failing = gate_failing(assessment, fail_on.value)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


from . import cli_report  # noqa: E402,F401  registers `samosa report`
from . import cli_ci  # noqa: E402,F401  registers `samosa schema`, `init`, `precommit`
from . import cli_plan  # noqa: E402,F401  registers `samosa plan`
from . import cli_render  # noqa: E402,F401  registers `samosa render`


def _check_directory(directory: Path, date: Optional[str], fmt: OutputFormat, fail_on: FailOn,
                     profile: Optional[str], rules_dir: Optional[Path], output: Optional[Path], jobs: int,
                     waivers: Optional[Path], baseline: Optional[Path]) -> "typer.Exit":
    """``samosa check DIR/``: every YAML file below DIR, one combined result (see samosa/batch.py)."""
    from .batch import check_many, collect_files
    from .output import write_atomic
    from .reporters.batch import render_batch_json, render_batch_text

    try:
        if waivers is not None or baseline is not None:
            raise UsageError("--waivers and --baseline apply to one org file, not to a directory")
        if fmt.value not in ("text", "json"):
            raise UsageError(f"--format {fmt.value} is not available for a directory; use text or json")
        inputs = tuple(collect_files([directory]))
        result = check_many(inputs, rules_dir, jobs, date=_parse_date(date), profile=profile, fail_on=fail_on.value)
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


from .cli_rules import rules_app  # noqa: E402  (samosa rules …)

app.add_typer(rules_app, name="rules")


def main() -> None:
    """Entry point: never show a traceback unless SAMOSA_DEBUG is set."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - last resort
        if os.environ.get("SAMOSA_DEBUG"):
            raise
        print(f"samosa: internal error: {type(exc).__name__}: {exc} "
              "(set SAMOSA_DEBUG=1 for a traceback and please report it)", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":  # pragma: no cover
    main()
