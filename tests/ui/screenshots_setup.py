"""Take the README screenshots of the first-run setup and the camera panel (a script, not a test).

    .venv/bin/python tests/ui/screenshots_setup.py [output-folder]

Starts Xvfb on :98 when there is no DISPLAY (tests/ui/screenshots.py uses :99, so both can run at once),
then saves docs/images/screen_first_run.png (every step tried: database connected, a scan received, the
demo camera reading a label, a test page printed) and docs/images/screen_camera.png (the station window
with the camera panel open, after the camera read the parcel's RMA label).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1280, 800)
CLOCK = datetime(2026, 11, 23, 9, 30, 0)
DISPLAY = ":98"


def ensure_display() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("Xvfb not found: falling back to the offscreen platform", file=sys.stderr)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    proc = subprocess.Popen([xvfb, DISPLAY, "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = DISPLAY
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    time.sleep(1.0)
    if proc.poll() is not None:
        raise SystemExit(f"Xvfb did not start (is display {DISPLAY} taken?)")
    return proc


def main(out_dir: Path) -> int:
    xvfb = ensure_display()
    try:
        return take_screenshots(out_dir)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)


def _wait(app: object, until: Callable[[], bool], timeout_s: float = 15.0) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the screen to settle")
        app.processEvents()
        time.sleep(0.02)


def _settle(app: object, seconds: float = 0.4) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def render_label_png(folder: Path, code: str) -> Path:
    """The item label with `code` as its barcode, as the demo camera shows it (the same picture as
    tests/ui/test_ui_camera_dock.py; not imported from there, its conftest forces the offscreen platform)."""
    import cv2
    import numpy as np
    import pypdfium2 as pdfium

    from returnstation.printing.label_pdf import render_label_pdf
    from returnstation.printing.templates import load_label_template

    pdf = render_label_pdf(load_label_template("item_2x1"), {"sku": code, "description": "Parcel label"})
    image = pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil().convert("RGB")
    frame = cv2.copyMakeBorder(
        np.array(image)[:, :, ::-1].copy(), 80, 80, 80, 80, cv2.BORDER_CONSTANT, value=(190, 190, 190)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.png"
    cv2.imwrite(str(path), frame)
    return path


def take_screenshots(out_dir: Path) -> int:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from returnstation.bootstrap import open_station
    from returnstation.config import load_settings
    from returnstation.ui.app import station_services
    from returnstation.ui.first_run import FirstRunDialog
    from returnstation.ui.main_window import MainWindow
    from returnstation.ui.sounds import SoundBoard
    from returnstation.ui.theme import apply_theme

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("ReturnStation")
    app.setApplicationName("ReturnStation-screenshots")
    apply_theme(app)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rs-screens-setup-"))
    camera_dir = tmp / "demo-labels"
    render_label_png(camera_dir, "RMA-100001")
    env = {
        "RETURNSTATION_DATA_DIR": str(tmp / "data"),
        "RETURNSTATION_STATION": "bench-3",
        "RETURNSTATION_USER": "ana",
        "RETURNSTATION_CONFIG": str(tmp / "returnstation.toml"),
        "RETURNSTATION_CAMERA": str(camera_dir),
    }
    try:
        # -- first-run setup, every step tried ------------------------------------------------------
        shown_path = tmp / "returnstation.toml"  # never the real ~/.config of whoever makes the screenshots
        dialog = FirstRunDialog(load_settings({**env, "RETURNSTATION_CAMERA": ""}), shown_path)
        dialog.show()
        QTest.qWaitForWindowExposed(dialog)
        dialog.test_database()
        _wait(app, lambda: dialog.db_result.text().startswith("Connected"))
        dialog.scan_field.setFocus()
        QTest.keyClicks(dialog.scan_field, "RMA-100001")
        QTest.keyClick(dialog.scan_field, Qt.Key.Key_Return)
        dialog.camera_edit.setText(str(camera_dir))
        dialog.camera_test_button.setChecked(True)
        _wait(app, lambda: dialog.camera_result.text().startswith("Camera read"))
        dialog.print_test()
        _wait(app, lambda: dialog.print_button.isEnabled() and bool(dialog.print_result.text()))
        _settle(app)
        dialog.grab().save(str(out_dir / "screen_first_run.png"))
        dialog.reject()

        # -- the station window with the camera panel --------------------------------------------------
        station = open_station(load_settings(env), clock=lambda: CLOCK)
        try:
            prefs = QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat)
            services = station_services(station)
            window = MainWindow(services, sounds=SoundBoard(enabled=False), ui_settings=prefs)
            window.resize(*SIZE)
            window.show()
            QTest.qWaitForWindowExposed(window)
            window.camera_button.click()
            _wait(app, lambda: window.receive_page.rma_label.text() == "RMA-100001")
            canvas = window.camera_dock.view.canvas
            _wait(app, lambda: bool(canvas.preview and canvas.preview.accepted))
            _settle(app)
            window.grab().save(str(out_dir / "screen_camera.png"))
            window.close()
        finally:
            station.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"saved screen_first_run.png and screen_camera.png in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"))
