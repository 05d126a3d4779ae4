"""Every public service method requires a permission or is marked open (issue 19, defect 3).

The inventory is taken by introspection: starting from a real station's services (and the integration's
inbox and outbox, configured), every object of a class from ``returnstation.services`` or
``returnstation.integration`` is visited, and every public method of its class must carry a mark from
services/access.py. A method added later without a mark fails here. Then the holes the fault run found
are shown closed on both databases.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FixedClock, make_settings
from sqlalchemy import func, select
from test_db_integration_support import use_config
from test_db_roles import ONE_RMA, add_people, prepare, sign_in_as

from returnstation.bootstrap import Station, open_station
from returnstation.domain.access import access_of
from returnstation.domain.roles import PermissionRefused, Role
from returnstation.services.results import StationContext
from returnstation.store.models import RmaRow

pytestmark = pytest.mark.db
SERVICE_PACKAGES = ("returnstation.services.", "returnstation.integration.")
# Every field of the Station that holds a service: taken from the dataclass, so a service added to the
# composition root is inventoried without anyone remembering to list it here.
STATION_SERVICES = tuple(
    f.name
    for f in dataclasses.fields(Station)
    if (isinstance(f.type, str) and f.type.endswith("Service")) or f.name == "integration"
)


def _is_service_class(cls: type) -> bool:
    return (
        cls.__module__.startswith(SERVICE_PACKAGES)
        and cls is not StationContext  # what the marks check, not a service
        and not dataclasses.is_dataclass(cls)
        and not issubclass(cls, enum.Enum | BaseException)
    )


def _reachable(station: Station) -> dict[type, object]:
    """Every service object reachable from the station: attributes and properties, recursively."""
    found: dict[type, object] = {}

    def visit(obj: object) -> None:
        cls = type(obj)
        if not _is_service_class(cls) or cls in found:
            return
        found[cls] = obj
        for value in list(getattr(obj, "__dict__", {}).values()):
            visit(value)
        for name, _prop in inspect.getmembers(cls, lambda a: isinstance(a, property)):
            if not name.startswith("_"):
                visit(getattr(obj, name))

    for name in STATION_SERVICES:
        visit(getattr(station, name))
    return found


def _public_methods(cls: type) -> Iterator[tuple[str, Any]]:
    for name, fn in inspect.getmembers(cls, inspect.isfunction):
        if not name.startswith("_") and fn.__module__.startswith("returnstation."):
            yield name, fn


def _configure(station: Station, tmp_path: Path) -> Station:
    use_config(
        station,
        {
            "inbox_dir": str(tmp_path / "inbox"),
            "targets": [{"name": "file", "kind": "jsonl", "path": str(tmp_path / "out.jsonl")}],
        },
    )
    return station


@pytest.fixture
def configured(station: Station, tmp_path: Path) -> Station:
    return _configure(station, tmp_path)


@pytest.fixture
def on_sqlite(tmp_path: Path, sqlite_url: str, clock: FixedClock) -> Iterator[Station]:
    """The marks are code, not data: looking at them once (on SQLite) is enough."""
    station = open_station(make_settings(tmp_path, sqlite_url), clock=clock)
    yield _configure(station, tmp_path)
    station.close()


def test_every_public_method_of_every_service_is_marked(on_sqlite: Station) -> None:
    services = _reachable(on_sqlite)
    names = {cls.__name__ for cls in services}
    assert {
        "ReceivingService",
        "PrintService",
        "Integration",
        "OutboxDispatcher",
        "InboxWatcher",
        "FeedService",
        "UserService",
    } <= names  # the walk sees past properties
    unmarked = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in services
        for name, fn in _public_methods(cls)
        if access_of(fn) is None
    ]
    assert unmarked == [], "\n".join(unmarked)


def test_every_guarded_method_refuses_nobody_before_doing_anything(on_sqlite: Station) -> None:
    on_sqlite.users.sign_out()
    guarded = 0
    for cls, obj in _reachable(on_sqlite).items():
        for name, fn in _public_methods(cls):
            access = access_of(fn)
            assert access is not None
            if access.permission is None:
                continue
            params = [p for p in inspect.signature(fn).parameters.values()][1:]
            args = [None for p in params if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
            with pytest.raises(PermissionRefused):
                getattr(obj, name)(*args)
            guarded += 1
    assert guarded >= 30


def _rmas(station: Station) -> int:
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(RmaRow)) or 0)


def test_the_holes_the_fault_run_found_are_closed(configured: Station, tmp_path: Path) -> None:
    add_people(configured)
    bench = prepare(configured)
    queued = configured.printing.latest_for_item(bench.decided)
    assert queued is not None
    job = configured.printing.run(queued.job_id)  # still the machine's admin: printed once
    assert job.status == "printed"
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"action": "cancel", "rma_number": "RMA-100001", "reason": "x"}\n', encoding="utf-8")
    csv = tmp_path / "feed.csv"
    csv.write_text(ONE_RMA, encoding="utf-8")
    before = _rmas(configured)
    attempts = {
        "integration.import_file jsonl": lambda: configured.integration.import_file(feed),
        "integration.import_file csv": lambda: configured.integration.import_file(csv),
        "printing.run on a printed job": lambda: configured.printing.run(job.job_id),
        "printing.retry_failed": configured.printing.retry_failed,
        "receiving.hold_queue": configured.receiving.hold_queue,
        "outbox.retry_now": configured.integration.outbox.retry_now,
    }
    for role in (None, Role.CLERK, Role.INSPECTOR):
        sign_in_as(configured, role)
        ran = []
        for name, attempt in attempts.items():
            if role is Role.INSPECTOR and name == "printing.retry_failed":
                continue  # an inspector prints labels, and may send a failed one again
            try:
                attempt()
            except PermissionRefused:
                continue
            ran.append(name)
        assert ran == [], role
    assert _rmas(configured) == before
    sign_in_as(configured, Role.SUPERVISOR)
    assert configured.printing.run(job.job_id).status == "printed"  # a supervisor may print it again
    assert configured.integration.import_file(csv).ok
    assert len(configured.receiving.hold_queue()) == 0 and configured.integration.outbox.retry_now() == 0
    sign_in_as(configured, Role.CLERK)
    assert configured.receiving.hold_count() == 0  # the receiving screen still shows how many wait
