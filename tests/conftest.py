"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when the suite has one)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("RETURNSTATION_TEST_PG_URL", "")


class FixedClock:
    """A clock the test moves by hand, so time-based rules (expiry, cycle time) are deterministic."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, 0))


def _fresh_pg_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rs_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test using this runs once on SQLite and once on PostgreSQL (skipped without a server)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'station.db'}"
        return
    if not PG_URL:
        pytest.skip("no PostgreSQL test server (RETURNSTATION_TEST_PG_URL); scripts/test.sh starts one")
    yield from _fresh_pg_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'station.db'}"


def make_settings(tmp_path: Path, db_url: str, **overrides: object):  # type: ignore[no-untyped-def]
    from returnstation.config import load_settings

    env = {
        "RETURNSTATION_DATA_DIR": str(tmp_path / "data"),
        "RETURNSTATION_DATABASE_URL": db_url,
        "RETURNSTATION_STATION": "bench-7",
        "RETURNSTATION_USER": "ana",
        "RETURNSTATION_CONFIG": str(tmp_path / "no-config.toml"),
        # Most tests are not about photos; tests/db/test_db_photos.py turns enforcement on.
        "RETURNSTATION_REQUIRE_PHOTOS": "0",
    }
    return replace(load_settings(env), **overrides)  # type: ignore[arg-type]


@pytest.fixture
def station(tmp_path: Path, db_url: str, clock: FixedClock):  # type: ignore[no-untyped-def]
    from returnstation.bootstrap import open_station

    st = open_station(make_settings(tmp_path, db_url), clock=clock)
    yield st
    st.close()
