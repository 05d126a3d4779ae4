"""`returnstation retention run` as a scheduler runs it: off by default (exit 1, says so), a dry run
lists and changes nothing. The erase itself is shown in tests/db/test_db_retention.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from returnstation import cli

pytestmark = pytest.mark.e2e


def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **extra: str) -> list[str]:
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("RETURNSTATION_STATION", "cli-bench")
    for key, value in extra.items():
        monkeypatch.setenv(key, value)
    return ["--db", f"sqlite:///{tmp_path / 'station.db'}"]


def test_retention_is_off_until_configured_and_a_dry_run_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _env(tmp_path, monkeypatch)
    assert cli.main([*db, "retention", "run"]) == 1
    assert "retention is off" in capsys.readouterr().err

    monkeypatch.setenv("RETURNSTATION_RETENTION_DAYS", "30")
    assert cli.main([*db, "retention", "run", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        out.startswith("Retention 30 days (finished before ")
        and "would erase the customer data of 0 RMA(s)" in out
    )
    assert cli.main([*db, "audit", "verify"]) == 0  # a dry run writes no event
    assert "OK: " in capsys.readouterr().out
