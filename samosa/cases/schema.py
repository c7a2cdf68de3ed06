"""The register's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

This is the schema the code reads and writes; the migrations in
``samosa/cases/migrations/versions`` create it step by step and
``tests/cases/test_migrations.py`` checks that the two agree (Alembic's
``compare_metadata`` finds no difference after ``upgrade head``).

Personal data lives in a few named columns only — inspectors, the person who
signed a reply, the free text of replies and comments, and the stored source
files and letters. ``PERSONAL_COLUMNS`` lists them; the statistics never read
them (``tests/cases/test_statistics.py`` checks the queries).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

#: Constraint names are fixed so migrations can name them on both databases.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _case_fk() -> Column:
    return Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True)


cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("diarienummer", String(11), nullable=False, unique=True),
    Column("method", String(20), nullable=False),
    Column("region", String(200), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("areas", JSON, nullable=False),
    Column("employer_name", String(300), nullable=False),
    Column("org_number", String(11)),
    Column("workplace_name", String(300), nullable=False),
    Column("cfar", String(8)),
    Column("opened_on", Date, nullable=False),
    Column("account_received_on", Date),
    Column("completion_received_on", Date),
    Column("closed_on", Date),
    Column("close_reason", Text),
    # Bumped by every write; events.seq takes its value, so a lost update would show as a gap or a clash.
    Column("revision", Integer, nullable=False, default=0),
)

inspectors = Table(
    "inspectors",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    UniqueConstraint("case_id", "position"),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("kind", String(20), nullable=False),  # org, inspection
    Column("version", Integer, nullable=False),
    Column("filename", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("stored_on", Date, nullable=False),
    UniqueConstraint("case_id", "kind", "version"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("kind", String(40), nullable=False),
    Column("letter_date", Date, nullable=False, index=True),
    Column("format", String(4), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    # The assessment the letter came from: the day its facts were established and samosa's JSON of it
    # (the JSON output contract, zlib-compressed: a large municipality's assessment is ~0.3 MB of text;
    # the sha256 is of the uncompressed JSON).
    Column("assessed_on", Date, nullable=False),
    Column("assessment_sha256", String(64), nullable=False),
    Column("assessment", LargeBinary, nullable=False),
    # The inspection record the register generated for this letter (JSON of the model).
    Column("record_json", Text, nullable=False),
    Column("due_on", Date),  # account, completion, reply or comments due
    Column("vite_total", Integer),
    Column("vite_mode", String(12)),  # joint, per_measure, none (underrättelse, föreläggande)
    Column("samosa_version", String(40), nullable=False),
    # One letter of each kind per case: a second send is refused, also when two inspectors race.
    UniqueConstraint("case_id", "kind"),
)

krav = Table(
    "krav",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("number", Integer, nullable=False),
    Column("rules", JSON, nullable=False),
    Column("title", Text, nullable=False),
    Column("area", String(20), nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("citations", JSON, nullable=False),
    Column("notice_date", Date, nullable=False, index=True),
    Column("reply_due", Date, nullable=False),
    Column("state", String(20), nullable=False),
    Column("state_on", Date, nullable=False),
    Column("employer_status", String(20)),
    Column("employer_by", Date),
    Column("carried_into", String(20)),  # underrattelse, forelaggande
    Column("deadline", Date),
    Column("vite_kr", Integer),
    UniqueConstraint("case_id", "number"),
)

#: The §4.2 category of each regulation a krav cites (``samosa.cases.regulations``), one row per category.
krav_bases = Table(
    "krav_bases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("krav_id", Integer, ForeignKey("krav.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("category", String(200), nullable=False),
    UniqueConstraint("krav_id", "category"),
)

replies = Table(
    "replies",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("received_on", Date, nullable=False),
    Column("filename", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("signed_by", JSON, nullable=False),
    Column("safety_representative_comment", Text),
)

reply_answers = Table(
    "reply_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reply_id", Integer, ForeignKey("replies.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("krav_id", Integer, ForeignKey("krav.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("done", Text, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("remaining", Text),
    Column("by", Date),
    UniqueConstraint("reply_id", "krav_id"),
)

visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("visited_on", Date, nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # formote, gruppsamtal, aterkoppling, uppfoljning
    Column("from_record", Boolean, nullable=False),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("krav_id", Integer, ForeignKey("krav.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("assessed_on", Date, nullable=False),
    Column("state", String(20), nullable=False),
    Column("note", Text),
    Column("visit_id", Integer, ForeignKey("visits.id", ondelete="SET NULL")),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("received_on", Date, nullable=False),
    Column("employer", Text),
    Column("skyddsombud", Text),
    Column("assessment", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    _case_fk(),
    Column("seq", Integer, nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    UniqueConstraint("case_id", "seq"),
)

#: Columns that may hold names of people or free text about them: never read by the statistics.
PERSONAL_COLUMNS = {
    "inspectors": {"name", "title"},
    "sources": {"content", "filename"},
    "documents": {"content", "assessment", "record_json"},
    "replies": {"content", "signed_by", "safety_representative_comment", "filename"},
    "reply_answers": {"done", "evidence", "remaining"},
    "assessments": {"note"},
    "comments": {"employer", "skyddsombud", "assessment"},
    "cases": {"close_reason"},
    "events": {"detail"},
}
