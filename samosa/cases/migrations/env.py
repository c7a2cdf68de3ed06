"""Alembic's environment for the case register.

samosa never runs Alembic from an ``alembic.ini``: ``samosa.cases.database``
builds the configuration in code and hands over an open connection (inside the
transaction that holds the register's migration lock) as
``config.attributes["connection"]``. Offline mode writes the SQL for a DBA.
"""

from alembic import context

from samosa.cases.schema import metadata

config = context.config


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table (a no-op on PostgreSQL).
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
