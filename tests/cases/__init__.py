"""Tests of the case register (samosa cases), on SQLite and PostgreSQL."""
