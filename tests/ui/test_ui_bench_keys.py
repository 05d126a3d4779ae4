# mypy: disable-error-code="no-untyped-call"
"""The bench's keys at the real window: a code typed by hand is text, never answers; a lone number key
answers; supervisor buttons are reached from the keyboard and show where the focus is."""

from __future__ import annotations

from PySide6.QtCore import Qt

from returnstation.ui.main_window import MainWindow

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
