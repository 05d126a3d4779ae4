"""After "Confirm": what to do with the item in the hand, in the biggest type on the screen.

Below it, smaller, the why: the rule that decided (and the rules version), the rules that almost applied,
and for an override who approved it and why, next to what the rules had said.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from returnstation.domain.inspection import Decision
from returnstation.services.inspection import Decided
from returnstation.services.results import Level
from returnstation.ui.fit_label import FitLabel
from returnstation.ui.theme import (
    DISPOSITION_COLOURS,
    LEVEL_STYLES,
    RESULT_DESTINATION_POINT_SIZE,
    RESULT_WORD_POINT_SIZE,
    font,
)


class ResultPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_label = QLabel()
        self.item_label.setFont(font(16, bold=True))
        self.item_label.setWordWrap(True)
        self.word_label = FitLabel(RESULT_WORD_POINT_SIZE, min_point_size=20)  # "RETURN TO VENDOR" fits
        self.word_label.setObjectName("dispositionWord")
        self.word_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.word_label.setMinimumHeight(104)
        # one line that shrinks to fit: wrapped, the bin code broke at its dash ("SCRAP-" / "PHARMA")
        self.destination_label = FitLabel(RESULT_DESTINATION_POINT_SIZE, min_point_size=12)
        self.destination_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_label = QLabel()
        self.reason_label.setFont(font(16))
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason_label.setWordWrap(True)
        self.grade_label = QLabel()
        self.grade_label.setFont(font(14))
        self.grade_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grade_label.setWordWrap(True)
        self.override_label = QLabel()
        self.override_label.setObjectName("overrideNote")
        self.override_label.setFont(font(15, bold=True))
        self.override_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.override_label.setWordWrap(True)
        self.override_label.setStyleSheet(
            "QLabel#overrideNote { background: #fff2a8; color: #000000; border: 2px solid #b38600;"
            " border-radius: 6px; padding: 6px 10px; }"
        )
        self.override_label.setVisible(False)
        self.near_label = QLabel()
        self.near_label.setFont(font(12))
        self.near_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.near_label.setWordWrap(True)
        self.near_label.setStyleSheet("color: #333333;")

        self.label_status = QLabel()
        self.label_status.setObjectName("labelStatus")
        self.label_status.setFont(font(15, bold=True))
        self.label_status.setWordWrap(True)
        self.print_again_button = QPushButton(self.tr("Print again  (scan CMD:PRINT-AGAIN)"))
        self.print_again_button.setProperty("primary", True)
        self.print_again_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.print_again_button.setVisible(False)
        label_box = QVBoxLayout()
        label_box.setContentsMargins(0, 0, 0, 0)
        label_box.addWidget(self.label_status)
        label_box.addWidget(self.print_again_button)

        self.next_label = QLabel(self.tr("Next: scan the next item, or pick it from the list."))
        self.next_label.setProperty("role", "next")
        self.next_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.item_label)
        layout.addWidget(self.word_label)
        layout.addWidget(self.destination_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.override_label)
        layout.addWidget(self.grade_label)
        layout.addWidget(self.near_label)
        layout.addStretch(1)
        layout.addLayout(label_box)
        layout.addWidget(self.next_label)

    def show_decided(self, decided: Decided) -> None:
        d = decided.decision
        item = decided.item
        background, foreground = DISPOSITION_COLOURS.get(d.disposition, ("#3b3b3b", "#ffffff"))
        self.item_label.setText(f"{item.item_code}  ·  {item.sku}  {item.description}  ·  {item.rma_number}")
        self.word_label.setText(d.disposition.label.upper())
        self.word_label.setStyleSheet(
            f"QLabel#dispositionWord {{ background: {background}; color: {foreground}; border-radius: 10px;}}"
        )
        self.destination_label.setText(self.tr("Put it in  {destination}").format(destination=d.destination))
        override = decided.override
        if override is None:
            self.reason_label.setText(d.reason)
            self.override_label.setVisible(False)
        else:
            rule = override.rule_decision
            said = self.tr("The rules said {disposition} → {destination}").format(
                disposition=rule.disposition.label.upper(), destination=rule.destination
            )
            self.reason_label.setText(said)
            overridden = self.tr("OVERRIDDEN by {approver}: {reason}").format(
                approver=override.approver_name, reason=override.reason_label
            )
            self.override_label.setText(overridden)
            self.override_label.setVisible(True)
        self.grade_label.setText(
            self.tr("Grade {grade}  ·  rule {rule}  ·  rules {version}").format(
                grade=decided.grade.grade, rule=d.rule_id, version=d.rules_version
            )
        )
        # one line fewer when the override note takes the room: the full list is in the tooltip
        shown = 1 if override is not None else 2
        self.near_label.setText(near_misses_text(decided.rule_decision, limit=shown, say_more=False))
        self.near_label.setToolTip(near_misses_text(decided.rule_decision, limit=20))
        self.print_again_button.setVisible(False)
        if decided.label_job_id:
            waiting = self.tr("Printing the routing label…")
        else:
            waiting = self.tr("No label for this item.")
        self.set_label_status(Level.INFO, waiting)

    def set_label_status(self, level: Level, text: str, can_retry: bool = False) -> None:
        style = LEVEL_STYLES[level]
        self.label_status.setText(f"{style.symbol} {text}")
        self.label_status.setStyleSheet(
            f"QLabel#labelStatus {{ background: {style.background}; color: {style.foreground};"
            " border-radius: 6px; padding: 8px 12px; }"
        )
        self.print_again_button.setVisible(can_retry)


def near_misses_text(decision: Decision, limit: int = 3, say_more: bool = True) -> str:
    """The rules that almost applied, one short line each: how to spot a wrong answer at a glance.

    Rules for another category are left out (a medicine is never "almost" a battery); the rest are shown
    nearest first, counting up from the deciding rule: those are its neighbours in the same part of the
    file (for a medicine sent to destruction: "pharma-restock, reason is no_longer_wanted").
    """
    relevant = [m for m in decision.near_misses if not any(f.startswith("category is ") for f in m.failed)]
    shown = relevant[::-1][:limit]
    almost = QCoreApplication.translate("ResultPanel", "Almost: {rule} ({failed})")
    lines = [almost.format(rule=m.rule_id, failed="; ".join(m.failed)) for m in shown]
    if say_more and len(relevant) > len(shown):
        more = len(relevant) - len(shown)
        lines.append(QCoreApplication.translate("ResultPanel", "… %n more rule(s) almost applied", "", more))
    return "\n".join(lines)
