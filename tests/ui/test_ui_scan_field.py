# mypy: disable-error-code="no-untyped-call"
"""The scan field tells a scanner's burst from a person's key press."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from returnstation.ui.scan_field import ScanField


def _field(qtbot: QtBot, hotkeys: bool) -> ScanField:
    field = ScanField()
    field.digit_hotkeys = lambda: hotkeys
    qtbot.addWidget(field)
    field.show()
    return field


def test_a_burst_of_digits_is_a_scan_even_when_digits_are_hotkeys(qtbot: QtBot) -> None:
    field = _field(qtbot, hotkeys=True)
    hotkeys: list[str] = []
    field.hotkey.connect(hotkeys.append)
    with qtbot.waitSignal(field.scanned) as got:
        qtbot.keyClicks(field, "4061234000120")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert got.args == ["4061234000120"]
    qtbot.wait(150)
    assert hotkeys == []
    assert field.text() == ""


def test_a_lone_digit_becomes_a_hotkey_and_stays_out_of_the_field(qtbot: QtBot) -> None:
    field = _field(qtbot, hotkeys=True)
    with qtbot.waitSignal(field.hotkey, timeout=1000) as got:
        qtbot.keyClick(field, "3")
    assert got.args == ["3"]
    assert field.text() == ""


def test_digits_are_plain_text_when_the_screen_takes_no_answers(qtbot: QtBot) -> None:
    field = _field(qtbot, hotkeys=False)
    hotkeys: list[str] = []
    field.hotkey.connect(hotkeys.append)
    qtbot.keyClick(field, "3")
    qtbot.wait(150)
    assert field.text() == "3"
    assert hotkeys == []


def test_keys_on_the_empty_field_are_bench_commands(qtbot: QtBot) -> None:
    field = _field(qtbot, hotkeys=True)
    hotkeys: list[str] = []
    field.hotkey.connect(hotkeys.append)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert hotkeys == ["back", "confirm", "cancel"]


def test_escape_throws_away_half_typed_text_and_backspace_edits_it(qtbot: QtBot) -> None:
    field = _field(qtbot, hotkeys=True)
    hotkeys: list[str] = []
    field.hotkey.connect(hotkeys.append)
    qtbot.keyClicks(field, "RMA-1")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == "RMA-"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert hotkeys == []
