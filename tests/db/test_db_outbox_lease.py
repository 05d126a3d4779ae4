"""The outbox lease dies with its holder (issue 19, defect 6), on SQLite and PostgreSQL.

A dispatcher killed mid-send (kill -9: no ``finally``, no release) used to block its target for the
whole two-minute lease. The lease is now short and renewed by a heartbeat while its holder lives, so
another dispatcher takes over within seconds of a kill, and a holder that is alive but waiting on a
slow receiver keeps it. `feeds watch --once` now exits 1 when a delivery failed, as `outbox run` does.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FixedClock, make_settings
from test_db_integration_support import Receiver, decide_all, receive_all, running, webhook_target

from returnstation import cli
from returnstation.bootstrap import Station, open_station
from returnstation.integration.outbox import DEFAULT_LEASE, OutboxDispatcher
from returnstation.integration.settings import parse_integration_config

pytestmark = pytest.mark.db


def _dispatcher(station: Station, url: str, name: str, **kw: object) -> OutboxDispatcher:
    config = parse_integration_config(
        {"targets": [webhook_target(url, jitter=0, timeout_s=5)]}, station.settings.data_dir, env={}
    )
    return OutboxDispatcher(station.session_factory, config.targets, name, **kw)  # type: ignore[arg-type]


def test_a_killed_holder_blocks_its_target_for_seconds_not_minutes(
    station: Station, clock: FixedClock
) -> None:
    assert timedelta(seconds=15) >= DEFAULT_LEASE
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    decide_all(station, "RMA-100003")
    with running(Receiver()) as rx:
        killed = _dispatcher(station, rx.url, "bench-1", clock=clock)
        other = _dispatcher(station, rx.url, "bench-2", clock=clock)
        target = killed.targets[0]
        assert killed._claim(target)  # it holds the lease, then dies: no release, no heartbeat
        [blocked] = other.run_once()
        assert blocked.busy
        clock.advance(seconds=DEFAULT_LEASE.total_seconds() + 1)
        [taken] = other.run_once()
        assert not taken.busy and taken.delivered >= 3 and not taken.failed


def test_a_live_holder_keeps_its_lease_while_a_receiver_hangs(station: Station) -> None:
    """Real time: a 0.6 s lease, a receiver that takes 1.4 s; the heartbeat keeps the holder's lease."""
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    decide_all(station, "RMA-100003")
    with running(Receiver(slow_s=1.4)) as rx:
        rx.script.append("slow")
        holder = _dispatcher(station, rx.url, "bench-1", lease=timedelta(seconds=0.6))
        other = _dispatcher(station, rx.url, "bench-2", lease=timedelta(seconds=0.6))
        results = []
        sending = threading.Thread(target=lambda: results.extend(holder.run_once()))
        sending.start()
        time.sleep(1.0)  # past the lease: only the heartbeat keeps it
        [meanwhile] = other.run_once()
        sending.join(timeout=30)
        assert meanwhile.busy
        [done] = results
        assert not done.failed and done.delivered >= 3
        assert len(rx.requests) == len(set(rx.request_keys()))  # nothing sent twice


def test_feeds_watch_once_exits_1_when_a_delivery_failed(
    tmp_path: Path,
    sqlite_url: str,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command's exit status is the same on both databases: SQLite only."""
    station = open_station(make_settings(tmp_path, sqlite_url), clock=clock)
    receive_all(station, "RMA-100003", ["LAP-14-PRO"])
    decide_all(station, "RMA-100003")
    station.close()  # the command opens its own
    with running(Receiver()) as rx:
        rx.script.extend(["fail"] * 5)
        config = tmp_path / "returnstation.toml"
        config.write_text(
            f'[integration]\ninbox_dir = "{(tmp_path / "inbox").as_posix()}"\n'
            f'[[integration.targets]]\nname = "oms"\nkind = "webhook"\nurl = "{rx.url}"\n'
            f'secret = "{rx.secret}"\njitter = 0\n',
            encoding="utf-8",
        )
        monkeypatch.setenv("RETURNSTATION_CONFIG", str(config))
        monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(station.settings.data_dir))
        monkeypatch.setenv("RETURNSTATION_DATABASE_URL", station.settings.database_url)
        monkeypatch.setenv("RETURNSTATION_DEMO_DATA", "0")
        assert cli.main(["feeds", "watch", "--once", "--no-pull"]) == 1
    assert "HTTP 500" in capsys.readouterr().out
