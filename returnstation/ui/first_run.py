"""First-run setup of a new bench: name it, pick the database, try the scanner, camera and printer.

Why a setup dialog at all: a new bench is usually set up by the shift lead, not by IT, and the
defaults (SQLite, PDF folder) silently "work" even when the bench was meant to share the warehouse's
PostgreSQL database or print on the Zebra next to it. Each choice here is tried on the spot (the
database is connected, a test label is printed, the scanner and camera show what they read), so a
wrong setting is found while the person who knows the answer is still at the bench. The trying itself
(engines, printers, rendered labels) is done by services/setup_checks.py on a worker thread; this module
words its answers and writes the file.

The answers go to the station's TOML file (returnstation.config.config_file_path()), written by hand
(the standard library reads TOML but cannot write it). The dialog is only shown while that file does
not exist; environment variables still win over it, as always.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from returnstation.config import Settings
from returnstation.domain.scan import Scan
from returnstation.services.setup_checks import (
    DatabaseCheck,
    PrinterCheck,
    check_database,
    is_database_url,
    print_test_page,
    printer_setting_problem,
)
from returnstation.ui.bench_dialog import BenchDialog
from returnstation.ui.camera_view import CameraView
from returnstation.ui.first_run_check import needs_first_run
from returnstation.ui.main_window import database_label
from returnstation.ui.scan_field import ScanField
from returnstation.ui.theme import MUTED_TEXT, font
from returnstation.ui.wedge_filter import WedgeFilter
from returnstation.ui.workers import run_in_background

# English, as written; marked for lupdate (str(): the marker is typed `object`) and shown through tr().
SQLITE_CHOICE = str(QT_TRANSLATE_NOOP("FirstRunDialog", "SQLite file on this PC (one bench)"))
POSTGRES_CHOICE = str(QT_TRANSLATE_NOOP("FirstRunDialog", "PostgreSQL server (several benches share it)"))
POSTGRES_HINT = "postgresql+psycopg://user:password@server/returnstation"
PRINTER_CHOICES = ("pdf-folder", "zpl-folder", "tcp://10.0.0.5:9100", "cups:ZEBRA_QUEUE")
OK_STYLE = "color: #1e7b34; font-weight: bold;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"


@dataclass(frozen=True, slots=True)
class StationSetup:
    """What the setup writes; every other setting keeps its default (README "Configuration")."""

    station: str
    database_url: str
    printer: str
    camera: str


def toml_string(value: str) -> str:
    """A TOML basic string: Windows paths and passwords may hold backslashes, quotes or odd characters."""
    out = []
    for ch in value:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def config_text(setup: StationSetup, now: datetime | None = None) -> str:
    written = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = [
        f"# ReturnStation settings for this bench, written by the first-run setup on {written}.",
        "# RETURNSTATION_* environment variables override them; other keys: README, section Configuration",
        "# (an unknown key is refused; `returnstation settings` shows what is in effect and why).",
        f"station = {toml_string(setup.station)}",
        f"database_url = {toml_string(setup.database_url)}",
        f"printer = {toml_string(setup.printer)}",
        f"camera = {toml_string(setup.camera)}",
    ]
    return "\n".join(lines) + "\n"


def write_config(path: Path, setup: StationSetup) -> None:
    """Write the settings file atomically: a half-written file would stop the station from starting."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(config_text(setup), encoding="utf-8")
    os.replace(tmp, path)


def database_check_text(check: DatabaseCheck) -> str:
    """The setup's answer to a database check (services/setup_checks.py), in the bench's language."""
    if check.ok:
        return QCoreApplication.translate("FirstRunDialog", "Connected: {database}").format(
            database=database_label(check.url)
        )
    if check.not_a_url:
        problem = QCoreApplication.translate(
            "FirstRunDialog", "Not a database address: {address}. Example: {example}"
        )
        return problem.format(address=repr(check.url), example=POSTGRES_HINT)
    return QCoreApplication.translate("FirstRunDialog", "Not connected: {error}").format(error=check.error)


def sample_label_fields(station: str) -> dict[str, str]:
    """The test page's fields (setup_checks.TEST_LABEL), in the bench's language."""
    return {
        "disposition": QCoreApplication.translate("FirstRunDialog", "Test"),
        "location_name": QCoreApplication.translate("FirstRunDialog", "Test page {station}").format(
            station=station
        )[:40],
        "location_code": "TEST-0001",
        "note": QCoreApplication.translate("FirstRunDialog", "Printed by the ReturnStation setup"),
    }


def printer_check_text(check: PrinterCheck) -> str:
    """The setup's answer to a test print: the printer's own words, or which printer failed and how."""
    if check.failed_printer:
        return QCoreApplication.translate("FirstRunDialog", "{printer} failed: {error}").format(
            printer=check.failed_printer, error=check.message
        )
    return check.message


def _result_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setMinimumHeight(22)
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED_TEXT};")
    return label


def _show(label: QLabel, ok: bool, text: str) -> None:
    label.setText(text)
    label.setToolTip(text)
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)


class FirstRunDialog(BenchDialog):
    """One screen, five steps; "Save and start" writes `config_path` and accepts the dialog."""

    def __init__(self, defaults: Settings, config_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ReturnStation: set up this bench"))
        self.config_path = config_path
        self.label_dir = defaults.label_dir
        self.sqlite_url = (
            defaults.database_url if defaults.is_sqlite else f"sqlite:///{defaults.data_dir}/returnstation.db"
        )
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.last_scan: Scan | None = None
        self.saved: StationSetup | None = None

        title = QLabel(self.tr("Set up this bench"))
        title.setFont(font(20, bold=True))
        intro = _hint(
            self.tr(
                "Try each part while you are at the bench. Everything can be changed later in "
                "{path} (environment variables RETURNSTATION_* and command-line options override it; "
                "see Effective settings)."
            ).format(path=config_path)
        )

        left, right = QVBoxLayout(), QVBoxLayout()
        for column, boxes in (
            (
                left,
                (
                    self._bench_box(defaults),
                    self._database_box(defaults),
                    self._scanner_box(),
                    self._effective_box(defaults),
                ),
            ),
            (right, (self._printer_box(defaults), self._camera_box(defaults))),
        ):
            column.setSpacing(12)
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        self.error_label = _result_label()
        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.save_button = self.buttons.addButton(self.tr("Save and start"), role.AcceptRole)
        self.skip_button = self.buttons.addButton(self.tr("Not now"), role.RejectRole)
        self.skip_button.setToolTip(self.tr("Start with the defaults; this setup comes back next time"))
        self.save_button.setToolTip(
            self.tr(
                "Enter never presses a button here (a scanner sends one): click, or Tab to it and press Space"
            )
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(1120, 760)
        self.station_edit.setFocus()
        # The station window's scanner filter does not exist yet: this one makes a scan anywhere in the
        # setup a scanner test, taken back from the field it was typed into (never the bench's name).
        self.wedge = WedgeFilter(owner=self)
        self.wedge.scanned.connect(lambda scan: self._scanned_text(scan.text))
        self.wedge.layout_mismatch.connect(lambda text: _show(self.scan_result, False, text))
        self.wedge.install()

    # -- sections ---------------------------------------------------------------------------------
    def _bench_box(self, defaults: Settings) -> QGroupBox:
        box = QGroupBox(self.tr("1. This bench"))
        self.station_edit = QLineEdit(defaults.station or socket.gethostname())
        self.station_edit.setPlaceholderText(self.tr("e.g. bench-3"))
        form = QFormLayout(box)
        form.addRow(self.tr("Station name"), self.station_edit)
        form.addRow(_hint(self.tr("Shown in the title bar and kept with every record this bench makes.")))
        return box

    def _database_box(self, defaults: Settings) -> QGroupBox:
        box = QGroupBox(self.tr("2. Database"))
        self.db_choice = QComboBox()
        self.db_choice.addItems([self.tr(SQLITE_CHOICE), self.tr(POSTGRES_CHOICE)])
        self.db_url_edit = QLineEdit(defaults.database_url)
        self.db_url_edit.setPlaceholderText(POSTGRES_HINT)
        self.db_test_button = QPushButton(self.tr("Test connection"))
        self.db_result = _result_label()
        if not defaults.is_sqlite:
            self.db_choice.setCurrentIndex(1)
        self.db_choice.currentIndexChanged.connect(self._database_choice_changed)
        self.db_test_button.clicked.connect(self.test_database)
        row = QHBoxLayout()
        row.addWidget(self.db_url_edit, 1)
        row.addWidget(self.db_test_button)
        form = QFormLayout(box)
        form.addRow(self.tr("Kind"), self.db_choice)
        form.addRow(self.tr("Address"), row)
        form.addRow(self.db_result)
        return box

    def _scanner_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("3. Scanner"))
        self.scan_field = ScanField()
        self.scan_field.setPlaceholderText(self.tr("Scan any barcode"))
        self.scan_field.scanned.connect(self._scanned_text)
        self.scan_result = _result_label()
        self.scan_result.setText(self.tr("No scan yet: scan anywhere in this window."))
        layout = QVBoxLayout(box)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.scan_result)
        return box

    def _effective_box(self, defaults: Settings) -> QGroupBox:
        """What the station would run with now and where each value comes from (read-only): a value
        set by an environment variable or the command line wins over what this setup writes."""
        from returnstation.config import describe_settings

        box = QGroupBox(self.tr("Effective settings (read-only)"))
        lines = describe_settings(defaults)
        self.effective_table = QTableWidget(len(lines), 3)
        headers = [self.tr("Setting"), self.tr("Value"), self.tr("From")]
        self.effective_table.setHorizontalHeaderLabels(headers)
        self.effective_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.effective_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.effective_table.verticalHeader().hide()
        self.effective_table.verticalHeader().setDefaultSectionSize(22)
        for row, line in enumerate(lines):
            tip = f"{line.doc}\n{line.env}"
            for column, text in enumerate((line.key, line.value, line.origin.short)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{line.value}\n{line.origin}\n\n{tip}" if column else tip)
                self.effective_table.setItem(row, column, item)
        header = self.effective_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.effective_table.setColumnWidth(2, 170)  # long sources are elided; the tooltip has them whole
        self.effective_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.effective_table.setFixedHeight(150)  # scrolls: the dialog must fit a 1280x800 bench screen
        layout = QVBoxLayout(box)
        layout.addWidget(self.effective_table)
        return box

    def _camera_box(self, defaults: Settings) -> QGroupBox:
        box = QGroupBox(self.tr("4. Camera (optional)"))
        self.camera_edit = QLineEdit(defaults.camera)
        self.camera_edit.setPlaceholderText(
            self.tr("empty: none; 0: first camera; /dev/video2; a folder of images")
        )
        self.camera_test_button = QPushButton(self.tr("Test camera"))
        self.camera_test_button.setCheckable(True)
        self.camera_view = CameraView()
        self.camera_view.canvas.setMinimumSize(240, 140)  # the dialog must fit a 1280x800 bench screen
        self.camera_view.setFixedHeight(200)  # picture plus the status line under it
        self.camera_view.hide()
        self.camera_result = _result_label()
        self.camera_edit.textChanged.connect(self._camera_setting_changed)
        self.camera_test_button.toggled.connect(self._camera_test_toggled)
        self.camera_view.scanned.connect(self._camera_scanned)
        row = QHBoxLayout()
        row.addWidget(self.camera_edit, 1)
        row.addWidget(self.camera_test_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.camera_view)
        layout.addWidget(self.camera_result)
        self._camera_setting_changed(self.camera_edit.text())
        return box

    def _printer_box(self, defaults: Settings) -> QGroupBox:
        box = QGroupBox(self.tr("5. Label printer"))
        self.printer_choice = QComboBox()
        self.printer_choice.setEditable(True)
        self.printer_choice.addItems(PRINTER_CHOICES)
        self.printer_choice.setCurrentText(defaults.printer)
        self.print_button = QPushButton(self.tr("Print test page"))
        self.print_button.clicked.connect(self.print_test)
        self.print_result = _result_label()
        row = QHBoxLayout()
        row.addWidget(self.printer_choice, 1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(
            _hint(
                self.tr(
                    "pdf-folder: PDF files, for any office printer\n"
                    "zpl-folder: the ZPL a thermal printer would get\n"
                    "tcp://HOST:9100: a Zebra on the network\n"
                    "cups:QUEUE: a printer installed on this PC\n"
                    "Folder printers write to {folder}"
                ).format(folder=self.label_dir)
            )
        )
        layout.addWidget(self.print_result)
        return box

    # -- actions ----------------------------------------------------------------------------------
    def _database_choice_changed(self, index: int) -> None:
        self.db_result.clear()
        if index == 0:
            self.db_url_edit.setText(self.sqlite_url)
        elif self.db_url_edit.text().startswith("sqlite"):
            self.db_url_edit.clear()
            self.db_url_edit.setFocus()

    def test_database(self) -> None:
        url = self.db_url_edit.text()
        self.db_test_button.setEnabled(False)
        self.db_result.setStyleSheet("")
        self.db_result.setText(self.tr("Connecting…"))

        def done(result: object) -> None:
            assert isinstance(result, DatabaseCheck)
            self.db_test_button.setEnabled(True)
            _show(self.db_result, result.ok, database_check_text(result))

        def failed(message: str) -> None:
            self.db_test_button.setEnabled(True)
            _show(self.db_result, False, self.tr("Not connected: {error}").format(error=message))

        run_in_background(self.pool, self, lambda: check_database(url), done, failed)

    def _scanned_text(self, text: str) -> None:
        self.last_scan = Scan(text)
        self.scan_field.clear()
        shown = text if len(text) <= 60 else text[:57] + "…"
        last = self.tr("Last scan: {text}  (%n characters)", "", len(text)).format(text=shown)
        _show(self.scan_result, True, last)

    def _camera_setting_changed(self, text: str) -> None:
        configured = bool(text.strip())
        self.camera_test_button.setEnabled(configured)
        if not configured:
            self.camera_test_button.setChecked(False)
            self.camera_result.setStyleSheet("")
            self.camera_result.setText(self.tr("No camera: this step is skipped."))
        elif not self.camera_test_button.isChecked():
            self.camera_result.setStyleSheet("")
            self.camera_result.setText(self.tr("Press Test camera and hold a label in front of it."))

    def _camera_test_toggled(self, on: bool) -> None:
        from returnstation.ui.camera_dock import camera_source

        if on:
            self.camera_view.show()
            try:
                self.camera_view.start(camera_source(self.camera_edit.text()))
            except Exception as exc:
                problem = self.tr("This camera setting cannot be used: {error}").format(error=exc)
                _show(self.camera_result, False, problem)
                return
            self.camera_result.setStyleSheet("")
            self.camera_result.setText(self.tr("Hold a label in front of the camera…"))
        else:
            self.camera_view.stop()
            self.camera_view.hide()

    def _camera_scanned(self, scan: object) -> None:
        if isinstance(scan, Scan):
            _show(self.camera_result, True, self.tr("Camera read: {text}").format(text=scan.text[:60]))

    def print_test(self) -> None:
        setting = self.printer_choice.currentText().strip()
        fields = sample_label_fields(self.station_edit.text().strip() or self.tr("new bench"))
        label_dir = self.label_dir
        self.print_button.setEnabled(False)
        self.print_result.setStyleSheet("")
        self.print_result.setText(self.tr("Printing a test label on {printer}…").format(printer=setting))

        def done(result: object) -> None:
            assert isinstance(result, PrinterCheck)
            self.print_button.setEnabled(True)
            _show(self.print_result, result.ok, printer_check_text(result))

        def failed(message: str) -> None:
            self.print_button.setEnabled(True)
            _show(self.print_result, False, message)

        run_in_background(self.pool, self, lambda: print_test_page(setting, label_dir, fields), done, failed)

    def current_setup(self) -> StationSetup:
        return StationSetup(
            station=self.station_edit.text().strip(),
            database_url=self.db_url_edit.text().strip(),
            printer=self.printer_choice.currentText().strip(),
            camera=self.camera_edit.text().strip(),
        )

    def problems(self, setup: StationSetup) -> list[str]:
        """What must be fixed before saving; an empty list when the settings can be written."""
        found = []
        if not setup.station:
            found.append(self.tr("Give the station a name."))
        if not is_database_url(setup.database_url):
            invalid = self.tr("The database address is not valid. Example: {example}")
            found.append(invalid.format(example=POSTGRES_HINT))
        printer_problem = printer_setting_problem(setup.printer, self.label_dir)
        if printer_problem is not None:
            found.append(printer_problem)
        return found

    def save(self) -> None:
        setup = self.current_setup()
        problems = self.problems(setup)
        if problems:
            _show(self.error_label, False, " ".join(problems))
            return
        try:
            write_config(self.config_path, setup)
        except OSError as exc:
            problem = self.tr("Could not write {path}: {error}").format(
                path=self.config_path, error=exc.strerror or exc
            )
            _show(self.error_label, False, problem)
            return
        self.saved = setup
        self.accept()

    def done(self, result: int) -> None:
        self.wedge.remove()
        self.camera_view.stop()
        self.pool.waitForDone(10000)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.camera_view.stop()
        super().closeEvent(event)


def offer_first_run_setup(
    env: Mapping[str, str] | None = None, overrides: Mapping[str, object] | None = None
) -> StationSetup | None:
    """Show the setup on a bench that was never set up (see needs_first_run); what was saved, if anything.
    "Not now" starts the station with the defaults and the setup is offered again at the next start.
    ``overrides``: the command line's values (config.load_settings), shown as such in the dialog."""
    from returnstation.config import config_file_path, load_settings

    try:
        defaults = load_settings(env, overrides=overrides)
        if not needs_first_run(env):
            return None
    except ValueError:  # a broken environment value: start_station explains it in its own dialog
        return None
    dialog = FirstRunDialog(defaults, config_file_path())
    dialog.exec()
    return dialog.saved
