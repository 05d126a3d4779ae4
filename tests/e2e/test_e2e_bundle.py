"""The frozen bundle (scripts/build_bundle.sh) runs its own self-test, away from the source tree and venv.

Skipped unless a bundle exists: dist/returnstation/ from a build, or RETURNSTATION_BUNDLE pointing at the
bundle folder or its executable. Building takes about a minute, so the suite never builds one itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXE_NAMES = ("returnstation-cli.exe", "returnstation.exe") if sys.platform == "win32" else ("returnstation",)


def find_bundle_exe() -> Path | None:
    configured = os.environ.get("RETURNSTATION_BUNDLE")
    place = Path(configured) if configured else ROOT / "dist" / "returnstation"
    if place.is_file():
        return place
    return next((place / name for name in EXE_NAMES if (place / name).is_file()), None)


BUNDLE_EXE = find_bundle_exe()
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.skipif(
        BUNDLE_EXE is None,
        reason="no bundle: run scripts/build_bundle.sh or set RETURNSTATION_BUNDLE to one",
    ),
]


def run_bundle(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A bare environment, as on a bench PC: no venv, no PYTHONPATH, a fresh home, no display."""
    assert BUNDLE_EXE is not None
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path / "home"),
        "USERPROFILE": str(tmp_path / "home"),
        "SYSTEMROOT": os.environ.get("SYSTEMROOT", ""),
        "RETURNSTATION_DATA_DIR": str(tmp_path / "data"),
        "RETURNSTATION_CONFIG": str(tmp_path / "none.toml"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [str(BUNDLE_EXE), *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )


def test_bundle_self_test_passes(tmp_path: Path) -> None:
    res = run_bundle(tmp_path, "--self-test")
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    assert any(line.startswith("OK environment:") and "frozen bundle" in line for line in lines), res.stdout
    # The label templates came from inside the bundle, where default_labels_dir() falls back to.
    data_line = next(line for line in lines if line.startswith("OK data-files:"))
    assert str(Path("returnstation", "data", "labels")) in data_line
    assert lines[-1].startswith("self-test passed")


def test_bundle_cli_checks_the_shipped_rules(tmp_path: Path) -> None:
    assert BUNDLE_EXE is not None
    internal = BUNDLE_EXE.parent / "_internal"
    rules = internal / "returnstation" / "data" / "rules" / "default.yaml"
    assert rules.is_file(), f"the default rules are not in the bundle at {rules}"
    res = run_bundle(tmp_path, "rules-check", str(rules))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "OK" in res.stdout and "rules" in res.stdout
