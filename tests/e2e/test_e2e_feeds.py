"""`returnstation import-rmas`, `feeds watch` and `outbox` as a scheduler runs them (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(tmp_path: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        RETURNSTATION_DATA_DIR=str(tmp_path / "data"),
        RETURNSTATION_CONFIG=str(config),
        RETURNSTATION_DEMO_DATA="0",
        RETURNSTATION_STATION="feed-bench",
    )
    command = [sys.executable, "-m", "returnstation.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def rma(number: str, qty: int = 1, action: str = "upsert") -> str:
    return (
        json.dumps(
            {
                "action": action,
                "rma_number": number,
                "order_number": "SO-1",
                "customer": "Ada",
                "authorized_at": "2026-11-20",
                "lines": [
                    {
                        "line_no": 1,
                        "sku": "KTL-01",
                        "description": "Kettle",
                        "quantity": qty,
                        "unit_value": "25.00",
                        "reason_code": "defective",
                    }
                ],
            }
        )
        + "\n"
    )


@pytest.mark.slow
@pytest.mark.e2e
def test_feeds_in_and_events_out_through_the_command_line(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    config = tmp_path / "returnstation.toml"
    config.write_text(
        f'[integration]\ninbox_dir = "{inbox.as_posix()}"\nstable_seconds = 0\n'
        f'[[integration.targets]]\nname = "log"\nkind = "jsonl"\npath = "{out.as_posix()}/events.jsonl"\n'
        f'[[integration.targets]]\nname = "sheet"\nkind = "csv"\npath = "{out.as_posix()}/events.csv"\n',
        encoding="utf-8",
    )
    feed = tmp_path / "rmas.jsonl"
    feed.write_text(rma("RMA-1") + rma("RMA-2"), encoding="utf-8")
    res = run(tmp_path, config, "import-rmas", str(feed))
    assert res.returncode == 0, res.stderr
    assert "Applied rmas.jsonl: 2 new" in res.stdout
    res = run(tmp_path, config, "import-rmas", str(feed))
    assert res.returncode == 0 and "already applied" in res.stdout

    inbox.mkdir()
    (inbox / "1-cancel.jsonl").write_text(json.dumps({"action": "cancel", "rma_number": "RMA-1"}) + "\n")
    (inbox / "2-bad.jsonl").write_text(rma("RMA-3") + '{"rma_number": "RMA-4", "lines": 5}\n')
    (inbox / "3-reopen.jsonl").write_text(rma("RMA-1", qty=4))  # a cancelled RMA is not reopened
    (inbox / "4-half.jsonl.tmp").write_text(rma("RMA-5")[:20])
    res = run(tmp_path, config, "feeds", "watch", "--once", "--no-pull")
    assert res.returncode == 1  # one file failed: the scheduler must tell someone
    assert "2-bad.jsonl: failed" in res.stderr and "line 2" in res.stderr
    assert "1 cancelled" in res.stdout and "refused" in res.stdout
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [
        "1-cancel.jsonl",
        "3-reopen.jsonl",
        "3-reopen.jsonl.report.txt",
    ]
    errors = (inbox / "failed" / "2-bad.jsonl.errors.txt").read_text()
    assert "line 2: lines must be a non-empty array" in errors
    assert (inbox / "4-half.jsonl.tmp").exists()
    assert "outbox log: 1 queued, 1 delivered" in res.stdout

    [event] = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert event["type"] == "rma.change_refused" and event["data"]["rma_number"] == "RMA-1"
    assert event["data"]["reasons"] == ["the RMA was cancelled; a cancelled RMA is not reopened by a feed"]
    assert (out / "events.csv").read_text().count("rma.change_refused") == 1

    res = run(tmp_path, config, "outbox", "run")
    assert res.returncode == 0 and "outbox log: nothing to send" in res.stdout
    res = run(tmp_path, config, "outbox", "status")
    assert res.returncode == 0 and "log (jsonl): 0 waiting, 0 parked, 1 delivered" in res.stdout

    config.write_text(
        '[integration]\n[[integration.targets]]\nname = "x"\nkind = "webhook"\nurl = "ftp://x"\n'
    )
    res = run(tmp_path, config, "outbox", "status")
    assert res.returncode == 1 and "Configuration error in [integration]" in res.stderr
    assert "http:// or https://" in res.stderr
