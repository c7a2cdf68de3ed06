"""The register's fixtures: ``db_url`` runs a test on SQLite and on PostgreSQL (see ``support``)."""

from .support import db_url, postgres_server  # noqa: F401  (fixtures for every test in this directory)
