"""Inspect tab: pick or scan a waiting item, answer its checklist from the keyboard, confirm, route it.

The page keeps the answers being given (check id -> answer value), the values captured (lot, expiry,
serial: scanned or typed into the scan field) and which check is open; the grade, the disposition and
everything written come from the inspection service. Every answer is saved as a draft on a pool thread
(one save in flight at a time, the latest state always written last), so nothing typed is lost if the
PC goes down, and opening the item again, here or at another bench, carries on where it stopped.

Keys: 1-9 answer a choice check; on a capture check the scan field takes the value (Enter twice on an
empty field records "not on the item" where the checklist allows it); Backspace goes back; Enter
confirms; Esc pauses; Alt+O opens the override dialog. The routing label is printed on a pool thread
because a network printer can take seconds to answer or time out.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from returnstation.disposition.capture import CaptureError, CaptureKind
from returnstation.disposition.checklist import Check
from returnstation.domain.scan import Scan
from returnstation.scan.classify import Classified, CodeKind, classify_scan
from returnstation.services.inspection import (
    Decided,
    DecisionPreview,
    InspectionForm,
    ItemNotPending,
    OverrideNotAllowed,
    OverrideRequest,
    PendingItem,
    PinRefused,
    RulesReload,
    parse_item_code,
)
from returnstation.services.printing import JobStatus, JobView
from returnstation.services.results import Feedback, Level
from returnstation.services.station import Station
from returnstation.ui.checklist_view import NOT_RECORDED, ChecklistView
from returnstation.ui.override_dialog import OverrideDialog
from returnstation.ui.page import StationPage
from returnstation.ui.result_panel import ResultPanel, near_misses_text
from returnstation.ui.table_models import Column, RowsModel
from returnstation.ui.theme import DISPOSITION_COLOURS, PANEL_STYLE, font
from returnstation.ui.workers import run_in_background

PROMPT = "Scan an item (its RSI code, barcode or SKU), or pick it from the list on the left."
PAGE_PROMPT, PAGE_FORM, PAGE_RESULT = 0, 1, 2
OVERRIDE_KEY = "Alt+O"


def _looks_like_product(code: Classified) -> bool:
    """A product or shipping barcode, not a lot or serial: GS1 data without lot/serial, an SSCC, or a
    full-length GTIN (a short 8-digit lot may pass an EAN-8 check digit by chance, so it is accepted)."""
    if code.kind is CodeKind.GTIN:
        return len(code.value) >= 12
    return code.kind in (CodeKind.GS1, CodeKind.SSCC)


class ProblemsDialog(QDialog):
    """A refused rules file's problems, one "file:line: message" per line, selectable to copy."""

    def __init__(
        self, title: str, head: str, problems: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 460)
        label = QLabel(head)
        label.setWordWrap(True)
        label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.text = QPlainTextEdit("\n".join(problems))
        self.text.setReadOnly(True)
        self.text.setStyleSheet("font-family: monospace; font-size: 12pt;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class InspectPage(StationPage):
    title = "Inspect"

    def __init__(self, station: Station, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(station, pool, parent)
        self.form: InspectionForm | None = None
        self.answers: dict[str, str] = {}
        self.captured: dict[str, str | None] = {}
        self.current = 0  # index of the open check; len(checks) when none is open
        self.preview: DecisionPreview | None = None
        self.decided: Decided | None = None
        self.last_job: JobView | None = None
        self.printing = False
        self.override_dialog: OverrideDialog | None = None
        self.problems_dialog: ProblemsDialog | None = None
        self.last_draft_error = ""
        self._started_at = station.inspection.now()
        self._none_armed: str | None = None  # capture check id waiting for a second empty Enter
        self._draft_saving = False
        self._draft_dirty = False

        # -- left: the queue and the rules in use --------------------------------------------------
        self.queue_title = QLabel("Waiting for inspection")
        self.queue_title.setProperty("role", "title")
        self.queue_title.setWordWrap(True)
        self.pending_model: RowsModel[PendingItem] = RowsModel(
            [
                Column("Item", lambda p: p.item_code),
                Column("SKU", lambda p: p.sku),
                Column("Description", lambda p: p.description),
            ]
        )
        self.pending_view = QTableView()
        self.pending_view.setModel(self.pending_model)
        self.pending_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pending_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pending_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pending_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pending_view.verticalHeader().setVisible(False)
        self.pending_view.verticalHeader().setDefaultSectionSize(40)
        self.pending_view.setWordWrap(False)
        hh = self.pending_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.pending_view.clicked.connect(self._row_clicked)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.rules_label.setStyleSheet("color: #333333; font-size: 11pt;")
        self.reload_button = QPushButton("Reload rules")
        self.reload_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reload_button.setToolTip("Read the rules file again; a file with mistakes is refused")
        self.reload_button.clicked.connect(self.reload_rules)
        rules_row = QHBoxLayout()
        rules_row.addWidget(self.rules_label, 1)
        rules_row.addWidget(self.reload_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.queue_title)
        left_layout.addWidget(self.pending_view, 1)
        left_layout.addLayout(rules_row)
        self._show_rules_in_use()

        # -- right: prompt / checklist / result ----------------------------------------------------
        self.stack = QStackedWidget()
        prompt = QLabel(PROMPT)
        prompt.setWordWrap(True)
        prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        prompt.setFont(font(22, bold=True))
        prompt.setStyleSheet("color: #123d70; padding: 40px;")
        self.stack.addWidget(prompt)
        self.stack.addWidget(self._build_form())
        self.result_panel = ResultPanel()
        self.result_panel.print_again_button.clicked.connect(self.print_again)
        result_scroll = QScrollArea()  # on a small screen: a scroll bar rather than overlapping text
        result_scroll.setWidgetResizable(True)
        result_scroll.setFrameShape(QFrame.Shape.NoFrame)
        result_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        result_scroll.setWidget(self.result_panel)
        # the same background as the rest of the tab (a scroll area paints its own grey otherwise)
        result_scroll.viewport().setAutoFillBackground(False)
        self.result_panel.setAutoFillBackground(False)
        self.stack.addWidget(result_scroll)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 850])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        # QLineEdit keeps plain letters for itself, so the override key is Alt+O (also a button).
        self.override_shortcut = QShortcut(QKeySequence(OVERRIDE_KEY), self)
        self.override_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.override_shortcut.activated.connect(self.open_override)

    def _build_form(self) -> QWidget:
        self.item_title = QLabel()
        self.item_title.setFont(font(18, bold=True))
        self.item_title.setWordWrap(True)
        self.item_details = QLabel()
        self.item_details.setProperty("role", "hint")
        self.item_details.setWordWrap(True)
        self.resume_label = QLabel()
        self.resume_label.setObjectName("resumeNote")
        self.resume_label.setWordWrap(True)
        self.resume_label.setFont(font(13, bold=True))
        self.resume_label.setStyleSheet(
            "QLabel#resumeNote { background: #e4eefa; color: #123d70; border-left: 6px solid #1d5ba6;"
            " padding: 4px 10px; }"
        )
        self.resume_label.setVisible(False)
        self.checklist_view = ChecklistView()
        self.checklist_view.answer_clicked.connect(self._answer_clicked)
        self.checklist_view.check_clicked.connect(self._check_clicked)

        self.grade_label = QLabel()
        self.grade_label.setFont(font(20, bold=True))
        self.grade_label.setWordWrap(True)
        self.because_label = QLabel()
        self.because_label.setWordWrap(True)
        self.because_label.setFont(font(11))
        self.because_label.setStyleSheet("color: #333333;")
        self.decision_label = QLabel()
        self.decision_label.setFont(font(17, bold=True))  # no wrap: a bin code must never break at its dash
        self.decision_reason = QLabel()
        self.decision_reason.setFont(font(12))
        self.decision_reason.setWordWrap(True)
        self.why_label = QLabel()  # which rule decided, and which almost did
        self.why_label.setFont(font(11))
        self.why_label.setWordWrap(True)
        self.decision_box = QFrame()
        self.decision_box.setObjectName("decisionBox")
        box = QVBoxLayout(self.decision_box)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(2)
        box.addWidget(self.decision_label)
        box.addWidget(self.decision_reason)
        box.addWidget(self.why_label)
        self.confirm_button = QPushButton("Confirm  (Enter)")
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        self.override_button = QPushButton(f"Override  {OVERRIDE_KEY}")
        self.override_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.override_button.setToolTip("Send the item elsewhere, with a reason and a supervisor's PIN")
        self.override_button.clicked.connect(self.open_override)
        self.cancel_button = QPushButton("Pause  Esc")
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.setToolTip("Put the item back in the queue; the answers so far are kept")
        self.cancel_button.clicked.connect(self.cancel)

        # Grade and its derivation on the left, where the item goes on the right, buttons below:
        # side by side, so the checklist above keeps most of the height.
        preview = QFrame()
        preview.setObjectName("livePreview")
        preview.setStyleSheet(PANEL_STYLE.format(name="livePreview"))
        grid = QGridLayout(preview)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        grid.addWidget(self.grade_label, 0, 0)
        grid.addWidget(self.because_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.decision_box, 0, 1, 2, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.override_button)
        buttons.addWidget(self.confirm_button)
        grid.addLayout(buttons, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        form = QWidget()
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.item_title)
        layout.addWidget(self.item_details)
        layout.addWidget(self.resume_label)
        layout.addWidget(self.checklist_view, 1)
        layout.addWidget(preview)
        return form

    # -- the page contract ------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh_pending()

    def idle_hint(self) -> str:
        if self.form is not None:
            return "Answer with the number keys or scan the value. Backspace goes back, Enter confirms."
        return PROMPT

    def wants_digit_hotkeys(self) -> bool:
        """Digits answer choice checks; on a capture check they are typed into the field (a lot, a date)."""
        return self.form is not None and not self._on_capture()

    def current_check(self) -> Check | None:
        if self.form is None or not 0 <= self.current < len(self.form.checklist.checks):
            return None
        return self.form.checklist.checks[self.current]

    def _on_capture(self) -> bool:
        check = self.current_check()
        return check is not None and check.is_capture

    def handle_scan(self, scan: Scan) -> None:
        if self.override_dialog is not None and self.override_dialog.isVisible():
            self.override_dialog.take_scan(scan.text)  # a badge scanned for the approval
            return
        self._none_armed = None
        code = classify_scan(scan)
        if code.kind is CodeKind.COMMAND:
            if code.command is None:
                self.say(Level.WARNING, f"Unknown command card: {code.message}")
            else:
                self._command(code.command)
            return
        if self.form is not None and parse_item_code(scan.text) is None:
            if code.usable and self._capture_from_gs1(code.gs1):
                return
            check = self.current_check()
            if check is not None and check.is_capture:
                if code.kind is CodeKind.INVALID and code.gs1:  # a GS1 code misread: never store it as text
                    self.say(Level.WARNING, code.message)
                elif check.capture is not CaptureKind.EXPIRY and _looks_like_product(code):
                    self.say(
                        Level.WARNING,
                        f"That is the product barcode, not the {check.name.lower()}: scan the code with the "
                        f"{check.name.lower()}, or type it.",
                    )
                else:
                    self.capture_value(scan.text)
                return
        item = self.station.inspection.find_pending(scan)
        if item is not None:
            self.open_item(item.item_id)
        elif not code.usable:
            self.say(Level.ERROR, f"Not recognised: {code.message}")
        else:
            self.say(
                Level.WARNING,
                f"No item waiting for inspection matches {code.value}. "
                "Was its parcel finished on the Receive tab (scan DONE)?",
            )

    def handle_hotkey(self, key: str) -> None:
        armed, self._none_armed = self._none_armed, None
        if key.isdigit():
            self.answer_key(key)
        elif key == "back":
            self.back()
        elif key == "confirm":
            check = self.current_check()
            if check is not None and check.is_capture and not self._is_answered(check):
                self._empty_enter_on_capture(armed)
            else:
                self.confirm()
        elif key == "cancel":
            self.cancel()

    def _command(self, command: str) -> None:
        if command.startswith("answer:"):
            key = command.partition(":")[2]
            if key == "none" and self._on_capture():
                self._record_missing()
            else:
                self.answer_key(key)
        elif command in ("done", "next") and self.form is not None:
            self.confirm()
        elif command == "next":
            self.open_next()
        elif command == "done":
            self.say(Level.INFO, PROMPT)
        elif command == "back":
            self.back()
        elif command == "cancel":
            self.cancel()
        elif command == "print_again":
            self.print_again()

    # -- the queue and the rules ------------------------------------------------------------------
    def refresh_pending(self) -> None:
        items = self.station.inspection.pending()
        self.pending_model.set_rows(items)
        self.queue_title.setText(f"Waiting for inspection: {len(items)}")
        self._select_row_of_open_item()

    def _row_clicked(self, index: QModelIndex) -> None:
        item = self.pending_model.row_at(index.row())
        if item is not None:
            self.open_item(item.item_id)
        self.refocus.emit()

    def _select_row_of_open_item(self) -> None:
        self.pending_view.clearSelection()
        if self.form is None:
            return
        for row, item in enumerate(self.pending_model.rows()):
            if item.item_id == self.form.item.item_id:
                self.pending_view.selectRow(row)

    def open_next(self) -> None:
        items = self.station.inspection.pending(limit=1)
        if not items:
            self.say(Level.INFO, "Nothing is waiting for inspection.")
            return
        self.open_item(items[0].item_id)

    def _show_rules_in_use(self) -> None:
        rules = self.station.inspection.rules
        name = rules.title or rules.source.name
        self.rules_label.setText(f"Rules: {name}, version {rules.version}")
        self.rules_label.setToolTip(str(rules.source))

    def reload_rules(self) -> RulesReload:
        """Read the rules file again; a broken file is refused, its problems listed, the old rules kept."""
        result = self.station.reload_rules()
        self._show_rules_in_use()
        if result.ok:
            if self.form is not None:
                self._update_preview()
                self._render_form()
            word = "new version" if result.changed else "unchanged"
            self.say(Level.SUCCESS, f"Rules reloaded ({word}): version {result.rules.version}.")
        else:
            head = (
                f"The rules file has {len(result.problems)} problem(s) and was NOT taken. The station "
                f"keeps the rules it had (version {result.rules.version})."
            )
            self.say(Level.ERROR, head)
            self.problems_dialog = ProblemsDialog("Rules file refused", head, result.problems, self)
            self.problems_dialog.open()
        self.refocus.emit()
        return result

    # -- answering --------------------------------------------------------------------------------
    def open_item(self, item_id: int) -> None:
        try:
            form = self.station.inspection.form(item_id)
        except ItemNotPending as exc:
            self.say(Level.WARNING, str(exc))
            self.refresh_pending()
            return
        self.form = form
        self.answers = {}
        self.captured = {}
        self.current = 0
        self.preview = None
        self._none_armed = None
        self._started_at = self.station.inspection.now()
        draft = form.draft
        if draft is not None:
            self.answers = dict(draft.answers)
            self.captured = dict(draft.captured)
            self.current = draft.current_step
            self._started_at = draft.started_at
        item = form.item
        self.item_title.setText(f"{item.item_code}   {item.sku}   {item.description}")
        reason = self.station.reasons.get(item.reason_code, item.reason_code)
        bought = f"  ·  bought {item.purchased_at:%Y-%m-%d}" if item.purchased_at else ""
        self.item_details.setText(f"{item.rma_number}  ·  {reason}  ·  value {item.unit_value}{bought}")
        self.item_details.setToolTip(f"Checklist: {form.checklist.title}")
        self.checklist_view.set_checklist(form.checklist)
        self._update_preview()
        self._render_form()
        self.stack.setCurrentIndex(PAGE_FORM)
        self._select_row_of_open_item()
        n = len(form.checklist.checks)
        if draft is not None:
            done = len(self.answers) + len(self.captured)
            resumed = f"Resumed from {draft.station} {draft.updated_at:%Y-%m-%d %H:%M} UTC ({draft.user})"
            self.resume_label.setText(f"{resumed}: {done} of {n} checks were answered.")
            self.resume_label.setVisible(True)
            self.say(Level.INFO, f"{resumed}. {item.item_code}: {done} of {n} answered, carry on.")
        else:
            self.resume_label.setVisible(False)
            self.say(
                Level.INFO,
                f"Inspecting {item.item_code} {item.sku}: {n} checks. Answer with the number keys.",
            )

    def answer_key(self, key: str) -> None:
        form = self.form
        if form is None:
            self.say(Level.INFO, "Scan an item or pick it from the list first.")
            return
        check = self.current_check()
        if check is None:
            self.say(Level.INFO, "All checks are answered: press Enter to confirm, Backspace to change one.")
            return
        if check.is_capture:
            self.say(Level.INFO, f"“{check.name}” takes a value: scan it or type it, then press Enter.")
            return
        answer = check.answer_for_key(key) or check.answer(key)
        if answer is None:
            keys = ", ".join(a.key for a in check.answers)
            self.say(Level.WARNING, f"{key} is not an answer to “{check.name}”. Use {keys}.")
            return
        self._set_answer(self.current, answer.value)

    def _answer_clicked(self, index: int, key: str) -> None:
        if self.form is None:
            return
        answer = self.form.checklist.checks[index].answer_for_key(key)
        if answer is not None:
            self._set_answer(index, answer.value)
        self.refocus.emit()

    def _check_clicked(self, index: int) -> None:
        self.current = index
        self._none_armed = None
        self._render_form()
        self.refocus.emit()

    def _set_answer(self, index: int, value: str) -> None:
        assert self.form is not None
        checks = self.form.checklist.checks
        self.answers[checks[index].id] = value
        self._answered(index)

    def _answered(self, index: int) -> None:
        """After any answer: move on, update the live decision, save the draft."""
        assert self.form is not None
        self.current = self._next_unanswered(self.form.checklist.checks, index)
        self._update_preview()
        self._render_form()
        self.save_draft()

    def _is_answered(self, check: Check) -> bool:
        return check.id in (self.captured if check.is_capture else self.answers)

    def _next_unanswered(self, checks: tuple[Check, ...], after: int) -> int:
        order = list(range(after + 1, len(checks))) + list(range(0, after + 1))
        return next((i for i in order if not self._is_answered(checks[i])), len(checks))

    # -- captured values ----------------------------------------------------------------------------
    def capture_value(self, text: str) -> None:
        """A value typed or scanned for the open capture check."""
        check = self.current_check()
        if check is None or not check.is_capture:
            return
        try:
            value = self.station.inspection.read_capture(check, text)
        except CaptureError as exc:
            self.say(Level.WARNING, f"{check.name}: {exc}")
            return
        self.captured[check.id] = value
        self._warn_if_unexpected_serial(check, value)
        self._answered(self.current)
        if (
            check.capture is CaptureKind.EXPIRY
            and self.preview is not None
            and self.preview.facts is not None
        ):
            left = self.preview.facts.expiry_days_left
            if left is not None and left < 0:
                self.say(Level.WARNING, f"{check.name}: {value}, expired {-left} day(s) ago.")
                return
        self.say(Level.SUCCESS, f"{check.name}: {value}")

    def _capture_from_gs1(self, elements: Any) -> bool:
        """Fill every capture check a GS1 scan has data for (lot, expiry, serial); False if none fits."""
        form = self.form
        if form is None or not elements:
            return False
        reading = self.station.inspection.read_gs1(elements)
        filled: list[str] = []
        for check in form.checklist.checks:
            if check.capture is not None and check.capture in reading.values:
                value = reading.values[check.capture]
                self.captured[check.id] = value
                self._warn_if_unexpected_serial(check, value)
                filled.append(f"{check.name} {value}")
        if not filled:
            if reading.problems:
                self.say(Level.WARNING, "This GS1 code could not be used: " + "; ".join(reading.problems))
                return True
            return False
        self._answered(self.current - 1)  # stays on the open check unless the scan answered it
        problems = f" Not used: {'; '.join(reading.problems)}." if reading.problems else ""
        self.say(
            Level.SUCCESS if not problems else Level.WARNING, "Scanned: " + ", ".join(filled) + "." + problems
        )
        return True

    def _warn_if_unexpected_serial(self, check: Check, value: str) -> None:
        expected = self.form.item.expected_serials if self.form is not None else ()
        if (
            check.capture is CaptureKind.SERIAL
            and expected
            and value.upper() not in {s.upper() for s in expected}
        ):
            self.say(Level.WARNING, f"Serial {value} is not one the RMA expects ({', '.join(expected)}).")

    def _empty_enter_on_capture(self, armed: str | None) -> None:
        check = self.current_check()
        assert check is not None
        if not check.optional:
            self.say(Level.WARNING, f"“{check.name}” is needed: scan it or type it, then press Enter.")
            return
        if armed == check.id:
            self._record_missing()
            return
        self._none_armed = check.id
        self.say(
            Level.WARNING,
            f"No {check.name.lower()} to scan? Press Enter again to record “{NOT_RECORDED}”, "
            "or scan/type it.",
        )

    def _record_missing(self) -> None:
        check = self.current_check()
        if check is None or not check.is_capture:
            return
        if not check.optional:
            self.say(Level.WARNING, f"“{check.name}” is needed: scan it or type it, then press Enter.")
            return
        self.captured[check.id] = None
        self._answered(self.current)
        self.say(Level.INFO, f"{check.name}: {NOT_RECORDED}.")

    # -- moving around ---------------------------------------------------------------------------
    def back(self) -> None:
        if self.form is None:
            return
        self._none_armed = None
        if self.current == 0:
            self.say(Level.INFO, "This is the first check.")
            return
        self.current -= 1
        self._render_form()

    def cancel(self) -> None:
        if self.override_dialog is not None and self.override_dialog.isVisible():
            self.override_dialog.reject()
            return
        if self.form is None:
            if self.stack.currentIndex() == PAGE_RESULT:
                self.stack.setCurrentIndex(PAGE_PROMPT)
            return
        code = self.form.item.item_code
        kept = bool(self.answers or self.captured)
        self.form = None
        self.answers = {}
        self.captured = {}
        self.preview = None
        self.stack.setCurrentIndex(PAGE_PROMPT)
        self._select_row_of_open_item()
        if kept:
            self.say(Level.INFO, f"{code} paused: your answers are kept. Scan it again to carry on.")
        else:
            self.say(Level.INFO, f"Inspection of {code} cancelled. It stays in the queue.")

    # -- the draft ----------------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Save the answers so far on a pool thread; one save at a time, the newest state last."""
        if self.form is None:
            return
        if self._draft_saving:
            self._draft_dirty = True
            return
        self._draft_saving = True
        self._draft_dirty = False
        inspection = self.station.inspection
        item_id, started = self.form.item.item_id, self._started_at
        answers, captured, step = dict(self.answers), dict(self.captured), self.current

        def save() -> bool:
            return inspection.save_draft(item_id, answers, captured, step, started)

        run_in_background(self.pool, self, save, self._draft_saved, self._draft_failed)

    def drafts_idle(self) -> bool:
        """No draft save running or waiting (tests and shutdown wait for this)."""
        return not self._draft_saving and not self._draft_dirty

    def _draft_saved(self, _result: object) -> None:
        self._draft_saving = False
        self.last_draft_error = ""
        if self._draft_dirty:
            self.save_draft()

    def _draft_failed(self, message: str) -> None:
        self._draft_saving = False
        if message != self.last_draft_error:  # say it once, not at every key
            self.say(Level.WARNING, f"Your answers could not be saved ({message}); they stay on screen.")
        self.last_draft_error = message
        if self._draft_dirty:
            self.save_draft()

    # -- the live decision ----------------------------------------------------------------------------
    def _update_preview(self) -> None:
        form = self.form
        assert form is not None
        if not all(self._is_answered(c) for c in form.checklist.checks):
            self.preview = None
            return
        try:
            self.preview = self.station.inspection.preview(form.item.item_id, self.answers, self.captured)
        except ValueError as exc:  # a checklist that changed under us: show why, do not guess
            self.preview = None
            self.say(Level.ERROR, f"Cannot grade these answers: {exc}")

    def _render_form(self) -> None:
        form = self.form
        if form is None:
            return
        self.checklist_view.show_answers(self.answers, self.current, self.captured)
        checks = form.checklist.checks
        left = [c.name for c in checks if not self._is_answered(c)]
        preview = self.preview
        self.confirm_button.setEnabled(preview is not None)
        self.override_button.setEnabled(preview is not None)
        if preview is None:
            self.grade_label.setText(f"{len(checks) - len(left)} of {len(checks)} answered")
            self.because_label.setText("Still to answer: " + ", ".join(left) if left else "")
            self.decision_label.setText("Where it goes")
            self.decision_reason.setText("Shown when every check is answered.")
            self.why_label.setText("")
            self.decision_box.setStyleSheet(
                "QFrame#decisionBox { background: #ffffff; border: 2px dashed #9aa6b4; border-radius: 6px; }"
                "QFrame#decisionBox QLabel { color: #4a4a4a; }"
            )
            return
        d = preview.decision
        self.grade_label.setText(f"Grade {preview.grade.grade}")
        self.because_label.setText("\n".join(preview.grade.because))
        background, foreground = DISPOSITION_COLOURS.get(d.disposition, ("#3b3b3b", "#ffffff"))
        self.decision_label.setText(f"{d.disposition.label.upper()}  →  {d.destination}")
        self.decision_reason.setText(d.reason)
        near = near_misses_text(d, limit=1, say_more=False)
        self.why_label.setText(f"Rule {d.rule_id}" + (f"  ·  {near}" if near else ""))
        self.why_label.setToolTip(near_misses_text(d, limit=20))
        self.decision_box.setStyleSheet(
            f"QFrame#decisionBox {{ background: {background}; border-radius: 6px; }}"
            f"QFrame#decisionBox QLabel {{ color: {foreground}; background: transparent; }}"
        )

    # -- deciding and printing --------------------------------------------------------------------
    def confirm(self) -> None:
        form = self.form
        if form is None:
            if self.stack.currentIndex() != PAGE_RESULT:
                self.say(Level.INFO, PROMPT)
            return
        if self.preview is None:
            left = [c.name for c in form.checklist.checks if not self._is_answered(c)]
            self.say(Level.WARNING, f"Answer every check first. Still open: {', '.join(left)}.")
            return
        try:
            decided = self.station.inspection.decide(
                form.item.item_id, self.answers, self._started_at, captured=self.captured
            )
        except ItemNotPending as exc:
            self._not_pending(exc)
            return
        self._show_decided(decided)

    def _not_pending(self, exc: ItemNotPending) -> None:
        self.say(Level.WARNING, f"{exc} Someone may have inspected it at another station.")
        self.form = None
        self.stack.setCurrentIndex(PAGE_PROMPT)
        self.refresh_pending()

    def open_override(self) -> None:
        """The override dialog, once every check is answered and the rules have decided."""
        if self.form is None or self.preview is None:
            self.say(Level.INFO, "Answer every check first: then the rules decide, and you can override.")
            return
        if self.override_dialog is not None and self.override_dialog.isVisible():
            return
        dialog = OverrideDialog(
            self.preview.decision, self.station.inspection.override_policy, self._approve_override, self
        )
        dialog.finished.connect(lambda _result: self.refocus.emit())
        self.override_dialog = dialog
        dialog.open()  # not exec(): scans and the label worker keep running behind it

    def _approve_override(self, request: OverrideRequest) -> str | None:
        """Called by the dialog: the service checks the PIN and records; a refusal goes back to the dialog."""
        form = self.form
        if form is None:
            return "No item is open any more."
        try:
            decided = self.station.inspection.decide(
                form.item.item_id, self.answers, self._started_at, captured=self.captured, override=request
            )
        except PinRefused as exc:
            self.say(Level.ERROR, str(exc))
            return str(exc)
        except OverrideNotAllowed as exc:
            self.say(Level.WARNING, str(exc))
            return str(exc)
        except ItemNotPending as exc:
            self._not_pending(exc)
            return str(exc)
        self._show_decided(decided)
        return None

    def _show_decided(self, decided: Decided) -> None:
        self.form = None
        self.answers = {}
        self.captured = {}
        self.preview = None
        self.decided = decided
        self.result_panel.show_decided(decided)
        self.stack.setCurrentIndex(PAGE_RESULT)
        self.refresh_pending()
        d = decided.decision
        word = d.disposition.label.upper()
        note = f" Override approved by {decided.override.approver_name}." if decided.override else ""
        self.feedback.emit(
            Feedback(Level.SUCCESS, f"{word}: put {decided.item.item_code} in {d.destination}.{note}")
        )
        if decided.label_job_id:
            self._print(decided.label_job_id)
        self.refocus.emit()

    def print_again(self) -> None:
        job_id = self.decided.label_job_id if self.decided else None
        if job_id is None:
            self.say(Level.INFO, "There is no label to print again yet.")
        else:
            self._print(job_id)
        self.refocus.emit()

    def _print(self, job_id: str) -> None:
        if self.printing:
            self.say(Level.INFO, "The label is still printing…")
            return
        self.printing = True
        printing = self.station.printing
        if self.decided is not None and self.decided.label_job_id == job_id:
            self.result_panel.set_label_status(Level.INFO, "Printing the routing label…")
        run_in_background(
            self.pool,
            self,
            lambda: printing.run(job_id),
            lambda job: self._printed(job_id, job),
            lambda message: self._print_crashed(job_id, message),
        )

    def _printed(self, job_id: str, job: object) -> None:
        assert isinstance(job, JobView)
        self.printing = False
        self.last_job = job
        showing = self.decided is not None and self.decided.label_job_id == job_id
        if job.status == JobStatus.PRINTED:
            if showing:
                self.result_panel.set_label_status(Level.SUCCESS, f"Label printed: {job.output}")
            self.say(Level.SUCCESS, f"Label printed: {job.output}")
        else:
            self._label_failed(job_id, job.message, showing)

    def _print_crashed(self, job_id: str, message: str) -> None:
        self.printing = False
        showing = self.decided is not None and self.decided.label_job_id == job_id
        self._label_failed(job_id, message, showing)

    def _label_failed(self, job_id: str, message: str, showing: bool) -> None:
        text = f"Label NOT printed: {message}"
        if showing:
            self.result_panel.set_label_status(Level.ERROR, text, can_retry=True)
        self.say(Level.ERROR, f"{text}. Press Print again or scan CMD:PRINT-AGAIN.")
