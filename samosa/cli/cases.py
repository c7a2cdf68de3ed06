"""``samosa cases …``: the inspector's case register, a thin layer over :mod:`samosa.cases`.

Every command takes ``--db`` (a SQLite file path or a ``postgresql://`` URL;
default ``$SAMOSA_CASES_DB``, else ``samosa-cases.sqlite`` in the working
directory). Exit codes: 0 done; 2 usage or input error (a bad reply file is
reported as ``file:line:col``, and nothing is stored). The library is imported
inside the commands so ``samosa check`` never loads SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from samosa.cli.app import EXIT_OK, _parse_date, say, user_errors
from samosa.source.problems import UsageError

cases_app = typer.Typer(
    no_args_is_help=True,
    help="The inspector's case register: open a case, send the chain's letters, record replies, "
    "list what is due, propose the next step, AV's figures.",
)

DB_HELP = "The register: a SQLite file or a postgresql:// URL (default: $SAMOSA_CASES_DB, else ./samosa-cases.sqlite)."
LETTERS = ("tillsynsmeddelande", "begaran_om_komplettering", "inspektionsmeddelande", "underrattelse", "forelaggande")
Letter = Enum("Letter", {k: k for k in LETTERS}, type=str)  # type: ignore[misc]


class LetterFormat(str, Enum):
    pdf = "pdf"
    html = "html"
    md = "md"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class StatsFormat(str, Enum):
    text = "text"
    csv = "csv"
    html = "html"


def _register(db: Optional[str], *, create: bool = False):
    from samosa.cases.register import Register

    return Register(db, create=create)


def _date(value: Optional[str], what: str = "--date") -> Optional[dt.date]:
    try:
        return _parse_date(value)
    except UsageError:
        raise UsageError(f"{what} expects YYYY-MM-DD, got {value!r}") from None


def _today(value: Optional[str], what: str = "--date") -> dt.date:
    return _date(value, what) or dt.date.today()


def _numbers(value: Optional[str], what: str) -> list[int]:
    """``1,2,5-7`` → [1, 2, 5, 6, 7]."""
    if not value:
        return []
    out: list[int] = []
    for part in value.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part)
        if not m:
            raise UsageError(f"{what} expects krav numbers like 1,2,5-7; got {value!r}")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        out += [n for n in range(lo, hi + 1) if n not in out]
    return out


def _pairs(values: list[str], what: str, parse) -> dict[int, object]:
    out = {}
    for v in values:
        number, sep, rest = v.partition("=")
        if not sep or not number.strip().isdigit():
            raise UsageError(f"{what} expects KRAV=VALUE (e.g. 4=2025-01-31); got {v!r}")
        out[int(number)] = parse(rest.strip())
    return out


def _amount(text: str) -> int:
    digits = text.replace(" ", "").replace("\u00a0", "")
    if not digits.isdigit() or int(digits) <= 0:
        raise UsageError(f"a vite is a positive whole number of kronor; got {text!r}")
    return int(digits)


def _person(text: Optional[str]):
    if text is None:
        return None
    from samosa.models.inspection import Person

    name, sep, title = text.partition(",")
    if not sep or not name.strip() or not title.strip():
        raise UsageError(f"--decision-maker expects 'Name, Title'; got {text!r}")
    return Person(name=name.strip(), title=title.strip())


def _echo_warnings(warnings) -> None:
    for w in warnings:
        say(f"{w.file}:{w.line}:{w.column}: warning: {w.message}")


def _krav_line(k) -> str:
    from samosa.cases.states import KRAV_STATE_TITLES

    extra = []
    if k.employer_status:
        extra.append(f"employer: {k.employer_status}" + (f" by {k.employer_by.isoformat()}" if k.employer_by else ""))
    if k.deadline:
        extra.append(f"deadline {k.deadline.isoformat()}")
    if k.vite_kr:
        extra.append(f"vite {k.vite_kr} kr")
    tail = f" ({'; '.join(extra)})" if extra else ""
    return (
        f"  krav {k.number:>2}  {k.state:<13} {KRAV_STATE_TITLES[k.state]:<16} {k.title} [{', '.join(k.rules)}]{tail}"
    )


@cases_app.command("open")
def open_command(
    org_file: Path = typer.Argument(..., help="The organisation file (org.yaml).", show_default=False),
    inspection: Path = typer.Argument(..., help="The inspection record (inspection.yaml).", show_default=False),
    date: Optional[str] = typer.Option(None, "--date", help="Opened on YYYY-MM-DD (default: the record's first date)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Open a case from an org file and an inspection record (both are validated and stored)."""
    with user_errors():
        on = _date(date)
        reg = _register(db, create=True)
        state = reg.open_case(org_file, inspection, on=on)
        typer.echo(
            f"opened case {state.diarienummer}: {state.row.employer_name}, {state.row.workplace_name} "
            f"({state.row.method}, {state.row.region}) in {reg.where}"
        )
    raise typer.Exit(EXIT_OK)


@cases_app.command("update")
def update_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer), e.g. 2024/004711.", show_default=False),
    org_file: Optional[Path] = typer.Option(None, "--org", help="A new version of the org file."),
    inspection: Optional[Path] = typer.Option(None, "--inspection", help="A new version of the inspection record."),
    date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Replace a case's org file or inspection record (until the inspektionsmeddelande sets the krav)."""
    with user_errors():
        reg = _register(db)
        reg.update_sources(case, on=_today(date), org_path=org_file, record_path=inspection)
        typer.echo(f"updated case {case}")
    raise typer.Exit(EXIT_OK)


@cases_app.command("send")
def send_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    kind: Letter = typer.Argument(..., help="The letter: " + ", ".join(LETTERS) + ".", show_default=False),
    date: Optional[str] = typer.Option(None, "--date", help="The letter's date (default: the record's date for it)."),
    fmt: LetterFormat = typer.Option(LetterFormat.pdf, "--format", help="pdf, html or md (what is stored and sent)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Also write the letter to this file."),
    vite: list[str] = typer.Option(
        [], "--vite", help="Underrättelse: one joint vite AMOUNT, or KRAV=AMOUNT per krav (repeat)."
    ),
    deadline: list[str] = typer.Option([], "--deadline", help="Underrättelse: KRAV=YYYY-MM-DD (repeat)."),
    decision_maker: Optional[str] = typer.Option(None, "--decision-maker", help="Föreläggande: 'Name, Title'."),
    appeal_court: Optional[str] = typer.Option(None, "--appeal-court", help="Föreläggande: 'Förvaltningsrätten i …'."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Render a letter from the register's state and record it as sent (kind, date, sha256, assessment)."""
    from samosa.source.files import write_atomic

    with user_errors():
        joint = [v for v in vite if "=" not in v]
        if len(joint) > 1:
            raise UsageError("give one joint --vite AMOUNT, or --vite KRAV=AMOUNT for each krav")
        reg = _register(db)
        sent = reg.send(
            case,
            kind.value,
            on=_date(date),
            fmt=fmt.value,
            vite=_amount(joint[0]) if joint else None,
            vite_per_krav=_pairs([v for v in vite if "=" in v], "--vite", _amount),
            deadlines=_pairs(deadline, "--deadline", lambda s: _date(s, "--deadline")),
            decision_maker=_person(decision_maker),
            appeal_court=appeal_court,
        )
        _echo_warnings(sent.warnings)
        if output is not None:
            write_atomic(output, sent.content)
        about = f"; krav {', '.join(map(str, sent.krav))}" if sent.krav else ""
        due = f"; due {sent.due.isoformat()}" if sent.due else ""
        typer.echo(
            f"sent {kind.value} {sent.date.isoformat()} in case {case} ({sent.format}, sha256 {sent.sha256}){about}{due}"
        )
    raise typer.Exit(EXIT_OK)


@cases_app.command("account")
def account_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    received: Optional[str] = typer.Option(None, "--received", help="Received on YYYY-MM-DD (default: today)."),
    completion: bool = typer.Option(
        False, "--completion", help="This is the completion a begäran om komplettering asked for."
    ),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Record that the employer's written account (or its completion) has arrived."""
    with user_errors():
        on = _today(received, "--received")
        _register(db).record_account(case, on, completion=completion)
        typer.echo(
            f"recorded the {'completion' if completion else 'account'} of case {case}, received {on.isoformat()}"
        )
    raise typer.Exit(EXIT_OK)


@cases_app.command("reply")
def reply_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    reply_file: Path = typer.Argument(
        ...,
        help="The reply: a file with the reply section of an inspection record (date, signed_by, answers).",
        show_default=False,
    ),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Record the employer's reply to the inspektionsmeddelande, per krav (all or nothing)."""
    with user_errors():
        _, answered = _register(db).record_reply(case, reply_file)
        typer.echo(f"recorded the reply in case {case}: krav {', '.join(map(str, answered))} answered")
    raise typer.Exit(EXIT_OK)


@cases_app.command("assess")
def assess_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    met: Optional[str] = typer.Option(None, "--met", help="Krav met, e.g. 1,2,5-7."),
    partly_met: Optional[str] = typer.Option(None, "--partly-met", help="Krav met in part."),
    not_met: Optional[str] = typer.Option(None, "--not-met", help="Krav not met."),
    withdrawn: Optional[str] = typer.Option(None, "--withdrawn", help="Krav AV withdraws (needs --note)."),
    note: Optional[str] = typer.Option(None, "--note", help="Why (kept with the assessment; never in the statistics)."),
    visit: bool = typer.Option(False, "--visit", help="Assessed at a follow-up visit (counted as a visit)."),
    date: Optional[str] = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Record the inspector's assessment of krav: met, partly met, not met or withdrawn."""
    with user_errors():
        states: dict[int, str] = {}
        for value, state in ((met, "met"), (partly_met, "partly_met"), (not_met, "not_met"), (withdrawn, "withdrawn")):
            for n in _numbers(value, "--" + state.replace("_", "-")):
                if n in states:
                    raise UsageError(f"krav {n} is given twice ({states[n]} and {state})")
                states[n] = state
        on = _today(date)
        reg = _register(db)
        state = reg.assess(case, on, states, note=note, visit=visit)
        for k in state.krav:
            if k.number in states:
                typer.echo(_krav_line(k))
        if visit:
            typer.echo(f"recorded a follow-up visit on {on.isoformat()}")
    raise typer.Exit(EXIT_OK)


@cases_app.command("comments")
def comments_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    received: Optional[str] = typer.Option(None, "--received", help="Received on YYYY-MM-DD (default: today)."),
    employer: Optional[str] = typer.Option(
        None, "--employer", help="The employer's comments (go into the föreläggande)."
    ),
    skyddsombud: Optional[str] = typer.Option(None, "--skyddsombud", help="The skyddsombud's view."),
    assessment: Optional[str] = typer.Option(None, "--assessment", help="AV's assessment of the comments."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Record the comments on an underrättelse (the employer's, the skyddsombud's) and AV's assessment."""
    with user_errors():
        on = _today(received, "--received")
        _register(db).record_comments(case, on, employer=employer, skyddsombud=skyddsombud, assessment=assessment)
        typer.echo(f"recorded comments in case {case}, received {on.isoformat()}")
    raise typer.Exit(EXIT_OK)


@cases_app.command("due")
def due_command(
    on: Optional[str] = typer.Option(None, "--on", help="The day to judge by (default: today)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only what is overdue."),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", help="text or json."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """List what is due or overdue across all open cases: replies, comment periods, deadlines, decisions."""
    with user_errors():
        day = _today(on, "--on")
        items = _register(db).due(day, overdue_only=overdue)
        if fmt == ListFormat.json:
            data = [
                {
                    "case": i.diarienummer,
                    "due": i.due.isoformat() if i.due else None,
                    "status": i.status(day),
                    "what": i.what,
                    "krav": i.krav,
                }
                for i in items
            ]
            typer.echo(json.dumps({"on": day.isoformat(), "items": data}, ensure_ascii=False, indent=2))
        else:
            typer.echo(f"Due on {day.isoformat()}: {len(items)} item{'s' if len(items) != 1 else ''}")
            for i in items:
                when = i.due.isoformat() if i.due else "—"
                days = i.days(day) or 0
                late = f" ({days} day{'s' if days != 1 else ''} late)" if i.status(day) == "overdue" else ""
                krav = f" [krav {', '.join(map(str, i.krav))}]" if i.krav else ""
                typer.echo(f"  {when:<10}  {i.status(day):<9}  {i.diarienummer}  {i.what}{krav}{late}")
    raise typer.Exit(EXIT_OK)


@cases_app.command("next")
def next_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    on: Optional[str] = typer.Option(None, "--on", help="The day to judge by (default: today)."),
    draft: Optional[Path] = typer.Option(
        None, "--draft", help="Render the proposed letter here (not recorded as sent)."
    ),
    fmt: LetterFormat = typer.Option(LetterFormat.md, "--format", help="Format of the --draft."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Propose the next step for a case from its state (and, with --draft, render the letter it proposes)."""
    from samosa.source.files import write_atomic

    with user_errors():
        day = _today(on, "--on")
        reg = _register(db)
        p = reg.next_step(case, day)
        typer.echo(f"{case}: {p.text}")
        if p.command:
            typer.echo(f"  {p.command}")
        if draft is not None:
            if p.letter is None:
                raise UsageError(
                    f"the next step of case {case} is not a letter ({p.action}); there is nothing to draft"
                )
            on_date = day if p.letter in ("underrattelse", "forelaggande") else None
            sent = reg.send(case, p.letter, on=on_date, fmt=fmt.value, dry_run=True)
            _echo_warnings(sent.warnings)
            write_atomic(draft, sent.content)
            typer.echo(f"  draft {p.letter} dated {sent.date.isoformat()} written to {draft} (not recorded)")
    raise typer.Exit(EXIT_OK)


@cases_app.command("close")
def close_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    date: Optional[str] = typer.Option(None, "--date", help="Closed on YYYY-MM-DD (default: today)."),
    reason: Optional[str] = typer.Option(None, "--reason", help="Why (required when the case has no krav)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Close a case whose krav are all met or withdrawn."""
    with user_errors():
        on = _today(date)
        _register(db).close(case, on, reason=reason)
        typer.echo(f"closed case {case} on {on.isoformat()}")
    raise typer.Exit(EXIT_OK)


@cases_app.command("show")
def show_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Show a case: employer, workplace, letters, krav and their states, replies, visits, history."""
    from samosa.cases.states import LETTER_TITLES, VISIT_TITLES

    with user_errors():
        reg = _register(db)
        s = reg.state(case)
        r = s.row
        out = [
            f"Case {r.diarienummer} ({r.method}, {r.region})"
            + (f", closed {r.closed_on.isoformat()}" if r.closed_on else ""),
            f"  employer   {r.employer_name}" + (f", org.nr {r.org_number}" if r.org_number else ""),
            f"  workplace  {r.workplace_name}" + (f", CFAR {r.cfar}" if r.cfar else ""),
            f"  areas      {', '.join(r.areas) or 'all'}",
            f"  inspectors {', '.join(f'{i.name} ({i.title})' for i in s.inspectors)}",
            f"  files      {s.sources.org_name}, {s.sources.record_name}",
            "Letters:",
        ]
        for kind in LETTERS:
            d = s.sent(kind)
            if d is not None:
                extra = f", due {d.due_on.isoformat()}" if d.due_on else ""
                vite = f", vite {d.vite_total} kr ({d.vite_mode})" if d.vite_total else ""
                out.append(
                    f"  {d.letter_date.isoformat()}  {LETTER_TITLES[kind]} ({d.format}, sha256 {d.sha256[:12]}){extra}{vite}"
                )
        if r.account_received_on:
            out.append(f"  {r.account_received_on.isoformat()}  account received")
        if r.completion_received_on:
            out.append(f"  {r.completion_received_on.isoformat()}  completion received")
        if s.reply:
            out.append(f"  {s.reply.received_on.isoformat()}  reply received ({s.reply_count} in all)")
            if s.reply.safety_representative_comment:
                out.append(f"      skyddsombud: {' '.join(s.reply.safety_representative_comment.split())}")
        if s.comments is not None:
            out.append(f"  {s.comments.received_on.isoformat()}  comments on the underrättelse")
        out.append("Krav:" if s.krav else "Krav: none yet")
        out += [_krav_line(k) for k in s.krav]
        out.append(
            "Visits: " + (", ".join(f"{v.visited_on.isoformat()} {VISIT_TITLES[v.kind]}" for v in s.visits) or "none")
        )
        out.append(f"History (revision {r.revision}):")
        out += [f"  {e.seq:>3} {e.happened_on.isoformat()} {e.action}: {e.detail}" for e in reg.events(case)]
        typer.echo("\n".join(out))
    raise typer.Exit(EXIT_OK)


@cases_app.command("list")
def list_command(
    closed: bool = typer.Option(False, "--closed", help="Include closed cases."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """List the cases in the register with their latest letter and open krav."""
    from samosa.cases.states import CHAIN, LETTER_TITLES, SETTLED

    with user_errors():
        states = _register(db).states(include_closed=closed)
        typer.echo(f"{len(states)} case{'s' if len(states) != 1 else ''}")
        for s in states:
            last = next((k for k in reversed(CHAIN) if s.sent(k)), None)
            where = f"{LETTER_TITLES[last]} {s.sent(last).letter_date.isoformat()}" if last else "no letter yet"
            open_ = sum(1 for k in s.krav if k.state not in SETTLED)
            closed_on = f", closed {s.row.closed_on.isoformat()}" if s.closed else ""
            typer.echo(
                f"  {s.diarienummer}  {s.row.employer_name} – {where}; {open_} of {len(s.krav)} krav open{closed_on}"
            )
    raise typer.Exit(EXIT_OK)


@cases_app.command("document")
def document_command(
    case: str = typer.Argument(..., help="AV's case number (diarienummer).", show_default=False),
    kind: Letter = typer.Argument(..., help="The letter.", show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="Write the stored letter here (byte for byte)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Write a stored letter out exactly as it was sent (its sha256 is checked)."""
    from samosa.source.files import write_atomic

    with user_errors():
        fmt, content, digest = _register(db).document(case, kind.value)
        write_atomic(output, content)
        typer.echo(f"wrote the {kind.value} of case {case} ({fmt}, sha256 {digest}) to {output}")
    raise typer.Exit(EXIT_OK)


@cases_app.command("stats")
def stats_command(
    start: Optional[str] = typer.Option(None, "--from", help="First day of the period YYYY-MM-DD (default: open)."),
    end: Optional[str] = typer.Option(None, "--to", help="Last day of the period YYYY-MM-DD (default: open)."),
    fmt: StatsFormat = typer.Option(StatsFormat.text, "--format", help="text, csv or html (a chart, no scripts)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """AV's figures for a period: visits per region, letters and krav per region, krav per regulation."""
    from samosa.cases.statistics import to_csv, to_html, to_text
    from samosa.source.files import write_atomic

    with user_errors():
        s = _register(db).statistics(_date(start, "--from"), _date(end, "--to"))
        text = {StatsFormat.text: to_text, StatsFormat.csv: to_csv, StatsFormat.html: to_html}[fmt](s)
        if output is not None:
            write_atomic(output, text)
        else:
            sys.stdout.write(text)
    raise typer.Exit(EXIT_OK)


@cases_app.command("migrate")
def migrate_command(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Bring an existing register's schema up to this samosa's revision (back it up first)."""
    from samosa.cases.database import make_engine, migrate, resolve_url

    with user_errors():
        url = resolve_url(db)
        before, after = migrate(make_engine(url))
        typer.echo(
            f"register schema: {before or 'empty'} → {after}" if before != after else f"register schema is at {after}"
        )
    raise typer.Exit(EXIT_OK)
