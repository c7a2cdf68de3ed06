"""Two inspectors recording on the same case never lose an update: two processes, two connections.

Every write takes the case's lock before it reads (``samosa.cases.database``),
bumps the case's revision and appends an event numbered with it; a lost update
would show as a revision short of the number of writes, or as two events with
one number (which the unique constraint would refuse).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
import time

import pytest
from sqlalchemy import func, select

from samosa.cases import schema as t
from samosa.cases.register import Register, RegisterError

from .support import CASE, SAMPLE_ORG, SAMPLE_RECORD

WRITES = 25


def _inspector(url: str, start, results, who: int) -> None:
    """One inspector's process: wait for the other, then record WRITES visits on the same case."""
    reg = Register(url)
    start.wait(timeout=60)
    revisions = [reg.record_visit(CASE, dt.date(2024, 6, 10 + who)) for _ in range(WRITES)]
    results.put((who, revisions))
    reg.close_connections()


def _sender(url: str, start, results, who: int) -> None:
    reg = Register(url)
    start.wait(timeout=60)
    try:
        sent = reg.send(CASE, "tillsynsmeddelande", fmt="md")
        results.put((who, "sent", sent.sha256))
    except RegisterError as exc:
        results.put((who, "refused", str(exc)))
    reg.close_connections()


def _two_processes(target, url: str) -> list:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=target, args=(url, start, results, who)) for who in (0, 1)]
    for p in procs:
        p.start()
    out = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return sorted(out)


def test_two_processes_writing_the_same_case_lose_nothing(db_url, rulebook):
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    first = reg.state(CASE).row.revision
    out = _two_processes(_inspector, db_url)
    seen = sorted(r for _, revs in out for r in revs)
    assert seen == list(range(first + 1, first + 1 + 2 * WRITES))  # every write got its own revision
    state = reg.state(CASE)
    assert state.row.revision == first + 2 * WRITES
    assert len([v for v in state.visits if not v.from_record]) == 2 * WRITES
    assert [e.seq for e in reg.events(CASE)] == list(range(1, state.row.revision + 1))
    reg.close_connections()


def test_two_inspectors_sending_the_same_letter_send_it_once(db_url, rulebook):
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    out = _two_processes(_sender, db_url)
    outcomes = sorted(o[1] for o in out)
    assert outcomes == ["refused", "sent"], out
    assert "was sent on 2024-02-06" in next(o[2] for o in out if o[1] == "refused")
    with reg.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.documents)).scalar_one() == 1
    reg.close_connections()


def test_a_second_connection_waits_for_the_first_and_sees_its_update(db_url, rulebook):
    """Connection A holds the case; B's write waits, then builds on A's committed revision."""
    a, b = Register(db_url, book=rulebook), Register(db_url, book=rulebook)
    a.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    start = a.state(CASE).row.revision
    done: dict[str, object] = {}

    def second() -> None:
        done["revision"] = b.record_visit(CASE, dt.date(2024, 6, 20))
        done["at"] = time.monotonic()

    with a._writing(CASE) as (conn, state):
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.6)
        assert "revision" not in done  # B is waiting for A's lock
        released = time.monotonic()
        a._bump(conn, state, dt.date(2024, 6, 19), "visit", "held by A")
    worker.join(timeout=60)
    assert done["revision"] == start + 2 and done["at"] >= released
    assert [e.detail for e in a.events(CASE)][-2:] == ["held by A", "uppfoljning 2024-06-20"]
    a.close_connections()
    b.close_connections()


def test_a_rolled_back_write_releases_the_case(db_url, rulebook):
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    start = reg.state(CASE).row.revision
    with pytest.raises(RuntimeError):
        with reg._writing(CASE) as (conn, state):
            reg._bump(conn, state, dt.date(2024, 6, 19), "visit", "never")
            raise RuntimeError("interrupted")
    assert reg.record_visit(CASE, dt.date(2024, 6, 20)) == start + 1
    reg.close_connections()
