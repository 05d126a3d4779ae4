"""`rules-check` approves exactly the rules files a station starts with and reloads (issue 19, defect 1).

Each case is a small edit of the shipped rules; `rules-check`, `open_station` and the reload must all
agree on it, because a supervisor who was told "OK" must not find the benches refusing to start.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from returnstation import cli
from returnstation.disposition.checklist import default_checklists_dir
from returnstation.disposition.errors import ConfigError
from returnstation.disposition.rules import default_rules_path
from tests.conftest import make_settings

EDITS = [
    ("answer.physical:", "answer.phisical:", "phisical"),  # a check no checklist has
    ("[swollen, leaking, damaged]", "[swolen, leaking, damaged]", "swolen"),  # an answer no check has
    ("reason: recall", "reason: recal", "recal"),  # a return reason nobody uses
]


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = default_rules_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _rules_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, rules: Path, checklists: Path | None = None
) -> int:
    monkeypatch.setenv("RETURNSTATION_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RETURNSTATION_DATA_DIR", str(tmp_path / "data"))
    if checklists is not None:
        monkeypatch.setenv("RETURNSTATION_CHECKLISTS_DIR", str(checklists))
    return cli.main(["rules-check", str(rules)])


@pytest.mark.parametrize(("old", "new", "word"), EDITS)
def test_rules_check_refuses_what_a_station_refuses_to_start_with(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sqlite_url: str,
    old: str,
    new: str,
    word: str,
) -> None:
    from returnstation.bootstrap import open_station

    rules = _edited(tmp_path, old, new)
    with pytest.raises(ConfigError) as start:
        open_station(make_settings(tmp_path, sqlite_url, rules_path=rules, load_demo_data=False))
    assert _rules_check(monkeypatch, tmp_path, rules) == 1
    err = capsys.readouterr().err
    assert word in err and f"{rules}:" in err
    assert any(word in p for p in start.value.problems)


@pytest.mark.parametrize(("old", "new", "word"), EDITS)
def test_a_reload_refuses_the_same_files(
    tmp_path: Path, sqlite_url: str, old: str, new: str, word: str
) -> None:
    from returnstation.bootstrap import open_station

    station = open_station(make_settings(tmp_path, sqlite_url, load_demo_data=False))
    try:
        before = station.rules.version
        result = station.inspection.reload_rules(_edited(tmp_path, old, new))
        assert not result.ok and any(word in p for p in result.problems)
        assert station.inspection.rules.version == before
    finally:
        station.close()


def test_rules_check_uses_the_configured_checklists(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A site whose batteries checklist has no 'physical' check: the shipped rules are wrong there."""
    site = tmp_path / "checklists"
    shutil.copytree(default_checklists_dir(), site)
    battery = site / "batteries.yaml"
    battery.write_text(
        battery.read_text(encoding="utf-8").replace("id: physical", "id: bodywork"), encoding="utf-8"
    )
    assert _rules_check(monkeypatch, tmp_path, default_rules_path(), checklists=site) == 1
    assert "physical" in capsys.readouterr().err


def test_rules_check_says_ok_with_counts_for_the_shipped_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert _rules_check(monkeypatch, tmp_path, default_rules_path()) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "checklists" in out
