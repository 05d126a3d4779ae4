# mypy: disable-error-code="no-untyped-call"
"""The bench's keys at the real window: a code typed by hand is text, never answers; a lone number key
answers; supervisor buttons are reached from the keyboard and show where the focus is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from returnstation.ui.main_window import MainWindow
from returnstation.ui.theme import FOCUS_FRAME

from .conftest import Bench, gtin
from .test_ui_inspect import receive_demo_rma

PERSON_MS = 120  # a person typing a code from a label (the trial's measured pace)


def _open_item(bench: Bench, window: MainWindow) -> None:
    receive_demo_rma(bench)
    bench.switch_to(1)
    bench.scan("HP-BT200")
    assert window.inspect_page.form is not None


def test_a_code_typed_by_hand_in_inspect_never_changes_an_answer(bench: Bench, window: MainWindow) -> None:
    _open_item(bench, window)
    page = window.inspect_page
    assert page.form is not None
    checks = page.form.checklist.checks
    code = gtin("406123400012")  # the trial's code: its "4" was saved as "No packaging"
    for check in checks:  # on to the first check that "4" answers
        if check.answer_for_key(code[0]) is not None:
            break
        bench.answer(check.answers[0].key)
    before, step = dict(page.answers), page.current
    assert checks[step].answer_for_key(code[0]) is not None

    bench.qtbot.keyClicks(window.scan_field, code, delay=PERSON_MS)
    bench.qtbot.wait(600)  # longer than any answer wait: nothing was applied meanwhile
    assert window.scan_field.text() == code
    assert page.answers == before and page.current == step
    bench.press(Qt.Key.Key_Return)
    assert page.answers == before  # the code went where codes go, not into the checklist


def test_a_lone_number_key_answers_and_a_digit_then_enter_answers_then_confirms(
    bench: Bench, window: MainWindow
) -> None:
    _open_item(bench, window)
    page = window.inspect_page
    assert page.form is not None
    checks = page.form.checklist.checks
    for check in checks[:-1]:
        bench.answer(check.answers[0].key)
    assert page.current == len(checks) - 1 and page.decided is None
    bench.qtbot.keyClick(window.scan_field, checks[-1].answers[0].key)
    bench.qtbot.wait(PERSON_MS)
    bench.press(Qt.Key.Key_Return)  # before the wait is over: the answer, then Enter confirms
    assert page.decided is not None
    assert window.scan_field.text() == ""


def test_a_digit_waiting_to_be_an_answer_stays_text_when_the_tab_changes(
    bench: Bench, window: MainWindow
) -> None:
    _open_item(bench, window)
    page = window.inspect_page
    assert page.form is not None
    hotkeys: list[str] = []
    window.scan_field.hotkey.connect(hotkeys.append)
    bench.qtbot.keyClick(window.scan_field, page.form.checklist.checks[0].answers[0].key)
    bench.qtbot.keyClick(window.scan_field, Qt.Key.Key_F1)
    bench.qtbot.wait(600)
    assert hotkeys == [] and page.answers == {}


def _tab_to(bench: Bench, target: QWidget, limit: int = 15) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        bench.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        bench.qtbot.wait(20)  # the window's refocus runs on the next loop turn: it must leave it be
    raise AssertionError(f"Tab never reached {target!r}; the focus is on {QApplication.focusWidget()!r}")


def _frame_colour(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(2, image.height() // 2)  # inside the border, left middle


def test_supervisor_buttons_are_reached_with_tab_show_a_frame_and_give_the_focus_back(
    bench: Bench, window: MainWindow
) -> None:
    bench.switch_to(2)
    page = window.supervisor_page
    unfocused = _frame_colour(page.csv_button)
    for button in (page.pdf_button, page.csv_button, page.import_button):
        _tab_to(bench, button)
    bench.qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    _tab_to(bench, page.csv_button)
    bench.qtbot.wait(50)
    assert page.csv_button.hasFocus()  # not pulled back to the scan field
    framed = _frame_colour(page.csv_button)
    assert framed == QColor(FOCUS_FRAME) and framed != unfocused

    bench.qtbot.keyClicks(page.csv_button, "RMA-100001")  # a scan with the button framed...
    bench.qtbot.keyClick(page.csv_button, Qt.Key.Key_Return)
    assert page.busy == 0 and page.last_output is None  # ...pressed nothing
    assert window.scan_field.hasFocus()  # and the scan field has the focus again

    _tab_to(bench, page.csv_button)
    bench.qtbot.wait(200)  # a person's Enter
    bench.qtbot.keyClick(page.csv_button, Qt.Key.Key_Return)
    bench.qtbot.waitUntil(lambda: page.busy == 0 and page.last_output is not None, timeout=30000)
    assert page.last_output is not None and page.last_output.suffix == ".csv"
    assert window.scan_field.hasFocus()

    bench.qtbot.keyClick(window.scan_field, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    bench.qtbot.waitUntil(
        lambda: page.busy == 0 and page.last_output is not None and page.last_output.suffix == ".pdf",
        timeout=30000,
    )
    assert window.scan_field.hasFocus()


def test_a_click_on_a_supervisor_button_leaves_the_focus_in_the_scan_field(
    bench: Bench, window: MainWindow
) -> None:
    bench.switch_to(2)
    page = window.supervisor_page
    bench.click(page.csv_button)
    bench.qtbot.waitUntil(lambda: page.busy == 0, timeout=30000)
    assert window.scan_field.hasFocus() and not page.csv_button.hasFocus()
