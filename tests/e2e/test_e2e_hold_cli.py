"""`returnstation hold list / resolve` as a supervisor runs them at a terminal (a real subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_e2e_cli import run

from returnstation.bootstrap import open_station
from returnstation.config import load_settings
from returnstation.domain.scan import Scan


def held_parcel(tmp_path: Path, code: str) -> int:
    """Put a parcel on the shelf the way the bench does (set-up, not the code under test)."""
    settings = load_settings(
        {
            "RETURNSTATION_DATA_DIR": str(tmp_path / "data"),
            "RETURNSTATION_CONFIG": str(tmp_path / "none.toml"),
            "RETURNSTATION_DEMO_DATA": "0",
            "RETURNSTATION_STATION": "bench-3",
        }
    )
    station = open_station(settings)
    try:
        fb = station.receiving.scan_parcel(Scan(code))
        assert fb.parcel is not None
        return fb.parcel.parcel_id
    finally:
        station.close()


@pytest.mark.e2e
def test_hold_list_and_resolve_from_the_command_line(tmp_path: Path) -> None:
    hold_id = held_parcel(tmp_path, "RMA-999999")
    listed = run(tmp_path, "hold", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["hold"], row["kind"], row["scanned_code"]) == (f"#{hold_id}", "no_rma", "RMA-999999")

    no_reason = run(tmp_path, "hold", "resolve", f"#{hold_id}", "--refuse", "--reason", " ")
    assert no_reason.returncode == 1 and "Give a reason" in no_reason.stderr

    done = run(tmp_path, "hold", "resolve", str(hold_id), "--dispose", "recycle", "--reason", "empty box")
    assert done.returncode == 0, done.stderr
    assert f"Hold #{hold_id} recycled." in done.stdout

    twice = run(tmp_path, "hold", "resolve", str(hold_id), "--refuse", "--reason", "send back")
    assert twice.returncode == 1 and "already recycled by" in twice.stderr
    assert json.loads(run(tmp_path, "hold", "list", "--json").stdout) == []

    usage = run(tmp_path, "hold", "resolve", str(hold_id), "--reason", "x")
    assert usage.returncode == 2 and "--match --accept --refuse --dispose" in usage.stderr
