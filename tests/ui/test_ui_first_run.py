# mypy: disable-error-code="no-untyped-call"
"""The first-run setup filled in like a shift lead would, offscreen, with a temporary settings file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from returnstation.config import load_settings
from returnstation.ui.bench_dialog import BenchDialog
from returnstation.ui.first_run import (
    POSTGRES_CHOICE,
    FirstRunDialog,
    StationSetup,
    config_text,
    needs_first_run,
)
from returnstation.ui.problems_dialog import ProblemsDialog

from .conftest import station_settings
from .test_ui_camera_dock import render_label_png


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> Iterator[FirstRunDialog]:
    defaults = station_settings(tmp_path, RETURNSTATION_STATION="new-bench")
    d = FirstRunDialog(defaults, tmp_path / "config" / "returnstation.toml")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    yield d
    d.close()


def test_setup_is_offered_only_on_a_bench_that_was_never_set_up(tmp_path: Path) -> None:
    missing, present = tmp_path / "none.toml", tmp_path / "here.toml"
    present.write_text('station = "b1"\n', encoding="utf-8")
    assert needs_first_run({}, missing)
    assert not needs_first_run({}, present)
    assert not needs_first_run({"RETURNSTATION_SKIP_SETUP": "1"}, missing)
    assert needs_first_run({"RETURNSTATION_SKIP_SETUP": "0"}, missing)
    assert not needs_first_run({"RETURNSTATION_CONFIG": str(missing)}, missing)


def test_the_database_check_connects_to_sqlite_and_explains_a_bad_address(
    qtbot: QtBot, dialog: FirstRunDialog, tmp_path: Path
) -> None:
    db = tmp_path / "new" / "bench.db"
    dialog.db_url_edit.setText(f"sqlite:///{db}")
    qtbot.mouseClick(dialog.db_test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.db_result.text().startswith("Connected"), timeout=10000)
    assert str(db) in dialog.db_result.text()
    assert db.exists()

    dialog.db_choice.setCurrentText(POSTGRES_CHOICE)
    assert dialog.db_url_edit.text() == ""  # the SQLite address is not a starting point for a server
    dialog.db_url_edit.setText("warehouse-db:5432")
    qtbot.mouseClick(dialog.db_test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.db_result.text().startswith("Not a database address"), timeout=10000)
    assert "postgresql+psycopg://" in dialog.db_result.text()  # says what a good one looks like

    dialog.db_url_edit.setText(f"sqlite:///{tmp_path / 'a-file.txt' / 'bench.db'}")
    (tmp_path / "a-file.txt").write_text("not a folder", encoding="utf-8")
    qtbot.mouseClick(dialog.db_test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.db_result.text().startswith("Not connected:"), timeout=10000)
    assert "https://" not in dialog.db_result.text()  # the plain error, not SQLAlchemy's wrapping


def test_the_scanner_step_shows_the_last_scan(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    dialog.scan_field.setFocus()
    qtbot.keyClicks(dialog.scan_field, "RMA-100001")
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Return)
    assert dialog.scan_result.text() == "Last scan: RMA-100001  (10 characters)"
    assert dialog.last_scan is not None and dialog.last_scan.text == "RMA-100001"
    assert dialog.scan_field.text() == ""


def test_the_camera_step_is_skipped_without_a_camera_and_decodes_live_with_one(
    qtbot: QtBot, dialog: FirstRunDialog, tmp_path: Path
) -> None:
    assert dialog.camera_edit.text() == ""
    assert not dialog.camera_test_button.isEnabled()
    assert "skipped" in dialog.camera_result.text()

    render_label_png(tmp_path / "camera", "SKU-4242")
    dialog.camera_edit.setText(str(tmp_path / "camera"))
    assert dialog.camera_test_button.isEnabled()
    dialog.camera_test_button.click()
    assert dialog.camera_view.isVisible()
    qtbot.waitUntil(lambda: dialog.camera_result.text() == "Camera read: SKU-4242", timeout=15000)
    dialog.camera_test_button.click()
    assert dialog.camera_view.worker is None and dialog.camera_view.isHidden()


def test_print_test_page_writes_a_label_to_the_pdf_folder(
    qtbot: QtBot, dialog: FirstRunDialog, tmp_path: Path
) -> None:
    dialog.printer_choice.setCurrentText("pdf-folder")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=15000)
    pdfs = list((tmp_path / "data" / "labels").glob("test-page-*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert str(pdfs[0]) in dialog.print_result.text() or pdfs[0].name in dialog.print_result.text()

    dialog.printer_choice.setCurrentText("tcp://")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=15000)
    assert "has no host" in dialog.print_result.text()


def test_saving_writes_a_settings_file_that_load_settings_reads(
    qtbot: QtBot, dialog: FirstRunDialog, tmp_path: Path
) -> None:
    dialog.station_edit.setText('bench "7"')
    dialog.db_url_edit.setText("postgresql+psycopg://clerk:p\\w@db.local/returns")
    dialog.printer_choice.setCurrentText("tcp://10.0.0.5:9100")
    dialog.camera_edit.setText(r"C:\demo\labels")
    with qtbot.waitSignal(dialog.finished, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    written = tmp_path / "config" / "returnstation.toml"
    settings = load_settings({"RETURNSTATION_DATA_DIR": str(tmp_path / "data")}, config_path=written)
    assert settings.station == 'bench "7"'
    assert settings.database_url == "postgresql+psycopg://clerk:p\\w@db.local/returns"
    assert settings.printer == "tcp://10.0.0.5:9100"
    assert settings.camera == r"C:\demo\labels"
    assert dialog.saved == StationSetup('bench "7"', settings.database_url, settings.printer, settings.camera)


def test_saving_refuses_an_empty_name_and_an_unknown_printer(
    qtbot: QtBot, dialog: FirstRunDialog, tmp_path: Path
) -> None:
    dialog.station_edit.setText("  ")
    dialog.printer_choice.setCurrentText("lpt1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved is None
    assert "Give the station a name." in dialog.error_label.text()
    assert "Unknown printer setting 'lpt1'" in dialog.error_label.text()
    assert not (tmp_path / "config" / "returnstation.toml").exists()


def test_control_characters_survive_the_hand_written_toml(tmp_path: Path) -> None:
    path = tmp_path / "odd.toml"
    setup = StationSetup("tab\there", "sqlite:///x.db", "pdf-folder", "")
    path.write_text(config_text(setup), encoding="utf-8")
    assert load_settings({}, config_path=path).station == "tab\there"


def test_the_setup_shows_the_effective_settings_and_where_each_comes_from(
    qtbot: QtBot, dialog: FirstRunDialog
) -> None:
    table = dialog.effective_table
    rows = {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }
    assert rows["station"] == ("new-bench", "RETURNSTATION_STATION")
    assert rows["printer"] == ("pdf-folder", "default")
    assert rows["login"] == ("false", "RETURNSTATION_LOGIN")
    assert "environment RETURNSTATION_DATA_DIR" in table.item(0, 2).toolTip()
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers  # read-only
    screen = dialog.screen().availableGeometry()
    dialog.camera_view.show()  # the tallest the dialog gets: it must still fit the bench screen
    qtbot.wait(10)
    assert dialog.minimumSizeHint().height() <= screen.height()
    assert dialog.frameGeometry().height() <= screen.height() and dialog.width() <= screen.width()


def test_a_bad_skip_setup_value_is_refused_not_guessed(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="RETURNSTATION_SKIP_SETUP"):
        needs_first_run({"RETURNSTATION_SKIP_SETUP": "sure"}, tmp_path / "none.toml")


def _scan(qtbot: QtBot, widget: QWidget, code: str) -> None:
    """A wedge scanner: the code in one burst, then its Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_scanner_enter_never_saves_the_setup_nor_names_the_bench(
    qtbot: QtBot, dialog: FirstRunDialog
) -> None:
    dialog.activateWindow()
    dialog.station_edit.setFocus()
    _scan(qtbot, dialog.station_edit, "4006381333931")  # the cursor was in the bench's name
    assert dialog.isVisible() and dialog.saved is None and not dialog.config_path.exists()
    assert dialog.station_edit.text() == "new-bench"
    assert dialog.scan_result.text().startswith("Last scan: 4006381333931")

    _scan(qtbot, dialog.scan_field, "RMA-100001")  # the setup's own scanner test
    assert dialog.isVisible() and not dialog.config_path.exists()
    assert dialog.scan_result.text().startswith("Last scan: RMA-100001")

    qtbot.keyClicks(dialog.station_edit, "-2", delay=80)  # a person types and presses Enter
    qtbot.keyClick(dialog.station_edit, Qt.Key.Key_Return, delay=80)
    assert dialog.isVisible() and not dialog.config_path.exists()
    assert dialog.station_edit.text() == "new-bench-2"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # saving is a deliberate click
    assert dialog.saved is not None and dialog.saved.station == "new-bench-2"
    assert dialog.config_path.exists()


def test_every_dialog_of_the_station_is_a_bench_dialog() -> None:
    """One rule for every dialog (ui/bench_dialog.py): a new dialog that forgets it fails here."""
    import importlib
    import pkgutil

    import returnstation.ui as ui

    for module in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"returnstation.ui.{module.name}")

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    ours = [c for c in subclasses(QDialog) if c.__module__.startswith("returnstation.ui.")]
    assert {c.__name__ for c in ours} >= {
        "FirstRunDialog",
        "OverrideDialog",
        "ConcernDialog",
        "ProblemsDialog",
    }
    assert [c.__name__ for c in ours if not issubclass(c, BenchDialog)] == []


def test_enter_in_a_dialog_field_presses_no_button(qtbot: QtBot) -> None:
    dialog = ProblemsDialog("Refused", "Nothing was imported", ["line 2: quantity"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert dialog.isVisible()  # the Close button was not pressed
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
