"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when the suite has one)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text

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


# --- Template databases ------------------------------------------------------------------------------
# Migrating a fresh database takes 0.1-0.3 s (SQLite, PostgreSQL), paid by hundreds of tests. Instead
# each test session (each pytest-xdist worker is one) migrates one template per backend, and a test gets
# a copy: the file on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL. open_station() then finds the
# version row at head and skips Alembic (store/migrate.py). Tests of the migrations themselves take
# `empty_db_url` instead; the CLI and end-to-end tests make their own databases, as a fresh install does.


def _worker() -> str:
    """ "gw0", "gw1"... under pytest-xdist, "main" without it: names what one session owns."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _migrate(url: str) -> None:
    from returnstation.store.db import make_engine
    from returnstation.store.migrate import upgrade_to_head

    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()  # a PostgreSQL template must have no open connection when it is copied


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at head, checkpointed so that the file alone (no -wal/-shm) is the database."""
    path = tmp_path_factory.mktemp("template") / "station.db"
    _migrate(f"sqlite:///{path}")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the template's WAL was not checkpointed"
    return path


def copy_sqlite_template(template: Path, url: str) -> str:
    """Put a copy of the migrated template where a SQLite URL points; returns the URL."""
    from sqlalchemy.engine import make_url

    target = Path(str(make_url(url).database))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return url


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database at head that tests' databases are created from. Its name is unique, as
    other test sessions (other workers, other checkouts) may share the server."""
    _skip_without_pg()
    name = f"rs_template_{_worker()}_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _migrate(_pg_url(name))
        yield name
    finally:
        with _pg_admin() as admin:
            admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def seed_sqlite(sqlite_template: Path) -> Callable[[str], str]:
    """For tests that choose their database's place themselves (the UI's settings): call it with the
    SQLite URL before opening the station, and the station starts on a copy of the migrated template."""
    return lambda url: copy_sqlite_template(sqlite_template, url)


@contextmanager
def _pg_admin() -> Iterator[Connection]:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _pg_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


def _fresh_pg_database(template: str | None = None) -> Iterator[str]:
    """A database of its own for one test, empty or a copy of `template`; dropped afterwards."""
    name = f"rs_test_{uuid.uuid4().hex[:12]}"
    source = f' TEMPLATE "{template}"' if template else ""
    with _pg_admin() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"{source}'))
    try:
        yield _pg_url(name)
    finally:
        with _pg_admin() as admin:
            admin.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _skip_without_pg() -> None:
    if not PG_URL:
        pytest.skip("no PostgreSQL test server (RETURNSTATION_TEST_PG_URL); scripts/test.sh starts one")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test using this runs once on SQLite and once on PostgreSQL (skipped without a server),
    on a database of its own whose schema is already at head (a copy of the session's template)."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        yield copy_sqlite_template(template, f"sqlite:///{tmp_path / 'station.db'}")
        return
    _skip_without_pg()
    yield from _fresh_pg_database(template=request.getfixturevalue("pg_template"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like `db_url`, but one database per dialect for all the tests of a module: for fuzz tests whose
    examples share a database anyway and assert only what each call changed (a database costs 0.5-1 s
    on PostgreSQL here)."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        folder = tmp_path_factory.mktemp("module-db")
        yield copy_sqlite_template(template, f"sqlite:///{folder / 'station.db'}")
        return
    _skip_without_pg()
    yield from _fresh_pg_database(template=request.getfixturevalue("pg_template"))


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Like `db_url`, but truly empty: for tests of the migrations themselves and of a fresh install."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'station.db'}"
        return
    _skip_without_pg()
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
