"""The ``samosa`` command line: parse arguments, call the library, print, exit.

Exit codes of ``samosa check``:
  0  no finding at or above --fail-on (and no rule that failed to evaluate)
  1  at least one finding at or above --fail-on, or a rule that could not be evaluated
  2  usage or input error (bad org file, bad rule pack, bad arguments)

Each command is a module of this package; importing them registers them on
``samosa.cli.app.app`` in the order ``--help`` lists them.
"""

from samosa.cli import check, ci, plan, render, report  # noqa: F401  (registers the commands)
from samosa.cli.app import app, main
from samosa.cli.cases import cases_app
from samosa.cli.rules import rules_app

app.add_typer(rules_app, name="rules")
app.add_typer(cases_app, name="cases")

__all__ = ["app", "main"]
