"""The inspection checklist on screen: every check listed, the current one open with its answer keys.

Answered checks fold to one line ("✔ Packaging: Sealed") so a six-check list still fits above the
live grade; clicking a folded check opens it again to change the answer. A capture check (lot, expiry,
serial) has no buttons: it says what to scan or type in the scan field and shows the value taken. A check
marked photo_required says whether its photo was taken, folded or open, because the station will not
decide the item without it. The widget only shows state and reports clicks: the page owns the answers
and the photos and asks the service what they mean.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from returnstation.disposition.checklist import Answer, Check, Checklist
from returnstation.ui.i18n import ui_text
from returnstation.ui.theme import CURRENT_CHECK, MUTED_TEXT, font

ANSWER_COLUMNS = 2
# Below this width two answers side by side wrap to three or four lines each: one column then reads better
# and is hardly taller (issue #14: the camera panel leaves the checklist about 400 px at 1280x800).
TWO_COLUMNS_MIN_WIDTH = 480
# How a capture check answered "no value" reads in the summary: English, as written; marked for lupdate
# (str(): the marker is typed `object`) and shown through not_recorded().
NOT_RECORDED = str(QT_TRANSLATE_NOOP("ChecklistView", "not on the item"))
PHOTO_KEY = "F7"


def not_recorded() -> str:
    """NOT_RECORDED in the station's language."""
    return QCoreApplication.translate("ChecklistView", NOT_RECORDED)


def restyle(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: setting one re-polishes the widget and its children
    (~0.7 ms a button), and the checklist is drawn again after every answer key."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class AnswerButton(QPushButton):
    """A big answer button whose label wraps, so long answers fit on a 1024-pixel screen."""

    def __init__(self, key: str, label: str) -> None:
        super().__init__()
        self.setProperty("answer", True)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(56)
        # as tall as its wrapped label needs (heightForWidth, from the layout below): never clipped
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.key_label = QLabel(key)
        self.key_label.setFont(font(16, bold=True))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setFixedWidth(38)
        self.text_label = QLabel(label)
        self.text_label.setWordWrap(True)
        self.text_label.setFont(font(14))
        for child in (self.key_label, self.text_label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(10)
        row.addWidget(self.key_label)
        row.addWidget(self.text_label, 1)
        self.set_chosen(False)

    def set_chosen(self, chosen: bool) -> None:
        self.setChecked(chosen)
        key_bg, key_fg, text_fg = (
            ("#ffffff", "#123d70", "#ffffff") if chosen else ("#1d5ba6", "#ffffff", "#111111")
        )
        restyle(self.key_label, f"background: {key_bg}; color: {key_fg}; border-radius: 4px; padding: 2px;")
        restyle(self.text_label, f"color: {text_fg}; background: transparent;")


class _CheckRow(QFrame):
    """One check: a summary line, and the question with its answer buttons when it is current."""

    def __init__(self, index: int, check: Check, view: ChecklistView) -> None:
        super().__init__()
        self.setObjectName("checkRow")
        self.check = check
        self.index = index
        self.summary = _ClickableLabel()
        self.summary.setWordWrap(True)
        self.summary.setFont(font(14, bold=True))
        self.summary.setCursor(Qt.CursorShape.PointingHandCursor)
        self.summary.setStyleSheet("padding: 4px 2px;")
        self.summary.clicked.connect(lambda: view.check_clicked.emit(self.index))
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(4, 0, 4, 4)
        self.question = QLabel(ui_text(check.question))
        self.question.setFont(font(17, bold=True))
        self.question.setWordWrap(True)
        body.addWidget(self.question)
        if check.help:
            help_label = QLabel(ui_text(check.help))
            help_label.setWordWrap(True)
            help_label.setStyleSheet(f"color: {MUTED_TEXT}; font-size: 13pt;")
            body.addWidget(help_label)
        # Parented at once: a parentless label made visible would open as a window of its own for a
        # moment and take the activation from the station window (its shortcuts then stop working).
        self.photo_label = QLabel(self.body)  # photo_required checks: plain words (bench PCs lack emoji)
        self.photo_label.setObjectName("photoNote")
        self.photo_label.setWordWrap(True)
        self.photo_label.setFont(font(14, bold=True))
        self.photo_label.setVisible(check.photo_required)
        body.addWidget(self.photo_label)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        self.columns = 0
        self.buttons: dict[str, AnswerButton] = {}
        for answer in check.answers:
            button = AnswerButton(answer.key, ui_text(answer.label))
            button.clicked.connect(lambda _=False, key=answer.key: view.answer_clicked.emit(self.index, key))
            self.buttons[answer.key] = button
        self.set_columns(ANSWER_COLUMNS)
        body.addLayout(self.grid)
        self.value_label = QLabel(self.body)  # capture checks: the value taken, or how to give one
        self.value_label.setObjectName("captureValue")
        self.value_label.setWordWrap(True)
        self.value_label.setFont(font(16, bold=True))
        self.value_label.setVisible(check.is_capture)
        body.addWidget(self.value_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(self.body)

    def set_columns(self, columns: int) -> None:
        """Lay the answer buttons out in ``columns`` columns (1 on a narrow checklist)."""
        if columns == self.columns:
            return
        self.columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for n, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, n // columns, n % columns)
        for column in range(ANSWER_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def show_state(
        self,
        chosen: Answer | None,
        current: bool,
        total: int,
        value: str | None = None,
        has_value: bool = False,
        photos: int = 0,
    ) -> None:
        """``value``/``has_value``: a capture check's value (None with has_value = "not on the item");
        ``photos``: how many photos of this check were taken."""
        name = ui_text(self.check.name)
        step = f"{self.index + 1}/{total}"
        photo_note = ""
        if self.check.photo_required:
            taken = self.tr("photo taken ({count})").format(count=photos)
            photo_note = "   · " + (taken if photos else self.tr("PHOTO NEEDED"))
            self._show_photo(photos)
        self.question.setText(f"{step}   {ui_text(self.check.question)}")
        self.summary.setVisible(not current)  # the open check shows its question instead
        if self.check.is_capture:
            self._show_capture(value, has_value)
        if self.check.is_capture and has_value:
            self.summary.setText(f"✔  {step}  {name}:  {value or not_recorded()}{photo_note}")
        elif chosen is not None:
            self.summary.setText(f"✔  {step}  {name}:  {ui_text(chosen.label)}   [{chosen.key}]{photo_note}")
        elif current:
            self.summary.setText(f"▶  {step}  {name}{photo_note}")
        else:
            self.summary.setText(f"○  {step}  {name}{photo_note}")
        for key, button in self.buttons.items():
            button.set_chosen(chosen is not None and chosen.key == key)
        self.body.setVisible(current)
        answered = chosen is not None or (self.check.is_capture and has_value)
        if current:
            restyle(
                self,
                f"QFrame#checkRow {{ background: {CURRENT_CHECK}; border: 3px solid #b38600;"
                " border-radius: 8px; }",
            )
        else:
            colour = "#1b5e20" if answered else "#333333"
            restyle(
                self,
                "QFrame#checkRow { background: #ffffff; border: 1px solid #d0d0d0; border-radius: 6px; }"
                f"QFrame#checkRow > QLabel {{ color: {colour}; }}",
            )

    def _show_photo(self, photos: int) -> None:
        if photos:
            taken = self.tr("Photo taken ({count}).  {key} takes another.")
            self.photo_label.setText("✔  " + taken.format(count=photos, key=PHOTO_KEY))
            colours = "background: #e3f4e5; color: #1b5e20; border: 2px solid #2e7d32;"
        else:
            self.photo_label.setText(
                self.tr("Take a photo: press {key} or scan CMD:PHOTO.").format(key=PHOTO_KEY)
            )
            colours = "background: #ffffff; color: #123d70; border: 2px dashed #1d5ba6;"
        restyle(self.photo_label, f"QLabel#photoNote {{ {colours} border-radius: 6px; padding: 6px; }}")

    def _show_capture(self, value: str | None, has_value: bool) -> None:
        how = self.tr("Scan it, or type it in the SCAN field at the top, then press Enter.")
        if self.check.optional:
            how += "  " + self.tr("Not on the item? Press Enter twice with the field empty.")
        if has_value:
            taken = value if value else self.tr("Not on the item")  # NOT_RECORDED at the start of a line
            self.value_label.setText(self.tr("Recorded:  {value}").format(value=taken) + f"\n{how}")
        else:
            self.value_label.setText(how)
        restyle(
            self.value_label,
            "QLabel#captureValue { background: #ffffff; border: 2px dashed #1d5ba6; border-radius: 6px;"
            " padding: 8px; color: #123d70; }",
        )


class ChecklistView(QScrollArea):
    answer_clicked = Signal(int, str)  # check index, answer key
    check_clicked = Signal(int)  # check index: make it current

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._rows: list[_CheckRow] = []
        self._checklist: Checklist | None = None
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 6, 0)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self.setWidget(self._inner)

    def set_checklist(self, checklist: Checklist) -> None:
        if checklist is self._checklist:
            return  # the next item of the same kind: its rows are kept (building them takes ~0.1 s)
        self._checklist = checklist
        for row in self._rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self._rows = [_CheckRow(i, check, self) for i, check in enumerate(checklist.checks)]
        for i, row in enumerate(self._rows):
            self._layout.insertWidget(i, row)
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        columns = ANSWER_COLUMNS if self.viewport().width() >= TWO_COLUMNS_MIN_WIDTH else 1
        for row in self._rows:
            row.set_columns(columns)

    def show_answers(
        self,
        answers: Mapping[str, str],
        current: int,
        captured: Mapping[str, str | None] | None = None,
        photos: Mapping[str, int] | None = None,
    ) -> None:
        """``answers`` maps check id -> answer value, ``captured`` capture check id -> value (None: "not on
        the item"), ``photos`` check id -> photos taken of it; ``current`` is the open check (len = none
        open)."""
        total = len(self._rows)
        captured = captured or {}
        photos = photos or {}
        for row in self._rows:
            value = answers.get(row.check.id)
            chosen = row.check.answer(value) if value is not None else None
            row.show_state(
                chosen,
                row.index == current,
                total,
                value=captured.get(row.check.id),
                has_value=row.check.id in captured,
                photos=photos.get(row.check.id, 0),
            )
        if 0 <= current < total:
            # after the layout has grown the open check, or the scroll position is computed too early
            row = self._rows[current]
            QTimer.singleShot(0, lambda: self.ensureWidgetVisible(row, 0, 0))

    def summary_text(self, index: int) -> str:
        """The folded line of one check, as shown (tests read it as a person would)."""
        return self._rows[index].summary.text()

    def photo_note(self, index: int) -> str:
        """What an open photo-required check says about its photo ("" for other checks)."""
        row = self._rows[index]
        return row.photo_label.text() if row.check.photo_required else ""

    def answer_buttons(self, index: int) -> dict[str, AnswerButton]:
        """The answer buttons of one check, by key (used by tests and screenshots to click like a person)."""
        return dict(self._rows[index].buttons)
