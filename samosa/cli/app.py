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
import gc
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from samosa._version import __version__
from samosa.source.dates import parse_date
from samosa.source.escaping import escape_controls
from samosa.source.files import STDIN_NAME
from samosa.source.problems import RuleError, SamosaError, UsageError

app = typer.Typer(
    # --install-completion / --show-completion (bash, zsh, fish, PowerShell); see docs/ci.md.
    add_completion=True,
    no_args_is_help=True,
    # Sub-commands and the `rules` group inherit these from the root context.
    context_settings={"help_option_names": ["-h", "--help"]},
    help="samosa — check systematic work-environment management (SAM/OSA) against AV's rules.",
)


EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"samosa {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
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
    """``--date`` through the one date parser (``source/dates.py``); a usage error when malformed."""
    return None if value is None else parse_date(value)


def _fail(message: str) -> typer.Exit:
    typer.echo(escape_controls(f"samosa: error: {message}"), err=True)
    return typer.Exit(EXIT_INPUT)


def say(message: str) -> None:
    """A message on stderr, with control and bidi characters from the input made visible."""
    typer.echo(escape_controls(message), err=True)


def _report_problems(exc: SamosaError) -> typer.Exit:
    kind = "rule pack" if isinstance(exc, RuleError) else "input"
    for problem in exc.problems:
        say(str(problem))
    n = len(exc.problems)
    hint = " (`samosa rules lint` lists every problem of a pack)" if isinstance(exc, RuleError) else ""
    typer.echo(f"samosa: {n} {kind} problem{'s' if n != 1 else ''}; nothing was evaluated{hint}.", err=True)
    return typer.Exit(EXIT_INPUT)


@contextmanager
def user_errors():
    """Turn the errors a user can cause into a message and exit code 2, never a traceback."""
    try:
        yield
        sys.stdout.flush()  # a closed pipe shows here, not in click's exit path (which exits 1)
    except SamosaError as exc:
        raise _report_problems(exc) from None
    except UsageError as exc:
        raise _fail(str(exc)) from None
    except BrokenPipeError:
        raise pipe_closed() from None
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise _fail(f"{where}{exc.strerror or exc}") from None


EXIT_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a process killed by it


def pipe_closed() -> typer.Exit:
    """``samosa check DIR | head``: the reader left. No traceback, no second error while
    flushing at exit, and an exit code that is not 1 (click's default means "findings" here)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return typer.Exit(EXIT_PIPE)


def is_stdin(path: Optional[Path]) -> bool:
    return path is not None and str(path) == "-"


def load_organisation(org_file: Path):
    """The organisation file, or standard input when it is ``-`` (positions say ``<stdin>``)."""
    from samosa.models.loading import load_org

    if is_stdin(org_file):
        from samosa.source.files import read_stream
        from samosa.source.loader import MAX_BYTES

        return load_org(STDIN_NAME, read_stream(sys.stdin.buffer, MAX_BYTES))
    return load_org(org_file)


def load_inputs(org_file: Path, date: Optional[str], rules_dir: Optional[Path], profile: Optional[str]):
    """What every command starts from: the organisation, the rule book and the date."""
    from samosa.rulebook.pack import load_rules

    on = _parse_date(date)
    org = load_organisation(org_file)
    book = load_rules(rules_dir)
    if profile is not None and not book.select(profile):
        raise UsageError(f"no rules in profile {profile!r}")
    return org, book, on


def tune_collector() -> None:
    """The CLI owns its short-lived process, so it, not the library, sets the garbage collector.

    Loading a large file and planning allocate many small acyclic containers; with the
    default thresholds the cyclic collector rescans the growing heap again and again (a
    10 000-item plan took about three times as long, and evaluating 10 000 units cost 2.2× per
    unit what 100 units cost, against 1.05× with no collector: benchmarks/README.md). Objects
    from imports are frozen out of the collector's view, and young and middle collections made
    rarer (a middle one after ten million allocations, so that a check of one large file meets
    about one); reference counting still frees everything, and the library never touches the
    collector (a host application keeps its own settings).
    """
    gc.freeze()
    gc.set_threshold(100_000, 100, 100)


def main() -> None:
    """Entry point: never show a traceback unless SAMOSA_DEBUG is set."""
    tune_collector()
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_PIPE)
    except Exception as exc:  # pragma: no cover - last resort
        if os.environ.get("SAMOSA_DEBUG"):
            raise
        print(
            f"samosa: internal error: {type(exc).__name__}: {exc} "
            "(set SAMOSA_DEBUG=1 for a traceback and please report it)",
            file=sys.stderr,
        )
        sys.exit(3)
