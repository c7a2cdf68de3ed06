"""``samosa render KIND ORG.yaml``: write one of AV's letters or the employer's documents.

A thin layer over :func:`samosa.documents.render.render`: parse arguments, load the
organisation, the rule pack and (for AV's letters and the reply) the
inspection record, render, write. Exit codes: 0 written, 2 usage or input
error (with ``file:line:col`` for problems in the input files).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from samosa.cli.app import EXIT_OK, app, load_inputs, user_errors
from samosa.documents.kinds import KINDS
from samosa.source.problems import UsageError

Kind = Enum("Kind", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class DocFormat(str, Enum):
    md = "md"
    html = "html"
    pdf = "pdf"


@app.command("render")
def render_command(
    kind: Kind = typer.Argument(..., help="Document kind: " + ", ".join(KINDS) + ".", show_default=False),
    org_file: Path = typer.Argument(..., help="The organisation file (org.yaml).", show_default=False),
    inspection: Optional[Path] = typer.Option(
        None, "--inspection", help="The inspection record (needed for AV's letters and the reply)."
    ),
    date: Optional[str] = typer.Option(
        None, "--date", help="Date of the document YYYY-MM-DD (default: the date the inspection record gives for it)."
    ),
    fmt: DocFormat = typer.Option(DocFormat.md, "--format", help="md, html (standalone, printable) or pdf (fpdf2)."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write to this file instead of stdout (required for pdf)."
    ),
    profile: Optional[str] = typer.Option(None, "--profile", help="Only rules in this profile."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", help="Rule pack directory (default: the bundled rules)."),
) -> None:
    """Render KIND for ORG_FILE: tillsynsmeddelande, begaran_om_komplettering, inspektionsmeddelande,
    underrattelse, forelaggande (AV's letters; need --inspection), self_assessment, reply.

    Exit codes: 0 document written; 2 usage or input error.
    """
    from samosa.documents.render import Inputs, render
    from samosa.models.inspection import load_inspection
    from samosa.source.files import write_atomic

    with user_errors():
        if fmt == DocFormat.pdf and output is None:
            raise UsageError("--format pdf writes binary data: give --output FILE")
        org, book, on = load_inputs(org_file, date, rules_dir, profile)
        record = load_inspection(inspection, org, book) if inspection is not None else None
        result = render(
            kind.value, Inputs(org=org, book=book, inspection=record, profile=profile), fmt=fmt.value, date=on
        )
        for w in result.warnings:  # what the inspector should know: a citation left out, areas not supervised
            typer.echo(f"{w.file}:{w.line}:{w.column}: warning: {w.message}", err=True)
        if output is not None:
            inputs = (org_file,) + ((inspection,) if inspection is not None else ())
            write_atomic(output, result.content, inputs=inputs)
        else:
            assert isinstance(result.content, str)  # pdf needs --output, refused above
            sys.stdout.write(result.content)  # md and html are text
    raise typer.Exit(EXIT_OK)
