"""Inspect tab: pick or scan a waiting item, answer its checklist with number keys, confirm, route it.

The page keeps the answers being given (check id -> answer value) and which check is open; the grade,
the disposition and everything written come from the inspection service. The routing label is printed
on a pool thread because a network printer can take seconds to answer or time out.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from returnstation.disposition.checklist import Check
from returnstation.domain.clock import utcnow
from returnstation.domain.scan import Scan
from returnstation.scan.classify import CodeKind, classify_scan
from returnstation.services.inspection import (
    Decided,
    DecisionPreview,
    InspectionForm,
    ItemNotPending,
    PendingItem,
)
from returnstation.services.printing import JobStatus, JobView
from returnstation.services.results import Feedback, Level
from returnstation.services.station import Station
from returnstation.ui.checklist_view import ChecklistView
from returnstation.ui.page import StationPage
from returnstation.ui.result_panel import ResultPanel
from returnstation.ui.table_models import Column, RowsModel
from returnstation.ui.theme import DISPOSITION_COLOURS, PANEL_STYLE, font
from returnstation.ui.workers import run_in_background

PROMPT = "Scan an item (its RSI code, barcode or SKU), or pick it from the list on the left."
PAGE_PROMPT, PAGE_FORM, PAGE_RESULT = 0, 1, 2


class InspectPage(StationPage):
    title = "Inspect"

    def __init__(self, station: Station, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(station, pool, parent)
        self.form: InspectionForm | None = None
        self.answers: dict[str, str] = {}
        self.current = 0  # index of the open check; len(checks) when none is open
        self.preview: DecisionPreview | None = None
        self.decided: Decided | None = None
        self.last_job: JobView | None = None
        self.printing = False
        self._started_at = utcnow()

        # -- left: the queue ---------------------------------------------------------------------
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
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.queue_title)
        left_layout.addWidget(self.pending_view, 1)

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

    def _build_form(self) -> QWidget:
        self.item_title = QLabel()
        self.item_title.setFont(font(18, bold=True))
        self.item_title.setWordWrap(True)
        self.item_details = QLabel()
        self.item_details.setProperty("role", "hint")
        self.item_details.setWordWrap(True)
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
        self.decision_box = QFrame()
        self.decision_box.setObjectName("decisionBox")
        box = QVBoxLayout(self.decision_box)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(2)
        box.addWidget(self.decision_label)
        box.addWidget(self.decision_reason)
        self.confirm_button = QPushButton("Confirm disposition  (Enter)")
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button = QPushButton("Cancel  (Esc)")
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        layout.addWidget(self.checklist_view, 1)
        layout.addWidget(preview)
        return form

    # -- the page contract ------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh_pending()

    def idle_hint(self) -> str:
        if self.form is not None:
            return "Answer with the number keys. Backspace goes back, Enter confirms."
        return PROMPT

    def wants_digit_hotkeys(self) -> bool:
        return self.form is not None

    def handle_scan(self, scan: Scan) -> None:
        code = classify_scan(scan)
        if code.kind is CodeKind.COMMAND:
            if code.command is None:
                self.say(Level.WARNING, f"Unknown command card: {code.message}")
            else:
                self._command(code.command)
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
        if key.isdigit():
            self.answer_key(key)
        elif key == "back":
            self.back()
        elif key == "confirm":
            self.confirm()
        elif key == "cancel":
            self.cancel()

    def _command(self, command: str) -> None:
        if command.startswith("answer:"):
            self.answer_key(command.partition(":")[2])
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

    # -- the queue --------------------------------------------------------------------------------
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
        self.current = 0
        self.preview = None
        self._started_at = utcnow()
        item = form.item
        self.item_title.setText(f"{item.item_code}   {item.sku}   {item.description}")
        reason = self.station.reasons.get(item.reason_code, item.reason_code)
        self.item_details.setText(f"{item.rma_number}  ·  {reason}  ·  value {item.unit_value}")
        self.item_details.setToolTip(f"Checklist: {form.checklist.title}")
        self.checklist_view.set_checklist(form.checklist)
        self._render_form()
        self.stack.setCurrentIndex(PAGE_FORM)
        self._select_row_of_open_item()
        n = len(form.checklist.checks)
        self.say(
            Level.INFO, f"Inspecting {item.item_code} {item.sku}: {n} checks. Answer with the number keys."
        )

    def answer_key(self, key: str) -> None:
        form = self.form
        if form is None:
            self.say(Level.INFO, "Scan an item or pick it from the list first.")
            return
        checks = form.checklist.checks
        if self.current >= len(checks):
            self.say(Level.INFO, "All checks are answered: press Enter to confirm, Backspace to change one.")
            return
        check = checks[self.current]
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
        self._render_form()
        self.refocus.emit()

    def _set_answer(self, index: int, value: str) -> None:
        assert self.form is not None
        checks = self.form.checklist.checks
        self.answers[checks[index].id] = value
        self.current = self._next_unanswered(checks, index)
        self._update_preview()
        self._render_form()

    def _next_unanswered(self, checks: tuple[Check, ...], after: int) -> int:
        order = list(range(after + 1, len(checks))) + list(range(0, after + 1))
        return next((i for i in order if checks[i].id not in self.answers), len(checks))

    def back(self) -> None:
        if self.form is None:
            return
        if self.current == 0:
            self.say(Level.INFO, "This is the first check.")
            return
        self.current -= 1
        self._render_form()

    def cancel(self) -> None:
        if self.form is None:
            if self.stack.currentIndex() == PAGE_RESULT:
                self.stack.setCurrentIndex(PAGE_PROMPT)
            return
        code = self.form.item.item_code
        self.form = None
        self.answers = {}
        self.preview = None
        self.stack.setCurrentIndex(PAGE_PROMPT)
        self._select_row_of_open_item()
        self.say(Level.INFO, f"Inspection of {code} cancelled; nothing was saved. It stays in the queue.")

    def _update_preview(self) -> None:
        assert self.form is not None
        if len(self.answers) < len(self.form.checklist.checks):
            self.preview = None
            return
        try:
            self.preview = self.station.inspection.preview(self.form.item.item_id, self.answers)
        except ValueError as exc:  # a checklist that changed under us: show why, do not guess
            self.preview = None
            self.say(Level.ERROR, f"Cannot grade these answers: {exc}")

    def _render_form(self) -> None:
        form = self.form
        if form is None:
            return
        self.checklist_view.show_answers(self.answers, self.current)
        checks = form.checklist.checks
        left = [c.name for c in checks if c.id not in self.answers]
        preview = self.preview
        self.confirm_button.setEnabled(preview is not None)
        if preview is None:
            self.grade_label.setText(f"{len(checks) - len(left)} of {len(checks)} answered")
            self.because_label.setText("Still to answer: " + ", ".join(left) if left else "")
            self.decision_label.setText("Where it goes")
            self.decision_reason.setText("Shown when every check is answered.")
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
            left = [c.name for c in form.checklist.checks if c.id not in self.answers]
            self.say(Level.WARNING, f"Answer every check first. Still open: {', '.join(left)}.")
            return
        try:
            decided = self.station.inspection.decide(form.item.item_id, self.answers, self._started_at)
        except ItemNotPending as exc:
            self.say(Level.WARNING, f"{exc} Someone may have inspected it at another station.")
            self.form = None
            self.stack.setCurrentIndex(PAGE_PROMPT)
            self.refresh_pending()
            return
        self.form = None
        self.answers = {}
        self.preview = None
        self.decided = decided
        self.result_panel.show_decided(decided)
        self.stack.setCurrentIndex(PAGE_RESULT)
        self.refresh_pending()
        d = decided.decision
        word = d.disposition.label.upper()
        self.feedback.emit(
            Feedback(Level.SUCCESS, f"{word}: put {decided.item.item_code} in {d.destination}.")
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
