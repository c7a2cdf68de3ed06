"""``samosa plan``: the action plan as a dependency graph (see docs/plan.md).

Kept apart from ``cli.py`` so the plan's options live with the plan; ``cli.py``
registers this module with a single import. Exit codes: 0 the plan has no
problems; 1 it has problems (cycles, missing responsible or deadline, date
order, overdue items, unanswered demands …) — the output is written either
way; 2 usage or input error, printed as ``file:line:col: message``.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from samosa.cli.app import EXIT_FINDINGS, EXIT_OK, app, load_inputs, user_errors


class PlanFormat(str, Enum):
    text = "text"
    json = "json"
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"


class GroupBy(str, Enum):
    unit = "unit"
    area = "area"


@app.command()
def plan(
    org_file: Path = typer.Argument(..., help="The organisation file (org.yaml).", show_default=False),
    date: Optional[str] = typer.Option(
        None, "--date", help="Plan/assessment date YYYY-MM-DD (default: the org file's, else today)."
    ),
    fmt: PlanFormat = typer.Option(PlanFormat.text, "--format", help="Output format."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write to this file (atomically) instead of stdout."
    ),
    group_by: GroupBy = typer.Option(
        GroupBy.unit,
        "--group-by",
        help="Group items by unit (enhet) or area (verksamhetsområde) in mermaid, dot and svg.",
    ),
    profile: Optional[str] = typer.Option(
        None, "--profile", help="Only rules in this profile (e.g. sam, socialtjanst)."
    ),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="Rule pack directory (default: the bundled rules)."),
) -> None:
    """Merge the assessment's demands (krav) with ORG_FILE's action_plan and analyse it.

    Shows problems with file:line:col, what can start now, parallel levels, the
    critical path and earliest completion dates in Swedish working days.
    Exit codes: 0 no problems; 1 the plan has problems; 2 usage or input error.
    """
    from samosa.plan.graph import make_plan
    from samosa.plan.render import render
    from samosa.source.files import write_atomic

    with user_errors():
        org, book, on = load_inputs(org_file, date, rules_dir, profile)
        result = make_plan(org, book, date=on, profile=profile)
        rendered = render(result.report, fmt.value, group_by=group_by.value)
        if output is not None:
            write_atomic(output, rendered, inputs=(org_file,))
        else:
            sys.stdout.write(rendered)
    raise typer.Exit(EXIT_FINDINGS if result.report.problems else EXIT_OK)
