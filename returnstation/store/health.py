"""Can this station write to its database right now? One probe for the bench and the first-run setup.

A plain ``SELECT 1`` is not enough: on SQLite a file locked by another writer still answers reads, and
a station that only reads is no use to a clerk. The probe opens a session, which starts the station's
usual write transaction (BEGIN IMMEDIATE on SQLite), runs one query and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.pool import NullPool

from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.errors import translate_db_errors  # moving to store.errors on another branch


def probe_database(session_factory: Callable[[], Any]) -> None:
    """Raise `DatabaseUnavailable` unless a write transaction can be started right now; other
    database errors (a wrong schema, a bad password) pass through unchanged."""

    @translate_db_errors
    def probe() -> None:
        with session_factory() as session:
            session.execute(text("SELECT 1"))
            session.rollback()

    probe()


def probe_database_url(url: str) -> None:
    """Probe the database at ``url`` with a throw-away engine (no pool left behind), configured the
    way the station will run it (SQLite pragmas and BEGIN IMMEDIATE, PostgreSQL's connect timeout).

    Raises as `probe_database` does, and `sqlalchemy.exc.ArgumentError` for an address that is not a
    database URL; an SQLite file whose folder cannot be created raises `OSError`.
    """
    engine = make_engine(url, poolclass=NullPool)
    try:
        probe_database(make_session_factory(engine))
    finally:
        engine.dispose()
