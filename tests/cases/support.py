"""Fixtures for the case register's tests: the same test on SQLite and on PostgreSQL.

``db_url`` is parametrised over both databases. SQLite is a file in the test's
temporary directory. PostgreSQL is the server named by
``SAMOSA_TEST_POSTGRES_URL`` (``.ci/run`` starts one and exports it), else a
throw-away cluster this session starts itself (``tests/pg_server.py``); each
test gets a fresh database on it. When no server can be had the PostgreSQL
half is skipped with the reason — except under ``SAMOSA_REQUIRE_POSTGRES=1``
(CI), where that is a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ..conftest import ROOT

SAMPLE_ORG = ROOT / "sample_orgs" / "mellanby_ifo.yaml"
SAMPLE_RECORD = ROOT / "sample_inspections" / "mellanby_inspection.yaml"
CASE = "2024/004711"
_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server's maintenance database (``postgres``)."""
    url = os.environ.get("SAMOSA_TEST_POSTGRES_URL")
    directory = None
    if not url:
        from .. import pg_server

        directory = Path(tempfile.mkdtemp(prefix="samosa-pg-"))
        try:
            url = pg_server.start(directory)
        except (RuntimeError, OSError, LookupError) as exc:
            shutil.rmtree(directory, ignore_errors=True)
            reason = f"no PostgreSQL server: SAMOSA_TEST_POSTGRES_URL is not set and none could be started ({exc})"
            if os.environ.get("SAMOSA_REQUIRE_POSTGRES") == "1":
                pytest.fail(reason + "; SAMOSA_REQUIRE_POSTGRES=1 makes this a failure")
            pytest.skip(reason)
    yield url
    if directory is not None:
        from .. import pg_server

        pg_server.stop(directory)


def fresh_database(server_url: str) -> str:
    """A new, empty database on the server; its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"samosa_test_{os.getpid()}_{next(_names)}"
    engine = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A new, empty register location on each database."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite")
    return fresh_database(request.getfixturevalue("postgres_server"))


def reply_text(states: dict[int, str], date: str = "2024-08-20") -> str:
    """A reply file answering krav 1–8 of the Mellanby case: ``done`` unless ``states`` says otherwise."""
    lines = [
        f"date: {date}",
        "signed_by: {name: Eva Berg, title: Socialchef, email: eva.berg@example.se}",
        "safety_representative_comment: Huvudskyddsombuden har deltagit i arbetet med svaret.",
        "answers:",
    ]
    for n in range(1, 9):
        status = states.get(n, "done")
        if status == "done":
            lines.append(f'  - {{demand: "{n}", status: done, done: Genomfört., evidence: [Protokoll APT 2024-08-15]}}')
        else:
            lines.append(f'  - {{demand: "{n}", status: {status}, done: Planeras., by: 2024-11-29}}')
    return "\n".join(lines) + "\n"
