"""Hostile text into every service input the other fuzz tests do not cover (issue 19).

Covered elsewhere: scans (test_fuzz_classifier, test_fuzz_receiving_db), CSV files
(test_fuzz_rma_import), rules files (test_fuzz_rules_loader). Here: badges and PINs at sign-in and
approval, new users' names and badges, JSONL feed fields, checklist files, captured values and
settings. Each answer must be a result or the input's documented refusal (``PinRefused``,
``UserError``, a report with line-numbered errors, ``ConfigError``, ``CaptureError``, ``ValueError``),
and a refused input writes nothing but its refusal event: on SQLite and on PostgreSQL, where NUL and
lone surrogates used to escape as ``DataError``. Example counts are kept small (scrypt runs per PIN).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fuzz_strategies import NASTY, fuzz_settings, hostile_text
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from returnstation.config import load_settings
from returnstation.disposition.capture import CaptureError, CaptureKind, normalise_capture
from returnstation.disposition.checklist import ChecklistSet, default_checklists_dir, load_checklists
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.reasons import load_reasons
from returnstation.domain.scan import Scan
from returnstation.integration.feed_records import FeedFormat
from returnstation.services.feeds import FeedService
from returnstation.services.receiving import ReceivingService
from returnstation.services.results import StationContext
from returnstation.services.users import PinRefused, UserError, UserService
from returnstation.store.db import make_engine, make_session_factory
from returnstation.store.models import EventRow, RmaLineRow, RmaRow
from returnstation.store.models_integration import FeedFileRow
from returnstation.store.models_users import UserRow

SLOW = fuzz_settings(6, 10, shared_fixture=True)  # each example runs scrypt or a database transaction
FAST = fuzz_settings(20, 40)
TABLES = {"users": UserRow, "events": EventRow, "rmas": RmaRow, "lines": RmaLineRow, "files": FeedFileRow}


def _clean(text: str) -> bool:
    return all(unicodedata.category(ch)[0] != "C" for ch in text)


@dataclass
class Db:
    sf: sessionmaker[Session]
    users: UserService
    feeds: FeedService

    def counts(self) -> dict[str, int]:
        with self.sf() as s:
            return {k: int(s.scalar(select(func.count()).select_from(m)) or 0) for k, m in TABLES.items()}


@pytest.fixture(scope="module")
def shared_sf(module_db_url: str) -> Iterator[sessionmaker[Session]]:
    """One database per dialect for the module (every test asserts only what each call changed), with
    the supervisor the badge tests sign in as."""
    engine = make_engine(module_db_url)
    sf = make_session_factory(engine)
    UserService(sf, StationContext("bench-fuzz", "fuzz")).create_user(
        "Sam Rivera", "SUP-0001", "supervisor", "246810"
    )
    try:
        yield sf
    finally:
        engine.dispose()


@pytest.fixture
def db(shared_sf: sessionmaker[Session]) -> Db:
    """The services on a station of their own: nobody signed in by an earlier test (the machine's admin)."""
    ctx = StationContext("bench-fuzz", "fuzz")
    return Db(shared_sf, UserService(shared_sf, ctx), FeedService(shared_sf, ctx, load_reasons()))


# -- badges and PINs --------------------------------------------------------------------------------


@SLOW
@example(badge="SUP-0001\x00", pin="246810").via("issue 19: DataError on PostgreSQL")
@example(badge="\x00", pin="\udfff").via("a PIN that cannot be encoded")
@given(badge=hostile_text(), pin=hostile_text())
def test_any_badge_and_pin_is_accepted_or_refused_with_the_usual_words(db: Db, badge: str, pin: str) -> None:
    before = db.counts()
    for attempt in (db.users.verify_supervisor_pin, db.users.sign_in):
        with contextlib.suppress(PinRefused):
            attempt(badge, pin)
    after = db.counts()
    assert after["users"] == before["users"]
    assert after["events"] - before["events"] in (1, 2, 3)  # a refusal or a sign-in: one event each


@SLOW
@given(name=hostile_text(), badge=st.one_of(hostile_text(), st.sampled_from(["CLK-1", "clk 2", "X"])))
def test_a_new_user_is_made_clean_or_refused(db: Db, name: str, badge: str) -> None:
    before = db.counts()
    try:
        made = db.users.create_user(name, badge, "clerk")
    except UserError:
        assert db.counts() == before
        return
    assert _clean(made.name) and _clean(made.badge) and made.name == made.name.strip()
    assert db.counts()["users"] == before["users"] + 1


# -- JSONL feed fields ------------------------------------------------------------------------------

FIELDS = ("rma_number", "order_number", "customer", "tracking_number", "authorized_at", "expires_at")
LINE_FIELDS = (
    "sku",
    "description",
    "category",
    "quantity",
    "unit_value",
    "reason_code",
    "gtin",
    "expected_serials",
    "purchased_at",
    "warranty_months",
    "line_no",
)


def _record(field: str, value: object) -> dict[str, object]:
    line: dict[str, object] = {
        "line_no": 1,
        "sku": "KTL-01",
        "description": "Kettle",
        "quantity": 1,
        "unit_value": "25.00",
        "reason_code": "defective",
    }
    record: dict[str, object] = {
        "rma_number": "RMA-990001",
        "order_number": "SO-1",
        "customer": "Ada",
        "authorized_at": "2026-11-20",
        "lines": [line],
    }
    if field in LINE_FIELDS:
        line[field] = value
    else:
        record[field] = value
    return record


@SLOW
@given(
    field=st.sampled_from(FIELDS + LINE_FIELDS),
    value=st.one_of(hostile_text(), st.integers(), st.none(), st.lists(hostile_text(), max_size=2)),
    n=st.integers(0, 10**6),
)
def test_any_jsonl_field_applies_clean_or_is_refused_whole(db: Db, field: str, value: object, n: int) -> None:
    before = db.counts()
    record = _record(field, value)
    cancel = json.dumps({"action": "cancel", "rma_number": f"RMA-{n}"})
    raw = json.dumps(record, ensure_ascii=False) + "\n" + cancel + "\n"
    report = db.feeds.apply_bytes(raw.encode("utf-8", "surrogatepass"), FeedFormat.JSONL, "f.jsonl", "fuzz")
    after = db.counts()
    if not report.ok:
        assert report.errors and all(e.message.strip() for e in report.errors)
        assert after == before  # all or nothing
        return
    with db.sf() as s:
        for rma in s.scalars(select(RmaRow)):
            assert _clean(rma.customer) and _clean(rma.order_number)
        for line in s.scalars(select(RmaLineRow)):
            assert _clean(line.description) and _clean(line.sku)


# -- checklist files --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checklist_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-checklists-"))
    shutil.copytree(default_checklists_dir(), folder / "c")
    yield folder / "c"
    shutil.rmtree(folder, ignore_errors=True)


SHIPPED_GENERAL = (default_checklists_dir() / "general.yaml").read_text(encoding="utf-8")


@FAST
@given(junk=hostile_text(), at=st.integers(0, len(SHIPPED_GENERAL)), raw=st.binary(max_size=200))
def test_any_checklist_file_loads_or_is_refused_with_problems(
    checklist_dir: Path, junk: str, at: int, raw: bytes
) -> None:
    target = checklist_dir / "general.yaml"
    for content in (SHIPPED_GENERAL[:at] + junk + SHIPPED_GENERAL[at:], raw):
        if isinstance(content, str):
            target.write_bytes(content.encode("utf-8", "surrogatepass"))
        else:
            target.write_bytes(content)
        try:
            loaded = load_checklists(checklist_dir)
        except ConfigError as exc:
            assert exc.problems and all(":" in p for p in exc.problems)
        else:
            assert isinstance(loaded, ChecklistSet)
    target.write_text(SHIPPED_GENERAL, encoding="utf-8")


# -- captured values (lot, expiry, serial) ----------------------------------------------------------


@FAST
@given(kind=st.sampled_from(list(CaptureKind)), text=hostile_text())
def test_any_captured_value_is_stored_clean_or_refused(kind: CaptureKind, text: str) -> None:
    try:
        value = normalise_capture(kind, text, date(2026, 11, 23))
    except CaptureError as exc:
        assert str(exc).strip()
        return
    assert value and _clean(value)


# -- settings ----------------------------------------------------------------------------------------

SETTINGS_KEYS = (
    "STATION",
    "USER",
    "ROLE",
    "SERIAL_BAUD",
    "IDLE_LOCK_MINUTES",
    "PRINTER",
    "LANGUAGE",
    "LOGIN",
    "DEMO_DATA",
    "CAMERA",
)


@SLOW
@example(key="STATION", value="bench\x00-1").via("NUL in the station name of every event")
@given(key=st.sampled_from(SETTINGS_KEYS), value=st.one_of(hostile_text(), st.sampled_from(NASTY)))
def test_any_setting_loads_or_is_refused_and_names_reach_the_database_clean(
    db: Db, tmp_path: Path, key: str, value: str
) -> None:
    env = {
        "RETURNSTATION_CONFIG": str(tmp_path / "none.toml"),
        "RETURNSTATION_DATA_DIR": str(tmp_path),
        f"RETURNSTATION_{key}": value,
    }
    try:
        loaded = load_settings(env)
    except ValueError as exc:
        assert str(exc).strip()
        return
    ctx = StationContext(loaded.station, loaded.user)
    assert _clean(ctx.station) and _clean(ctx.user)
    feedback = ReceivingService(db.sf, ctx).scan_parcel(Scan("RMA-NOT-THERE"))  # writes with those names
    assert feedback.message.strip()
