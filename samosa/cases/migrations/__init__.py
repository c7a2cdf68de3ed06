"""Alembic migrations of the case register (shipped in the wheel; run by ``samosa.cases.database``)."""
