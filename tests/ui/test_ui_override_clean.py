"""The override dialog cleans what is typed or scanned into it by the one rule (issue 19, defect 4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from returnstation.disposition.override_reasons import load_override_policy
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision
from returnstation.services.inspection import OverrideRequest
from returnstation.ui.override_dialog import OverrideDialog

pytestmark = pytest.mark.ui


def _dialog(qtbot: QtBot, sent: list[OverrideRequest]) -> OverrideDialog:
    rule = Decision(Disposition.RESTOCK, "RESTOCK-A1", "restock-new", "Like new", "v1")

    def approve(request: OverrideRequest, answer: Callable[[str | None], None]) -> None:
        sent.append(request)
        answer("Badge or PIN not accepted.")

    dialog = OverrideDialog(rule, load_override_policy(), approve)
    qtbot.addWidget(dialog)
    dialog.disposition_combo.setCurrentIndex(dialog.disposition_combo.findData("scrap"))
    dialog.reason_combo.setCurrentIndex(1)
    return dialog


def test_control_characters_are_stripped_from_badge_and_pin(qtbot: QtBot) -> None:
    sent: list[OverrideRequest] = []
    dialog = _dialog(qtbot, sent)
    dialog.take_scan("\x02SUP-0001\x00\r\n")
    assert dialog.badge_edit.text() == "SUP-0001"
    dialog.pin_edit.setText("2468\x0010\u202e")
    dialog.submit()
    assert [(r.approver, r.pin) for r in sent] == [("SUP-0001", "246810")]


def test_a_badge_of_control_characters_only_is_still_needed(qtbot: QtBot) -> None:
    sent: list[OverrideRequest] = []
    dialog = _dialog(qtbot, sent)
    dialog.badge_edit.setText("\x00\x1b")
    dialog.pin_edit.setText("246810")
    dialog.submit()
    assert sent == [] and "badge" in dialog.message_label.text()


def test_a_scan_with_the_cursor_in_the_pin_field_is_the_badge_again_never_a_pin(qtbot: QtBot) -> None:
    sent: list[OverrideRequest] = []
    dialog = _dialog(qtbot, sent)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.take_scan("SUP-0001")
    qtbot.waitUntil(dialog.pin_edit.hasFocus)
    dialog.pin_edit.setText("2468")
    dialog.take_scan("SUP-0001")  # scanned again: nothing is sent, the PIN starts over
    assert sent == [] and dialog.badge_edit.text() == "SUP-0001" and dialog.pin_edit.text() == ""
