"""The path to the first window imports none of the heavy modules (issue 18: a window in a second).

OpenCV, zxing-cpp, pyzbar and reportlab are loaded when the camera starts or a report or label is
made; Alembic only when the database needs a migration. Each start runs in a fresh interpreter, as
the station does, and reports which of them ``sys.modules`` holds once the window is shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SHOW_FIRST_WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication
from returnstation.ui import app as ui_app
from returnstation.ui.main_window import MainWindow
from returnstation.ui.sounds import SoundBoard
qapp = QApplication([])
station = ui_app.start_station()
window = MainWindow(ui_app.station_services(station), sounds=SoundBoard(enabled=False))
window.show()
qapp.processEvents()
heavy = ("cv2", "zxingcpp", "pyzbar", "reportlab", "alembic")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
window.close()
station.close()
"""

ROOT = Path(__file__).resolve().parents[2]


def _loaded_at_first_window(data_dir: Path) -> list[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        RETURNSTATION_DATA_DIR=str(data_dir),
        RETURNSTATION_CONFIG=str(data_dir / "no-config.toml"),
        RETURNSTATION_SKIP_SETUP="1",
        RETURNSTATION_DATABASE_URL=f"sqlite:///{data_dir / 'station.db'}",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-c", SHOW_FIRST_WINDOW],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_first_window_needs_no_camera_decoder_or_report_modules(tmp_path: Path) -> None:
    # First start on a new database: migrations run, so Alembic is there, and nothing else.
    assert _loaded_at_first_window(tmp_path) == ["alembic"]
    # Every later start finds the schema at head without Alembic.
    assert _loaded_at_first_window(tmp_path) == []
