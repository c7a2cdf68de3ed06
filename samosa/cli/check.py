"""``samosa check``: evaluate one org file (``-`` for standard input), or every file of a directory.

Exit codes: 0 nothing failing at or above --fail-on; 1 findings at or above it
(or a rule that could not be evaluated); 2 usage or input error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
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
    app,
    is_stdin,
    load_inputs,
    user_errors,
)
from samosa.source.problems import UsageError


def default_root(root: Optional[Path]) -> Path:
    """``--root``, else the top of the git work tree we are in, else the current directory."""
    from samosa.source.files import repository_root

    if root is not None:
        return Path(root).absolute()
    return repository_root() or Path.cwd()


@app.command()
def check(
    org_file: Path = typer.Argument(
        ..., help="The organisation file (org.yaml), '-' for standard input, or a directory.", show_default=False
    ),
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
        False, "--verbose", "-v", help="Text format: show passing and not applicable findings in full too."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Text format: only one line per failing finding, and the summary."
    ),
    waivers: Optional[Path] = typer.Option(
        None, "--waivers", help="Waivers file (planned actions and documented judgements); see docs/ci.md."
    ),
    baseline: Optional[Path] = typer.Option(
        None,
        "--baseline",
        help="The previous assessment (--format json output, or an earlier org file): "
        "report what changed and fail only on what is new or worse.",
    ),
    jobs: int = typer.Option(
        1, "--jobs", "-j", help="ORG_FILE is a directory: check its files in this many processes (0 = one per CPU)."
    ),
    not_shown: NotShown = typer.Option(NotShown.fail, "--not-shown", help=NOT_SHOWN_HELP),
    root: Optional[Path] = typer.Option(
        None,
        "--root",
        help="sarif and github formats: paths are written relative to this directory "
        "(default: the top of the git repository, else the current directory).",
    ),
) -> None:
    """Evaluate ORG_FILE against every applicable rule.

    By default failing findings are shown in full and passing ones summarised per
    area; --verbose shows everything, --quiet one line per failing finding.
    Exit codes: 0 nothing failing at or above --fail-on; 1 findings at or above
    --fail-on (or a rule that could not be evaluated); 2 usage or input error.
    """
    from samosa.engine.evaluate import evaluate
    from samosa.reporters import FORMATS
    from samosa.reporters.text import colour_enabled
    from samosa.source.files import write_atomic

    if verbose and quiet:
        raise _fail("--verbose and --quiet exclude each other")
    if not is_stdin(org_file) and org_file.is_dir():
        raise _check_directory(
            org_file, date, fmt, fail_on, profile, rules_dir, output, jobs, waivers, baseline, root, quiet, not_shown
        )
    with user_errors():
        org, book, on = load_inputs(org_file, date, rules_dir, profile)
        assessment = evaluate(org, book, date=on, profile=profile)
        from samosa.cli.ci import apply_ci_options

        assessment = apply_ci_options(assessment, org, waivers, baseline, book, profile)
        colour = output is None and colour_enabled(sys.stdout)
        where = default_root(root) if fmt.value in ("sarif", "github") else None
        rendered = FORMATS[fmt.value](assessment, colour=colour, verbose=verbose, quiet=quiet, rules=book, root=where)
        if output is not None:
            inputs = (() if is_stdin(org_file) else (org_file,)) + ((waivers,) if waivers else ())
            write_atomic(output, rendered, inputs=inputs)
        else:
            sys.stdout.write(rendered)
    from samosa.engine.waivers import gate_failing

    failing = gate_failing(assessment, fail_on.value, not_shown.value)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def _progress(results: Iterable, total: int, enabled: bool) -> Iterator:
    """Pass ``results`` through, drawing a progress bar on stderr while they come (rich)."""
    if not enabled:
        yield from results
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("samosa check"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # stdout is not redirected: it is a file or a pipe here (see _check_directory), never this terminal.
    with Progress(
        *columns, console=Console(stderr=True), transient=True, redirect_stdout=False, redirect_stderr=False
    ) as bar:
        task = bar.add_task("check", total=total)
        for r in results:
            yield r
            bar.advance(task)


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
    root: Optional[Path],
    quiet: bool,
    not_shown: NotShown = NotShown.fail,
) -> typer.Exit:
    """``samosa check DIR/``: every YAML file below DIR, one combined document written as results come.

    A progress bar goes to stderr when stderr is a terminal and the report is not
    written to that same terminal (``--output``, or stdout redirected), and never
    with --quiet.
    """
    from samosa.engine.batch import collect_files, iter_check, load_book
    from samosa.reporters.batch import RENDER_IN_WORKERS, write_batch
    from samosa.source.files import open_atomic

    try:
        with user_errors():
            if waivers is not None or baseline is not None:
                raise UsageError("--waivers and --baseline apply to one org file, not to a directory")
            on = _parse_date(date)
            book = load_book(rules_dir, profile)
            inputs = tuple(collect_files([directory]))
            results = iter_check(
                inputs,
                book,
                jobs,
                date=on,
                profile=profile,
                fail_on=fail_on.value,
                not_shown=not_shown.value,
                render=RENDER_IN_WORKERS.get(fmt.value),
            )
            shown = not quiet and sys.stderr.isatty() and (output is not None or not sys.stdout.isatty())
            where = default_root(root) if fmt.value in ("sarif", "github") else None
            with open_atomic(output, inputs=inputs) if output is not None else nullcontext(sys.stdout) as out:
                totals = write_batch(
                    _progress(results, len(inputs), shown),
                    out,
                    fmt.value,
                    fail_on=fail_on.value,
                    profile=profile,
                    book=book,
                    root=where,
                    quiet=quiet,
                )
    except typer.Exit as exit_:
        return exit_
    return typer.Exit(totals.exit_code)
