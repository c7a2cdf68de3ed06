"""Index the dates the statistics select a period by (letters, krav, visits): the national figures.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_letter_date"), ["letter_date"], unique=False)

    with op.batch_alter_table("krav", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_krav_notice_date"), ["notice_date"], unique=False)

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_visited_on"), ["visited_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_visited_on"))

    with op.batch_alter_table("krav", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_krav_notice_date"))

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_letter_date"))
