"""Where the register is and how it is opened: SQLite by path, PostgreSQL by URL, one code path.

``resolve_url`` turns what the user gave (``--db``, else ``SAMOSA_CASES_DB``,
else ``samosa-cases.sqlite`` in the working directory) into a SQLAlchemy URL: a
path or ``sqlite:///…`` is an embedded SQLite file, ``postgresql://…`` is a
shared server (driven by psycopg 3).

Transactions are how two inspectors never lose each other's updates. Every
write is one transaction that first takes the case's lock and only then reads
what it will change:

* on PostgreSQL ``SELECT … FOR UPDATE`` on the case's row (other cases stay free);
* on SQLite ``BEGIN IMMEDIATE`` (the file's write lock, waited for up to
  ``busy_timeout``); the ``FOR UPDATE`` clause is then a no-op, so the code
  is the same.

Readers are never blocked (PostgreSQL's MVCC; SQLite in WAL mode). The schema
is versioned with Alembic: a new register is created at the newest revision,
an older one is refused until ``samosa cases migrate`` brings it up to date,
and one written by a newer samosa is refused outright.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from samosa.source.problems import UsageError

ENV_VAR = "SAMOSA_CASES_DB"
DEFAULT_FILE = "samosa-cases.sqlite"
#: How long a writer waits for another's lock before giving up (SQLite busy_timeout, PostgreSQL lock_timeout).
LOCK_WAIT_MS = 30_000
#: PostgreSQL advisory lock key held while the schema is created or migrated ("samosa" in ASCII).
_MIGRATION_LOCK = 0x73616D6F7361


class RegisterError(UsageError):
    """The register cannot do what was asked (unknown case, wrong state, unreachable database)."""


def resolve_url(db: Optional[str] = None) -> str:
    """The SQLAlchemy URL of the register ``db`` names (``--db``), else ``$SAMOSA_CASES_DB``, else the default file."""
    given = db or os.environ.get(ENV_VAR) or DEFAULT_FILE
    if "://" not in given:
        return "sqlite:///" + str(Path(given).expanduser().absolute())
    try:
        url = make_url(given)
    except ArgumentError:
        raise RegisterError(f"cannot read the register URL {given!r}; give a file path or postgresql://…") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return given
    raise RegisterError(f"the register is SQLite (a file path) or PostgreSQL (postgresql://…), not {url.drivername!r}")


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # The driver's own transaction handling would start transactions lazily and late;
    # samosa emits BEGIN itself (see _begin) so a write takes the lock before it reads.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("samosa_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _pg_connect(dbapi_conn, _record) -> None:
    with dbapi_conn.cursor() as cur:
        cur.execute(f"SET lock_timeout = {LOCK_WAIT_MS}")
    dbapi_conn.commit()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the register's transaction discipline (see the module docstring)."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).parent.is_dir():
            raise RegisterError(f"cannot create the register {path}: the directory {Path(path).parent} does not exist")
        # One connection per use: a CLI process is short, and pooled SQLite connections only hold file handles.
        engine = create_engine(url, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        try:
            import psycopg  # noqa: F401  (SQLAlchemy would say only "No module named 'psycopg'")
        except ImportError:
            raise RegisterError(
                f"the register {display_url(url)} is PostgreSQL, whose driver is not installed: "
                "pip install 'samosa-arbetsmiljo[postgresql]'"
            ) from None
        engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "connect", _pg_connect)
    return engine


def _alembic_config(connection: Optional[Connection] = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "samosa.cases:migrations")
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


#: The newest schema revision (``migrations/versions``); a test checks it against Alembic's head, and
#: knowing it here spares every command importing Alembic just to find out the register is current.
HEAD_REVISION = "0002"


def head_revision() -> str:
    return HEAD_REVISION


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    return [s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()]


def current_revision(conn: Connection) -> Optional[str]:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def _migration_lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the migrations up to ``target`` on ``conn`` (inside its transaction)."""
    from alembic import command

    command.upgrade(_alembic_config(conn), target)


def downgrade(conn: Connection, target: str) -> None:
    from alembic import command

    command.downgrade(_alembic_config(conn), target)


@contextmanager
def connect(engine: Engine, *, write: bool) -> Iterator[Connection]:
    """A connection in one transaction: committed when the block ends, rolled back on any error."""
    try:
        conn = engine.connect()
    except OperationalError as exc:
        raise RegisterError(
            f"cannot open the register {display_url(str(engine.url.render_as_string(hide_password=False)))}: "
            f"{str(exc.orig).strip().splitlines()[0] if exc.orig else exc}"
        ) from None
    try:
        if write:
            conn.execution_options(samosa_write=True)
        with conn.begin():
            yield conn
    except OperationalError as exc:
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "locked" in message or "lock timeout" in message:
            raise RegisterError(f"the register is busy (another inspector is writing); try again: {message}") from None
        raise
    finally:
        conn.close()


def ensure_schema(engine: Engine, *, create: bool = True) -> str:
    """Check the register's schema revision; create a new register at the head revision.

    An empty database (or a new SQLite file) is created when ``create``; an older
    revision is refused with the command that migrates it; an unknown (newer) one is refused.
    """
    head = head_revision()
    with connect(engine, write=True) as conn:
        _migration_lock(conn)
        current = current_revision(conn)
        if current == head:
            return head
        if current is None:
            if not create:
                raise RegisterError("this database holds no case register yet; `samosa cases open` creates one")
            others = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
            if others:
                raise RegisterError(
                    f"the database already has tables ({', '.join(sorted(others)[:5])}) but no samosa register "
                    "revision; point --db at an empty database or a samosa register"
                )
            upgrade(conn)
            return head
        if current not in known_revisions():
            raise RegisterError(
                f"the register is at schema revision {current}, which this samosa does not know "
                "(it was written by a newer samosa); upgrade samosa"
            )
        raise RegisterError(
            f"the register is at schema revision {current}, older than this samosa's {head}; "
            "back it up and run `samosa cases migrate`"
        )


def migrate(engine: Engine, target: str = "head") -> tuple[Optional[str], str]:
    """Bring the register to ``target`` (default: the newest revision); returns (before, after)."""
    with connect(engine, write=True) as conn:
        _migration_lock(conn)
        before = current_revision(conn)
        if before is not None and before not in known_revisions():
            raise RegisterError(f"the register is at schema revision {before}, which this samosa does not know")
        upgrade(conn, target)
        return before, current_revision(conn) or ""
