"""The database goes away under a working station: it must say so at once and lose or double nothing.

PostgreSQL faults are real: each test runs its own throw-away cluster on a free port (so the shared test
server is never disturbed) and stops it with pg_ctl while the station's engine is alive; the same engine
must then work again once the server is back. SQLite faults are a file locked by another program and a
file that cannot be opened for writing.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_sqlite_template
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from returnstation.disposition.reasons import load_reasons
from returnstation.domain.scan import Scan
from returnstation.services.demo import demo_rma_csv
from returnstation.services.inspection import InspectionService
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import Level, StationContext
from returnstation.services.rma_import import RmaImportService
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.errors import DatabaseUnavailable
from returnstation.store.migrate import upgrade_to_head
from returnstation.store.models import (
    DiscrepancyRow,
    EventRow,
    InspectionRow,
    ItemRow,
    ParcelRow,
    PrintJobRow,
    RmaRow,
)

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
PG_SCRIPT = ROOT / "scripts" / "pg_test_server.sh"
TABLES = (RmaRow, ParcelRow, ItemRow, EventRow, DiscrepancyRow, InspectionRow, PrintJobRow)
QUICKLY_S = 3.0  # "at once": the clerk must not wait on a dead server


@dataclass
class Bench:
    engine: Engine
    sf: sessionmaker[Session]
    receiving: ReceivingService
    inspection: InspectionService
    imports: RmaImportService

    def counts(self) -> dict[str, int]:
        with self.sf() as s:
            return {m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0) for m in TABLES}


def open_bench(url: str, **engine_kw: Any) -> Bench:
    engine = make_engine(url, **engine_kw)
    sf = make_session_factory(engine)
    ctx = StationContext(station="bench-3", user="cam")
    from returnstation.disposition.checklist import default_checklists_dir, load_checklists
    from returnstation.disposition.rules import default_rules_path, load_rules

    checklists = load_checklists(default_checklists_dir())
    rules = load_rules(default_rules_path(), checklists=checklists)
    return Bench(
        engine,
        sf,
        ReceivingService(sf, ctx),
        InspectionService(sf, ctx, checklists, rules),
        RmaImportService(sf, ctx, known_reasons=load_reasons()),
    )


def seed(url: str) -> None:
    """Migrate the database at ``url`` and import the demo RMAs: what every bench here starts from."""
    migrator = make_engine(url)
    upgrade_to_head(migrator)
    migrator.dispose()
    bench = open_bench(url)
    report = bench.imports.import_text(demo_rma_csv(date.today()), source="demo")
    bench.engine.dispose()
    assert report.ok, report.summary()


@pytest.fixture(scope="module")
def seeded_sqlite(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded SQLite file made once per module (from the session's migrated template), checkpointed
    so the file alone is the database; each test works on a copy (``seeded_bench``)."""
    path = tmp_path_factory.mktemp("seeded") / "station.db"
    seed(copy_sqlite_template(sqlite_template, f"sqlite:///{path}"))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def seeded_bench(seeded: Path, path: Path, **engine_kw: Any) -> Bench:
    """A bench on a copy of the seeded SQLite file, at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seeded, path)
    return open_bench(f"sqlite:///{path}", **engine_kw)


# -- a PostgreSQL cluster of our own -------------------------------------------------------------


class PgCluster:
    """A throw-away cluster started and stopped through scripts/pg_test_server.sh."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.dir = Path("/tmp") / f"rs-pgfault-{uuid.uuid4().hex[:8]}"
        self.env = {
            **os.environ,
            "RETURNSTATION_TEST_PG_PORT": str(self.port),
            "RETURNSTATION_TEST_PG_DIR": str(self.dir),
        }
        self.url = ""
        self.template = ""  # a seeded database every test database is copied from

    def start(self) -> None:
        out = subprocess.run(
            ["bash", str(PG_SCRIPT), "start"], env=self.env, capture_output=True, text=True, timeout=120
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip() or "pg_test_server.sh start failed")
        self.url = out.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        subprocess.run(["bash", str(PG_SCRIPT), "stop"], env=self.env, capture_output=True, timeout=120)

    def fresh_database(self) -> str:
        """A database of its own for one test: a copy of the seeded template (made at the first call)."""
        if not self.template:
            template = self._create(f"rs_fault_template_{uuid.uuid4().hex[:8]}", "")
            seed(template)  # disposes its engines: a template must have no connection when copied
            self.template = str(make_url(template).database)
        return self._create(f"rs_fault_{uuid.uuid4().hex[:10]}", self.template)

    def _create(self, name: str, template: str) -> str:
        admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        admin.dispose()
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)


# Under pytest-xdist (--dist loadgroup) the tests of the throw-away cluster run in one worker, so one
# cluster is started for them instead of one per worker.
ONE_WORKER_STARTS_THE_CLUSTER = pytest.mark.xdist_group("own_pg_cluster")


@pytest.fixture(scope="module")
def cluster() -> Iterator[PgCluster]:
    if not PG_SCRIPT.exists():
        pytest.skip("scripts/pg_test_server.sh is missing")
    c = PgCluster()
    try:
        c.start()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(c.dir, ignore_errors=True)
        pytest.skip(f"cannot start a throw-away PostgreSQL cluster here: {exc}")
    try:
        yield c
    finally:
        c.stop()
        shutil.rmtree(c.dir, ignore_errors=True)


@pytest.fixture
def pg_bench(cluster: PgCluster) -> Iterator[Bench]:
    bench = open_bench(cluster.fresh_database())
    try:
        yield bench
    finally:
        cluster.start()  # whatever the test did, leave the server up for the next one
        bench.engine.dispose()


def assert_unavailable_quickly(call: Any, *args: Any) -> DatabaseUnavailable:
    t0 = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as info:
        call(*args)
    assert time.monotonic() - t0 < QUICKLY_S
    message = str(info.value)
    assert message.startswith("The database is not reachable:") and "Traceback" not in message
    return info.value


@pytest.mark.slow
@ONE_WORKER_STARTS_THE_CLUSTER
def test_pg_server_stopped_is_reported_at_once_and_the_same_engine_recovers(
    cluster: PgCluster, pg_bench: Bench
) -> None:
    rcv = pg_bench.receiving
    pid = rcv.scan_parcel(Scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
    assert rcv.scan_item(pid, Scan("HP-BT200")).level is Level.SUCCESS
    before = pg_bench.counts()
    engine_id = id(pg_bench.engine)

    cluster.stop()
    pending_scan = Scan("CBL-USBC-1M")  # what the UI keeps and sends again later
    err = assert_unavailable_quickly(rcv.scan_item, pid, pending_scan)
    assert "server" in err.reason
    assert_unavailable_quickly(rcv.scan_parcel, Scan("RMA-100002"))
    assert_unavailable_quickly(rcv.finish_parcel, pid)
    assert_unavailable_quickly(pg_bench.inspection.pending)
    assert_unavailable_quickly(
        pg_bench.imports.import_text, demo_rma_csv(date.today()).replace("RMA-1", "RMA-8")
    )

    cluster.start()
    assert id(pg_bench.engine) == engine_id
    assert pg_bench.counts() == before  # nothing half-written while the server was away
    retried = rcv.scan_item(pid, pending_scan)
    assert retried.level is Level.SUCCESS and "(1 of 2)" in retried.message
    again = rcv.scan_item(pid, pending_scan)  # the UI sent its kept scan twice: still one unit
    assert again.level is Level.INFO and "Already recorded" in again.message
    assert again.item_id == retried.item_id
    after = pg_bench.counts()
    assert after["items"] == before["items"] + 1
    assert after["events"] == before["events"] + 1


@pytest.mark.slow
@ONE_WORKER_STARTS_THE_CLUSTER
def test_pg_connection_killed_before_commit_leaves_no_trace(cluster: PgCluster, pg_bench: Bench) -> None:
    rcv = pg_bench.receiving
    pid = rcv.scan_parcel(Scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
    before = pg_bench.counts()
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")

    def kill_own_backend(session: Session) -> None:
        # the item row is already flushed inside the transaction; the server loses the connection now
        backend = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": backend})

    scan = Scan("HP-BT200")
    event.listen(pg_bench.sf, "before_commit", kill_own_backend)
    try:
        assert_unavailable_quickly(rcv.scan_item, pid, scan)
    finally:
        event.remove(pg_bench.sf, "before_commit", kill_own_backend)
        admin.dispose()
    assert pg_bench.counts() == before
    assert rcv.scan_item(pid, scan).level is Level.SUCCESS  # the retry is the first and only record
    assert pg_bench.counts()["items"] == before["items"] + 1


@pytest.mark.slow
@ONE_WORKER_STARTS_THE_CLUSTER
def test_pg_outage_right_after_commit_retry_is_not_counted_twice(cluster: PgCluster, pg_bench: Bench) -> None:
    """The ambiguous case: the receipt committed, then the server vanished before the station could
    show it, so the clerk saw an error. Sending the kept scan again must not add a second unit."""
    rcv = pg_bench.receiving
    pid = rcv.scan_parcel(Scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
    before = pg_bench.counts()

    def server_dies(_session: Session) -> None:
        cluster.stop()

    scan = Scan("CBL-USBC-1M")
    event.listen(pg_bench.sf, "after_commit", server_dies, once=True)
    with pytest.raises(DatabaseUnavailable):
        rcv.scan_item(pid, scan)
    cluster.start()
    assert pg_bench.counts()["items"] == before["items"] + 1  # it did get in
    again = rcv.scan_item(pid, scan)
    assert again.level is Level.INFO and "Already recorded" in again.message
    assert pg_bench.counts()["items"] == before["items"] + 1
    # a new physical scan of the same product is a second unit, as it should be
    assert "(2 of 2)" in rcv.scan_item(pid, Scan("CBL-USBC-1M")).message


@pytest.mark.slow
@ONE_WORKER_STARTS_THE_CLUSTER
def test_pg_parcel_steps_are_idempotent_when_retried(pg_bench: Bench) -> None:
    rcv = pg_bench.receiving
    first = rcv.scan_parcel(Scan("RMA-100003"))
    assert rcv.scan_parcel(Scan("RMA-100003")).parcel.parcel_id == first.parcel.parcel_id  # type: ignore[union-attr]
    pid = first.parcel.parcel_id  # type: ignore[union-attr]
    rcv.scan_item(pid, Scan("LAP-14-PRO"))
    assert rcv.finish_parcel(pid).level is Level.SUCCESS
    assert rcv.finish_parcel(pid).message == "Parcel already closed."
    hold = Scan("RMA-999999")
    held = rcv.scan_parcel(hold)
    assert rcv.scan_parcel(hold).message.startswith("Already recorded")
    assert [p.parcel_id for p in rcv.hold_queue()] == [held.parcel.parcel_id]  # type: ignore[union-attr]
    with pg_bench.sf() as s:
        assert (
            s.scalar(select(func.count()).select_from(EventRow).where(EventRow.type == "parcel_received"))
            == 1
        )


# -- SQLite ------------------------------------------------------------------------------------


def test_sqlite_file_locked_by_another_program_is_reported_and_nothing_written(
    seeded_sqlite: Path, tmp_path: Path
) -> None:
    bench = seeded_bench(seeded_sqlite, tmp_path / "station.db", busy_timeout_s=0.3)
    try:
        pid = bench.receiving.scan_parcel(Scan("RMA-100001")).parcel.parcel_id  # type: ignore[union-attr]
        before = bench.counts()
        other = sqlite3.connect(tmp_path / "station.db", isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # e.g. a backup tool or a stuck second app holding the file
        try:
            scan = Scan("HP-BT200")
            err = assert_unavailable_quickly(bench.receiving.scan_item, pid, scan)
            assert "locked" in err.reason
            assert_unavailable_quickly(bench.receiving.scan_parcel, Scan("RMA-100002"))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert bench.counts() == before
        assert bench.receiving.scan_item(pid, scan).level is Level.SUCCESS
        assert bench.counts()["items"] == before["items"] + 1
    finally:
        bench.engine.dispose()


def _set_immutable(paths: list[Path], on: bool) -> bool:
    """chattr +i: the only way to make a file unwritable for root (the test may well run as root)."""
    if shutil.which("chattr") is None:
        return False
    flag = "+i" if on else "-i"
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    return done.returncode == 0


def test_sqlite_file_that_cannot_be_written_is_reported(seeded_sqlite: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    db = folder / "station.db"
    url = f"sqlite:///{db}"
    seeded_bench(seeded_sqlite, db).engine.dispose()  # the station closes; the share then turns read-only
    if os.geteuid() == 0:
        if not _set_immutable([db, folder], True):
            pytest.skip("running as root and chattr +i is not available here")
    else:
        db.chmod(0o444)
        folder.chmod(0o555)
    bench = open_bench(url, busy_timeout_s=0.3)
    try:
        err = assert_unavailable_quickly(bench.receiving.scan_parcel, Scan("RMA-100001"))
        assert "database file" in err.reason
    finally:
        bench.engine.dispose()
        if os.geteuid() == 0:
            _set_immutable([db, folder], False)
        else:
            folder.chmod(0o755)
            db.chmod(0o644)
    bench = open_bench(url)
    try:
        assert bench.counts()["parcels"] == 0  # nothing got in, not even half
        assert bench.receiving.scan_parcel(Scan("RMA-100001")).level is Level.SUCCESS
    finally:
        bench.engine.dispose()


def test_integrity_errors_are_not_disguised_as_outages(seeded_sqlite: Path, tmp_path: Path) -> None:
    """Only "unreachable" is translated: a real bug must still surface as itself."""
    from sqlalchemy.exc import IntegrityError

    from returnstation.store.errors import translate_db_errors

    bench = seeded_bench(seeded_sqlite, tmp_path / "station.db")
    try:

        @translate_db_errors
        def duplicate_rma() -> None:
            with bench.sf() as s:
                s.execute(text("INSERT INTO meta (key, value) VALUES ('k', 'a')"))
                s.execute(text("INSERT INTO meta (key, value) VALUES ('k', 'b')"))

        with pytest.raises(IntegrityError):
            duplicate_rma()
    finally:
        bench.engine.dispose()
