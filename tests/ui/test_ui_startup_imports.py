"""The path to the first window imports none of the heavy modules (issue 18: a window in a second).

OpenCV, zxing-cpp, pyzbar and reportlab are loaded when the camera starts or a report or label is
made; Alembic only when the database needs a migration; the database layer and the services on the
opening thread, after the first window is up (ui/app.py). Each start runs in a fresh interpreter
through the real entry point (`returnstation gui`), as the station does, and reports which of them
``sys.modules`` holds when the first window is shown and when the station window has replaced it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("cv2", "zxingcpp", "pyzbar", "reportlab", "alembic")

START_THE_STATION = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from returnstation import cli

HEAVY = HEAVY_MODULES
seen = {}

def loaded():
    return sorted(m for m in HEAVY if m in sys.modules)

def poll():
    from returnstation.ui.opening_window import OpeningWindow
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    if windows and "first" not in seen:
        seen["first"] = loaded()
        seen["first_window"] = type(windows[0]).__name__
    station = [w for w in windows if not isinstance(w, OpeningWindow)]
    if station and "first" in seen:
        seen["station"] = loaded()
        station[0].close()
        return
    QTimer.singleShot(5, poll)

app = QApplication([])
QTimer.singleShot(0, poll)
code = cli.main(["gui"])
print(json.dumps(seen))
sys.exit(code)
""".replace("HEAVY_MODULES", repr(HEAVY))

FIRST_WINDOW_MODULES = """
import json, sys
from returnstation import cli
cli.build_parser()
import returnstation.ui.app, returnstation.ui.opening_window
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "psycopg")
    or m.startswith(("returnstation.store", "returnstation.bootstrap", "returnstation.ui.main_window")))))
"""

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, data_dir: Path) -> str:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        RETURNSTATION_DATA_DIR=str(data_dir),
        RETURNSTATION_CONFIG=str(data_dir / "no-config.toml"),
        RETURNSTATION_SKIP_SETUP="1",
        RETURNSTATION_SOUND="0",
        RETURNSTATION_DATABASE_URL=f"sqlite:///{data_dir / 'station.db'}",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_first_window_needs_no_camera_decoder_or_report_modules(tmp_path: Path) -> None:
    first = json.loads(_run(START_THE_STATION, tmp_path))
    assert first["first_window"] == "OpeningWindow"  # up before the database is opened
    assert [m for m in first["first"] if m != "alembic"] == []  # alembic may be migrating on its thread
    # First start on a new database: migrations ran, so Alembic is there, and nothing else.
    assert first["station"] == ["alembic"]
    # Every later start finds the schema at head without Alembic.
    again = json.loads(_run(START_THE_STATION, tmp_path))
    assert again["first"] == [] and again["station"] == []


def test_the_first_window_is_drawn_without_the_database_layer(tmp_path: Path) -> None:
    # What the GUI thread imports before the window: no SQLAlchemy, driver, store, composition root or
    # station window (those are the opening thread's, issue #18).
    assert json.loads(_run(FIRST_WINDOW_MODULES, tmp_path)) == []
