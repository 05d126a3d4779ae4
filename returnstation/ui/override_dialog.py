"""The override dialog: another disposition, a reason code, and a supervisor's badge and PIN.

Why a dialog with typed fields: the override is the one step at the bench that needs a second person,
so it must be unmistakable on screen and work from the keyboard alone (Tab between fields, arrows in
the lists, Enter moves from badge to PIN and from PIN to "Approve"). The dialog checks nothing itself:
``approve`` goes to the inspection service, which checks the PIN and records the decision, on a pool
thread (the PIN hash is slow on purpose, and the decision is two transactions); it answers later,
through the callback it is given, None (done: the dialog closes) or the sentence to show (wrong PIN:
the PIN is cleared for another go). Until it answers, Approve is greyed and a second Enter does nothing.
A badge scanned while the dialog is open arrives through ``take_scan``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from returnstation.disposition.override_reasons import OverridePolicy
from returnstation.domain.enums import Disposition
from returnstation.domain.inspection import Decision
from returnstation.domain.text import clean_line
from returnstation.services.inspection import OverrideRequest
from returnstation.services.results import Level
from returnstation.ui.bench_dialog import BenchDialog
from returnstation.ui.i18n import ui_text
from returnstation.ui.theme import LEVEL_STYLES, font

Approve = Callable[[OverrideRequest, Callable[[str | None], None]], None]


class OverrideDialog(BenchDialog):
    def __init__(
        self,
        rule: Decision,
        policy: OverridePolicy,
        approve: Approve,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Override the disposition"))
        self.setMinimumWidth(760)
        self._approve = approve
        self.approved = False
        self.checking = False  # the PIN is being checked: no second request until it answers

        said = QLabel(
            self.tr("The rules say:  <b>{disposition} → {destination}</b><br>Rule {rule}: {reason}").format(
                disposition=ui_text(rule.disposition.label).upper(),
                destination=rule.destination,
                rule=rule.rule_id,
                reason=ui_text(rule.reason),
            )
        )
        said.setWordWrap(True)
        said.setFont(font(14))
        said.setTextFormat(Qt.TextFormat.RichText)
        ask = QLabel(self.tr("Send it somewhere else only with a reason and a supervisor's approval."))
        ask.setWordWrap(True)
        ask.setFont(font(13))

        self.disposition_combo = QComboBox()
        for disposition in Disposition:
            if disposition is not rule.disposition:
                bin_code = policy.destinations.get(disposition, "")
                self.disposition_combo.addItem(
                    f"{ui_text(disposition.label)}  →  {bin_code}", disposition.value
                )
        self.disposition_combo.setCurrentIndex(-1)
        self.disposition_combo.setPlaceholderText(self.tr("Choose where it goes…"))
        self.reason_combo = QComboBox()
        for code, label in policy.reasons.items():
            self.reason_combo.addItem(ui_text(label), code)
        self.reason_combo.setCurrentIndex(-1)
        self.reason_combo.setPlaceholderText(self.tr("Choose the reason…"))
        self.badge_edit = QLineEdit()
        self.badge_edit.setPlaceholderText(self.tr("Scan or type the supervisor's badge (or name)"))
        self.badge_edit.setMaxLength(100)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(self.tr("Supervisor's PIN"))
        self.pin_edit.setMaxLength(12)
        for widget in (self.disposition_combo, self.reason_combo, self.badge_edit, self.pin_edit):
            widget.setFont(font(15))
            widget.setMinimumHeight(44)
        self.badge_edit.returnPressed.connect(self.pin_edit.setFocus)
        self.pin_edit.returnPressed.connect(self.submit)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self._caption(self.tr("New disposition")), self.disposition_combo)
        form.addRow(self._caption(self.tr("Reason")), self.reason_combo)
        form.addRow(self._caption(self.tr("Supervisor")), self.badge_edit)
        form.addRow(self._caption(self.tr("PIN")), self.pin_edit)

        self.message_label = QLabel()
        self.message_label.setObjectName("overrideMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setFont(font(14, bold=True))
        self.message_label.setVisible(False)

        self.approve_button = QPushButton(self.tr("Approve override  (Enter in PIN)"))
        self.approve_button.setProperty("primary", True)
        self.cancel_button = QPushButton(self.tr("Cancel  (Esc)"))
        self.approve_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(said)
        layout.addWidget(ask)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.setTabOrder(self.disposition_combo, self.reason_combo)
        self.setTabOrder(self.reason_combo, self.badge_edit)
        self.setTabOrder(self.badge_edit, self.pin_edit)
        self.setTabOrder(self.pin_edit, self.approve_button)
        self.setTabOrder(self.approve_button, self.cancel_button)
        self.disposition_combo.setFocus()

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(font(14, bold=True))
        return label

    def chosen_disposition(self) -> Disposition | None:
        data = self.disposition_combo.currentData()  # the value: Qt stores a StrEnum as plain text
        return Disposition(data) if isinstance(data, str) and data else None

    def chosen_reason(self) -> str | None:
        data = self.reason_combo.currentData()
        return data if isinstance(data, str) else None

    def take_scan(self, text: str) -> None:
        """A scan while the dialog is open is the supervisor's badge, wherever the cursor is: the badge
        scanned again after a wrong PIN starts over instead of being sent (and counted) as a PIN, as at
        the sign-in panel. The PIN is typed."""
        self.badge_edit.setText(clean_line(text))
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def submit(self) -> None:
        # The one cleaning rule (domain/text.py): a NUL or an escape sequence never reaches a service.
        badge, pin = clean_line(self.badge_edit.text()), clean_line(self.pin_edit.text())
        disposition, reason = self.chosen_disposition(), self.chosen_reason()
        missing = [
            what
            for what, given in (
                (self.tr("the new disposition"), disposition is not None),
                (self.tr("the reason"), reason is not None),
                (self.tr("the supervisor's badge"), bool(badge)),
                (self.tr("the PIN"), bool(pin)),
            )
            if not given
        ]
        if self.checking:
            return
        if missing or disposition is None or reason is None:
            still_needed = self.tr("Still needed: {fields}.").format(fields=", ".join(missing))
            self.show_message(Level.WARNING, still_needed)
            self._focus_first_empty()
            return
        request = OverrideRequest(disposition, reason, badge, pin)
        self.checking = True
        self.approve_button.setEnabled(False)
        self.show_message(Level.INFO, self.tr("Checking the PIN…"))
        self._approve(request, self._answered)

    def _answered(self, problem: str | None) -> None:
        self.checking = False
        self.approve_button.setEnabled(True)
        if problem is None:
            self.approved = True
            self.accept()
            return
        self.show_message(Level.ERROR, problem)
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def show_message(self, level: Level, text: str) -> None:
        style = LEVEL_STYLES[level]
        self.message_label.setText(f"{style.symbol} {text}")
        self.message_label.setStyleSheet(
            f"QLabel#overrideMessage {{ background: {style.background}; color: {style.foreground};"
            " border-radius: 6px; padding: 8px 12px; }"
        )
        self.message_label.setVisible(True)

    def _focus_first_empty(self) -> None:
        if self.chosen_disposition() is None:
            self.disposition_combo.setFocus()
        elif self.chosen_reason() is None:
            self.reason_combo.setFocus()
        elif not clean_line(self.badge_edit.text()):
            self.badge_edit.setFocus()
        else:
            self.pin_edit.setFocus()
