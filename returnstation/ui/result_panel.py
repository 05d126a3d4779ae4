"""After "Confirm": what to do with the item in the hand, in the biggest type on the screen.

Below it, smaller, the why: the rule that decided (and the rules version), the rules that almost applied,
and for an override who approved it and why, next to what the rules had said.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from returnstation.disposition.checklist import Checklist, packaging_words
from returnstation.disposition.explain import PlainMiss, PlainValue, plain_near_misses
from returnstation.domain.inspection import Decision, GradeResult
from returnstation.services.inspection import Decided
from returnstation.services.results import Level
from returnstation.ui.fit_label import FitLabel
from returnstation.ui.i18n import ui_text
from returnstation.ui.theme import (
    DISPOSITION_COLOURS,
    LEVEL_STYLES,
    RESULT_DESTINATION_POINT_SIZE,
    RESULT_WORD_POINT_SIZE,
    font,
)


class ResultPanel(QWidget):
    def __init__(self, reasons: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        """``reasons``: return reason code -> words (the near misses name reasons by them)."""
        super().__init__(parent)
        self.reasons: Mapping[str, str] = reasons or {}
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

    def show_decided(self, decided: Decided, checklist: Checklist | None = None) -> None:
        """``checklist``: the item's, so the rules that almost applied are told in its words."""
        d = decided.decision
        item = decided.item
        background, foreground = DISPOSITION_COLOURS.get(d.disposition, ("#3b3b3b", "#ffffff"))
        self.item_label.setText(f"{item.item_code}  ·  {item.sku}  {item.description}  ·  {item.rma_number}")
        self.word_label.setText(ui_text(d.disposition.label).upper())
        self.word_label.setStyleSheet(
            f"QLabel#dispositionWord {{ background: {background}; color: {foreground}; border-radius: 10px;}}"
        )
        self.destination_label.setText(self.tr("Put it in  {destination}").format(destination=d.destination))
        override = decided.override
        if override is None:
            self.reason_label.setText(ui_text(d.reason))
            self.override_label.setVisible(False)
        else:
            rule = override.rule_decision
            said = self.tr("The rules said {disposition} → {destination}").format(
                disposition=ui_text(rule.disposition.label).upper(), destination=rule.destination
            )
            self.reason_label.setText(said)
            overridden = self.tr("OVERRIDDEN by {approver}: {reason}").format(
                approver=override.approver_name, reason=override.reason_label
            )
            self.override_label.setText(overridden)
            self.override_label.setVisible(True)
        grades = grades_text(decided.grade)
        channel = self.tr("  ·  channel {channel}").format(channel=decided.channel_label) if d.channel else ""
        self.grade_label.setText(
            self.tr("{grades}{channel}  ·  rule {rule}  ·  rules {version}").format(
                grades=grades, channel=channel, rule=d.rule_id, version=d.rules_version
            )
        )
        # one line fewer when the override note takes the room: the full list is in the tooltip
        shown = 1 if override is not None else 2
        rule = decided.rule_decision
        self.near_label.setText(near_misses_text(rule, checklist, self.reasons, limit=shown, say_more=False))
        self.near_label.setToolTip(near_misses_text(rule, checklist, self.reasons, limit=20))
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


# The rules' fields as the inspector reads them (answers are named by their check's own title).
FIELD_WORDS: dict[str, str] = {
    "category": str(QT_TRANSLATE_NOOP("ResultPanel", "Category")),
    "sku": str(QT_TRANSLATE_NOOP("ResultPanel", "SKU")),
    "grade": str(QT_TRANSLATE_NOOP("ResultPanel", "Grade")),
    "reason": str(QT_TRANSLATE_NOOP("ResultPanel", "Return reason")),
    "days_since_purchase": str(QT_TRANSLATE_NOOP("ResultPanel", "Days since purchase")),
    "unit_value": str(QT_TRANSLATE_NOOP("ResultPanel", "Unit value")),
    "Hazardous": str(QT_TRANSLATE_NOOP("ResultPanel", "Hazardous")),
    "warranty_valid": str(QT_TRANSLATE_NOOP("ResultPanel", "Warranty valid")),
    "expiry_days_left": str(QT_TRANSLATE_NOOP("ResultPanel", "Days left to expiry")),
    "lot_present": str(QT_TRANSLATE_NOOP("ResultPanel", "Lot number recorded")),
    "market": str(QT_TRANSLATE_NOOP("ResultPanel", "Market")),
    "no_fault_found": str(QT_TRANSLATE_NOOP("ResultPanel", "No fault found")),
    "nff_test": str(QT_TRANSLATE_NOOP("ResultPanel", "Test performed")),
}
_COMPARED = {
    "lt": str(QT_TRANSLATE_NOOP("ResultPanel", "under {value}")),
    "le": str(QT_TRANSLATE_NOOP("ResultPanel", "at most {value}")),
    "gt": str(QT_TRANSLATE_NOOP("ResultPanel", "over {value}")),
    "ge": str(QT_TRANSLATE_NOOP("ResultPanel", "at least {value}")),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResultPanel", text)


def _value_words(value: PlainValue, quoted: bool) -> str:
    if value is None:
        return QCoreApplication.translate("ResultPanel", "not recorded")
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("ResultPanel", "yes")
        return QCoreApplication.translate("ResultPanel", "no")
    return f"“{ui_text(value)}”" if quoted else ui_text(value)


def _one_of(values: list[str]) -> str:
    if len(values) <= 1:
        return "".join(values)
    either = QCoreApplication.translate("ResultPanel", "{some} or {last}")
    return either.format(some=", ".join(values[:-1]), last=values[-1])


def plain_miss_text(miss: PlainMiss) -> str:
    """One near miss as a sentence: the rule's reason, then what would have made it apply."""
    quoted = miss.about_answer or miss.subject == "reason"
    needs: list[str] = []
    for op, values in miss.needs:
        words = [_value_words(v, quoted) for v in values]
        if op in _COMPARED:
            needs.append(_tr(_COMPARED[op]).format(value=_one_of(words)))
        elif op == "not":
            but = QCoreApplication.translate("ResultPanel", "anything but {values}")
            needs.append(but.format(values=_one_of(words)))
        else:
            needs.append(_one_of(words))
    subject = (
        f"“{ui_text(miss.subject)}”"
        if miss.about_answer
        else _tr(FIELD_WORDS.get(miss.subject, miss.subject))
    )
    almost = QCoreApplication.translate(
        "ResultPanel", "Almost: {reason} — needs {subject}: {needed}; now {now}."
    )
    return almost.format(
        reason=ui_text(miss.reason),
        subject=subject,
        needed=QCoreApplication.translate("ResultPanel", " and ").join(needs),
        now=_value_words(miss.now, quoted),
    )


def near_misses_text(
    decision: Decision,
    checklist: Checklist | None,
    reasons: Mapping[str, str],
    limit: int = 3,
    say_more: bool = True,
) -> str:
    """The rules that almost applied, one sentence each in the rules' and checklist's own words: how to
    spot a wrong answer at a glance (disposition/explain.py picks and words them)."""
    misses = plain_near_misses(decision, checklist, reasons)
    shown = misses[:limit]
    lines = [plain_miss_text(m) for m in shown]
    if say_more and len(misses) > len(shown):
        more = len(misses) - len(shown)
        lines.append(QCoreApplication.translate("ResultPanel", "… %n more rule(s) almost applied", "", more))
    return "\n".join(lines)


def grades_text(grade: GradeResult) -> str:
    """The two grades as the inspector reads them: "Grade A  ·  packaging damaged" (packaging graded
    apart from the product; left out when the checklist asks none)."""
    product = QCoreApplication.translate("ResultPanel", "Grade {grade}").format(grade=grade.grade)
    if grade.packaging is None:
        return product
    packaging = QCoreApplication.translate("ResultPanel", "packaging {packaging}")
    return f"{product}  ·  {packaging.format(packaging=ui_text(packaging_words(grade.packaging)))}"
