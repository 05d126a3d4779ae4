"""`returnstation audit` as an auditor runs it (a real subprocess on a real SQLite file)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

CSV = (
    "rma_number,order_number,customer,authorized_at,expires_at,tracking_number,line_no,sku,gtin,"
    "description,category,quantity,unit_value,reason_code,expected_serials\n"
    "RMA-2001,SO-1,Ada,2026-11-01,,,1,SKU-1,,Kettle,general,1,25.00,defective,\n"
    "RMA-2002,SO-2,Bo,2026-11-01,,,1,SKU-2,,Lamp,general,1,10.00,defective,\n"
    "RMA-2003,SO-3,Cy,2026-11-01,,,1,SKU-3,,Fan,general,1,12.00,defective,\n"
)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        RETURNSTATION_DATA_DIR=str(tmp_path / "data"),
        RETURNSTATION_CONFIG=str(tmp_path / "none.toml"),
        RETURNSTATION_DEMO_DATA="0",
        RETURNSTATION_STATION="cli-bench",
    )
    db = f"sqlite:///{tmp_path / 'station.db'}"
    return subprocess.run(
        [sys.executable, "-m", "returnstation.cli", "--db", db, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def recompute(record: dict[str, object]) -> str:
    """An auditor's own check of one exported line, from the canonical form in store/audit.py."""
    doc = {k: record[k] for k in record if k not in ("id", "hash")}
    doc["v"] = 1
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{record['prev_hash']}\n{text}".encode("ascii")).hexdigest()


@pytest.mark.slow
def test_verify_export_and_catch_an_edit_behind_the_triggers(tmp_path: Path) -> None:
    (tmp_path / "rmas.csv").write_text(CSV, encoding="utf-8")
    assert run(tmp_path, "import-rmas", str(tmp_path / "rmas.csv")).returncode == 0

    ok = run(tmp_path, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK: ") and "chain intact up to seq" in ok.stdout
    head_line = ok.stdout.strip()
    n = int(head_line.split()[1])
    head = head_line.rsplit(" ", 1)[1]
    assert n >= 1

    out = tmp_path / "audit" / "events.jsonl"
    exported = run(tmp_path, "audit", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in out.read_text(encoding="ascii").splitlines()]
    assert len(records) == n and [r["seq"] for r in records] == list(range(1, n + 1))
    prev = "0" * 64
    for r in records:  # the chain checks out without this program's code
        assert r["prev_hash"] == prev and recompute(r) == r["hash"]
        prev = r["hash"]
    assert prev == head

    con = sqlite3.connect(tmp_path / "station.db")  # someone with the file: around the trigger
    con.execute("DROP TRIGGER events_no_update")
    victim_id = con.execute("SELECT id FROM events WHERE seq = 1").fetchone()[0]
    con.execute("UPDATE events SET user = 'mallory' WHERE seq = 1")
    con.execute(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    con.commit()
    con.close()

    bad = run(tmp_path, "audit", "verify")
    assert bad.returncode == 1
    assert bad.stderr.strip() == f"TAMPERED: event {victim_id} (seq 1): hash does not match its content"


def test_an_anchor_must_be_seq_colon_hash(tmp_path: Path) -> None:
    res = run(tmp_path, "audit", "verify", "--anchor", "12:nothex")
    assert res.returncode == 2 and "SEQ:HASH" in res.stderr
    empty = run(tmp_path, "audit", "verify", "--anchor", f"1:{'a' * 64}")
    assert empty.returncode == 1 and "anchored event seq 1 is missing" in empty.stderr
