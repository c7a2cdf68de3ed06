"""The case register's library API: one ``Register`` per database, one transaction per write.

Every method that changes the register runs in one transaction that takes the
case's lock first (``samosa.cases.database``), reads the state it depends on,
checks that the step is allowed, renders what it must, writes, bumps the
case's revision and appends an event — or, on any error, leaves nothing
behind. Letters are rendered by ``samosa.documents.render`` from the stored
org file and the stored inspection record, completed by the register's own
state (``samosa.cases.record``); the inspector never edits YAML to move a
case along.

The chain a case can take (``next_step`` proposes each step):

    tillsynsmeddelande → account → begäran om komplettering → (completion)
    → inspektionsmeddelande (the krav are set) → reply → assessment per krav
    → underrättelse (the krav not met) → comments → föreläggande (med vite)
    → follow-up at the deadlines → close
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from sqlalchemy import Connection, CursorResult, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from samosa._version import __version__
from samosa.cases import schema as t
from samosa.cases.database import RegisterError, connect, display_url, ensure_schema, make_engine, resolve_url
from samosa.cases.record import ChainDates, ReplyOverlay, Sources, StoredAnswer, StoredReply, generated
from samosa.cases.regulations import categories
from samosa.cases.replies import load_reply
from samosa.cases.states import ASSESSABLE, CHAIN, LETTER_TITLES, NOT_MET, SETTLED
from samosa.models.inspection import DecidedDemand, Decision, LoadedInspection, Person
from samosa.models.loading import LoadedOrg
from samosa.models.workdays import is_working_day, non_working_reason
from samosa.rulebook.model import RuleBook
from samosa.source.loader import read_text
from samosa.source.problems import Problem


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


# ------------------------------------------------------------------ state read from the database


@dataclass
class KravRow:
    id: int
    number: int
    rules: list[str]
    title: str
    area: str
    legal_basis: str
    notice_date: dt.date
    reply_due: dt.date
    state: str
    state_on: dt.date
    employer_status: Optional[str]
    employer_by: Optional[dt.date]
    carried_into: Optional[str]
    deadline: Optional[dt.date]
    vite_kr: Optional[int]


@dataclass
class DocumentRow:
    id: int
    kind: str
    letter_date: dt.date
    format: str
    sha256: str
    due_on: Optional[dt.date]
    vite_total: Optional[int]
    vite_mode: Optional[str]
    record_json: str

    def due(self) -> dt.date:
        """``due_on``, which every letter the register sends sets (the account's, the completion's, the reply's
        or the comments' date, the föreläggande's first deadline); the column itself may be null."""
        if self.due_on is None:
            raise RegisterError(
                f"the register holds the {LETTER_TITLES.get(self.kind, self.kind)} of {self.letter_date.isoformat()} "
                "without the date it set (documents.due_on); the register was changed outside samosa"
            )
        return self.due_on


@dataclass
class CaseState:
    """Everything the register holds about one case, read in the caller's transaction."""

    row: Any
    documents: dict[str, DocumentRow]
    krav: list[KravRow]
    reply: Optional[StoredReply]
    reply_count: int
    comments: Optional[Any]
    visits: list[Any]
    sources: Sources
    inspectors: list[Any] = field(default_factory=list)

    @property
    def diarienummer(self) -> str:
        return self.row.diarienummer

    @property
    def closed(self) -> bool:
        return self.row.closed_on is not None

    def sent(self, kind: str) -> Optional[DocumentRow]:
        return self.documents.get(kind)

    def krav_by_number(self) -> dict[int, KravRow]:
        return {k.number: k for k in self.krav}

    def chain_dates(self) -> ChainDates:
        d = ChainDates(account_received=self.row.account_received_on)
        if (x := self.sent("tillsynsmeddelande")) is not None:
            d.tillsynsmeddelande, d.account_due = x.letter_date, x.due_on
        if (x := self.sent("begaran_om_komplettering")) is not None:
            d.komplettering, d.komplettering_due = x.letter_date, x.due_on
        if (x := self.sent("inspektionsmeddelande")) is not None:
            d.inspektionsmeddelande, d.reply_due = x.letter_date, x.due_on
        return d

    def stored_decision(self, kind: str) -> Optional[Decision]:
        doc = self.sent(kind)
        if doc is None:
            return None
        data = json.loads(doc.record_json).get("decision")
        return Decision.model_validate(data) if data else None


@dataclass
class SentLetter:
    diarienummer: str
    kind: str
    date: dt.date
    format: str
    content: str | bytes
    sha256: str
    due: Optional[dt.date]
    krav: list[int]
    warnings: list[Problem]
    stored: bool


class _DryRun(Exception):
    def __init__(self, result: SentLetter) -> None:
        self.result = result


def _nums(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _check_working_day(day: dt.date, what: str) -> None:
    if not is_working_day(day):
        raise RegisterError(f"{what} {day.isoformat()} is not a working day ({non_working_reason(day)})")


class Register:
    """A case register at ``db`` (a SQLite path or a PostgreSQL URL; see ``samosa.cases.database``)."""

    def __init__(self, db: Optional[str] = None, *, book: Optional[RuleBook] = None, create: bool = True) -> None:
        self.url = resolve_url(db)
        path = make_url(self.url).database if self.url.startswith("sqlite") else None
        if not create and path and path != ":memory:" and not Path(path).exists():
            raise RegisterError(f"there is no case register at {path}; `samosa cases open` creates one (or give --db)")
        self.engine = make_engine(self.url)
        ensure_schema(self.engine, create=create)
        self._book = book

    @property
    def where(self) -> str:
        return display_url(self.url)

    @property
    def book(self) -> RuleBook:
        if self._book is None:
            from samosa.rulebook.pack import load_rules

            self._book = load_rules()
        return self._book

    def close_connections(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _writing(self, diarienummer: str) -> Iterator[tuple[Connection, CaseState]]:
        """The case locked for writing and its state; the caller's changes commit together or not at all."""
        with connect(self.engine, write=True) as conn:
            row = conn.execute(select(t.cases).where(t.cases.c.diarienummer == diarienummer).with_for_update()).first()
            if row is None:
                raise self._unknown(conn, diarienummer)
            state = self._state(conn, row)
            if state.closed:
                raise RegisterError(
                    f"case {diarienummer} was closed on {row.closed_on.isoformat()}; it takes no more entries"
                )
            yield conn, state

    def _reading(self) -> Any:
        return connect(self.engine, write=False)

    def _unknown(self, conn: Connection, diarienummer: str) -> RegisterError:
        known = [r[0] for r in conn.execute(select(t.cases.c.diarienummer))]
        close = difflib.get_close_matches(diarienummer, known, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        return RegisterError(f"no case {diarienummer} in the register {self.where}{hint}")

    def _bump(self, conn: Connection, state: CaseState, on: dt.date, action: str, detail: str) -> int:
        seq = state.row.revision + 1
        conn.execute(update(t.cases).where(t.cases.c.id == state.row.id).values(revision=seq))
        conn.execute(
            insert(t.events).values(case_id=state.row.id, seq=seq, happened_on=on, action=action, detail=detail)
        )
        return seq

    def _state(self, conn: Connection, row: Any) -> CaseState:
        cid = row.id
        docs = {
            r.kind: DocumentRow(
                r.id, r.kind, r.letter_date, r.format, r.sha256, r.due_on, r.vite_total, r.vite_mode, r.record_json
            )
            for r in conn.execute(
                select(
                    t.documents.c.id,
                    t.documents.c.kind,
                    t.documents.c.letter_date,
                    t.documents.c.format,
                    t.documents.c.sha256,
                    t.documents.c.due_on,
                    t.documents.c.vite_total,
                    t.documents.c.vite_mode,
                    t.documents.c.record_json,
                ).where(t.documents.c.case_id == cid)
            )
        }
        krav = [
            KravRow(
                r.id,
                r.number,
                list(r.rules),
                r.title,
                r.area,
                r.legal_basis,
                r.notice_date,
                r.reply_due,
                r.state,
                r.state_on,
                r.employer_status,
                r.employer_by,
                r.carried_into,
                r.deadline,
                r.vite_kr,
            )
            for r in conn.execute(select(t.krav).where(t.krav.c.case_id == cid).order_by(t.krav.c.number))
        ]
        replies = conn.execute(
            select(t.replies).where(t.replies.c.case_id == cid).order_by(t.replies.c.received_on, t.replies.c.id)
        ).all()
        reply = None
        if replies:
            last = replies[-1]
            by_id = {k.id: k for k in krav}
            answers = [
                StoredAnswer(by_id[a.krav_id].rules[0], a.status, a.done, list(a.evidence), a.remaining, a.by)
                for a in conn.execute(
                    select(t.reply_answers).where(t.reply_answers.c.reply_id == last.id).order_by(t.reply_answers.c.id)
                )
            ]
            reply = StoredReply(last.received_on, dict(last.signed_by), last.safety_representative_comment, answers)
        comments = conn.execute(
            select(t.comments).where(t.comments.c.case_id == cid).order_by(t.comments.c.id.desc())
        ).first()
        visits = conn.execute(
            select(t.visits).where(t.visits.c.case_id == cid).order_by(t.visits.c.visited_on, t.visits.c.id)
        ).all()
        src = {}
        for kind in ("org", "inspection"):
            newest = conn.execute(
                select(t.sources.c.filename, t.sources.c.content)
                .where(t.sources.c.case_id == cid, t.sources.c.kind == kind)
                .order_by(t.sources.c.version.desc())
            ).first()
            if newest is None:  # open_case stores both in the transaction that creates the case
                raise RegisterError(
                    f"case {row.diarienummer} has no stored {'org file' if kind == 'org' else 'inspection record'} "
                    f"in the register {self.where}; the register was changed outside samosa"
                )
            src[kind] = newest
        inspectors = conn.execute(
            select(t.inspectors).where(t.inspectors.c.case_id == cid).order_by(t.inspectors.c.position)
        ).all()
        return CaseState(
            row=row,
            documents=docs,
            krav=krav,
            reply=reply,
            reply_count=len(replies),
            comments=comments,
            visits=list(visits),
            sources=Sources(
                src["org"].filename, src["org"].content, src["inspection"].filename, src["inspection"].content
            ),
            inspectors=list(inspectors),
        )

    def state(self, diarienummer: str) -> CaseState:
        """The case's state (read-only snapshot)."""
        with self._reading() as conn:
            row = conn.execute(select(t.cases).where(t.cases.c.diarienummer == diarienummer)).first()
            if row is None:
                raise self._unknown(conn, diarienummer)
            return self._state(conn, row)

    def states(self, *, include_closed: bool = False) -> list[CaseState]:
        with self._reading() as conn:
            q = select(t.cases).order_by(t.cases.c.diarienummer)
            if not include_closed:
                q = q.where(t.cases.c.closed_on.is_(None))
            return [self._state(conn, row) for row in conn.execute(q).all()]

    # ------------------------------------------------------------------ opening a case

    def open_case(
        self,
        org_path: Path | str,
        record_path: Path | str,
        *,
        on: Optional[dt.date] = None,
        org_text: Optional[str] = None,
        record_text: Optional[str] = None,
    ) -> CaseState:
        """Open a case from an org file and an inspection record (both validated, both stored)."""
        from samosa.models.inspection import load_inspection
        from samosa.models.loading import load_org

        org_text = read_text(Path(org_path)) if org_text is None else org_text
        record_text = read_text(Path(record_path)) if record_text is None else record_text
        org = load_org(str(org_path), org_text)
        record = load_inspection(str(record_path), org, self.book, record_text)
        rec = record.model
        opened = on or _earliest_date(record) or dt.date.today()
        values = _case_columns(org, record)
        with connect(self.engine, write=True) as conn:
            try:
                cid = _inserted_id(conn.execute(insert(t.cases).values(opened_on=opened, revision=0, **values)))
            except IntegrityError:
                raise RegisterError(
                    f"case {rec.case.diarienummer} is already in the register {self.where}; "
                    "`samosa cases update` replaces its files before the inspektionsmeddelande is sent"
                ) from None
            self._store_sources(conn, cid, 1, org_path, org_text, record_path, record_text, opened)
            self._store_record_parts(conn, cid, record)
            row = conn.execute(select(t.cases).where(t.cases.c.id == cid)).one()
            state = self._state(conn, row)
            self._bump(
                conn,
                state,
                opened,
                "open",
                f"opened from {Path(str(org_path)).name} (sha256 {sha256(org_text)[:12]}) and "
                f"{Path(str(record_path)).name} (sha256 {sha256(record_text)[:12]})",
            )
            row = conn.execute(select(t.cases).where(t.cases.c.id == cid)).one()
            return self._state(conn, row)

    def update_sources(
        self,
        diarienummer: str,
        *,
        on: dt.date,
        org_path: Optional[Path | str] = None,
        record_path: Optional[Path | str] = None,
        org_text: Optional[str] = None,
        record_text: Optional[str] = None,
    ) -> CaseState:
        """Replace the stored org file or inspection record (until the inspektionsmeddelande fixes the krav)."""
        from samosa.models.inspection import load_inspection
        from samosa.models.loading import load_org

        if org_path is None and record_path is None:
            raise RegisterError("give the org file or the inspection record (or both) to update")
        with self._writing(diarienummer) as (conn, state):
            if (im := state.sent("inspektionsmeddelande")) is not None:
                raise RegisterError(
                    f"the krav of case {diarienummer} were set by the inspektionsmeddelande of "
                    f"{im.letter_date.isoformat()}; its files can no longer change (record replies and assessments)"
                )
            src = state.sources
            o_name, o_text = (
                (str(org_path), org_text or read_text(Path(org_path))) if org_path else (src.org_name, src.org_text)
            )
            r_name, r_text = (
                (str(record_path), record_text or read_text(Path(record_path)))
                if record_path
                else (src.record_name, src.record_text)
            )
            org = load_org(o_name, o_text)
            record = load_inspection(r_name, org, self.book, r_text)
            if record.model.case.diarienummer != diarienummer:
                raise RegisterError(
                    f"{r_name} is the record of case {record.model.case.diarienummer}, not {diarienummer}"
                )
            version = (
                conn.execute(
                    select(func.max(t.sources.c.version)).where(t.sources.c.case_id == state.row.id)
                ).scalar_one()
                + 1
            )
            self._store_sources(conn, state.row.id, version, o_name, o_text, r_name, r_text, on)
            conn.execute(update(t.cases).where(t.cases.c.id == state.row.id).values(**_case_columns(org, record)))
            conn.execute(t.inspectors.delete().where(t.inspectors.c.case_id == state.row.id))
            conn.execute(t.visits.delete().where(t.visits.c.case_id == state.row.id, t.visits.c.from_record.is_(True)))
            self._store_record_parts(conn, state.row.id, record)
            self._bump(conn, state, on, "update", f"files replaced (version {version})")
            row = conn.execute(select(t.cases).where(t.cases.c.id == state.row.id)).one()
            return self._state(conn, row)

    def _store_sources(self, conn, cid, version, org_name, org_text, rec_name, rec_text, on) -> None:
        for kind, name, text in (("org", org_name, org_text), ("inspection", rec_name, rec_text)):
            conn.execute(
                insert(t.sources).values(
                    case_id=cid,
                    kind=kind,
                    version=version,
                    filename=str(name),
                    sha256=sha256(text),
                    content=text,
                    stored_on=on,
                )
            )

    def _store_record_parts(self, conn: Connection, cid: int, record: LoadedInspection) -> None:
        rec = record.model
        for i, p in enumerate(rec.inspectors):
            conn.execute(insert(t.inspectors).values(case_id=cid, position=i, name=p.name, title=p.title))
        for kind, day in _record_visits(record):
            conn.execute(insert(t.visits).values(case_id=cid, visited_on=day, kind=kind, from_record=True))

    # ------------------------------------------------------------------ letters

    def send(
        self,
        diarienummer: str,
        kind: str,
        *,
        on: Optional[dt.date] = None,
        fmt: str = "pdf",
        vite: Optional[int] = None,
        vite_per_krav: Optional[dict[int, int]] = None,
        deadlines: Optional[dict[int, dt.date]] = None,
        decision_maker: Optional[Person] = None,
        appeal_court: Optional[str] = None,
        dry_run: bool = False,
    ) -> SentLetter:
        """Render letter ``kind`` from the register's state and record it as sent (``dry_run``: render only)."""
        if kind not in CHAIN:
            raise RegisterError(f"the register sends AV's letters: {', '.join(CHAIN)}; not {kind!r}")
        try:
            with self._writing(diarienummer) as (conn, state):
                result = self._send(
                    conn, state, kind, on, fmt, vite, vite_per_krav or {}, deadlines or {}, decision_maker, appeal_court
                )
                if dry_run:
                    raise _DryRun(result)
                return result
        except _DryRun as dry:
            dry.result.stored = False
            return dry.result

    def _send(self, conn, state, kind, on, fmt, vite, vite_per_krav, deadlines, decision_maker, appeal_court):
        # The renderer and the engine are imported where a letter is written: listing and counting need neither.
        from samosa.documents.render import Inputs, build_context, findings_date, render
        from samosa.engine.evaluate import evaluate

        book = self.book
        if (doc := state.sent(kind)) is not None:
            raise RegisterError(
                f"the {LETTER_TITLES[kind]} of case {state.diarienummer} was sent on {doc.letter_date.isoformat()} "
                f"(sha256 {doc.sha256[:12]}); the register keeps one of each letter"
            )
        org, base = state.sources.load(book)
        letter_date = on or _record_letter_date(kind, base)
        if letter_date is None:
            raise RegisterError(f"the {LETTER_TITLES[kind]} needs a date: give --date")
        _check_working_day(letter_date, f"the {LETTER_TITLES[kind]}'s date")
        self._check_chain(state, kind, letter_date, base)
        decision = None
        if kind == "underrattelse":
            decision = self._underrattelse_decision(
                state, base, letter_date, vite, vite_per_krav, deadlines, decision_maker, appeal_court
            )
        elif kind == "forelaggande":
            decision = self._forelaggande_decision(
                state, base, letter_date, vite, vite_per_krav, deadlines, decision_maker, appeal_court
            )
        reply = state.reply.model() if state.reply else None
        record = generated(base, state.chain_dates(), reply=reply, decision=decision)
        inputs = Inputs(org=org, book=book, inspection=record)
        ctx = build_context(kind, inputs, letter_date)
        self._check_krav_stable(state, kind, ctx)
        rendered = render(kind, inputs, fmt=fmt, date=letter_date)
        assessed_on = findings_date(kind, inputs, letter_date)
        assessment = evaluate(org, book, date=assessed_on)
        assessment_json = json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
        content = rendered.content
        blob = content.encode("utf-8") if isinstance(content, str) else content
        due, vite_total, vite_mode, numbers = None, None, None, []
        cid = state.row.id
        if kind in ("tillsynsmeddelande", "begaran_om_komplettering"):
            due = ctx["due"]
        elif kind == "inspektionsmeddelande":
            due = ctx["reply_due"]
            for d in ctx["demands"]:
                bases = list(d["references"]) + [c for c in d["withheld"] if c not in d["references"]]
                kid = _inserted_id(
                    conn.execute(
                        insert(t.krav).values(
                            case_id=cid,
                            number=d["number"],
                            rules=list(d["rules"]),
                            title=d["title"],
                            area=d["area"],
                            legal_basis=d["references_text"],
                            citations=bases,
                            notice_date=letter_date,
                            reply_due=due,
                            state="open",
                            state_on=letter_date,
                        )
                    )
                )
                for cat in categories(bases, book.references):
                    conn.execute(insert(t.krav_bases).values(krav_id=kid, category=cat))
                numbers.append(d["number"])
        else:  # underrättelse, föreläggande: the krav they carry, with deadline and vite
            by_number = state.krav_by_number()
            due = ctx["comment_due"] if kind == "underrattelse" else min(d["deadline"] for d in ctx["demands"])
            vite_mode = str(ctx["vite_mode"])
            vite_total = ctx["vite_total"]
            for d in ctx["demands"]:
                k = by_number[d["notice_number"]]
                conn.execute(
                    update(t.krav)
                    .where(t.krav.c.id == k.id)
                    .values(
                        state=kind,
                        state_on=letter_date,
                        carried_into=kind,
                        deadline=d["deadline"],
                        vite_kr=d["vite_kr"],
                    )
                )
                conn.execute(insert(t.assessments).values(krav_id=k.id, assessed_on=letter_date, state=kind, note=None))
                numbers.append(k.number)
        conn.execute(
            insert(t.documents).values(
                case_id=cid,
                kind=kind,
                letter_date=letter_date,
                format=fmt,
                sha256=sha256(blob),
                content=blob,
                assessed_on=assessed_on,
                assessment_sha256=sha256(assessment_json),
                assessment=zlib.compress(assessment_json.encode("utf-8"), 6),
                record_json=record.model.model_dump_json(),
                due_on=due,
                vite_total=vite_total,
                vite_mode=vite_mode,
                samosa_version=__version__,
            )
        )
        about = f" (krav {_nums(numbers)})" if numbers else ""
        self._bump(
            conn,
            state,
            letter_date,
            f"send:{kind}",
            f"{LETTER_TITLES[kind]} dated {letter_date.isoformat()}{about}, {fmt}, sha256 {sha256(blob)[:12]}",
        )
        return SentLetter(
            diarienummer=state.diarienummer,
            kind=kind,
            date=letter_date,
            format=fmt,
            content=content,
            sha256=sha256(blob),
            due=due,
            krav=numbers,
            warnings=list(rendered.warnings),
            stored=True,
        )

    def _check_chain(self, state: CaseState, kind: str, day: dt.date, base: LoadedInspection) -> None:
        """Each letter follows the ones it rests on, and never predates them."""
        method = state.row.method
        dn = state.diarienummer
        two_step = method == "tvastegsmetoden"
        if kind == "tillsynsmeddelande" and not two_step:
            raise RegisterError(
                f"case {dn} is a {method}: a tillsynsmeddelande belongs to the two-step method (tvastegsmetoden)"
            )
        need = {
            "begaran_om_komplettering": ["tillsynsmeddelande"],
            "inspektionsmeddelande": ["tillsynsmeddelande"] if two_step else [],
            "underrattelse": ["inspektionsmeddelande"],
            "forelaggande": ["underrattelse"],
        }.get(kind, [])
        for prior in need:
            if state.sent(prior) is None:
                raise RegisterError(
                    f"the {LETTER_TITLES[kind]} of case {dn} follows a {LETTER_TITLES[prior]}, which has not been sent"
                )
        if kind in ("begaran_om_komplettering", "inspektionsmeddelande") and two_step:
            if state.row.account_received_on is None:
                raise RegisterError(
                    f"case {dn} follows the two-step method: the employer's account has not been recorded; "
                    f"`samosa cases account {dn} --received DATE` first"
                )
        if kind == "underrattelse":
            im = state.sent("inspektionsmeddelande")
            if im is None:  # refused above: an underrättelse follows an inspektionsmeddelande
                raise RuntimeError(f"case {dn}: an underrättelse was let through without an inspektionsmeddelande")
            if state.reply is None and day <= im.due():
                raise RegisterError(
                    f"no reply has been recorded and the employer has until {im.due().isoformat()} to reply; "
                    "an underrättelse comes after the reply (or after its date has passed)"
                )
        latest = max((d.letter_date for d in state.documents.values()), default=None)
        received = [x for x in (state.row.account_received_on, state.row.completion_received_on) if x is not None]
        if state.reply is not None:
            received.append(state.reply.received_on)
        floor = max([d for d in [latest, *received] if d is not None], default=None)
        if floor is not None and day < floor:
            raise RegisterError(
                f"the {LETTER_TITLES[kind]} cannot be dated {day.isoformat()}, before what the register already "
                f"holds for case {dn} ({floor.isoformat()})"
            )

    def _check_krav_stable(self, state: CaseState, kind: str, ctx: dict[str, Any]) -> None:
        """The krav a letter refers to are the numbers and rules the register stored (fail closed on drift)."""
        if kind not in ("underrattelse", "forelaggande"):
            return
        by_number = state.krav_by_number()
        for d in ctx["demands"]:
            k = by_number.get(d["notice_number"])
            if k is None or list(d["rules"]) != k.rules:
                raise RegisterError(
                    f"krav {d['notice_number']} of the inspektionsmeddelande no longer comes out as the register "
                    f"stored it ({', '.join(k.rules) if k else 'no such krav'}); the rule pack or the stored files "
                    "changed since it was sent, so the register refuses to renumber the case"
                )

    def _decision_people(self, base_dec: Decision, decision_maker, appeal_court) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if decision_maker is not None:
            out["decision_maker"] = decision_maker
        if appeal_court is not None:
            out["appeal_court"] = appeal_court
        return out

    def _underrattelse_decision(self, state, base, day, vite, vite_per_krav, deadlines, decision_maker, appeal_court):
        chosen = [k for k in state.krav if k.state in NOT_MET]
        if not chosen:
            open_ = [k.number for k in state.krav if k.state in ("open", "answered")]
            raise RegisterError(
                f"no krav of case {state.diarienummer} is assessed as not met"
                + (f"; assess krav {_nums(open_)} first (`samosa cases assess`)" if open_ else "")
            )
        numbers = {k.number for k in chosen}
        _check_options_cover(vite_per_krav, deadlines, numbers, state)
        base_dec = base.model.decision or Decision()
        by_rule = {d.rule: d for d in base_dec.demands}
        if vite is not None and vite_per_krav:
            raise RegisterError("give one joint vite (--vite AMOUNT) or a vite per krav (--vite N=AMOUNT), not both")
        per_krav = bool(vite_per_krav)
        if vite is None and not per_krav:
            # The record may say what the inspector intends (a joint vite, or one per measure).
            if base_dec.vite_kr is not None:
                vite = base_dec.vite_kr
            elif chosen and all(by_rule.get(k.rules[0]) and by_rule[k.rules[0]].vite_kr for k in chosen):
                vite_per_krav = {k.number: by_rule[k.rules[0]].vite_kr for k in chosen}
                per_krav = True
        if per_krav and set(vite_per_krav) != numbers:
            missing = sorted(numbers - set(vite_per_krav))
            raise RegisterError(
                f"a vite per krav needs an amount for every krav carried: also give krav {_nums(missing)}"
            )
        demands = []
        for k in chosen:
            planned = by_rule.get(k.rules[0])
            deadline = deadlines.get(k.number) or (planned.deadline if planned else None)
            if deadline is not None:
                _check_working_day(deadline, f"the deadline for krav {k.number}")
            demands.append(
                DecidedDemand(
                    rule=k.rules[0], deadline=deadline, vite_kr=vite_per_krav.get(k.number) if per_krav else None
                )
            )
        comment_due = base_dec.comment_due if base_dec.comment_due and base_dec.comment_due > day else None
        return base_dec.model_copy(
            update={
                "underrattelse_date": day,
                "comment_due": comment_due,
                "decision_date": None,
                "vite_kr": vite,
                "demands": demands,
                "employer_comments": None,
                "assessment": None,
                **self._decision_people(base_dec, decision_maker, appeal_court),
            }
        )

    def _forelaggande_decision(self, state, base, day, vite, vite_per_krav, deadlines, decision_maker, appeal_court):
        if vite is not None or vite_per_krav or deadlines:
            raise RegisterError(
                "a föreläggande carries the deadlines and vite its underrättelse announced; "
                "to change them, the employer must be heard again (a new case step is not supported: "
                "record the change in the inspection record before the underrättelse)"
            )
        announced = state.stored_decision("underrattelse")
        assert announced is not None
        under = state.sent("underrattelse")
        chosen = [k for k in state.krav if k.state == "underrattelse"]
        if not chosen:
            raise RegisterError(
                f"every krav of the underrättelse of case {state.diarienummer} has been met since; "
                "there is nothing to order (close the case)"
            )
        demands = [
            DecidedDemand(
                rule=k.rules[0], deadline=k.deadline, vite_kr=k.vite_kr if under.vite_mode == "per_measure" else None
            )
            for k in chosen
        ]
        extra = self._decision_people(announced, decision_maker, appeal_court)
        if announced.decision_maker is None and decision_maker is None:
            raise RegisterError("a föreläggande names who decided it: give --decision-maker 'Name, Title'")
        if not announced.appeal_court and appeal_court is None:
            raise RegisterError("a föreläggande says where to appeal: give --appeal-court 'Förvaltningsrätten i …'")
        c = state.comments
        comments = {}
        if c is not None:
            comments = {"employer_comments": c.employer, "assessment": c.assessment}
        return announced.model_copy(
            update={
                "underrattelse_date": under.letter_date,
                "comment_due": under.due_on,
                "decision_date": day,
                "demands": demands,
                **comments,
                **extra,
            }
        )

    # ------------------------------------------------------------------ the employer's side

    def record_account(self, diarienummer: str, received: dt.date, *, completion: bool = False) -> CaseState:
        """The employer's written account (or, with ``completion``, the completion AV asked for) arrived."""
        letter = "begaran_om_komplettering" if completion else "tillsynsmeddelande"
        column = "completion_received_on" if completion else "account_received_on"
        what = "completion" if completion else "account"
        with self._writing(diarienummer) as (conn, state):
            doc = state.sent(letter)
            if doc is None:
                raise RegisterError(
                    f"no {LETTER_TITLES[letter]} has been sent in case {diarienummer}, so no {what} is awaited"
                )
            if getattr(state.row, column) is not None:
                raise RegisterError(
                    f"the {what} of case {diarienummer} was recorded as received on {getattr(state.row, column).isoformat()}"
                )
            if received < doc.letter_date:
                raise RegisterError(
                    f"the {what} cannot arrive ({received.isoformat()}) before the {LETTER_TITLES[letter]} ({doc.letter_date.isoformat()})"
                )
            conn.execute(update(t.cases).where(t.cases.c.id == state.row.id).values(**{column: received}))
            self._bump(conn, state, received, f"account:{what}", f"{what} received {received.isoformat()}")
            return self._state(conn, conn.execute(select(t.cases).where(t.cases.c.id == state.row.id)).one())

    def record_reply(
        self, diarienummer: str, path: Path | str, *, text: Optional[str] = None
    ) -> tuple[CaseState, list[int]]:
        """Record the employer's reply from a reply file: validated in full, stored whole, or not at all."""
        from samosa.documents.render import Inputs, build_context

        with self._writing(diarienummer) as (conn, state):
            im = state.sent("inspektionsmeddelande")
            if im is None:
                raise RegisterError(
                    f"case {diarienummer} has no inspektionsmeddelande yet, so there is no reply to record"
                )
            loaded = load_reply(path, {k.number: k.rules[0] for k in state.krav}, text)
            reply = loaded.reply
            if reply.date < im.letter_date:
                raise RegisterError(
                    f"{loaded.file}: the reply is dated {reply.date.isoformat()}, before the inspektionsmeddelande "
                    f"of {im.letter_date.isoformat()}"
                )
            org, base = state.sources.load(self.book)
            overlay = ReplyOverlay(base.source, loaded.source, loaded.prefix)
            record = generated(base, state.chain_dates(), reply=reply, source=overlay)
            # The renderer's own checks of a reply, positioned in the reply file (see ReplyOverlay).
            ctx = build_context("reply", Inputs(org=org, book=self.book, inspection=record), reply.date)
            by_number = state.krav_by_number()
            for row in ctx["answers"]:
                k = by_number.get(row["number"])
                if k is None or k.rules[0] != row["rule"]:
                    raise RegisterError("the reply's krav do not match the register's; the stored files changed")
            cid = state.row.id
            rid = _inserted_id(
                conn.execute(
                    insert(t.replies).values(
                        case_id=cid,
                        received_on=reply.date,
                        filename=str(path),
                        sha256=sha256(loaded.text),
                        content=loaded.text,
                        signed_by=reply.signed_by.model_dump(mode="json"),
                        safety_representative_comment=reply.safety_representative_comment,
                    )
                )
            )
            answered = []
            for a in reply.answers:
                k = next(k for k in state.krav if a.demand in k.rules)
                conn.execute(
                    insert(t.reply_answers).values(
                        reply_id=rid,
                        krav_id=k.id,
                        status=str(a.status),
                        done=a.done,
                        evidence=list(a.evidence),
                        remaining=a.remaining,
                        by=a.by,
                    )
                )
                values: dict[str, Any] = {"employer_status": str(a.status), "employer_by": a.by}
                if k.state == "open":
                    values.update(state="answered", state_on=reply.date)
                conn.execute(update(t.krav).where(t.krav.c.id == k.id).values(**values))
                answered.append(k.number)
            self._bump(
                conn,
                state,
                reply.date,
                "reply",
                f"reply dated {reply.date.isoformat()} answering krav {_nums(sorted(answered))}",
            )
            return self._state(conn, conn.execute(select(t.cases).where(t.cases.c.id == cid)).one()), sorted(answered)

    def record_comments(
        self,
        diarienummer: str,
        received: dt.date,
        *,
        employer: Optional[str] = None,
        skyddsombud: Optional[str] = None,
        assessment: Optional[str] = None,
    ) -> None:
        """The employer's and the skyddsombud's comments on the underrättelse, and AV's assessment of them."""
        if not (employer or skyddsombud or assessment):
            raise RegisterError("give the employer's comments, the skyddsombud's, or AV's assessment of them")
        with self._writing(diarienummer) as (conn, state):
            under = state.sent("underrattelse")
            if under is None or state.sent("forelaggande") is not None:
                raise RegisterError(
                    f"comments answer an underrättelse before the decision; case {diarienummer} has none open"
                )
            if received < under.letter_date:
                raise RegisterError(
                    f"the comments cannot arrive before the underrättelse ({under.letter_date.isoformat()})"
                )
            conn.execute(
                insert(t.comments).values(
                    case_id=state.row.id,
                    received_on=received,
                    employer=employer,
                    skyddsombud=skyddsombud,
                    assessment=assessment,
                )
            )
            self._bump(
                conn, state, received, "comments", f"comments on the underrättelse received {received.isoformat()}"
            )

    # ------------------------------------------------------------------ the inspector's assessment

    def assess(
        self,
        diarienummer: str,
        on: dt.date,
        states: dict[int, str],
        *,
        note: Optional[str] = None,
        visit: bool = False,
    ) -> CaseState:
        """Record the inspector's assessment of krav (met, partly_met, not_met, withdrawn), optionally at a follow-up visit."""
        if not states and not visit:
            raise RegisterError("name the krav assessed (e.g. --met 1,2 --not-met 4) or record a --visit")
        for n, s in states.items():
            if s not in ASSESSABLE:
                raise RegisterError(f"krav {n}: {s!r} is not an assessment; expected one of {', '.join(ASSESSABLE)}")
        if "withdrawn" in states.values() and not note:
            raise RegisterError("withdrawing a krav needs the reason: give --note")
        with self._writing(diarienummer) as (conn, state):
            by_number = state.krav_by_number()
            if not by_number and states:
                raise RegisterError(f"case {diarienummer} has no krav yet (the inspektionsmeddelande sets them)")
            problems = []
            for n, s in sorted(states.items()):
                k = by_number.get(n)
                if k is None:
                    problems.append(f"there is no krav {n} (krav: {_nums(sorted(by_number))})")
                elif k.state == "withdrawn":
                    problems.append(f"krav {n} was withdrawn on {k.state_on.isoformat()}")
                elif k.state == "underrattelse" and s in ("not_met", "partly_met"):
                    problems.append(
                        f"krav {n} is already carried into the underrättelse; record 'met' if it has been put right, "
                        "otherwise the next step is the föreläggande"
                    )
                elif on < k.notice_date:
                    problems.append(f"krav {n} was set on {k.notice_date.isoformat()}, after {on.isoformat()}")
            if problems:
                raise RegisterError("; ".join(problems))
            vid = None
            if visit:
                vid = _inserted_id(
                    conn.execute(
                        insert(t.visits).values(
                            case_id=state.row.id, visited_on=on, kind="uppfoljning", from_record=False
                        )
                    )
                )
            for n, s in sorted(states.items()):
                k = by_number[n]
                conn.execute(update(t.krav).where(t.krav.c.id == k.id).values(state=s, state_on=on))
                conn.execute(
                    insert(t.assessments).values(krav_id=k.id, assessed_on=on, state=s, note=note, visit_id=vid)
                )
            summary = "; ".join(f"krav {n} {s}" for n, s in sorted(states.items()))
            self._bump(conn, state, on, "assess", (("follow-up visit; " if visit else "") + summary).rstrip("; "))
            return self._state(conn, conn.execute(select(t.cases).where(t.cases.c.id == state.row.id)).one())

    def record_visit(self, diarienummer: str, on: dt.date, kind: str = "uppfoljning") -> int:
        """A visit to the workplace (counted in the statistics); returns the case's new revision."""
        with self._writing(diarienummer) as (conn, state):
            conn.execute(insert(t.visits).values(case_id=state.row.id, visited_on=on, kind=kind, from_record=False))
            return self._bump(conn, state, on, "visit", f"{kind} {on.isoformat()}")

    def close(self, diarienummer: str, on: dt.date, *, reason: Optional[str] = None) -> CaseState:
        """Close the case: every krav met or withdrawn (a case without krav needs a reason)."""
        with self._writing(diarienummer) as (conn, state):
            unsettled = [k for k in state.krav if k.state not in SETTLED]
            if unsettled:
                listed = ", ".join(f"krav {k.number} ({k.state})" for k in unsettled)
                raise RegisterError(
                    f"case {diarienummer} still has {listed}; record each as met or withdrawn before closing"
                )
            if not state.krav and not reason:
                raise RegisterError(f"case {diarienummer} has no krav; say why it is closed with --reason")
            latest = max([d.letter_date for d in state.documents.values()] + [state.row.opened_on])
            if on < latest:
                raise RegisterError(f"the case cannot be closed on {on.isoformat()}, before {latest.isoformat()}")
            conn.execute(update(t.cases).where(t.cases.c.id == state.row.id).values(closed_on=on, close_reason=reason))
            self._bump(conn, state, on, "close", "closed")
            return self._state(conn, conn.execute(select(t.cases).where(t.cases.c.id == state.row.id)).one())

    # ------------------------------------------------------------------ reading

    def statistics(self, start: Optional[dt.date] = None, end: Optional[dt.date] = None):
        """AV's figures (seed 000 §4.1 and §4.2) for letters, krav and visits dated ``start``–``end``."""
        from samosa.cases.statistics import compute

        with self._reading() as conn:
            return compute(conn, start, end)

    def due(self, on: dt.date, *, overdue_only: bool = False):
        """What is due or overdue across all open cases on ``on``."""
        from samosa.cases.workflow import all_due

        return all_due(self.states(), on, overdue_only=overdue_only)

    def next_step(self, diarienummer: str, on: dt.date):
        """The step the chain proposes for the case on ``on``."""
        from samosa.cases.workflow import next_step

        state = self.state(diarienummer)
        _, base = state.sources.load(self.book)
        return next_step(state, on, has_gaps=bool(base.model.account.gaps))

    def document(self, diarienummer: str, kind: str) -> tuple[str, bytes, str]:
        """A stored letter: (format, bytes, sha256), checked against the stored hash."""
        with self._reading() as conn:
            row = conn.execute(
                select(t.documents.c.format, t.documents.c.content, t.documents.c.sha256)
                .join(t.cases, t.cases.c.id == t.documents.c.case_id)
                .where(t.cases.c.diarienummer == diarienummer, t.documents.c.kind == kind)
            ).first()
            if row is None:
                self.state(diarienummer)  # an unknown case says so
                raise RegisterError(f"no {LETTER_TITLES.get(kind, kind)} has been sent in case {diarienummer}")
            content = bytes(row.content)
            if sha256(content) != row.sha256:
                raise RegisterError(
                    f"the stored {kind} of case {diarienummer} does not match its sha256; the register is damaged"
                )
            return row.format, content, row.sha256

    def assessment(self, diarienummer: str, kind: str) -> dict[str, Any]:
        """The assessment a stored letter came from (samosa's JSON result), checked against its sha256."""
        with self._reading() as conn:
            row = conn.execute(
                select(t.documents.c.assessment, t.documents.c.assessment_sha256)
                .join(t.cases, t.cases.c.id == t.documents.c.case_id)
                .where(t.cases.c.diarienummer == diarienummer, t.documents.c.kind == kind)
            ).first()
        if row is None:
            raise RegisterError(f"no {LETTER_TITLES.get(kind, kind)} has been sent in case {diarienummer}")
        text = zlib.decompress(bytes(row.assessment)).decode("utf-8")
        if sha256(text) != row.assessment_sha256:
            raise RegisterError(f"the stored assessment of the {kind} of case {diarienummer} does not match its sha256")
        return json.loads(text)

    def events(self, diarienummer: str) -> list[Any]:
        with self._reading() as conn:
            return conn.execute(
                select(t.events.c.seq, t.events.c.happened_on, t.events.c.action, t.events.c.detail)
                .join(t.cases, t.cases.c.id == t.events.c.case_id)
                .where(t.cases.c.diarienummer == diarienummer)
                .order_by(t.events.c.seq)
            ).all()


# ------------------------------------------------------------------ helpers


def _inserted_id(result: CursorResult[Any]) -> int:
    """The id of the one row an ``insert()`` wrote (SQLAlchemy types ``inserted_primary_key`` as optional)."""
    key = result.inserted_primary_key
    if key is None:  # only an executemany or a statement that is no insert has none
        raise RuntimeError("the insert reported no primary key")
    return key[0]


def _case_columns(org: LoadedOrg, record: LoadedInspection) -> dict[str, Any]:
    rec = record.model
    o = org.model.organisation
    return {
        "diarienummer": rec.case.diarienummer,
        "method": str(rec.case.method),
        "region": rec.case.region,
        "subject": rec.case.subject,
        "areas": list(rec.case.areas),
        "employer_name": rec.employer.name or o.name,
        "org_number": rec.employer.org_number or o.org_number,
        "workplace_name": rec.workplace.name,
        "cfar": rec.workplace.cfar,
    }


def _record_visits(record: LoadedInspection) -> list[tuple[str, dt.date]]:
    d = record.model.dates
    out = []
    if d.formote:
        out.append(("formote", d.formote))
    out += [("gruppsamtal", gi.date) for gi in d.group_interviews]
    if d.aterkoppling:
        out.append(("aterkoppling", d.aterkoppling))
    return out


def _earliest_date(record: LoadedInspection) -> Optional[dt.date]:
    d = record.model.dates
    days = [x for x in (d.tillsynsmeddelande, d.formote, d.inspektionsmeddelande) if x]
    days += [gi.date for gi in d.group_interviews]
    return min(days) if days else None


def _record_letter_date(kind: str, record: LoadedInspection) -> Optional[dt.date]:
    rec = record.model
    dec = rec.decision
    return {
        "tillsynsmeddelande": rec.dates.tillsynsmeddelande,
        "begaran_om_komplettering": rec.dates.komplettering,
        "inspektionsmeddelande": rec.dates.inspektionsmeddelande,
        "underrattelse": dec.underrattelse_date if dec else None,
        "forelaggande": dec.decision_date if dec else None,
    }[kind]


def _check_options_cover(
    vite_per_krav: dict[int, int], deadlines: dict[int, dt.date], numbers: set[int], state
) -> None:
    for what, given in (("vite", vite_per_krav), ("deadline", deadlines)):
        extra = sorted(set(given) - numbers)
        if extra:
            raise RegisterError(
                f"a {what} is given for krav {_nums(extra)}, which the underrättelse does not carry "
                f"(it carries krav {_nums(sorted(numbers))}, the krav not met)"
            )


__all__ = ["CaseState", "KravRow", "Register", "RegisterError", "SentLetter"]
