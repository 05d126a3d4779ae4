"""Take the README screenshots from the real window (a script, not a test).

    .venv/bin/python tests/ui/screenshots.py [output-folder]
    RETURNSTATION_LANGUAGE=de .venv/bin/python tests/ui/screenshots.py    the same in German (or pl):
        every file name gets _de, plus banner_de.png (the banner alone) and report_summary_de.png

Starts Xvfb when there is no DISPLAY, opens the station on a temporary database with the demo RMAs,
walks through receiving and inspection like a clerk with a scanner, and saves the window as
docs/images/screen_receive.png, screen_inspect.png, screen_result.png, screen_capture.png (a lot typed,
the expiry still to scan), screen_override.png (the override dialog after a wrong PIN),
screen_result_override.png, screen_supervisor.png and screen_hold_shelf.png, and label_routing_4x6.png:
the routing label the medicine's decision printed (lot and expiry on it), rendered from its PDF;
then label_return_customer_4x6.png and label_item_resale_2x1.png from demo fields.
The clock is fixed so the pictures only change when the screens do.
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


def ensure_display() -> subprocess.Popen[bytes] | None:
    """A real X server for the xcb platform, so fonts and styles render as on a bench PC."""
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("Xvfb not found: falling back to the offscreen platform", file=sys.stderr)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    proc = subprocess.Popen([xvfb, ":99", "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24", "-nolisten", "tcp"])
    os.environ["DISPLAY"] = ":99"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    time.sleep(1.0)
    if proc.poll() is not None:
        raise SystemExit("Xvfb did not start (is display :99 taken?)")
    return proc


def main(out_dir: Path) -> int:
    xvfb = ensure_display()
    try:
        return take_screenshots(out_dir, os.environ.get("RETURNSTATION_LANGUAGE", "en") or "en")
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(timeout=10)


def take_screenshots(out_dir: Path, language: str = "en") -> int:
    from PySide6.QtCore import QDate, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from stdnum import ean

    from returnstation.bootstrap import open_station
    from returnstation.config import load_settings
    from returnstation.ui.app import station_services
    from returnstation.ui.i18n import install_translations
    from returnstation.ui.main_window import MainWindow
    from returnstation.ui.scan_field import ANSWER_WAIT_MS, BURST_MS
    from returnstation.ui.sounds import SoundBoard
    from returnstation.ui.theme import apply_theme

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("ReturnStation")
    app.setApplicationName("ReturnStation-screenshots")
    apply_theme(app)
    language = install_translations(app, language)
    suffix = "" if language == "en" else f"_{language}"  # the English pictures keep their names
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rs-screens-"))
    settings = load_settings(
        {
            "RETURNSTATION_DATA_DIR": str(tmp / "data"),
            "RETURNSTATION_STATION": "bench-3",
            "RETURNSTATION_USER": "ana",
            "RETURNSTATION_CONFIG": str(tmp / "none.toml"),
            "RETURNSTATION_CAMERA": "demo",  # the shipped demo pictures: photos are taken as at a bench
            "RETURNSTATION_LANGUAGE": language,  # messages, labels and reports speak it too
        }
    )
    station = open_station(settings, clock=lambda: CLOCK)
    window = MainWindow(
        station_services(station),
        sounds=SoundBoard(enabled=False),
        ui_settings=QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat),
    )
    window.resize(*SIZE)
    window.show()
    QTest.qWaitForWindowExposed(window)
    field = window.scan_field

    def settle(ms: int = 150) -> None:
        QTest.qWait(ms)
        while window.busy():  # the window's service calls run on its pool
            QTest.qWait(20)

    def scan(text: str) -> None:
        QTest.keyClicks(field, text)
        QTest.keyClick(field, Qt.Key.Key_Return)
        settle()

    def key(k: str | Qt.Key) -> None:
        if isinstance(k, str):
            QTest.keyClicks(field, k)  # one character: a person pressing one key
            settle(ANSWER_WAIT_MS + BURST_MS * 3)  # a number key answers once no key follows it
            return
        QTest.keyClick(field, k)
        settle(BURST_MS * 3)

    def wait_until(ready: Callable[[], bool], what: str, timeout_s: float = 30.0) -> None:
        end = time.monotonic() + timeout_s
        while not ready():
            if time.monotonic() > end:
                raise SystemExit(f"timed out waiting for {what}")
            settle(50)

    def shoot(name: str) -> None:
        settle(300)
        path = out_dir / name.replace(".png", f"{suffix}.png")
        if not window.grab().save(str(path)):
            raise SystemExit(f"could not save {path}")
        print(f"saved {path}")

    def gtin(body12: str) -> str:
        return body12 + ean.calc_check_digit(body12)

    # -- sign in: the window opens locked -----------------------------------------------------------
    panel = window.login_panel
    wait_until(lambda: window.locked, "the sign-in panel")
    shoot("screen_login.png")
    QTest.keyClicks(panel.badge_edit, "SUP-0001")
    QTest.keyClick(panel.badge_edit, Qt.Key.Key_Return)
    settle()
    person = Qt.KeyboardModifier.NoModifier, 70  # the PIN is typed: a scanner's burst here is a badge
    QTest.keyClicks(panel.pin_edit, "246810", *person)
    QTest.keyClick(panel.pin_edit, Qt.Key.Key_Return, *person)
    wait_until(lambda: not window.locked, "the sign-in")
    window.activateWindow()
    field.setFocus()

    def photo() -> None:
        """F7: the camera panel opens and a picture of the item is kept as evidence."""
        page = window.inspect_page
        before = page.photo_model.rowCount()
        page.take_photo()
        wait_until(lambda: page.photo_model.rowCount() > before, "the photo")
        window.camera_button.setChecked(False)
        settle()

    # -- receive: one line complete, one waiting ---------------------------------------------------
    scan("RMA-424242")  # an unexpected parcel: on the hold shelf
    scan("RMA-100001")
    scan(gtin("406123400012"))
    scan("CBL-USBC-1M")
    shoot("screen_receive.png")
    scan("CBL-USBC-1M")
    scan("CMD:DONE")
    scan("RMA-100004")
    scan("BAT-LI-18650")
    scan("DRL-18V")
    scan("CMD:DONE")

    # -- inspect: every check answered, then back to one, so the live decision shows -------------
    window.activateWindow()
    key(Qt.Key.Key_F2)
    if window.tabs.currentIndex() != 1:  # no window manager under Xvfb: shortcuts need an active window
        window.tabs.setCurrentIndex(1)
    scan("HP-BT200")
    form = window.inspect_page.form
    assert form is not None
    picks = ["2", "1", "2", "2", "1", "2"]
    for n, _ in enumerate(form.checklist.checks):
        key(picks[n] if n < len(picks) else "1")
    photo()
    key(Qt.Key.Key_Backspace)
    key(Qt.Key.Key_Backspace)
    shoot("screen_inspect.png")

    # -- result: confirm, wait for the label -----------------------------------------------------
    key(Qt.Key.Key_Return)
    wait_until(lambda: window.inspect_page.last_job is not None, "the routing label")
    shoot("screen_result.png")
    if suffix:
        banner = out_dir / f"banner{suffix}.png"
        if not window.banner.grab().save(str(banner)):
            raise SystemExit(f"could not save {banner}")
        print(f"saved {banner}")

    # -- capture: a medicine's lot typed in, its expiry still to scan --------------------------------
    key(Qt.Key.Key_F1)
    if window.tabs.currentIndex() != 0:
        window.tabs.setCurrentIndex(0)
    for code in ("RMA-100005", "VIT-C-500", "VIT-C-500", "TEA-GRN-100", "CMD:DONE"):
        scan(code)
    key(Qt.Key.Key_F2)
    if window.tabs.currentIndex() != 1:
        window.tabs.setCurrentIndex(1)
    scan("VIT-C-500")
    key("1")
    key("1")
    for char in "L-4711":  # typed by hand, one key at a time
        key(char)
    key(Qt.Key.Key_Return)
    shoot("screen_capture.png")
    scan(f"(01)0{gtin('406123400081')}(17)280500(10)L-4711")  # the pack's DataMatrix: lot and expiry
    key("1")
    photo()
    photo()  # medicines: the pack and its seal
    window.inspect_page.last_job = None
    key(Qt.Key.Key_Return)
    wait_until(lambda: window.inspect_page.last_job is not None, "the routing label")
    routing = window.inspect_page.last_job  # the routing label's job (the decision may print others)
    assert routing is not None
    save_label_image(Path(routing.output), out_dir / f"label_routing_4x6{suffix}.png")
    if not suffix:
        save_outcome_label_images(out_dir)

    # -- override: the rules say scrap, a supervisor approves "quarantine" -----------------------------
    page_i = window.inspect_page
    scan("VIT-C-500")
    key("1")
    key("1")
    scan(f"(01)0{gtin('406123400081')}(17)280500(10)L-4712")
    key("1")
    photo()
    photo()
    page_i.open_override()
    dialog = page_i.override_dialog
    assert dialog is not None
    settle(300)
    dialog.disposition_combo.setCurrentIndex(dialog.disposition_combo.findData("quarantine"))
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("rma_data_wrong"))
    dialog.badge_edit.setText("SUP-0001")
    dialog.pin_edit.setText("111111")
    dialog.submit()  # a wrong PIN first: the dialog says so and stays
    settle(300)
    path = out_dir / f"screen_override{suffix}.png"
    if not dialog.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    print(f"saved {path}")
    dialog.pin_edit.setText("246810")
    page_i.last_job = None
    dialog.submit()
    wait_until(lambda: page_i.last_job is not None, "the routing label")
    shoot("screen_result_override.png")

    # -- supervisor: a PDF summary of the day ----------------------------------------------------
    key(Qt.Key.Key_F3)
    if window.tabs.currentIndex() != 2:
        window.tabs.setCurrentIndex(2)
    page = window.supervisor_page
    day = QDate(CLOCK.year, CLOCK.month, CLOCK.day)
    page.from_edit.setDate(day.addDays(-7))
    page.to_edit.setDate(day)
    page.write_summary_pdf()
    wait_until(lambda: page.busy == 0, "the PDF summary")
    shoot("screen_supervisor.png")
    if suffix:
        save_pdf_page(page.last_output, out_dir / f"report_summary{suffix}.png")

    # -- supervisor: the hold shelf workbench, the oldest hold picked with Enter --------------------
    page.open_desk(page.hold_desk)
    wait_until(lambda: page.hold_desk.busy == 0 and bool(page.hold_desk.model.rows()), "the hold shelf")
    key(Qt.Key.Key_Return)
    shoot("screen_hold_shelf.png")

    window.close()
    station.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def save_outcome_label_images(out_dir: Path) -> None:
    """The return-to-customer and item labels (issue 16) as the station renders them, with demo data."""
    import tempfile

    from returnstation.printing.label_pdf import render_label_pdf
    from returnstation.printing.templates import load_label_template

    samples = {
        "return_customer_4x6": {
            "item_code": "RSI-000014", "rma_number": "RMA-100004", "order_number": "SO-500104",
            "ship_to": "Kim Novak", "address_line1": "7 Harbour Lane", "city_line": "LS1 4AP Leeds",
            "country": "United Kingdom", "sku": "DRL-18V", "description": "Cordless drill 18V",
            "destination": "REPAIR-OUT", "station": "bench-1", "printed_at": "2026-11-23 09:40 UTC",
            "reason": "Valid warranty: send for repair, then back to the customer",
        },
        "item_resale_2x1": {
            "item_code": "RSI-000012", "sku": "HP-BT200", "description": "Bluetooth headphones BT200",
            "grade": "B", "channel": "Refurbish", "station": "bench-1",
        },
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for name, fields in samples.items():
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(render_label_pdf(load_label_template(name), fields))
            save_label_image(pdf, out_dir / f"label_{name}.png")


def save_pdf_page(pdf: Path | None, target: Path) -> None:
    """The first page of a report PDF as a PNG at 110 dpi, the size the README shows it."""
    import pypdfium2 as pdfium

    if pdf is None:
        raise SystemExit("the summary PDF was not written")
    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        document[0].render(scale=110 / 72).to_pil().convert("RGB").save(target)
    finally:
        document.close()
    print(f"saved {target} (from {pdf.name})")


def save_label_image(newest: Path, target: Path) -> None:
    """A label PDF as a grey PNG at 204 dpi, with a thin frame."""
    import pypdfium2 as pdfium
    from PIL import ImageOps

    document = pdfium.PdfDocument(newest.read_bytes())
    try:
        image = document[0].render(scale=204 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    ImageOps.expand(image, border=2, fill=160).save(target)
    print(f"saved {target} (from {newest.name})")


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"))
