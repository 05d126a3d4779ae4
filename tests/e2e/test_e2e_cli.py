"""The `returnstation` command as a scheduler or an admin would run it (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = (
    "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
    "description,category,quantity,unit_value,reason_code,expected_serials\n"
)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        RETURNSTATION_DATA_DIR=str(tmp_path / "data"),
        RETURNSTATION_CONFIG=str(tmp_path / "none.toml"),
        RETURNSTATION_DEMO_DATA="0",
        RETURNSTATION_STATION="cli-bench",
    )
    return subprocess.run(
        [sys.executable, "-m", "returnstation.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.e2e
def test_import_rejects_a_bad_csv_whole_then_accepts_the_fixed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "RMA-1001,SO-1,Ada,2026-11-01,,,1,SKU-1,,Kettle,general,1,25.00,defective,\n"
        + "RMA-1002,SO-2,Bo,2026-11-01,,,1,SKU-2,,Lamp,general,0,10.00,defective,\n",
        encoding="utf-8",
    )
    res = run(tmp_path, "import-rmas", str(bad))
    assert res.returncode == 1
    assert "Nothing imported" in res.stderr and "line 3" in res.stderr and "quantity" in res.stderr
    good = tmp_path / "good.csv"
    good.write_text(bad.read_text().replace(",0,10.00", ",1,10.00"), encoding="utf-8")
    res = run(tmp_path, "import-rmas", str(good))
    assert res.returncode == 0, res.stderr
    assert "Imported 2 RMA(s)" in res.stdout  # the bad run left nothing behind to collide with


@pytest.mark.e2e
def test_rules_check_reports_a_typo_with_its_line(tmp_path: Path) -> None:
    from returnstation.disposition.rules import default_rules_path

    ok = run(tmp_path, "rules-check", str(default_rules_path()))
    assert ok.returncode == 0 and "OK" in ok.stdout
    broken = tmp_path / "rules.yaml"
    text = default_rules_path().read_text(encoding="utf-8")
    broken.write_text(text.replace("disposition: restock", "disposition: restok", 1), encoding="utf-8")
    res = run(tmp_path, "rules-check", str(broken))
    assert res.returncode == 1
    assert "restok" in res.stderr and f"{broken}:" in res.stderr


@pytest.mark.slow
@pytest.mark.e2e
def test_report_writes_a_pdf_for_an_empty_period(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    res = run(tmp_path, "report", "--from", "2026-11-01", "--to", "2026-11-07", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    res = run(tmp_path, "report", "--from", "2026-11-08", "--to", "2026-11-01")
    assert res.returncode == 2 and "after" in res.stderr


@pytest.mark.e2e
def test_global_options_reach_subcommands_over_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "elsewhere" / "cli.db"
    res = run(tmp_path, "--db", f"sqlite:///{db}", "--station", "opt-bench", "settings", "--json")
    assert res.returncode == 0, res.stderr
    shown = json.loads(res.stdout)["settings"]
    assert (shown["station"]["value"], shown["station"]["source"]) == ("opt-bench", "command line")
    assert shown["data_dir"]["where"] == "RETURNSTATION_DATA_DIR"

    res = run(tmp_path, "--db", f"sqlite:///{db}", "--data-dir", str(tmp_path / "d2"), "users", "list")
    assert res.returncode == 0, res.stderr
    assert db.exists() and not (tmp_path / "data" / "returnstation.db").exists()
    assert (tmp_path / "d2").is_dir()  # the station's folders follow --data-dir


@pytest.mark.e2e
def test_a_misspelt_setting_stops_a_subcommand_with_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "none.toml").write_text("requre_photos = false\n", encoding="utf-8")
    res = run(tmp_path, "users", "list")
    assert res.returncode == 1
    expected = f"unknown setting `requre_photos` in {tmp_path / 'none.toml'}: did you mean `require_photos`?"
    assert expected in res.stderr
