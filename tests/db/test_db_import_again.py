"""Importing a file that was already imported is recognised by its content (issue 19, "Also").

A crashed or interrupted import may in fact have finished; running it again must say so and succeed,
not list every RMA as "already exists" and fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from returnstation import cli
from returnstation.bootstrap import Station
from returnstation.store.models import RmaRow

pytestmark = pytest.mark.db
CSV = (
    "rma_number,order_number,customer,authorized_at,line_no,sku,description,quantity,unit_value,reason_code\n"
    "RMA-880001,SO-1,Ada Lovelace,2026-11-01,1,KTL-01,Kettle,1,25.00,defective\n"
    "RMA-880002,SO-2,Bo Lin,2026-11-01,1,LMP-01,Lamp,1,10.00,defective\n"
)


def _rmas(station: Station) -> int:
    with station.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(RmaRow)) or 0)


def test_the_same_file_again_is_already_imported_and_changes_nothing(
    station: Station, tmp_path: Path
) -> None:
    path = tmp_path / "rmas.csv"
    path.write_bytes(CSV.encode("utf-8"))
    assert station.imports.import_file(path).ok
    count = _rmas(station)
    again = station.imports.import_file(path)
    assert again.ok and again.rmas == 0
    assert "already imported on 2026-11-23 09:00" in again.summary() and "rmas.csv" in again.summary()
    assert _rmas(station) == count
    renamed = tmp_path / "copy.csv"  # the same bytes under another name: the same file
    renamed.write_bytes(path.read_bytes())
    assert station.imports.import_file(renamed).ok and _rmas(station) == count


def test_a_different_file_is_still_refused_and_a_refused_file_is_not_remembered(station: Station) -> None:
    bad = CSV.replace(",1,10.00,", ",0,10.00,")
    assert not station.imports.import_text(bad).ok
    assert not station.imports.import_text(bad).ok  # refused again for its problem, not "already"
    assert station.imports.import_text(CSV, source="first.csv").ok
    changed = station.imports.import_text(CSV.replace("Kettle", "Kettle, blue"), source="second.csv")
    assert not changed.ok and "already exists" in changed.summary()


def test_the_command_exits_0_for_a_file_imported_before(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNSTATION_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("RETURNSTATION_DEMO_DATA", "0")
    path = tmp_path / "rmas.csv"
    path.write_text(CSV, encoding="utf-8")
    assert cli.main(["import-rmas", str(path)]) == 0
    assert cli.main(["import-rmas", str(path)]) == 0
    assert "already imported on" in capsys.readouterr().out
