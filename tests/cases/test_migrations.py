"""The register's schema is versioned: migrations build exactly the schema the code uses, both ways, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from samosa.cases import schema as t
from samosa.cases.database import (
    HEAD_REVISION,
    RegisterError,
    _alembic_config,
    connect,
    current_revision,
    downgrade,
    make_engine,
    migrate,
    resolve_url,
    upgrade,
)
from samosa.cases.register import Register

from .support import CASE, SAMPLE_ORG, SAMPLE_RECORD


def test_head_revision_is_alembics():
    script = ScriptDirectory.from_config(_alembic_config())
    assert script.get_current_head() == HEAD_REVISION
    revisions = [s.revision for s in script.walk_revisions()]
    assert revisions == ["0002", "0001"]  # a straight line, newest first


def test_migrations_build_the_schema_the_code_uses(db_url):
    engine = make_engine(resolve_url(db_url))
    with connect(engine, write=True) as conn:
        upgrade(conn)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), t.metadata)
    assert diff == []
    engine.dispose()


def test_downgrade_and_upgrade_again(db_url):
    engine = make_engine(resolve_url(db_url))
    with connect(engine, write=True) as conn:
        upgrade(conn)
    with connect(engine, write=True) as conn:
        downgrade(conn, "base")
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    with connect(engine, write=True) as conn:
        upgrade(conn)
        assert current_revision(conn) == HEAD_REVISION
    engine.dispose()


def test_an_older_register_is_refused_until_migrated_and_keeps_its_cases(db_url, rulebook):
    reg = Register(db_url, book=rulebook)
    reg.open_case(SAMPLE_ORG, SAMPLE_RECORD)
    reg.send(CASE, "tillsynsmeddelande", fmt="md")
    with connect(reg.engine, write=True) as conn:
        downgrade(conn, "0001")
    reg.close_connections()
    with pytest.raises(
        RegisterError, match="revision 0001, older than this samosa's 0002; back it up and run `samosa cases migrate`"
    ):
        Register(db_url, book=rulebook)
    engine = make_engine(resolve_url(db_url))
    assert migrate(engine) == ("0001", HEAD_REVISION)
    engine.dispose()
    reg = Register(db_url, book=rulebook)
    assert reg.state(CASE).sent("tillsynsmeddelande").letter_date == dt.date(2024, 2, 6)
    reg.close_connections()


def test_a_newer_or_foreign_database_is_refused(db_url, rulebook):
    reg = Register(db_url, book=rulebook)
    with connect(reg.engine, write=True) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    reg.close_connections()
    with pytest.raises(RegisterError, match="revision 0099, which this samosa does not know"):
        Register(db_url, book=rulebook)


def test_a_database_with_other_tables_is_not_taken_over(db_url):
    engine = make_engine(resolve_url(db_url))
    with connect(engine, write=True) as conn:
        conn.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(RegisterError, match=r"already has tables \(payroll\) but no samosa register"):
        Register(db_url)
