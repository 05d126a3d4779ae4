"""`returnstation dock` as a conveyor controller runs it: a real subprocess reading raw bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def dock(tmp_path: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.update(
        RETURNSTATION_DATA_DIR=str(tmp_path / "data"),
        RETURNSTATION_CONFIG=str(tmp_path / "none.toml"),
        RETURNSTATION_DEMO_DATA="0",
        RETURNSTATION_STATION="dock-1",
        RETURNSTATION_LOGIN="0",
    )
    return subprocess.run(
        [sys.executable, "-m", "returnstation.cli", "dock", *args],
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.e2e
def test_a_line_that_is_not_utf8_is_refused_and_the_next_line_is_answered(tmp_path: Path) -> None:
    done = dock(tmp_path, "--input", "-", stdin=b"\xff\xfe garbage\nRMA-424242\n")
    assert done.returncode == 0, done.stderr.decode()
    first, second = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert first["level"] == "stop" and "not UTF-8" in first["message"]
    assert second["kind"] == "rma" and second["hold"] is not None  # unknown RMA: on the hold shelf


@pytest.mark.e2e
@pytest.mark.parametrize("spec", ["tcp:127.0.0.1:http", "tcp:127.0.0.1:0", "tcp:9100"])
def test_a_bad_tcp_input_is_named_not_a_traceback(tmp_path: Path, spec: str) -> None:
    done = dock(tmp_path, "--input", spec)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    [line] = done.stdout.decode().splitlines()
    assert "is not tcp:HOST:PORT" in json.loads(line)["message"]
