"""The Typer application every command registers on, and what they share.

Argument types, the date parser, the one handler that turns user errors into
exit code 2, ``load_inputs`` and ``main``. Commands live in their own modules
(``samosa/cli/<command>.py``) and import ``app`` from here; ``samosa.cli``
imports them all, so registering a command never needs an import cycle.

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

from samosa.source.problems import SamosaError, UsageError

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


class NotShown(str, Enum):
    """What a finding the file does not show (framgår inte) does to the exit code."""

    fail = "fail"
    warn = "warn"


NOT_SHOWN_HELP = (
    "A finding whose facts the org file does not state (framgår inte): 'fail' counts it like a "
    "deficiency at its rule's severity (fail closed, the default); 'warn' reports it without failing."
)


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


def _fail(message: str) -> typer.Exit:
    typer.echo(f"samosa: error: {message}", err=True)
    return typer.Exit(EXIT_INPUT)


def _report_problems(exc: SamosaError) -> typer.Exit:
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
        raise _report_problems(exc) from None
    except UsageError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise _fail(f"{where}{exc.strerror or exc}") from None


def load_inputs(org_file: Path, date: Optional[str], rules_dir: Optional[Path], profile: Optional[str]):
    """What every command starts from: the organisation, the rule book and the date."""
    from samosa.models.loading import load_org
    from samosa.rulebook.pack import load_rules

    on = _parse_date(date)
    org = load_org(org_file)
    book = load_rules(rules_dir)
    if profile is not None and not book.select(profile):
        raise UsageError(f"no rules in profile {profile!r}")
    return org, book, on


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
        print(
            f"samosa: internal error: {type(exc).__name__}: {exc} "
            "(set SAMOSA_DEBUG=1 for a traceback and please report it)",
            file=sys.stderr,
        )
        sys.exit(3)
