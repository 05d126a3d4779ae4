"""`returnstation --self-test` as CI and an installer run it: a real subprocess, real Qt offscreen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from returnstation.selftest import OPTIONAL_IMPORTS, REQUIRED_IMPORTS

LINE = re.compile(r"^(OK|WARN|SKIP|FAIL) ([\w .-]+): (.*) \(\d+\.\d\d s\)$")
CHECKS = (
    "environment",
    "settings",
    "data-files",
    "database",
    "decode-zxing",
    "decode-pyzbar",
    "label",
    "report",
    "qt",
    "qt-multimedia",
    "main-window",
)


def self_test(
    tmp_path: Path, shadow: dict[str, str] | None = None, options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run the self-test; `shadow` puts modules first on sys.path, the way a broken bundle would lack one;
    `options` go before --self-test (--station NAME...)."""
    env = dict(os.environ)
    env.update(
        RETURNSTATION_DATA_DIR=str(tmp_path / "station-data"),
        RETURNSTATION_CONFIG=str(tmp_path / "station.toml"),
        QT_QPA_PLATFORM="offscreen",
    )
    if shadow:
        shadow_dir = tmp_path / "shadow"
        for relpath, source in shadow.items():
            (shadow_dir / relpath).parent.mkdir(parents=True, exist_ok=True)
            (shadow_dir / relpath).write_text(source, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(shadow_dir), env.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-m", "returnstation.cli", *options, "--self-test"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )


def results(stdout: str) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for line in stdout.splitlines():
        m = LINE.match(line)
        if m:
            found[m.group(2)] = (m.group(1), m.group(3))
    return found


@pytest.mark.slow
@pytest.mark.e2e
def test_self_test_passes_here_and_leaves_the_station_data_alone(tmp_path: Path) -> None:
    res = self_test(tmp_path, options=("--station", "cli-bench"))
    assert res.returncode == 0, res.stdout + res.stderr
    found = results(res.stdout)
    # This station's own settings, each with its source (the other checks use scratch settings).
    assert found["settings"][1].startswith(f"{tmp_path / 'station.toml'}: ")
    assert re.search(r"^  station +  = cli-bench  \(command line --station\)$", res.stdout, re.MULTILINE)
    data_dir = re.escape(f"= {tmp_path / 'station-data'}  (environment RETURNSTATION_DATA_DIR)")
    assert re.search(rf"^  data_dir +  {data_dir}$", res.stdout, re.MULTILINE), res.stdout
    assert re.search(r"^  max_gap_ms +  = 40  \(default\)$", res.stdout, re.MULTILINE)  # a scanner value
    expected = {*CHECKS, *(f"import {m}" for m, _ in REQUIRED_IMPORTS + OPTIONAL_IMPORTS)}
    assert set(found) == expected, res.stdout
    not_ok = {name: v for name, v in found.items() if v[0] != "OK" and name != "decode-pyzbar"}
    assert not not_ok, res.stdout
    assert "RS-SELFTEST-01" in found["decode-zxing"][1] and "QRCode" in found["decode-zxing"][1]
    assert "WAL" in found["database"][1] and "demo RMAs" in found["database"][1]
    assert "platform offscreen" in found["qt"][1]
    assert res.stdout.rstrip().splitlines()[-1].startswith("self-test passed")
    # It used a scratch database, not the one the environment points the station at.
    assert not (tmp_path / "station-data").exists()


@pytest.mark.slow
@pytest.mark.e2e
def test_a_missing_decoder_fails_the_self_test_and_names_it(tmp_path: Path) -> None:
    res = self_test(tmp_path, {"zxingcpp.py": "raise ImportError('zxingcpp native module not bundled')\n"})
    assert res.returncode == 1, res.stdout + res.stderr
    found = results(res.stdout)
    assert found["import zxingcpp"][0] == "FAIL" and "not bundled" in found["import zxingcpp"][1]
    assert found["decode-zxing"][0] == "FAIL"
    assert found["database"][0] == "OK"  # one broken piece does not hide the state of the others
    last = res.stdout.rstrip().splitlines()[-1]
    assert last.startswith("self-test FAILED: 2 of") and "decode-zxing" in last


@pytest.mark.slow
@pytest.mark.e2e
def test_missing_libzbar_is_only_a_warning(tmp_path: Path) -> None:
    shadow = {
        "pyzbar/__init__.py": "",
        "pyzbar/pyzbar.py": "raise ImportError('Unable to find zbar shared library')\n",
    }
    res = self_test(tmp_path, shadow)
    assert res.returncode == 0, res.stdout + res.stderr
    found = results(res.stdout)
    assert found["import pyzbar.pyzbar"][0] == "WARN" and "zbar" in found["import pyzbar.pyzbar"][1]
    assert found["decode-pyzbar"][0] == "WARN"
    assert found["decode-zxing"][0] == "OK"


@pytest.mark.e2e
def test_broken_settings_fail_the_self_test_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "station.toml").write_text("idle_lock_minutes = 'ten'\n", encoding="utf-8")
    res = self_test(tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    found = results(res.stdout)
    assert found["settings"][0] == "FAIL"
    assert "idle_lock_minutes: 'ten' is not a whole number >= 0" in found["settings"][1]
    assert found["database"][0] == "OK"  # the scratch checks still run
