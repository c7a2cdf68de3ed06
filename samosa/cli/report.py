"""``samosa report``: the self-assessment as one self-contained HTML file.

Kept apart from ``cli.py`` so the report's options live with the report;
``cli.py`` registers this module with a single import. Exit codes: 0 the
report was written (deficiencies are the report's content, not a failure);
2 usage or input error, printed as ``file:line:col: message``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from samosa.cli.app import app, load_inputs, user_errors


@app.command()
def report(
    org_file: Path = typer.Argument(..., help="The organisation file (org.yaml).", show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the HTML report here (default: stdout)."),
    date: Optional[str] = typer.Option(
        None, "--date", help="Assessment date YYYY-MM-DD (default: the org file's, else today)."
    ),
    profile: Optional[str] = typer.Option(
        None, "--profile", help="Only rules in this profile (e.g. sam, socialtjanst)."
    ),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="Rule pack directory (default: the bundled rules)."),
    baseline: Optional[Path] = typer.Option(
        None,
        "--baseline",
        help="The previous assessment (samosa check --format json output, or last year's org file): "
        "the report shows what changed since then.",
    ),
) -> None:
    """Write a self-contained HTML self-assessment report for ORG_FILE.

    It opens with the ranked first steps (what, who, when, why); with --baseline,
    what changed since the previous assessment per area and unit. Then a summary
    per area (Ja / I huvudsak / Delvis / Nej), a heatmap
    of units × areas, every demand with its references and evidence, the
    action-plan graph, a timeline of deadlines and signal charts. No scripts
    and no network resources; it prints on A4.
    """
    from samosa.engine.evaluate import evaluate
    from samosa.report.html import report_html
    from samosa.source.files import write_atomic

    with user_errors():
        org, book, on = load_inputs(org_file, date, rules_dir, profile)
        assessment = evaluate(org, book, date=on, profile=profile)
        previous = None
        if baseline is not None:
            from samosa.engine.baseline import load_baseline

            previous = load_baseline(baseline, book, profile, assessment.assessment_date)
        html = report_html(org, book, assessment, previous)
        if output is not None:
            write_atomic(output, html, inputs=(org_file,) + ((baseline,) if baseline is not None else ()))
        else:
            sys.stdout.write(html)
